// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "watchcursor.h"

#include <QByteArray>

#include <memory>

namespace minato::sim {

// An HTTP request as the API layer needs it; the transport fills it from the wire.
struct ApiRequest
{
    QByteArray method;
    QByteArray target; // path and query, percent-encoded as sent
    QByteArray authorization;
    QByteArray accept;
};

// What to answer: a complete body, a watch stream to start, or nothing at all.
struct ApiResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    int retryAfterSeconds = 0; // Retry-After header when > 0
    int delayMs = 0; // extra latency fault: answer only after this long
    bool dropConnection = false; // unreachable fault: close without answering
    std::shared_ptr<WatchPlan> watch; // set: stream events (status 200) instead of body
};

} // namespace minato::sim
