// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/internedstring.h"
#include "fleet/labelset.h"
#include "fleet/resourceversion.h"

#include <QByteArray>
#include <QString>
#include <QUuid>

namespace minato::fleet {

// The controlling ownerReference (controller: true), else the first one: what "owned by"
// means in tables and what grouping pods under their workload needs.
struct OwnerRef
{
    InternedString kind; // "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "Node" …
    InternedString name;

    bool isSet() const { return !name.isNull(); }
};

// What every projection carries from metadata. Timestamps are seconds since the epoch,
// 0 when absent. The uid is parsed into 16 bytes; a uid that is not a UUID (synthetic test
// objects) maps to a name-based UUID of its text, so identity still holds.
struct ObjectMeta
{
    QUuid uid;
    QString name;
    InternedString namespaceName; // null for cluster-scoped objects
    ResourceVersion resourceVersion; // opaque: compared for equality only, never numerically
    qint64 creationTimestamp = 0;
    qint64 deletionTimestamp = 0;
    qint64 generation = 0;
    LabelSet labels; // kept for kinds whose views or analyses select or group by labels
    OwnerRef owner;

    // "namespace/name", or "name" for cluster-scoped objects: the row id of views.
    QString id() const { return namespaceName.isEmpty() ? name : namespaceName.toString() + QLatin1Char('/') + name; }
    bool isTerminating() const { return deletionTimestamp != 0; }
};

enum class ConditionStatus : quint8
{
    Absent,
    True,
    False,
    Unknown
};

// "True", "False", "Unknown" as the API writes them; empty for a condition that is not set.
inline QString conditionStatusName(ConditionStatus status)
{
    switch (status) {
    case ConditionStatus::True:
        return QStringLiteral("True");
    case ConditionStatus::False:
        return QStringLiteral("False");
    case ConditionStatus::Unknown:
        return QStringLiteral("Unknown");
    case ConditionStatus::Absent:
        break;
    }
    return {};
}

// A condition without its message: pods keep two of these, so they stay small.
struct ConditionInfo
{
    InternedString reason;
    qint64 lastTransitionTime = 0;
    ConditionStatus status = ConditionStatus::Absent;

    bool isTrue() const { return status == ConditionStatus::True; }
    bool isFalse() const { return status == ConditionStatus::False; }
};

// A condition with its message, for kinds with few objects (nodes, workloads, HPAs, APIServices).
struct DetailedCondition : ConditionInfo
{
    QString message;
};

} // namespace minato::fleet
