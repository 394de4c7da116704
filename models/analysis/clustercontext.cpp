// SPDX-License-Identifier: Apache-2.0
#include "analysis/clustercontext.h"

#include "fleet/clustersession.h"

namespace minato::analysis {

ClusterContext ClusterContext::fromSession(const fleet::ClusterSession& session)
{
    ClusterContext context;
    context.name = session.name();
    context.team = session.cluster().team;
    context.environment = session.cluster().environment;
    context.status = session.status();
    context.serverVersion = session.serverVersion();
    return context;
}

} // namespace minato::analysis
