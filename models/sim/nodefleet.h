// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

#include <QJsonObject>

#include <vector>

namespace minato::sim {

// The cluster's nodes: who they are (addresses, zones, racks, kubelet and runtime versions)
// and how they are (conditions and taints as node faults come and go).
class NodeFleet
{
public:
    explicit NodeFleet(WorldContext& context);

    void build();
    std::vector<SimNode>& nodes() { return m_nodes; }
    const std::vector<SimNode>& nodes() const { return m_nodes; }
    int indexOf(const QString& name) const;

    // A node fault opens (on) or closes. Returns true when the node's readiness flipped.
    bool applyFault(int node, FaultType type, bool on);
    // node-problem-detector's health checker finds the runtime unhealthy (on) or healthy again.
    void applyRuntimeHealthFault(int node, const FaultSpec& fault, bool on);
    static bool isReady(const SimNode& node) { return node.notReady == 0; }
    // Ready and free of NoSchedule taints: where the scheduler may place ordinary pods.
    bool isSchedulable(const SimNode& node) const;

    QJsonObject json(const SimNode& node, const QMap<QString, QString>& networkAnnotations,
        const QString& networkReason, const QString& networkMessage) const;

    static QString defaultRuntimeVersion(ContainerRuntime runtime, int kubeletMinor);
    static QString criSocket(ContainerRuntime runtime, int kubeletMinor);

private:
    QJsonArray conditions(const SimNode& node, const QString& networkReason, const QString& networkMessage) const;
    void appendProblemDetectorConditions(const SimNode& node, QJsonArray& out) const;
    QJsonArray taints(const SimNode& node) const;
    void nodeEvent(const SimNode& node, const QString& reason, bool fromKubelet, bool warning = false,
        const QString& message = {});

    WorldContext& m_context;
    std::vector<SimNode> m_nodes;
    QHash<QString, int> m_byName;
};

} // namespace minato::sim
