// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireply.h"
#include "kube/payloaddecoder.h"

namespace minato::kube {

// Whoever submitted a request through an ApiTransport hears about it here, in the thread the
// transport lives in, and only until the request ends or is cancelled.
class ApiReceiver
{
public:
    virtual ~ApiReceiver();

    // The one answer of a Get.
    virtual void replyArrived(const ApiReply& reply) = 0;
    // Decoded lines of a watch that carries a decoder, in order.
    virtual void streamDataArrived(RequestId id, quint64 generation, const DecodedPayloadPtr& payload) = 0;
    // The end of a watch: a normal end (no error) or why it stopped.
    virtual void streamEnded(const ApiReply& reply) = 0;
};

} // namespace minato::kube
