// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace minato::items {

// Notices a blocked GUI thread: a timer that should fire every `interval` ms measures how
// late it is. Debug builds run one and warn past the threshold; the GUI tests assert on
// maxLatency() while a fleet syncs.
class EventLoopWatchdog : public QObject
{
    Q_OBJECT
public:
    explicit EventLoopWatchdog(int intervalMs = 20, int warnAboveMs = 200, QObject* parent = nullptr);

    void start();
    void stop();
    void reset();
    qint64 maxLatency() const { return m_maxLatency; } // ms beyond the interval
    qint64 samples() const { return m_samples; }

Q_SIGNALS:
    void stalled(qint64 latencyMs);

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    int m_interval;
    int m_warnAbove;
    qint64 m_last = 0;
    qint64 m_maxLatency = 0;
    qint64 m_samples = 0;
};

} // namespace minato::items
