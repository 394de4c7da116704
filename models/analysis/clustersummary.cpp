// SPDX-License-Identifier: Apache-2.0
#include "analysis/clustersummary.h"

#include "analysis/podtally.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

using namespace fleet;

namespace {

ClusterSummary::MetricsApi metricsApi(const StoreContent& store, const QString& group)
{
    ClusterSummary::MetricsApi api { group, QStringLiteral("absent") };
    for (const ApiServiceInfo& service : store.apiServices()) {
        if (service.group != group)
            continue;
        if (service.available.isTrue()) {
            api.status = QStringLiteral("Available");
            return api;
        }
        const QString reason = service.available.reason.toString();
        api.status = reason.isEmpty() ? QStringLiteral("Unavailable") : QStringLiteral("Unavailable (%1)").arg(reason);
    }
    return api;
}

} // namespace

ClusterSummary ClusterSummary::compute(const ClusterFacts& cluster, const StoreContent& store)
{
    PodTally pods;
    pods.reset(store.pods());
    return compute(cluster, store, pods);
}

ClusterSummary ClusterSummary::compute(const ClusterFacts& cluster, const StoreContent& store, const PodTally& pods)
{
    ClusterSummary out;
    out.name = cluster.name;
    out.team = cluster.team;
    out.environment = cluster.environment;
    out.server = cluster.server;
    out.status = cluster.status;
    out.version = cluster.serverVersion.gitVersion;
    for (WatchedKind kind : cluster.forbiddenKinds)
        out.forbidden << watchedKindName(kind);
    out.warnings = cluster.warnings;

    QHash<QPair<QString, QString>, int> runtimes;
    for (const NodeInfo& node : store.nodes()) {
        ++out.nodesTotal;
        out.nodesReady += node.isReady() ? 1 : 0;
        const QString name = node.runtimeName.isEmpty() ? QStringLiteral("unknown") : node.runtimeName.toString();
        ++runtimes[{ name, node.runtimeVersion }];
    }
    for (auto it = runtimes.cbegin(); it != runtimes.cend(); ++it)
        out.runtimes.append({ it.key().first, it.key().second, it.value() });
    std::sort(out.runtimes.begin(), out.runtimes.end(), [](const Runtime& a, const Runtime& b) {
        return a.nodes != b.nodes ? a.nodes > b.nodes : std::tie(a.name, a.version) < std::tie(b.name, b.version);
    });

    for (const RuntimeClassInfo& runtimeClass : store.runtimeClasses()) {
        if (!out.runtimeHandlers.contains(runtimeClass.handler))
            out.runtimeHandlers.append(runtimeClass.handler);
    }
    out.runtimeHandlers.sort();

    pods.fill(out);

    for (const HpaInfo& hpa : store.hpas()) {
        ++out.hpas.total;
        const bool limitedAtMax
            = hpa.scalingLimited.isTrue() && hpa.scalingLimited.reason == QLatin1String("TooManyReplicas");
        if ((hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas) || limitedAtMax)
            ++out.hpas.atMax;
        const bool inactive
            = hpa.scalingActive.isFalse() && hpa.scalingActive.reason != QLatin1String("ScalingDisabled");
        if (hpa.ableToScale.isFalse() || inactive) {
            ++out.hpas.unableToScale;
            const ConditionInfo& why = hpa.ableToScale.isFalse() ? hpa.ableToScale : hpa.scalingActive;
            out.hpas.problems << hpa.meta.id() + QStringLiteral(": ") + why.reason.toString();
        }
    }
    out.hpas.problems.sort();

    out.cni = CniSummary::detect(store);
    for (const char* group : { "metrics.k8s.io", "custom.metrics.k8s.io", "external.metrics.k8s.io" })
        out.metricsApis.append(metricsApi(store, QString::fromLatin1(group)));
    return out;
}

QString ClusterSummary::runtimesText() const
{
    QStringList parts;
    for (const Runtime& r : runtimes)
        parts << QStringLiteral("%1 %2 ×%3").arg(r.name, r.version).arg(r.nodes);
    return parts.join(QStringLiteral(", "));
}

} // namespace minato::analysis
