// SPDX-License-Identifier: Apache-2.0
#include "sim/worldclock.h"

namespace minato::sim {

void WorldClock::schedule(qint64 at, TimerKind kind, int index, quint32 generation)
{
    m_queue.push(Timer { std::max(at, m_now), m_sequence++, kind, index, generation });
}

std::optional<Timer> WorldClock::next(qint64 until)
{
    if (m_queue.empty() || m_queue.top().at > until)
        return std::nullopt;
    Timer timer = m_queue.top();
    m_queue.pop();
    m_now = std::max(m_now, timer.at);
    return timer;
}

void WorldClock::advanceTo(qint64 until)
{
    m_now = std::max(m_now, until);
}

} // namespace minato::sim
