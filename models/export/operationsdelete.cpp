// SPDX-License-Identifier: Apache-2.0
#include "operationsdelete.h"

#include "export/operations.h"

#include <QJsonArray>
#include <QMap>
#include <QSet>

namespace minato::changes {

namespace {

    QJsonObject metadataOf(const QJsonObject& object)
    {
        return object.value(QLatin1String("metadata")).toObject();
    }

    bool ownedByAny(const QJsonObject& object, const QSet<QString>& owners)
    {
        for (const QJsonValue& ref : metadataOf(object).value(QLatin1String("ownerReferences")).toArray()) {
            if (owners.contains(ref.toObject().value(QLatin1String("uid")).toString()))
                return true;
        }
        return false;
    }

    // Dependents by kind, following ownerReferences transitively (Deployment → ReplicaSet → Pod).
    QJsonArray dependentsOf(const QString& uid, const QList<QJsonObject>& related)
    {
        QSet<QString> owners { uid };
        QSet<qsizetype> taken;
        QMap<QString, QStringList> byKind;
        for (bool grew = !uid.isEmpty(); grew;) {
            grew = false;
            for (qsizetype i = 0; i < related.size(); ++i) {
                if (taken.contains(i) || !ownedByAny(related.at(i), owners))
                    continue;
                const QJsonObject metadata = metadataOf(related.at(i));
                taken.insert(i);
                owners.insert(metadata.value(QLatin1String("uid")).toString());
                byKind[related.at(i).value(QLatin1String("kind")).toString()]
                    << metadata.value(QLatin1String("name")).toString();
                grew = true;
            }
        }
        QJsonArray dependents;
        for (auto it = byKind.begin(); it != byKind.end(); ++it) {
            QStringList names = it.value();
            names.sort();
            dependents.append(
                QJsonObject { { QStringLiteral("kind"), it.key() }, { QStringLiteral("count"), int(names.size()) },
                    { QStringLiteral("names"), QJsonArray::fromStringList(names) } });
        }
        return dependents;
    }

    QStringList notesFor(const QJsonObject& before)
    {
        const QString kind = before.value(QLatin1String("kind")).toString();
        const QJsonObject spec = before.value(QLatin1String("spec")).toObject();
        QStringList notes;
        if (kind == QLatin1String("Namespace"))
            notes << QStringLiteral("every object in the namespace is deleted with it");
        if (kind == QLatin1String("StatefulSet")
            && !spec.value(QLatin1String("volumeClaimTemplates")).toArray().isEmpty()) {
            const QString whenDeleted = spec.value(QLatin1String("persistentVolumeClaimRetentionPolicy"))
                                            .toObject()
                                            .value(QLatin1String("whenDeleted"))
                                            .toString(QStringLiteral("Retain"));
            notes << (whenDeleted == QLatin1String("Delete")
                    ? QStringLiteral(
                        "its PersistentVolumeClaims are deleted too (persistentVolumeClaimRetentionPolicy)")
                    : QStringLiteral("its PersistentVolumeClaims are kept (persistentVolumeClaimRetentionPolicy "
                                     "whenDeleted: Retain)"));
        }
        if (kind == QLatin1String("Node"))
            notes << QStringLiteral("pods on the node are not evicted: drain it first");
        if (!metadataOf(before).value(QLatin1String("finalizers")).toArray().isEmpty())
            notes << QStringLiteral("finalizers keep the object until their controllers remove them");
        return notes;
    }

} // namespace

Expected<Change> deletePlanChange(
    const QString& cluster, const QJsonObject& before, const QString& uid, const QList<QJsonObject>& related)
{
    Change change;
    change.operation = QStringLiteral("delete");
    change.target = objectRefOf(cluster, before);
    if (change.target.kind.isEmpty() || change.target.name.isEmpty())
        return operationRefused(QStringLiteral("cannot plan deleting an object without kind and name"));
    change.before = before;
    const QJsonArray dependents = dependentsOf(uid, related);
    QJsonObject spec { { QStringLiteral("command"), kubectlCommand(change.target, QStringLiteral("delete")) },
        { QStringLiteral("propagationPolicy"), QStringLiteral("Background") },
        { QStringLiteral("dependents"), dependents } };
    const QStringList notes = notesFor(before);
    if (!notes.isEmpty())
        spec.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    change.plan = planDocument(QStringLiteral("DeletePlan"), change.target, spec);
    QStringList counts;
    for (const QJsonValue& dependent : dependents) {
        const int count = dependent.toObject().value(QLatin1String("count")).toInt();
        const QString kind = dependent.toObject().value(QLatin1String("kind")).toString();
        counts << QStringLiteral("%1 %2%3").arg(count).arg(
            kind, count > 1 && !kind.endsWith(QLatin1Char('s')) ? QStringLiteral("s") : QString());
    }
    change.summary
        = QStringLiteral("delete %1 (plan only%2)")
              .arg(describe(change.target),
                  counts.isEmpty() ? QString() : QStringLiteral(", with ") + counts.join(QStringLiteral(", ")));
    return change;
}

} // namespace minato::changes
