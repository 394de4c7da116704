// SPDX-License-Identifier: Apache-2.0
#pragma once

// Read-only by construction. Minato never changes a cluster, so the transport accepts only a
// VettedRequest, and the only way to obtain one is vetRequest(), which asks
// isAllowedRequest(): the single place where a verb and path are let through or refused.

#include "kube/apirequest.h"
#include "util/expected.h"

#include <QByteArray>
#include <QString>

namespace minato::kube {

// GET on any well-formed API path except the "connect" subresources (exec, attach,
// portforward, proxy), which can act on workloads even through GET; POST only to the two
// non-mutating self-review endpoints. Everything else is false.
bool isAllowedRequest(const QByteArray& method, const QString& path);

// A request that passed the guard. Only vetRequest() can make one.
class VettedRequest
{
public:
    const ApiRequest& request() const { return m_request; }
    bool isPost() const { return m_post; }

private:
    friend Expected<VettedRequest> vetRequest(const ApiRequest& request);
    VettedRequest(ApiRequest request, bool post)
        : m_request(std::move(request))
        , m_post(post)
    {
    }

    ApiRequest m_request;
    bool m_post = false;
};

// The request as the transport may send it, or KubeError{ErrorKind::Refused} (also for a body
// on a GET, a watch that is not a GET, or an Accept value that could smuggle a header).
Expected<VettedRequest> vetRequest(const ApiRequest& request);

} // namespace minato::kube
