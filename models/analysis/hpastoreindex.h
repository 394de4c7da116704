// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <QHash>
#include <QList>
#include <QString>

namespace minato::fleet {
class StoreContent;
struct EventInfo;
struct HpaInfo;
struct WorkloadInfo;
} // namespace minato::fleet

namespace minato::analysis {

// What every HPA of one cluster reads from the store, gathered in one pass over it instead of
// once per HPA: the metrics-server pods, the scale targets by name, the events about HPAs.
// A fleet table of 2,000 HPAs otherwise scans every pod, workload and event 2,000 times.
// Holds pointers into the store: use it only while the store is unchanged.
class HpaStoreIndex
{
public:
    explicit HpaStoreIndex(const fleet::StoreContent& store);

    const fleet::StoreContent& store() const { return m_store; }
    // Pods labelled k8s-app=metrics-server or app.kubernetes.io/name=metrics-server.
    int metricsServerPods() const { return m_metricsServerPods; }
    int metricsServerPodsReady() const { return m_metricsServerPodsReady; }
    // The workload of a watched kind by namespace and name; null when the store has none.
    const fleet::WorkloadInfo* workload(fleet::WatchedKind kind, const QString& nameSpace, const QString& name) const;
    // The events whose involved object is the HPA, in no particular order.
    QList<const fleet::EventInfo*> eventsAbout(const fleet::HpaInfo& hpa) const;

private:
    static QString key(const QString& nameSpace, const QString& name);

    const fleet::StoreContent& m_store;
    int m_metricsServerPods = 0;
    int m_metricsServerPodsReady = 0;
    QHash<QString, const fleet::WorkloadInfo*> m_workloads[3]; // Deployments, StatefulSets, ReplicaSets
    QHash<QString, QList<const fleet::EventInfo*>> m_hpaEvents;
};

} // namespace minato::analysis
