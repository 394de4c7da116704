// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/nodefleet.h"
#include "sim/objectsink.h"
#include "sim/worldcontext.h"

#include <QHash>
#include <QJsonObject>

#include <vector>

namespace minato::sim {

// The pod network as the CNI leaves it in the API: Calico's crd.projectcalico.org objects
// (pools, BGP configuration and peers, Felix configuration, block affinities, per-node BGP
// status) or flannel's kube-flannel-cfg, the node annotations both write, and pod IPAM.
class NetworkObjects
{
public:
    NetworkObjects(WorldContext& context, NodeFleet& nodes);

    void assign(); // node pod CIDRs, Calico blocks and pools
    quint32 allocatePodIp(SimNode& node);
    QMap<QString, QString> nodeAnnotations(const SimNode& node) const;
    QString networkReason() const; // NetworkUnavailable=False reason the CNI writes
    QString networkMessage() const;

    void seed(ObjectSink& sink);
    void nodeReadinessChanged(int node);
    // A peer router stops (or resumes) answering: every node peering with it reports the
    // session leaving (or reaching) Established in its CalicoNodeStatus.
    void setPeerDown(const QString& peer, bool down);
    void flush(ObjectSink& sink);

private:
    bool isCalico() const { return m_context.spec.cni.plugin == CniPlugin::Calico; }
    QJsonObject calicoObject(const QString& kind, const QString& name, qint64 createdMs, const QJsonObject& spec) const;
    QJsonObject nodeStatus(int node) const;
    QString interfaceTo(const SimNode& from, const SimNode& to) const;
    QString encapsulationFor(int pool) const;
    QJsonObject flannelConfigMap() const;
    QJsonObject calicoConfigMap() const;
    QString birdTime(qint64 ms) const;

    WorldContext& m_context;
    NodeFleet& m_nodes;
    std::vector<bool> m_statusDirty;
    qint64 m_installedMs = 0;
    QHash<QString, qint64> m_peerDownSince; // peers a BgpPeerDown fault holds down
    QHash<QString, qint64> m_peerChangedAt; // when a peer's sessions last changed state
};

} // namespace minato::sim
