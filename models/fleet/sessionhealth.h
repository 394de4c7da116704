// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/reflector.h"
#include "fleet/sessionstatus.h"
#include "fleet/watchedkind.h"
#include "util/kubeerror.h"

#include <QList>

#include <optional>

namespace minato::fleet {

// Everything the state of a session depends on, gathered from its connection and its
// reflectors, so that the decision is a pure function tested with tables.
struct SessionHealthInput
{
    enum class Connection : quint8
    {
        NotStarted,
        Misconfigured,
        Probing, // the first /version probe, or discovery, is under way
        Reachable,
        Unreachable,
        Unauthorized,
    };

    struct Kind
    {
        WatchedKind kind = WatchedKind::Pods;
        QString label; // "pods", "configmaps in kube-flannel"
        Reflector::State state = Reflector::State::Idle;
        bool synced = false;
        int failures = 0;
        std::optional<KubeError> lastError;
    };

    Connection connection = Connection::NotStarted;
    std::optional<KubeError> connectionError; // why Misconfigured, Unreachable or Unauthorized
    QString server; // for "connecting to …"
    QList<Kind> kinds; // empty until discovery decided what to watch
};

// A kind counts as failing (and the cluster as Degraded) after this many failures in a row.
inline constexpr int FailingAfter = 3;

struct SessionVerdict
{
    SessionState state = SessionState::Idle;
    QString reason;
};

SessionVerdict evaluateSessionHealth(const SessionHealthInput& input);

} // namespace minato::fleet
