// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/networktopology.h"

#include <QAbstractTableModel>

namespace minato::items {

// One cluster's IP pools beside its topology: CIDR, encapsulation and mode, NAT, the nodes
// they select, and block use (UtilisationRole feeds the view's bar).
class NetworkPoolsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        CidrColumn,
        ModeColumn,
        UseColumn,
        NatColumn,
        NodesColumn,
        ColumnCount,
    };
    enum Role
    {
        PoolNameRole = Qt::UserRole + 1,
        UtilisationRole, // double 0…1 of blocks used
    };

    explicit NetworkPoolsModel(QObject* parent = nullptr);

    void setPools(const QList<analysis::TopologyPool>& pools);
    const QList<analysis::TopologyPool>& pools() const { return m_pools; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "IPIP CrossSubnet", "VXLAN Always", "none (BGP)", "disabled".
    static QString modeText(const analysis::TopologyPool& pool);

private:
    QList<analysis::TopologyPool> m_pools;
};

} // namespace minato::items
