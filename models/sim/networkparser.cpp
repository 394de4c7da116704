// SPDX-License-Identifier: Apache-2.0
#include "sim/networkparser.h"

#include "sim/cidr.h"
#include "util/calicoselector.h"

namespace minato::sim {

namespace {

    QStringList encapsulationNames()
    {
        return { QStringLiteral("Never"), QStringLiteral("Always"), QStringLiteral("CrossSubnet") };
    }

    QStringList peerStates()
    {
        return { QStringLiteral("Idle"), QStringLiteral("Connect"), QStringLiteral("Active"),
            QStringLiteral("OpenSent"), QStringLiteral("OpenConfirm"), QStringLiteral("Established"),
            QStringLiteral("Close") };
    }

} // namespace

NetworkParser::NetworkParser(YamlReader& reader)
    : m_reader(reader)
{ }

void NetworkParser::parseCni(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull()) {
        // What calico.yaml installs when nothing is customised.
        IpPoolSpec pool;
        pool.name = QStringLiteral("default-ipv4-ippool");
        pool.cidr = QStringLiteral("192.168.0.0/16");
        pool.ipipMode = EncapsulationMode::Always;
        pool.line = cluster.line;
        cluster.cni.calico.ipPools.append(pool);
        return;
    }
    if (!m_reader.expectMap(node, path, cluster.line))
        return;
    const bool calico = YamlReader::has(node, "calico");
    const bool flannel = YamlReader::has(node, "flannel");
    for (auto it = node.begin(); it != node.end(); ++it) {
        const QString key = YamlReader::scalarText(it->first);
        if (key != QLatin1String("calico") && key != QLatin1String("flannel"))
            m_reader.error(YamlReader::lineOf(it->first),
                path + QStringLiteral(": unknown CNI '") + key + QStringLiteral("' (expected calico or flannel)"));
    }
    if (calico && flannel) {
        m_reader.error(
            YamlReader::lineOf(node), path + QStringLiteral(": choose one CNI, calico or flannel, not both"));
        return;
    }
    if (flannel) {
        cluster.cni.plugin = CniPlugin::Flannel;
        parseFlannel(node["flannel"], path + QStringLiteral(".flannel"), cluster.cni.flannel);
    } else if (calico) {
        cluster.cni.plugin = CniPlugin::Calico;
        parseCalico(node["calico"], path + QStringLiteral(".calico"), cluster.cni.calico);
    }
}

void NetworkParser::parseCalico(const YAML::Node& node, const QString& path, CalicoSpec& calico)
{
    if (!m_reader.expectMap(node, path, YamlReader::lineOf(node)))
        return;
    m_reader.checkKeys(node, path,
        { "version", "ipPools", "nodeToNodeMesh", "asNumber", "routeReflectorClusterID", "peers", "vethMtu",
            "wireguard" });
    calico.version = m_reader.string(node, "version", path, calico.version);
    calico.nodeToNodeMesh = m_reader.boolean(node, "nodeToNodeMesh", path, true);
    calico.asNumber = quint32(m_reader.integer64(node, "asNumber", path, calico.asNumber, 1, 4294967295LL));
    calico.routeReflectorClusterID = m_reader.string(node, "routeReflectorClusterID", path);
    if (!calico.routeReflectorClusterID.isEmpty() && !Cidr::parseAddress(calico.routeReflectorClusterID))
        m_reader.error(m_reader.lineOfKey(node, "routeReflectorClusterID"),
            path + QStringLiteral(".routeReflectorClusterID: expected an IPv4 address such as 244.0.0.1"));
    calico.vethMtu = m_reader.integer(node, "vethMtu", path, 0, 0, 9000);
    calico.wireguard = m_reader.boolean(node, "wireguard", path, false);

    const YAML::Node pools = node["ipPools"];
    if (YamlReader::has(node, "ipPools") && m_reader.expectList(pools, path + QStringLiteral(".ipPools"), 0)) {
        int index = 0;
        for (const YAML::Node& item : pools) {
            const QString p = path + QStringLiteral(".ipPools[%1]").arg(index++);
            if (!m_reader.expectMap(item, p, YamlReader::lineOf(pools)))
                continue;
            m_reader.checkKeys(item, p,
                { "name", "cidr", "ipipMode", "vxlanMode", "natOutgoing", "blockSize", "nodeSelector", "disabled" });
            IpPoolSpec pool;
            pool.line = YamlReader::lineOf(item);
            pool.name = m_reader.string(item, "name", p, QStringLiteral("ippool-%1").arg(index));
            pool.cidr = m_reader.cidr(item, "cidr", p, {}, true);
            pool.ipipMode = EncapsulationMode(m_reader.choice(item, "ipipMode", p, encapsulationNames(), 0));
            pool.vxlanMode = EncapsulationMode(m_reader.choice(item, "vxlanMode", p, encapsulationNames(), 0));
            if (pool.ipipMode != EncapsulationMode::Never && pool.vxlanMode != EncapsulationMode::Never)
                m_reader.error(pool.line, p + QStringLiteral(": ipipMode and vxlanMode cannot both be enabled"));
            pool.natOutgoing = m_reader.boolean(item, "natOutgoing", p, true);
            pool.blockSize = m_reader.integer(item, "blockSize", p, 26, 20, 32);
            pool.nodeSelector = m_reader.string(item, "nodeSelector", p, pool.nodeSelector);
            checkSelector(item, "nodeSelector", p, pool.nodeSelector);
            pool.disabled = m_reader.boolean(item, "disabled", p, false);
            if (!pool.cidr.isEmpty() && Cidr::parse(pool.cidr)->prefix() > pool.blockSize)
                m_reader.error(pool.line,
                    p + QStringLiteral(": blockSize %1 is larger than the pool %2").arg(pool.blockSize).arg(pool.cidr));
            calico.ipPools.append(pool);
        }
    }
    if (calico.ipPools.isEmpty()) {
        IpPoolSpec pool;
        pool.name = QStringLiteral("default-ipv4-ippool");
        pool.cidr = QStringLiteral("192.168.0.0/16");
        pool.ipipMode = EncapsulationMode::Always;
        pool.line = YamlReader::lineOf(node);
        calico.ipPools.append(pool);
    }

    const YAML::Node peers = node["peers"];
    if (YamlReader::has(node, "peers") && m_reader.expectList(peers, path + QStringLiteral(".peers"), 0)) {
        int index = 0;
        for (const YAML::Node& item : peers) {
            const QString p = path + QStringLiteral(".peers[%1]").arg(index++);
            if (!m_reader.expectMap(item, p, YamlReader::lineOf(peers)))
                continue;
            m_reader.checkKeys(item, p, { "name", "peerIP", "asNumber", "nodeSelector", "peerSelector", "state" });
            BgpPeerSpec peer;
            peer.line = YamlReader::lineOf(item);
            peer.name = m_reader.string(item, "name", p, {}, true);
            peer.peerIP = m_reader.string(item, "peerIP", p);
            peer.asNumber = quint32(m_reader.integer64(item, "asNumber", p, 0, 1, 4294967295LL));
            peer.nodeSelector = m_reader.string(item, "nodeSelector", p);
            peer.peerSelector = m_reader.string(item, "peerSelector", p);
            checkSelector(item, "nodeSelector", p, peer.nodeSelector);
            checkSelector(item, "peerSelector", p, peer.peerSelector);
            peer.state = peerStates().at(m_reader.choice(item, "state", p, peerStates(), 5));
            if (peer.peerIP.isEmpty() == peer.peerSelector.isEmpty())
                m_reader.error(peer.line,
                    p + QStringLiteral(": give either peerIP (an external router) or peerSelector (Calico nodes)"));
            if (!peer.peerIP.isEmpty() && !Cidr::parseAddress(peer.peerIP.section(QLatin1Char(':'), 0, 0)))
                m_reader.error(m_reader.lineOfKey(item, "peerIP"),
                    p + QStringLiteral(".peerIP: expected an IPv4 address, got '") + peer.peerIP + QLatin1Char('\''));
            if (!peer.peerIP.isEmpty() && peer.asNumber == 0)
                m_reader.error(peer.line, p + QStringLiteral(".asNumber: required with peerIP"));
            calico.peers.append(peer);
        }
    }
}

void NetworkParser::checkSelector(const YAML::Node& node, const char* key, const QString& path, const QString& selector)
{
    QString problem;
    if (!CalicoSelector::parse(selector, &problem))
        m_reader.error(m_reader.lineOfKey(node, key),
            path + QLatin1Char('.') + QLatin1String(key) + QStringLiteral(": not a Calico selector (") + problem
                + QLatin1Char(')'));
}

void NetworkParser::parseFlannel(const YAML::Node& node, const QString& path, FlannelSpec& flannel)
{
    if (node.IsNull() || !node.IsDefined())
        return;
    if (!m_reader.expectMap(node, path, YamlReader::lineOf(node)))
        return;
    m_reader.checkKeys(
        node, path, { "version", "backend", "network", "subnetLen", "vni", "directRouting", "namespace" });
    flannel.version = m_reader.string(node, "version", path, flannel.version);
    flannel.backend = FlannelBackend(m_reader.choice(node, "backend", path,
        { flannelBackendName(FlannelBackend::Vxlan), flannelBackendName(FlannelBackend::HostGw),
            flannelBackendName(FlannelBackend::Wireguard), flannelBackendName(FlannelBackend::Unset) },
        0));
    flannel.network = m_reader.cidr(node, "network", path, flannel.network);
    flannel.subnetLen = m_reader.integer(node, "subnetLen", path, 24, 8, 30);
    if (const auto network = Cidr::parse(flannel.network); network && network->prefix() > flannel.subnetLen)
        m_reader.error(m_reader.lineOfKey(node, "subnetLen"),
            path
                + QStringLiteral(".subnetLen: /%1 subnets do not fit in %2")
                      .arg(flannel.subnetLen)
                      .arg(flannel.network));
    flannel.vni = m_reader.integer(node, "vni", path, 1, 1, 16777215);
    flannel.directRouting = m_reader.boolean(node, "directRouting", path, false);
    flannel.nameSpace = m_reader.string(node, "namespace", path, flannel.nameSpace);
}

} // namespace minato::sim
