// SPDX-License-Identifier: Apache-2.0
#include "eventloopwatchdog.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcWatchdog, "minato.gui.watchdog")

namespace minato::items {

EventLoopWatchdog::EventLoopWatchdog(int intervalMs, int warnAboveMs, QObject* parent)
    : QObject(parent)
    , m_interval(intervalMs)
    , m_warnAbove(warnAboveMs)
{
    m_timer.setInterval(intervalMs);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopWatchdog::tick);
}

void EventLoopWatchdog::start()
{
    m_clock.start();
    m_last = 0;
    m_timer.start();
}

void EventLoopWatchdog::stop()
{
    m_timer.stop();
}

void EventLoopWatchdog::reset()
{
    m_maxLatency = 0;
    m_samples = 0;
    m_last = m_clock.isValid() ? m_clock.elapsed() : 0;
}

void EventLoopWatchdog::tick()
{
    const qint64 now = m_clock.elapsed();
    const qint64 latency = std::max<qint64>(0, now - m_last - m_interval);
    m_last = now;
    ++m_samples;
    m_maxLatency = std::max(m_maxLatency, latency);
    if (latency > m_warnAbove) {
        qCWarning(lcWatchdog) << "GUI thread blocked for" << latency << "ms";
        Q_EMIT stalled(latency);
    }
}

} // namespace minato::items
