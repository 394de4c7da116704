// SPDX-License-Identifier: Apache-2.0
#include "items/networkpoolsmodel.h"

namespace minato::items {

NetworkPoolsModel::NetworkPoolsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

QString NetworkPoolsModel::modeText(const analysis::TopologyPool& pool)
{
    QString text = pool.modeText();
    if (pool.disabled)
        text += QStringLiteral(", disabled");
    return text;
}

void NetworkPoolsModel::setPools(const QList<analysis::TopologyPool>& pools)
{
    beginResetModel();
    m_pools = pools;
    endResetModel();
}

int NetworkPoolsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_pools.size());
}

int NetworkPoolsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NetworkPoolsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Pool");
    case CidrColumn:
        return tr("CIDR");
    case ModeColumn:
        return tr("Encapsulation");
    case UseColumn:
        return tr("Blocks used");
    case NatColumn:
        return tr("NAT");
    case NodesColumn:
        return tr("Nodes");
    default:
        return {};
    }
}

QVariant NetworkPoolsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const analysis::TopologyPool& p = m_pools.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return p.name;
        case CidrColumn:
            return QString(p.cidrText + QStringLiteral(" /%1 blocks").arg(p.blockSize));
        case ModeColumn:
            return modeText(p);
        case UseColumn:
            return QStringLiteral("%1 / %2 (%3 %)").arg(p.blocksUsed).arg(p.blocksTotal).arg(qRound(p.utilisation() * 100));
        case NatColumn:
            return p.natOutgoing ? tr("yes") : tr("no");
        case NodesColumn:
            return p.selectorError.isEmpty() ? QString::number(p.selectedNodes) : tr("selector invalid");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == NodesColumn)
            return p.selectorError.isEmpty() ? tr("nodeSelector: %1").arg(p.nodeSelector.isEmpty() ? QStringLiteral("all()") : p.nodeSelector)
                                             : p.selectorError;
        return {};
    case PoolNameRole:
        return p.name;
    case UtilisationRole:
        return p.utilisation();
    default:
        return {};
    }
}

} // namespace minato::items
