// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/autoscalingreport.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <map>

namespace minato::fleet {
class FleetEngine;
struct StoreChange;
} // namespace minato::fleet

namespace minato::items {

class AutoscalingTableModel;

// What the autoscaling view shows, without widgets: per cluster the rows of its HPAs
// (AutoscalingRow::of: numbers, state, diagnosis, activity over the last 24 h), rebuilt from
// the store when its HPAs, events, APIServices, pods or workloads change (at most every
// rebuild delay), and again every re-evaluation interval because a state depends on time
// (pinned at max for how long, flapping within which window). History comes from the lookup
// when one is set; without one, activity is read from the store's events.
class AutoscalingWorkspace : public QObject
{
    Q_OBJECT
public:
    explicit AutoscalingWorkspace(fleet::FleetEngine* engine, QObject* parent = nullptr);
    ~AutoscalingWorkspace() override;

    AutoscalingTableModel* model() const { return m_model; }
    QStringList clusters() const; // the fleet's order
    // Every row of the fleet as of the last rebuild, fleet order then namespace/name.
    const QList<analysis::AutoscalingRow>& rows() const;
    QList<analysis::AutoscalingRow> rows(const QString& cluster) const;
    const analysis::AutoscalingRow* row(const history::HpaKey& key) const;

    // Where recorded history is read from (null: none recorded); rebuilds every cluster.
    void setHistoryLookup(analysis::HpaHistoryLookup lookup);
    const analysis::HpaHistoryLookup& historyLookup() const { return m_history; }
    bool hasHistory() const { return bool(m_history); }
    // Where the rows read what each HPA did (HpaActivityCache: replica runs and marks in memory);
    // unset: the history lookup. Rebuilds every cluster.
    void setActivityLookup(analysis::HpaHistoryLookup lookup);

    // The scale events' window (default 24 h).
    void setWindow(qint64 milliseconds);
    qint64 window() const { return m_windowMs; }
    // The longest a change waits before the rows are rebuilt (default 500 ms).
    void setRebuildDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    // How often every cluster is evaluated again without a change (default 15 s).
    void setReevaluationInterval(int milliseconds) { m_reevaluate.setInterval(milliseconds); }
    // Rebuilds every cluster whose store changed, now.
    void rebuildNow();
    // Rebuilds every cluster, now (the periodic re-evaluation).
    void reevaluateNow();

Q_SIGNALS:
    // The cluster's rows are new (a rebuild or a re-evaluation).
    void rowsUpdated(const QString& cluster);
    // setHistoryLookup: charts read again.
    void historyLookupChanged();

private:
    struct Entry
    {
        QMetaObject::Connection connection;
        bool dirty = true;
    };

    void syncSessions();
    void storeChanged(const QString& cluster, const fleet::StoreChange& change);
    void markDirty(const QString& cluster);

    QPointer<fleet::FleetEngine> m_engine;
    AutoscalingTableModel* m_model;
    std::map<QString, Entry> m_clusters;
    analysis::HpaHistoryLookup m_history;
    analysis::HpaHistoryLookup m_activity;
    qint64 m_windowMs = 24 * 3600 * 1000;
    QTimer m_timer;
    QTimer m_reevaluate;
};

} // namespace minato::items
