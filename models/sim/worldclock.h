// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <optional>
#include <queue>
#include <vector>

namespace minato::sim {

enum class TimerKind : quint8
{
    Pod, // a pod's next lifecycle step (container starts, crashes, back-off ends …)
    PodRemoval, // a terminating pod is gone
    Hpa, // an HPA's 15 s sync
    Fault, // a fault window opens or closes
    Metrics, // metrics-server scrapes
    Eviction, // a node has been NotReady long enough for its pods to be evicted
    Housekeeping, // event expiry, progress deadlines
    Leases, // kubelets and leader elections renew their leases
    Churn, // a pod of a churning workload reached the end of its life
};

struct Timer
{
    qint64 at = 0;
    quint64 sequence = 0; // FIFO among timers due at the same moment, for determinism
    TimerKind kind = TimerKind::Pod;
    int index = 0;
    quint32 generation = 0; // a stale timer (the object moved on) is ignored by its owner
    bool operator>(const Timer& other) const { return at != other.at ? at > other.at : sequence > other.sequence; }
};

// Simulated time and what is due when. The world processes due timers in time order, each
// at its own instant, so the outcome does not depend on how the server slices time.
class WorldClock
{
public:
    qint64 now() const { return m_now; }
    void schedule(qint64 at, TimerKind kind, int index, quint32 generation = 0);
    // Pops the earliest timer due no later than `until` and moves the clock to it.
    std::optional<Timer> next(qint64 until);
    void advanceTo(qint64 until);
    size_t pending() const { return m_queue.size(); }

private:
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> m_queue;
    qint64 m_now = 0;
    quint64 m_sequence = 0;
};

} // namespace minato::sim
