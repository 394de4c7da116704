// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/objectsink.h"
#include "sim/scenario.h"
#include "sim/worldclock.h"

#include <QList>

namespace minato::sim {

// Which of a cluster's faults are in force, and when each window opens and closes next.
class FaultTimeline
{
public:
    explicit FaultTimeline(const QList<FaultSpec>& faults);

    void start(WorldClock& clock); // schedules the first opening of every fault
    // A Fault timer fired: flips the fault and schedules its next edge. Returns the new state.
    bool edge(int index, WorldClock& clock);

    const FaultSpec& fault(int index) const { return m_faults.at(index); }
    int size() const { return int(m_faults.size()); }
    bool isActive(int index) const { return m_active.at(index); }
    bool anyActive(FaultType type) const;
    // The API-level faults in force; metrics availability is the world's to decide.
    ApiFaults apiFaults(bool metricsApiAvailable) const;

private:
    QList<FaultSpec> m_faults;
    QList<bool> m_active;
    QList<qint64> m_openedAt;
};

} // namespace minato::sim
