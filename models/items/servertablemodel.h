// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/servertable.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>

namespace minato::items {

// A kind the registry does not describe, from one or many clusters, in the servers' own
// columns (their default ones, priority 0) after a CLUSTER column, with the roles of
// ResourceTableModel so the browser's proxies and selection treat both alike. Fed a whole
// table per cluster (ServerTableSource); a refresh updates rows in place, keyed by uid, so
// the selection survives it. `date` columns show an age that keeps moving, as kubectl does.
class ServerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int ClusterColumn = 0;

    explicit ServerTableModel(QObject* parent = nullptr);
    ~ServerTableModel() override;

    // Forgets every row and column: a new resource or new clusters.
    void reset(const QString& resource, const QStringList& clusters);
    QString resource() const { return m_resource; }
    void setTable(const QString& cluster, const fleet::ServerTable& table);
    // The cluster could not list it: its rows go and the reason stays until a table arrives.
    void setProblem(const QString& cluster, const QString& message);
    // "cluster: reason" for every cluster without a table, in the clusters' order.
    QStringList problems() const;
    // The clock ages are computed against (tests pin it); 0 means the real clock.
    void setNow(qint64 secondsSinceEpoch) { m_now = secondsSinceEpoch; }

    QString clusterAt(int row) const;
    const fleet::ServerTable::Row* rowAt(int row) const;
    int rowOf(const QString& cluster, const QString& nameSpace, const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void problemsChanged();

private:
    struct Entry
    {
        QString cluster;
        fleet::ServerTable::Row row; // cells in m_columns order
        QList<qint64> dates; // per column: seconds since the epoch for date cells, else -1
    };
    static QString keyOf(const QString& cluster, const fleet::ServerTable::Row& row);
    // The table's cells in this model's columns; grows the columns (a reset) when it brings new ones.
    Entry entryOf(const QString& cluster, const fleet::ServerTable& table, const fleet::ServerTable::Row& row) const;
    bool addColumns(const fleet::ServerTable& table);
    void removeClusterRowsExcept(const QString& cluster, const QSet<QString>& keep);
    void reindex();
    qint64 now() const;

    QString m_resource;
    QStringList m_clusters;
    QList<fleet::ServerTable::Column> m_columns; // the union, in first-seen order, priority 0 only
    QList<Entry> m_rows;
    QHash<QString, int> m_index; // keyOf → row
    QMap<QString, QString> m_problems; // cluster → reason
    qint64 m_now = 0;
};

} // namespace minato::items
