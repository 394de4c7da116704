// SPDX-License-Identifier: Apache-2.0
#include "servertablemodel.h"

#include "kinds/resourcerow.h"
#include "resourcetablemodel.h"
#include "util/rfc3339.h"

#include <QDateTime>
#include <QSet>

namespace minato::items {

using fleet::ServerTable;

ServerTableModel::ServerTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

ServerTableModel::~ServerTableModel() = default;

void ServerTableModel::reset(const QString& resource, const QStringList& clusters)
{
    beginResetModel();
    m_resource = resource;
    m_clusters = clusters;
    m_columns.clear();
    m_rows.clear();
    m_index.clear();
    m_problems.clear();
    endResetModel();
    Q_EMIT problemsChanged();
}

QString ServerTableModel::keyOf(const QString& cluster, const ServerTable::Row& row)
{
    return cluster + QLatin1Char('\n')
        + (row.uid.isNull() ? row.nameSpace + QLatin1Char('/') + row.name : row.uid.toString(QUuid::WithoutBraces));
}

bool ServerTableModel::addColumns(const ServerTable& table)
{
    bool added = false;
    if (m_columns.isEmpty()) {
        // kubectl get -A puts NAMESPACE first; the server's table leaves it to the client.
        for (const ServerTable::Row& row : table.rows) {
            if (!row.nameSpace.isEmpty()) {
                m_columns.append({ QStringLiteral("Namespace"), QStringLiteral("string"), QStringLiteral("namespace"), 0 });
                added = true;
                break;
            }
        }
    }
    for (const ServerTable::Column& column : table.columns) {
        if (column.priority != 0)
            continue;
        const bool known = std::any_of(m_columns.cbegin(), m_columns.cend(),
            [&](const ServerTable::Column& have) { return have.name == column.name; });
        if (!known) {
            m_columns.append(column);
            added = true;
        }
    }
    return added;
}

ServerTableModel::Entry ServerTableModel::entryOf(
    const QString& cluster, const ServerTable& table, const ServerTable::Row& row) const
{
    Entry entry { cluster, row, {} };
    entry.row.cells.clear();
    for (const ServerTable::Column& column : m_columns) {
        QString cell;
        if (column.format == QLatin1String("namespace")) {
            cell = row.nameSpace;
        } else {
            for (qsizetype i = 0; i < table.columns.size(); ++i) {
                if (table.columns[i].name == column.name)
                    cell = row.cells.value(i);
            }
        }
        qint64 date = -1;
        if (column.type == QLatin1String("date"))
            date = parseRfc3339(cell.toStdString()).value_or(-1);
        entry.row.cells << cell;
        entry.dates << date;
    }
    return entry;
}

void ServerTableModel::setTable(const QString& cluster, const ServerTable& table)
{
    if (m_problems.remove(cluster))
        Q_EMIT problemsChanged();
    if (addColumns(table)) {
        // Rows of other clusters keep their cells under the old columns and gain empty ones.
        beginResetModel();
        for (Entry& entry : m_rows) {
            while (entry.row.cells.size() < m_columns.size()) {
                entry.row.cells << QString();
                entry.dates << -1;
            }
        }
        m_rows.removeIf([&](const Entry& entry) { return entry.cluster == cluster; });
        for (const ServerTable::Row& row : table.rows)
            m_rows.append(entryOf(cluster, table, row));
        reindex();
        endResetModel();
        return;
    }
    QList<Entry> fresh;
    QSet<QString> keys;
    fresh.reserve(table.rows.size());
    for (const ServerTable::Row& row : table.rows) {
        fresh.append(entryOf(cluster, table, row));
        keys.insert(keyOf(cluster, row));
    }
    removeClusterRowsExcept(cluster, keys);
    QList<Entry> added;
    for (Entry& entry : fresh) {
        const auto it = m_index.constFind(keyOf(cluster, entry.row));
        if (it == m_index.cend()) {
            added.append(std::move(entry));
            continue;
        }
        Entry& have = m_rows[*it];
        if (have.row == entry.row && have.dates == entry.dates)
            continue;
        have = std::move(entry);
        Q_EMIT dataChanged(index(*it, 0), index(*it, columnCount() - 1));
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
        m_rows += added;
        reindex();
        endInsertRows();
    }
}

void ServerTableModel::removeClusterRowsExcept(const QString& cluster, const QSet<QString>& keep)
{
    for (int r = int(m_rows.size()) - 1; r >= 0; --r) {
        if (m_rows[r].cluster != cluster || keep.contains(keyOf(cluster, m_rows[r].row)))
            continue;
        int first = r; // remove runs of neighbours in one step
        while (first > 0 && m_rows[first - 1].cluster == cluster && !keep.contains(keyOf(cluster, m_rows[first - 1].row)))
            --first;
        beginRemoveRows({}, first, r);
        m_rows.remove(first, r - first + 1);
        endRemoveRows();
        r = first;
    }
    reindex();
}

void ServerTableModel::setProblem(const QString& cluster, const QString& message)
{
    m_problems.insert(cluster, message);
    removeClusterRowsExcept(cluster, {});
    Q_EMIT problemsChanged();
}

QStringList ServerTableModel::problems() const
{
    QStringList out;
    for (const QString& cluster : m_clusters) {
        if (m_problems.contains(cluster))
            out << cluster + QStringLiteral(": ") + m_problems.value(cluster);
    }
    return out;
}

void ServerTableModel::reindex()
{
    m_index.clear();
    for (int r = 0; r < m_rows.size(); ++r)
        m_index.insert(keyOf(m_rows[r].cluster, m_rows[r].row), r);
}

qint64 ServerTableModel::now() const
{
    return m_now ? m_now : QDateTime::currentSecsSinceEpoch();
}

QString ServerTableModel::clusterAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].cluster : QString();
}

const ServerTable::Row* ServerTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row].row : nullptr;
}

int ServerTableModel::rowOf(const QString& cluster, const QString& nameSpace, const QString& name) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        const Entry& entry = m_rows[r];
        if (entry.cluster == cluster && entry.row.nameSpace == nameSpace && entry.row.name == name)
            return r;
    }
    return -1;
}

int ServerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServerTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size()) + 1;
}

QVariant ServerTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Entry& entry = m_rows[index.row()];
    const int column = index.column() - 1;
    switch (role) {
    case ResourceTableModel::UidRole:
        return entry.row.uid;
    case ResourceTableModel::ClusterRole:
        return entry.cluster;
    case ResourceTableModel::NamespaceRole:
        return entry.row.nameSpace;
    case ResourceTableModel::NameRole:
        return entry.row.name;
    case ResourceTableModel::SortRole:
        if (column < 0)
            return entry.cluster;
        if (entry.dates.value(column, -1) >= 0)
            return -entry.dates[column]; // youngest first reads as "smallest age"
        if (const QString& type = m_columns[column].type; type == QLatin1String("integer") || type == QLatin1String("number")) {
            bool ok = false;
            const double value = entry.row.cells[column].toDouble(&ok);
            if (ok)
                return value;
        }
        return entry.row.cells.value(column);
    case Qt::DisplayRole:
        if (column < 0)
            return entry.cluster;
        if (entry.dates.value(column, -1) >= 0)
            return kinds::formatAge(now() - entry.dates[column]);
        return entry.row.cells.value(column);
    default:
        return {};
    }
}

QVariant ServerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == ClusterColumn)
        return QStringLiteral("CLUSTER");
    return m_columns.value(section - 1).name.toUpper();
}

} // namespace minato::items
