// SPDX-License-Identifier: Apache-2.0
#include "sim/networkobjects.h"

#include "util/calicoselector.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace minato::sim {

namespace {

    constexpr int HostMtu = 1500;
    constexpr int MaxRoutesPerStatus = 48; // keeps statuses of big clusters compact

    QString dashed(const Cidr& cidr)
    {
        QString s = cidr.toString();
        s.replace(QLatin1Char('.'), QLatin1Char('-'));
        s.replace(QLatin1Char('/'), QLatin1Char('-'));
        return s;
    }

    // Scenario selectors were checked when the scenario was read; one that still fails selects nothing.
    bool selects(const QString& selector, const QMap<QString, QString>& labels)
    {
        const auto parsed = CalicoSelector::parse(selector);
        return parsed && parsed->matches(labels);
    }

} // namespace

NetworkObjects::NetworkObjects(WorldContext& context, NodeFleet& nodes)
    : m_context(context)
    , m_nodes(nodes)
{ }

void NetworkObjects::assign()
{
    std::vector<SimNode>& nodes = m_nodes.nodes();
    m_statusDirty.assign(nodes.size(), false);
    m_installedMs = nodes.empty() ? 0 : nodes.front().createdMs + 60000;
    for (const SimNode& n : nodes)
        m_installedMs = std::min(m_installedMs, n.createdMs + 60000);
    if (!isCalico()) {
        const FlannelSpec& flannel = m_context.spec.cni.flannel;
        const Cidr network = *Cidr::parse(flannel.network);
        for (size_t i = 0; i < nodes.size(); ++i)
            nodes[i].podCidr = network.subnet(i, flannel.subnetLen);
        return;
    }
    const QList<IpPoolSpec>& pools = m_context.spec.cni.calico.ipPools;
    QList<int> blocksUsed(pools.size(), 0);
    for (size_t i = 0; i < nodes.size(); ++i) {
        SimNode& node = nodes[i];
        int pool = -1;
        for (int p = 0; p < pools.size() && pool < 0; ++p)
            if (!pools.at(p).disabled && selects(pools.at(p).nodeSelector, node.labels))
                pool = p;
        if (pool < 0)
            pool = 0;
        const IpPoolSpec& spec = pools.at(pool);
        const Cidr cidr = *Cidr::parse(spec.cidr);
        // Blocks are claimed in a scattered order in real clusters; a hash keeps that look.
        const quint64 blocks = quint64(1) << (spec.blockSize - cidr.prefix());
        const quint64 slot
            = (quint64(blocksUsed[pool]++) * 37 + m_context.ids.range(m_context.ids.key(spec.name), 0, 1 << 20))
            % blocks;
        node.pool = pool;
        node.block = cidr.subnet(slot, spec.blockSize);
        // kube-controller-manager still hands out podCIDRs; Calico IPAM ignores them.
        node.podCidr = cidr.subnet(i, std::max(cidr.prefix(), 24));
    }
}

quint32 NetworkObjects::allocatePodIp(SimNode& node)
{
    const Cidr range = isCalico() ? node.block : node.podCidr;
    // .0 is the tunnel address (Calico) or the network (flannel); skip it and the broadcast.
    const quint64 usable = range.size() > 4 ? range.size() - 3 : 1;
    return range.host(2 + quint64(node.nextPodIp++) % usable);
}

QString NetworkObjects::networkReason() const
{
    return isCalico() ? QStringLiteral("CalicoIsUp") : QStringLiteral("FlannelIsUp");
}

QString NetworkObjects::networkMessage() const
{
    return isCalico() ? QStringLiteral("Calico is running on this node")
                      : QStringLiteral("Flannel is running on this node");
}

QString NetworkObjects::encapsulationFor(int pool) const
{
    const IpPoolSpec& p = m_context.spec.cni.calico.ipPools.at(std::max(0, pool));
    if (p.ipipMode != EncapsulationMode::Never)
        return QStringLiteral("ipip");
    if (p.vxlanMode != EncapsulationMode::Never)
        return QStringLiteral("vxlan");
    return {};
}

QMap<QString, QString> NetworkObjects::nodeAnnotations(const SimNode& node) const
{
    QMap<QString, QString> a;
    const IdGenerator& ids = m_context.ids;
    const quint64 key = ids.key(QStringLiteral("cni"), node.name);
    if (!isCalico()) {
        const FlannelSpec& f = m_context.spec.cni.flannel;
        QString data = QStringLiteral("null");
        if (f.backend == FlannelBackend::Vxlan)
            data = QStringLiteral("{\"VNI\":%1,\"VtepMAC\":\"%2\"}").arg(f.vni).arg(ids.mac(key));
        else if (f.backend == FlannelBackend::Wireguard)
            data = QStringLiteral("{\"PublicKey\":\"%1=\"}").arg(ids.hex(key, 43));
        a.insert(QStringLiteral("flannel.alpha.coreos.com/backend-data"), data);
        // Without a Backend flannel runs udp, and says so on the node.
        a.insert(QStringLiteral("flannel.alpha.coreos.com/backend-type"),
            f.backend == FlannelBackend::Unset ? QStringLiteral("udp") : flannelBackendName(f.backend));
        a.insert(QStringLiteral("flannel.alpha.coreos.com/kube-subnet-manager"), QStringLiteral("true"));
        a.insert(QStringLiteral("flannel.alpha.coreos.com/public-ip"), Cidr::address(node.ip));
        return a;
    }
    const CalicoSpec& c = m_context.spec.cni.calico;
    a.insert(QStringLiteral("projectcalico.org/IPv4Address"),
        Cidr::address(node.ip) + QLatin1Char('/') + QString::number(node.subnet.prefix()));
    const QString encapsulation = encapsulationFor(node.pool);
    if (encapsulation == QLatin1String("ipip"))
        a.insert(QStringLiteral("projectcalico.org/IPv4IPIPTunnelAddr"), Cidr::address(node.block.base()));
    else if (encapsulation == QLatin1String("vxlan")) {
        a.insert(QStringLiteral("projectcalico.org/IPv4VXLANTunnelAddr"), Cidr::address(node.block.base()));
        a.insert(QStringLiteral("projectcalico.org/VXLANTunnelMACAddr"), ids.mac(key));
    }
    if (node.routeReflector && !c.routeReflectorClusterID.isEmpty())
        a.insert(QStringLiteral("projectcalico.org/RouteReflectorClusterID"), c.routeReflectorClusterID);
    if (c.wireguard) {
        a.insert(QStringLiteral("projectcalico.org/IPv4WireguardInterfaceAddr"), Cidr::address(node.block.base() + 1));
        a.insert(QStringLiteral("projectcalico.org/WireguardPublicKey"), ids.hex(key + 1, 43) + QLatin1Char('='));
    }
    return a;
}

QJsonObject NetworkObjects::calicoObject(
    const QString& kind, const QString& name, qint64 createdMs, const QJsonObject& spec) const
{
    const KubeJson& j = m_context.json;
    QJsonObject metadata
        = j.metadata(name, {}, m_context.ids.uid(m_context.ids.key(QStringLiteral("calico"), kind, name)), createdMs);
    metadata.insert(QStringLiteral("generation"), 1);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("crd.projectcalico.org/v1") },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"), spec },
    };
}

QJsonObject NetworkObjects::flannelConfigMap() const
{
    const FlannelSpec& f = m_context.spec.cni.flannel;
    QJsonObject backend { { QStringLiteral("Type"), flannelBackendName(f.backend) } };
    if (f.backend == FlannelBackend::Vxlan) {
        if (f.vni != 1)
            backend.insert(QStringLiteral("VNI"), f.vni);
        if (f.directRouting)
            backend.insert(QStringLiteral("DirectRouting"), true);
    } else if (f.backend == FlannelBackend::Wireguard) {
        backend.insert(QStringLiteral("PersistentKeepaliveInterval"), 25);
        backend.insert(QStringLiteral("Mode"), QStringLiteral("separate"));
    }
    QJsonObject net {
        { QStringLiteral("Network"), f.network },
        { QStringLiteral("EnableNFTables"), false },
    };
    if (f.backend != FlannelBackend::Unset)
        net.insert(QStringLiteral("Backend"), backend);
    if (f.subnetLen != 24)
        net.insert(QStringLiteral("SubnetLen"), f.subnetLen);
    const QString cni = QStringLiteral(
        "{\n  \"name\": \"cbr0\",\n  \"cniVersion\": \"0.3.1\",\n  \"plugins\": [\n    {\n      \"type\": "
        "\"flannel\",\n"
        "      \"delegate\": {\n        \"hairpinMode\": true,\n        \"isDefaultGateway\": true\n      }\n    },\n"
        "    {\n      \"type\": \"portmap\",\n      \"capabilities\": {\n        \"portMappings\": true\n      }\n    "
        "}\n  ]\n}\n");
    const QMap<QString, QString> labels {
        { QStringLiteral("app"), QStringLiteral("flannel") },
        { QStringLiteral("k8s-app"), QStringLiteral("flannel") },
        { QStringLiteral("tier"), QStringLiteral("node") },
    };
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("ConfigMap") },
        { QStringLiteral("metadata"),
            m_context.json.metadata(QStringLiteral("kube-flannel-cfg"), f.nameSpace,
                m_context.ids.uid(m_context.ids.key(QStringLiteral("configmap"), QStringLiteral("kube-flannel-cfg"))),
                m_installedMs, labels) },
        { QStringLiteral("data"),
            QJsonObject {
                { QStringLiteral("cni-conf.json"), cni },
                { QStringLiteral("net-conf.json"),
                    QString::fromUtf8(QJsonDocument(net).toJson(QJsonDocument::Indented)) },
            } },
    };
}

QJsonObject NetworkObjects::calicoConfigMap() const
{
    const CalicoSpec& c = m_context.spec.cni.calico;
    bool anyBgp = c.nodeToNodeMesh || !c.peers.isEmpty();
    for (const IpPoolSpec& p : c.ipPools)
        anyBgp = anyBgp || p.ipipMode != EncapsulationMode::Never;
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("ConfigMap") },
        { QStringLiteral("metadata"),
            m_context.json.metadata(QStringLiteral("calico-config"), QStringLiteral("kube-system"),
                m_context.ids.uid(m_context.ids.key(QStringLiteral("configmap"), QStringLiteral("calico-config"))),
                m_installedMs) },
        { QStringLiteral("data"),
            QJsonObject {
                { QStringLiteral("calico_backend"), anyBgp ? QStringLiteral("bird") : QStringLiteral("vxlan") },
                { QStringLiteral("typha_service_name"), QStringLiteral("none") },
                { QStringLiteral("veth_mtu"), QString::number(c.vethMtu) },
                { QStringLiteral("cni_network_config"),
                    QStringLiteral(
                        "{\n  \"name\": \"k8s-pod-network\",\n  \"cniVersion\": \"0.3.1\",\n  \"plugins\": [\n    {\n"
                        "      \"type\": \"calico\",\n      \"log_level\": \"info\",\n      \"datastore_type\": "
                        "\"kubernetes\",\n"
                        "      \"nodename\": \"__KUBERNETES_NODE_NAME__\",\n      \"mtu\": __CNI_MTU__,\n"
                        "      \"ipam\": {\n          \"type\": \"calico-ipam\"\n      },\n      \"policy\": {\n"
                        "          \"type\": \"k8s\"\n      },\n      \"kubernetes\": {\n"
                        "          \"kubeconfig\": \"__KUBECONFIG_FILEPATH__\"\n      }\n    },\n    {\n"
                        "      \"type\": \"portmap\",\n      \"snat\": true,\n      \"capabilities\": "
                        "{\"portMappings\": true}\n"
                        "    },\n    {\n      \"type\": \"bandwidth\",\n      \"capabilities\": {\"bandwidth\": "
                        "true}\n    }\n  ]\n}") },
            } },
    };
}

void NetworkObjects::seed(ObjectSink& sink)
{
    if (!isCalico()) {
        sink.put(QStringLiteral("configmaps"), flannelConfigMap());
        return;
    }
    const CalicoSpec& c = m_context.spec.cni.calico;
    sink.put(QStringLiteral("configmaps"), calicoConfigMap());
    // The Calico CRDs themselves come from upstream (the store installs them with the first
    // Calico object), so clients see the real schemas and printer columns.
    bool ipip = false;
    bool vxlan = false;
    for (const IpPoolSpec& p : c.ipPools) {
        ipip = ipip || p.ipipMode != EncapsulationMode::Never;
        vxlan = vxlan || p.vxlanMode != EncapsulationMode::Never;
        QJsonObject spec {
            { QStringLiteral("allowedUses"), QJsonArray { QStringLiteral("Workload"), QStringLiteral("Tunnel") } },
            { QStringLiteral("blockSize"), p.blockSize },
            { QStringLiteral("cidr"), p.cidr },
            { QStringLiteral("ipipMode"), encapsulationModeName(p.ipipMode) },
            { QStringLiteral("natOutgoing"), p.natOutgoing },
            { QStringLiteral("nodeSelector"), p.nodeSelector },
            { QStringLiteral("vxlanMode"), encapsulationModeName(p.vxlanMode) },
        };
        if (p.disabled)
            spec.insert(QStringLiteral("disabled"), true);
        sink.put(QStringLiteral("ippools.crd.projectcalico.org"),
            calicoObject(QStringLiteral("IPPool"), p.name, m_installedMs, spec));
    }

    QJsonObject bgp {
        { QStringLiteral("asNumber"), qint64(c.asNumber) },
        { QStringLiteral("logSeverityScreen"), QStringLiteral("Info") },
        { QStringLiteral("nodeToNodeMeshEnabled"), c.nodeToNodeMesh },
    };
    bool external = false;
    for (const BgpPeerSpec& p : c.peers)
        external = external || !p.peerIP.isEmpty();
    if (external) // routers outside the cluster learn service addresses too
        bgp.insert(QStringLiteral("serviceClusterIPs"),
            QJsonArray { QJsonObject { { QStringLiteral("cidr"), m_context.spec.serviceCidr } } });
    sink.put(QStringLiteral("bgpconfigurations.crd.projectcalico.org"),
        calicoObject(QStringLiteral("BGPConfiguration"), QStringLiteral("default"), m_installedMs, bgp));

    for (const BgpPeerSpec& p : c.peers) {
        QJsonObject spec;
        if (!p.peerIP.isEmpty()) {
            spec.insert(QStringLiteral("peerIP"), p.peerIP);
            spec.insert(QStringLiteral("asNumber"), qint64(p.asNumber));
        }
        if (!p.nodeSelector.isEmpty())
            spec.insert(QStringLiteral("nodeSelector"), p.nodeSelector);
        if (!p.peerSelector.isEmpty())
            spec.insert(QStringLiteral("peerSelector"), p.peerSelector);
        sink.put(QStringLiteral("bgppeers.crd.projectcalico.org"),
            calicoObject(QStringLiteral("BGPPeer"), p.name, m_installedMs + 120000, spec));
    }

    const int mtu = c.vethMtu;
    QJsonObject felix {
        { QStringLiteral("bpfEnabled"), false },
        { QStringLiteral("floatingIPs"), QStringLiteral("Disabled") },
        { QStringLiteral("healthPort"), 9099 },
        { QStringLiteral("logSeverityScreen"), QStringLiteral("Info") },
        { QStringLiteral("reportingInterval"), QStringLiteral("0s") },
        { QStringLiteral("ipipEnabled"), ipip },
        { QStringLiteral("vxlanEnabled"), vxlan },
    };
    // Felix subtracts each encapsulation's overhead from the host MTU (IPIP 20, VXLAN 50, WireGuard 60).
    if (ipip)
        felix.insert(QStringLiteral("ipipMTU"), mtu > 0 ? mtu : HostMtu - 20);
    if (vxlan) {
        felix.insert(QStringLiteral("vxlanMTU"), mtu > 0 ? mtu : HostMtu - 50);
        felix.insert(QStringLiteral("vxlanPort"), 4789);
        felix.insert(QStringLiteral("vxlanVNI"), 4096);
    }
    if (c.wireguard) {
        felix.insert(QStringLiteral("wireguardEnabled"), true);
        felix.insert(QStringLiteral("wireguardMTU"), mtu > 0 ? mtu : HostMtu - 60);
    }
    sink.put(QStringLiteral("felixconfigurations.crd.projectcalico.org"),
        calicoObject(QStringLiteral("FelixConfiguration"), QStringLiteral("default"), m_installedMs, felix));

    const std::vector<SimNode>& nodes = m_nodes.nodes();
    for (size_t i = 0; i < nodes.size(); ++i) {
        const SimNode& n = nodes[i];
        const QJsonObject spec {
            { QStringLiteral("cidr"), n.block.toString() },
            { QStringLiteral("deleted"), QStringLiteral("false") },
            { QStringLiteral("node"), n.name },
            { QStringLiteral("state"), QStringLiteral("confirmed") },
            { QStringLiteral("type"), QStringLiteral("host") },
        };
        sink.put(QStringLiteral("blockaffinities.crd.projectcalico.org"),
            calicoObject(QStringLiteral("BlockAffinity"), n.name + QLatin1Char('-') + dashed(n.block),
                n.createdMs + 30000, spec));
        sink.put(QStringLiteral("caliconodestatuses.crd.projectcalico.org"), nodeStatus(int(i)));
    }
}

void NetworkObjects::nodeReadinessChanged(int node)
{
    if (!isCalico())
        return;
    // Every BGP neighbour of the node sees the session drop or come back.
    for (size_t i = 0; i < m_statusDirty.size(); ++i)
        m_statusDirty[i] = m_statusDirty[i] || int(i) != node || NodeFleet::isReady(m_nodes.nodes()[i]);
}

void NetworkObjects::setPeerDown(const QString& peer, bool down)
{
    const qint64 now = m_context.clock.now();
    if (down)
        m_peerDownSince.insert(peer, now);
    else
        m_peerDownSince.remove(peer);
    m_peerChangedAt.insert(peer, now);
    m_statusDirty.assign(m_statusDirty.size(), true);
}

void NetworkObjects::flush(ObjectSink& sink)
{
    for (size_t i = 0; i < m_statusDirty.size(); ++i) {
        if (!m_statusDirty[i])
            continue;
        m_statusDirty[i] = false;
        // A node that stopped reporting keeps its last status: calico-node cannot update it.
        if (NodeFleet::isReady(m_nodes.nodes()[i]))
            sink.put(QStringLiteral("caliconodestatuses.crd.projectcalico.org"), nodeStatus(int(i)));
    }
}

QString NetworkObjects::birdTime(qint64 ms) const
{
    // BIRD prints the time of day for today's changes and the date for older ones.
    const QDateTime t = m_context.json.dateTime(ms);
    const QDateTime now = m_context.json.dateTime(m_context.clock.now());
    return t.date() == now.date() ? t.toString(QStringLiteral("HH:mm:ss")) : t.toString(QStringLiteral("yyyy-MM-dd"));
}

QString NetworkObjects::interfaceTo(const SimNode& from, const SimNode& to) const
{
    const IpPoolSpec& pool = m_context.spec.cni.calico.ipPools.at(std::max(0, to.pool));
    const bool sameSubnet = from.subnet.contains(to.ip);
    if (pool.ipipMode == EncapsulationMode::Always || (pool.ipipMode == EncapsulationMode::CrossSubnet && !sameSubnet))
        return QStringLiteral("tunl0");
    if (pool.vxlanMode == EncapsulationMode::Always
        || (pool.vxlanMode == EncapsulationMode::CrossSubnet && !sameSubnet))
        return QStringLiteral("vxlan.calico");
    return QStringLiteral("eth0");
}

QJsonObject NetworkObjects::nodeStatus(int index) const
{
    const CalicoSpec& c = m_context.spec.cni.calico;
    const std::vector<SimNode>& nodes = m_nodes.nodes();
    const SimNode& self = nodes[index];
    const qint64 now = m_context.clock.now();
    QJsonArray peers;
    QJsonArray routes;
    int established = 0;
    int notEstablished = 0;
    const auto addPeer = [&](const QString& ip, const QString& type, const QString& state, qint64 sinceMs) {
        peers.append(QJsonObject {
            { QStringLiteral("peerIP"), ip },
            { QStringLiteral("type"), type },
            { QStringLiteral("state"), state },
            { QStringLiteral("since"), birdTime(sinceMs) },
        });
        (state == QLatin1String("Established") ? established : notEstablished)++;
    };
    // In-cluster sessions: the full mesh, or the route-reflector topology.
    bool reflectors = false;
    for (const BgpPeerSpec& p : c.peers)
        reflectors = reflectors || !p.peerSelector.isEmpty();
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (int(i) == index)
            continue;
        const SimNode& other = nodes[i];
        bool peered = c.nodeToNodeMesh;
        QString type = QStringLiteral("NodeMesh");
        if (!peered && reflectors) {
            for (const BgpPeerSpec& p : c.peers) {
                if (p.peerSelector.isEmpty())
                    continue;
                const bool forward = selects(p.nodeSelector, self.labels)
                    && selects(p.peerSelector, other.labels);
                const bool backward = selects(p.nodeSelector, other.labels)
                    && selects(p.peerSelector, self.labels);
                peered = peered || forward || backward;
            }
            type = QStringLiteral("NodePeer");
        }
        if (!peered)
            continue;
        const bool up = NodeFleet::isReady(other);
        addPeer(Cidr::address(other.ip), type, up ? QStringLiteral("Established") : QStringLiteral("Connect"),
            std::max(other.readyChangedMs, self.createdMs + 60000));
        if (up && routes.size() < MaxRoutesPerStatus)
            routes.append(QJsonObject {
                { QStringLiteral("type"), QStringLiteral("FIB") },
                { QStringLiteral("destination"), other.block.toString() },
                { QStringLiteral("gateway"), Cidr::address(other.ip) },
                { QStringLiteral("interface"), interfaceTo(self, other) },
                { QStringLiteral("learnedFrom"),
                    QJsonObject { { QStringLiteral("sourceType"),
                                      type == QLatin1String("NodeMesh") ? QStringLiteral("NodeMesh")
                                                                        : QStringLiteral("BGPPeer") },
                        { QStringLiteral("peerIP"), Cidr::address(other.ip) } } },
            });
    }
    // Routers outside the cluster (top-of-rack switches, core routers).
    for (const BgpPeerSpec& p : c.peers) {
        if (p.peerIP.isEmpty() || !selects(p.nodeSelector, self.labels))
            continue;
        // BIRD keeps retrying a silent neighbour: Active until it answers again.
        const bool down = m_peerDownSince.contains(p.name);
        addPeer(p.peerIP, p.nodeSelector.isEmpty() ? QStringLiteral("GlobalPeer") : QStringLiteral("NodePeer"),
            down ? QStringLiteral("Active") : p.state, std::max(self.createdMs + 90000, m_peerChangedAt.value(p.name)));
    }
    const QString routerId = Cidr::address(self.ip);
    const QJsonObject status {
        { QStringLiteral("lastUpdated"), m_context.json.time(now) },
        { QStringLiteral("agent"),
            QJsonObject { { QStringLiteral("birdV4"),
                QJsonObject {
                    { QStringLiteral("state"), QStringLiteral("Ready") },
                    { QStringLiteral("version"), QStringLiteral("v0.3.3+birdv1.6.8") },
                    { QStringLiteral("routerID"), routerId },
                    { QStringLiteral("lastBootTime"),
                        m_context.json.dateTime(self.createdMs + 60000)
                            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) },
                    { QStringLiteral("lastReconfigurationTime"),
                        m_context.json.dateTime(self.createdMs + 61000)
                            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) },
                } } } },
        { QStringLiteral("bgp"),
            QJsonObject {
                { QStringLiteral("numberEstablishedV4"), established },
                { QStringLiteral("numberNotEstablishedV4"), notEstablished },
                { QStringLiteral("numberEstablishedV6"), 0 },
                { QStringLiteral("numberNotEstablishedV6"), 0 },
                { QStringLiteral("peersV4"), peers },
            } },
        { QStringLiteral("routes"), QJsonObject { { QStringLiteral("routesV4"), routes } } },
    };
    QJsonObject object = calicoObject(QStringLiteral("CalicoNodeStatus"), self.name, self.createdMs + 60000,
        QJsonObject {
            { QStringLiteral("node"), self.name },
            { QStringLiteral("classes"),
                QJsonArray { QStringLiteral("Agent"), QStringLiteral("BGP"), QStringLiteral("Routes") } },
            { QStringLiteral("updatePeriodSeconds"), 10 },
        });
    object.insert(QStringLiteral("status"), status);
    return object;
}

} // namespace minato::sim
