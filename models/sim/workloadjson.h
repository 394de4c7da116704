// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/podjson.h"
#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

#include <QJsonObject>

#include <vector>

namespace minato::sim {

// Pod counts a controller reports in its status.
struct WorkloadCounts
{
    int replicas = 0; // pods not terminating
    int ready = 0;
    int available = 0;
    int scheduledNodes = 0; // DaemonSet: nodes that should run a pod
};

// Controllers and what hangs off them: Deployments with their ReplicaSet, StatefulSets,
// DaemonSets, Services and PersistentVolumeClaims, with the status fields and conditions
// their controllers write.
class WorkloadJson
{
public:
    WorkloadJson(WorldContext& context, PodJson& pods);

    QJsonObject deployment(const SimWorkload& w, int index, const WorkloadCounts& counts);
    QJsonObject replicaSet(const SimWorkload& w, int index, const WorkloadCounts& counts);
    QJsonObject statefulSet(const SimWorkload& w, int index, const WorkloadCounts& counts);
    QJsonObject daemonSet(const SimWorkload& w, int index, const WorkloadCounts& counts);
    QJsonObject service(const SimWorkload& w) const;
    QJsonObject kubernetesService(const QString& clusterIp) const;
    QJsonObject persistentVolumeClaim(
        const SimWorkload& w, const VolumeClaimSpec& claim, const QString& name, qint64 createdMs) const;
    static QString storageProvisioner(const QString& storageClass);

private:
    QJsonObject metadata(const SimWorkload& w, const QString& manager) const;
    QJsonObject selector(const SimWorkload& w) const;

    WorldContext& m_context;
    PodJson& m_pods;
};

} // namespace minato::sim
