// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"
#include "kinds/kindregistry.h"

#include <QAbstractItemModel>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace minato::fleet {
class ClusterStore;
class ClusterSession;
} // namespace minato::fleet

namespace minato::items {

// The kinds the selected clusters serve, under their API group ("core", "apps",
// "crd.projectcalico.org" …), each with its object count summed over those clusters.
class KindTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Roles
    {
        SortRole = Qt::UserRole,
        KindRole, // int(WatchedKind) on kind rows, -1 on group rows
        CountRole,
    };

    explicit KindTreeModel(const kinds::KindRegistry& kinds, QObject* parent = nullptr);

    // Which kinds exist comes from the sessions' discovery (all kinds until one has run).
    void setSessions(const QList<fleet::ClusterSession*>& sessions);
    // Tests: stores and the served kinds directly.
    void setStores(const QList<fleet::ClusterStore*>& stores, const QSet<fleet::WatchedKind>& served);
    QModelIndex indexOfKind(fleet::WatchedKind kind) const;
    void refreshCounts();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group
    {
        QString name;
        QList<fleet::WatchedKind> kinds;
        QList<qsizetype> counts;
    };
    void rebuild(const QSet<fleet::WatchedKind>& served);
    void scheduleRefresh();

    const kinds::KindRegistry& m_registry;
    QList<QPointer<fleet::ClusterStore>> m_stores;
    QList<Group> m_groups;
    QList<QMetaObject::Connection> m_connections;
    QTimer m_refreshTimer;
};

} // namespace minato::items
