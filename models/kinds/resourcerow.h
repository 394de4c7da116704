// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

namespace minato::kinds {

// One object as a table row, in kubectl's columns. Rendered once per change, so data() is a
// lookup; the age is the only cell that depends on the clock and is computed when asked.
struct ResourceRow
{
    QUuid uid;
    QString nameSpace;
    QString name;
    qint64 created = 0; // seconds since the epoch
    QStringList cells; // one per kind column; the Age cell is left empty
    QList<QVariant> sortKeys; // per kind column where text order would be wrong, else invalid
    int health = 0; // 0 fine, 1 pending/progressing, 2 failing
    QUuid involvedUid; // Events: the object the event is about
    QString involvedKind;
    QString involvedName;
};

// kubectl's age: "45s", "12m", "3h4m", "5d", "2y".
QString formatAge(qint64 seconds);

// The identity part every row starts from.
template <typename T> ResourceRow baseRow(const T& object)
{
    ResourceRow row;
    row.uid = object.meta.uid;
    row.nameSpace = object.meta.namespaceName.toString();
    row.name = object.meta.name;
    row.created = object.meta.creationTimestamp;
    return row;
}

// NAMESPACE, NAME, AGE: kubectl's columns for a kind without printer columns.
template <typename T> ResourceRow namespacedRow(const T& object)
{
    ResourceRow row = baseRow(object);
    row.cells = { row.nameSpace, row.name, QString() };
    return row;
}

// NAME, AGE: the same for a cluster-scoped kind.
template <typename T> ResourceRow clusterRow(const T& object)
{
    ResourceRow row = baseRow(object);
    row.cells = { row.name, QString() };
    return row;
}

} // namespace minato::kinds
