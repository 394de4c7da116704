// SPDX-License-Identifier: Apache-2.0
#include "sim/faulttimeline.h"

namespace minato::sim {

FaultTimeline::FaultTimeline(const QList<FaultSpec>& faults)
    : m_faults(faults)
    , m_active(faults.size(), false)
    , m_openedAt(faults.size(), 0)
{ }

void FaultTimeline::start(WorldClock& clock)
{
    for (int i = 0; i < m_faults.size(); ++i)
        clock.schedule(m_faults.at(i).at.count(), TimerKind::Fault, i);
}

bool FaultTimeline::edge(int index, WorldClock& clock)
{
    const FaultSpec& fault = m_faults.at(index);
    const bool opening = !m_active.at(index);
    m_active[index] = opening;
    if (opening) {
        m_openedAt[index] = clock.now();
        if (fault.duration.count() >= 0)
            clock.schedule(clock.now() + fault.duration.count(), TimerKind::Fault, index);
    } else if (fault.repeat.count() > 0) {
        clock.schedule(m_openedAt.at(index) + fault.repeat.count(), TimerKind::Fault, index);
    }
    return opening;
}

bool FaultTimeline::anyActive(FaultType type) const
{
    for (int i = 0; i < m_faults.size(); ++i)
        if (m_active.at(i) && m_faults.at(i).type == type)
            return true;
    return false;
}

ApiFaults FaultTimeline::apiFaults(bool metricsApiAvailable) const
{
    ApiFaults api;
    api.metricsApiAvailable = metricsApiAvailable;
    for (int i = 0; i < m_faults.size(); ++i) {
        if (!m_active.at(i))
            continue;
        const FaultSpec& f = m_faults.at(i);
        switch (f.type) {
        case FaultType::Unreachable:
            api.unreachable = true;
            break;
        case FaultType::TokenRevoked:
            api.tokenRevoked = true;
            break;
        case FaultType::Forbidden:
            for (const QString& r : f.resources)
                api.forbiddenResources.insert(r);
            break;
        case FaultType::SlowResponses:
            api.extraLatencyMs = std::max(api.extraLatencyMs, f.latencyMs);
            break;
        case FaultType::Throttled:
            api.throttled = true;
            api.retryAfterSeconds = std::max(api.retryAfterSeconds, f.retryAfterSeconds);
            break;
        default:
            break;
        }
    }
    return api;
}

} // namespace minato::sim
