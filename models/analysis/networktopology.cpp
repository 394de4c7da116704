// SPDX-License-Identifier: Apache-2.0
#include "analysis/networktopology.h"

#include "fleet/clusterstore.h"
#include "util/calicoselector.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace minato::analysis {

using namespace fleet;

namespace {

    constexpr int MaxBlockBits = 40; // 2^40 blocks is "unlimited" for utilisation

    EncapsulationMode modeOf(const InternedString& text)
    {
        if (text == QLatin1String("Always"))
            return EncapsulationMode::Always;
        if (text == QLatin1String("CrossSubnet"))
            return EncapsulationMode::CrossSubnet;
        return EncapsulationMode::Never;
    }

    std::optional<QString> labelOf(const LabelSet& labels, const QString& key)
    {
        if (!labels.contains(key))
            return std::nullopt;
        return labels.value(key);
    }

    QString rackOf(const LabelSet& labels)
    {
        for (const char* key : { "topology.kubernetes.io/rack", "topology.rack", "rack" }) {
            const QString value = labels.value(QString::fromLatin1(key));
            if (!value.isEmpty())
                return value;
        }
        return {};
    }

    // "10.0.0.1", "10.0.0.1:179", "[fd00::1]:179", "fd00::1": the address without its port.
    IpAddress peerAddress(const QString& text)
    {
        QStringView view(text);
        if (view.startsWith(QLatin1Char('['))) {
            const qsizetype close = view.indexOf(QLatin1Char(']'));
            return IpAddress::parse(view.mid(1, close - 1)).value_or(IpAddress());
        }
        if (view.count(QLatin1Char(':')) == 1)
            view = view.left(view.indexOf(QLatin1Char(':')));
        return IpAddress::parse(view).value_or(IpAddress());
    }

    quint64 pairKey(int a, int b)
    {
        return quint64(std::min(a, b)) << 32 | quint32(std::max(a, b));
    }

    struct Builder
    {
        const StoreContent& store;
        NetworkTopology& out;
        QHash<QString, int> byName;
        QHash<QString, int> byAddress; // canonical text
        std::vector<LabelSet> labels; // parallel to out.nodes
        QHash<quint64, int> nodeSessions; // pair → index in out.sessions
        QSet<QString> addressSessions; // "node index|peerIP" of the sessions to peers named by address
        QHash<int, QList<std::pair<int, IpAddress>>> openedBy; // node → (session, peer address)

        void nodes();
        void pools();
        void blocks();
        void bgp();
        void peers();
        void statuses();
        void mtu();
        void flannel();

        std::vector<int> select(const QString& selector, bool emptyMeansAll)
        {
            std::vector<int> picked;
            if (selector.trimmed().isEmpty() && !emptyMeansAll)
                return picked;
            const auto parsed = CalicoSelector::parse(selector);
            if (!parsed)
                return picked;
            for (int i = 0; i < out.nodes.size(); ++i) {
                const LabelSet& l = labels[std::size_t(i)];
                if (parsed->matches([&l](const QString& key) { return labelOf(l, key); }))
                    picked.push_back(i);
            }
            return picked;
        }

        int routerFor(const QString& address, qint64 asNumber, const QString& peerName)
        {
            const IpAddress ip = peerAddress(address);
            for (int r = 0; r < out.routers.size(); ++r) {
                ExternalRouter& router = out.routers[r];
                if (router.address == address || (!ip.isNull() && router.ip == ip)) {
                    if (!router.peers.contains(peerName))
                        router.peers.append(peerName);
                    return r;
                }
            }
            out.routers.append({ address, ip, asNumber, { peerName } });
            return int(out.routers.size()) - 1;
        }

        // The sessions of node `self` whose other end is at `ip`: the selector pair, sessions
        // `self` opened to that address, and ones the other node opened to `self`.
        QList<int> sessionsTo(int self, const IpAddress& ip, int other) const
        {
            QList<int> found;
            if (other >= 0)
                if (const auto it = nodeSessions.constFind(pairKey(self, other)); it != nodeSessions.constEnd())
                    found.append(*it);
            for (const auto& [index, peerIp] : openedBy.value(self))
                if (peerIp == ip)
                    found.append(index);
            if (other >= 0)
                for (const auto& [index, peerIp] : openedBy.value(other))
                    if (peerIp == out.nodes.at(self).address)
                        found.append(index);
            return found;
        }

        void addNodeSession(int a, int b, BgpSession::Kind kind, const QString& source)
        {
            if (a == b || nodeSessions.contains(pairKey(a, b)))
                return;
            nodeSessions.insert(pairKey(a, b), int(out.sessions.size()));
            BgpSession s;
            s.kind = kind;
            s.node = a;
            s.peerNode = b;
            s.source = source;
            out.sessions.append(s);
        }
    };

    void Builder::nodes()
    {
        QList<const NodeInfo*> sorted;
        for (const NodeInfo& n : store.nodes())
            sorted.append(&n);
        std::sort(sorted.begin(), sorted.end(), [](const NodeInfo* a, const NodeInfo* b) {
            return a->meta.name < b->meta.name;
        });
        for (const NodeInfo* n : std::as_const(sorted)) {
            TopologyNode node;
            node.name = n->meta.name;
            node.uid = n->meta.uid;
            if (const auto calico = IpInterface::parse(n->calico.ipv4Address)) {
                node.address = calico->address;
                node.subnet = calico->network;
            }
            if (node.address.isNull())
                node.address = IpAddress::parse(n->flannel.publicIP).value_or(IpAddress());
            if (node.address.isNull())
                node.address = IpAddress::parse(n->internalIP).value_or(IpAddress());
            node.ipipTunnelAddress = n->calico.ipv4IPIPTunnelAddr;
            node.vxlanTunnelAddress = n->calico.ipv4VXLANTunnelAddr;
            node.wireguardAddress = n->calico.ipv4WireguardInterfaceAddr;
            node.vtepMac = n->flannel.vtepMac;
            node.zone = n->zone.toString();
            node.rack = rackOf(n->meta.labels);
            node.routeReflectorClusterID = n->calico.routeReflectorClusterID;
            node.asNumber = n->calico.asNumber.toLongLong();
            node.podCIDRs = n->podCIDRs;
            node.ready = n->isReady();
            byName.insert(node.name, int(out.nodes.size()));
            if (!node.address.isNull())
                byAddress.insert(node.address.toString(), int(out.nodes.size()));
            labels.push_back(n->meta.labels);
            out.nodes.append(std::move(node));
        }
    }

    void Builder::pools()
    {
        for (const CalicoIpPoolInfo& p : store.ipPools()) {
            TopologyPool pool;
            pool.name = p.meta.name;
            pool.uid = p.meta.uid;
            pool.cidrText = p.cidr;
            pool.cidr = IpNetwork::parse(p.cidr).value_or(IpNetwork());
            pool.blockSize = p.blockSize > 0 ? p.blockSize : (p.isIPv6() ? 122 : 26);
            pool.ipipMode = modeOf(p.ipipMode);
            pool.vxlanMode = modeOf(p.vxlanMode);
            pool.natOutgoing = p.natOutgoing;
            pool.disabled = p.disabled;
            pool.nodeSelector = p.nodeSelector;
            pool.allowedUses = p.allowedUses;
            if (!CalicoSelector::parse(p.nodeSelector, &pool.selectorError) && pool.selectorError.isEmpty())
                pool.selectorError = QStringLiteral("invalid selector");
            if (!pool.cidr.isNull()) {
                const int bits = std::max(0, pool.blockSize - pool.cidr.prefix());
                pool.blocksTotal = qint64(1) << std::min(bits, MaxBlockBits);
            }
            out.pools.append(std::move(pool));
        }
        std::sort(out.pools.begin(), out.pools.end(),
            [](const TopologyPool& a, const TopologyPool& b) { return a.name < b.name; });
        for (int p = 0; p < out.pools.size(); ++p) {
            TopologyPool& pool = out.pools[p];
            if (pool.disabled || !pool.selectorError.isEmpty())
                continue;
            for (const int n : select(pool.nodeSelector, true)) {
                ++pool.selectedNodes;
                if (out.nodes[n].pool < 0)
                    out.nodes[n].pool = p;
            }
        }
    }

    void Builder::blocks()
    {
        for (const CalicoBlockAffinityInfo& affinity : store.blockAffinities()) {
            if (affinity.deleted || affinity.state != QLatin1String("confirmed"))
                continue;
            const auto block = IpNetwork::parse(affinity.cidr);
            const int node = byName.value(affinity.node.toString(), -1);
            if (!block || node < 0)
                continue;
            out.nodes[node].blocks.append(*block);
            for (TopologyPool& pool : out.pools) {
                if (pool.cidr.contains(*block)) {
                    ++pool.blocksUsed;
                    break;
                }
            }
        }
        for (TopologyNode& node : out.nodes) {
            std::sort(node.blocks.begin(), node.blocks.end(),
                [](const IpNetwork& a, const IpNetwork& b) { return a.toString() < b.toString(); });
            // The pool the node's pods actually come from wins over the selector's first pick.
            for (int p = 0; p < out.pools.size() && !node.blocks.isEmpty(); ++p) {
                if (out.pools.at(p).cidr.contains(node.blocks.first())) {
                    node.pool = p;
                    break;
                }
            }
        }
    }

    void Builder::bgp()
    {
        for (const CalicoBgpConfigurationInfo& config : store.bgpConfigurations()) {
            if (config.meta.name != QLatin1String("default"))
                continue;
            out.nodeToNodeMesh = config.nodeToNodeMeshEnabled.value_or(true);
            if (config.asNumber > 0)
                out.asNumber = config.asNumber;
            for (const QString& cidr : config.serviceClusterIPs)
                if (const auto network = IpNetwork::parse(cidr))
                    out.serviceClusterIPs.append(*network);
        }
        for (TopologyNode& node : out.nodes)
            if (node.asNumber == 0)
                node.asNumber = out.asNumber;
        if (!out.bgpEnabled)
            return;
        const qint64 n = out.nodes.size();
        out.meshSessions = out.nodeToNodeMesh ? n * (n - 1) / 2 : 0;
        peers();
        statuses();
    }

    void Builder::peers()
    {
        QList<const CalicoBgpPeerInfo*> sorted;
        for (const CalicoBgpPeerInfo& p : store.bgpPeers())
            sorted.append(&p);
        std::sort(sorted.begin(), sorted.end(),
            [](const CalicoBgpPeerInfo* a, const CalicoBgpPeerInfo* b) { return a->meta.name < b->meta.name; });
        for (const CalicoBgpPeerInfo* peer : std::as_const(sorted)) {
            std::vector<int> local;
            if (!peer->node.isEmpty()) {
                if (const int n = byName.value(peer->node, -1); n >= 0)
                    local.push_back(n);
            } else {
                local = select(peer->nodeSelector, true); // neither node nor selector: a global peer
            }
            if (!peer->peerSelector.isEmpty()) {
                const std::vector<int> remote = select(peer->peerSelector, false);
                for (const int a : local)
                    for (const int b : remote)
                        if (!out.nodeToNodeMesh) // with the mesh on, the pair already has its session
                            addNodeSession(a, b, BgpSession::Kind::NodePeer, peer->meta.name);
                continue;
            }
            if (peer->peerIP.isEmpty())
                continue;
            const IpAddress ip = peerAddress(peer->peerIP);
            // A peerIP that is a node's address peers with that node (each port its own
            // session); any other address is a router outside the cluster.
            const int target = ip.isNull() ? -1 : byAddress.value(ip.toString(), -1);
            const int router = target >= 0 ? -1 : routerFor(peer->peerIP, peer->asNumber, peer->meta.name);
            for (const int a : local) {
                const QString key = QString::number(a) + QLatin1Char('|') + peer->peerIP;
                if (a == target || addressSessions.contains(key)
                    || (target >= 0 && out.nodeToNodeMesh)) // the mesh already has that session
                    continue;
                addressSessions.insert(key);
                openedBy[a].append({ int(out.sessions.size()), ip });
                BgpSession s;
                s.kind = target >= 0 ? BgpSession::Kind::NodePeer : BgpSession::Kind::External;
                s.node = a;
                s.peerNode = target;
                s.router = router;
                s.source = peer->meta.name;
                s.peerAddress = peer->peerIP;
                out.sessions.append(s);
            }
        }
    }

    void Builder::statuses()
    {
        const auto record = [](BgpSession& s, const CalicoBgpPeerStatus& status, const QString& reporter) {
            // Either end may report; a session down on one side is down.
            if (s.state.isEmpty() || (s.isEstablished() && status.state != QLatin1String("Established"))) {
                s.state = status.state.toString();
                s.since = status.since;
                s.reportedBy = reporter;
            }
        };
        // A 500-node mesh reports 249,500 peers, each node's address 499 times: parse and
        // resolve each address text once.
        QHash<QString, std::pair<IpAddress, int>> resolved;
        for (const CalicoNodeStatusInfo& status : store.calicoNodeStatuses()) {
            const int self = byName.value(status.node.isEmpty() ? status.meta.name : status.node, -1);
            if (self < 0)
                continue;
            ++out.nodesReportingStatus;
            const bool selfOpened = openedBy.contains(self);
            for (const CalicoBgpPeerStatus& peer : status.peers) {
                auto found = resolved.constFind(peer.peerIP);
                if (found == resolved.constEnd()) {
                    const IpAddress parsed = peerAddress(peer.peerIP);
                    found = resolved.insert(peer.peerIP, { parsed, byAddress.value(parsed.toString(), -1) });
                }
                const auto& [ip, other] = *found;
                // The mesh's healthy sessions are counted, not listed: nothing to record.
                if (out.nodeToNodeMesh && other >= 0 && peer.state == QLatin1String("Established") && !selfOpened
                    && !openedBy.contains(other) && !nodeSessions.contains(pairKey(self, other)))
                    continue;
                const QString& reporter = out.nodes.at(self).name;
                // BIRD reports the address without the port: match every session to it.
                bool matched = false;
                for (const int index : sessionsTo(self, ip, other)) {
                    record(out.sessions[index], peer, reporter);
                    matched = true;
                }
                if (!matched && other >= 0 && out.nodeToNodeMesh && peer.state != QLatin1String("Established")) {
                    addNodeSession(self, other, BgpSession::Kind::Mesh, QStringLiteral("node-to-node mesh"));
                    record(out.sessions.last(), peer, reporter);
                }
            }
        }
    }

    void Builder::mtu()
    {
        MtuSetting& m = out.mtu;
        if (out.cni.plugin == CniSummary::Plugin::Unknown)
            return; // no CNI known, no encapsulation known: nothing to subtract
        if (out.cni.plugin == CniSummary::Plugin::Flannel || out.flannel) {
            if (out.flannel && out.flannel->mtu > 0) {
                m.configured = out.flannel->mtu;
                m.source = out.flannelSource + QStringLiteral(" Backend.MTU");
            }
        }
        if (out.cni.plugin != CniSummary::Plugin::Calico) {
            const QString backend = out.flannel ? out.flannel->backendType : out.cni.backend;
            if (backend == QLatin1String("vxlan"))
                m.overhead = encapsulationOverhead(Encapsulation::VXLAN);
            else if (backend == QLatin1String("wireguard"))
                m.overhead = encapsulationOverhead(Encapsulation::WireGuard);
            else if (backend == QLatin1String("ipip"))
                m.overhead = encapsulationOverhead(Encapsulation::IPIP);
            else if (backend.isEmpty() || backend == QLatin1String("udp"))
                m.overhead = encapsulationOverhead(Encapsulation::Udp);
            return;
        }
        bool ipip = false;
        bool vxlan = false;
        for (const TopologyPool& pool : std::as_const(out.pools)) {
            if (pool.disabled)
                continue;
            ipip = ipip || pool.ipipMode != EncapsulationMode::Never;
            vxlan = vxlan || pool.vxlanMode != EncapsulationMode::Never;
        }
        // Felix subtracts the largest overhead among the encapsulations in force.
        if (ipip)
            m.overhead = std::max(m.overhead, encapsulationOverhead(Encapsulation::IPIP));
        if (vxlan)
            m.overhead = std::max(m.overhead, encapsulationOverhead(Encapsulation::VXLAN));
        if (out.wireguard)
            m.overhead = std::max(m.overhead, encapsulationOverhead(Encapsulation::WireGuard));
        // calico.yaml hands veth_mtu to calico-node as FELIX_*MTU, and Felix ranks its
        // environment above FelixConfiguration: the key decides even at "0" (auto-detect).
        for (const NetworkConfigMapInfo& cm : store.configMaps()) {
            if (cm.calicoVethMtu) {
                m.configured = std::max(0, *cm.calicoVethMtu);
                m.source = cm.meta.namespaceName.toString() + QLatin1Char('/') + cm.meta.name
                    + (m.configured > 0 ? QStringLiteral(" veth_mtu") : QStringLiteral(" veth_mtu 0 (auto)"));
                return;
            }
        }
        for (const CalicoFelixConfigurationInfo& felix : store.felixConfigurations()) {
            if (felix.meta.name != QLatin1String("default"))
                continue;
            // Pods get the smallest MTU among the encapsulations in force (the largest overhead).
            const auto take = [&](int value, const char* field) {
                if (value > 0 && (m.configured == 0 || value < m.configured)) {
                    m.configured = value;
                    m.source = QStringLiteral("FelixConfiguration default ") + QLatin1String(field);
                }
            };
            if (out.wireguard)
                take(felix.wireguardMTU, "wireguardMTU");
            if (vxlan)
                take(felix.vxlanMTU, "vxlanMTU");
            if (ipip)
                take(felix.ipipMTU, "ipipMTU");
        }
    }

    void Builder::flannel()
    {
        const NetworkConfigMapInfo* chosen = nullptr;
        for (const NetworkConfigMapInfo& cm : store.configMaps()) {
            if (!cm.flannel)
                continue;
            // kube-flannel-cfg over canal-config, then by namespace: a stable pick.
            if (!chosen || (cm.meta.name == QLatin1String("kube-flannel-cfg") && chosen->meta.name != cm.meta.name)
                || (cm.meta.name == chosen->meta.name && cm.meta.namespaceName.toString() < chosen->meta.namespaceName.toString()))
                chosen = &cm;
        }
        if (chosen) {
            out.flannel = *chosen->flannel;
            out.flannelSource = chosen->meta.namespaceName.toString() + QLatin1Char('/') + chosen->meta.name;
        }
    }

} // namespace

QString encapsulationModeName(EncapsulationMode mode)
{
    switch (mode) {
    case EncapsulationMode::Never:
        return QStringLiteral("Never");
    case EncapsulationMode::Always:
        return QStringLiteral("Always");
    case EncapsulationMode::CrossSubnet:
        return QStringLiteral("CrossSubnet");
    }
    return {};
}

QString TopologyPool::modeText() const
{
    if (encapsulation() == Encapsulation::None)
        return QStringLiteral("none (BGP)");
    return encapsulationName(encapsulation()) + QLatin1Char(' ') + encapsulationModeName(mode());
}

QString encapsulationName(Encapsulation encapsulation)
{
    switch (encapsulation) {
    case Encapsulation::None:
        return QStringLiteral("direct");
    case Encapsulation::IPIP:
        return QStringLiteral("IPIP");
    case Encapsulation::VXLAN:
        return QStringLiteral("VXLAN");
    case Encapsulation::WireGuard:
        return QStringLiteral("WireGuard");
    case Encapsulation::Udp:
        return QStringLiteral("UDP");
    }
    return {};
}

int encapsulationOverhead(Encapsulation encapsulation, bool ipv6)
{
    switch (encapsulation) {
    case Encapsulation::None:
        return 0;
    case Encapsulation::IPIP:
        return 20;
    case Encapsulation::VXLAN:
        return ipv6 ? 70 : 50;
    case Encapsulation::WireGuard:
        return ipv6 ? 80 : 60;
    case Encapsulation::Udp:
        return 28; // outer IPv4 and UDP headers (flannel's udp backend)
    }
    return 0;
}

QString TopologyNode::group() const
{
    if (!zone.isEmpty())
        return zone;
    if (!rack.isEmpty())
        return rack;
    return subnet.toString();
}

Encapsulation TopologyPool::encapsulation() const
{
    if (ipipMode != EncapsulationMode::Never)
        return Encapsulation::IPIP;
    if (vxlanMode != EncapsulationMode::Never)
        return Encapsulation::VXLAN;
    return Encapsulation::None;
}

EncapsulationMode TopologyPool::mode() const
{
    return ipipMode != EncapsulationMode::Never ? ipipMode : vxlanMode;
}

NetworkTopology NetworkTopology::build(const StoreContent& store)
{
    NetworkTopology out;
    out.cni = CniSummary::detect(store);
    Builder builder { store, out, {}, {}, {}, {}, {}, {} };
    builder.nodes();
    builder.flannel();
    if (out.cni.plugin == CniSummary::Plugin::Calico) {
        builder.pools();
        builder.blocks();
        for (const CalicoFelixConfigurationInfo& felix : store.felixConfigurations())
            if (felix.meta.name == QLatin1String("default"))
                out.wireguard = felix.wireguardEnabled.value_or(false);
        out.bgpEnabled = out.cni.bgp;
        builder.bgp();
    } else if (out.cni.plugin == CniSummary::Plugin::Flannel) {
        out.wireguard = out.cni.backend == QLatin1String("wireguard");
    }
    builder.mtu();
    return out;
}

int NetworkTopology::nodeIndex(QStringView name) const
{
    for (int i = 0; i < nodes.size(); ++i)
        if (nodes.at(i).name == name)
            return i;
    return -1;
}

QList<IpNetwork> NetworkTopology::podNetworks() const
{
    QList<IpNetwork> networks;
    if (cni.plugin == CniSummary::Plugin::Calico) {
        for (const TopologyPool& pool : pools)
            if (!pool.disabled && !pool.cidr.isNull())
                networks.append(pool.cidr);
    } else if (flannel) {
        if (const auto network = IpNetwork::parse(flannel->network))
            networks.append(*network);
        if (const auto network = IpNetwork::parse(flannel->ipv6Network))
            networks.append(*network);
    }
    return networks;
}

QList<int> NetworkTopology::routeReflectors() const
{
    QList<int> out;
    for (int i = 0; i < nodes.size(); ++i)
        if (nodes.at(i).isRouteReflector())
            out.append(i);
    return out;
}

NetworkPath pathBetween(const NetworkTopology& topology, int from, int to)
{
    NetworkPath path;
    if (from < 0 || to < 0 || from >= topology.nodes.size() || to >= topology.nodes.size() || from == to)
        return path;
    const TopologyNode& a = topology.nodes.at(from);
    const TopologyNode& b = topology.nodes.at(to);
    path.subnetKnown = !a.subnet.isNull();
    path.sameSubnet = path.subnetKnown && a.subnet.contains(b.address);
    const QString subnets = path.subnetKnown
        ? a.subnet.toString() + (path.sameSubnet ? QStringLiteral(" = ") : QStringLiteral(" → "))
            + (b.subnet.isNull() ? b.address.toString() : b.subnet.toString())
        : QStringLiteral("node subnet unknown");
    if (topology.cni.plugin == CniSummary::Plugin::Calico) {
        if (topology.wireguard && !a.wireguardAddress.isEmpty() && !b.wireguardAddress.isEmpty()) {
            path.encapsulation = Encapsulation::WireGuard;
            path.why = QStringLiteral("WireGuard between the nodes (Felix wireguardEnabled)");
        } else if (b.pool < 0) {
            path.why = QStringLiteral("no IP pool selects %1").arg(b.name);
        } else {
            const TopologyPool& pool = topology.pools.at(b.pool);
            const EncapsulationMode mode = pool.mode();
            const bool encapsulate = mode == EncapsulationMode::Always
                || (mode == EncapsulationMode::CrossSubnet && !path.sameSubnet);
            path.encapsulation = encapsulate ? pool.encapsulation() : Encapsulation::None;
            const QString field = pool.ipipMode != EncapsulationMode::Never ? QStringLiteral("ipipMode")
                                                                             : QStringLiteral("vxlanMode");
            path.why = mode == EncapsulationMode::Never
                ? QStringLiteral("pool %1 has no encapsulation; routes via BGP").arg(pool.name)
                : QStringLiteral("pool %1 %2 %3, %4")
                      .arg(pool.name, field,
                          mode == EncapsulationMode::Always ? QStringLiteral("Always") : QStringLiteral("CrossSubnet"),
                          subnets);
        }
    } else if (topology.cni.plugin == CniSummary::Plugin::Flannel) {
        const QString backend = topology.cni.backend;
        const bool direct = topology.flannel && topology.flannel->directRouting.value_or(false) && path.sameSubnet;
        if (backend == QLatin1String("host-gw")) {
            path.encapsulation = Encapsulation::None;
            path.why = QStringLiteral("flannel host-gw routes via the node; needs one L2 network");
        } else if (backend == QLatin1String("wireguard")) {
            path.encapsulation = Encapsulation::WireGuard;
            path.why = QStringLiteral("flannel wireguard backend");
        } else if (backend == QLatin1String("vxlan") || backend == QLatin1String("ipip")) {
            path.encapsulation = direct ? Encapsulation::None
                                        : (backend == QLatin1String("vxlan") ? Encapsulation::VXLAN : Encapsulation::IPIP);
            path.why = QStringLiteral("flannel %1%2, %3")
                           .arg(backend,
                               topology.flannel && topology.flannel->directRouting.value_or(false)
                                   ? QStringLiteral(" DirectRouting")
                                   : QString(),
                               subnets);
        } else {
            path.encapsulation = Encapsulation::Udp;
            path.why = QStringLiteral("flannel %1 backend").arg(backend.isEmpty() ? QStringLiteral("udp") : backend);
        }
    }
    path.overhead = encapsulationOverhead(path.encapsulation, b.address.isIPv6());
    path.mtu = topology.mtu.effective();
    return path;
}

} // namespace minato::analysis
