// SPDX-License-Identifier: Apache-2.0
// Autoscaling and the cluster's own extensions: HPAs, RuntimeClasses, APIServices.

#include "kinds/describekind.h"

namespace minato::fleet {
MINATO_PROJECTION(HpaInfo)
MINATO_PROJECTION(RuntimeClassInfo)
MINATO_PROJECTION(ApiServiceInfo)
} // namespace minato::fleet

namespace minato::kinds {

using fleet::WatchedKind;
using Op = changes::OperationKind;

namespace {

    QString hpaTargets(const fleet::HpaInfo& hpa)
    {
        QStringList parts;
        for (const fleet::HpaMetric& target : hpa.metrics) {
            QString current = QStringLiteral("<unknown>");
            for (const fleet::HpaMetric& now : hpa.currentMetrics) {
                if (now.source == target.source && now.name == target.name) {
                    if (now.averageUtilization >= 0)
                        current = QStringLiteral("%1%").arg(now.averageUtilization);
                    else if (!now.averageValue.isEmpty())
                        current = now.averageValue;
                    else if (!now.value.isEmpty())
                        current = now.value;
                }
            }
            const QString wanted = target.averageUtilization >= 0 ? QStringLiteral("%1%").arg(target.averageUtilization)
                : !target.averageValue.isEmpty()                   ? target.averageValue
                                                                   : target.value;
            const QString name = target.name.isEmpty() ? QString() : target.name + QStringLiteral(": ");
            parts << name + current + QLatin1Char('/') + wanted;
        }
        return parts.isEmpty() ? QStringLiteral("<none>") : parts.join(QStringLiteral(", "));
    }

    ResourceRow hpaRow(const fleet::HpaInfo& hpa)
    {
        ResourceRow row = baseRow(hpa);
        row.cells = { row.nameSpace, row.name, hpa.targetKind.toString() + QLatin1Char('/') + hpa.targetName,
            hpaTargets(hpa), QString::number(hpa.minReplicas), QString::number(hpa.maxReplicas),
            QString::number(hpa.currentReplicas), QString() };
        row.sortKeys = { {}, {}, {}, {}, hpa.minReplicas, hpa.maxReplicas, hpa.currentReplicas, {} };
        if (hpa.ableToScale.isFalse() || hpa.scalingActive.isFalse())
            row.health = 2;
        else if (hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas)
            row.health = 1;
        return row;
    }

    ResourceRow runtimeClassRow(const fleet::RuntimeClassInfo& rc)
    {
        ResourceRow row = baseRow(rc);
        row.cells = { row.name, rc.handler, QString() };
        return row;
    }

    ResourceRow apiServiceRow(const fleet::ApiServiceInfo& api)
    {
        ResourceRow row = baseRow(api);
        const QString service = api.serviceName.isEmpty() ? QStringLiteral("Local")
                                                          : api.serviceNamespace + QLatin1Char('/') + api.serviceName;
        QString available = api.available.isTrue() ? QStringLiteral("True") : QStringLiteral("False");
        if (!api.available.isTrue() && !api.available.reason.isEmpty())
            available += QStringLiteral(" (%1)").arg(api.available.reason.toString());
        row.cells = { row.name, service, available, QString() };
        row.health = api.available.isTrue() ? 0 : 2;
        return row;
    }

} // namespace

KindDescriptor describeHorizontalPodAutoscalers()
{
    return describeKind<fleet::HpaInfo>(
        servedAt(WatchedKind::HorizontalPodAutoscalers, Scope::Namespaced,
            { groupVersions("autoscaling",
                { QStringLiteral("v2"), QStringLiteral("v2beta2"), QStringLiteral("v2beta1"), QStringLiteral("v1") }) }),
        { "HorizontalPodAutoscaler", { QStringLiteral("hpa") },
            { QStringLiteral("NAMESPACE"), QStringLiteral("NAME"), QStringLiteral("REFERENCE"), QStringLiteral("TARGETS"),
                QStringLiteral("MINPODS"), QStringLiteral("MAXPODS"), QStringLiteral("REPLICAS"), QStringLiteral("AGE") } },
        &hpaRow, QList<Op> { Op::HpaTune } + metadataAndDelete());
}

KindDescriptor describeRuntimeClasses()
{
    fleet::KindSpec spec = servedAt(
        WatchedKind::RuntimeClasses, Scope::Cluster, { groupVersions("node.k8s.io", { QStringLiteral("v1") }) });
    spec.optional = true;
    return describeKind<fleet::RuntimeClassInfo>(std::move(spec),
        { "RuntimeClass", {}, { QStringLiteral("NAME"), QStringLiteral("HANDLER"), QStringLiteral("AGE") } },
        &runtimeClassRow, metadataAndDelete());
}

KindDescriptor describeApiServices()
{
    return describeKind<fleet::ApiServiceInfo>(
        servedAt(WatchedKind::ApiServices, Scope::Cluster,
            { groupVersions("apiregistration.k8s.io", { QStringLiteral("v1") }) }),
        { "APIService", {},
            { QStringLiteral("NAME"), QStringLiteral("SERVICE"), QStringLiteral("AVAILABLE"), QStringLiteral("AGE") } },
        &apiServiceRow, metadataAndDelete());
}

} // namespace minato::kinds
