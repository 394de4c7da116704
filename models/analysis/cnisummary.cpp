// SPDX-License-Identifier: Apache-2.0
#include "analysis/cnisummary.h"

#include "fleet/clusterstore.h"

namespace minato::analysis {

using namespace fleet;

namespace {

QString poolEncapsulation(const CalicoIpPoolInfo& pool)
{
    const QString ipip = pool.ipipMode.toString();
    const QString vxlan = pool.vxlanMode.toString();
    if (ipip == QLatin1String("Always"))
        return QStringLiteral("IPIP Always");
    if (ipip == QLatin1String("CrossSubnet"))
        return QStringLiteral("IPIP CrossSubnet");
    if (vxlan == QLatin1String("Always"))
        return QStringLiteral("VXLAN");
    if (vxlan == QLatin1String("CrossSubnet"))
        return QStringLiteral("VXLAN CrossSubnet");
    return QStringLiteral("none (BGP)");
}

// The image tag of the first container of a DaemonSet, e.g. "v3.27.3" from calico/node:v3.27.3.
QString daemonSetVersion(const StoreContent& store, QStringView name)
{
    for (const WorkloadInfo& ds : store.workloads(WatchedKind::DaemonSets)) {
        if (ds.meta.name != name)
            continue;
        for (const InternedString& imageName : ds.podTemplate.images) {
            const QString image = imageName.toString();
            const qsizetype colon = image.lastIndexOf(QLatin1Char(':'));
            if (colon > image.lastIndexOf(QLatin1Char('/')))
                return image.mid(colon + 1);
        }
    }
    return {};
}

void detectCalicoBgp(const StoreContent& store, CniSummary& out)
{
    std::optional<bool> mesh;
    for (const CalicoBgpConfigurationInfo& config : store.bgpConfigurations()) {
        if (config.meta.name == QLatin1String("default"))
            mesh = config.nodeToNodeMeshEnabled;
    }
    int reflectorPeers = 0;
    for (const CalicoBgpPeerInfo& peer : store.bgpPeers()) {
        if (!peer.peerSelector.isEmpty())
            ++reflectorPeers;
        else if (!peer.peerIP.isEmpty())
            ++out.externalPeers;
    }
    QString backend;
    for (const NetworkConfigMapInfo& cm : store.configMaps()) {
        if (!cm.calicoBackend.isEmpty())
            backend = cm.calicoBackend;
    }
    QStringList parts;
    if (backend == QLatin1String("vxlan") || backend == QLatin1String("none")) {
        // calico_backend vxlan/none runs no BIRD at all: no BGP whatever the CRDs say.
        out.bgpMode = QStringLiteral("disabled (calico_backend %1)").arg(backend);
        return;
    }
    out.bgp = true;
    if (mesh.value_or(true))
        parts << QStringLiteral("node-to-node mesh");
    else if (reflectorPeers > 0)
        parts << QStringLiteral("route reflectors");
    if (out.externalPeers > 0)
        parts << QStringLiteral("external peers (%1)").arg(out.externalPeers);
    out.bgpMode = parts.isEmpty() ? QStringLiteral("no BGP peering") : parts.join(QStringLiteral(" + "));
}

bool detectFlannelConfig(const StoreContent& store, CniSummary& out)
{
    for (const NetworkConfigMapInfo& cm : store.configMaps()) {
        if (!cm.flannel)
            continue;
        // net-conf.json without Backend.Type: flannel itself falls back to udp.
        out.backend = cm.flannel->backendType.isEmpty() ? QStringLiteral("udp") : cm.flannel->backendType;
        out.network = cm.flannel->network;
        out.source = cm.meta.namespaceName.toString() + QLatin1Char('/') + cm.meta.name;
        return true;
    }
    for (const NodeInfo& node : store.nodes()) {
        if (!node.flannel.backendType.isEmpty()) {
            out.backend = node.flannel.backendType;
            out.source = QStringLiteral("node annotations");
            return true;
        }
    }
    return false;
}

// Any Calico object, or a node calico-node has annotated: a cluster without IPPools (all
// deleted, or not readable) still runs Calico.
bool runsCalico(const StoreContent& store)
{
    if (!store.ipPools().isEmpty() || !store.bgpConfigurations().isEmpty() || !store.bgpPeers().isEmpty()
        || !store.blockAffinities().isEmpty() || !store.calicoNodeStatuses().isEmpty())
        return true;
    for (const NodeInfo& node : store.nodes())
        if (node.calico.isPresent())
            return true;
    return false;
}

} // namespace

QString CniSummary::pluginName() const
{
    switch (plugin) {
    case Plugin::Calico:
        return QStringLiteral("Calico");
    case Plugin::Flannel:
        return QStringLiteral("flannel");
    case Plugin::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString CniSummary::brief() const
{
    switch (plugin) {
    case Plugin::Calico:
        return QStringLiteral("Calico ") + (encapsulation.isEmpty() ? QStringLiteral("(no pools)") : encapsulation);
    case Plugin::Flannel:
        return QStringLiteral("flannel ") + backend;
    case Plugin::Unknown:
        break;
    }
    return QStringLiteral("not detected");
}

QString CniSummary::describe() const
{
    QString text = brief();
    if (plugin == Plugin::Calico) {
        if (!bgpMode.isEmpty())
            text += QStringLiteral("; BGP ") + bgpMode;
        if (alsoFlannel)
            text += QStringLiteral(", flannel ") + backend + QStringLiteral(" (Canal)");
    }
    return text;
}

CniSummary CniSummary::detect(const StoreContent& store)
{
    CniSummary out;
    if (runsCalico(store)) {
        out.plugin = Plugin::Calico;
        out.version = daemonSetVersion(store, u"calico-node");
        QStringList encapsulations;
        for (const CalicoIpPoolInfo& pool : store.ipPools())
            out.pools.append({ pool.meta.name, pool.cidr, poolEncapsulation(pool), pool.disabled });
        std::sort(out.pools.begin(), out.pools.end(), [](const Pool& a, const Pool& b) { return a.name < b.name; });
        for (const Pool& pool : std::as_const(out.pools)) {
            if (!pool.disabled && !encapsulations.contains(pool.encapsulation))
                encapsulations << pool.encapsulation;
        }
        out.encapsulation = encapsulations.join(QStringLiteral(", "));
        detectCalicoBgp(store, out);
        out.alsoFlannel = detectFlannelConfig(store, out);
        return out;
    }
    if (detectFlannelConfig(store, out)) {
        out.plugin = Plugin::Flannel;
        out.version = daemonSetVersion(store, u"kube-flannel-ds");
    }
    return out;
}

} // namespace minato::analysis
