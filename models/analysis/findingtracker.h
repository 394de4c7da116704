// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/findingoptions.h"
#include "analysis/findings.h"
#include "analysis/findingsdelta.h"
#include "fleet/clusterfacts.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

class QThreadPool;
class QTimer;

#include <functional>
#include <map>
#include <memory>

namespace minato::fleet {
class ClusterStore;
struct StoreChange;
} // namespace minato::fleet

namespace minato::analysis {

// The live findings of the fleet. Per cluster it re-runs evaluateFindings when the store
// reports a change batch (or the session's state changes), at most once per minimum
// interval, and on a slow refresh timer for the rules that age on their own (Pending for
// 5 minutes, event windows). Those evaluations run on a worker thread over a snapshot of the
// store (StoreContent), one at a time, and their findings come back as values; a result
// overtaken by a newer evaluation, or for a cluster no longer watched, is dropped. Between
// evaluations it keeps each finding's firstSeen stable (by Finding::key()), moves lastSeen to
// the evaluation time and drops what resolved, and tells item models what changed. Each
// evaluation also sees the other clusters' address ranges (network.cidr-overlap-fleet). Lives
// in the GUI thread beside the stores.
class FindingTracker : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit FindingTracker(QObject* parent = nullptr);
    ~FindingTracker() override;

    // Starts evaluating a cluster from its store (not owned; it may die first). Evaluates soon.
    void watchCluster(const fleet::ClusterFacts& context, const fleet::ClusterStore* store);
    // A new session state, reason or server version: evaluates soon.
    void setContext(const fleet::ClusterFacts& context);
    // Forgets the cluster and reports all of its findings removed.
    void unwatchCluster(const QString& cluster);
    QStringList clusters() const;

    // The merge step alone, without timers: `fresh` is one evaluation of `cluster` at `now`.
    // Emits findingsChanged unless nothing changed, and returns the same delta.
    FindingsDelta update(const QString& cluster, QList<Finding> fresh, const QDateTime& now);
    // Evaluates one cluster immediately, in this thread (ignores the minimum interval).
    void evaluateNow(const QString& cluster);

    QList<Finding> findings() const; // every cluster, worst first
    QList<Finding> findings(const QString& cluster) const;
    qsizetype count() const;
    // How long the last evaluation of the cluster took, in microseconds (-1: never ran).
    qint64 lastEvaluationMicros(const QString& cluster) const;

    void setOptions(const FindingOptions& options) { m_options = options; }
    const FindingOptions& options() const { return m_options; }
    // The shortest time between two evaluations of one cluster (default 1000 ms).
    void setMinimumInterval(int milliseconds) { m_minimumInterval = milliseconds; }
    // Re-evaluates every cluster this often even without changes (default 15 s; 0: never).
    void setRefreshInterval(int milliseconds);
    // Where "now" comes from (tests pin it); the default is the system clock in UTC.
    void setClock(Clock clock);

Q_SIGNALS:
    void findingsChanged(const minato::analysis::FindingsDelta& delta);

private:
    struct ClusterState;

    void storeChanged(const QString& cluster, const fleet::StoreChange& change);
    void schedule(const QString& cluster);
    void refreshAll();
    void evaluateInBackground(const QString& cluster);
    void evaluationLanded(
        const QString& cluster, quint64 generation, ClusterEvaluation result, const QDateTime& now, qint64 micros);
    // Cross-cluster rules: each evaluation sees the others' last known address ranges, and a
    // cluster whose ranges change makes the others evaluate again.
    FleetAddresses otherAddresses(const QString& cluster) const;
    void addressesLanded(const QString& cluster, ClusterAddresses addresses);
    void scheduleOthers(const QString& cluster);

    std::map<QString, std::unique_ptr<ClusterState>> m_clusters; // ordered: stable output
    FindingOptions m_options;
    Clock m_clock;
    QElapsedTimer m_monotonic;
    QTimer* m_refresh;
    QThreadPool* m_worker;
    quint64 m_generations = 0;
    int m_minimumInterval = 1000;
};

} // namespace minato::analysis
