// SPDX-License-Identifier: Apache-2.0
// The pure parts of server-side tables: reading a typed kind name as kubectl does, finding it
// in discovery, decoding a meta.k8s.io Table, and the item model's rows, columns and refreshes.
#include "fleet/servertable.h"
#include "items/resourcetablemodel.h"
#include "items/servertablemodel.h"
#include "kube/discoverydecoder.h"
#include "kube/resourcename.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace minato;
using namespace Qt::StringLiterals;

namespace {

// Discovery as a 1.20 apiserver with Calico answers it (the documents trimmed to the fields read).
kube::DiscoveryResult discovery()
{
    using kube::DiscoveryDecoder;
    kube::DiscoveryResult out;
    out.groups.append({ u""_s, { u"v1"_s }, u"v1"_s });
    out.groups += DiscoveryDecoder::decode(DiscoveryDecoder::Mode::GroupList, R"({"kind":"APIGroupList","groups":[
        {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
        {"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v1","version":"v1"},{"groupVersion":"autoscaling/v2beta2","version":"v2beta2"}],"preferredVersion":{"groupVersion":"autoscaling/v1","version":"v1"}},
        {"name":"crd.projectcalico.org","versions":[{"groupVersion":"crd.projectcalico.org/v1","version":"v1"}],"preferredVersion":{"groupVersion":"crd.projectcalico.org/v1","version":"v1"}},
        {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}}]})")
                      .groups;
    auto list = [&](const char* json) {
        const kube::DiscoveryPayload payload = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::ResourceList, json);
        out.resources.insert(payload.groupVersion, payload.resources);
    };
    list(R"({"kind":"APIResourceList","groupVersion":"v1","resources":[
        {"name":"pods","singularName":"","namespaced":true,"kind":"Pod","verbs":["get","list","watch"],"shortNames":["po"]},
        {"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]},
        {"name":"services","singularName":"","namespaced":true,"kind":"Service","verbs":["get","list","watch"],"shortNames":["svc"]},
        {"name":"bindings","singularName":"","namespaced":true,"kind":"Binding","verbs":["create"]}]})");
    list(R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
        {"name":"deployments","singularName":"","namespaced":true,"kind":"Deployment","verbs":["get","list","watch"],"shortNames":["deploy"]}]})");
    list(R"({"kind":"APIResourceList","groupVersion":"autoscaling/v2beta2","resources":[
        {"name":"horizontalpodautoscalers","singularName":"","namespaced":true,"kind":"HorizontalPodAutoscaler","verbs":["get","list"],"shortNames":["hpa"]}]})");
    list(R"({"kind":"APIResourceList","groupVersion":"crd.projectcalico.org/v1","resources":[
        {"name":"ipamblocks","singularName":"ipamblock","namespaced":false,"kind":"IPAMBlock","verbs":["get","list","watch"]}]})");
    list(R"({"kind":"APIResourceList","groupVersion":"metrics.k8s.io/v1beta1","resources":[
        {"name":"pods","singularName":"","namespaced":true,"kind":"PodMetrics","verbs":["get","list"]}]})");
    return out;
}

// The shape of a 1.20 apiserver's answer to GET /api/v1/services with the Table Accept header.
const QByteArray ServicesTable = R"({"kind":"Table","apiVersion":"meta.k8s.io/v1",
  "metadata":{"resourceVersion":"4711","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"},
  "columnDefinitions":[
    {"name":"Name","type":"string","format":"name","description":"Name must be unique","priority":0},
    {"name":"Type","type":"string","format":"","description":"type","priority":0},
    {"name":"Cluster-IP","type":"string","format":"","description":"clusterIP","priority":0},
    {"name":"Ports","type":"string","format":"","description":"ports","priority":0},
    {"name":"Age","type":"string","format":"","description":"age","priority":0},
    {"name":"Selector","type":"string","format":"","description":"selector","priority":1}],
  "rows":[
    {"cells":["kubernetes","ClusterIP","10.96.0.1","443/TCP","12d","<none>"],
     "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"kubernetes","namespace":"default","uid":"0b0b3f25-6d55-4bd2-8e2a-77a0d5f3c1e1","creationTimestamp":"2026-11-24T10:00:00Z"}}},
    {"cells":["kube-dns","ClusterIP","10.96.0.10",null,"12d","k8s-app=kube-dns"],
     "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"kube-dns","namespace":"kube-system","uid":"5e2ad2b5-1f3e-4c5a-9d1e-3a8f8a3c2b10"}}}]})";

// A CRD's default printer columns: the age is a date the client turns into an age.
QByteArray blocksTable(const QStringList& names)
{
    QByteArray rows;
    for (const QString& name : names) {
        if (!rows.isEmpty())
            rows += ',';
        rows += R"({"cells":[")" + name.toUtf8() + R"(","2026-12-01T00:00:00Z"],"object":{"metadata":{"name":")"
            + name.toUtf8() + R"(","uid":"00000000-0000-0000-0000-)" + name.right(12).rightJustified(12, u'0').toUtf8()
            + R"("}}})";
    }
    return R"({"kind":"Table","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"9"},"columnDefinitions":[
        {"name":"Name","type":"string","format":"name","priority":0},{"name":"Age","type":"date","format":"","priority":0}],
        "rows":[)" + rows + "]}";
}

fleet::ServerTable parsed(const QByteArray& body)
{
    const Expected<fleet::ServerTable> table = fleet::ServerTable::parse(body);
    return table ? table.value() : fleet::ServerTable {};
}

} // namespace

class TestServerTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resolvesAsKubectlDoes_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("path"); // empty: not found
        QTest::newRow("short name") << u"svc"_s << u"/api/v1/services"_s;
        QTest::newRow("kind, any case") << u"service"_s << u"/api/v1/services"_s;
        QTest::newRow("core first: pods are not PodMetrics") << u"pods"_s << u"/api/v1/pods"_s;
        QTest::newRow("group picks metrics") << u"pods.metrics.k8s.io"_s << u"/apis/metrics.k8s.io/v1beta1/pods"_s;
        QTest::newRow("version and group") << u"hpa.v2beta2.autoscaling"_s
                                           << u"/apis/autoscaling/v2beta2/horizontalpodautoscalers"_s;
        QTest::newRow("CRD singular") << u"ipamblock"_s << u"/apis/crd.projectcalico.org/v1/ipamblocks"_s;
        QTest::newRow("CRD qualified, spaces around")
            << u" IPAMBlocks.crd.projectcalico.org "_s << u"/apis/crd.projectcalico.org/v1/ipamblocks"_s;
        QTest::newRow("subresources are no kinds") << u"pods/log"_s << QString();
        QTest::newRow("not listable") << u"bindings"_s << QString();
        QTest::newRow("unknown group") << u"svc.example.com"_s << QString();
        QTest::newRow("unknown name") << u"frobnicators"_s << QString();
    }
    void resolvesAsKubectlDoes()
    {
        QFETCH(QString, typed);
        QFETCH(QString, path);
        const auto found = kube::findResource(kube::ResourceQuery::parse(typed), discovery());
        QCOMPARE(found ? found->collectionPath() : QString(), path);
    }

    // Groups whose list discovery did not read are where the resolver must look next.
    void candidatesFollowTheQualifier()
    {
        using Pairs = QList<QPair<QString, QString>>;
        const kube::DiscoveryResult known = discovery();
        QCOMPARE(kube::candidateGroupVersions(kube::ResourceQuery::parse(u"hpa"_s), known),
            Pairs({ { u""_s, u"v1"_s }, { u"apps"_s, u"v1"_s }, { u"autoscaling"_s, u"v1"_s },
                { u"crd.projectcalico.org"_s, u"v1"_s }, { u"metrics.k8s.io"_s, u"v1beta1"_s } }));
        QCOMPARE(kube::candidateGroupVersions(kube::ResourceQuery::parse(u"hpa.v2beta2.autoscaling"_s), known),
            Pairs({ { u"autoscaling"_s, u"v2beta2"_s } }));
        QCOMPARE(kube::candidateGroupVersions(kube::ResourceQuery::parse(u"x.nowhere.io"_s), known), Pairs());
    }

    void servedResourcePaths()
    {
        const auto blocks = kube::findResource(kube::ResourceQuery::parse(u"ipamblocks"_s), discovery());
        QVERIFY(blocks);
        QCOMPARE(blocks->qualifiedName(), u"ipamblocks.crd.projectcalico.org"_s);
        QCOMPARE(blocks->objectPath(u"ignored"_s, u"10-244-1-0-26"_s),
            u"/apis/crd.projectcalico.org/v1/ipamblocks/10-244-1-0-26"_s); // cluster-scoped
        const auto services = kube::findResource(kube::ResourceQuery::parse(u"svc"_s), discovery());
        QCOMPARE(services->collectionPath(u"shop"_s), u"/api/v1/namespaces/shop/services"_s);
        QCOMPARE(services->qualifiedName(), u"services"_s);
    }

    void decodesATable()
    {
        const Expected<fleet::ServerTable> table = fleet::ServerTable::parse(ServicesTable);
        QVERIFY(table);
        QCOMPARE(table->columns.size(), 6);
        QCOMPARE(table->columns[0], (fleet::ServerTable::Column { u"Name"_s, u"string"_s, u"name"_s, 0 }));
        QCOMPARE(table->columns[5].priority, 1);
        QCOMPARE(table->resourceVersion, u"4711"_s);
        QCOMPARE(table->continueToken, u"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"_s);
        QCOMPARE(table->rows.size(), 2);
        QCOMPARE(table->rows[1].cells,
            QStringList({ u"kube-dns"_s, u"ClusterIP"_s, u"10.96.0.10"_s, u"<none>"_s, u"12d"_s, u"k8s-app=kube-dns"_s }));
        QCOMPARE(table->rows[1].nameSpace, u"kube-system"_s);
        QCOMPARE(table->rows[1].uid, QUuid(u"5e2ad2b5-1f3e-4c5a-9d1e-3a8f8a3c2b10"_s));
    }

    void aBodyThatIsNoTableIsAParseError_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("a plain list") << QByteArray(R"({"kind":"ServiceList","items":[]})");
        QTest::newRow("truncated") << ServicesTable.left(200);
        QTest::newRow("not JSON") << QByteArray("<html>proxy error</html>");
    }
    void aBodyThatIsNoTableIsAParseError()
    {
        QFETCH(QByteArray, body);
        const Expected<fleet::ServerTable> table = fleet::ServerTable::parse(body);
        QVERIFY(!table);
        QCOMPARE(table.error().kind, ErrorKind::Parse);
    }

    void modelShowsTheDefaultColumnsAfterClusterAndNamespace()
    {
        items::ServerTableModel model;
        model.reset(u"svc"_s, { u"alpha"_s });
        model.setTable(u"alpha"_s, parsed(ServicesTable));
        QStringList header;
        for (int c = 0; c < model.columnCount(); ++c)
            header << model.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(header,
            QStringList({ u"CLUSTER"_s, u"NAMESPACE"_s, u"NAME"_s, u"TYPE"_s, u"CLUSTER-IP"_s, u"PORTS"_s, u"AGE"_s }));
        const int dns = model.rowOf(u"alpha"_s, u"kube-system"_s, u"kube-dns"_s);
        QCOMPARE(model.index(dns, 1).data().toString(), u"kube-system"_s);
        QCOMPARE(model.index(dns, 5).data().toString(), u"<none>"_s);
        QCOMPARE(model.index(dns, 0).data(items::ResourceTableModel::ClusterRole).toString(), u"alpha"_s);
        QCOMPARE(model.index(dns, 0).data(items::ResourceTableModel::UidRole).toUuid(),
            QUuid(u"5e2ad2b5-1f3e-4c5a-9d1e-3a8f8a3c2b10"_s));
    }

    void dateColumnsShowAMovingAge()
    {
        items::ServerTableModel model;
        model.reset(u"ipamblocks"_s, { u"alpha"_s });
        model.setTable(u"alpha"_s, parsed(blocksTable({ u"10-244-1-0-26"_s })));
        QCOMPARE(model.columnCount(), 3); // cluster-scoped: no NAMESPACE
        model.setNow(QDateTime(QDate(2026, 12, 1), QTime(0, 5), QTimeZone::utc()).toSecsSinceEpoch());
        QCOMPARE(model.index(0, 2).data().toString(), u"5m"_s);
        model.setNow(QDateTime(QDate(2026, 12, 4), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch());
        QCOMPARE(model.index(0, 2).data().toString(), u"3d"_s);
    }

    // A refresh keeps the rows that stayed (the selection with them), drops what went and adds
    // what came, without a reset.
    void refreshUpdatesRowsInPlace()
    {
        items::ServerTableModel model;
        model.reset(u"ipamblocks"_s, { u"alpha"_s, u"beta"_s });
        model.setTable(u"alpha"_s, parsed(blocksTable({ u"a1"_s, u"a2"_s, u"a3"_s })));
        model.setTable(u"beta"_s, parsed(blocksTable({ u"b1"_s })));
        QCOMPARE(model.rowCount(), 4);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setTable(u"alpha"_s, parsed(blocksTable({ u"a1"_s, u"a3"_s, u"a4"_s })));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QStringList rows;
        for (int r = 0; r < model.rowCount(); ++r)
            rows << model.clusterAt(r) + u'/' + model.rowAt(r)->name;
        QCOMPARE(rows, QStringList({ u"alpha/a1"_s, u"alpha/a3"_s, u"beta/b1"_s, u"alpha/a4"_s }));
    }

    void aClusterThatCannotListKeepsItsReason()
    {
        items::ServerTableModel model;
        model.reset(u"ipamblocks"_s, { u"alpha"_s, u"beta"_s });
        model.setTable(u"alpha"_s, parsed(blocksTable({ u"a1"_s })));
        model.setTable(u"beta"_s, parsed(blocksTable({ u"b1"_s })));
        QSignalSpy problems(&model, &items::ServerTableModel::problemsChanged);
        model.setProblem(u"beta"_s, u"ipamblocks.crd.projectcalico.org is forbidden"_s);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(model.problems(), QStringList({ u"beta: ipamblocks.crd.projectcalico.org is forbidden"_s }));
        QCOMPARE(model.rowCount(), 1);
        model.setTable(u"beta"_s, parsed(blocksTable({ u"b1"_s })));
        QVERIFY(model.problems().isEmpty());
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_MAIN(TestServerTable)
#include "tst_servertable.moc"
