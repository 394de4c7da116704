// SPDX-License-Identifier: Apache-2.0
#include "resourcetablemodel.h"

#include "fleet/clusterstore.h"

#include <QDateTime>

#include <algorithm>

namespace minato::items {

ResourceTableModel::ResourceTableModel(const kinds::KindRegistry& kinds, QObject* parent)
    : QAbstractTableModel(parent)
    , m_kinds(kinds)
{
    m_columns = m_kinds.descriptor(m_kind).columns;
    m_ageColumn = m_kinds.descriptor(m_kind).ageColumn();
}

ResourceTableModel::~ResourceTableModel() = default;

void ResourceTableModel::setKind(fleet::WatchedKind kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    reload();
}

void ResourceTableModel::setSources(const QList<Source>& sources)
{
    for (const auto& connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    m_sources = sources;
    for (int i = 0; i < m_sources.size(); ++i) {
        if (!m_sources[i].store)
            continue;
        m_connections << connect(m_sources[i].store, &fleet::ClusterStore::changed, this,
            [this, i](const fleet::StoreChange& change) { applyChange(i, change); });
    }
    reload();
}

QStringList ResourceTableModel::clusters() const
{
    QStringList names;
    for (const auto& source : m_sources)
        names << source.cluster;
    return names;
}

void ResourceTableModel::reload()
{
    beginResetModel();
    const kinds::KindDescriptor& kind = m_kinds.descriptor(m_kind);
    m_columns = kind.columns;
    m_ageColumn = kind.ageColumn();
    m_rows.clear();
    for (int i = 0; i < m_sources.size(); ++i) {
        if (const fleet::ClusterStore* store = m_sources[i].store)
            kind.rows.forEach(*store, [&](kinds::ResourceRow&& row) { m_rows.append(Entry { i, std::move(row) }); });
    }
    // Hash order is arbitrary; a stable base order keeps an unsorted view from jumping.
    std::stable_sort(m_rows.begin(), m_rows.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.source, a.row.nameSpace, a.row.name) < std::tie(b.source, b.row.nameSpace, b.row.name);
    });
    reindex();
    endResetModel();
}

void ResourceTableModel::reindex()
{
    m_index = QList<QHash<QUuid, int>>(m_sources.size());
    for (int r = 0; r < m_rows.size(); ++r)
        m_index[m_rows[r].source].insert(m_rows[r].row.uid, r);
}

void ResourceTableModel::applyChange(int source, const fleet::StoreChange& change)
{
    const fleet::KindChange* delta = change.find(m_kind);
    const fleet::ClusterStore* store = m_sources.value(source).store;
    if (!delta || !store)
        return;

    if (!delta->removed.isEmpty()) {
        QList<int> rows;
        for (const QUuid& uid : delta->removed) {
            if (const int r = m_index[source].value(uid, -1); r >= 0)
                rows << r;
        }
        std::sort(rows.begin(), rows.end(), std::greater<>());
        // Contiguous runs go in one removal, so a relist that drops a namespace is not N signals.
        for (qsizetype i = 0; i < rows.size();) {
            qsizetype j = i;
            while (j + 1 < rows.size() && rows[j + 1] == rows[j] - 1)
                ++j;
            beginRemoveRows({}, rows[j], rows[i]);
            m_rows.remove(rows[j], rows[i] - rows[j] + 1);
            endRemoveRows();
            i = j + 1;
        }
        reindex();
    }

    for (const QUuid& uid : delta->modified) {
        const int r = m_index[source].value(uid, -1);
        if (r < 0)
            continue;
        if (auto row = m_kinds.descriptor(m_kind).rows.one(*store, uid)) {
            m_rows[r].row = std::move(*row);
            Q_EMIT dataChanged(index(r, 0), index(r, columnCount() - 1));
        }
    }

    QList<Entry> added;
    for (const QUuid& uid : delta->added) {
        if (m_index[source].contains(uid))
            continue;
        if (auto row = m_kinds.descriptor(m_kind).rows.one(*store, uid))
            added.append(Entry { source, std::move(*row) });
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (Entry& entry : added) {
            m_index[source].insert(entry.row.uid, int(m_rows.size()));
            m_rows.append(std::move(entry));
        }
        endInsertRows();
    }
}

const kinds::ResourceRow* ResourceTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row].row : nullptr;
}

QString ResourceTableModel::clusterAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_sources[m_rows[row].source].cluster : QString();
}

int ResourceTableModel::rowOf(const QString& cluster, const QUuid& uid) const
{
    for (int i = 0; i < m_sources.size(); ++i) {
        if (m_sources[i].cluster == cluster)
            return m_index.value(i).value(uid, -1);
    }
    return -1;
}

qint64 ResourceTableModel::now() const
{
    return m_now ? m_now : QDateTime::currentSecsSinceEpoch();
}

int ResourceTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResourceTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size()) + 1;
}

QVariant ResourceTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry& entry = m_rows[index.row()];
    const kinds::ResourceRow& row = entry.row;
    const int column = index.column() - 1;
    switch (role) {
    case UidRole:
        return row.uid;
    case ClusterRole:
        return m_sources[entry.source].cluster;
    case NamespaceRole:
        return row.nameSpace;
    case NameRole:
        return row.name;
    case HealthRole:
        return row.health;
    case InvolvedUidRole:
        return row.involvedUid;
    case InvolvedNameRole:
        return row.involvedName;
    case SortRole:
        if (column == m_ageColumn)
            return -row.created; // youngest first reads as "smallest age"
        if (column >= 0 && column < row.sortKeys.size() && row.sortKeys[column].isValid())
            return row.sortKeys[column];
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        if (column < 0)
            return m_sources[entry.source].cluster;
        if (column == m_ageColumn)
            return row.created ? kinds::formatAge(now() - row.created) : QStringLiteral("<unknown>");
        return row.cells.value(column);
    }
    return {};
}

QVariant ResourceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == ClusterColumn ? QStringLiteral("CLUSTER") : m_columns.value(section - 1);
}

} // namespace minato::items
