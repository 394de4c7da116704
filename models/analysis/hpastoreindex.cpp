// SPDX-License-Identifier: Apache-2.0
#include "analysis/hpastoreindex.h"

#include "fleet/clusterstore.h"

namespace minato::analysis {

namespace {

    constexpr fleet::WatchedKind TargetKinds[]
        = { fleet::WatchedKind::Deployments, fleet::WatchedKind::StatefulSets, fleet::WatchedKind::ReplicaSets };

} // namespace

HpaStoreIndex::HpaStoreIndex(const fleet::StoreContent& store)
    : m_store(store)
{
    for (const fleet::PodInfo& pod : store.pods()) {
        const auto& labels = pod.meta.labels;
        if (labels.value(QStringLiteral("k8s-app")) != QLatin1StringView("metrics-server")
            && labels.value(QStringLiteral("app.kubernetes.io/name")) != QLatin1StringView("metrics-server"))
            continue;
        ++m_metricsServerPods;
        m_metricsServerPodsReady += pod.ready.isTrue() ? 1 : 0;
    }
    for (std::size_t k = 0; k < std::size(TargetKinds); ++k)
        for (const fleet::WorkloadInfo& w : store.workloads(TargetKinds[k]))
            m_workloads[k].insert(key(w.meta.namespaceName.toString(), w.meta.name), &w);
    for (const fleet::EventInfo& event : store.events())
        if (event.objectKind == QLatin1StringView("HorizontalPodAutoscaler"))
            m_hpaEvents[key(event.objectNamespace.toString(), event.objectName)].append(&event);
}

const fleet::WorkloadInfo* HpaStoreIndex::workload(
    fleet::WatchedKind kind, const QString& nameSpace, const QString& name) const
{
    for (std::size_t k = 0; k < std::size(TargetKinds); ++k)
        if (TargetKinds[k] == kind)
            return m_workloads[k].value(key(nameSpace, name));
    return nullptr;
}

QList<const fleet::EventInfo*> HpaStoreIndex::eventsAbout(const fleet::HpaInfo& hpa) const
{
    return m_hpaEvents.value(key(hpa.meta.namespaceName.toString(), hpa.meta.name));
}

QString HpaStoreIndex::key(const QString& nameSpace, const QString& name)
{
    return nameSpace + QLatin1Char('/') + name;
}

} // namespace minato::analysis
