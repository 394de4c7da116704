// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/nodefleet.h"
#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

namespace minato::sim {

// kube-scheduler, reduced to what the world needs: nodes that are Ready, free of NoSchedule
// taints the pod does not tolerate, with room for another pod and the RuntimeClass handler
// the pod asks for; the least loaded wins. When none fits it says why, in the scheduler's words.
class Scheduler
{
public:
    Scheduler(WorldContext& context, const NodeFleet& nodes);

    // The node index for a new pod, or -1 with `why` set to the FailedScheduling message.
    int pick(const SimWorkload& workload, const QString& podName, QString* why) const;

private:
    WorldContext& m_context;
    const NodeFleet& m_nodes;
};

} // namespace minato::sim
