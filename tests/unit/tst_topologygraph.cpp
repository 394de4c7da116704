// SPDX-License-Identifier: Apache-2.0
// The picture of a topology: groups, route reflectors, routers and aggregated links, on
// Calico's confd mock topologies (expectations from Calico's rules: a CrossSubnet pool routes
// natively inside a subnet, reflectors peer with their clients), and the layout of a
// 500-node mesh as one group of dots.

#include "analysis/topologygraph.h"
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

QList<const TopologyLink*> linksOf(const TopologyGraph& g, TopologyLink::Kind kind)
{
    QList<const TopologyLink*> out;
    for (const TopologyLink& l : g.links)
        if (l.kind == kind)
            out << &l;
    return out;
}

// A Kubernetes Node as calico-node annotates it, in a zone.
QByteArray calicoNode(const QString& name, const QString& zone, const QString& addressWithPrefix)
{
    QJsonObject node {
        { u"apiVersion"_qs, u"projectcalico.org/v3"_qs },
        { u"kind"_qs, u"Node"_qs },
        { u"metadata"_qs,
            QJsonObject { { u"name"_qs, name }, { u"labels"_qs, QJsonObject { { u"topology.kubernetes.io/zone"_qs, zone } } } } },
        { u"spec"_qs, QJsonObject { { u"bgp"_qs, QJsonObject { { u"ipv4Address"_qs, addressWithPrefix } } } } },
    };
    return QJsonDocument(calicoNodeAsKubernetesNode(node)).toJson(QJsonDocument::Compact);
}

} // namespace

class TopologyGraphTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crossSubnetInsideOneSubnetIsDirect()
    {
        // Every node of the fixture is in 10.192.0.0/16: one group, and CrossSubnet routes
        // natively inside it, so there is no link between groups to draw.
        const NetworkTopology t = topologyOf(u"confd-mock_mesh_ipip-cross-subnet.yaml"_qs);
        const TopologyGraph g = TopologyGraph::of(t);
        QCOMPARE(g.groups.size(), 1);
        QCOMPARE(g.groups.at(0).key, u"10.192.0.0/16"_qs);
        QCOMPARE(g.groups.at(0).nodes.size(), 3);
        QVERIFY(g.groups.at(0).hasInside);
        QCOMPARE(g.groups.at(0).inside.encapsulation, Encapsulation::None);
        QVERIFY(g.links.isEmpty());
        QVERIFY(g.reflectors.isEmpty());
    }

    void crossSubnetAcrossSubnetsIsOneEncapsulatedMeshLink()
    {
        // Move kube-node-2 to another subnet: the two groups talk IPIP (20 bytes), and the
        // mesh's 2 × 1 sessions between them run along that link.
        const NetworkTopology t = topologyOf(u"confd-mock_mesh_ipip-cross-subnet.yaml"_qs, [](QJsonObject& o) {
            if (o.value(u"kind").toString() == u"Node" && o.value(u"metadata").toObject().value(u"name").toString() == u"kube-node-2") {
                QJsonObject spec = o.value(u"spec").toObject();
                spec.insert(u"bgp"_qs, QJsonObject { { u"ipv4Address"_qs, u"10.193.0.6/16"_qs } });
                o.insert(u"spec"_qs, spec);
            }
        });
        const TopologyGraph g = TopologyGraph::of(t);
        QCOMPARE(g.groups.size(), 2);
        const auto paths = linksOf(g, TopologyLink::Kind::Path);
        QCOMPARE(paths.size(), 1);
        QCOMPARE(paths.at(0)->path.encapsulation, Encapsulation::IPIP);
        QCOMPARE(paths.at(0)->path.overhead, 20);
        QVERIFY(paths.at(0)->mesh);
        QCOMPARE(paths.at(0)->sessions, 2);
        QCOMPARE(paths.at(0)->label(), u"IPIP −20 B, mesh"_qs);
        QCOMPARE(g.groups.at(0).inside.encapsulation, Encapsulation::None); // 10.192/16 keeps two nodes
    }

    void routeReflectorStandsAloneWithItsClientsAggregated()
    {
        ClusterStore store;
        feedCalicoTopology(store, u"upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml"_qs);
        feedStoreItems(store, WatchedKind::CalicoNodeStatuses,
            { calicoNodeStatusJson("kube-master",
                  { calicoPeerStatus("10.192.0.3", "Established", "09:14:51"),
                      calicoPeerStatus("172.19.4.87", "Established", "09:14:51") }),
                calicoNodeStatusJson("kube-node-2", { calicoPeerStatus("10.192.0.2", "Connect", "10:02:11") }) });
        const NetworkTopology t = NetworkTopology::build(store);
        const TopologyGraph g = TopologyGraph::of(t);
        QCOMPARE(g.reflectors, QList<int> { t.nodeIndex(u"kube-master") });
        QCOMPARE(g.groups.size(), 1); // the two clients
        QCOMPARE(g.groupOfNode.at(t.nodeIndex(u"kube-master")), -1);
        QVERIFY(linksOf(g, TopologyLink::Kind::Path).isEmpty());
        const auto peerings = linksOf(g, TopologyLink::Kind::Peering);
        QCOMPARE(peerings.size(), 3); // clients → reflector, reflector → each router
        const TopologyLink* clients = nullptr;
        for (const TopologyLink* l : peerings)
            if (l->a.kind == TopologyEndpoint::Kind::Group)
                clients = l;
        QVERIFY(clients);
        QCOMPARE(clients->b, (TopologyEndpoint { TopologyEndpoint::Kind::Node, t.nodeIndex(u"kube-master") }));
        QCOMPARE(clients->sessions, 2);
        QCOMPARE(clients->established, 1);
        QCOMPARE(clients->down, 1);
        QCOMPARE(clients->worstState, u"Connect"_qs);
        QCOMPARE(clients->sources, QStringList { u"bgppeer-other-nodes"_qs });
        QCOMPARE(clients->label(), u"2 sessions, 1 Connect"_qs);
        int routersEstablished = 0;
        for (const TopologyLink* l : peerings)
            if (l->b.kind == TopologyEndpoint::Kind::Router)
                routersEstablished += l->established;
        QCOMPARE(routersEstablished, 1); // 172.19.4.87; the v6 router has no status
    }

    void layoutPutsRoutersAndReflectorsAboveTheGroups()
    {
        const NetworkTopology t = topologyOf(u"confd-mock_explicit_peering_route_reflector.yaml"_qs);
        const TopologyGraph g = TopologyGraph::of(t);
        const TopologyLayout l = TopologyLayout::of(t, g);
        QCOMPARE(l.routerRects.size(), 2);
        const QRectF rr = l.nodeRects.at(t.nodeIndex(u"kube-master"));
        QVERIFY(l.routerRects.at(0).bottom() < rr.top());
        QVERIFY(rr.bottom() < l.groupRects.at(0).top());
        QVERIFY(l.groupDetailed.at(0));
        for (const int n : g.groups.at(0).nodes)
            QVERIFY(l.groupRects.at(0).contains(l.nodeRects.at(n)));
        QVERIFY(!l.nodeRects.at(g.groups.at(0).nodes.at(0)).intersects(l.nodeRects.at(g.groups.at(0).nodes.at(1))));
    }

    void fiveHundredNodeMeshIsOneLinkPerPairOfZones()
    {
        ClusterStore store;
        QList<QByteArray> nodes;
        const QStringList zones { u"eu-1a"_qs, u"eu-1b"_qs, u"eu-1c"_qs };
        for (int i = 0; i < 500; ++i)
            nodes << calicoNode(u"node-%1"_qs.arg(i, 3, 10, QLatin1Char('0')), zones.at(i % 3),
                u"10.%1.%2.%3/16"_qs.arg(10 + i % 3).arg(i / 250).arg(i % 250 + 1));
        feedStoreItems(store, WatchedKind::Nodes, nodes);
        feedCalicoTopology(store, u"upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml"_qs,
            [](QJsonObject& o) {
                if (o.value(u"kind").toString() == u"Node")
                    o = {}; // the pool and the mesh only
            });
        const NetworkTopology t = NetworkTopology::build(store);
        QCOMPARE(t.nodes.size(), 500);
        QCOMPARE(t.meshSessions, 500 * 499 / 2);
        const TopologyGraph g = TopologyGraph::of(t);
        QCOMPARE(g.groups.size(), 3);
        const auto paths = linksOf(g, TopologyLink::Kind::Path);
        QCOMPARE(paths.size(), 3); // a–b, a–c, b–c: not 124,750 lines
        qint64 sessions = 0;
        for (const TopologyLink* l : paths) {
            QCOMPARE(l->path.encapsulation, Encapsulation::IPIP); // the zones are different /16s
            sessions += l->sessions;
        }
        // The mesh's sessions between zones; the rest are inside the zones.
        QCOMPARE(sessions, 167LL * 167 + 167LL * 166 + 167LL * 166);
        const TopologyLayout l = TopologyLayout::of(t, g, 1400);
        for (int i = 0; i < g.groups.size(); ++i) {
            QVERIFY(!l.groupDetailed.at(i));
            for (const int n : g.groups.at(i).nodes)
                QVERIFY(l.groupRects.at(i).contains(l.nodeRects.at(n)));
        }
        QVERIFY2(l.bounds.height() < 1200, qPrintable(QString::number(l.bounds.height())));
        QVERIFY(!l.groupRects.at(0).intersects(l.groupRects.at(1)));
    }
};

QTEST_GUILESS_MAIN(TopologyGraphTest)
#include "tst_topologygraph.moc"
