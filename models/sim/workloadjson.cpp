// SPDX-License-Identifier: Apache-2.0
#include "sim/workloadjson.h"

#include "sim/quantity.h"

#include <QJsonArray>

#include <cmath>

namespace minato::sim {

WorkloadJson::WorkloadJson(WorldContext& context, PodJson& pods)
    : m_context(context)
    , m_pods(pods)
{ }

QJsonObject WorkloadJson::selector(const SimWorkload& w) const
{
    return QJsonObject { { QStringLiteral("matchLabels"), KubeJson::stringMap(w.selector) } };
}

QJsonObject WorkloadJson::metadata(const SimWorkload& w, const QString& manager) const
{
    const KubeJson& j = m_context.json;
    QMap<QString, QString> labels = w.selector;
    for (auto it = w.spec.labels.cbegin(); it != w.spec.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    QJsonObject m = j.metadata(w.spec.name, w.spec.nameSpace, w.uid, w.createdMs, labels);
    m.insert(QStringLiteral("generation"), w.generation);
    QJsonArray managed = j.managedFields(manager, QStringLiteral("apps/v1"), w.createdMs, {}, QStringLiteral("Apply"));
    managed.append(j.managedFields(QStringLiteral("kube-controller-manager"), QStringLiteral("apps/v1"),
                        w.progressingUpdatedMs, QStringLiteral("status"))
                       .first());
    m.insert(QStringLiteral("managedFields"), managed);
    return m;
}

QJsonObject WorkloadJson::deployment(const SimWorkload& w, int index, const WorkloadCounts& c)
{
    const KubeJson& j = m_context.json;
    QJsonObject m = metadata(w, w.system ? QStringLiteral("kubeadm") : QStringLiteral("kubectl"));
    m.insert(QStringLiteral("annotations"),
        QJsonObject { { QStringLiteral("deployment.kubernetes.io/revision"), QStringLiteral("1") } });
    QJsonObject status {
        { QStringLiteral("observedGeneration"), w.generation },
        { QStringLiteral("replicas"), c.replicas },
        { QStringLiteral("updatedReplicas"), c.replicas },
        { QStringLiteral("readyReplicas"), c.ready },
        { QStringLiteral("availableReplicas"), c.available },
    };
    if (w.desired - c.available > 0)
        status.insert(QStringLiteral("unavailableReplicas"), w.desired - c.available);
    if (c.ready == 0)
        status.remove(QStringLiteral("readyReplicas"));
    if (c.available == 0)
        status.remove(QStringLiteral("availableReplicas"));
    const auto condition = [&](const char* type, bool ok, qint64 changed, qint64 updated, const QString& reason,
                               const QString& message) {
        return QJsonObject {
            { QStringLiteral("type"), QLatin1String(type) },
            { QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False") },
            { QStringLiteral("lastUpdateTime"), j.time(updated) },
            { QStringLiteral("lastTransitionTime"), j.time(changed) },
            { QStringLiteral("reason"), reason },
            { QStringLiteral("message"), message },
        };
    };
    status.insert(QStringLiteral("conditions"),
        QJsonArray {
            w.available ? condition("Available", true, w.availableChangedMs, w.availableChangedMs,
                QStringLiteral("MinimumReplicasAvailable"), QStringLiteral("Deployment has minimum availability."))
                        : condition("Available", false, w.availableChangedMs, w.availableChangedMs,
                            QStringLiteral("MinimumReplicasUnavailable"),
                            QStringLiteral("Deployment does not have minimum availability.")),
            condition("Progressing", true, w.progressingChangedMs, w.progressingUpdatedMs, w.progressReason,
                QStringLiteral("ReplicaSet \"%1\" has successfully progressed.").arg(w.replicaSetName)),
        });
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
        { QStringLiteral("kind"), QStringLiteral("Deployment") },
        { QStringLiteral("metadata"), m },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("progressDeadlineSeconds"), 600 },
                { QStringLiteral("replicas"), w.desired },
                { QStringLiteral("revisionHistoryLimit"), 10 },
                { QStringLiteral("selector"), selector(w) },
                { QStringLiteral("strategy"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("RollingUpdate") },
                        { QStringLiteral("rollingUpdate"),
                            QJsonObject { { QStringLiteral("maxSurge"), QStringLiteral("25%") },
                                { QStringLiteral("maxUnavailable"), QStringLiteral("25%") } } } } },
                { QStringLiteral("template"), m_pods.podTemplate(w, index) },
            } },
        { QStringLiteral("status"), status },
    };
}

QJsonObject WorkloadJson::replicaSet(const SimWorkload& w, int index, const WorkloadCounts& c)
{
    const KubeJson& j = m_context.json;
    QMap<QString, QString> labels = w.selector;
    labels.insert(QStringLiteral("pod-template-hash"), w.templateHash);
    const QMap<QString, QString> annotations {
        { QStringLiteral("deployment.kubernetes.io/desired-replicas"), QString::number(w.desired) },
        { QStringLiteral("deployment.kubernetes.io/max-replicas"),
            QString::number(w.desired + int(std::ceil(w.desired * 0.25))) },
        { QStringLiteral("deployment.kubernetes.io/revision"), QStringLiteral("1") },
    };
    QJsonObject m = j.metadata(w.replicaSetName, w.spec.nameSpace, w.replicaSetUid, w.createdMs, labels, annotations);
    m.insert(QStringLiteral("generation"), w.generation);
    m.insert(QStringLiteral("ownerReferences"),
        QJsonArray {
            KubeJson::ownerReference(QStringLiteral("apps/v1"), QStringLiteral("Deployment"), w.spec.name, w.uid) });
    m.insert(QStringLiteral("managedFields"),
        j.managedFields(QStringLiteral("kube-controller-manager"), QStringLiteral("apps/v1"), w.progressingUpdatedMs,
            QStringLiteral("status")));
    QJsonObject podTemplate = m_pods.podTemplate(w, index);
    QJsonObject templateMeta = podTemplate.value(QLatin1String("metadata")).toObject();
    templateMeta.insert(QStringLiteral("labels"), KubeJson::stringMap(labels));
    podTemplate.insert(QStringLiteral("metadata"), templateMeta);
    QJsonObject status {
        { QStringLiteral("replicas"), c.replicas },
        { QStringLiteral("fullyLabeledReplicas"), c.replicas },
        { QStringLiteral("observedGeneration"), w.generation },
    };
    if (c.ready > 0)
        status.insert(QStringLiteral("readyReplicas"), c.ready);
    if (c.available > 0)
        status.insert(QStringLiteral("availableReplicas"), c.available);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
        { QStringLiteral("kind"), QStringLiteral("ReplicaSet") },
        { QStringLiteral("metadata"), m },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("replicas"), w.desired },
                { QStringLiteral("selector"),
                    QJsonObject { { QStringLiteral("matchLabels"), KubeJson::stringMap(labels) } } },
                { QStringLiteral("template"), podTemplate },
            } },
        { QStringLiteral("status"), status },
    };
}

QJsonObject WorkloadJson::statefulSet(const SimWorkload& w, int index, const WorkloadCounts& c)
{
    QJsonArray claimTemplates;
    for (const VolumeClaimSpec& claim : w.spec.volumeClaims)
        claimTemplates.append(QJsonObject {
            { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim") },
            { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("name"), claim.name },
                    { QStringLiteral("creationTimestamp"), QJsonValue::Null } } },
            { QStringLiteral("spec"),
                QJsonObject {
                    { QStringLiteral("accessModes"), QJsonArray { claim.accessMode } },
                    { QStringLiteral("resources"),
                        QJsonObject { { QStringLiteral("requests"),
                            QJsonObject { { QStringLiteral("storage"), claim.size } } } } },
                    { QStringLiteral("storageClassName"), claim.storageClass },
                    { QStringLiteral("volumeMode"), QStringLiteral("Filesystem") },
                } },
            { QStringLiteral("status"), QJsonObject { { QStringLiteral("phase"), QStringLiteral("Pending") } } },
        });
    QJsonObject status {
        { QStringLiteral("observedGeneration"), w.generation },
        { QStringLiteral("replicas"), c.replicas },
        { QStringLiteral("readyReplicas"), c.ready },
        { QStringLiteral("currentReplicas"), c.replicas },
        { QStringLiteral("updatedReplicas"), c.replicas },
        { QStringLiteral("availableReplicas"), c.available },
        { QStringLiteral("currentRevision"), w.templateHash },
        { QStringLiteral("updateRevision"), w.templateHash },
        { QStringLiteral("collisionCount"), 0 },
    };
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
        { QStringLiteral("kind"), QStringLiteral("StatefulSet") },
        { QStringLiteral("metadata"), metadata(w, QStringLiteral("kubectl")) },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("podManagementPolicy"), QStringLiteral("OrderedReady") },
                { QStringLiteral("replicas"), w.desired },
                { QStringLiteral("revisionHistoryLimit"), 10 },
                { QStringLiteral("selector"), selector(w) },
                { QStringLiteral("serviceName"), w.spec.serviceName.isEmpty() ? w.spec.name : w.spec.serviceName },
                { QStringLiteral("template"), m_pods.podTemplate(w, index) },
                { QStringLiteral("updateStrategy"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("RollingUpdate") },
                        { QStringLiteral("rollingUpdate"), QJsonObject { { QStringLiteral("partition"), 0 } } } } },
                { QStringLiteral("volumeClaimTemplates"), claimTemplates },
                { QStringLiteral("persistentVolumeClaimRetentionPolicy"),
                    QJsonObject { { QStringLiteral("whenDeleted"), QStringLiteral("Retain") },
                        { QStringLiteral("whenScaled"), QStringLiteral("Retain") } } },
            } },
        { QStringLiteral("status"), status },
    };
}

QJsonObject WorkloadJson::daemonSet(const SimWorkload& w, int index, const WorkloadCounts& c)
{
    QJsonObject m = metadata(w, w.system ? QStringLiteral("kubeadm") : QStringLiteral("kubectl"));
    m.insert(QStringLiteral("annotations"),
        QJsonObject { { QStringLiteral("deprecated.daemonset.template.generation"), QStringLiteral("1") } });
    QJsonObject status {
        { QStringLiteral("currentNumberScheduled"), c.replicas },
        { QStringLiteral("desiredNumberScheduled"), c.scheduledNodes },
        { QStringLiteral("numberAvailable"), c.available },
        { QStringLiteral("numberMisscheduled"), 0 },
        { QStringLiteral("numberReady"), c.ready },
        { QStringLiteral("observedGeneration"), w.generation },
        { QStringLiteral("updatedNumberScheduled"), c.replicas },
    };
    if (c.scheduledNodes > c.available)
        status.insert(QStringLiteral("numberUnavailable"), c.scheduledNodes - c.available);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
        { QStringLiteral("kind"), QStringLiteral("DaemonSet") },
        { QStringLiteral("metadata"), m },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("revisionHistoryLimit"), 10 },
                { QStringLiteral("selector"), selector(w) },
                { QStringLiteral("template"), m_pods.podTemplate(w, index) },
                { QStringLiteral("updateStrategy"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("RollingUpdate") },
                        { QStringLiteral("rollingUpdate"),
                            QJsonObject {
                                { QStringLiteral("maxSurge"), 0 }, { QStringLiteral("maxUnavailable"), 1 } } } } },
            } },
        { QStringLiteral("status"), status },
    };
}

QJsonObject WorkloadJson::service(const SimWorkload& w) const
{
    const KubeJson& j = m_context.json;
    const QString name = w.spec.serviceName.isEmpty() ? w.spec.name : w.spec.serviceName;
    const bool headless = w.spec.kind == WorkloadKind::StatefulSet;
    QJsonArray ports;
    if (w.spec.containerPort == 53) {
        for (const char* protocol : { "UDP", "TCP" })
            ports.append(
                QJsonObject { { QStringLiteral("name"),
                                  QLatin1String(protocol) == QLatin1String("UDP") ? QStringLiteral("dns")
                                                                                  : QStringLiteral("dns-tcp") },
                    { QStringLiteral("port"), 53 }, { QStringLiteral("protocol"), QLatin1String(protocol) },
                    { QStringLiteral("targetPort"), 53 } });
        ports.append(
            QJsonObject { { QStringLiteral("name"), QStringLiteral("metrics") }, { QStringLiteral("port"), 9153 },
                { QStringLiteral("protocol"), QStringLiteral("TCP") }, { QStringLiteral("targetPort"), 9153 } });
    } else {
        const bool https = w.spec.servicePort == 443;
        ports.append(QJsonObject {
            { QStringLiteral("name"), https ? QStringLiteral("https") : QStringLiteral("http") },
            { QStringLiteral("port"), w.spec.servicePort > 0 ? w.spec.servicePort : w.spec.containerPort },
            { QStringLiteral("protocol"), QStringLiteral("TCP") },
            { QStringLiteral("targetPort"),
                https ? QJsonValue(QStringLiteral("https")) : QJsonValue(w.spec.containerPort) },
        });
    }
    QJsonObject m = j.metadata(name, w.spec.nameSpace, w.serviceUid, w.createdMs, w.selector);
    m.insert(QStringLiteral("managedFields"),
        j.managedFields(QStringLiteral("kubectl"), QStringLiteral("v1"), w.createdMs, {}, QStringLiteral("Apply")));
    const QString ip = headless ? QStringLiteral("None") : w.serviceIp;
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("Service") },
        { QStringLiteral("metadata"), m },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("clusterIP"), ip },
                { QStringLiteral("clusterIPs"), QJsonArray { ip } },
                { QStringLiteral("internalTrafficPolicy"), QStringLiteral("Cluster") },
                { QStringLiteral("ipFamilies"), QJsonArray { QStringLiteral("IPv4") } },
                { QStringLiteral("ipFamilyPolicy"), QStringLiteral("SingleStack") },
                { QStringLiteral("ports"), ports },
                { QStringLiteral("selector"), KubeJson::stringMap(w.selector) },
                { QStringLiteral("sessionAffinity"), QStringLiteral("None") },
                { QStringLiteral("type"), QStringLiteral("ClusterIP") },
            } },
        { QStringLiteral("status"), QJsonObject { { QStringLiteral("loadBalancer"), QJsonObject {} } } },
    };
}

QJsonObject WorkloadJson::kubernetesService(const QString& clusterIp) const
{
    const KubeJson& j = m_context.json;
    const QMap<QString, QString> labels { { QStringLiteral("component"), QStringLiteral("apiserver") },
        { QStringLiteral("provider"), QStringLiteral("kubernetes") } };
    const qint64 created
        = -m_context.ids.range(m_context.ids.key(m_context.spec.name, QStringLiteral("cluster-age")), 40, 700) * 24LL
        * 3600 * 1000;
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("Service") },
        { QStringLiteral("metadata"),
            j.metadata(QStringLiteral("kubernetes"), QStringLiteral("default"),
                m_context.ids.uid(m_context.ids.key(QStringLiteral("service"), QStringLiteral("kubernetes"))), created,
                labels) },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("clusterIP"), clusterIp },
                { QStringLiteral("clusterIPs"), QJsonArray { clusterIp } },
                { QStringLiteral("internalTrafficPolicy"), QStringLiteral("Cluster") },
                { QStringLiteral("ipFamilies"), QJsonArray { QStringLiteral("IPv4") } },
                { QStringLiteral("ipFamilyPolicy"), QStringLiteral("SingleStack") },
                { QStringLiteral("ports"),
                    QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("https") },
                        { QStringLiteral("port"), 443 }, { QStringLiteral("protocol"), QStringLiteral("TCP") },
                        { QStringLiteral("targetPort"), 6443 } } } },
                { QStringLiteral("sessionAffinity"), QStringLiteral("None") },
                { QStringLiteral("type"), QStringLiteral("ClusterIP") },
            } },
        { QStringLiteral("status"), QJsonObject { { QStringLiteral("loadBalancer"), QJsonObject {} } } },
    };
}

QString WorkloadJson::storageProvisioner(const QString& storageClass)
{
    if (storageClass.contains(QLatin1String("ceph")))
        return QStringLiteral("rook-ceph.rbd.csi.ceph.com");
    if (storageClass.contains(QLatin1String("local")))
        return QStringLiteral("rancher.io/local-path");
    if (storageClass.contains(QLatin1String("nfs")))
        return QStringLiteral("nfs.csi.k8s.io");
    return QStringLiteral("ebs.csi.aws.com");
}

QJsonObject WorkloadJson::persistentVolumeClaim(
    const SimWorkload& w, const VolumeClaimSpec& claim, const QString& name, qint64 createdMs) const
{
    const KubeJson& j = m_context.json;
    const QString uid = m_context.ids.uid(m_context.ids.key(QStringLiteral("pvc"), w.spec.nameSpace, name));
    const QString provisioner = storageProvisioner(claim.storageClass);
    const QMap<QString, QString> annotations {
        { QStringLiteral("pv.kubernetes.io/bind-completed"), QStringLiteral("yes") },
        { QStringLiteral("pv.kubernetes.io/bound-by-controller"), QStringLiteral("yes") },
        { QStringLiteral("volume.beta.kubernetes.io/storage-provisioner"), provisioner },
        { QStringLiteral("volume.kubernetes.io/storage-provisioner"), provisioner },
    };
    QJsonObject m = j.metadata(name, w.spec.nameSpace, uid, createdMs, w.selector, annotations);
    m.insert(QStringLiteral("finalizers"), QJsonArray { QStringLiteral("kubernetes.io/pvc-protection") });
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("PersistentVolumeClaim") },
        { QStringLiteral("metadata"), m },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("accessModes"), QJsonArray { claim.accessMode } },
                { QStringLiteral("resources"),
                    QJsonObject {
                        { QStringLiteral("requests"), QJsonObject { { QStringLiteral("storage"), claim.size } } } } },
                { QStringLiteral("storageClassName"), claim.storageClass },
                { QStringLiteral("volumeMode"), QStringLiteral("Filesystem") },
                { QStringLiteral("volumeName"), QString(QStringLiteral("pvc-") + uid) },
            } },
        { QStringLiteral("status"),
            QJsonObject {
                { QStringLiteral("accessModes"), QJsonArray { claim.accessMode } },
                { QStringLiteral("capacity"),
                    QJsonObject { { QStringLiteral("storage"),
                        Quantity::formatBytes(Quantity::parse(claim.size).value_or(0)) } } },
                { QStringLiteral("phase"), QStringLiteral("Bound") },
            } },
    };
}

} // namespace minato::sim
