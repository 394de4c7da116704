// SPDX-License-Identifier: Apache-2.0
#include "fleetmodel.h"

#include <algorithm>

namespace minato::items {

namespace {

// The worst diagnostic decides how the row reads: an Error makes the entry unusable.
int worstSeverity(const fleet::FleetCluster& cluster)
{
    int worst = -1;
    for (const auto& d : cluster.diagnostics)
        worst = std::max(worst, static_cast<int>(d.severity));
    return worst;
}

QString configSummary(const fleet::FleetCluster& cluster)
{
    if (cluster.diagnostics.isEmpty())
        return QStringLiteral("ok");
    const auto& first = *std::max_element(cluster.diagnostics.begin(), cluster.diagnostics.end(),
        [](const kube::Diagnostic& a, const kube::Diagnostic& b) { return a.severity < b.severity; });
    return kube::severityName(first.severity) + QStringLiteral(": ") + first.message;
}

QString diagnosticsTooltip(const fleet::FleetCluster& cluster)
{
    QStringList lines;
    for (const auto& d : cluster.diagnostics)
        lines << kube::severityName(d.severity) + QLatin1Char(' ') + d.where.toString() + QStringLiteral(": ") + d.message;
    return lines.join(QLatin1Char('\n'));
}

} // namespace

FleetModel::FleetModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void FleetModel::setClusters(QList<fleet::FleetCluster> clusters)
{
    // A new fleet replaces every row: this is the one place a reset is the honest signal.
    beginResetModel();
    m_clusters = std::move(clusters);
    endResetModel();
}

const fleet::FleetCluster* FleetModel::clusterAt(int row) const
{
    return row >= 0 && row < m_clusters.size() ? &m_clusters.at(row) : nullptr;
}

int FleetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_clusters.size());
}

int FleetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NumColumns;
}

QVariant FleetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& cluster = m_clusters.at(index.row());

    switch (role) {
    case ContextNameRole:
        return cluster.name();
    case SeverityRole:
        return worstSeverity(cluster);
    case Qt::ToolTipRole:
        return index.column() == ConfigColumn ? diagnosticsTooltip(cluster) : QVariant();
    case Qt::DisplayRole:
    case SortRole:
        switch (index.column()) {
        case ContextColumn:
            return cluster.isCurrent ? cluster.name() + QStringLiteral(" *") : cluster.name();
        case TeamColumn:
            return cluster.team;
        case EnvironmentColumn:
            return cluster.environment;
        case ServerColumn:
            return cluster.cluster.server;
        case NamespaceColumn:
            return cluster.nameSpace;
        case AuthColumn:
            return cluster.authLabels.join(QStringLiteral(", "));
        case ConfigColumn:
            return role == SortRole ? QVariant(worstSeverity(cluster)) : QVariant(configSummary(cluster));
        }
        break;
    }
    return {};
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ContextColumn:
        return tr("Context");
    case TeamColumn:
        return tr("Team");
    case EnvironmentColumn:
        return tr("Env");
    case ServerColumn:
        return tr("Server");
    case NamespaceColumn:
        return tr("Namespace");
    case AuthColumn:
        return tr("Auth");
    case ConfigColumn:
        return tr("Kubeconfig");
    }
    return {};
}

} // namespace minato::items
