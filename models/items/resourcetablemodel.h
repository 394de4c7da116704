// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/storechange.h"
#include "fleet/watchedkind.h"
#include "kinds/kindregistry.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace minato::fleet {
class ClusterStore;
}

namespace minato::items {

// One kind from one or many clusters, in kubectl's columns with a CLUSTER column first.
// Follows the stores' change batches with row inserts, removals and dataChanged; it resets
// only when the kind or the set of clusters changes.
class ResourceTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles
    {
        SortRole = Qt::UserRole,
        UidRole, // QUuid
        ClusterRole,
        NamespaceRole,
        NameRole,
        HealthRole, // 0 fine, 1 pending, 2 failing
        InvolvedUidRole, // Events: the object's uid
        InvolvedNameRole,
    };
    static constexpr int ClusterColumn = 0;

    // `kinds` must outlive the model.
    explicit ResourceTableModel(const kinds::KindRegistry& kinds, QObject* parent = nullptr);
    ~ResourceTableModel() override;

    struct Source
    {
        QString cluster;
        QPointer<fleet::ClusterStore> store;
    };
    void setKind(fleet::WatchedKind kind);
    fleet::WatchedKind kind() const { return m_kind; }
    const kinds::KindRegistry& registry() const { return m_kinds; }
    void setSources(const QList<Source>& sources);
    QStringList clusters() const;
    // The clock ages are computed against (tests pin it); 0 means the real clock.
    void setNow(qint64 secondsSinceEpoch) { m_now = secondsSinceEpoch; }

    const kinds::ResourceRow* rowAt(int row) const;
    QString clusterAt(int row) const;
    int rowOf(const QString& cluster, const QUuid& uid) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        int source;
        kinds::ResourceRow row;
    };
    void reload();
    void applyChange(int source, const fleet::StoreChange& change);
    void reindex();
    qint64 now() const;

    const kinds::KindRegistry& m_kinds;
    fleet::WatchedKind m_kind = fleet::WatchedKind::Pods;
    QList<Source> m_sources;
    QList<QMetaObject::Connection> m_connections;
    QStringList m_columns;
    int m_ageColumn = -1;
    QList<Entry> m_rows;
    QList<QHash<QUuid, int>> m_index; // per source: uid → row
    qint64 m_now = 0;
};

} // namespace minato::items
