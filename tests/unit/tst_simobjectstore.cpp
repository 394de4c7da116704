// SPDX-License-Identifier: Apache-2.0
// The simulator's storage and query pieces without any networking: versions, the change log,
// snapshots, compaction, selectors, continue tokens and the dual Event representation.
#include "simtestdriver.h"

#include "sim/continuetoken.h"
#include "sim/fieldselector.h"
#include "sim/labelselector.h"
#include "sim/objectstore.h"
#include "sim/watchcursor.h"

#include <QJsonDocument>
#include <QTest>

using namespace minato::sim;

namespace {

QJsonObject parse(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

QStringList namesAt(const ObjectStore& store, int resource, quint64 version)
{
    QStringList names;
    store.visitSnapshot(resource, version, {}, {}, [&](const ObjectPtr& object) {
        names.append(QString::fromUtf8(object->key));
        return true;
    });
    return names;
}

} // namespace

class TestSimObjectStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionsAreMonotonicAndOwnedByTheStore()
    {
        ObjectStore store;
        const int pods = store.catalog().indexOfKey(QStringLiteral("pods"));
        QJsonObject pod = SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-1"));
        store.put(QStringLiteral("pods"), pod);
        QCOMPARE(store.resourceVersion(), 1u);
        const ObjectPtr first = store.get(pods, "shop", "web-1");
        QVERIFY(first);
        const QJsonObject meta = parse(first->body).value(QStringLiteral("metadata")).toObject();
        QCOMPARE(meta.value(QStringLiteral("resourceVersion")).toString(), QStringLiteral("1"));
        QVERIFY(!meta.value(QStringLiteral("uid")).toString().isEmpty());
        QVERIFY(!meta.value(QStringLiteral("creationTimestamp")).toString().isEmpty());
        // The stored body drops kind/apiVersion: list items do not carry them.
        QVERIFY(!parse(first->body).contains(QStringLiteral("kind")));

        // Writing the same object again is a no-op: no new version, no event.
        store.put(QStringLiteral("pods"), pod);
        QCOMPARE(store.resourceVersion(), 1u);

        pod[QStringLiteral("status")] = QJsonObject { { QStringLiteral("phase"), QStringLiteral("Failed") } };
        store.put(QStringLiteral("pods"), pod);
        QCOMPARE(store.resourceVersion(), 2u);
        const ObjectPtr second = store.get(pods, "shop", "web-1");
        QCOMPARE(second->uid, first->uid); // identity survives updates
        QCOMPARE(second->creationTimestamp, first->creationTimestamp);

        store.remove(QStringLiteral("pods"), QStringLiteral("shop"), QStringLiteral("web-1"));
        QCOMPARE(store.resourceVersion(), 3u);
        QVERIFY(!store.get(pods, "shop", "web-1"));

        QList<ChangeType> types;
        QList<quint64> versions;
        store.visitChanges(pods, 0, [&](const StoreEvent& event) {
            types.append(event.type);
            versions.append(event.resourceVersion);
        });
        QCOMPARE(types, (QList<ChangeType> { ChangeType::Added, ChangeType::Modified, ChangeType::Deleted }));
        QCOMPARE(versions, (QList<quint64> { 1, 2, 3 }));
    }

    void snapshotsReconstructPastStates()
    {
        ObjectStore store;
        const int pods = store.catalog().indexOfKey(QStringLiteral("pods"));
        for (const char* name : { "a", "b", "c" })
            store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QString::fromLatin1(name)));
        const quint64 snapshot = store.resourceVersion();
        store.remove(QStringLiteral("pods"), QStringLiteral("ns"), QStringLiteral("b"));
        store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("aa")));
        store.put(QStringLiteral("pods"),
            SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("c"), {}, QStringLiteral("node-9")));

        QCOMPARE(namesAt(store, pods, snapshot),
            (QStringList { QStringLiteral("ns/a"), QStringLiteral("ns/b"), QStringLiteral("ns/c") }));
        QCOMPARE(namesAt(store, pods, store.resourceVersion()),
            (QStringList { QStringLiteral("ns/a"), QStringLiteral("ns/aa"), QStringLiteral("ns/c") }));
        // The version of c seen at the snapshot is the old one.
        store.visitSnapshot(pods, snapshot, {}, "ns/c", [&](const ObjectPtr& object) {
            [&] { QVERIFY(object->resourceVersion <= snapshot); }();
            return false;
        });
    }

    void compactionBoundsHistory()
    {
        StoreLimits limits;
        limits.maxEventsPerResource = 3;
        ObjectStore store(limits);
        const int pods = store.catalog().indexOfKey(QStringLiteral("pods"));
        for (int i = 0; i < 5; ++i)
            store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("p%1").arg(i)));
        QCOMPARE(store.compactedVersion(pods), 2u);
        QVERIFY(!store.visitSnapshot(pods, 1, {}, {}, [](const ObjectPtr&) { return true; }));
        QVERIFY(store.visitSnapshot(pods, 2, {}, {}, [](const ObjectPtr&) { return true; }));

        WatchPlan plan;
        plan.resource = pods;
        plan.fromVersion = 1;
        WatchCursor cursor(store, plan);
        const QJsonObject error = parse(cursor.start().trimmed());
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("ERROR"));
        const QJsonObject status = error.value(QStringLiteral("object")).toObject();
        QCOMPARE(status.value(QStringLiteral("code")).toInt(), 410);
        QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("Expired"));
        QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("too old resource version: 1 (2)"));
        QVERIFY(cursor.finished());

        // Age-based compaction drops everything older than the window.
        store.compact(std::chrono::steady_clock::now() + std::chrono::hours(1));
        QCOMPARE(store.compactedVersion(pods), 5u);
    }

    void watchCursorFiltersBySelectorTransitions()
    {
        ObjectStore store;
        const int pods = store.catalog().indexOfKey(QStringLiteral("pods"));
        const QJsonObject web { { QStringLiteral("app"), QStringLiteral("web") } };
        const QJsonObject db { { QStringLiteral("app"), QStringLiteral("db") } };
        store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("x"), db));
        WatchPlan plan;
        plan.resource = pods;
        plan.fromVersion = store.resourceVersion();
        plan.labels = *LabelSelector::parse("app=web");
        WatchCursor cursor(store, plan);
        QVERIFY(cursor.start().isEmpty());
        store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("x"), web));
        store.put(QStringLiteral("pods"),
            SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("x"), web, QStringLiteral("node-2")));
        store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("ns"), QStringLiteral("x"), db));
        QStringList types;
        for (const QByteArray& line : cursor.drain().split('\n')) {
            if (!line.isEmpty())
                types.append(parse(line).value(QStringLiteral("type")).toString());
        }
        // Entering the selector is ADDED, leaving it DELETED, as the apiserver's watch cache does.
        QCOMPARE(
            types, (QStringList { QStringLiteral("ADDED"), QStringLiteral("MODIFIED"), QStringLiteral("DELETED") }));
    }

    void eventsAreServedInBothApiVersions()
    {
        ObjectStore store;
        const int core = store.catalog().indexOfKey(QStringLiteral("events"));
        const int v1 = store.catalog().indexOfKey(QStringLiteral("events.events.k8s.io"));
        const QJsonObject event {
            { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("Event") },
            { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("name"), QStringLiteral("web.17a") },
                    { QStringLiteral("namespace"), QStringLiteral("shop") } } },
            { QStringLiteral("involvedObject"),
                QJsonObject { { QStringLiteral("kind"), QStringLiteral("Pod") },
                    { QStringLiteral("name"), QStringLiteral("web-1") } } },
            { QStringLiteral("reason"), QStringLiteral("BackOff") },
            { QStringLiteral("message"), QStringLiteral("Back-off restarting failed container") },
            { QStringLiteral("type"), QStringLiteral("Warning") },
        };
        store.put(QStringLiteral("events"), event);
        const ObjectPtr a = store.get(core, "shop", "web.17a");
        const ObjectPtr b = store.get(v1, "shop", "web.17a");
        QVERIFY(a && b);
        QCOMPARE(a->resourceVersion, b->resourceVersion);
        QCOMPARE(a->uid, b->uid);
        const QJsonObject converted = parse(b->body);
        QCOMPARE(
            converted.value(QStringLiteral("note")).toString(), QStringLiteral("Back-off restarting failed container"));
        QCOMPARE(converted.value(QStringLiteral("regarding")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("web-1"));
        store.remove(QStringLiteral("events.events.k8s.io"), QStringLiteral("shop"), QStringLiteral("web.17a"));
        QVERIFY(!store.get(core, "shop", "web.17a"));
    }

    void customResourcesBringTheirDefinitions()
    {
        ObjectStore store;
        const int crds = store.catalog().indexOfKey(QStringLiteral("customresourcedefinitions.apiextensions.k8s.io"));
        store.put(QStringLiteral("ippools.crd.projectcalico.org"),
            SimTestDriver::clusterObject(QStringLiteral("crd.projectcalico.org/v1"), QStringLiteral("IPPool"),
                QStringLiteral("default-ipv4-ippool"),
                QJsonObject { { QStringLiteral("cidr"), QStringLiteral("10.244.0.0/16") } }));
        QCOMPARE(store.count(crds), 6);
        const ObjectPtr definition = store.get(crds, {}, "ippools.crd.projectcalico.org");
        QVERIFY(definition);
        const QJsonObject spec = parse(definition->body).value(QStringLiteral("spec")).toObject();
        QCOMPARE(spec.value(QStringLiteral("scope")).toString(), QStringLiteral("Cluster"));
        QCOMPARE(spec.value(QStringLiteral("names")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("IPPool"));
    }

    void anyDefinitionAddsAServedResource()
    {
        ObjectStore store;
        const QJsonObject definition {
            { QStringLiteral("apiVersion"), QStringLiteral("apiextensions.k8s.io/v1") },
            { QStringLiteral("kind"), QStringLiteral("CustomResourceDefinition") },
            { QStringLiteral("metadata"),
                QJsonObject { { QStringLiteral("name"), QStringLiteral("certificates.cert-manager.io") } } },
            { QStringLiteral("spec"),
                QJsonObject { { QStringLiteral("group"), QStringLiteral("cert-manager.io") },
                    { QStringLiteral("scope"), QStringLiteral("Namespaced") },
                    { QStringLiteral("names"),
                        QJsonObject { { QStringLiteral("kind"), QStringLiteral("Certificate") },
                            { QStringLiteral("plural"), QStringLiteral("certificates") },
                            { QStringLiteral("singular"), QStringLiteral("certificate") },
                            { QStringLiteral("shortNames"), QJsonArray { QStringLiteral("cert") } } } },
                    { QStringLiteral("versions"),
                        QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("v1") },
                            { QStringLiteral("served"), true }, { QStringLiteral("storage"), true } } } } } },
        };
        QCOMPARE(store.catalog().indexOfKey(QStringLiteral("certificates.cert-manager.io")), -1);
        store.put(QStringLiteral("customresourcedefinitions.apiextensions.k8s.io"), definition);
        const int certificates = store.catalog().indexOfKey(QStringLiteral("certificates.cert-manager.io"));
        QVERIFY(certificates >= 0);
        const ResourceInfo& info = store.catalog().at(certificates);
        QCOMPARE(info.kind, QStringLiteral("Certificate"));
        QCOMPARE(info.version, QStringLiteral("v1"));
        QVERIFY(info.namespaced);
        QCOMPARE(info.shortNames, QStringList { QStringLiteral("cert") });
        QVERIFY(store.hasCustomResourceDefinition(info));
        store.put(QStringLiteral("certificates.cert-manager.io"),
            SimTestDriver::clusterObject(
                QStringLiteral("cert-manager.io/v1"), QStringLiteral("Certificate"), QStringLiteral("web-tls")));
        QCOMPARE(store.count(certificates), 1);
        QVERIFY(store.get(certificates, "default", "web-tls"));
    }

    void labelSelectors_data()
    {
        QTest::addColumn<QByteArray>("selector");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("matches");
        // Labels under test: app=web, tier=frontend, version=3
        QTest::newRow("empty") << QByteArray() << true << true;
        QTest::newRow("equals") << QByteArray("app=web") << true << true;
        QTest::newRow("double-equals") << QByteArray("app==web") << true << true;
        QTest::newRow("not-equals") << QByteArray("app!=web") << true << false;
        QTest::newRow("not-equals-missing") << QByteArray("zone!=a") << true << true;
        QTest::newRow("conjunction") << QByteArray("app=web,tier=backend") << true << false;
        QTest::newRow("in") << QByteArray("tier in (frontend, backend)") << true << true;
        QTest::newRow("notin") << QByteArray("tier notin (frontend)") << true << false;
        QTest::newRow("notin-missing") << QByteArray("zone notin (a,b)") << true << true;
        QTest::newRow("exists") << QByteArray("app") << true << true;
        QTest::newRow("not-exists") << QByteArray("!app") << true << false;
        QTest::newRow("not-exists-missing") << QByteArray("!zone") << true << true;
        QTest::newRow("gt") << QByteArray("version>2") << true << true;
        QTest::newRow("lt") << QByteArray("version<2") << true << false;
        QTest::newRow("mixed") << QByteArray("app=web, tier in (frontend),!zone") << true << true;
        QTest::newRow("unclosed") << QByteArray("tier in (a,b") << false << false;
        QTest::newRow("gt-not-number") << QByteArray("version>x") << false << false;
        QTest::newRow("dangling-comma") << QByteArray("app=web,") << false << false;
    }

    void labelSelectors()
    {
        QFETCH(QByteArray, selector);
        QFETCH(bool, valid);
        QFETCH(bool, matches);
        const auto parsed = LabelSelector::parse(selector);
        QCOMPARE(parsed.hasValue(), valid);
        if (!valid) {
            QCOMPARE(parsed.error().httpStatus, 400);
            return;
        }
        const FieldValues labels { { "app", "web" }, { "tier", "frontend" }, { "version", "3" } };
        QCOMPARE(parsed->matches(labels), matches);
    }

    void fieldSelectors_data()
    {
        QTest::addColumn<QByteArray>("selector");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<bool>("matches");
        QTest::newRow("name") << QByteArray("metadata.name=web-1") << true << true;
        QTest::newRow("name-double") << QByteArray("metadata.name==web-1") << true << true;
        QTest::newRow("namespace-not") << QByteArray("metadata.namespace!=shop") << true << false;
        QTest::newRow("node") << QByteArray("spec.nodeName=node-1") << true << true;
        QTest::newRow("phase-and-node") << QByteArray("status.phase=Running,spec.nodeName=node-2") << true << false;
        QTest::newRow("unsupported") << QByteArray("spec.containers=x") << false << false;
        QTest::newRow("no-operator") << QByteArray("metadata.name") << false << false;
    }

    void fieldSelectors()
    {
        QFETCH(QByteArray, selector);
        QFETCH(bool, valid);
        QFETCH(bool, matches);
        ObjectStore store;
        const int pods = store.catalog().indexOfKey(QStringLiteral("pods"));
        store.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-1")));
        const auto parsed = FieldSelector::parse(selector, store.catalog().at(pods).selectableFields);
        QCOMPARE(parsed.hasValue(), valid);
        if (!valid) {
            QCOMPARE(parsed.error().httpStatus, 400);
            return;
        }
        QCOMPARE(parsed->matches(*store.get(pods, "shop", "web-1")), matches);
    }

    void continueTokensRoundTrip()
    {
        const ContinueToken token { 42, QByteArray("shop/web-1") + '\0' };
        const QByteArray encoded = token.encode();
        QVERIFY(!encoded.contains('='));
        const auto decoded = ContinueToken::decode(encoded);
        QVERIFY(decoded);
        QCOMPARE(decoded->resourceVersion, 42);
        QCOMPARE(decoded->startKey, token.startKey);
        // The apiserver's own format: {"v":"meta.k8s.io/v1","rv":…,"start":…}
        const QJsonObject json = parse(QByteArray::fromBase64(encoded, QByteArray::Base64UrlEncoding));
        QCOMPARE(json.value(QStringLiteral("v")).toString(), QStringLiteral("meta.k8s.io/v1"));
        QVERIFY(!ContinueToken::decode("not-a-token"));
    }
};

QTEST_GUILESS_MAIN(TestSimObjectStore)
#include "tst_simobjectstore.moc"
