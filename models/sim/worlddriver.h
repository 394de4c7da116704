// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterdriver.h"
#include "clusterworld.h"

namespace minato::sim {

class SimulatedFleet;
struct Scenario;

// Drives one cluster of the fleet from a scenario's simulated world (ClusterWorld).
class WorldDriver : public ClusterDriver
{
public:
    WorldDriver(const ClusterSpec& spec, quint64 seed);

    // Adds every cluster of the scenario to the fleet, each world seeded from the scenario's seed.
    static void populate(SimulatedFleet& fleet, const Scenario& scenario);

    QString name() const override { return m_world.name(); }
    QString gitVersion() const override { return m_world.gitVersion(); }
    QJsonObject versionInfo() const override { return m_world.versionInfo(); }
    void seed(ObjectSink& sink) override { m_world.seed(sink); }
    void advance(std::chrono::milliseconds simulated, ObjectSink& sink) override { m_world.advance(simulated, sink); }
    const ApiFaults& faults() const override { return m_world.faults(); }

private:
    ClusterWorld m_world;
};

} // namespace minato::sim
