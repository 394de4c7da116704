// SPDX-License-Identifier: Apache-2.0
#include "sim/platformobjects.h"

#include <QJsonArray>
#include <QSet>

namespace minato::sim {

namespace {

    constexpr qint64 Day = 24LL * 3600 * 1000;

} // namespace

PlatformObjects::PlatformObjects(WorldContext& context, const WorkloadController& workloads)
    : m_context(context)
    , m_workloads(workloads)
{
    m_clusterCreatedMs
        = -m_context.ids.range(m_context.ids.key(m_context.spec.name, QStringLiteral("cluster-age")), 40, 700) * Day;
    m_metricsChangedMs = m_clusterCreatedMs + 300000;
}

QJsonObject PlatformObjects::apiService(const QString& group, const QString& version, int groupPriority,
    int versionPriority, const QString& automanaged) const
{
    const KubeJson& j = m_context.json;
    const QString name
        = group.isEmpty() ? QString(version + QLatin1Char('.')) : QString(version + QLatin1Char('.') + group);
    QJsonObject spec {
        { QStringLiteral("version"), version },
        { QStringLiteral("groupPriorityMinimum"), groupPriority },
        { QStringLiteral("versionPriority"), versionPriority },
    };
    if (!group.isEmpty())
        spec.insert(QStringLiteral("group"), group);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apiregistration.k8s.io/v1") },
        { QStringLiteral("kind"), QStringLiteral("APIService") },
        { QStringLiteral("metadata"),
            j.metadata(name, {}, m_context.ids.uid(m_context.ids.key(QStringLiteral("apiservice"), name)),
                m_clusterCreatedMs, { { QStringLiteral("kube-aggregator.kubernetes.io/automanaged"), automanaged } }) },
        { QStringLiteral("spec"), spec },
        { QStringLiteral("status"),
            QJsonObject { { QStringLiteral("conditions"),
                QJsonArray { j.condition(QStringLiteral("Available"), QStringLiteral("True"), m_clusterCreatedMs,
                    QStringLiteral("Local"), QStringLiteral("Local APIServices are always available")) } } } },
    };
}

QJsonObject PlatformObjects::remoteApiService(const QString& group, const QString& version, const QString& nameSpace,
    const QString& service, int versionPriority, bool available, const QString& reason, const QString& message,
    qint64 transitionMs) const
{
    const KubeJson& j = m_context.json;
    const QString name = version + QLatin1Char('.') + group;
    const QMap<QString, QString> labels { { QStringLiteral("k8s-app"), service } };
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apiregistration.k8s.io/v1") },
        { QStringLiteral("kind"), QStringLiteral("APIService") },
        { QStringLiteral("metadata"),
            j.metadata(name, {}, m_context.ids.uid(m_context.ids.key(QStringLiteral("apiservice"), name)),
                m_clusterCreatedMs + 300000, labels) },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("group"), group },
                { QStringLiteral("version"), version },
                { QStringLiteral("service"),
                    QJsonObject { { QStringLiteral("name"), service }, { QStringLiteral("namespace"), nameSpace },
                        { QStringLiteral("port"), 443 } } },
                { QStringLiteral("insecureSkipTLSVerify"), true },
                { QStringLiteral("groupPriorityMinimum"), 100 },
                { QStringLiteral("versionPriority"), versionPriority },
            } },
        { QStringLiteral("status"),
            QJsonObject { { QStringLiteral("conditions"),
                QJsonArray { j.condition(QStringLiteral("Available"),
                    available ? QStringLiteral("True") : QStringLiteral("False"), transitionMs,
                    available ? QStringLiteral("Passed") : reason,
                    available ? QStringLiteral("all checks passed") : message) } } } },
    };
}

QList<QJsonObject> PlatformObjects::adapterServices() const
{
    QList<QJsonObject> out;
    const qint64 since = m_clusterCreatedMs + 400000;
    if (m_context.spec.customMetricsAdapter) {
        out.append(remoteApiService(QStringLiteral("custom.metrics.k8s.io"), QStringLiteral("v1beta1"),
            QStringLiteral("monitoring"), QStringLiteral("prometheus-adapter"), 100, true, {}, {}, since));
        out.append(remoteApiService(QStringLiteral("custom.metrics.k8s.io"), QStringLiteral("v1beta2"),
            QStringLiteral("monitoring"), QStringLiteral("prometheus-adapter"), 200, true, {}, {}, since));
    }
    if (m_context.spec.externalMetricsAdapter)
        out.append(remoteApiService(QStringLiteral("external.metrics.k8s.io"), QStringLiteral("v1beta1"),
            QStringLiteral("keda"), QStringLiteral("keda-operator-metrics-apiserver"), 100, true, {}, {}, since));
    return out;
}

void PlatformObjects::seed(ObjectSink& sink)
{
    const KubeJson& j = m_context.json;
    const ClusterSpec& spec = m_context.spec;
    QMap<QString, qint64> namespaces {
        { QStringLiteral("default"), m_clusterCreatedMs },
        { QStringLiteral("kube-system"), m_clusterCreatedMs },
        { QStringLiteral("kube-public"), m_clusterCreatedMs },
        { QStringLiteral("kube-node-lease"), m_clusterCreatedMs },
    };
    for (const SimWorkload& w : m_workloads.workloads()) {
        const qint64 created = w.createdMs - 3600000;
        if (!namespaces.contains(w.spec.nameSpace) || namespaces.value(w.spec.nameSpace) > created)
            namespaces.insert(w.spec.nameSpace, std::max(created, m_clusterCreatedMs + 60000));
    }
    QSet<QString> literalNamespaces;
    for (const LiteralObject& o : spec.objects) {
        const QString ns
            = o.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString();
        if (o.resource == QLatin1String("namespaces"))
            literalNamespaces.insert(
                o.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
        else if (!ns.isEmpty() && !namespaces.contains(ns))
            namespaces.insert(ns, m_clusterCreatedMs + Day);
    }
    for (auto it = namespaces.cbegin(); it != namespaces.cend(); ++it) {
        if (literalNamespaces.contains(it.key()))
            continue; // the scenario's own definition wins
        QMap<QString, QString> labels;
        if (m_context.minorVersion >= 21)
            labels.insert(QStringLiteral("kubernetes.io/metadata.name"), it.key());
        sink.put(QStringLiteral("namespaces"),
            QJsonObject {
                { QStringLiteral("apiVersion"), QStringLiteral("v1") },
                { QStringLiteral("kind"), QStringLiteral("Namespace") },
                { QStringLiteral("metadata"),
                    j.metadata(it.key(), {},
                        m_context.ids.uid(m_context.ids.key(QStringLiteral("namespace"), it.key())), it.value(),
                        labels) },
                { QStringLiteral("spec"),
                    QJsonObject { { QStringLiteral("finalizers"), QJsonArray { QStringLiteral("kubernetes") } } } },
                { QStringLiteral("status"), QJsonObject { { QStringLiteral("phase"), QStringLiteral("Active") } } },
            });
    }

    for (const RuntimeClassSpec& rc : spec.runtimeClasses) {
        QJsonObject object {
            { QStringLiteral("apiVersion"), QStringLiteral("node.k8s.io/v1") },
            { QStringLiteral("kind"), QStringLiteral("RuntimeClass") },
            { QStringLiteral("metadata"),
                j.metadata(rc.name, {}, m_context.ids.uid(m_context.ids.key(QStringLiteral("runtimeclass"), rc.name)),
                    m_clusterCreatedMs + 20 * Day) },
            { QStringLiteral("handler"), rc.handler },
        };
        if (!rc.overhead.isEmpty()) {
            QJsonObject podFixed;
            if (!rc.overhead.cpu.isEmpty())
                podFixed.insert(QStringLiteral("cpu"), rc.overhead.cpu);
            if (!rc.overhead.memory.isEmpty())
                podFixed.insert(QStringLiteral("memory"), rc.overhead.memory);
            object.insert(QStringLiteral("overhead"), QJsonObject { { QStringLiteral("podFixed"), podFixed } });
        }
        if (!rc.nodeSelector.isEmpty())
            object.insert(QStringLiteral("scheduling"),
                QJsonObject { { QStringLiteral("nodeSelector"), KubeJson::stringMap(rc.nodeSelector) } });
        sink.put(QStringLiteral("runtimeclasses.node.k8s.io"), object);
    }

    // Built-in group versions, with the aggregator's priorities.
    const QString apiservices = QStringLiteral("apiservices.apiregistration.k8s.io");
    sink.put(apiservices, apiService({}, QStringLiteral("v1"), 18000, 1, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(QStringLiteral("apiextensions.k8s.io"), QStringLiteral("v1"), 16700, 15, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(
            QStringLiteral("apiregistration.k8s.io"), QStringLiteral("v1"), 18000, 15, QStringLiteral("onstart")));
    sink.put(
        apiservices, apiService(QStringLiteral("apps"), QStringLiteral("v1"), 17800, 15, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(QStringLiteral("autoscaling"), QStringLiteral("v1"), 17500, 15, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(QStringLiteral("autoscaling"), QStringLiteral("v2"), 17500, 30, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(QStringLiteral("events.k8s.io"), QStringLiteral("v1"), 17750, 15, QStringLiteral("onstart")));
    sink.put(apiservices,
        apiService(QStringLiteral("node.k8s.io"), QStringLiteral("v1"), 16300, 15, QStringLiteral("onstart")));
    if (spec.cni.plugin == CniPlugin::Calico) // CRD groups are registered by the apiextensions server
        sink.put(apiservices,
            apiService(
                QStringLiteral("crd.projectcalico.org"), QStringLiteral("v1"), 1000, 100, QStringLiteral("true")));
    if (spec.metricsServer)
        m_metricsDirty = true;
    if (m_adaptersInstalled)
        for (const QJsonObject& o : adapterServices())
            sink.put(apiservices, o);

    for (const LiteralObject& o : spec.objects)
        sink.put(o.resource, o.object);
    flush(sink);
}

void PlatformObjects::setMetricsAvailability(bool available, const QString& reason, const QString& message)
{
    if (available == m_metricsAvailable && reason == m_metricsReason && message == m_metricsMessage)
        return;
    if (available != m_metricsAvailable)
        m_metricsChangedMs = m_context.clock.now();
    m_metricsAvailable = available;
    m_metricsReason = reason;
    m_metricsMessage = message;
    m_metricsDirty = true;
}

void PlatformObjects::setAdaptersInstalled(bool installed)
{
    if (installed == m_adaptersInstalled)
        return;
    m_adaptersInstalled = installed;
    m_adaptersDirty = true;
}

void PlatformObjects::flush(ObjectSink& sink)
{
    const QString apiservices = QStringLiteral("apiservices.apiregistration.k8s.io");
    if (m_metricsDirty && m_context.spec.metricsServer) {
        sink.put(apiservices,
            remoteApiService(QStringLiteral("metrics.k8s.io"), QStringLiteral("v1beta1"), QStringLiteral("kube-system"),
                QStringLiteral("metrics-server"), 100, m_metricsAvailable, m_metricsReason, m_metricsMessage,
                m_metricsChangedMs));
    }
    m_metricsDirty = false;
    if (m_adaptersDirty) {
        const QList<QJsonObject> services = adapterServices();
        for (const QJsonObject& o : services) {
            if (m_adaptersInstalled)
                sink.put(apiservices, o);
            else
                sink.remove(apiservices, {},
                    o.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString());
        }
    }
    m_adaptersDirty = false;
}

} // namespace minato::sim
