// SPDX-License-Identifier: Apache-2.0
#include "kindtreemodel.h"

#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"

namespace minato::items {

using fleet::WatchedKind;

namespace {
constexpr quintptr TopLevel = 0;
}

KindTreeModel::KindTreeModel(const kinds::KindRegistry& kinds, QObject* parent)
    : QAbstractItemModel(parent)
    , m_registry(kinds)
{
    m_refreshTimer.setInterval(500);
    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &KindTreeModel::refreshCounts);
}

void KindTreeModel::setSessions(const QList<fleet::ClusterSession*>& sessions)
{
    QList<fleet::ClusterStore*> stores;
    QSet<WatchedKind> served;
    bool discovered = false;
    for (fleet::ClusterSession* session : sessions) {
        stores << session->store();
        const auto& versions = session->watchPlan().groupVersions;
        for (auto it = versions.begin(); it != versions.end(); ++it)
            served.insert(it.key());
        discovered = discovered || !versions.isEmpty();
    }
    if (!discovered) {
        for (WatchedKind kind : fleet::allWatchedKinds())
            served.insert(kind);
    }
    setStores(stores, served);
}

void KindTreeModel::setStores(const QList<fleet::ClusterStore*>& stores, const QSet<WatchedKind>& served)
{
    for (const auto& connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_stores.clear();
    for (fleet::ClusterStore* store : stores) {
        m_stores << store;
        m_connections << connect(store, &fleet::ClusterStore::changed, this, &KindTreeModel::scheduleRefresh);
    }
    beginResetModel();
    rebuild(served);
    endResetModel();
}

void KindTreeModel::rebuild(const QSet<WatchedKind>& served)
{
    m_groups.clear();
    for (WatchedKind kind : fleet::allWatchedKinds()) {
        if (!served.contains(kind))
            continue;
        QString group = m_registry.descriptor(kind).spec().sources.constFirst().group;
        if (group.isEmpty())
            group = QStringLiteral("core");
        auto it = std::find_if(m_groups.begin(), m_groups.end(), [&](const Group& g) { return g.name == group; });
        if (it == m_groups.end())
            it = m_groups.insert(m_groups.end(), Group { group, {}, {} });
        it->kinds << kind;
        qsizetype count = 0;
        for (const auto& store : std::as_const(m_stores)) {
            if (store)
                count += store->count(kind);
        }
        it->counts << count;
    }
}

void KindTreeModel::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start();
}

void KindTreeModel::refreshCounts()
{
    for (int g = 0; g < m_groups.size(); ++g) {
        Group& group = m_groups[g];
        for (int k = 0; k < group.kinds.size(); ++k) {
            qsizetype count = 0;
            for (const auto& store : std::as_const(m_stores)) {
                if (store)
                    count += store->count(group.kinds[k]);
            }
            if (count != group.counts[k]) {
                group.counts[k] = count;
                Q_EMIT dataChanged(index(k, 0, index(g, 0)), index(k, 1, index(g, 0)));
                Q_EMIT dataChanged(index(g, 0), index(g, 1));
            }
        }
    }
}

QModelIndex KindTreeModel::indexOfKind(WatchedKind kind) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        if (const qsizetype k = m_groups[g].kinds.indexOf(kind); k >= 0)
            return createIndex(int(k), 0, quintptr(g + 1));
    }
    return {};
}

QModelIndex KindTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : TopLevel);
}

QModelIndex KindTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, TopLevel);
}

int KindTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() > 0 || parent.internalId() != TopLevel)
        return 0;
    return int(m_groups[parent.row()].kinds.size());
}

int KindTreeModel::columnCount(const QModelIndex&) const
{
    return 2;
}

QVariant KindTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == TopLevel) {
        const Group& group = m_groups[index.row()];
        qsizetype total = 0;
        for (qsizetype c : group.counts)
            total += c;
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == 0 ? QVariant(group.name) : QVariant(qlonglong(total));
        case SortRole:
            return index.column() == 0 ? QVariant(group.name) : QVariant(qlonglong(total));
        case KindRole:
            return -1;
        case CountRole:
            return qlonglong(total);
        }
        return {};
    }
    const Group& group = m_groups[int(index.internalId() - 1)];
    const WatchedKind kind = group.kinds[index.row()];
    const qsizetype count = group.counts[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? QVariant(m_registry.kindName(kind)) : QVariant(qlonglong(count));
    case Qt::ToolTipRole:
        return m_registry.aliases(kind).join(QStringLiteral(", "));
    case SortRole:
        return index.column() == 0 ? QVariant(m_registry.kindName(kind)) : QVariant(qlonglong(count));
    case KindRole:
        return int(kind);
    case CountRole:
        return qlonglong(count);
    case Qt::TextAlignmentRole:
        return index.column() == 1 ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    return {};
}

QVariant KindTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Kind") : tr("Count");
}

} // namespace minato::items
