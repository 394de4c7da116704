// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

#include <functional>
#include <optional>

namespace minato::fleet {
class ClusterStore;
}

namespace minato::items {

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

// The columns of a kind ("NAMESPACE", "NAME", "READY", "STATUS" …), and which is the age.
QStringList resourceColumns(fleet::WatchedKind kind);
int resourceAgeColumn(fleet::WatchedKind kind);
// kubectl's age: "45s", "12m", "3h4m", "5d", "2y".
QString formatAge(qint64 seconds);

// Every object of a kind in a store, rendered.
void forEachResourceRow(
    const fleet::ClusterStore& store, fleet::WatchedKind kind, const std::function<void(ResourceRow&&)>& visit);
// One object, or nothing when the store no longer has it.
std::optional<ResourceRow> renderResourceRow(const fleet::ClusterStore& store, fleet::WatchedKind kind, const QUuid& uid);

// The singular Kind ("Pod", "HorizontalPodAutoscaler") and the short names k9s users type.
QString kindDisplayName(fleet::WatchedKind kind);
QStringList kindAliases(fleet::WatchedKind kind);
std::optional<fleet::WatchedKind> kindFromText(QStringView text);

} // namespace minato::items
