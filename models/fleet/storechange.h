// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <QList>
#include <QMetaType>
#include <QUuid>

namespace minato::fleet {

// What changed in one kind of a ClusterStore since the previous notification, by uid. An
// object added and removed in between is in neither list; one added then changed is only
// in `added`. Removed uids are gone from the store: receivers find their rows by their own
// uid index.
struct KindChange
{
    WatchedKind kind = WatchedKind::Pods;
    QList<QUuid> added;
    QList<QUuid> modified;
    QList<QUuid> removed;
};

// One batched notification of a ClusterStore (at most one per batch interval).
struct StoreChange
{
    QList<KindChange> kinds; // only kinds that changed, in WatchedKind order
    bool metricsChanged = false; // a new metrics.k8s.io sample arrived

    const KindChange* find(WatchedKind kind) const
    {
        for (const KindChange& change : kinds) {
            if (change.kind == kind)
                return &change;
        }
        return nullptr;
    }
    bool touches(WatchedKind kind) const { return find(kind) != nullptr; }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::StoreChange)
