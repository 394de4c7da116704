// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QList>
#include <QMetaType>
#include <QStringList>

#include <optional>

namespace minato::fleet {

// Calico objects read through crd.projectcalico.org/v1 or projectcalico.org/v3 (same spec
// field names), and flannel's configuration. Unset numbers are 0, unset switches nullopt:
// "not configured" (Calico's default applies) is not the same as "configured off".

struct CalicoIpPoolInfo
{
    ObjectMeta meta;
    QString cidr;
    qint32 blockSize = 0; // default 26 (IPv4) / 122 (IPv6)
    InternedString ipipMode; // Never, Always, CrossSubnet; empty = Never
    InternedString vxlanMode;
    bool natOutgoing = false;
    bool disabled = false;
    bool disableBGPExport = false;
    QString nodeSelector; // Calico selector; empty = all()
    QStringList allowedUses; // Workload, Tunnel, LoadBalancer
    InternedString assignmentMode; // Automatic, Manual

    bool isIPv6() const { return cidr.contains(QLatin1Char(':')); }
};

struct CalicoBgpConfigurationInfo
{
    ObjectMeta meta; // "default" is global, "node.<name>" per node
    std::optional<bool> nodeToNodeMeshEnabled; // default true
    qint64 asNumber = 0; // default 64512
    qint32 listenPort = 0;
    InternedString logSeverityScreen;
    InternedString bindMode;
    QStringList serviceClusterIPs;
    QStringList serviceExternalIPs;
    QStringList serviceLoadBalancerIPs;
};

struct CalicoBgpPeerInfo
{
    ObjectMeta meta;
    QString node; // one node, or
    QString nodeSelector; // the selected nodes; both empty: all nodes (a global peer)
    QString peerIP; // "IP", "IP:port" or "[v6]:port", or
    QString peerSelector; // peer with selected Calico nodes (route reflectors)
    qint64 asNumber = 0;
    qint64 localASNumber = 0;
    bool keepOriginalNextHop = false;
    InternedString nextHopMode;
    bool hasPassword = false;
    InternedString sourceAddress;
    QStringList filters;

    bool isGlobal() const { return node.isEmpty() && nodeSelector.isEmpty(); }
};

struct CalicoFelixConfigurationInfo
{
    ObjectMeta meta; // "default", or "node.<name>"
    std::optional<bool> ipipEnabled;
    qint32 ipipMTU = 0;
    std::optional<bool> vxlanEnabled;
    qint32 vxlanMTU = 0;
    qint32 vxlanMTUV6 = 0;
    qint32 vxlanPort = 0; // default 4789
    qint32 vxlanVNI = 0; // default 4096
    std::optional<bool> wireguardEnabled;
    std::optional<bool> wireguardEnabledV6;
    qint32 wireguardMTU = 0;
    qint32 wireguardMTUV6 = 0;
    qint32 wireguardListeningPort = 0; // default 51820
    QString wireguardInterfaceName;
    std::optional<bool> bpfEnabled;
    InternedString routeSource;
    QString mtuIfacePattern;
    InternedString iptablesBackend;
    InternedString logSeverityScreen;
};

struct CalicoBlockAffinityInfo
{
    ObjectMeta meta; // "<node>-<cidr with . and / as ->"
    InternedString node;
    QString cidr;
    InternedString state; // confirmed, pending, pendingDeletion
    InternedString type; // host
    bool deleted = false; // a string "true"/"false" in the v1 CRD, a bool in v3
};

struct CalicoBgpPeerStatus
{
    QString peerIP;
    InternedString type; // NodeMesh, NodePeer, GlobalPeer
    InternedString state; // Idle, Connect, Active, OpenSent, OpenConfirm, Established, Close
    QString since;
    bool ipv6 = false;
};

struct CalicoBirdStatus
{
    InternedString state; // Ready, NotReady
    QString version;
    QString routerID;
};

struct CalicoNodeStatusInfo
{
    ObjectMeta meta;
    QString node;
    QStringList classes; // Agent, BGP, Routes
    qint32 updatePeriodSeconds = 0;
    qint64 lastUpdated = 0;
    CalicoBirdStatus birdV4;
    CalicoBirdStatus birdV6;
    qint32 establishedV4 = 0;
    qint32 notEstablishedV4 = 0;
    qint32 establishedV6 = 0;
    qint32 notEstablishedV6 = 0;
    QList<CalicoBgpPeerStatus> peers; // peersV4 then peersV6
};

// net-conf.json of flannel's kube-flannel-cfg (or canal's canal-config).
struct FlannelNetConf
{
    QString network;
    QString ipv6Network;
    bool enableIPv4 = true;
    bool enableIPv6 = false;
    qint32 subnetLen = 0; // default 24
    QString subnetMin;
    QString subnetMax;
    qint32 ipv6SubnetLen = 0; // default 64
    // Backend.Type as written. Empty means flannel falls back to udp (pkg/subnet/config.go),
    // whatever the docs say, so views should flag it rather than assume vxlan.
    QString backendType;
    qint32 vni = -1;
    qint32 port = -1;
    std::optional<bool> directRouting;
    qint32 mtu = 0;
    QString parseError; // non-empty when net-conf.json is not valid JSON
};

// A ConfigMap, kept only for what network analysis reads; the data of other ConfigMaps is
// skipped without being decoded.
struct NetworkConfigMapInfo
{
    ObjectMeta meta;
    std::optional<FlannelNetConf> flannel; // a "net-conf.json" key was present
    std::optional<qint32> calicoVethMtu; // calico-config / canal-config "veth_mtu"; 0 = auto
    QString calicoBackend; // calico_backend: bird, vxlan, none

    bool isNetworkConfig() const { return flannel.has_value() || calicoVethMtu.has_value(); }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::CalicoIpPoolInfo)
Q_DECLARE_METATYPE(minato::fleet::CalicoBgpConfigurationInfo)
Q_DECLARE_METATYPE(minato::fleet::CalicoBgpPeerInfo)
Q_DECLARE_METATYPE(minato::fleet::CalicoFelixConfigurationInfo)
Q_DECLARE_METATYPE(minato::fleet::CalicoBlockAffinityInfo)
Q_DECLARE_METATYPE(minato::fleet::CalicoNodeStatusInfo)
Q_DECLARE_METATYPE(minato::fleet::NetworkConfigMapInfo)
