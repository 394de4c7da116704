// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// The changes the network topology view asks for (issue 12 item 4), as pure functions like the
// operations of operations.h: the planner (items/calicochangeplanner.h) fetches the objects
// networkFetches() names, cleans them, and networkChanges() turns them into Changes. A Calico
// object is written in the group/version the cluster serves its kind at (crd.projectcalico.org/v1
// or projectcalico.org/v3, the same spec fields); a singleton the cluster does not have
// (BGPConfiguration or FelixConfiguration "default") becomes a new manifest. Wrong parameters
// and combinations Calico rejects come back as a KubeError of kind Refused. See docs/network.md.
namespace minato::changes {

enum class NetworkChangeKind
{
    PoolEncapsulation, // an IPPool's ipipMode / vxlanMode
    RouteReflectors, // node-to-node mesh off, route reflectors on the chosen nodes
    TorPeer, // a BGPPeer with a router outside the cluster (top of rack)
    Mtu, // the MTU of the encapsulation in force
};

// The name of a new route-reflector peer, and the cluster ID, as Calico's BGP guide writes them.
inline constexpr const char* DefaultRouteReflectorPeerName = "peer-with-route-reflectors";
inline constexpr const char* DefaultRouteReflectorClusterId = "244.0.0.1";

// One network change with its parameters, as the topology view asks for it.
struct NetworkChangeRequest
{
    NetworkChangeKind kind = NetworkChangeKind::PoolEncapsulation;
    QString cluster; // the fleet's cluster (context) name

    // PoolEncapsulation: the IPPool, and its new modes "Never", "Always" or "CrossSubnet"
    // (empty leaves that mode as it is).
    QString pool;
    QString ipipMode;
    QString vxlanMode;

    // RouteReflectors: the Nodes that become route reflectors, and their cluster ID (an IPv4
    // address; empty: DefaultRouteReflectorClusterId).
    QStringList routeReflectorNodes;
    QString routeReflectorClusterId;

    // RouteReflectors and TorPeer: the new BGPPeer's name (empty: DefaultRouteReflectorPeerName,
    // or "tor-<peer address>").
    QString peerName;

    // TorPeer: the router's address ("10.0.0.1", "10.0.0.1:179", "[fd00::1]:179"), its AS
    // (1 … 4294967295) and which nodes peer with it (a Calico selector; empty: every node).
    QString peerIp;
    qint64 asNumber = 0;
    QString nodeSelector;

    // Mtu: 68 … 9000.
    int mtu = 0;
};

// The objects a request needs besides its parameters.
enum class NetworkObject
{
    IpPool, // the named IPPool
    IpPools, // every IPPool (the encapsulations in force)
    BgpConfiguration, // "default"
    BgpPeer, // the peer the request creates: it must not exist yet
    Node, // a Kubernetes Node
    FelixConfiguration, // "default"
    CalicoConfig, // the ConfigMap kube-system/calico-config
};

struct NetworkFetch
{
    NetworkObject object = NetworkObject::IpPool;
    QString name; // empty for IpPools
    bool mayBeAbsent = false; // a 404 is an answer: the object is created, or there is none
};

// The Calico API version the cluster serves each kind at ("crd.projectcalico.org/v1",
// "projectcalico.org/v3"); new objects are written in it. Empty: not served.
struct CalicoApiVersions
{
    QString ipPool;
    QString bgpConfiguration;
    QString bgpPeer;
    QString felixConfiguration;
};

// What the planner fetched, as clean manifests (cleanmanifest.h); nullopt where GET said 404.
struct NetworkChangeInputs
{
    CalicoApiVersions apiVersions;
    std::optional<QJsonObject> ipPool; // PoolEncapsulation
    QList<QJsonObject> ipPools; // Mtu
    std::optional<QJsonObject> bgpConfiguration; // RouteReflectors
    std::optional<QJsonObject> bgpPeer; // RouteReflectors, TorPeer: an existing peer of the new name
    QList<QJsonObject> nodes; // RouteReflectors, in request order
    std::optional<QJsonObject> felixConfiguration; // Mtu
    std::optional<QJsonObject> calicoConfig; // Mtu
};

// "encapsulation", "route-reflectors", "tor-peer", "mtu".
QString networkChangeName(NetworkChangeKind kind);

// The BGPPeer a RouteReflectors or TorPeer request creates.
QString networkPeerName(const NetworkChangeRequest& request);

// Checks the parameters (without any object) and lists what to fetch.
Expected<QList<NetworkFetch>> networkFetches(const NetworkChangeRequest& request);

// The changes of a request, from what its fetches returned; in the order to apply them.
Expected<QList<Change>> networkChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs);

// The four kinds one by one (networkChanges dispatches to them).
Expected<QList<Change>> poolEncapsulationChanges(
    const NetworkChangeRequest& request, const NetworkChangeInputs& inputs);
Expected<QList<Change>> routeReflectorChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs);
Expected<QList<Change>> torPeerChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs);
Expected<QList<Change>> mtuChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs);

} // namespace minato::changes

Q_DECLARE_METATYPE(minato::changes::NetworkChangeRequest)
