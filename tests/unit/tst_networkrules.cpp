// SPDX-License-Identifier: Apache-2.0
// The network findings, fixture by fixture: Calico's confd topologies, its install manifests
// (calico.yaml, canal.yaml) and flannel's kube-flannel.yml, each changed only where a rule
// needs a fault to find.

#include "analysis/findings.h"
#include "analysis/networktopology.h"
#include "calicofixtures.h"

#include <QTest>

using namespace minato;
using namespace minato::analysis;
using minato::fleet::ClusterStore;
using minato::fleet::WatchedKind;

namespace {

using Edit = std::function<void(QJsonObject&)>;

fleet::ClusterFacts liveCluster(const char* name)
{
    fleet::ClusterFacts facts;
    facts.name = QString::fromLatin1(name);
    facts.status.state = fleet::SessionState::Live;
    return facts;
}

const QDateTime Now = QDateTime::fromString(u"2026-12-07T10:00:00Z"_qs, Qt::ISODate);

// "ruleId severity Kind/name: title" for the network findings only.
QStringList networkFindings(const ClusterStore& store, const FleetAddresses& fleet = {}, const char* cluster = "c1")
{
    QStringList out;
    for (const Finding& f : evaluateCluster(liveCluster(cluster), store, Now, {}, fleet).findings)
        if (f.ruleId.startsWith(u"network."))
            out << f.ruleId + u' ' + severityName(f.severity) + u' ' + f.object.kind + u'/' + f.object.name + u": "_qs
                    + f.title;
    return out;
}

QString ruleIds(const QStringList& findings)
{
    QStringList ids;
    for (const QString& f : findings)
        ids << f.section(u' ', 0, 0);
    return ids.join(u',');
}

void feed(ClusterStore& store, const char* fixture, const Edit& edit = {})
{
    feedCalicoTopology(store, QString::fromLatin1(fixture), edit);
}

bool isNamed(const QJsonObject& o, const char* kind, const char* name)
{
    return o.value(u"kind").toString() == QLatin1StringView(kind)
        && o.value(u"metadata").toObject().value(u"name").toString() == QLatin1StringView(name);
}

void setSpec(QJsonObject& o, const char* field, const QJsonValue& value)
{
    QJsonObject spec = o.value(u"spec").toObject();
    spec.insert(QString::fromLatin1(field), value);
    o.insert(u"spec"_qs, spec);
}

QByteArray blockAffinity(const char* node, const char* cidr)
{
    const QString name = QString::fromLatin1(node) + u'-' + QString::fromLatin1(cidr).replace(u'.', u'-').replace(u'/', u'-');
    return QJsonDocument(QJsonObject {
                             { u"apiVersion"_qs, u"crd.projectcalico.org/v1"_qs },
                             { u"kind"_qs, u"BlockAffinity"_qs },
                             { u"metadata"_qs,
                                 QJsonObject { { u"name"_qs, name },
                                     { u"uid"_qs, QUuid::createUuidV5(QUuid(), name).toString(QUuid::WithoutBraces) } } },
                             { u"spec"_qs,
                                 QJsonObject { { u"node"_qs, QString::fromLatin1(node) }, { u"cidr"_qs, QString::fromLatin1(cidr) },
                                     { u"state"_qs, u"confirmed"_qs }, { u"deleted"_qs, u"false"_qs } } },
                         })
        .toJson(QJsonDocument::Compact);
}

} // namespace

class NetworkRulesTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ipipAlwaysInsideOneSubnetSuggestsCrossSubnet()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-always.yaml");
        const QStringList findings = networkFindings(store);
        // Three nodes, all in 10.192.0.0/16: every one of the 3 pairs would go native.
        QCOMPARE(findings,
            QStringList { u"network.encapsulation-in-subnet info IPPool/ippool-1: IPIP encapsulates inside one subnet: "
                          "CrossSubnet would route 3 of 3 node pairs natively"_qs });

        ClusterStore crossSubnet;
        feed(crossSubnet, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml");
        QCOMPARE(networkFindings(crossSubnet), QStringList());
    }

    void aSingleRouteReflectorIsASinglePointOfFailure()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml");
        // Worst first: the warning before the IPIP-inside-one-subnet note.
        QCOMPARE(ruleIds(networkFindings(store)), u"network.route-reflector-spof,network.encapsulation-in-subnet"_qs);
        QVERIFY(networkFindings(store).first().contains(u"Node/kube-master: Only route reflector of cluster ID 10.0.0.1"));

        // A second reflector in the same cluster ID removes it.
        ClusterStore two;
        feed(two, "upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml", [](QJsonObject& o) {
            if (isNamed(o, "Node", "kube-node-2")) {
                o[u"metadata"_qs] = QJsonObject { { u"name"_qs, u"kube-node-2"_qs },
                    { u"labels"_qs, QJsonObject { { u"routeReflector"_qs, u"true"_qs } } } };
                o[u"spec"_qs] = QJsonObject { { u"bgp"_qs,
                    QJsonObject { { u"ipv4Address"_qs, u"10.192.0.4/16"_qs }, { u"routeReflectorClusterID"_qs, u"10.0.0.1"_qs } } } };
            }
        });
        QVERIFY(!ruleIds(networkFindings(two)).contains(u"route-reflector-spof"));
    }

    void sessionsNotEstablishedAreNamedPerNode()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml");
        feedStoreItems(store, WatchedKind::CalicoNodeStatuses,
            { calicoNodeStatusJson("kube-master",
                { calicoPeerStatus("10.192.0.3", "Established", "09:14:51"),
                    calicoPeerStatus("10.192.0.4", "Established", "09:14:51"),
                    calicoPeerStatus("172.19.4.87", "Idle", "2026-12-01") }) });
        const QStringList findings = networkFindings(store);
        QVERIFY2(findings.contains(u"network.bgp-session-down warning Node/kube-master: BGP session not Established: "
                                   "172.19.4.87 (AS 64533) Idle since 2026-12-01"_qs),
            qPrintable(findings.join(u'\n')));
    }

    void fullMeshPastAHundredNodes()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml");
        QList<QByteArray> nodes;
        for (int i = 0; i < 101; ++i) {
            const QJsonObject v3 { { u"metadata"_qs, QJsonObject { { u"name"_qs, u"node-%1"_qs.arg(i, 3, 10, QChar(u'0')) } } },
                { u"spec"_qs,
                    QJsonObject { { u"bgp"_qs,
                        QJsonObject { { u"ipv4Address"_qs, u"10.192.%1.%2/16"_qs.arg(i / 200).arg(10 + i % 200) } } } } } };
            nodes << QJsonDocument(calicoNodeAsKubernetesNode(v3)).toJson(QJsonDocument::Compact);
        }
        feedStoreItems(store, WatchedKind::Nodes, nodes);
        QCOMPARE(networkFindings(store),
            QStringList { u"network.mesh-too-large warning Cluster/c1: Full BGP mesh of 101 nodes (5050 sessions): "
                          "use route reflectors past 100 nodes"_qs });
    }

    void anMtuWithoutRoomForVxlan()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_vxlan-always.yaml");
        // calico.yaml's own calico-config, with veth_mtu set to the host's 1500.
        feed(store, "upstream:calico/manifests/calico.yaml", [](QJsonObject& o) {
            if (!isNamed(o, "ConfigMap", "calico-config")) {
                o = {};
                return;
            }
            QJsonObject data = o.value(u"data").toObject();
            data.insert(u"veth_mtu"_qs, u"1500"_qs);
            o.insert(u"data"_qs, data);
        });
        const QStringList findings = networkFindings(store);
        QVERIFY2(findings.contains(u"network.mtu-too-large warning Cluster/c1: Pod MTU 1500 leaves no room for 50 bytes "
                                   "of encapsulation (at most 1450 on a 1500 MTU network)"_qs),
            qPrintable(findings.join(u'\n')));

        ClusterStore automatic; // veth_mtu "0", as shipped: auto-detected, nothing to say
        feed(automatic, "upstream:calico/examples/confd-mock_mesh_vxlan-always.yaml");
        feed(automatic, "upstream:calico/manifests/calico.yaml", [](QJsonObject& o) {
            if (!isNamed(o, "ConfigMap", "calico-config"))
                o = {};
        });
        QVERIFY(!ruleIds(networkFindings(automatic)).contains(u"mtu"));
    }

    void poolsRunningOutAndOverlapping()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml", [](QJsonObject& o) {
            if (o.value(u"kind").toString() == u"IPPool") {
                setSpec(o, "cidr", u"10.96.0.0/24"_qs); // 4 blocks of /26
                setSpec(o, "blockSize", 26);
            }
            if (o.value(u"kind").toString() == u"BGPConfiguration")
                setSpec(o, "serviceClusterIPs", QJsonArray { QJsonObject { { u"cidr"_qs, u"10.96.0.0/12"_qs } } });
        });
        feedStoreItems(store, WatchedKind::CalicoBlockAffinities,
            { blockAffinity("kube-master", "10.96.0.0/26"), blockAffinity("kube-node-1", "10.96.0.64/26"),
                blockAffinity("kube-node-2", "10.96.0.128/26"), blockAffinity("kube-node-2", "10.96.0.192/26") });
        const QStringList findings = networkFindings(store);
        QVERIFY2(findings.contains(u"network.pool-exhaustion critical IPPool/ippool-1: IP pool 10.96.0.0/24 has no free "
                                   "blocks: new nodes get no pod addresses"_qs),
            qPrintable(findings.join(u'\n')));
        QVERIFY(findings.contains(
            u"network.pool-overlap warning IPPool/ippool-1: IP pool 10.96.0.0/24 overlaps the service range 10.96.0.0/12"_qs));

        ClusterStore nodes; // the pool is the node network itself
        feed(nodes, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml", [](QJsonObject& o) {
            if (o.value(u"kind").toString() == u"IPPool")
                setSpec(o, "cidr", u"10.192.0.0/16"_qs);
        });
        QCOMPARE(networkFindings(nodes),
            QStringList { u"network.pool-overlap warning IPPool/ippool-1: IP pool 10.192.0.0/16 overlaps the node "
                          "network 10.192.0.0/16"_qs });
    }

    void natOutgoingOffWithNothingToRouteBack()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml",
            [](QJsonObject& o) { if (o.value(u"kind").toString() == u"IPPool") setSpec(o, "natOutgoing", false); });
        QVERIFY(ruleIds(networkFindings(store)).contains(u"network.nat-outgoing-off"));
        // With routers outside the cluster learning the pod routes, no NAT is the design.
        ClusterStore peered;
        feed(peered, "upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml",
            [](QJsonObject& o) { if (o.value(u"kind").toString() == u"IPPool") setSpec(o, "natOutgoing", false); });
        QVERIFY(!ruleIds(networkFindings(peered)).contains(u"nat-outgoing-off"));
    }

    void flannelWithoutBackendTypeAndNodesWithoutPodCidr()
    {
        ClusterStore store;
        feed(store, "upstream:flannel/kube-flannel.yml", [](QJsonObject& o) {
            if (!isNamed(o, "ConfigMap", "kube-flannel-cfg"))
                return;
            QJsonObject data = o.value(u"data").toObject();
            data.insert(u"net-conf.json"_qs, u"{\"Network\": \"10.244.0.0/16\"}"_qs);
            o.insert(u"data"_qs, data);
        });
        feed(store, "upstream:flannel/fake-node.yaml", [](QJsonObject& o) { o.remove(u"spec"_qs); });
        const QStringList findings = networkFindings(store);
        QVERIFY2(findings.contains(u"network.flannel-no-backend warning ConfigMap/kube-flannel-cfg: net-conf.json names "
                                   "no Backend.Type: flannel falls back to udp"_qs),
            qPrintable(findings.join(u'\n')));
        QVERIFY(findings.contains(u"network.node-without-pod-cidr warning Node/test: No spec.podCIDR: flannel cannot "
                                  "start on this node (\"pod cidr not assigned\")"_qs));

        ClusterStore shipped; // kube-flannel.yml and its fake node as upstream wrote them
        feed(shipped, "upstream:flannel/kube-flannel.yml");
        feed(shipped, "upstream:flannel/fake-node.yaml");
        QCOMPARE(networkFindings(shipped), QStringList());
    }

    void canalIsCalicoOverFlannel()
    {
        ClusterStore store;
        feed(store, "upstream:calico/manifests/canal.yaml", [](QJsonObject& o) {
            if (!isNamed(o, "ConfigMap", "canal-config"))
                o = {};
        });
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml");
        QVERIFY2(networkFindings(store).contains(u"network.mixed-cni info Cluster/c1: Calico and flannel both configured "
                                                 "(Canal: Calico policy over flannel vxlan)"_qs),
            qPrintable(networkFindings(store).join(u'\n')));
    }

    void podRangesOverlappingAcrossTheFleet()
    {
        ClusterStore store;
        feed(store, "upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml");
        const FleetAddresses fleet {
            { u"c1"_qs, { *IpNetwork::parse(u"10.0.0.0/8") }, {}, false }, // itself: never an overlap
            { u"team-b"_qs, { *IpNetwork::parse(u"192.168.128.0/17") }, {}, false },
            { u"team-c"_qs, { *IpNetwork::parse(u"10.244.0.0/16") }, { *IpNetwork::parse(u"192.168.0.0/24") }, false },
            { u"team-d"_qs, { *IpNetwork::parse(u"172.16.0.0/16") }, {}, false },
        };
        const QList<Finding> findings = evaluateCluster(liveCluster("c1"), store, Now, {}, fleet).findings;
        const auto overlap = std::find_if(findings.begin(), findings.end(),
            [](const Finding& f) { return f.ruleId == u"network.cidr-overlap-fleet"; });
        QVERIFY(overlap != findings.end());
        QCOMPARE(overlap->severity, Severity::Info);
        QCOMPARE(overlap->evidenceValue(u"clusters"), u"team-b, team-c"_qs);
        QCOMPARE(overlap->evidenceValue(u"overlaps"),
            u"192.168.0.0/16 ∩ team-b 192.168.128.0/17; 192.168.0.0/16 ∩ team-c 192.168.0.0/24"_qs);
        // Its own ranges go back to the tracker for the other clusters.
        const ClusterEvaluation evaluation = evaluateCluster(liveCluster("c1"), store, Now, {}, {});
        QCOMPARE(evaluation.addresses.pods, QList<IpNetwork> { *IpNetwork::parse(u"192.168.0.0/16") });
    }
};

QTEST_GUILESS_MAIN(NetworkRulesTest)
#include "tst_networkrules.moc"
