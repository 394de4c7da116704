// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetcluster.h"

#include <QAbstractTableModel>

namespace minato::items {

// One row per fleet cluster: where it is, who owns it, how Minato authenticates, and whether
// its kubeconfig entry is usable. Typed values come through the custom roles so proxies and
// delegates never parse display text.
class FleetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { ContextColumn, TeamColumn, EnvironmentColumn, ServerColumn, NamespaceColumn, AuthColumn, ConfigColumn, NumColumns };
    enum Roles { SortRole = Qt::UserRole, ContextNameRole, SeverityRole };

    explicit FleetModel(QObject* parent = nullptr);

    void setClusters(QList<fleet::FleetCluster> clusters);
    const fleet::FleetCluster* clusterAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<fleet::FleetCluster> m_clusters;
};

} // namespace minato::items
