// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/sessionstatus.h"
#include "kube/discoverytypes.h"

#include <QString>

namespace minato::fleet {
class ClusterSession;
}

namespace minato::analysis {

// What the rules need to know about a cluster beyond its store: who owns it, how its session
// is doing, and what the API server said it runs.
struct ClusterContext
{
    QString name; // context name
    QString team;
    QString environment;
    fleet::SessionStatus status;
    kube::ServerVersion serverVersion; // invalid until the first successful probe

    static ClusterContext fromSession(const fleet::ClusterSession& session);
};

} // namespace minato::analysis
