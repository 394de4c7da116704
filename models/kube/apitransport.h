// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apirequest.h"
#include "kube/clusterendpoint.h"

namespace minato::kube {

class ApiReceiver;

// How reflectors, discovery and probes talk to clusters: submit a request and name who hears
// the answer. ApiRouter is the real one (over ApiClient); tests substitute a scripted one.
class ApiTransport
{
public:
    virtual ~ApiTransport();

    virtual void setEndpoint(const ClusterEndpoint& endpoint) = 0;
    virtual void removeEndpoint(const QString& name) = 0;
    // Submits the request; its answers go to receiver (not owned; it must outlive the request
    // or cancel it first).
    virtual RequestId submit(ApiRequest request, ApiReceiver* receiver) = 0;
    // Stops the request; its receiver hears nothing more about it, not even the cancellation.
    virtual void cancel(RequestId id) = 0;
};

} // namespace minato::kube
