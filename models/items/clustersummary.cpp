// SPDX-License-Identifier: Apache-2.0
#include "clustersummary.h"

#include "fleet/clusterstore.h"

#include <QSet>

namespace minato::items {

PodHealth podHealthFromStatus(QStringView status, bool phasePending)
{
    if (status == u"Running")
        return PodHealth::Running;
    if (status == u"Completed" || status == u"Succeeded")
        return PodHealth::Completed;
    // Waiting that resolves by itself; an Init: status with an error reason does not.
    static const QStringView benign[] = { u"Pending", u"ContainerCreating", u"PodInitializing", u"Terminating",
        u"SchedulingGated" };
    for (QStringView word : benign) {
        if (status == word)
            return PodHealth::Pending;
    }
    if (status.startsWith(u"Init:")) {
        const QStringView rest = status.mid(5);
        return !rest.isEmpty() && rest.front().isDigit() ? PodHealth::Pending : PodHealth::Failing;
    }
    if (status.isEmpty())
        return phasePending ? PodHealth::Pending : PodHealth::Failing;
    return PodHealth::Failing;
}

namespace {

QString calicoMode(const fleet::ClusterStore& store)
{
    QStringList modes;
    for (const auto& pool : store.ipPools()) {
        QString mode;
        if (!pool.ipipMode.isEmpty() && pool.ipipMode != QLatin1StringView("Never"))
            mode = QStringLiteral("IPIP ") + pool.ipipMode.toString();
        else if (!pool.vxlanMode.isEmpty() && pool.vxlanMode != QLatin1StringView("Never"))
            mode = QStringLiteral("VXLAN ") + pool.vxlanMode.toString();
        else
            mode = QStringLiteral("no encapsulation");
        if (!modes.contains(mode))
            modes.append(mode);
    }
    modes.sort();
    return modes.join(QStringLiteral(", "));
}

QString cniOf(const fleet::ClusterStore& store)
{
    if (!store.ipPools().isEmpty()) {
        const QString mode = calicoMode(store);
        return mode.isEmpty() ? QStringLiteral("Calico") : QStringLiteral("Calico (%1)").arg(mode);
    }
    for (const auto& config : store.configMaps()) {
        if (config.flannel) {
            const QString backend = config.flannel->backendType.isEmpty() ? QStringLiteral("udp")
                                                                          : config.flannel->backendType;
            return QStringLiteral("flannel (%1)").arg(backend);
        }
        if (config.calicoVethMtu)
            return config.calicoBackend.isEmpty() ? QStringLiteral("Calico")
                                                  : QStringLiteral("Calico (%1)").arg(config.calicoBackend);
    }
    // Annotations survive where the ConfigMaps are not readable to us.
    for (const auto& node : store.nodes()) {
        if (node.flannel.isPresent())
            return QStringLiteral("flannel (%1)").arg(node.flannel.backendType);
        if (node.calico.isPresent())
            return QStringLiteral("Calico");
    }
    return {};
}

} // namespace

ClusterSummary summarizeCluster(const fleet::ClusterStore& store)
{
    ClusterSummary summary;
    QStringList runtimes;
    for (const auto& node : store.nodes()) {
        ++summary.nodesTotal;
        if (node.isReady())
            ++summary.nodesReady;
        QString runtime = node.runtimeName.toString();
        if (!node.runtimeVersion.isEmpty())
            runtime += QLatin1Char(' ') + node.runtimeVersion;
        if (!runtime.isEmpty() && !runtimes.contains(runtime))
            runtimes.append(runtime);
    }
    runtimes.sort();
    QStringList handlers;
    for (const auto& runtimeClass : store.runtimeClasses()) {
        if (!handlers.contains(runtimeClass.handler))
            handlers.append(runtimeClass.handler);
    }
    handlers.sort();
    summary.runtimes = runtimes + handlers;

    for (const auto& pod : store.pods()) {
        ++summary.podsTotal;
        switch (podHealthFromStatus(pod.status.view(), pod.phase == fleet::PodPhase::Pending)) {
        case PodHealth::Running:
            ++summary.podsRunning;
            break;
        case PodHealth::Pending:
            ++summary.podsPending;
            break;
        case PodHealth::Failing:
            ++summary.podsFailing;
            break;
        case PodHealth::Completed:
            break;
        }
    }
    for (const auto& hpa : store.hpas()) {
        ++summary.hpasTotal;
        if (hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas)
            ++summary.hpasAtMax;
        if (hpa.ableToScale.isFalse() || hpa.scalingActive.isFalse())
            ++summary.hpasUnable;
    }
    summary.cni = cniOf(store);
    return summary;
}

} // namespace minato::items
