// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storedobject.h"

#include <QByteArray>
#include <QList>

namespace minato::sim {

class ObjectStore;

// Server-side printing: meta.k8s.io Table responses for clients that send
// "Accept: application/json;as=Table;v=v1;g=meta.k8s.io" (kubectl get, Minato's generic views).
class TableWriter
{
public:
    // The Table media type the Accept header asks for, or empty if it does not.
    static QByteArray negotiate(const QByteArray& accept);

    // includeObject: None, Metadata (the default) or Object, as the query parameter says.
    TableWriter(const ObjectStore& store, int resource, const QByteArray& mediaType, const QByteArray& includeObject);

    QByteArray list(const QList<ObjectPtr>& items, const QByteArray& listMeta) const;
    // A one-row Table: a GET, or the object of one watch event.
    QByteArray single(const ObjectPtr& object) const;

private:
    QByteArray table(const QList<ObjectPtr>& items, const QByteArray& listMeta) const;

    const ObjectStore& m_store;
    int m_resource;
    QByteArray m_apiVersion;
    QByteArray m_includeObject;
    QByteArray m_columns;
};

} // namespace minato::sim
