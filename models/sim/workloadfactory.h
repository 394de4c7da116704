// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

#include <QSet>

#include <vector>

namespace minato::sim {

// Turns a cluster's workload specs (the system components first, then the scenario's) into
// the world's records: uids, selectors, template hashes, ReplicaSet names, ages, parsed
// requests and limits, idle usage and ClusterIPs. Pods are the controller's business.
class WorkloadFactory
{
public:
    explicit WorkloadFactory(WorldContext& context);

    std::vector<SimWorkload> build(int nodeCount);

private:
    QString allocateServiceIp(const QString& nameSpace, const QString& name);

    WorldContext& m_context;
    QSet<quint32> m_serviceIps;
};

} // namespace minato::sim
