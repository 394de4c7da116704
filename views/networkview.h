// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/networkchanges.h"
#include "fleet/watchedkind.h"

#include <QWidget>

class NetworkTopologyView;
class QLabel;
class QMenu;
class QToolButton;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class StatusDecorationProxy;

namespace minato::items {
class NetworkPoolsModel;
class NetworkWorkspace;
} // namespace minato::items

// The network of the fleet: the matrix of every cluster's CNI, mode, MTU and ranges on top;
// below, the current cluster's topology, its IP pools with their block use, and what the
// selection is (its object opens in the YAML pane, its findings and the path to a hovered
// node show beside). Enter on a matrix row or a pool opens it; the window decides how.
class NetworkView : public QWidget
{
    Q_OBJECT
public:
    explicit NetworkView(minato::items::NetworkWorkspace* network, QWidget* parent = nullptr);

    QTableView* matrixView() const { return m_matrix; }
    QTableView* poolsView() const { return m_pools; }
    NetworkTopologyView* topologyView() const { return m_topology; }
    QLabel* detailsLabel() const { return m_details; }
    QSplitter* splitter() const { return m_splitter; }
    QString currentCluster() const { return m_cluster; }

    // Changes for the current cluster, as the menus ask for them (the dialogs' answers):
    // each emits changeRequested. Nothing is sent to a cluster.
    void requestPoolModes(const QString& pool, const QString& ipipMode, const QString& vxlanMode);
    void requestRouteReflectors(const QStringList& nodes, const QString& clusterId);
    void requestTorPeer(const QString& peerIp, qint64 asNumber, const QString& nodeSelector);
    void requestMtu(int mtu);
    // The node names selected in the topology (Ctrl+click selects several).
    QStringList selectedNodes() const;
    QToolButton* changesButton() const { return m_changesButton; }

public Q_SLOTS:
    void showCluster(const QString& cluster);

Q_SIGNALS:
    // Show this object's YAML (the full object is fetched on demand).
    void objectRequested(const QString& cluster, minato::fleet::WatchedKind kind, const QString& nameSpace, const QString& name);
    // A change for the change set (ChangeSetWorkspace::planNetwork).
    void changeRequested(const minato::changes::NetworkChangeRequest& request);

private:
    void clusterUpdated(const QString& cluster);
    void selectionChanged();
    void showDetails();
    QString findingsOf(const QString& kind, const QString& name) const;
    // The changes menu for the current selection (topology, pools or the button).
    void fillChangesMenu(QMenu* menu, const QString& pool);
    void askRouteReflectors();
    void askTorPeer();
    void askMtu();
    // A selector for the nodes of the selected group ("rack == 'rack-a'"), or "".
    QString selectedGroupSelector() const;

    minato::items::NetworkWorkspace* m_network;
    minato::items::NetworkPoolsModel* m_poolsModel;
    QSortFilterProxyModel* m_sorted;
    StatusDecorationProxy* m_decorated;
    QTableView* m_matrix;
    QLabel* m_title;
    NetworkTopologyView* m_topology;
    QTableView* m_pools;
    QLabel* m_details;
    QLabel* m_hover;
    QSplitter* m_splitter;
    QToolButton* m_changesButton;
    QString m_cluster;
};
