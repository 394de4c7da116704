// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetprogress.h"
#include "fleet/watchedkind.h"
#include "kinds/kindregistry.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QUuid>

class QAbstractItemModel;

namespace minato::fleet {
class ClusterSession;
class FleetEngine;
class ServerTableSource;
} // namespace minato::fleet

namespace minato::analysis {
class FindingTracker;
struct FindingsDelta;
} // namespace minato::analysis

namespace minato::items {

class FindingsModel;
class FleetOverviewModel;
class KindTreeModel;
class ObjectFetcher;
class ResourceTableModel;
class ServerTableModel;

// What the fleet window shows, without widgets: the overview, the browser's kind tree and
// table over the clusters being browsed, the selected object and its events, and the live
// findings of every cluster that has a session. Views call its
// slots with their intents (open a cluster, pick a kind, select a row); tests drive it the
// same way. It is the seam between widgets and the engine, so views never see models/kube.
class FleetWorkspace : public QObject
{
    Q_OBJECT
public:
    // `kinds` must outlive the workspace.
    FleetWorkspace(const kinds::KindRegistry& kinds, fleet::FleetEngine* engine, QObject* parent = nullptr);
    ~FleetWorkspace() override;

    const kinds::KindRegistry& registry() const { return m_registry; }
    FleetOverviewModel* overview() const { return m_overview; }
    KindTreeModel* kinds() const { return m_kinds; }
    ResourceTableModel* resources() const { return m_resources; }
    // A kind the registry does not describe, as the servers print it (openResource()).
    ServerTableModel* serverTable() const { return m_serverTable; }
    // What the browser's table shows now: resources(), or serverTable() while one is open.
    QAbstractItemModel* table() const;
    // The resource name of the open server table; empty while a described kind is browsed.
    QString serverResource() const { return m_serverResource; }
    ResourceTableModel* events() const { return m_events; }
    ObjectFetcher* fetcher() const { return m_fetcher; }
    FindingsModel* findings() const { return m_findings; }
    analysis::FindingTracker* tracker() const { return m_tracker; }

    QStringList browsedClusters() const { return m_browsed; }
    fleet::WatchedKind kind() const { return m_kind; }
    QString selectedCluster() const { return m_selectedCluster; }
    QUuid selectedUid() const { return m_selectedUid; }

public Q_SLOTS:
    // Browses these clusters (one: the cluster browser; several: the cross-cluster table),
    // connecting any that are not connected yet.
    void browseClusters(const QStringList& clusters);
    void setKind(minato::fleet::WatchedKind kind);
    // What a user typed for a kind (":svc", `--kind ipamblocks.crd.projectcalico.org`): a kind
    // of the registry is browsed as setKind() does, anything else through the servers' Table.
    void openResource(const QString& text);
    // The row of resources() the user selected: fetches the full object, filters events.
    void selectResourceRow(int row);
    void setShowManagedFields(bool show);
    // Browses one cluster at this kind and selects the object, so its YAML is fetched. An
    // empty kind (or "Cluster") only opens the cluster. Returns the row of resources() that
    // was selected, or -1 when the object is not (yet) in the table.
    int openObject(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name);

Q_SIGNALS:
    void browsedClustersChanged(const QStringList& clusters);
    void kindChanged(minato::fleet::WatchedKind kind);
    // table() is another model now, or shows another resource.
    void tableChanged();
    // The events table now shows the events of this object (null uid: none selected).
    void selectedObjectChanged(const QString& cluster, const QUuid& uid);
    // Fleet-wide sync progress, for the status bar (relayed from the engine).
    void progressChanged(const minato::fleet::FleetProgress& progress);

private:
    void updateSources();
    // The browsed sessions watch the browsed kind (on-demand kinds start and stop with it).
    void updateWanted();
    void selectServerRow(int row);
    // The server table of m_serverResource over the browsed clusters, from scratch.
    void openServerTable();
    // The overview rebuilt its rows: give them their finding counts again.
    void restoreFindingCounts();
    void applyFindings(const analysis::FindingsDelta& delta);

    const kinds::KindRegistry& m_registry;
    QPointer<fleet::FleetEngine> m_engine;
    FleetOverviewModel* m_overview;
    KindTreeModel* m_kinds;
    ResourceTableModel* m_resources;
    ServerTableModel* m_serverTable;
    fleet::ServerTableSource* m_serverSource;
    QString m_serverResource;
    ResourceTableModel* m_events;
    ObjectFetcher* m_fetcher;
    analysis::FindingTracker* m_tracker;
    FindingsModel* m_findings;
    QStringList m_browsed;
    fleet::WatchedKind m_kind = fleet::WatchedKind::Pods;
    QString m_selectedCluster;
    QUuid m_selectedUid;
    QList<QPair<QPointer<fleet::ClusterSession>, fleet::WatchedKind>> m_wanted;
};

} // namespace minato::items
