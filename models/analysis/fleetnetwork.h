// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/ipnetwork.h"

#include <QList>
#include <QString>

namespace minato::analysis {

struct NetworkTopology;

// The address ranges one cluster uses, compared across the fleet: overlapping pod or service
// ranges block a cluster mesh and moving workloads between the two, and where both clusters
// advertise their pods to the same routers over BGP, the routes collide.
struct ClusterAddresses
{
    QString cluster;
    QList<IpNetwork> pods; // enabled IP pools, or flannel's Network
    QList<IpNetwork> services; // what the cluster tells (BGPConfiguration serviceClusterIPs)
    bool advertisesPods = false; // Calico BGP with routers outside the cluster

    static ClusterAddresses of(const QString& cluster, const NetworkTopology& topology);
    bool isEmpty() const { return pods.isEmpty() && services.isEmpty(); }
    friend bool operator==(const ClusterAddresses&, const ClusterAddresses&) = default;
};

using FleetAddresses = QList<ClusterAddresses>;

// One range of `self` overlapping one range of another cluster.
struct AddressOverlap
{
    QString otherCluster;
    IpNetwork mine;
    IpNetwork theirs;
    bool pods = true; // pod range (else service range) of `self`
    bool bothAdvertised = false;
};
// Every overlap of `self` with the other clusters of `fleet` (entries named like `self` skipped).
QList<AddressOverlap> addressOverlaps(const ClusterAddresses& self, const FleetAddresses& fleet);

} // namespace minato::analysis
