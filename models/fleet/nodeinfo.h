// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QList>
#include <QMetaType>
#include <QStringList>

namespace minato::fleet {

struct TaintInfo
{
    InternedString key;
    InternedString value;
    InternedString effect; // NoSchedule, PreferNoSchedule, NoExecute
};

// Annotations calico-node writes on the Kubernetes Node (Kubernetes datastore).
struct CalicoNodeAnnotations
{
    QString ipv4Address; // projectcalico.org/IPv4Address, CIDR form "10.0.0.5/24"
    QString ipv6Address;
    QString ipv4IPIPTunnelAddr;
    QString ipv4VXLANTunnelAddr;
    QString ipv6VXLANTunnelAddr;
    QString ipv4WireguardInterfaceAddr;
    QString routeReflectorClusterID;
    QString asNumber; // per-node override; empty = the global AS
    bool hasWireguardPublicKey = false;

    bool isPresent() const
    {
        return !ipv4Address.isEmpty() || !ipv6Address.isEmpty() || !ipv4IPIPTunnelAddr.isEmpty()
            || !ipv4VXLANTunnelAddr.isEmpty();
    }
};

// flannel.alpha.coreos.com/* annotations (default prefix).
struct FlannelNodeAnnotations
{
    QString backendType; // vxlan, host-gw, wireguard …
    QString publicIP;
    QString publicIPv6;
    QString backendData; // raw JSON, e.g. {"VNI":1,"VtepMAC":"…"}
    qint32 vni = -1; // parsed from backendData when present
    QString vtepMac;
    bool kubeSubnetManager = false;

    bool isPresent() const { return !backendType.isEmpty() || !publicIP.isEmpty(); }
};

// A node condition beyond the kubelet's five: node-problem-detector's ContainerRuntimeUnhealthy,
// FrequentContainerdRestart, FrequentDockerRestart, KernelDeadlock, ReadonlyFilesystem …, or a
// cloud controller's. Kept whatever its status (NPD reports False while all is well).
struct NodeProblemCondition : DetailedCondition
{
    InternedString type;
};

struct NodeResources
{
    qint64 cpuMilli = 0;
    qint64 memoryBytes = 0;
    qint64 pods = 0;
    qint64 ephemeralStorageBytes = 0;
};

struct NodeInfo
{
    ObjectMeta meta; // labels kept

    DetailedCondition ready; // KubeletReady / KubeletNotReady / NodeStatusUnknown
    DetailedCondition memoryPressure;
    DetailedCondition diskPressure;
    DetailedCondition pidPressure;
    DetailedCondition networkUnavailable; // CalicoIsUp, FlannelIsUp, RouteCreated … often absent
    QList<NodeProblemCondition> otherConditions;

    bool unschedulable = false; // cordoned
    QList<TaintInfo> taints;

    QString kubeletVersion; // "v1.30.2", "v1.29.3+k3s1"
    QString kubeProxyVersion; // deprecated upstream; may be empty
    QString containerRuntimeVersion; // as reported: "containerd://1.6.2"
    InternedString runtimeName; // "containerd", "cri-o", "docker"
    QString runtimeVersion; // "1.6.2"
    QString criSocket; // kubeadm.alpha.kubernetes.io/cri-socket: "unix:///run/containerd/containerd.sock"
    QString kernelVersion;
    QString osImage;
    InternedString operatingSystem;
    InternedString architecture;

    QString internalIP;
    QString externalIP;
    QString hostname;
    InternedString zone; // topology.kubernetes.io/zone (or the beta failure-domain label)
    InternedString region;
    QStringList roles; // from node-role.kubernetes.io/<role> and kubernetes.io/role, sorted
    QStringList podCIDRs; // spec.podCIDRs, else spec.podCIDR
    QString providerID;

    NodeResources capacity;
    NodeResources allocatable;

    CalicoNodeAnnotations calico;
    FlannelNodeAnnotations flannel;

    bool isReady() const { return ready.isTrue(); }
    // Any of Memory/Disk/PID pressure reported True.
    bool hasPressure() const { return memoryPressure.isTrue() || diskPressure.isTrue() || pidPressure.isTrue(); }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::NodeInfo)
