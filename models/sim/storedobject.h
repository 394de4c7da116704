// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include <memory>

namespace minato::sim {

// key → value pairs: an object's labels, or the field selector values of its kind.
using FieldValues = QList<QPair<QByteArray, QByteArray>>;

// One version of one object, immutable once stored so that the current map, the event log
// and list snapshots can share it without copying. The JSON is kept serialized: the server
// answers with bytes, and bytes are several times smaller than a parsed document.
struct StoredObject
{
    QByteArray key; // "namespace/name" or "name": the sort order of etcd keys
    QByteArray nameSpace;
    QByteArray name;
    QByteArray uid;
    QByteArray creationTimestamp;
    FieldValues labels;
    FieldValues fields; // the kind's selectable fields (spec.nodeName …)
    QByteArray body; // compact JSON without kind and apiVersion
    quint64 resourceVersion = 0;
};

using ObjectPtr = std::shared_ptr<const StoredObject>;

} // namespace minato::sim
