// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/networkreport.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <map>

namespace minato::fleet {
class ClusterSession;
class FleetEngine;
struct StoreChange;
} // namespace minato::fleet

namespace minato::analysis {
class FindingTracker;
struct FindingsDelta;
} // namespace minato::analysis

namespace minato::items {

class NetworkMatrixModel;

// What the network view shows, without widgets: per cluster its topology (rebuilt from the
// store when nodes, ConfigMaps or Calico objects change, at most every rebuild delay), the
// address overlaps with the rest of the fleet, and its network findings as the triage tracker
// has them; and the fleet matrix over all of it. Lives in the GUI thread beside the stores:
// a 500-node topology builds in a few milliseconds (tests/bench/bench_network).
class NetworkWorkspace : public QObject
{
    Q_OBJECT
public:
    NetworkWorkspace(fleet::FleetEngine* engine, analysis::FindingTracker* tracker, QObject* parent = nullptr);
    ~NetworkWorkspace() override;

    NetworkMatrixModel* matrix() const { return m_matrix; }
    QStringList clusters() const; // the fleet's order
    // The cluster's network as of the last rebuild; null for a cluster not in the fleet.
    const analysis::NetworkReportCluster* cluster(const QString& name) const;
    // The served "crd.projectcalico.org/v1" … of a kind, for changes written in it.
    fleet::ClusterSession* session(const QString& name) const;

    // The longest a change waits before the topology is rebuilt (default 500 ms).
    void setRebuildDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    // Rebuilds every cluster whose store changed, now.
    void rebuildNow();

Q_SIGNALS:
    // The cluster's topology or overlaps are new (a rebuild from its store).
    void clusterUpdated(const QString& cluster);
    // Only the cluster's network findings are new: the topology is as it was.
    void findingsUpdated(const QString& cluster);

private:
    struct Entry
    {
        analysis::NetworkReportCluster report;
        QMetaObject::Connection connection;
        bool dirty = true;
    };

    void syncSessions();
    void storeChanged(const QString& cluster, const fleet::StoreChange& change);
    void findingsChanged(const analysis::FindingsDelta& delta);
    // The matrix rows from every cluster's report; `rebuilt` are announced as clusterUpdated.
    void refreshMatrix(const QStringList& rebuilt);

    QPointer<fleet::FleetEngine> m_engine;
    QPointer<analysis::FindingTracker> m_tracker;
    NetworkMatrixModel* m_matrix;
    std::map<QString, Entry> m_clusters;
    QTimer m_timer;
};

} // namespace minato::items
