// SPDX-License-Identifier: Apache-2.0
#pragma once

// The one place where transport failures, HTTP status codes and Kubernetes Status bodies
// become a typed KubeError, so that callers decide (relist, back off, mark the cluster)
// without parsing text.

#include "util/kubeerror.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace minato::kube {

// What one exchange produced, as the transport saw it.
struct TransferOutcome
{
    int curlCode = 0; // a CURLcode; 0 (CURLE_OK) when the transfer completed
    QString curlMessage; // libcurl's error buffer, for the detail
    int httpStatus = 0;
    QByteArray body; // a Kubernetes Status object, another error body, or nothing
    QByteArray retryAfter; // the Retry-After header value, if any
};

// nullopt for a complete 2xx exchange, otherwise the error. Transport failures win over any
// status. 401 Unauthorized, 403 Forbidden, 404 NotFound, 410 (or a Status reason Expired/Gone)
// Gone, 429 Throttled, 5xx and any other unexpected status Server; retryAfterSeconds comes
// from Retry-After (seconds or an HTTP date, relative to `now`) or details.retryAfterSeconds.
// A watch ERROR event's Status object maps the same way: pass the object with httpStatus 0
// and its `code` is used.
std::optional<KubeError> toKubeError(
    const TransferOutcome& outcome, const QDateTime& now = QDateTime::currentDateTimeUtc());

} // namespace minato::kube
