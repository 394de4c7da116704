// SPDX-License-Identifier: Apache-2.0
#include "sessionstatus.h"

namespace minato::fleet {

QString sessionStateName(SessionState state)
{
    switch (state) {
    case SessionState::Idle:
        return QStringLiteral("Idle");
    case SessionState::Connecting:
        return QStringLiteral("Connecting");
    case SessionState::Syncing:
        return QStringLiteral("Syncing");
    case SessionState::Live:
        return QStringLiteral("Live");
    case SessionState::Degraded:
        return QStringLiteral("Degraded");
    case SessionState::Unreachable:
        return QStringLiteral("Unreachable");
    case SessionState::AuthFailed:
        return QStringLiteral("AuthFailed");
    case SessionState::Misconfigured:
        return QStringLiteral("Misconfigured");
    }
    return {};
}

} // namespace minato::fleet
