// SPDX-License-Identifier: Apache-2.0
#include "leaseobjects.h"

#include <QJsonArray>

namespace minato::sim {

namespace {
    const QString NodeLeaseNamespace = QStringLiteral("kube-node-lease");
    // kubelet: nodeLeaseDurationSeconds 40; kube-controller-manager and kube-scheduler:
    // --leader-elect-lease-duration 15s.
    constexpr int NodeLeaseSeconds = 40;
    constexpr int LeaderLeaseSeconds = 15;
} // namespace

LeaseObjects::LeaseObjects(WorldContext& context, const NodeFleet& nodes)
    : m_context(context)
    , m_nodes(nodes)
{
}

QJsonObject LeaseObjects::lease(const QString& name, const QString& nameSpace, const QString& holder,
    int durationSeconds, qint64 acquiredMs, qint64 renewMs, const QJsonArray& owners, int transitions) const
{
    const KubeJson& j = m_context.json;
    QJsonObject metadata = j.metadata(
        name, nameSpace, m_context.ids.uid(m_context.ids.key(QStringLiteral("lease"), nameSpace, name)), acquiredMs);
    if (!owners.isEmpty())
        metadata.insert(QStringLiteral("ownerReferences"), owners);
    QJsonObject spec {
        { QStringLiteral("holderIdentity"), holder },
        { QStringLiteral("leaseDurationSeconds"), durationSeconds },
        { QStringLiteral("renewTime"), j.microTime(renewMs) },
    };
    // Leader election records when the current holder took over; node leases do not.
    if (transitions >= 0) {
        spec.insert(QStringLiteral("acquireTime"), j.microTime(acquiredMs));
        spec.insert(QStringLiteral("leaseTransitions"), transitions);
    }
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("coordination.k8s.io/v1") },
        { QStringLiteral("kind"), QStringLiteral("Lease") },
        { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"), spec },
    };
}

void LeaseObjects::putNodeLease(ObjectSink& sink, const SimNode& node, qint64 renewMs) const
{
    const QJsonArray owners { KubeJson::ownerReference(QStringLiteral("v1"), QStringLiteral("Node"), node.name, node.uid) };
    sink.put(QStringLiteral("leases.coordination.k8s.io"),
        lease(node.name, NodeLeaseNamespace, node.name, NodeLeaseSeconds, node.createdMs, renewMs, owners, -1));
}

void LeaseObjects::putLeaderLeases(ObjectSink& sink, qint64 renewMs) const
{
    if (m_leader.isEmpty())
        return;
    for (const QString& component : { QStringLiteral("kube-controller-manager"), QStringLiteral("kube-scheduler") })
        sink.put(QStringLiteral("leases.coordination.k8s.io"),
            lease(component, QStringLiteral("kube-system"), m_leader, LeaderLeaseSeconds, 0, renewMs, {}, 0));
}

void LeaseObjects::seed(ObjectSink& sink)
{
    const qint64 now = m_context.clock.now();
    for (const SimNode& node : m_nodes.nodes()) {
        if (node.controlPlane && m_leader.isEmpty())
            m_leader = node.name + QLatin1Char('_') + m_context.ids.uid(m_context.ids.key(QStringLiteral("leader"), node.name));
        putNodeLease(sink, node, NodeFleet::isReady(node) ? now : node.readyChangedMs);
    }
    putLeaderLeases(sink, now);
}

void LeaseObjects::flush(ObjectSink& sink)
{
    if (!std::exchange(m_renewDue, false))
        return;
    const qint64 now = m_context.clock.now();
    for (const SimNode& node : m_nodes.nodes()) {
        if (NodeFleet::isReady(node))
            putNodeLease(sink, node, now);
    }
    putLeaderLeases(sink, now);
}

} // namespace minato::sim
