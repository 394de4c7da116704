// SPDX-License-Identifier: Apache-2.0
#include "operationsworkload.h"

#include "export/operations.h"

namespace minato::changes {

namespace {

    bool isOneOf(const QString& kind, std::initializer_list<QLatin1String> kinds)
    {
        for (QLatin1String k : kinds) {
            if (kind == k)
                return true;
        }
        return false;
    }

} // namespace

Expected<Change> scaleChange(const QString& cluster, const QJsonObject& before, int replicas)
{
    const QString kind = before.value(QLatin1String("kind")).toString();
    if (!isOneOf(kind, { QLatin1String("Deployment"), QLatin1String("StatefulSet"), QLatin1String("ReplicaSet") }))
        return operationRefused(QStringLiteral("cannot scale a %1: only Deployments, StatefulSets and ReplicaSets")
                                    .arg(kind.isEmpty() ? QStringLiteral("object without kind") : kind));
    if (replicas < 0)
        return operationRefused(QStringLiteral("replicas must be 0 or more, not %1").arg(replicas));
    const QJsonObject spec = before.value(QLatin1String("spec")).toObject();
    // The API's default for an absent spec.replicas is 1.
    const int current = spec.value(QLatin1String("replicas")).toInt(1);
    const QJsonObject patch { { QStringLiteral("spec"), QJsonObject { { QStringLiteral("replicas"), replicas } } } };
    Change change = patchChange(
        QStringLiteral("scale"), cluster, before, patch, QStringLiteral("%1 → %2").arg(current).arg(replicas));
    if (current == replicas)
        change.warnings << QStringLiteral("%1 already has %2 replicas").arg(describe(change.target)).arg(replicas);
    return change;
}

Expected<Change> restartChange(const QString& cluster, const QJsonObject& before, const QDateTime& at)
{
    const QString kind = before.value(QLatin1String("kind")).toString();
    if (!isOneOf(kind, { QLatin1String("Deployment"), QLatin1String("StatefulSet"), QLatin1String("DaemonSet") }))
        return operationRefused(
            QStringLiteral("cannot restart a %1: only Deployments, StatefulSets and DaemonSets roll their pods")
                .arg(kind.isEmpty() ? QStringLiteral("object without kind") : kind));
    if (!at.isValid())
        return operationRefused(QStringLiteral("restart needs a time for kubectl.kubernetes.io/restartedAt"));
    const QJsonObject spec = before.value(QLatin1String("spec")).toObject();
    // kubectl refuses the same: a paused Deployment would not roll until resumed.
    if (kind == QLatin1String("Deployment") && spec.value(QLatin1String("paused")).toBool())
        return operationRefused(
            QStringLiteral("cannot restart paused Deployment %1 (run rollout resume first)")
                .arg(before.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString()));
    const QString stamp = at.toUTC().toString(Qt::ISODate); // "2026-11-25T10:16:56Z": RFC 3339
    const QJsonObject patch { { QStringLiteral("spec"),
        QJsonObject { { QStringLiteral("template"),
            QJsonObject { { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("annotations"),
                    QJsonObject { { QStringLiteral("kubectl.kubernetes.io/restartedAt"), stamp } } } } } } } } } };
    return patchChange(QStringLiteral("restart"), cluster, before, patch, QStringLiteral("at ") + stamp);
}

} // namespace minato::changes
