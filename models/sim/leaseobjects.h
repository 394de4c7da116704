// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/nodefleet.h"
#include "sim/objectsink.h"
#include "sim/worldcontext.h"

namespace minato::sim {

// coordination.k8s.io Leases as a cluster keeps them: one per node in kube-node-lease, which
// its kubelet renews every 10 s (a node that stopped reporting stops renewing, and its lease
// ages past leaseDurationSeconds), and the controller-manager's and scheduler's leader
// election leases in kube-system, held by the first control-plane node.
class LeaseObjects
{
public:
    static constexpr qint64 RenewPeriodMs = 10000;

    LeaseObjects(WorldContext& context, const NodeFleet& nodes);

    void seed(ObjectSink& sink);
    // A renew period passed: the holders that are alive renew at the next flush.
    void renewDue() { m_renewDue = true; }
    void flush(ObjectSink& sink);

private:
    QJsonObject lease(const QString& name, const QString& nameSpace, const QString& holder, int durationSeconds,
        qint64 acquiredMs, qint64 renewMs, const QJsonArray& owners, int transitions) const;
    void putNodeLease(ObjectSink& sink, const SimNode& node, qint64 renewMs) const;
    void putLeaderLeases(ObjectSink& sink, qint64 renewMs) const;

    WorldContext& m_context;
    const NodeFleet& m_nodes;
    QString m_leader; // holderIdentity of the leader leases; empty without a control-plane node
    bool m_renewDue = false;
};

} // namespace minato::sim
