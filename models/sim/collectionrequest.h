// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiexchange.h"

#include <QMap>

namespace minato::sim {

class ObjectStore;

// A list or watch of one resource (optionally one namespace) with the apiserver's query
// parameters: labelSelector, fieldSelector, limit/continue over a consistent snapshot,
// resourceVersion(+Match), and for watches allowWatchBookmarks, sendInitialEvents and
// timeoutSeconds.
class CollectionRequest
{
public:
    CollectionRequest(
        const ObjectStore& store, int resource, const QByteArray& nameSpace, const QMap<QByteArray, QByteArray>& query);

    ApiResponse list() const;
    ApiResponse watch() const;

    // Renders items for a list; the default writes each object's JSON (Table output swaps it).
    using ListEncoder = std::function<QByteArray(const QList<ObjectPtr>& items, const QByteArray& listMeta)>;
    void setListEncoder(ListEncoder encoder) { m_listEncoder = std::move(encoder); }
    void setObjectEncoder(std::function<QByteArray(const ObjectPtr&)> encoder) { m_objectEncoder = std::move(encoder); }

private:
    std::optional<ApiResponse> parseSelectors(LabelSelector& labels, FieldSelector& fields) const;
    QByteArray defaultList(const QList<ObjectPtr>& items, const QByteArray& listMeta) const;

    const ObjectStore& m_store;
    int m_resource;
    QByteArray m_keyPrefix;
    QMap<QByteArray, QByteArray> m_query;
    ListEncoder m_listEncoder;
    std::function<QByteArray(const ObjectPtr&)> m_objectEncoder;
};

} // namespace minato::sim
