// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/networkobjects.h"
#include "sim/nodefleet.h"
#include "sim/objectsink.h"
#include "sim/podjson.h"
#include "sim/podlifecycle.h"
#include "sim/scheduler.h"
#include "sim/workloadjson.h"
#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace minato::sim {

// The controllers and the scheduler of one cluster: ReplicaSets, StatefulSets (ordered, one
// pod at a time) and DaemonSets keep their pods, the scheduler places them, the taint
// manager evicts pods from lost nodes, and pod faults are assigned here.
class WorkloadController
{
public:
    WorkloadController(WorldContext& context, NodeFleet& nodes, NetworkObjects& network);

    void build(); // every workload with its pods, as they stand when the world starts
    void seed(ObjectSink& sink);
    void flush(ObjectSink& sink);

    std::vector<SimWorkload>& workloads() { return m_workloads; }
    const std::vector<SimWorkload>& workloads() const { return m_workloads; }
    const std::vector<SimPod>& pods() const { return m_pods; }
    int indexOf(const QString& nameSpace, const QString& name) const;
    int livePodCount() const { return m_livePods; }
    WorkloadCounts counts(int workload) const;

    void scale(int workload, int replicas); // the HPA changed spec.replicas
    void onPodTimer(int pod, quint32 generation);
    void onPodRemoval(int pod, quint32 generation);
    void onEviction(int node, quint32 generation);
    void onChurn(int pod, quint32 incarnation); // a churning workload's pod reached its end of life
    void nodeReadinessChanged(int node);
    void retryPending(); // nodes became schedulable again
    void applyPodFault(const FaultSpec& fault, bool on, bool steady);
    void setProbeFailing(int workload, bool failing);

private:
    int createPod(int workload, int ordinal, int fixedNode, bool initial);
    // byController: the workload's controller deletes it (scale-down, eviction replacement),
    // with its SuccessfulDelete event; otherwise someone else did (pod churn).
    void deletePod(int pod, bool byController = true);
    void reconcile(int workload);
    void assign(int pod, int node); // the scheduler's choice: the node's room is taken
    void bound(int pod); // the binding is written: PodScheduled True, the kubelet starts the pod
    qint64 churnLifetime(const SimPod& pod, const SimWorkload& workload) const;
    void scheduleChurn(int pod);
    void markDirty(int workload);
    void markPodDirty(int pod);
    void controllerEvent(const SimWorkload& workload, bool warning, const QString& reason, const QString& message);
    int affectedPods(const SimWorkload& workload) const;
    void ensureClaims(int workload, int ordinal);

    WorldContext& m_context;
    NodeFleet& m_nodes;
    NetworkObjects& m_network;
    Scheduler m_scheduler;
    PodLifecycle m_lifecycle;
    PodJson m_podJson;
    WorkloadJson m_json;
    std::vector<SimWorkload> m_workloads;
    std::vector<SimPod> m_pods;
    std::vector<int> m_freePods;
    std::vector<int> m_dirtyPods;
    std::vector<int> m_dirtyWorkloads;
    QList<QPair<QString, QString>> m_removedPods;
    QList<QJsonObject> m_newClaims;
    QSet<QString> m_claims;
    QHash<QString, int> m_byName;
    QHash<int, QString> m_pendingReason;
    int m_livePods = 0;
    quint32 m_incarnations = 0;
};

} // namespace minato::sim
