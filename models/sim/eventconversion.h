// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>

namespace minato::sim {

// A real apiserver stores one Event and serves it as core/v1 and as events.k8s.io/v1; the
// simulator does the same, so whichever form the world writes, both APIs see it. The field
// mapping follows the apiserver's conversion (pkg/apis/events/v1/conversion.go).
class EventConversion
{
public:
    static QJsonObject toEventsV1(const QJsonObject& core);
    static QJsonObject toCore(const QJsonObject& eventsV1);
};

} // namespace minato::sim
