// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apirequest.h"
#include "util/kubeerror.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <memory>
#include <optional>

namespace minato::kube {

class DecodedPayload;

// The outcome of one ApiRequest, delivered exactly once per submitted request (as
// replyAvailable for Get, streamFinished for Watch), including refused and cancelled ones.
struct ApiReply
{
    RequestId id = 0;
    quint64 generation = 0;
    QString endpoint;
    RequestKind kind = RequestKind::Get;
    int httpStatus = 0; // 0 when no response arrived
    QByteArray contentType;
    QByteArray body; // the whole body of a Get; for a Watch only an error body (a Status)
    // What the request's decoder made of a 2xx Get body (the body is then left empty); null
    // without a decoder or on error.
    std::shared_ptr<const DecodedPayload> decoded;
    std::optional<KubeError> error; // absent on 2xx with a complete transfer

    // Transport facts, for tests, benchmarks and a connection badge.
    int httpVersion = 0; // 10, 11, 20 (CURLINFO_HTTP_VERSION), 0 when no response
    int newConnections = 0; // CURLINFO_NUM_CONNECTS: 0 means a pooled connection was reused
    bool insecureTls = false; // the endpoint skips TLS verification (insecure-skip-tls-verify)
    bool retriedAfterAuthRefresh = false; // a 401 made us fetch a new exec credential once
    qint64 elapsedMs = 0; // from submission (including waiting for a credential) to completion

    bool isOk() const { return !error.has_value(); }
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::ApiReply)
