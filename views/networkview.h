// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <QWidget>

class NetworkTopologyView;
class QLabel;
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

public Q_SLOTS:
    void showCluster(const QString& cluster);

Q_SIGNALS:
    // Show this object's YAML (the full object is fetched on demand).
    void objectRequested(const QString& cluster, minato::fleet::WatchedKind kind, const QString& nameSpace, const QString& name);

private:
    void clusterUpdated(const QString& cluster);
    void selectionChanged();
    void showDetails();
    QString findingsOf(const QString& kind, const QString& name) const;

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
    QString m_cluster;
};
