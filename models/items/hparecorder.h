// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/autoscalingreport.h"
#include "history/hpatimeline.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace minato::fleet {
class ClusterSession;
class FleetEngine;
class PrometheusBackfill;
struct HpaInfo;
struct PrometheusBackfillResult;
} // namespace minato::fleet

namespace minato::history {
class HpaHistory;
}

namespace minato::items {

// Writes the fleet's HPA history while Minato runs: every sample period (15 s, the
// controller's own sync period) one sample per HPA of every Live or Degraded cluster; each
// condition or spec bound that changed as a mark; each event the autoscaler controller
// recorded about an HPA (SuccessfulRescale, FailedGet*Metric …) as a mark with the count it
// added. A cluster with a `prometheus:` source in fleet.yaml is backfilled once per connection
// over the backfill window, only where Minato has no samples of its own. Lives in the GUI
// thread; appends never wait on the database (HistoryStore's writer thread does that).
class HpaRecorder : public QObject
{
    Q_OBJECT
public:
    HpaRecorder(fleet::FleetEngine* engine, history::HpaHistory* history, QObject* parent = nullptr);
    ~HpaRecorder() override;

    void setSamplePeriod(int milliseconds) { m_timer.setInterval(milliseconds); }
    void setBackfillWindow(qint64 milliseconds) { m_backfillWindowMs = milliseconds; }
    // The finest step asked of Prometheus (whole seconds; 15 s by default).
    void setBackfillStep(qint64 milliseconds) { m_backfillStepMs = milliseconds; }
    // Samples every cluster now (tests; also the timer's work).
    void sampleNow();
    qint64 samplesRecorded() const { return m_samples; }
    qint64 marksRecorded() const { return m_marks; }

Q_SIGNALS:
    // A cluster's Prometheus backfill ended: how many samples it added, or why none.
    void backfillFinished(const QString& cluster, int samples, const QString& error);
    // A sample or mark of this run's own watch was appended (not the backfill's).
    void sampleRecorded(const minato::history::HpaKey& key, const minato::history::HpaSample& sample);
    void markRecorded(const minato::history::HpaKey& key, const minato::history::HpaMark& mark);

private:
    struct Seen
    {
        QString conditions[3]; // "True/ReadyForNewScale" per AbleToScale, ScalingActive, ScalingLimited
        qint32 minReplicas = -1;
        qint32 maxReplicas = -1;
        // Condition and spec marks this run appended (maybe not committed yet), newest last and
        // at most MaxRecentMarks: a backfill must not add them again.
        QList<history::HpaMark> recentMarks;
    };
    struct EventSeen
    {
        qint32 count = 0; // already recorded, by this run or, read at first sight, by earlier ones
        qint64 seenMs = 0; // the last pass that found the event in the store
    };
    // When this run sampled a cluster: samples at most two periods apart make one span.
    struct Span
    {
        qint64 firstMs = 0;
        qint64 lastMs = 0;
    };
    static constexpr qsizetype MaxRecentMarks = 32;
    void sampleCluster(fleet::ClusterSession* session, qint64 nowMs);
    void recordChanges(const history::HpaKey& key, const fleet::HpaInfo& hpa, Seen& seen, qint64 nowMs);
    void recordEvents(fleet::ClusterSession* session, qint64 nowMs);
    void appendMark(const history::HpaKey& key, const history::HpaMark& mark, Seen& seen);
    bool sampledNear(const QString& cluster, qint64 timeMs, qint64 toleranceMs) const;
    void sessionStatusChanged(const QString& context);
    void backfilled(const fleet::PrometheusBackfillResult& result);

    QPointer<fleet::FleetEngine> m_engine;
    history::HpaHistory* m_history;
    fleet::PrometheusBackfill* m_backfill;
    QTimer m_timer;
    QHash<QString, Seen> m_seen; // by "cluster/namespace/name"
    QHash<QString, EventSeen> m_eventCounts; // by event uid
    QHash<QString, QList<Span>> m_spans; // by cluster, within the backfill window
    QSet<QString> m_backfilledClusters; // per connection
    qint64 m_backfillWindowMs = 24 * 3600 * 1000;
    qint64 m_backfillStepMs = 15000;
    qint64 m_samples = 0;
    qint64 m_marks = 0;
};

// How the autoscaling views and `minato autoscaling` read history: nullopt when nothing is
// recorded for the HPA in the range.
analysis::HpaHistoryLookup historyLookup(const history::HpaHistory& history);

// The history file: the store's default, or for the simulated demo fleet one of its own beside
// it, so demo clusters never mix with real ones.
QString historyFilePath(bool demo);

} // namespace minato::items
