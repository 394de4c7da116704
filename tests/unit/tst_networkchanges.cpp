// SPDX-License-Identifier: Apache-2.0
// The network view's changes (export/networkchanges.h) on Calico's own objects: the IPPools,
// BGPConfigurations, BGPPeers and Nodes of confd's mock topologies, calico.yaml's calico-config,
// each change built for crd.projectcalico.org/v1 and projectcalico.org/v3 and its manifest
// validated against the upstream CRD of that version (Nodes and ConfigMaps against the
// v1.20.2 swagger); the refusals Calico's rules call for; creations exported as manifests.
#include "calicofixtures.h"

#include "export/changefold.h"
#include "export/changesetexporter.h"
#include "export/changesetvalidation.h"
#include "export/cleanmanifest.h"
#include "export/networkchanges.h"
#include "export/openapivalidator.h"
#include "export/schemaindex.h"
#include "items/changesetmodel.h"
#include "util/yamljson.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace Qt::StringLiterals;

namespace {

const QString V1 = u"crd.projectcalico.org/v1"_s;
const QString V3 = u"projectcalico.org/v3"_s;
const QString Cluster = u"prod-eu1"_s;

QList<QJsonObject> yamlObjects(const QString& fixture)
{
    QList<QJsonObject> out;
    const auto documents = YamlJson::documents(readFixture(fixture), fixture);
    if (!documents) {
        qWarning("%s", qPrintable(documents.error().message));
        return out;
    }
    for (const QJsonValue& value : *documents) {
        if (value.isObject())
            out << value.toObject();
    }
    return out;
}

// The object of `kind` (and `name`) in an upstream file, written at `apiVersion` (Calico's
// examples are v3; a Kubernetes-datastore cluster holds their crd.projectcalico.org/v1 twins) and
// cleaned as the planner cleans what it fetches. Calico v3 Nodes become Kubernetes Nodes.
QJsonObject upstreamObject(const char* fixture, const char* kind, const char* name, const QString& apiVersion = {})
{
    for (QJsonObject object : yamlObjects(u"upstream:calico/"_s + QLatin1String(fixture))) {
        const bool calicoNode
            = object.value(u"apiVersion").toString() == V3 && object.value(u"kind").toString() == u"Node"_s;
        if (calicoNode)
            object = calicoNodeAsKubernetesNode(object);
        if (object.value(u"kind").toString() != QLatin1String(kind)
            || (name && object.value(u"metadata").toObject().value(u"name").toString() != QLatin1String(name)))
            continue;
        if (!apiVersion.isEmpty() && !calicoNode && object.value(u"apiVersion").toString().contains(u"projectcalico"))
            object.insert(u"apiVersion"_s, apiVersion);
        return cleanManifest(object);
    }
    qWarning("no %s %s in %s", kind, name ? name : "", fixture);
    return {};
}

CalicoApiVersions served(const QString& apiVersion)
{
    return { apiVersion, apiVersion, apiVersion, apiVersion };
}

std::shared_ptr<const SchemaIndex> crdIndex(const QString& folder)
{
    QList<QJsonObject> definitions;
    const QDir dir(QStringLiteral(MINATO_UPSTREAM_FIXTURES_DIR "/calico/") + folder);
    for (const QString& file : dir.entryList({ u"*.yaml"_s }, QDir::Files, QDir::Name))
        definitions += yamlObjects(u"upstream:calico/"_s + folder + u'/' + file);
    const auto index = SchemaIndex::fromCustomResourceDefinitions(definitions);
    if (!index)
        qWarning("%s", qPrintable(index.error().message));
    return index ? *index : nullptr;
}

// Calico's CRDs of both versions before the Kubernetes swagger, as a cluster's validator has them.
const OpenApiValidator& validator()
{
    static const OpenApiValidator instance = [] {
        const auto swagger
            = SchemaIndex::fromSwaggerV2(readFixture(u"upstream:k8s-api/openapi-v2/swagger-v1.20.2.json"_s));
        return OpenApiValidator({ crdIndex(u"crds-crd.projectcalico.org-v1"_s),
            crdIndex(u"crds-projectcalico.org-v3"_s), swagger ? *swagger : nullptr });
    }();
    return instance;
}

QStringList findingsOf(const QJsonObject& manifest)
{
    const Expected<QList<SchemaFinding>> findings = validator().validate(manifest);
    if (!findings)
        return { u"not validated: "_s + findings.error().message };
    QStringList out;
    for (const SchemaFinding& finding : *findings)
        out << finding.path + u": "_s + finding.message;
    return out;
}

// Every manifest a list of changes exports validates without a finding.
void verifyValid(const QList<Change>& changes)
{
    for (const Change& change : changes) {
        const QStringList findings = findingsOf(change.after);
        QVERIFY2(findings.isEmpty(), qPrintable(change.summary + u": "_s + findings.join(u"; ")));
    }
}

QJsonObject specPatch(const QJsonObject& spec)
{
    return QJsonObject { { u"spec"_s, spec } };
}

NetworkChangeRequest poolRequest(const char* pool, const char* ipip, const char* vxlan)
{
    NetworkChangeRequest request;
    request.kind = NetworkChangeKind::PoolEncapsulation;
    request.cluster = Cluster;
    request.pool = QLatin1String(pool);
    request.ipipMode = QLatin1String(ipip);
    request.vxlanMode = QLatin1String(vxlan);
    return request;
}

NetworkChangeRequest routeReflectorRequest(const QStringList& nodes)
{
    NetworkChangeRequest request;
    request.kind = NetworkChangeKind::RouteReflectors;
    request.cluster = Cluster;
    request.routeReflectorNodes = nodes;
    return request;
}

NetworkChangeRequest torRequest(const char* peerIp, qint64 asNumber, const char* selector = "")
{
    NetworkChangeRequest request;
    request.kind = NetworkChangeKind::TorPeer;
    request.cluster = Cluster;
    request.peerIp = QLatin1String(peerIp);
    request.asNumber = asNumber;
    request.nodeSelector = QLatin1String(selector);
    return request;
}

NetworkChangeRequest mtuRequest(int mtu)
{
    NetworkChangeRequest request;
    request.kind = NetworkChangeKind::Mtu;
    request.cluster = Cluster;
    request.mtu = mtu;
    return request;
}

QString refusal(const Expected<QList<Change>>& result)
{
    if (result)
        return u"not refused"_s;
    return result.error().kind == ErrorKind::Refused ? result.error().message : u"wrong error kind"_s;
}

} // namespace

class TestNetworkChanges : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(validator().indexes().size() == 3);
        // Each CRD file defines one kind; both folders together: 14 kinds.
        QCOMPARE(validator().indexes().at(0)->kindCount(), 8);
        QCOMPARE(validator().indexes().at(1)->kindCount(), 6);
    }

    void apiVersions_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::newRow("crd.projectcalico.org/v1") << V1;
        QTest::newRow("projectcalico.org/v3") << V3;
    }

    void poolSwitchesIpipToCrossSubnet_data() { apiVersions_data(); }
    void poolSwitchesIpipToCrossSubnet()
    {
        QFETCH(QString, apiVersion);
        NetworkChangeInputs inputs;
        inputs.ipPool = upstreamObject("examples/confd-mock_mesh_ipip-always.yaml", "IPPool", "ippool-1", apiVersion);
        const auto changes = networkChanges(poolRequest("ippool-1", "CrossSubnet", ""), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->size(), 1);
        const Change& change = changes->first();
        QCOMPARE(change.summary, u"ipipMode Always → CrossSubnet on IPPool ippool-1"_s);
        QCOMPARE(change.operation, u"encapsulation"_s);
        QCOMPARE(change.target, (ObjectRef { Cluster, apiVersion, u"IPPool"_s, {}, u"ippool-1"_s }));
        QCOMPARE(change.patchType, PatchType::JsonMerge);
        QCOMPARE(change.patch, specPatch({ { u"ipipMode"_s, u"CrossSubnet"_s } }));
        QCOMPARE(change.after.value(u"spec").toObject().value(u"cidr").toString(), u"192.168.0.0/16"_s);
        QVERIFY(change.warnings.isEmpty());
        verifyValid(*changes);
    }

    void poolMovesFromIpipToVxlan_data() { apiVersions_data(); }
    void poolMovesFromIpipToVxlan()
    {
        QFETCH(QString, apiVersion);
        NetworkChangeInputs inputs;
        inputs.ipPool = upstreamObject("examples/confd-mock_mesh_ipip-always.yaml", "IPPool", "ippool-1", apiVersion);
        const auto changes = networkChanges(poolRequest("ippool-1", "Never", "Always"), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->first().summary, u"ipipMode Always → Never, vxlanMode Never → Always on IPPool ippool-1"_s);
        QCOMPARE(changes->first().patch, specPatch({ { u"ipipMode"_s, u"Never"_s }, { u"vxlanMode"_s, u"Always"_s } }));
        QVERIFY(changes->first().warnings.join(u' ').contains(u"between IPIP and VXLAN"));
        verifyValid(*changes);
    }

    void poolRefusesWhatCalicoRejects_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("ipip");
        QTest::addColumn<QString>("vxlan");
        QTest::addColumn<QString>("message"); // a part of the refusal
        const QString always = u"examples/confd-mock_mesh_ipip-always.yaml"_s;
        QTest::newRow("vxlan on an ipip pool")
            << always << QString() << u"CrossSubnet"_s << u"both ipipMode and vxlanMode enabled"_s;
        QTest::newRow("both in the request") << always << u"Always"_s << u"Always"_s << u"one of them must be Never"_s;
        QTest::newRow("unknown mode") << always << u"Sometimes"_s << QString() << u"no encapsulation mode"_s;
        QTest::newRow("no mode") << always << QString() << QString() << u"give the new ipipMode or vxlanMode"_s;
        QTest::newRow("nothing changes") << always << u"Always"_s << QString() << u"already has ipipMode Always"_s;
        QTest::newRow("ipip on ipv6") << u"v6"_s << u"Always"_s << QString() << u"no IPIP on IPv6"_s;
    }
    void poolRefusesWhatCalicoRejects()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, ipip);
        QFETCH(QString, vxlan);
        QFETCH(QString, message);
        NetworkChangeInputs inputs;
        QJsonObject pool = upstreamObject("examples/confd-mock_mesh_ipip-always.yaml", "IPPool", "ippool-1", V1);
        if (fixture == u"v6") {
            QJsonObject spec = pool.value(u"spec").toObject();
            spec.insert(u"cidr"_s, u"fd00:10:244::/64"_s);
            spec.insert(u"ipipMode"_s, u"Never"_s);
            pool.insert(u"spec"_s, spec);
        }
        inputs.ipPool = pool;
        NetworkChangeRequest request = poolRequest("ippool-1", "", "");
        request.ipipMode = ipip;
        request.vxlanMode = vxlan;
        const QString refused = refusal(networkChanges(request, inputs));
        QVERIFY2(refused.contains(message), qPrintable(refused));
    }

    void poolThatIsMissingIsRefused()
    {
        QCOMPARE(refusal(networkChanges(poolRequest("gone", "Never", ""), {})),
            u"IPPool gone not found on cluster prod-eu1"_s);
    }

    // Calico's guide: label and annotate the route reflectors, one BGPPeer from every node to
    // them, then the mesh off. confd's ipip-always topology has a mesh and three nodes.
    void routeReflectorsOnAMesh_data() { apiVersions_data(); }
    void routeReflectorsOnAMesh()
    {
        QFETCH(QString, apiVersion);
        const char* fixture = "examples/confd-mock_mesh_ipip-always.yaml";
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(apiVersion);
        inputs.bgpConfiguration = upstreamObject(fixture, "BGPConfiguration", "default", apiVersion);
        inputs.nodes
            = { upstreamObject(fixture, "Node", "kube-node-1"), upstreamObject(fixture, "Node", "kube-node-2") };
        const auto changes = networkChanges(routeReflectorRequest({ u"kube-node-1"_s, u"kube-node-2"_s }), inputs);
        MINATO_REQUIRE(changes);
        QStringList summaries;
        for (const Change& change : *changes)
            summaries << change.summary;
        QCOMPARE(summaries,
            (QStringList { u"route reflector Node kube-node-1: label route-reflector=true, cluster ID 244.0.0.1"_s,
                u"route reflector Node kube-node-2: label route-reflector=true, cluster ID 244.0.0.1"_s,
                u"create BGPPeer peer-with-route-reflectors: nodes all() peer with route-reflector == 'true'"_s,
                u"nodeToNodeMeshEnabled unset (true) → false on BGPConfiguration default"_s }));

        const Change& node = changes->at(0);
        QCOMPARE(node.target, (ObjectRef { Cluster, u"v1"_s, u"Node"_s, {}, u"kube-node-1"_s }));
        QCOMPARE(node.patchType, PatchType::StrategicMerge);
        QCOMPARE(node.patch,
            (QJsonObject { { u"metadata"_s,
                QJsonObject { { u"labels"_s, QJsonObject { { u"route-reflector"_s, u"true"_s } } },
                    { u"annotations"_s,
                        QJsonObject { { u"projectcalico.org/RouteReflectorClusterID"_s, u"244.0.0.1"_s } } } } } }));
        // The address annotations calico-node wrote stay.
        QCOMPARE(node.after.value(u"metadata").toObject().value(u"annotations").toObject().size(), 2);

        const Change& peer = changes->at(2);
        QVERIFY(peer.isCreation());
        QCOMPARE(peer.patchType, PatchType::None);
        QCOMPARE(peer.after,
            (QJsonObject { { u"apiVersion"_s, apiVersion }, { u"kind"_s, u"BGPPeer"_s },
                { u"metadata"_s, QJsonObject { { u"name"_s, u"peer-with-route-reflectors"_s } } },
                { u"spec"_s,
                    QJsonObject { { u"nodeSelector"_s, u"all()"_s },
                        { u"peerSelector"_s, u"route-reflector == 'true'"_s } } } }));

        const Change& mesh = changes->at(3);
        QCOMPARE(mesh.target, (ObjectRef { Cluster, apiVersion, u"BGPConfiguration"_s, {}, u"default"_s }));
        QCOMPARE(mesh.patchType, PatchType::JsonMerge);
        QCOMPARE(mesh.patch, specPatch({ { u"nodeToNodeMeshEnabled"_s, false } }));
        QVERIFY(mesh.warnings.join(u' ').contains(u"turn the mesh off last"));
        verifyValid(*changes);
    }

    // No BGPConfiguration default (GET said 404): a new one, asNumber left to Calico (64512);
    // it exports as a manifest alone.
    void routeReflectorsCreateTheBgpConfiguration_data() { apiVersions_data(); }
    void routeReflectorsCreateTheBgpConfiguration()
    {
        QFETCH(QString, apiVersion);
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(apiVersion);
        inputs.nodes = { upstreamObject("examples/k8s-node_mock-node.yaml", "Node", "node4") };
        NetworkChangeRequest request = routeReflectorRequest({ u"node4"_s });
        request.routeReflectorClusterId = u"10.0.0.1"_s;
        const auto changes = networkChanges(request, inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->size(), 3);
        QVERIFY(changes->first().warnings.join(u' ').contains(u"a single route reflector"));
        const Change& mesh = changes->last();
        QVERIFY(mesh.isCreation());
        QCOMPARE(mesh.after,
            (QJsonObject { { u"apiVersion"_s, apiVersion }, { u"kind"_s, u"BGPConfiguration"_s },
                { u"metadata"_s, QJsonObject { { u"name"_s, u"default"_s } } },
                { u"spec"_s, QJsonObject { { u"nodeToNodeMeshEnabled"_s, false } } } }));
        QVERIFY(!mesh.after.value(u"spec").toObject().contains(u"asNumber"));
        verifyValid(*changes);

        ChangeSet set;
        set.title = u"Route reflectors"_s;
        set.changes = *changes;
        const QMap<QString, QByteArray> files = changeSetFiles(set);
        QCOMPARE(files.value(u"prod-eu1/_cluster/bgpconfiguration-default.yaml"_s),
            QByteArray("apiVersion: ") + apiVersion.toUtf8()
                + "\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  nodeToNodeMeshEnabled: false\n");
        QVERIFY(files.contains(u"prod-eu1/_cluster/bgppeer-peer-with-route-reflectors.yaml"_s));
        QVERIFY(!files.contains(u"prod-eu1/_cluster/bgpconfiguration-default.patch.yaml"_s));
        QVERIFY(files.contains(u"prod-eu1/_cluster/node-node4.patch.yaml"_s));
        const QByteArray kustomization = files.value(u"prod-eu1/kustomization.yaml"_s);
        QVERIFY(kustomization.contains("_cluster/bgpconfiguration-default.yaml"));
        const QString readme = QString::fromUtf8(files.value(u"README.md"_s));
        QVERIFY2(readme.contains(u"(`BGPConfiguration/default`, new)"), qPrintable(readme));
        QVERIFY(readme.contains(u"the same apply creates them"));
    }

    // confd's route-reflector topology: kube-master is one already (label routeReflector, ID
    // 10.0.0.1 as an annotation), the mesh is off, and bgppeer-other-nodes exists.
    void routeReflectorsOnAnExistingSetup()
    {
        const char* fixture = "examples/confd-mock_explicit_peering_route_reflector.yaml";
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.bgpConfiguration = upstreamObject(fixture, "BGPConfiguration", "default", V1);
        inputs.nodes = { upstreamObject(fixture, "Node", "kube-master") };
        const auto changes = networkChanges(routeReflectorRequest({ u"kube-master"_s }), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->size(), 2); // the node and the peer; the mesh is off already
        QCOMPARE(changes->first().warnings,
            (QStringList { u"Node kube-master had route reflector cluster ID 10.0.0.1"_s,
                u"the node-to-node mesh is off already"_s,
                u"a single route reflector: when it is down no node learns routes; Calico advises at least two"_s }));

        NetworkChangeRequest taken = routeReflectorRequest({ u"kube-master"_s });
        taken.peerName = u"bgppeer-other-nodes"_s;
        inputs.bgpPeer = upstreamObject(fixture, "BGPPeer", "bgppeer-other-nodes", V1);
        QVERIFY(
            refusal(networkChanges(taken, inputs)).contains(u"already exists on cluster prod-eu1 with another spec"));
    }

    void routeReflectorsAlreadyInPlaceAreNothingToDo()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.bgpConfiguration = upstreamObject(
            "examples/confd-mock_explicit_peering_route_reflector.yaml", "BGPConfiguration", "default", V1);
        QJsonObject node = upstreamObject("examples/k8s-node_mock-node.yaml", "Node", "node4");
        QJsonObject meta = node.value(u"metadata").toObject();
        meta.insert(u"labels"_s, QJsonObject { { u"route-reflector"_s, u"true"_s } });
        meta.insert(
            u"annotations"_s, QJsonObject { { u"projectcalico.org/RouteReflectorClusterID"_s, u"244.0.0.1"_s } });
        node.insert(u"metadata"_s, meta);
        inputs.nodes = { node };
        inputs.bgpPeer = QJsonObject { { u"apiVersion"_s, V1 }, { u"kind"_s, u"BGPPeer"_s },
            { u"metadata"_s, QJsonObject { { u"name"_s, u"peer-with-route-reflectors"_s } } },
            { u"spec"_s,
                QJsonObject {
                    { u"nodeSelector"_s, u"all()"_s }, { u"peerSelector"_s, u"route-reflector == 'true'"_s } } } };
        QVERIFY(
            refusal(networkChanges(routeReflectorRequest({ u"node4"_s }), inputs)).startsWith(u"nothing to change"));
    }

    void routeReflectorParameters_data()
    {
        QTest::addColumn<QStringList>("nodes");
        QTest::addColumn<QString>("clusterId");
        QTest::addColumn<QString>("peerName");
        QTest::addColumn<QString>("message");
        QTest::newRow("no node") << QStringList() << QString() << QString() << u"at least one node"_s;
        QTest::newRow("twice") << QStringList { u"a"_s, u"a"_s } << QString() << QString() << u"chosen twice"_s;
        QTest::newRow("v6 cluster id") << QStringList { u"a"_s } << u"fd00::1"_s << QString() << u"no IPv4 address"_s;
        QTest::newRow("bad peer name") << QStringList { u"a"_s } << QString() << u"Peer_1"_s
                                       << u"no valid BGPPeer name"_s;
    }
    void routeReflectorParameters()
    {
        QFETCH(QStringList, nodes);
        QFETCH(QString, clusterId);
        QFETCH(QString, peerName);
        QFETCH(QString, message);
        NetworkChangeRequest request = routeReflectorRequest(nodes);
        request.routeReflectorClusterId = clusterId;
        request.peerName = peerName;
        const auto fetches = networkFetches(request);
        QVERIFY(!fetches);
        QVERIFY2(fetches.error().message.contains(message), qPrintable(fetches.error().message));
        QVERIFY(refusal(networkChanges(request, {})).contains(message));
    }

    void torPeer_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("peerIp");
        QTest::addColumn<qint64>("asNumber");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("writtenIp");
        QTest::addColumn<QString>("summary");
        QTest::newRow("v1 rack")
            << V1 << u"10.10.1.1"_s << qint64(64513) << u"rack == 'r1'"_s << u"tor-10.10.1.1"_s << u"10.10.1.1"_s
            << u"create BGPPeer tor-10.10.1.1: peerIP 10.10.1.1 AS 64513 from nodes rack == 'r1'"_s;
        QTest::newRow("v3 global") << V3 << u"172.19.4.87"_s << qint64(64533) << QString() << u"tor-172.19.4.87"_s
                                   << u"172.19.4.87"_s
                                   << u"create BGPPeer tor-172.19.4.87: peerIP 172.19.4.87 AS 64533 from every node"_s;
        QTest::newRow("v6 with port")
            << V3 << u"[AC13::57]:50"_s << qint64(64533) << u"has(routeReflector)"_s << u"tor-ac13--57"_s
            << u"[ac13::57]:50"_s
            << u"create BGPPeer tor-ac13--57: peerIP [ac13::57]:50 AS 64533 from nodes has(routeReflector)"_s;
    }
    void torPeer()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, peerIp);
        QFETCH(qint64, asNumber);
        QFETCH(QString, selector);
        QFETCH(QString, name);
        QFETCH(QString, writtenIp);
        QFETCH(QString, summary);
        NetworkChangeRequest request = torRequest("", asNumber);
        request.peerIp = peerIp;
        request.nodeSelector = selector;
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(apiVersion);
        const auto changes = networkChanges(request, inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->size(), 1);
        const Change& peer = changes->first();
        QCOMPARE(peer.summary, summary);
        QVERIFY(peer.isCreation());
        QCOMPARE(peer.target, (ObjectRef { Cluster, apiVersion, u"BGPPeer"_s, {}, name }));
        const QJsonObject spec = peer.after.value(u"spec").toObject();
        QCOMPARE(spec.value(u"peerIP").toString(), writtenIp);
        QCOMPARE(spec.value(u"asNumber").toInteger(), asNumber);
        QCOMPARE(spec.contains(u"nodeSelector"), !selector.isEmpty());
        QVERIFY(peer.warnings.isEmpty());
        verifyValid(*changes);
    }

    // The upstream global peer example: the same spec as a ToR request gives.
    void torPeerMatchesCalicosExample()
    {
        const QJsonObject example = upstreamObject("examples/bgppeer-global.yaml", "BGPPeer", "globalpeer.name5", V3);
        NetworkChangeRequest request = torRequest("1.1.1.1", 63444);
        request.peerName = u"globalpeer.name5"_s;
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V3);
        const auto changes = networkChanges(request, inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->first().after, example);
    }

    void torPeerRefusals_data()
    {
        QTest::addColumn<QString>("peerIp");
        QTest::addColumn<qint64>("asNumber");
        QTest::addColumn<QString>("selector");
        QTest::addColumn<QString>("message");
        QTest::newRow("no address") << u"tor-1"_s << qint64(64512) << QString() << u"no peer address"_s;
        QTest::newRow("brackets on v4") << u"[10.0.0.1]:179"_s << qint64(64512) << QString() << u"no peer address"_s;
        QTest::newRow("port 0") << u"10.0.0.1:0"_s << qint64(64512) << QString() << u"no peer address"_s;
        QTest::newRow("AS 0") << u"10.0.0.1"_s << qint64(0) << QString() << u"AS 0 is out of range"_s;
        QTest::newRow("AS too large") << u"10.0.0.1"_s << qint64(4294967296) << QString()
                                      << u"out of range: 1 … 4294967295"_s;
        QTest::newRow("selector") << u"10.0.0.1"_s << qint64(64512) << u"rack == "_s << u"no Calico selector"_s;
    }
    void torPeerRefusals()
    {
        QFETCH(QString, peerIp);
        QFETCH(qint64, asNumber);
        QFETCH(QString, selector);
        QFETCH(QString, message);
        NetworkChangeRequest request = torRequest("", asNumber);
        request.peerIp = peerIp;
        request.nodeSelector = selector;
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        const QString refused = refusal(networkChanges(request, inputs));
        QVERIFY2(refused.contains(message), qPrintable(refused));
    }

    void torPeerOfAnExistingNameIsRefused()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.bgpPeer = upstreamObject("examples/bgppeer-global.yaml", "BGPPeer", "globalpeer.name5", V1);
        NetworkChangeRequest request = torRequest("1.1.1.2", 64512);
        request.peerName = u"globalpeer.name5"_s;
        QCOMPARE(refusal(networkChanges(request, inputs)),
            u"BGPPeer globalpeer.name5 already exists on cluster prod-eu1: choose another peer name"_s);
        inputs.apiVersions = {};
        request.peerName.clear();
        inputs.bgpPeer.reset();
        QVERIFY(refusal(networkChanges(request, inputs)).startsWith(u"cluster prod-eu1 serves no Calico BGPPeer"));
    }

    // A 4-byte AS above 2^31 is a valid AS, and the builder writes it, but Calico's CRDs say
    // int32 and the API server enforces it (projectcalico/calico#13494): a warning and a finding.
    void largeAsNumberIsAFinding_data() { apiVersions_data(); }
    void largeAsNumberIsAFinding()
    {
        QFETCH(QString, apiVersion);
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(apiVersion);
        const auto changes = networkChanges(torRequest("10.0.0.1", 4200000001LL), inputs);
        MINATO_REQUIRE(changes);
        QVERIFY(changes->first().warnings.join(u' ').contains(u"int32"));
        QCOMPARE(findingsOf(changes->first().after),
            QStringList { u"spec.asNumber: must be of type int32, got 4200000001"_s });
    }

    // calico.yaml's calico-config has veth_mtu "0": calico-node takes its MTUs from there.
    void mtuOfAManifestInstallIsTheConfigMap()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.calicoConfig = upstreamObject("manifests/calico.yaml", "ConfigMap", "calico-config");
        inputs.ipPools = { upstreamObject("examples/confd-mock_mesh_ipip-always.yaml", "IPPool", "ippool-1", V1) };
        inputs.felixConfiguration = QJsonObject { { u"apiVersion"_s, V1 }, { u"kind"_s, u"FelixConfiguration"_s },
            { u"metadata"_s, QJsonObject { { u"name"_s, u"default"_s } } }, { u"spec"_s, QJsonObject() } };
        const auto changes = networkChanges(mtuRequest(1440), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->size(), 1);
        const Change& change = changes->first();
        QCOMPARE(change.summary, u"veth_mtu 0 → 1440 on ConfigMap kube-system/calico-config"_s);
        QCOMPARE(change.target, (ObjectRef { Cluster, u"v1"_s, u"ConfigMap"_s, u"kube-system"_s, u"calico-config"_s }));
        QCOMPARE(change.patchType, PatchType::StrategicMerge);
        QCOMPARE(change.patch, (QJsonObject { { u"data"_s, QJsonObject { { u"veth_mtu"_s, u"1440"_s } } } }));
        QVERIFY(change.warnings.join(u' ').contains(u"rollout restart daemonset/calico-node"));
        verifyValid(*changes);
        QVERIFY(refusal(networkChanges(mtuRequest(0), inputs)).contains(u"out of range: 68 … 9000"));
    }

    void mtuOfVxlanIsFelixConfiguration_data() { apiVersions_data(); }
    void mtuOfVxlanIsFelixConfiguration()
    {
        QFETCH(QString, apiVersion);
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(apiVersion);
        inputs.ipPools
            = { upstreamObject("examples/confd-mock_mesh_vxlan-always.yaml", "IPPool", nullptr, apiVersion) };
        // No FelixConfiguration default (404): a new one.
        auto changes = networkChanges(mtuRequest(1450), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->first().summary, u"create FelixConfiguration default: vxlanMTU 1450"_s);
        QVERIFY(changes->first().isCreation());
        QCOMPARE(changes->first().after.value(u"spec").toObject(), (QJsonObject { { u"vxlanMTU"_s, 1450 } }));
        verifyValid(*changes);

        // With WireGuard on as well, both MTUs; the one already right is left alone.
        inputs.felixConfiguration = QJsonObject { { u"apiVersion"_s, apiVersion },
            { u"kind"_s, u"FelixConfiguration"_s }, { u"metadata"_s, QJsonObject { { u"name"_s, u"default"_s } } },
            { u"spec"_s,
                QJsonObject {
                    { u"wireguardEnabled"_s, true }, { u"vxlanMTU"_s, 1410 }, { u"wireguardMTU"_s, 1380 } } } };
        changes = networkChanges(mtuRequest(1380), inputs);
        MINATO_REQUIRE(changes);
        QCOMPARE(changes->first().summary, u"vxlanMTU 1410 → 1380 on FelixConfiguration default"_s);
        QCOMPARE(changes->first().patch, specPatch({ { u"vxlanMTU"_s, 1380 } }));
        verifyValid(*changes);
        changes = networkChanges(mtuRequest(1480), inputs);
        MINATO_REQUIRE(changes);
        QVERIFY(changes->first().warnings.join(u' ').contains(u"larger than 1500 − 60"));
        QVERIFY(refusal(networkChanges(mtuRequest(1380),
                            [&] {
                                NetworkChangeInputs same = inputs;
                                same.felixConfiguration->insert(u"spec"_s,
                                    QJsonObject { { u"wireguardEnabled"_s, true }, { u"vxlanMTU"_s, 1380 },
                                        { u"wireguardMTU"_s, 1380 } });
                                return same;
                            }()))
                    .contains(u"sets MTU 1380 already"));
    }

    void mtuWithoutEncapsulationIsRefused()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.ipPools = { upstreamObject("examples/confd-mock_mesh_ipip-off.yaml", "IPPool", nullptr, V1) };
        QVERIFY(refusal(networkChanges(mtuRequest(1500), inputs)).startsWith(u"no encapsulation is in force"));
    }

    void fetchesNameWhatEachChangeReads()
    {
        const auto names = [](const NetworkChangeRequest& request) {
            QStringList out;
            const auto fetches = networkFetches(request);
            if (!fetches)
                return QStringList { fetches.error().message };
            for (const NetworkFetch& fetch : *fetches)
                out << QString::number(int(fetch.object)) + u':' + fetch.name
                        + (fetch.mayBeAbsent ? u"?"_s : QString());
            return out;
        };
        QCOMPARE(names(poolRequest("p", "Never", "")), QStringList { u"0:p"_s });
        QCOMPARE(names(routeReflectorRequest({ u"a"_s, u"b"_s })),
            (QStringList { u"4:a"_s, u"4:b"_s, u"3:peer-with-route-reflectors?"_s, u"2:default?"_s }));
        QCOMPARE(names(torRequest("10.0.0.1", 65000)), QStringList { u"3:tor-10.0.0.1?"_s });
        QCOMPARE(names(mtuRequest(1400)), (QStringList { u"1:"_s, u"5:default?"_s, u"6:calico-config?"_s }));
        NetworkChangeRequest noCluster = mtuRequest(1400);
        noCluster.cluster.clear();
        QCOMPARE(names(noCluster), QStringList { u"a network change needs its cluster"_s });
    }

    // The CRDs' schemas catch what the builders would never write: a misspelt field, a wrong
    // type, a value outside an enum; metadata is checked as ObjectMeta, yet stays open.
    void crdSchemaFindsWrongFields_data() { apiVersions_data(); }
    void crdSchemaFindsWrongFields()
    {
        QFETCH(QString, apiVersion);
        QJsonObject pool
            = upstreamObject("examples/confd-mock_mesh_ipip-always.yaml", "IPPool", "ippool-1", apiVersion);
        QVERIFY(findingsOf(pool).isEmpty());
        QJsonObject spec = pool.value(u"spec").toObject();
        spec.insert(u"ipipMode"_s, u"Sometimes"_s);
        spec.insert(u"blockSize"_s, u"26"_s);
        spec.insert(u"natOutgoin"_s, true);
        pool.insert(u"spec"_s, spec);
        QJsonObject meta = pool.value(u"metadata").toObject();
        meta.insert(u"labels"_s, QJsonObject { { u"tier"_s, 1 } });
        meta.insert(u"somethingElse"_s, u"open"_s);
        pool.insert(u"metadata"_s, meta);
        QCOMPARE(findingsOf(pool),
            (QStringList { u"metadata.labels.tier: expected string, got integer"_s,
                u"spec.blockSize: expected integer, got string"_s,
                u"spec.ipipMode: unsupported value \"Sometimes\": supported values \"Never\", \"Always\", \"CrossSubnet\""_s,
                u"spec.natOutgoin: unknown field \"natOutgoin\""_s }));

        QJsonObject peer = upstreamObject("examples/bgppeer-global.yaml", "BGPPeer", nullptr, apiVersion);
        QJsonObject peerSpec = peer.value(u"spec").toObject();
        peerSpec.insert(u"peerIp"_s, u"1.1.1.1"_s);
        peer.insert(u"spec"_s, peerSpec);
        QCOMPARE(findingsOf(peer), QStringList { u"spec.peerIp: unknown field \"peerIp\""_s });
        // A v3-only requirement: the root's spec.
        peer.remove(u"spec"_s);
        QCOMPARE(findingsOf(peer).contains(u"spec: required field missing"_s), apiVersion == V3);
    }

    void changeSetValidationUsesTheCrds()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        const auto changes = networkChanges(torRequest("10.0.0.1", 64512), inputs);
        MINATO_REQUIRE(changes);
        ChangeSet set;
        set.changes = *changes;
        set.changes[0].after.insert(
            u"spec"_s, QJsonObject { { u"peerIP"_s, u"10.0.0.1"_s }, { u"asNumber"_s, u"64512"_s } });
        const auto shared = std::make_shared<const OpenApiValidator>(validator().indexes());
        const SchemaFindings findings = validateChangeSet(set, { { Cluster, shared } });
        QCOMPARE(findings.count(), 1);
        QCOMPARE(findings.forObject(set.changes[0].target).first().path, u"spec.asNumber"_s);
        QVERIFY(findings.notes(Cluster).isEmpty());
    }

    // A creation stays one when it folds with a later change of the same object or is edited:
    // its manifest takes the change, and it still has no patch.
    void creationsFoldAndEditAsCreations()
    {
        NetworkChangeInputs inputs;
        inputs.apiVersions = served(V1);
        inputs.ipPools = { upstreamObject("examples/confd-mock_mesh_vxlan-always.yaml", "IPPool", nullptr, V1) };
        const auto first = networkChanges(mtuRequest(1450), inputs);
        const auto second = networkChanges(mtuRequest(1400), inputs);
        MINATO_REQUIRE(first);
        MINATO_REQUIRE(second);
        const Change folded = foldChange(first->first(), second->first());
        QVERIFY(folded.isCreation());
        QVERIFY(folded.patch.isEmpty());
        QCOMPARE(folded.after.value(u"spec").toObject().value(u"vxlanMTU").toInt(), 1400);

        minato::items::ChangeSetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addChange(first->first());
        model.addChange(second->first());
        QCOMPARE(model.rowCount(), 1);
        const QString diff = model.index(0, 0).data(minato::items::ChangeSetModel::DiffRole).toString();
        QVERIFY2(!diff.contains(u"-{}"), qPrintable(diff));
        QVERIFY(diff.contains(u"+kind: FelixConfiguration"));
        QJsonObject edited = model.change(0).after;
        edited.insert(u"spec"_s, QJsonObject { { u"vxlanMTU"_s, 1350 } });
        model.replaceAfter(0, edited);
        QVERIFY(model.change(0).isCreation());
        QCOMPARE(model.change(0).patchType, PatchType::None);
        QVERIFY(model.index(0, 0).data(minato::items::ChangeSetModel::PatchYamlRole).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNetworkChanges)
#include "tst_networkchanges.moc"
