// SPDX-License-Identifier: Apache-2.0
#include "items/networkmatrixmodel.h"

namespace minato::items {

namespace {

    const QString Dash = QStringLiteral("—");

    QString ranges(const QStringList& cidrs, const QStringList& overlapping)
    {
        QStringList out;
        for (const QString& cidr : cidrs)
            out << (overlapping.contains(cidr) ? cidr + QStringLiteral(" ⚠") : cidr);
        return out.isEmpty() ? Dash : out.join(QStringLiteral(", "));
    }

    bool anyOverlap(const QStringList& cidrs, const QStringList& overlapping)
    {
        for (const QString& cidr : cidrs)
            if (overlapping.contains(cidr))
                return true;
        return false;
    }

} // namespace

NetworkMatrixModel::NetworkMatrixModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void NetworkMatrixModel::setRows(const QList<analysis::NetworkMatrixRow>& rows)
{
    bool sameClusters = rows.size() == m_rows.size();
    for (qsizetype i = 0; sameClusters && i < rows.size(); ++i)
        sameClusters = rows.at(i).cluster == m_rows.at(i).cluster;
    if (!sameClusters) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int NetworkMatrixModel::rowOf(const QString& cluster) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).cluster == cluster)
            return int(i);
    return -1;
}

int NetworkMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NetworkMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NetworkMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClusterColumn:
        return tr("Cluster");
    case CniColumn:
        return tr("CNI");
    case ModeColumn:
        return tr("Mode");
    case PathsColumn:
        return tr("Pod traffic");
    case MtuColumn:
        return tr("MTU");
    case PodCidrsColumn:
        return tr("Pod CIDRs");
    case ServiceCidrsColumn:
        return tr("Service CIDRs");
    case BgpColumn:
        return tr("BGP");
    case FindingsColumn:
        return tr("Findings");
    default:
        return {};
    }
}

QVariant NetworkMatrixModel::display(const analysis::NetworkMatrixRow& r, int column) const
{
    switch (column) {
    case ClusterColumn:
        return r.cluster;
    case CniColumn:
        return r.cni;
    case ModeColumn:
        return r.mode;
    case PathsColumn:
        return r.paths;
    case MtuColumn:
        return r.mtu == 0 ? Dash : r.mtuTooLarge ? tr("%1 ⚠").arg(r.mtu) : QString::number(r.mtu);
    case PodCidrsColumn:
        return ranges(r.podCidrs, r.overlapping);
    case ServiceCidrsColumn:
        return ranges(r.serviceCidrs, r.overlapping);
    case BgpColumn:
        return r.sessionsDown > 0 ? tr("%1 · %n down", nullptr, r.sessionsDown).arg(r.bgp) : r.bgp;
    case FindingsColumn:
        if (r.findings.total() == 0)
            return Dash;
        return tr("%1 critical · %2 warning · %3 info").arg(r.findings.critical).arg(r.findings.warning).arg(r.findings.info);
    default:
        return {};
    }
}

QString NetworkMatrixModel::toolTip(const analysis::NetworkMatrixRow& r, int column) const
{
    switch (column) {
    case MtuColumn:
        return r.mtuTooLarge ? tr("The configured MTU leaves no room for the encapsulation's overhead.") : QString();
    case PodCidrsColumn:
    case ServiceCidrsColumn:
        return anyOverlap(column == PodCidrsColumn ? r.podCidrs : r.serviceCidrs, r.overlapping)
            ? tr("⚠ overlaps a range of another cluster: no cluster mesh or workload migration between them")
            : QString();
    case BgpColumn:
        return r.sessionsDown > 0 ? tr("BGP sessions not Established: see the cluster's topology") : QString();
    default:
        return {};
    }
}

bool NetworkMatrixModel::problem(const analysis::NetworkMatrixRow& r, int column) const
{
    switch (column) {
    case MtuColumn:
        return r.mtuTooLarge;
    case PodCidrsColumn:
        return anyOverlap(r.podCidrs, r.overlapping);
    case ServiceCidrsColumn:
        return anyOverlap(r.serviceCidrs, r.overlapping);
    case BgpColumn:
        return r.sessionsDown > 0;
    case FindingsColumn:
        return r.findings.critical > 0;
    default:
        return false;
    }
}

QVariant NetworkMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const analysis::NetworkMatrixRow& r = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(r, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(r, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case ClusterRole:
        return r.cluster;
    case OverlapRole:
        return (column == PodCidrsColumn && anyOverlap(r.podCidrs, r.overlapping))
            || (column == ServiceCidrsColumn && anyOverlap(r.serviceCidrs, r.overlapping));
    case ProblemRole:
        return problem(r, column) ? 2 : 0;
    case SortRole:
        if (column == MtuColumn)
            return r.mtu;
        if (column == FindingsColumn)
            return r.findings.critical * 10000 + r.findings.warning * 100 + r.findings.info;
        return display(r, column);
    default:
        return {};
    }
}

} // namespace minato::items
