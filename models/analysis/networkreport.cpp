// SPDX-License-Identifier: Apache-2.0
#include "analysis/networkreport.h"

#include "analysis/findings.h"
#include "analysis/topologygraph.h"
#include "fleet/clusterstore.h"
#include "util/texttable.h"

#include <QJsonArray>
#include <QMap>

namespace minato::analysis {

namespace {

    const QString Dash = QStringLiteral("—");

    QStringList texts(const QList<IpNetwork>& networks)
    {
        QStringList out;
        for (const IpNetwork& n : networks)
            out << n.toString();
        return out;
    }

    QString sessionKind(BgpSession::Kind kind)
    {
        switch (kind) {
        case BgpSession::Kind::Mesh:
            return QStringLiteral("mesh");
        case BgpSession::Kind::NodePeer:
            return QStringLiteral("node");
        case BgpSession::Kind::External:
            return QStringLiteral("external");
        }
        return {};
    }

    QString peerOf(const NetworkTopology& t, const BgpSession& s)
    {
        return s.router >= 0 ? t.routers.at(s.router).address : t.nodes.at(s.peerNode).name;
    }

    QString bgpText(const NetworkTopology& t)
    {
        if (t.cni.plugin != CniSummary::Plugin::Calico)
            return Dash;
        if (!t.bgpEnabled)
            return QStringLiteral("off");
        QStringList parts;
        if (t.nodeToNodeMesh)
            parts << QStringLiteral("mesh, %1 nodes").arg(t.nodes.size());
        else if (const qsizetype rr = t.routeReflectors().size(); rr > 0)
            parts << QStringLiteral("route reflectors %1").arg(rr);
        else
            parts << QStringLiteral("no mesh");
        if (!t.routers.isEmpty())
            parts << QStringLiteral("routers %1").arg(t.routers.size());
        return parts.join(QStringLiteral(", "));
    }

    QString dotId(const QString& text)
    {
        // Labels use dot's own \\n line breaks; Kubernetes names carry no backslashes to escape.
        QString escaped = text;
        escaped.replace(QLatin1Char('"'), QStringLiteral("\\\""));
        return QLatin1Char('"') + escaped + QLatin1Char('"');
    }


} // namespace

QString PathMix::describe() const
{
    if (total == 0)
        return Dash;
    QStringList parts;
    for (std::size_t i = 0; i < paths.size(); ++i)
        if (paths[i] > 0)
            parts << QStringLiteral("%1 %2/%3").arg(encapsulationName(Encapsulation(i))).arg(paths[i]).arg(total);
    return parts.join(QStringLiteral(", "));
}

PathMix PathMix::of(const NetworkTopology& topology)
{
    if (topology.cni.plugin == CniSummary::Plugin::Unknown)
        return {}; // no CNI known: how packets travel is not known either
    // Nodes that agree on everything pathBetween reads share their paths.
    QMap<QString, QList<int>> classes;
    for (int i = 0; i < topology.nodes.size(); ++i) {
        const TopologyNode& n = topology.nodes.at(i);
        classes[n.subnet.toString() + QLatin1Char('|') + QString::number(n.pool) + QLatin1Char('|')
            + (n.wireguardAddress.isEmpty() ? QLatin1Char('-') : QLatin1Char('w'))]
            .append(i);
    }
    PathMix mix;
    for (auto from = classes.cbegin(); from != classes.cend(); ++from) {
        for (auto to = classes.cbegin(); to != classes.cend(); ++to) {
            const qint64 a = from->size();
            const qint64 pairs = from == to ? a * (a - 1) : a * to->size();
            if (pairs == 0)
                continue;
            const int source = from->first();
            const int target = from == to ? from->at(1) : to->first();
            mix.paths[std::size_t(pathBetween(topology, source, target).encapsulation)] += pairs;
            mix.total += pairs;
        }
    }
    return mix;
}

NetworkReportCluster NetworkReportCluster::of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store)
{
    using fleet::WatchedKind;
    NetworkReportCluster cluster;
    cluster.facts = facts;
    cluster.topology = NetworkTopology::build(store);
    for (const WatchedKind kind : { WatchedKind::Nodes, WatchedKind::ConfigMaps, WatchedKind::CalicoIpPools,
             WatchedKind::CalicoBgpConfigurations, WatchedKind::CalicoBgpPeers, WatchedKind::CalicoFelixConfigurations,
             WatchedKind::CalicoBlockAffinities, WatchedKind::CalicoNodeStatuses }) {
        if (facts.forbiddenKinds.contains(kind))
            cluster.forbidden << fleet::watchedKindName(kind);
    }
    // Without the pools (or the nodes) every path would read "direct": unknown is the truth.
    if (!cluster.isForbidden(WatchedKind::Nodes)
        && !(cluster.topology.cni.plugin == CniSummary::Plugin::Calico && cluster.isForbidden(WatchedKind::CalicoIpPools)))
        cluster.paths = PathMix::of(cluster.topology);
    return cluster;
}

bool NetworkReportCluster::isForbidden(fleet::WatchedKind kind) const
{
    return forbidden.contains(fleet::watchedKindName(kind));
}

QList<NetworkReportCluster> NetworkReportCluster::build(const QList<ReportCluster>& clusters, const QDateTime& now)
{
    QList<NetworkReportCluster> out;
    FleetAddresses fleet;
    for (const ReportCluster& c : clusters) {
        static const fleet::StoreContent noStore;
        NetworkReportCluster cluster = of(c.facts, c.store ? *c.store : noStore);
        fleet.append(ClusterAddresses::of(c.facts.name, cluster.topology));
        out.append(std::move(cluster));
    }
    for (qsizetype i = 0; i < out.size(); ++i) {
        NetworkReportCluster& cluster = out[i];
        cluster.overlaps = addressOverlaps(fleet.at(i), fleet);
        if (!clusters.at(i).store)
            continue;
        for (Finding& f : evaluateCluster(cluster.facts, *clusters.at(i).store, now, {}, fleet).findings)
            if (f.ruleId.startsWith(QLatin1String("network.")))
                cluster.findings.append(std::move(f));
    }
    return out;
}

NetworkMatrixRow NetworkMatrixRow::of(const NetworkReportCluster& c)
{
    const NetworkTopology& t = c.topology;
    NetworkMatrixRow row;
    row.cluster = c.facts.name;
    row.team = c.facts.team;
    row.environment = c.facts.environment;
    const QString plugin = t.cni.plugin == CniSummary::Plugin::Calico && t.cni.alsoFlannel ? QStringLiteral("Canal")
                                                                                           : t.cni.pluginName();
    row.cni = t.cni.version.isEmpty() ? plugin : plugin + QLatin1Char(' ') + t.cni.version;
    if (t.cni.plugin == CniSummary::Plugin::Calico && c.isForbidden(fleet::WatchedKind::CalicoIpPools)) {
        row.mode = QStringLiteral("unknown (ippools forbidden)");
    } else if (t.cni.plugin == CniSummary::Plugin::Calico) {
        row.mode = t.cni.encapsulation.isEmpty() ? QStringLiteral("no pools") : t.cni.encapsulation;
        if (t.wireguard)
            row.mode += QStringLiteral(" + WireGuard");
    } else if (t.cni.plugin == CniSummary::Plugin::Flannel) {
        row.mode = t.cni.backend;
        if (t.flannel && t.flannel->directRouting.value_or(false))
            row.mode += QStringLiteral(" DirectRouting");
    } else {
        row.mode = Dash;
    }
    row.paths = c.paths.describe();
    const bool mtuUnknown = t.cni.plugin == CniSummary::Plugin::Unknown
        || (t.cni.plugin == CniSummary::Plugin::Calico && c.isForbidden(fleet::WatchedKind::CalicoIpPools));
    row.mtu = mtuUnknown ? 0 : t.mtu.effective();
    row.mtuTooLarge = t.mtu.tooLarge();
    row.podCidrs = texts(t.podNetworks());
    row.serviceCidrs = texts(t.serviceClusterIPs);
    for (const AddressOverlap& o : c.overlaps)
        if (!row.overlapping.contains(o.mine.toString()))
            row.overlapping << o.mine.toString();
    row.bgp = t.cni.plugin == CniSummary::Plugin::Calico && c.isForbidden(fleet::WatchedKind::CalicoBgpConfigurations)
        ? QStringLiteral("unknown (bgpconfigurations forbidden)")
        : bgpText(t);
    for (const BgpSession& s : t.sessions)
        if (s.stateKnown() && !s.isEstablished())
            ++row.sessionsDown;
    row.findings = FindingsReport::count(c.findings);
    return row;
}

QString NetworkRenderer::table(const QList<NetworkReportCluster>& clusters)
{
    QList<QStringList> rows { { QStringLiteral("CLUSTER"), QStringLiteral("CNI"), QStringLiteral("MODE"),
        QStringLiteral("PATHS"), QStringLiteral("MTU"), QStringLiteral("POD CIDRS"), QStringLiteral("BGP"),
        QStringLiteral("DOWN"), QStringLiteral("FINDINGS") } };
    for (const NetworkReportCluster& c : clusters) {
        const NetworkMatrixRow r = NetworkMatrixRow::of(c);
        QStringList pods;
        for (const QString& cidr : r.podCidrs)
            pods << (r.overlapping.contains(cidr) ? cidr + QLatin1Char('!') : cidr);
        rows.append({ r.cluster, r.cni, r.mode, r.paths,
            r.mtu == 0 ? Dash : QString::number(r.mtu) + (r.mtuTooLarge ? QStringLiteral("!") : QString()),
            pods.isEmpty() ? Dash : pods.join(QLatin1Char(',')), r.bgp, QString::number(r.sessionsDown),
            QStringLiteral("%1/%2/%3").arg(r.findings.critical).arg(r.findings.warning).arg(r.findings.info) });
    }
    QString out = alignedLines(rows, 2).join(QLatin1Char('\n')) + QLatin1Char('\n');
    out += QStringLiteral("(! overlaps another cluster's range, or leaves no room for the encapsulation; "
                          "FINDINGS critical/warning/info)\n");

    for (const NetworkReportCluster& c : clusters) {
        const NetworkTopology& t = c.topology;
        if (t.cni.plugin == CniSummary::Plugin::Unknown)
            continue;
        out += QLatin1Char('\n') + c.facts.name + QStringLiteral(": ") + t.cni.describe();
        if (t.bgpEnabled && !c.isForbidden(fleet::WatchedKind::CalicoBgpConfigurations))
            out += QStringLiteral("; AS %1, %2 nodes").arg(t.asNumber).arg(t.nodes.size());
        out += QLatin1Char('\n');
        if (!c.forbidden.isEmpty())
            out += QStringLiteral("  FORBIDDEN %1: not readable with these credentials, so not shown as facts\n")
                       .arg(c.forbidden.join(QStringLiteral(", ")));
        if (c.isForbidden(fleet::WatchedKind::CalicoIpPools))
            out += QStringLiteral("  MTU unknown (the pools are not readable)\n");
        else
            out += QStringLiteral("  MTU %1 (%2; %3 bytes of encapsulation on a %4 network)\n")
                   .arg(t.mtu.effective())
                   .arg(t.mtu.configured > 0 ? QStringLiteral("configured in ") + t.mtu.source : QStringLiteral("auto"))
                   .arg(t.mtu.overhead)
                   .arg(t.mtu.hostMtu);
        out += QStringLiteral("  PATHS %1\n").arg(c.paths.describe());
        if (!t.pools.isEmpty()) {
            QList<QStringList> pools { { QStringLiteral("  POOL"), QStringLiteral("CIDR"), QStringLiteral("ENCAPSULATION"),
                QStringLiteral("NAT"), QStringLiteral("BLOCKS"), QStringLiteral("NODES") } };
            for (const TopologyPool& p : t.pools)
                pools.append({ QStringLiteral("  ") + p.name, p.cidrText, p.disabled ? QStringLiteral("disabled") : p.modeText(),
                    p.natOutgoing ? QStringLiteral("yes") : QStringLiteral("no"),
                    QStringLiteral("%1/%2").arg(p.blocksUsed).arg(p.blocksTotal), QString::number(p.selectedNodes) });
            out += alignedLines(pools, 2).join(QLatin1Char('\n')) + QLatin1Char('\n');
        }
        if (t.flannel) {
            out += QStringLiteral("  FLANNEL %1 Network %2, SubnetLen %3, Backend %4%5\n")
                       .arg(t.flannelSource, t.flannel->network)
                       .arg(t.flannel->subnetLen > 0 ? t.flannel->subnetLen : 24)
                       .arg(t.flannel->backendType.isEmpty() ? QStringLiteral("<none: udp>") : t.flannel->backendType,
                           t.flannel->vni > 0 ? QStringLiteral(" VNI %1").arg(t.flannel->vni) : QString());
        }
        if (!t.routers.isEmpty() || !t.sessions.isEmpty()) {
            QList<QStringList> peers { { QStringLiteral("  SESSION"), QStringLiteral("PEER"), QStringLiteral("KIND"),
                QStringLiteral("VIA"), QStringLiteral("STATE"), QStringLiteral("SINCE") } };
            // Every external session, and node sessions only when they are not Established:
            // a 500-node cluster has 1,500 reflector sessions nobody reads one by one.
            qint64 quiet = 0;
            for (const BgpSession& s : t.sessions) {
                if (s.router < 0 && s.isEstablished()) {
                    ++quiet;
                    continue;
                }
                QString peer = peerOf(t, s);
                if (s.router >= 0)
                    peer += QStringLiteral(" AS %1").arg(t.routers.at(s.router).asNumber);
                peers.append({ QStringLiteral("  ") + t.nodes.at(s.node).name, peer, sessionKind(s.kind), s.source,
                    s.stateKnown() ? s.state : QStringLiteral("unknown"), s.since.isEmpty() ? Dash : s.since });
            }
            if (peers.size() > 1)
                out += alignedLines(peers, 2).join(QLatin1Char('\n')) + QLatin1Char('\n');
            if (quiet > 0)
                out += QStringLiteral("  %1 more sessions between nodes Established (-o json lists them)\n").arg(quiet);
        }
        if (t.bgpEnabled && t.nodeToNodeMesh && !c.isForbidden(fleet::WatchedKind::CalicoBgpConfigurations))
            out += QStringLiteral("  MESH %1 sessions between %2 nodes\n").arg(t.meshSessions).arg(t.nodes.size());
        for (const Finding& f : c.findings)
            out += QStringLiteral("  %1 %2 %3/%4: %5\n")
                       .arg(severityName(f.severity).toUpper(), f.ruleId, f.object.kind, f.object.name, f.title);
    }
    return out;
}

QJsonObject NetworkRenderer::clusterObject(const NetworkReportCluster& c)
{
    const NetworkTopology& t = c.topology;
    const NetworkMatrixRow row = NetworkMatrixRow::of(c);
    QJsonObject o {
        { QStringLiteral("name"), c.facts.name },
        { QStringLiteral("state"), fleet::sessionStateName(c.facts.status.state) },
        { QStringLiteral("forbidden"), QJsonArray::fromStringList(c.forbidden) },
        { QStringLiteral("team"), c.facts.team },
        { QStringLiteral("environment"), c.facts.environment },
        { QStringLiteral("cni"), t.cni.pluginName() },
        { QStringLiteral("canal"), t.cni.alsoFlannel },
        { QStringLiteral("version"), t.cni.version },
        { QStringLiteral("mode"), row.mode },
        { QStringLiteral("podCidrs"), QJsonArray::fromStringList(row.podCidrs) },
        { QStringLiteral("serviceCidrs"), QJsonArray::fromStringList(row.serviceCidrs) },
        { QStringLiteral("mtu"),
            QJsonObject { { QStringLiteral("effective"), t.mtu.effective() },
                { QStringLiteral("configured"), t.mtu.configured }, { QStringLiteral("source"), t.mtu.source },
                { QStringLiteral("overhead"), t.mtu.overhead }, { QStringLiteral("hostMtu"), t.mtu.hostMtu },
                { QStringLiteral("tooLarge"), t.mtu.tooLarge() } } },
    };
    QJsonObject paths { { QStringLiteral("total"), c.paths.total } };
    for (std::size_t i = 0; i < c.paths.paths.size(); ++i)
        if (c.paths.paths[i] > 0)
            paths.insert(encapsulationName(Encapsulation(i)), c.paths.paths[i]);
    o.insert(QStringLiteral("paths"), paths);
    QJsonArray overlaps;
    for (const AddressOverlap& ov : c.overlaps)
        overlaps.append(QJsonObject { { QStringLiteral("cidr"), ov.mine.toString() },
            { QStringLiteral("cluster"), ov.otherCluster }, { QStringLiteral("theirs"), ov.theirs.toString() },
            { QStringLiteral("range"), ov.pods ? QStringLiteral("pods") : QStringLiteral("services") } });
    o.insert(QStringLiteral("overlaps"), overlaps);
    QJsonArray pools;
    for (const TopologyPool& p : t.pools)
        pools.append(QJsonObject { { QStringLiteral("name"), p.name }, { QStringLiteral("cidr"), p.cidrText },
            { QStringLiteral("blockSize"), p.blockSize }, { QStringLiteral("ipipMode"), encapsulationModeName(p.ipipMode) },
            { QStringLiteral("vxlanMode"), encapsulationModeName(p.vxlanMode) }, { QStringLiteral("natOutgoing"), p.natOutgoing },
            { QStringLiteral("disabled"), p.disabled }, { QStringLiteral("nodeSelector"), p.nodeSelector },
            { QStringLiteral("selectedNodes"), p.selectedNodes }, { QStringLiteral("blocksUsed"), p.blocksUsed },
            { QStringLiteral("blocks"), p.blocksTotal } });
    o.insert(QStringLiteral("pools"), pools);
    if (t.flannel)
        o.insert(QStringLiteral("flannel"),
            QJsonObject { { QStringLiteral("source"), t.flannelSource }, { QStringLiteral("network"), t.flannel->network },
                { QStringLiteral("subnetLen"), t.flannel->subnetLen > 0 ? t.flannel->subnetLen : 24 },
                { QStringLiteral("backend"), t.flannel->backendType },
                { QStringLiteral("directRouting"), t.flannel->directRouting.value_or(false) } });
    if (t.cni.plugin == CniSummary::Plugin::Calico) {
        QJsonArray routers;
        for (const ExternalRouter& r : t.routers)
            routers.append(QJsonObject { { QStringLiteral("address"), r.address }, { QStringLiteral("asNumber"), r.asNumber },
                { QStringLiteral("peers"), QJsonArray::fromStringList(r.peers) } });
        QJsonArray sessions;
        for (const BgpSession& s : t.sessions)
            sessions.append(QJsonObject { { QStringLiteral("node"), t.nodes.at(s.node).name },
                { QStringLiteral("peer"), peerOf(t, s) }, { QStringLiteral("kind"), sessionKind(s.kind) },
                { QStringLiteral("source"), s.source }, { QStringLiteral("state"), s.state },
                { QStringLiteral("since"), s.since } });
        QJsonArray reflectors;
        for (const int n : t.routeReflectors())
            reflectors.append(t.nodes.at(n).name);
        QJsonObject bgp { { QStringLiteral("enabled"), t.bgpEnabled }, { QStringLiteral("asNumber"), t.asNumber },
            { QStringLiteral("nodeToNodeMesh"), t.nodeToNodeMesh }, { QStringLiteral("meshSessions"), t.meshSessions },
            { QStringLiteral("routeReflectors"), reflectors }, { QStringLiteral("routers"), routers },
            { QStringLiteral("sessions"), sessions }, { QStringLiteral("nodesReportingStatus"), t.nodesReportingStatus } };
        if (c.isForbidden(fleet::WatchedKind::CalicoBgpConfigurations)) {
            // The AS and the mesh live in the BGPConfiguration: unreadable, they are unknown.
            bgp.remove(QStringLiteral("asNumber"));
            bgp.remove(QStringLiteral("nodeToNodeMesh"));
            bgp.remove(QStringLiteral("meshSessions"));
            bgp.insert(QStringLiteral("known"), false);
        }
        o.insert(QStringLiteral("bgp"), bgp);
    }
    QJsonArray nodes;
    for (const TopologyNode& n : t.nodes) {
        QJsonObject node { { QStringLiteral("name"), n.name }, { QStringLiteral("address"), n.address.toString() },
            { QStringLiteral("subnet"), n.subnet.toString() }, { QStringLiteral("group"), n.group() },
            { QStringLiteral("pool"), n.pool >= 0 ? t.pools.at(n.pool).name : QString() },
            { QStringLiteral("blocks"), QJsonArray::fromStringList(texts(n.blocks)) },
            { QStringLiteral("podCIDRs"), QJsonArray::fromStringList(n.podCIDRs) } };
        if (n.isRouteReflector())
            node.insert(QStringLiteral("routeReflectorClusterID"), n.routeReflectorClusterID);
        nodes.append(node);
    }
    o.insert(QStringLiteral("nodes"), nodes);
    o.insert(QStringLiteral("findings"), FindingsReport::findingsArray(c.findings));
    return o;
}

QJsonObject NetworkRenderer::document(const QList<NetworkReportCluster>& clusters)
{
    QJsonArray array;
    for (const NetworkReportCluster& c : clusters)
        array.append(clusterObject(c));
    return QJsonObject { { QStringLiteral("clusters"), array } };
}

QString NetworkRenderer::dot(const NetworkReportCluster& c)
{
    const NetworkTopology& t = c.topology;
    const TopologyGraph graph = TopologyGraph::of(t);
    QString out = QStringLiteral("graph %1 {\n").arg(dotId(c.facts.name));
    const NetworkMatrixRow row = NetworkMatrixRow::of(c);
    out += QStringLiteral("  label=%1; labelloc=t; fontname=\"Helvetica\"; compound=true;\n")
               .arg(dotId(c.facts.name + QStringLiteral(": ") + row.cni + QLatin1Char(' ') + row.mode
                   + QStringLiteral(" · MTU %1").arg(t.mtu.effective())));
    out += QStringLiteral("  node [fontname=\"Helvetica\", fontsize=10]; edge [fontname=\"Helvetica\", fontsize=9];\n");
    auto nodeLine = [&](int n, const QString& indent) {
        const TopologyNode& node = t.nodes.at(n);
        QString label = node.name + QStringLiteral("\\n") + node.address.toString();
        if (node.isRouteReflector())
            label += QStringLiteral("\\nRR ") + node.routeReflectorClusterID;
        return QStringLiteral("%1%2 [label=%3, shape=%4%5];\n")
            .arg(indent, dotId(node.name), dotId(label),
                node.isRouteReflector() ? QStringLiteral("doubleoctagon") : QStringLiteral("ellipse"),
                node.ready ? QString() : QStringLiteral(", style=dashed, color=red3"));
    };
    // Edges between groups attach to a node of each (graphviz has no edges to subgraphs) and
    // are clipped at the group's border (lhead/ltail).
    auto endpoint = [&](const TopologyEndpoint& e) -> std::pair<QString, QString> {
        switch (e.kind) {
        case TopologyEndpoint::Kind::Group:
            return { dotId(t.nodes.at(graph.groups.at(e.index).nodes.first()).name),
                QStringLiteral("cluster_%1").arg(e.index) };
        case TopologyEndpoint::Kind::Node:
            return { dotId(t.nodes.at(e.index).name), QString() };
        case TopologyEndpoint::Kind::Router:
            return { dotId(QStringLiteral("router ") + t.routers.at(e.index).address), QString() };
        }
        return {};
    };
    for (int g = 0; g < graph.groups.size(); ++g) {
        const TopologyGroup& group = graph.groups.at(g);
        QString label = group.label();
        if (group.hasInside)
            label += QStringLiteral(" (inside: %1)").arg(encapsulationName(group.inside.encapsulation));
        out += QStringLiteral("  subgraph cluster_%1 {\n    label=%2; style=rounded; color=gray60;\n").arg(g).arg(dotId(label));
        for (const int n : group.nodes)
            out += nodeLine(n, QStringLiteral("    "));
        out += QStringLiteral("  }\n");
    }
    for (const int rr : graph.reflectors)
        out += nodeLine(rr, QStringLiteral("  "));
    for (const ExternalRouter& r : t.routers)
        out += QStringLiteral("  %1 [label=%2, shape=box, style=filled, fillcolor=lightsteelblue];\n")
                   .arg(dotId(QStringLiteral("router ") + r.address),
                       dotId(r.address + QStringLiteral("\\nAS %1").arg(r.asNumber)));
    for (const TopologyLink& link : graph.links) {
        const auto [a, groupA] = endpoint(link.a);
        const auto [b, groupB] = endpoint(link.b);
        if (link.a == link.b)
            continue; // peerings inside one group: its nodes' own sessions, listed in the table
        QStringList attributes { QStringLiteral("label=%1").arg(dotId(link.label())) };
        if (!groupA.isEmpty())
            attributes << QStringLiteral("ltail=") + groupA;
        if (!groupB.isEmpty())
            attributes << QStringLiteral("lhead=") + groupB;
        if (link.kind == TopologyLink::Kind::Path) {
            attributes << (link.path.encapsulation == Encapsulation::None ? QStringLiteral("style=solid")
                                                                          : QStringLiteral("style=dashed"));
            attributes << (link.anyDown() ? QStringLiteral("color=red3")
                               : link.mesh ? QStringLiteral("color=gray40")
                                           : QStringLiteral("color=gray80"));
        } else {
            attributes << (link.anyDown() ? QStringLiteral("color=red3")
                               : link.allEstablished() ? QStringLiteral("color=forestgreen")
                                                       : QStringLiteral("color=gray50"));
            attributes << QStringLiteral("penwidth=%1").arg(std::min(1.5 + link.sessions / 10.0, 5.0));
            attributes << QStringLiteral("tooltip=%1").arg(dotId(link.sources.join(QStringLiteral(", "))));
        }
        out += QStringLiteral("  %1 -- %2 [%3];\n").arg(a, b, attributes.join(QStringLiteral(", ")));
    }
    out += QStringLiteral("}\n");
    return out;
}

} // namespace minato::analysis
