// SPDX-License-Identifier: Apache-2.0
// The topology model on Calico's own confd mock topologies. Each expectation is written from
// Calico's documented rules (docs.tigera.io: BGP peering, route reflectors, IP-in-IP and VXLAN
// encapsulation modes, MTU), not from the model's output.

#include "analysis/networktopology.h"
#include "calicofixtures.h"

#include <QTest>

using namespace minato;
using namespace minato::analysis;
using minato::fleet::ClusterStore;
using minato::fleet::WatchedKind;

namespace {

NetworkTopology topologyOf(const QString& fixture, const std::function<void(QJsonObject&)>& edit = {})
{
    ClusterStore store;
    feedCalicoTopology(store, u"upstream:calico/examples/"_qs + fixture, edit);
    return NetworkTopology::build(store);
}

NetworkPath path(const NetworkTopology& t, const char* from, const char* to)
{
    return pathBetween(t, t.nodeIndex(QString::fromLatin1(from)), t.nodeIndex(QString::fromLatin1(to)));
}

// "kube-master→kube-node-1 (bgppeer-other-nodes)", sorted: a readable session list.
QStringList sessionNames(const NetworkTopology& t)
{
    QStringList names;
    for (const BgpSession& s : t.sessions) {
        const QString other = s.peerNode >= 0 ? t.nodes.at(s.peerNode).name : t.routers.at(s.router).address;
        names << t.nodes.at(s.node).name + u"→"_qs + other + (s.peerAddress.isEmpty() || s.peerNode < 0 ? QString() : u"@"_qs + s.peerAddress)
                + u" ("_qs + s.source + u')';
    }
    names.sort();
    return names;
}

} // namespace

class NetworkTopologyTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void meshWithIpipAlwaysEncapsulatesEveryPair()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_mesh_ipip-always.yaml"_qs);
        QCOMPARE(t.cni.plugin, CniSummary::Plugin::Calico);
        QCOMPARE(t.nodes.size(), 3);
        QVERIFY(t.nodeToNodeMesh); // BGPConfiguration without spec: the mesh is on by default
        QCOMPARE(t.asNumber, 64512); // and the AS is 64512
        QCOMPARE(t.meshSessions, 3); // 3 nodes, n(n-1)/2 sessions
        QVERIFY(t.sessions.isEmpty());
        QCOMPARE(t.nodes.at(0).subnet.toString(), u"10.192.0.0/16"_qs);
        for (const auto& [a, b] : { std::pair { "kube-master", "kube-node-1" }, { "kube-node-1", "kube-node-2" } }) {
            const NetworkPath p = path(t, a, b);
            QCOMPARE(p.encapsulation, Encapsulation::IPIP); // Always: even inside one subnet
            QVERIFY(p.sameSubnet);
            QCOMPARE(p.overhead, 20);
            QCOMPARE(p.mtu, 1480);
        }
    }

    void crossSubnetEncapsulatesOnlyAcrossSubnets()
    {
        const NetworkTopology same = topologyOf(u"confd-mock_mesh_ipip-cross-subnet.yaml"_qs);
        // All three nodes sit in 10.192.0.0/16: CrossSubnet routes all of them natively.
        QCOMPARE(path(same, "kube-master", "kube-node-2").encapsulation, Encapsulation::None);
        QCOMPARE(path(same, "kube-node-2", "kube-node-1").encapsulation, Encapsulation::None);
        // Pods still get the MTU of the encapsulation the pool may use.
        QCOMPARE(same.mtu.effective(), 1480);

        // Move kube-node-2 into another subnet: only its pairs cross a boundary.
        const NetworkTopology split = topologyOf(u"confd-mock_mesh_ipip-cross-subnet.yaml"_qs, [](QJsonObject& o) {
            if (o.value(u"metadata").toObject().value(u"name").toString() == u"kube-node-2"
                && o.value(u"kind").toString() == u"Node")
                o[u"spec"_qs] = QJsonObject { { u"bgp"_qs, QJsonObject { { u"ipv4Address"_qs, u"10.193.0.6/16"_qs } } } };
        });
        QCOMPARE(path(split, "kube-master", "kube-node-1").encapsulation, Encapsulation::None);
        QCOMPARE(path(split, "kube-master", "kube-node-2").encapsulation, Encapsulation::IPIP);
        QCOMPARE(path(split, "kube-node-2", "kube-master").encapsulation, Encapsulation::IPIP);
        QVERIFY(!path(split, "kube-node-2", "kube-master").sameSubnet);
    }

    void ipipOffRoutesNatively()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_mesh_ipip-off.yaml"_qs);
        QCOMPARE(t.pools.size(), 2);
        QCOMPARE(t.pools.at(1).cidr.toString(), u"2002::/64"_qs);
        QCOMPARE(t.pools.at(1).blockSize, 122); // the IPv6 default
        QCOMPARE(path(t, "kube-master", "kube-node-1").encapsulation, Encapsulation::None);
        QCOMPARE(t.mtu.overhead, 0);
        QCOMPARE(t.mtu.effective(), 1500);
    }

    void vxlanAlwaysCostsFiftyBytes()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_mesh_vxlan-always.yaml"_qs);
        const NetworkPath p = path(t, "kube-node-1", "kube-master");
        QCOMPARE(p.encapsulation, Encapsulation::VXLAN);
        QCOMPARE(p.overhead, 50);
        QCOMPARE(t.mtu.effective(), 1450);
        QCOMPARE(encapsulationOverhead(Encapsulation::VXLAN, true), 70);
        QCOMPARE(encapsulationOverhead(Encapsulation::WireGuard), 60);
        QCOMPARE(encapsulationOverhead(Encapsulation::WireGuard, true), 80);
    }

    void routeReflectorPeersWithClientsAndRouters()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_explicit_peering_route_reflector.yaml"_qs);
        QVERIFY(!t.nodeToNodeMesh);
        QCOMPARE(t.meshSessions, 0);
        QCOMPARE(t.asNumber, 64532);
        QCOMPARE(t.routeReflectors(), QList<int> { t.nodeIndex(u"kube-master") });
        QCOMPARE(t.nodes.at(t.nodeIndex(u"kube-master")).routeReflectorClusterID, u"10.0.0.1"_qs);
        // The reflector (has(routeReflector)) peers with every client (!has(routeReflector)) and
        // with the two external peers; the clients do not peer with each other.
        QCOMPARE(sessionNames(t),
            (QStringList { u"kube-master→172.19.4.87 (bgppeer-1)"_qs, u"kube-master→[ac13::57]:50 (bgppeer-v6)"_qs,
                u"kube-master→kube-node-1 (bgppeer-other-nodes)"_qs,
                u"kube-master→kube-node-2 (bgppeer-other-nodes)"_qs }));
        QCOMPARE(t.routers.size(), 2);
        QCOMPARE(t.routers.at(0).asNumber, 64533);
        QCOMPARE(t.routers.at(1).ip.toString(), u"ac13::57"_qs);
    }

    void globalPeersThatAreNodesPeerWithThoseNodes()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_explicit_peering_global.yaml"_qs);
        // Global peers apply to every node; a node never peers with its own address, and each
        // port is its own session.
        QCOMPARE(sessionNames(t),
            (QStringList {
                u"kube-master→kube-node-1@10.192.0.3 (bgppeer-1)"_qs,
                u"kube-master→kube-node-2@10.192.0.1 (bgppeer-3)"_qs,
                u"kube-master→kube-node-2@10.192.0.1:166 (bgppeer-2)"_qs,
                u"kube-node-1→kube-node-2@10.192.0.1 (bgppeer-3)"_qs,
                u"kube-node-1→kube-node-2@10.192.0.1:166 (bgppeer-2)"_qs,
                u"kube-node-2→kube-node-1@10.192.0.3 (bgppeer-1)"_qs,
            }));
        QVERIFY(t.routers.isEmpty());
    }

    void duplicatePeeringsAreOneSession()
    {
        // Both BGPPeers select the pair node1–node2: BIRD runs one session between them.
        const NetworkTopology t = topologyOf(u"confd-mock_idle_peers.yaml"_qs);
        QCOMPARE(sessionNames(t), QStringList { u"node1→node2 (global)"_qs });
    }

    void nodeStatusGivesSessionState()
    {
        ClusterStore store;
        feedCalicoTopology(store, u"upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml"_qs);
        feedStoreItems(store, WatchedKind::CalicoNodeStatuses,
            { calicoNodeStatusJson("kube-master",
                  { calicoPeerStatus("10.192.0.3", "Established", "09:14:51"),
                      calicoPeerStatus("10.192.0.4", "Established", "09:14:51"),
                      calicoPeerStatus("172.19.4.87", "Active", "2024-05-01") }),
                calicoNodeStatusJson("kube-node-2", { calicoPeerStatus("10.192.0.2", "Connect", "10:02:11") }) });
        const NetworkTopology t = NetworkTopology::build(store);
        QCOMPARE(t.nodesReportingStatus, 2);
        QHash<QString, QString> states;
        for (const BgpSession& s : t.sessions)
            states.insert(s.peerNode >= 0 ? t.nodes.at(s.peerNode).name : t.routers.at(s.router).address,
                s.state + u'@' + s.since + u'/' + s.reportedBy);
        QCOMPARE(states.value(u"kube-node-1"_qs), u"Established@09:14:51/kube-master"_qs);
        // Down on one side is down, whichever end says so.
        QCOMPARE(states.value(u"kube-node-2"_qs), u"Connect@10:02:11/kube-node-2"_qs);
        QCOMPARE(states.value(u"172.19.4.87"_qs), u"Active@2024-05-01/kube-master"_qs);
        QCOMPARE(states.value(u"[ac13::57]:50"_qs), u"@/"_qs); // no status reports it
    }
};

QTEST_GUILESS_MAIN(NetworkTopologyTest)
#include "tst_networktopology.moc"
