// SPDX-License-Identifier: Apache-2.0
#include "operations.h"

#include "export/jsonmergepatch.h"

#include <QSet>

namespace minato::changes {

namespace {

    // The groups kube-apiserver serves itself (k8s.io/kubernetes pkg/apis). Groups ending in
    // ".k8s.io" are not enough: gateway.networking.k8s.io and snapshot.storage.k8s.io are CRDs.
    bool isBuiltInGroup(const QString& group)
    {
        static const QSet<QString> groups {
            QString(),
            QStringLiteral("apps"),
            QStringLiteral("batch"),
            QStringLiteral("autoscaling"),
            QStringLiteral("policy"),
            QStringLiteral("extensions"),
            QStringLiteral("admissionregistration.k8s.io"),
            QStringLiteral("apiextensions.k8s.io"),
            QStringLiteral("apiregistration.k8s.io"),
            QStringLiteral("authentication.k8s.io"),
            QStringLiteral("authorization.k8s.io"),
            QStringLiteral("certificates.k8s.io"),
            QStringLiteral("coordination.k8s.io"),
            QStringLiteral("discovery.k8s.io"),
            QStringLiteral("events.k8s.io"),
            QStringLiteral("flowcontrol.apiserver.k8s.io"),
            QStringLiteral("internal.apiserver.k8s.io"),
            QStringLiteral("networking.k8s.io"),
            QStringLiteral("node.k8s.io"),
            QStringLiteral("rbac.authorization.k8s.io"),
            QStringLiteral("resource.k8s.io"),
            QStringLiteral("scheduling.k8s.io"),
            QStringLiteral("storage.k8s.io"),
            QStringLiteral("storagemigration.k8s.io"),
        };
        return groups.contains(group);
    }

} // namespace

PatchType patchTypeFor(const QString& apiVersion)
{
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    return isBuiltInGroup(group) ? PatchType::StrategicMerge : PatchType::JsonMerge;
}

ObjectRef objectRefOf(const QString& cluster, const QJsonObject& manifest)
{
    const QJsonObject metadata = manifest.value(QLatin1String("metadata")).toObject();
    return ObjectRef { cluster, manifest.value(QLatin1String("apiVersion")).toString(),
        manifest.value(QLatin1String("kind")).toString(), metadata.value(QLatin1String("namespace")).toString(),
        metadata.value(QLatin1String("name")).toString() };
}

QString describe(const ObjectRef& ref)
{
    return ref.kind + QLatin1Char(' ')
        + (ref.namespaceName.isEmpty() ? ref.name : ref.namespaceName + QLatin1Char('/') + ref.name);
}

Change patchChange(const QString& operation, const QString& cluster, const QJsonObject& before,
    const QJsonObject& patch, const QString& summaryTail)
{
    Change change;
    change.operation = operation;
    change.target = objectRefOf(cluster, before);
    change.summary = operation + QLatin1Char(' ') + describe(change.target)
        + (summaryTail.isEmpty() ? QString() : QLatin1Char(' ') + summaryTail);
    change.before = before;
    change.patchType = patchTypeFor(change.target.apiVersion);
    change.patch = patch;
    change.after = applyMergePatch(before, patch);
    return change;
}

Change creationChange(
    const QString& operation, const QString& cluster, const QJsonObject& manifest, const QString& summary)
{
    Change change;
    change.operation = operation;
    change.target = objectRefOf(cluster, manifest);
    change.summary = summary;
    change.after = manifest;
    return change;
}

QJsonObject planDocument(const QString& planKind, const ObjectRef& target, const QJsonObject& spec)
{
    QJsonObject metadata { { QStringLiteral("name"),
        QString(target.kind.toLower() + QLatin1Char('-') + target.name) } };
    if (!target.namespaceName.isEmpty())
        metadata.insert(QStringLiteral("namespace"), target.namespaceName);
    QJsonObject targetObject { { QStringLiteral("cluster"), target.cluster },
        { QStringLiteral("apiVersion"), target.apiVersion }, { QStringLiteral("kind"), target.kind },
        { QStringLiteral("name"), target.name } };
    if (!target.namespaceName.isEmpty())
        targetObject.insert(QStringLiteral("namespace"), target.namespaceName);
    QJsonObject fullSpec = spec;
    fullSpec.insert(QStringLiteral("target"), targetObject);
    return QJsonObject { { QStringLiteral("apiVersion"), QStringLiteral("plan.minato.io/v1alpha1") },
        { QStringLiteral("kind"), planKind }, { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"), fullSpec } };
}

QString kubectlCommand(const ObjectRef& target, const QString& verb)
{
    QString command = QStringLiteral("kubectl --context ") + target.cluster;
    if (!target.namespaceName.isEmpty())
        command += QStringLiteral(" -n ") + target.namespaceName;
    const qsizetype slash = target.apiVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : target.apiVersion.left(slash);
    // kind.group names custom resources unambiguously, the way kubectl accepts them.
    QString resource = target.kind.toLower();
    if (patchTypeFor(target.apiVersion) == PatchType::JsonMerge && !group.isEmpty())
        resource += QLatin1Char('.') + group;
    return command + QLatin1Char(' ') + verb + QLatin1Char(' ') + resource + QLatin1Char('/') + target.name;
}

KubeError operationRefused(const QString& message)
{
    return KubeError::make(ErrorKind::Refused, message);
}

} // namespace minato::changes
