// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/sessionstatus.h"
#include "fleet/watchedkind.h"
#include "util/serverversion.h"

#include <QList>
#include <QString>

namespace minato::fleet {

// What analyses need to know of a cluster beside its store, as a value: who owns it, how its
// session is doing, what its API server runs and what RBAC hides from us. Analyses take this
// and a ClusterStore, never a live ClusterSession, so they are pure and tested on fixtures.
struct ClusterFacts
{
    QString name; // context name
    QString team;
    QString environment;
    QString server;
    SessionStatus status;
    ServerVersion serverVersion; // invalid until the first successful probe
    QList<WatchedKind> forbiddenKinds;
    int warnings = 0; // malformed watch lines and the like, since connecting

    bool operator==(const ClusterFacts&) const = default;
};

} // namespace minato::fleet
