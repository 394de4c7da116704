// SPDX-License-Identifier: Apache-2.0
#include "worlddriver.h"

#include "scenario.h"
#include "simulatedfleet.h"

namespace minato::sim {

WorldDriver::WorldDriver(const ClusterSpec& spec, quint64 seed)
    : m_world(spec, seed)
{ }

void WorldDriver::populate(SimulatedFleet& fleet, const Scenario& scenario)
{
    // Distinct but reproducible randomness per cluster: the same scenario replays exactly.
    for (int i = 0; i < scenario.clusters.size(); ++i)
        fleet.addCluster(std::make_unique<WorldDriver>(scenario.clusters[i], scenario.seed + quint64(i)));
}

} // namespace minato::sim
