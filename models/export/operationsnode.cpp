// SPDX-License-Identifier: Apache-2.0
#include "operationsnode.h"

#include "export/operations.h"

namespace minato::changes {

namespace {

    Expected<Change> unschedulableChange(
        const QString& operation, const QString& cluster, const QJsonObject& node, bool unschedulable)
    {
        if (node.value(QLatin1String("kind")).toString() != QLatin1String("Node"))
            return operationRefused(QStringLiteral("cannot %1 a %2: only Nodes")
                                        .arg(operation, node.value(QLatin1String("kind")).toString()));
        const QJsonValue value = unschedulable ? QJsonValue(true) : QJsonValue(QJsonValue::Null);
        const QJsonObject patch { { QStringLiteral("spec"),
            QJsonObject { { QStringLiteral("unschedulable"), value } } } };
        Change change = patchChange(operation, cluster, node, patch, {});
        const bool now = node.value(QLatin1String("spec")).toObject().value(QLatin1String("unschedulable")).toBool();
        // kubectl says "already cordoned" and sends nothing; the patch stays harmless to apply.
        if (now == unschedulable)
            change.warnings << QStringLiteral("%1 is already %2")
                                   .arg(describe(change.target),
                                       unschedulable ? QStringLiteral("cordoned") : QStringLiteral("schedulable"));
        return change;
    }

} // namespace

Expected<Change> cordonChange(const QString& cluster, const QJsonObject& node)
{
    return unschedulableChange(QStringLiteral("cordon"), cluster, node, true);
}

Expected<Change> uncordonChange(const QString& cluster, const QJsonObject& node)
{
    return unschedulableChange(QStringLiteral("uncordon"), cluster, node, false);
}

} // namespace minato::changes
