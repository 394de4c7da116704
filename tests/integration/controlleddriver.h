// SPDX-License-Identifier: Apache-2.0
#pragma once

// A scenario world whose API faults a test can also switch by hand, on the simulator's I/O
// thread (SimulatedFleet::invoke): a fault can then end when the test says so, not when the
// scenario's clock says so.

#include "sim/worlddriver.h"

#include <optional>

class ControlledDriver : public minato::sim::ClusterDriver
{
public:
    ControlledDriver(const minato::sim::ClusterSpec& spec, quint64 seed)
        : m_world(spec, seed)
    { }

    std::optional<bool> unreachable;
    std::optional<bool> tokenRevoked;
    std::optional<bool> throttled;

    QString name() const override { return m_world.name(); }
    QString gitVersion() const override { return m_world.gitVersion(); }
    QJsonObject versionInfo() const override { return m_world.versionInfo(); }
    void seed(minato::sim::ObjectSink& sink) override { m_world.seed(sink); }
    void advance(std::chrono::milliseconds simulated, minato::sim::ObjectSink& sink) override
    {
        m_world.advance(simulated, sink);
    }
    const minato::sim::ApiFaults& faults() const override
    {
        m_effective = m_world.faults();
        if (unreachable)
            m_effective.unreachable = *unreachable;
        if (tokenRevoked)
            m_effective.tokenRevoked = *tokenRevoked;
        if (throttled)
            m_effective.throttled = *throttled;
        return m_effective;
    }

private:
    minato::sim::WorldDriver m_world;
    mutable minato::sim::ApiFaults m_effective;
};
