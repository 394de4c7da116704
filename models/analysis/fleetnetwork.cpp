// SPDX-License-Identifier: Apache-2.0
#include "analysis/fleetnetwork.h"

#include "analysis/networktopology.h"

namespace minato::analysis {

ClusterAddresses ClusterAddresses::of(const QString& cluster, const NetworkTopology& topology)
{
    ClusterAddresses out;
    out.cluster = cluster;
    out.pods = topology.podNetworks();
    out.services = topology.serviceClusterIPs;
    out.advertisesPods = topology.bgpEnabled && !topology.routers.isEmpty();
    return out;
}

QList<AddressOverlap> addressOverlaps(const ClusterAddresses& self, const FleetAddresses& fleet)
{
    QList<AddressOverlap> found;
    for (const ClusterAddresses& other : fleet) {
        if (other.cluster == self.cluster)
            continue;
        const auto compare = [&](const QList<IpNetwork>& mine, bool pods) {
            for (const IpNetwork& a : mine)
                for (const QList<IpNetwork>* theirs : { &other.pods, &other.services })
                    for (const IpNetwork& b : *theirs)
                        if (a.overlaps(b))
                            found.append({ other.cluster, a, b, pods, self.advertisesPods && other.advertisesPods });
        };
        compare(self.pods, true);
        compare(self.services, false);
    }
    return found;
}

} // namespace minato::analysis
