// SPDX-License-Identifier: Apache-2.0
#include "analysis/networkrules.h"

#include "analysis/fleetnetwork.h"
#include "analysis/networktopology.h"
#include "analysis/ruleinput.h"

#include <QHash>

namespace minato::analysis {

namespace {

    constexpr int MeshNodeLimit = 100; // Calico's guidance: route reflectors beyond this
    constexpr double PoolWarnShare = 0.9;
    constexpr int MaxListed = 3; // peers or clusters named in one finding's evidence

    QString number(qint64 n)
    {
        return QString::number(n);
    }

    Finding& addCluster(RuleInput& input, Severity severity, const QString& ruleId, const QString& title)
    {
        return input.add(severity, ruleId, QStringLiteral("Cluster"), QString(), input.cluster.name, title, 0);
    }

    Finding& addPool(RuleInput& input, Severity severity, const QString& ruleId, const TopologyPool& pool,
        const QString& title)
    {
        Finding& f = input.add(severity, ruleId, QStringLiteral("IPPool"), QString(), pool.name, title, 0);
        f.object.uid = pool.uid;
        return f;
    }

    Finding& addNode(
        RuleInput& input, Severity severity, const QString& ruleId, const TopologyNode& node, const QString& title)
    {
        Finding& f = input.add(severity, ruleId, QStringLiteral("Node"), QString(), node.name, title, 0);
        f.object.uid = node.uid;
        return f;
    }

    // Node pairs of the pool's nodes that share a subnet: what CrossSubnet would route natively.
    void encapsulationInSubnet(RuleInput& input, const NetworkTopology& t)
    {
        for (int p = 0; p < t.pools.size(); ++p) {
            const TopologyPool& pool = t.pools.at(p);
            if (pool.disabled || pool.mode() != EncapsulationMode::Always)
                continue;
            QHash<QString, qint64> perSubnet;
            qint64 nodes = 0;
            for (const TopologyNode& node : t.nodes) {
                if (node.pool != p)
                    continue;
                ++nodes;
                if (!node.subnet.isNull())
                    ++perSubnet[node.subnet.toString()];
            }
            qint64 samePairs = 0;
            for (const qint64 k : std::as_const(perSubnet))
                samePairs += k * (k - 1) / 2;
            if (samePairs == 0)
                continue;
            const qint64 allPairs = nodes * (nodes - 1) / 2;
            const QString field
                = pool.ipipMode == EncapsulationMode::Always ? QStringLiteral("ipipMode") : QStringLiteral("vxlanMode");
            Finding& f = addPool(input, Severity::Info, QStringLiteral("network.encapsulation-in-subnet"), pool,
                QStringLiteral("%1 encapsulates inside one subnet: CrossSubnet would route %2 of %3 node pairs natively")
                    .arg(encapsulationName(pool.encapsulation()), number(samePairs), number(allPairs)));
            f.evidence = { { field, QStringLiteral("Always") }, { QStringLiteral("pairsInOneSubnet"), number(samePairs) },
                { QStringLiteral("pairs"), number(allPairs) },
                { QStringLiteral("overhead"), QStringLiteral("%1 bytes").arg(encapsulationOverhead(pool.encapsulation())) } };
        }
    }

    void mtu(RuleInput& input, const NetworkTopology& t)
    {
        if (!t.mtu.tooLarge())
            return;
        Finding& f = addCluster(input, Severity::Warning, QStringLiteral("network.mtu-too-large"),
            QStringLiteral("Pod MTU %1 leaves no room for %2 bytes of encapsulation (at most %3 on a %4 MTU network)")
                .arg(t.mtu.configured)
                .arg(t.mtu.overhead)
                .arg(t.mtu.hostMtu - t.mtu.overhead)
                .arg(t.mtu.hostMtu));
        f.qualifier = t.mtu.source;
        f.evidence = { { QStringLiteral("configured"), number(t.mtu.configured) },
            { QStringLiteral("source"), t.mtu.source }, { QStringLiteral("overhead"), number(t.mtu.overhead) },
            { QStringLiteral("hostMtu"), number(t.mtu.hostMtu) + QStringLiteral(" (assumed)") } };
    }

    void mesh(RuleInput& input, const NetworkTopology& t)
    {
        if (!t.bgpEnabled || !t.nodeToNodeMesh || t.nodes.size() <= MeshNodeLimit)
            return;
        Finding& f = addCluster(input, Severity::Warning, QStringLiteral("network.mesh-too-large"),
            QStringLiteral("Full BGP mesh of %1 nodes (%2 sessions): use route reflectors past %3 nodes")
                .arg(t.nodes.size())
                .arg(t.meshSessions)
                .arg(MeshNodeLimit));
        f.evidence = { { QStringLiteral("nodes"), number(t.nodes.size()) },
            { QStringLiteral("sessions"), number(t.meshSessions) } };
    }

    void sessions(RuleInput& input, const NetworkTopology& t)
    {
        QMap<int, QList<const BgpSession*>> downByNode; // ordered: stable output
        for (const BgpSession& s : t.sessions) {
            if (!s.stateKnown() || s.isEstablished())
                continue;
            // A session to a node that is down is that node's finding, not the network's.
            if (s.peerNode >= 0 && (!t.nodes.at(s.peerNode).ready || !t.nodes.at(s.node).ready))
                continue;
            const int reporter = t.nodeIndex(s.reportedBy);
            downByNode[reporter >= 0 ? reporter : s.node].append(&s);
        }
        for (auto it = downByNode.cbegin(); it != downByNode.cend(); ++it) {
            const TopologyNode& node = t.nodes.at(it.key());
            QStringList peers;
            for (const BgpSession* s : it.value()) {
                const int other = s->node == it.key() ? s->peerNode : s->node;
                const QString who = s->router >= 0
                    ? QStringLiteral("%1 (AS %2)").arg(t.routers.at(s->router).address).arg(t.routers.at(s->router).asNumber)
                    : t.nodes.at(other).name;
                if (peers.size() < MaxListed)
                    peers << QStringLiteral("%1 %2 since %3").arg(who, s->state, s->since.isEmpty() ? QStringLiteral("?") : s->since);
            }
            if (it.value().size() > MaxListed)
                peers << QStringLiteral("%1 more").arg(it.value().size() - MaxListed);
            Finding& f = addNode(input, Severity::Warning, QStringLiteral("network.bgp-session-down"), node,
                it.value().size() == 1 ? QStringLiteral("BGP session not Established: ") + peers.first()
                                       : QStringLiteral("%1 BGP sessions not Established").arg(it.value().size()));
            f.evidence = { { QStringLiteral("sessions"), number(it.value().size()) },
                { QStringLiteral("peers"), peers.join(QStringLiteral("; ")) } };
        }
    }

    void reflectors(RuleInput& input, const NetworkTopology& t)
    {
        if (!t.bgpEnabled || t.nodeToNodeMesh)
            return;
        QMap<QString, QStringList> byCluster;
        for (const int n : t.routeReflectors())
            byCluster[t.nodes.at(n).routeReflectorClusterID] << t.nodes.at(n).name;
        for (auto it = byCluster.cbegin(); it != byCluster.cend(); ++it) {
            if (it.value().size() != 1)
                continue;
            const TopologyNode& node = t.nodes.at(t.nodeIndex(it.value().first()));
            Finding& f = addNode(input, Severity::Warning, QStringLiteral("network.route-reflector-spof"), node,
                QStringLiteral("Only route reflector of cluster ID %1: its loss cuts every client's routes").arg(it.key()));
            f.evidence = { { QStringLiteral("routeReflectorClusterID"), it.key() },
                { QStringLiteral("reflectors"), QStringLiteral("1") } };
        }
    }

    void pools(RuleInput& input, const NetworkTopology& t)
    {
        QList<IpNetwork> nodeSubnets;
        for (const TopologyNode& node : t.nodes)
            if (!node.subnet.isNull() && !nodeSubnets.contains(node.subnet))
                nodeSubnets << node.subnet;
        for (const TopologyPool& pool : t.pools) {
            if (!pool.selectorError.isEmpty()) {
                Finding& f = addPool(input, Severity::Warning, QStringLiteral("network.pool-selector-invalid"), pool,
                    QStringLiteral("IP pool nodeSelector does not parse: ") + pool.selectorError);
                f.evidence = { { QStringLiteral("nodeSelector"), pool.nodeSelector } };
            }
            if (pool.disabled || pool.cidr.isNull())
                continue;
            if (pool.blocksTotal > 0 && pool.utilisation() >= PoolWarnShare) {
                const bool full = pool.blocksUsed >= pool.blocksTotal;
                Finding& f = addPool(input, full ? Severity::Critical : Severity::Warning,
                    QStringLiteral("network.pool-exhaustion"), pool,
                    full ? QStringLiteral("IP pool %1 has no free blocks: new nodes get no pod addresses").arg(pool.cidrText)
                         : QStringLiteral("IP pool %1 is %2 % used").arg(pool.cidrText).arg(qRound(pool.utilisation() * 100)));
                f.evidence = { { QStringLiteral("blocksUsed"), number(pool.blocksUsed) },
                    { QStringLiteral("blocks"), number(pool.blocksTotal) },
                    { QStringLiteral("blockSize"), number(pool.blockSize) } };
            }
            for (const IpNetwork& services : t.serviceClusterIPs) {
                if (!pool.cidr.overlaps(services))
                    continue;
                Finding& f = addPool(input, Severity::Warning, QStringLiteral("network.pool-overlap"), pool,
                    QStringLiteral("IP pool %1 overlaps the service range %2").arg(pool.cidrText, services.toString()));
                f.qualifier = services.toString();
                f.evidence = { { QStringLiteral("cidr"), pool.cidrText }, { QStringLiteral("services"), services.toString() } };
            }
            for (const IpNetwork& subnet : std::as_const(nodeSubnets)) {
                if (!pool.cidr.overlaps(subnet))
                    continue;
                Finding& f = addPool(input, Severity::Warning, QStringLiteral("network.pool-overlap"), pool,
                    QStringLiteral("IP pool %1 overlaps the node network %2").arg(pool.cidrText, subnet.toString()));
                f.qualifier = subnet.toString();
                f.evidence = { { QStringLiteral("cidr"), pool.cidrText }, { QStringLiteral("nodes"), subnet.toString() } };
            }
            if (!pool.natOutgoing && t.routers.isEmpty()) {
                Finding& f = addPool(input, Severity::Warning, QStringLiteral("network.nat-outgoing-off"), pool,
                    QStringLiteral("Pods of %1 leave without NAT, and no BGP router outside the cluster knows their route")
                        .arg(pool.cidrText));
                f.evidence = { { QStringLiteral("natOutgoing"), QStringLiteral("false") },
                    { QStringLiteral("externalPeers"), QStringLiteral("0") } };
            }
        }
    }

    void podCidrs(RuleInput& input, const NetworkTopology& t)
    {
        for (const TopologyNode& node : t.nodes) {
            if (t.cni.plugin == CniSummary::Plugin::Flannel && node.podCIDRs.isEmpty()) {
                Finding& f = addNode(input, Severity::Warning, QStringLiteral("network.node-without-pod-cidr"), node,
                    QStringLiteral("No spec.podCIDR: flannel cannot start on this node (\"pod cidr not assigned\")"));
                f.evidence = { { QStringLiteral("podCIDR"), QStringLiteral("<none>") } };
            } else if (t.cni.plugin == CniSummary::Plugin::Calico && !t.pools.isEmpty() && node.pool < 0
                && node.blocks.isEmpty()) {
                Finding& f = addNode(input, Severity::Warning, QStringLiteral("network.node-without-pod-cidr"), node,
                    QStringLiteral("No enabled IP pool selects this node: its pods get no address"));
                f.evidence = { { QStringLiteral("pools"), number(t.pools.size()) }, { QStringLiteral("blocks"), QStringLiteral("0") } };
            }
        }
    }

    void flannel(RuleInput& input, const NetworkTopology& t)
    {
        if (t.flannel && t.flannel->parseError.isEmpty() && t.flannel->backendType.isEmpty()) {
            Finding& f = input.add(Severity::Warning, QStringLiteral("network.flannel-no-backend"),
                QStringLiteral("ConfigMap"), t.flannelSource.section(QLatin1Char('/'), 0, 0),
                t.flannelSource.section(QLatin1Char('/'), 1), QStringLiteral("net-conf.json names no Backend.Type: flannel falls back to udp"), 0);
            f.evidence = { { QStringLiteral("Backend.Type"), QStringLiteral("<none>") },
                { QStringLiteral("effective"), QStringLiteral("udp") } };
        }
        if (t.cni.plugin == CniSummary::Plugin::Calico && t.cni.alsoFlannel && t.flannel) {
            Finding& f = addCluster(input, Severity::Info, QStringLiteral("network.mixed-cni"),
                QStringLiteral("Calico and flannel both configured (Canal: Calico policy over flannel %1)").arg(t.cni.backend));
            f.evidence = { { QStringLiteral("calicoPools"), number(t.pools.size()) },
                { QStringLiteral("flannel"), t.flannelSource } };
        }
    }

    void fleetOverlaps(RuleInput& input, const NetworkTopology& t)
    {
        const ClusterAddresses self = ClusterAddresses::of(input.cluster.name, t);
        const QList<AddressOverlap> overlaps = addressOverlaps(self, input.fleet);
        if (overlaps.isEmpty())
            return;
        QStringList clusters;
        QStringList ranges;
        bool collide = false;
        for (const AddressOverlap& o : overlaps) {
            if (!clusters.contains(o.otherCluster))
                clusters << o.otherCluster;
            const QString pair = o.mine.toString() + QStringLiteral(" ∩ ") + o.otherCluster + QLatin1Char(' ') + o.theirs.toString();
            if (ranges.size() < MaxListed && !ranges.contains(pair))
                ranges << pair;
            collide = collide || o.bothAdvertised;
        }
        clusters.sort();
        const QStringList named = clusters.mid(0, MaxListed);
        Finding& f = addCluster(input, collide ? Severity::Warning : Severity::Info,
            QStringLiteral("network.cidr-overlap-fleet"),
            QStringLiteral("Pod/service ranges overlap %1 other cluster%2 (%3%4): no cluster mesh or direct migration between them")
                .arg(clusters.size())
                .arg(clusters.size() == 1 ? QString() : QStringLiteral("s"))
                .arg(named.join(QStringLiteral(", ")))
                .arg(clusters.size() > MaxListed ? QStringLiteral(", …") : QString()));
        f.evidence = { { QStringLiteral("clusters"), clusters.join(QStringLiteral(", ")) },
            { QStringLiteral("overlaps"), ranges.join(QStringLiteral("; ")) } };
        if (collide)
            f.evidence.append({ QStringLiteral("bgp"), QStringLiteral("both advertise pod routes to routers") });
    }

} // namespace

void networkRules(RuleInput& input, const NetworkTopology& topology)
{
    if (topology.cni.plugin == CniSummary::Plugin::Unknown)
        return;
    encapsulationInSubnet(input, topology);
    mtu(input, topology);
    mesh(input, topology);
    sessions(input, topology);
    reflectors(input, topology);
    pools(input, topology);
    podCidrs(input, topology);
    flannel(input, topology);
    fleetOverlaps(input, topology);
}

} // namespace minato::analysis
