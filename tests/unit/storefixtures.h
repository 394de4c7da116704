// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fills a ClusterStore from fixture objects (tests/data/objects): they are wrapped in one
// List, decoded by the kind's real decoder and applied as a complete list.

#include "fleet/clusterstore.h"
#include "testkinds.h"

#include "objectfixtures.h"

// Objects given as JSON text.
inline void feedStoreItems(minato::fleet::ClusterStore& store, minato::fleet::WatchedKind kind, const QList<QByteArray>& items)
{
    const QByteArray list
        = R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[)" + items.join(',') + "]}";
    const auto decoder
        = testCatalog().makeDecoder(kind, std::make_shared<minato::fleet::ProjectionDecoder>());
    const auto payload = decoder->decodeBody(list);
    const auto& page = static_cast<const minato::fleet::ListPage&>(*payload);
    if (page.error)
        qWarning("fixture list for %s: %s", qPrintable(minato::fleet::watchedKindName(kind)),
            qPrintable(page.error->message));
    QSet<QUuid> seen;
    store.applyPage(page, seen);
    store.finishList(kind, seen, QString());
}

inline void feedStore(minato::fleet::ClusterStore& store, minato::fleet::WatchedKind kind, const QStringList& fixtures)
{
    QList<QByteArray> items;
    for (const QString& name : fixtures)
        items << readFixture(name);
    feedStoreItems(store, kind, items);
}
