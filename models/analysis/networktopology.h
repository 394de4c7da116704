// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/cnisummary.h"
#include "fleet/networkinfo.h"
#include "util/ipnetwork.h"

#include <QList>
#include <QString>
#include <QUuid>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// How pod traffic between two nodes is carried (kubernetes-domain.md §3.8, §4).
enum class Encapsulation : quint8
{
    None, // routed natively (BGP, host-gw, or DirectRouting on one subnet)
    IPIP,
    VXLAN,
    WireGuard,
    Udp, // flannel's debugging backend, and what it falls back to without Backend.Type
};
QString encapsulationName(Encapsulation encapsulation); // "direct", "IPIP", "VXLAN", "WireGuard", "UDP"
// Bytes each packet loses to the encapsulation (Felix's constants; flannel uses the same).
int encapsulationOverhead(Encapsulation encapsulation, bool ipv6 = false);

// A pool's ipipMode / vxlanMode.
enum class EncapsulationMode : quint8
{
    Never,
    Always,
    CrossSubnet,
};
QString encapsulationModeName(EncapsulationMode mode); // "Never", "Always", "CrossSubnet" as Calico writes them

struct TopologyNode
{
    QString name;
    QUuid uid;
    // Where the node's BGP session and tunnels start: Calico's IPv4Address, else flannel's
    // public-ip, else the InternalIP.
    IpAddress address;
    // The L2/L3 network the node sits in, from the prefix of Calico's IPv4Address; null when
    // nothing says (a bare InternalIP carries no prefix).
    IpNetwork subnet;
    QString ipipTunnelAddress;
    QString vxlanTunnelAddress;
    QString wireguardAddress;
    QString vtepMac; // flannel vxlan
    QString zone; // topology.kubernetes.io/zone
    QString rack; // topology.kubernetes.io/rack or a "rack" label
    QString routeReflectorClusterID; // non-empty: the node is a route reflector
    qint64 asNumber = 0; // the node's AS (its override, else the cluster's)
    QStringList podCIDRs; // spec.podCIDRs (flannel, host-local IPAM)
    QList<IpNetwork> blocks; // Calico IPAM blocks affine to the node
    int pool = -1; // the first enabled pool whose nodeSelector selects the node; -1: none
    bool ready = false;

    bool isRouteReflector() const { return !routeReflectorClusterID.isEmpty(); }
    // Where views group the node: zone, else rack, else subnet, else "".
    QString group() const;
};

struct TopologyPool
{
    QString name;
    QUuid uid;
    IpNetwork cidr; // null when the text does not parse
    QString cidrText;
    int blockSize = 26;
    EncapsulationMode ipipMode = EncapsulationMode::Never;
    EncapsulationMode vxlanMode = EncapsulationMode::Never;
    bool natOutgoing = false;
    bool disabled = false;
    QString nodeSelector;
    QString selectorError; // the nodeSelector does not parse: Calico would reject the pool
    QStringList allowedUses;
    int selectedNodes = 0;
    qint64 blocksTotal = 0; // 2^(blockSize - prefix), saturated at 2^40
    qint64 blocksUsed = 0; // affine blocks inside the pool

    Encapsulation encapsulation() const; // IPIP, VXLAN or None
    EncapsulationMode mode() const; // of that encapsulation
    QString modeText() const; // "IPIP CrossSubnet", "VXLAN Always", "none (BGP)"
    double utilisation() const { return blocksTotal > 0 ? double(blocksUsed) / double(blocksTotal) : 0.0; }
};

// A BGP router outside the cluster (a top-of-rack switch, a core router), from BGPPeer peerIP.
struct ExternalRouter
{
    QString address; // as the BGPPeer writes it, port included
    IpAddress ip;
    qint64 asNumber = 0;
    QStringList peers; // the BGPPeer objects naming it
};

// One BGP session. The node-to-node mesh is not listed pair by pair (a 500-node mesh has
// 124,750 sessions); NetworkTopology counts it and lists only its sessions seen down.
struct BgpSession
{
    enum class Kind : quint8
    {
        Mesh,
        NodePeer, // BGPPeer with peerSelector (route reflectors) or a peerIP that is a node
        External, // BGPPeer with peerIP of a router outside the cluster
    };
    Kind kind = Kind::NodePeer;
    int node = -1; // index into nodes
    int peerNode = -1; // index into nodes, -1 for an external router
    int router = -1; // index into routers for External
    QString source; // the BGPPeer's name; "node-to-node mesh"
    QString peerAddress; // the peerIP as the BGPPeer writes it (port included); empty for selector peers
    // From CalicoNodeStatus of either end; empty when no status reports it.
    QString state; // Established, Idle, Connect, Active …
    QString since;
    QString reportedBy; // the node whose status gave the state

    bool isEstablished() const { return state == QLatin1String("Established"); }
    bool stateKnown() const { return !state.isEmpty(); }
};

// The MTU pods get, and where it comes from.
struct MtuSetting
{
    int configured = 0; // veth_mtu, Felix *MTU or flannel Backend.MTU; 0 = auto
    QString source; // "kube-system/calico-config veth_mtu", "FelixConfiguration default vxlanMTU" …
    int hostMtu = 1500; // not in the API: the usual Ethernet MTU is assumed
    int overhead = 0; // the largest overhead among the encapsulations in force
    int effective() const { return configured > 0 ? configured : hostMtu - overhead; }
    // A configured MTU leaves no room for the overhead: packets fragment or drop.
    bool tooLarge() const { return configured > 0 && configured > hostMtu - overhead; }
};

// One cluster's pod network as the API shows it: the input of the topology view, the
// network findings and `minato network`. Pure: built from a store snapshot.
struct NetworkTopology
{
    CniSummary cni;
    QList<TopologyNode> nodes; // sorted by name
    QList<TopologyPool> pools; // sorted by name

    // Calico BGP
    bool bgpEnabled = false; // calico_backend is bird (or not given) and Calico is installed
    qint64 asNumber = 64512;
    bool nodeToNodeMesh = true;
    qint64 meshSessions = 0; // n(n-1)/2 while the mesh is on
    QList<BgpSession> sessions; // route-reflector, node and external sessions, and mesh ones seen down
    QList<ExternalRouter> routers;
    int nodesReportingStatus = 0; // nodes with a CalicoNodeStatus
    QList<IpNetwork> serviceClusterIPs; // BGPConfiguration serviceClusterIPs

    bool wireguard = false; // Calico Felix wireguardEnabled, or flannel's wireguard backend
    MtuSetting mtu;

    // flannel
    std::optional<fleet::FlannelNetConf> flannel;
    QString flannelSource; // "kube-flannel/kube-flannel-cfg"

    static NetworkTopology build(const fleet::StoreContent& store);

    int nodeIndex(QStringView name) const;
    // The pod networks: enabled pools (Calico) or flannel's Network.
    QList<IpNetwork> podNetworks() const;
    QList<int> routeReflectors() const;
};

// The way pod traffic from one node to another travels.
struct NetworkPath
{
    Encapsulation encapsulation = Encapsulation::None;
    // Both ends known to share a subnet (Calico CrossSubnet and flannel DirectRouting route
    // those natively); unknown counts as different, as Calico does for a /32 address.
    bool sameSubnet = false;
    bool subnetKnown = false;
    int overhead = 0;
    int mtu = 0; // what a pod can send to the other node in one packet
    QString why; // "pool default-ipv4-ippool ipipMode CrossSubnet, 10.0.1.0/24 → 10.0.2.0/24"
};
NetworkPath pathBetween(const NetworkTopology& topology, int from, int to);

} // namespace minato::analysis
