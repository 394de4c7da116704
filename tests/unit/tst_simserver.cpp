// SPDX-License-Identifier: Apache-2.0
// minato-sim's API as a client sees it over real HTTPS: discovery, list and get, selectors,
// paging over a consistent snapshot while the world changes, watches from a resourceVersion,
// bookmarks, timeouts and 410 Expired after compaction.
#include "simtestfleet.h"

#include <QJsonArray>
#include <QSet>

using namespace minato::sim;

namespace {

const QString Pods = QStringLiteral("pods");

// Three namespaces of pods plus a node, an IPPool and a metrics object.
void seedSmallCluster(ObjectSink& sink)
{
    const QJsonObject web { { QStringLiteral("app"), QStringLiteral("web") } };
    const QJsonObject db { { QStringLiteral("app"), QStringLiteral("db") } };
    sink.put(Pods, SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-1"), web));
    sink.put(Pods, SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-2"), web, QStringLiteral("node-2")));
    sink.put(Pods, SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("db-0"), db));
    sink.put(Pods,
        SimTestDriver::pod(QStringLiteral("kube-system"), QStringLiteral("coredns-1"), {}, QStringLiteral("node-1"),
            QStringLiteral("Pending")));
    sink.put(QStringLiteral("nodes"),
        SimTestDriver::clusterObject(QStringLiteral("v1"), QStringLiteral("Node"), QStringLiteral("node-1")));
    sink.put(QStringLiteral("ippools.crd.projectcalico.org"),
        SimTestDriver::clusterObject(QStringLiteral("crd.projectcalico.org/v1"), QStringLiteral("IPPool"),
            QStringLiteral("default-ipv4-ippool"),
            QJsonObject { { QStringLiteral("cidr"), QStringLiteral("10.244.0.0/16") } }));
}

void seedManyPods(ObjectSink& sink)
{
    for (int i = 0; i < 100; ++i)
        sink.put(Pods,
            SimTestDriver::pod(
                QStringLiteral("ns-%1").arg(i % 4), QStringLiteral("pod-%1").arg(i, 3, 10, QLatin1Char('0'))));
}

QStringList itemNames(const QJsonObject& list)
{
    QStringList names;
    for (const QJsonValue& item : list.value(QStringLiteral("items")).toArray()) {
        const QJsonObject meta = item.toObject().value(QStringLiteral("metadata")).toObject();
        names.append(meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
            + meta.value(QStringLiteral("name")).toString());
    }
    return names;
}

QJsonObject resourceNamed(const QJsonObject& resourceList, const QString& name)
{
    for (const QJsonValue& value : resourceList.value(QStringLiteral("resources")).toArray()) {
        if (value.toObject().value(QStringLiteral("name")).toString() == name)
            return value.toObject();
    }
    return {};
}

QString eventSummary(const QJsonObject& event)
{
    const QJsonObject meta
        = event.value(QStringLiteral("object")).toObject().value(QStringLiteral("metadata")).toObject();
    return event.value(QStringLiteral("type")).toString() + QLatin1Char(' ')
        + meta.value(QStringLiteral("name")).toString();
}

} // namespace

class TestSimServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionAndHealth()
    {
        SimTestFleet fleet({ seedSmallCluster, seedSmallCluster });
        const auto version = fleet.client(1).get("/version");
        QCOMPARE(version.status, 200);
        QCOMPARE(version.json().value(QStringLiteral("gitVersion")).toString(), QStringLiteral("v1.29.2"));
        QCOMPARE(version.json().value(QStringLiteral("minor")).toString(), QStringLiteral("29"));
        const auto health = fleet.anonymous().get("/healthz");
        QCOMPARE(health.status, 200);
        QCOMPARE(health.body, QByteArray("ok"));
        QCOMPARE(fleet.anonymous().get("/readyz").status, 200);
    }

    void discovery()
    {
        SimTestFleet fleet({ seedSmallCluster });
        SimTestClient client = fleet.client();
        const QJsonObject api = client.get("/api").json();
        QCOMPARE(api.value(QStringLiteral("kind")).toString(), QStringLiteral("APIVersions"));
        QCOMPARE(api.value(QStringLiteral("versions")).toArray(), QJsonArray { QStringLiteral("v1") });

        const QJsonObject v1 = client.get("/api/v1").json();
        const QJsonObject pods = resourceNamed(v1, Pods);
        QCOMPARE(pods.value(QStringLiteral("kind")).toString(), QStringLiteral("Pod"));
        QCOMPARE(pods.value(QStringLiteral("singularName")).toString(), QStringLiteral("pod"));
        QCOMPARE(pods.value(QStringLiteral("namespaced")).toBool(), true);
        QCOMPARE(pods.value(QStringLiteral("shortNames")).toArray(), QJsonArray { QStringLiteral("po") });
        QCOMPARE(pods.value(QStringLiteral("categories")).toArray(), QJsonArray { QStringLiteral("all") });
        QVERIFY(pods.value(QStringLiteral("verbs")).toArray().contains(QStringLiteral("watch")));
        QCOMPARE(resourceNamed(v1, QStringLiteral("nodes")).value(QStringLiteral("namespaced")).toBool(true), false);

        QStringList groups;
        for (const QJsonValue& group : client.get("/apis").json().value(QStringLiteral("groups")).toArray()) {
            groups.append(group.toObject().value(QStringLiteral("name")).toString());
            QVERIFY(group.toObject().contains(QStringLiteral("preferredVersion")));
        }
        for (const char* expected : { "apps", "autoscaling", "events.k8s.io", "node.k8s.io", "apiregistration.k8s.io",
                 "apiextensions.k8s.io", "crd.projectcalico.org", "metrics.k8s.io" })
            QVERIFY2(groups.contains(QString::fromLatin1(expected)), expected);

        const QJsonObject hpa
            = resourceNamed(client.get("/apis/autoscaling/v2").json(), QStringLiteral("horizontalpodautoscalers"));
        QCOMPARE(hpa.value(QStringLiteral("shortNames")).toArray(), QJsonArray { QStringLiteral("hpa") });
        QCOMPARE(client.get("/apis/nosuch.example.com/v1").status, 404);

        // Aggregated discovery, as kubectl 1.30+ asks for it first.
        const auto aggregated = client.get("/apis",
            { { "Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json" } });
        QCOMPARE(aggregated.status, 200);
        QVERIFY(aggregated.headers.value("content-type").contains("as=APIGroupDiscoveryList"));
        QCOMPARE(aggregated.json().value(QStringLiteral("kind")).toString(), QStringLiteral("APIGroupDiscoveryList"));
    }

    void customResourcesNeedTheirDefinition()
    {
        // A cluster without Calico objects does not serve the Calico group at all.
        SimTestFleet fleet({ seedSmallCluster, [](ObjectSink&) {} });
        QCOMPARE(fleet.client(0).get("/apis/crd.projectcalico.org/v1/ippools").status, 200);
        QCOMPARE(fleet.client(1).get("/apis/crd.projectcalico.org/v1/ippools").status, 404);
        const QJsonObject list = fleet.client(0).get("/apis/crd.projectcalico.org/v1/ippools").json();
        // Custom resource list items keep kind and apiVersion; built-in list items drop them.
        const QJsonObject item = list.value(QStringLiteral("items")).toArray().first().toObject();
        QCOMPARE(item.value(QStringLiteral("kind")).toString(), QStringLiteral("IPPool"));
        const QJsonObject crd
            = fleet.client(0)
                  .get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ippools.crd.projectcalico.org")
                  .json();
        QCOMPARE(crd.value(QStringLiteral("kind")).toString(), QStringLiteral("CustomResourceDefinition"));
    }

    void listAndGet()
    {
        SimTestFleet fleet({ seedSmallCluster });
        SimTestClient client = fleet.client();
        const auto all = client.get("/api/v1/pods");
        QCOMPARE(all.status, 200);
        QCOMPARE(all.headers.value("content-type"), QByteArray("application/json"));
        QVERIFY(all.headers.contains("content-length"));
        const QJsonObject list = all.json();
        QCOMPARE(list.value(QStringLiteral("kind")).toString(), QStringLiteral("PodList"));
        QCOMPARE(list.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("v1"));
        QCOMPARE(itemNames(list),
            (QStringList { QStringLiteral("kube-system/coredns-1"), QStringLiteral("shop/db-0"),
                QStringLiteral("shop/web-1"), QStringLiteral("shop/web-2") }));
        QVERIFY(!list.value(QStringLiteral("items")).toArray().first().toObject().contains(QStringLiteral("kind")));
        QCOMPARE(list.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString(),
            QString::number(fleet.resourceVersion()));

        QCOMPARE(itemNames(client.get("/api/v1/namespaces/shop/pods").json()).size(), 3);

        const auto pod = client.get("/api/v1/namespaces/shop/pods/web-2");
        QCOMPARE(pod.status, 200);
        QCOMPARE(pod.json().value(QStringLiteral("kind")).toString(), QStringLiteral("Pod"));
        QCOMPARE(pod.json().value(QStringLiteral("spec")).toObject().value(QStringLiteral("nodeName")).toString(),
            QStringLiteral("node-2"));

        const auto missing = client.get("/api/v1/namespaces/shop/pods/nope");
        QCOMPARE(missing.status, 404);
        const QJsonObject status = missing.json();
        QCOMPARE(status.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("NotFound"));
        QCOMPARE(status.value(QStringLiteral("message")).toString(), QStringLiteral("pods \"nope\" not found"));
        QCOMPARE(status.value(QStringLiteral("details")).toObject().value(QStringLiteral("kind")).toString(), Pods);
        QCOMPARE(client.get("/apis/apps/v1/namespaces/shop/deployments/x")
                     .json()
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("deployments.apps \"x\" not found"));

        const auto node = client.get("/api/v1/nodes/node-1");
        QCOMPARE(node.status, 200);
        QVERIFY(!node.json().value(QStringLiteral("metadata")).toObject().contains(QStringLiteral("namespace")));
    }

    void selectors_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("label") << QByteArray("labelSelector=app%3Dweb")
                               << QStringList { QStringLiteral("shop/web-1"), QStringLiteral("shop/web-2") };
        QTest::newRow("set-based") << QByteArray("labelSelector=app+in+(db,cache)")
                                   << QStringList { QStringLiteral("shop/db-0") };
        QTest::newRow("not-exists") << QByteArray("labelSelector=!app")
                                    << QStringList { QStringLiteral("kube-system/coredns-1") };
        QTest::newRow("name") << QByteArray("fieldSelector=metadata.name%3Dweb-2")
                              << QStringList { QStringLiteral("shop/web-2") };
        QTest::newRow("node") << QByteArray("fieldSelector=spec.nodeName%3Dnode-2")
                              << QStringList { QStringLiteral("shop/web-2") };
        QTest::newRow("phase-not") << QByteArray("fieldSelector=status.phase!%3DRunning")
                                   << QStringList { QStringLiteral("kube-system/coredns-1") };
        QTest::newRow("both") << QByteArray("labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dnode-1")
                              << QStringList { QStringLiteral("shop/web-1") };
    }

    void selectors()
    {
        QFETCH(QByteArray, query);
        QFETCH(QStringList, expected);
        SimTestFleet fleet({ seedSmallCluster });
        const auto response = fleet.client().get("/api/v1/pods?" + query);
        QCOMPARE(response.status, 200);
        QCOMPARE(itemNames(response.json()), expected);
    }

    void badSelectorsAreBadRequests()
    {
        SimTestFleet fleet({ seedSmallCluster });
        const auto response = fleet.client().get("/api/v1/pods?fieldSelector=spec.containers%3Dx");
        QCOMPARE(response.status, 400);
        QCOMPARE(response.json().value(QStringLiteral("reason")).toString(), QStringLiteral("BadRequest"));
        QCOMPARE(response.json().value(QStringLiteral("message")).toString(),
            QStringLiteral("field label not supported: spec.containers"));
    }

    void pagingIsConsistentWhileTheWorldChanges()
    {
        SimTestFleet fleet({ seedManyPods });
        SimTestClient client = fleet.client();
        QStringList expected;
        for (int i = 0; i < 100; ++i)
            expected.append(QStringLiteral("ns-%1/pod-%2").arg(i % 4).arg(i, 3, 10, QLatin1Char('0')));
        expected.sort();

        QStringList seen;
        QString snapshot;
        QByteArray token;
        int pages = 0;
        do {
            const auto page
                = client.get("/api/v1/pods?limit=7" + (token.isEmpty() ? QByteArray() : "&continue=" + token));
            QCOMPARE(page.status, 200);
            const QJsonObject meta = page.json().value(QStringLiteral("metadata")).toObject();
            if (pages == 0) {
                snapshot = meta.value(QStringLiteral("resourceVersion")).toString();
                QCOMPARE(meta.value(QStringLiteral("remainingItemCount")).toInt(), 93);
            }
            // Every page reports the first page's revision: one snapshot.
            QCOMPARE(meta.value(QStringLiteral("resourceVersion")).toString(), snapshot);
            seen += itemNames(page.json());
            token = meta.value(QStringLiteral("continue")).toString().toLatin1();
            ++pages;
            // Between pages the world moves on: deletes ahead of the cursor, creates and updates.
            fleet.change([pages](ObjectStore& store) {
                store.remove(Pods, QStringLiteral("ns-3"),
                    QStringLiteral("pod-%1").arg(99 - 4 * pages, 3, 10, QLatin1Char('0')));
                store.put(Pods, SimTestDriver::pod(QStringLiteral("ns-2"), QStringLiteral("new-%1").arg(pages)));
                store.put(Pods,
                    SimTestDriver::pod(
                        QStringLiteral("ns-1"), QStringLiteral("pod-097"), {}, QStringLiteral("node-%1").arg(pages)));
            });
        } while (!token.isEmpty());
        QCOMPARE(pages, 15);
        QCOMPARE(seen.size(), QSet<QString>(seen.begin(), seen.end()).size()); // no duplicates
        QCOMPARE(seen, expected); // nothing missing, nothing extra, etcd key order

        // A fresh list sees the changed world.
        const QStringList now = itemNames(client.get("/api/v1/pods").json());
        QVERIFY(now.contains(QStringLiteral("ns-2/new-1")));
        QVERIFY(!now.contains(QStringLiteral("ns-3/pod-095")));
    }

    void pagingWithSelectorsAndNamespaces()
    {
        SimTestFleet fleet({ seedManyPods });
        SimTestClient client = fleet.client();
        QStringList seen;
        QByteArray token;
        do {
            const auto page = client.get("/api/v1/namespaces/ns-1/pods?limit=4&fieldSelector=metadata.name!%3Dpod-001"
                + (token.isEmpty() ? QByteArray() : "&continue=" + token));
            QCOMPARE(page.status, 200);
            const QJsonObject meta = page.json().value(QStringLiteral("metadata")).toObject();
            QVERIFY(!meta.contains(QStringLiteral("remainingItemCount"))); // not with selectors
            seen += itemNames(page.json());
            token = meta.value(QStringLiteral("continue")).toString().toLatin1();
        } while (!token.isEmpty());
        QCOMPARE(seen.size(), 24);
        QVERIFY(!seen.contains(QStringLiteral("ns-1/pod-001")));
    }

    void watchFromAResourceVersionSeesExactlyTheLaterChanges()
    {
        SimTestFleet fleet({ seedSmallCluster });
        SimTestClient client = fleet.client();
        const QByteArray version = client.get("/api/v1/namespaces/shop/pods")
                                       .json()
                                       .value(QStringLiteral("metadata"))
                                       .toObject()
                                       .value(QStringLiteral("resourceVersion"))
                                       .toString()
                                       .toLatin1();
        fleet.change([](ObjectStore& store) {
            store.put(Pods, SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-3")));
            store.put(Pods, SimTestDriver::pod(QStringLiteral("other"), QStringLiteral("elsewhere")));
            store.put(Pods,
                SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-1"), {}, QStringLiteral("node-7")));
            store.remove(Pods, QStringLiteral("shop"), QStringLiteral("db-0"));
        });
        auto watch = client.watch("/api/v1/namespaces/shop/pods?watch=1&resourceVersion=" + version);
        QCOMPARE(watch->status(), 200);
        QStringList events;
        QStringList versions;
        for (int i = 0; i < 3; ++i) {
            const QJsonObject event = watch->next();
            events.append(eventSummary(event));
            versions.append(event.value(QStringLiteral("object"))
                                .toObject()
                                .value(QStringLiteral("metadata"))
                                .toObject()
                                .value(QStringLiteral("resourceVersion"))
                                .toString());
        }
        QCOMPARE(events,
            (QStringList {
                QStringLiteral("ADDED web-3"), QStringLiteral("MODIFIED web-1"), QStringLiteral("DELETED db-0") }));
        QVERIFY(versions[0].toULongLong() < versions[1].toULongLong());
        QVERIFY(versions[1].toULongLong() < versions[2].toULongLong());

        // Changes after the watch started arrive live, with kind and apiVersion on the object.
        fleet.change([](ObjectStore& store) { store.remove(Pods, QStringLiteral("shop"), QStringLiteral("web-2")); });
        const QJsonObject live = watch->next();
        QCOMPARE(eventSummary(live), QStringLiteral("DELETED web-2"));
        QCOMPARE(live.value(QStringLiteral("object")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("Pod"));
        QVERIFY(watch->next(std::chrono::milliseconds(300)).isEmpty()); // and nothing else
    }

    void watchWithoutVersionStartsWithTheCurrentState()
    {
        SimTestFleet fleet({ seedSmallCluster });
        auto watch = fleet.client().watch("/api/v1/namespaces/shop/pods?watch=true&labelSelector=app%3Dweb");
        QStringList events { eventSummary(watch->next()), eventSummary(watch->next()) };
        QCOMPARE(events, (QStringList { QStringLiteral("ADDED web-1"), QStringLiteral("ADDED web-2") }));

        auto streaming = fleet.client().watch("/api/v1/nodes?watch=1&sendInitialEvents=true&allowWatchBookmarks=true"
                                              "&resourceVersionMatch=NotOlderThan");
        QCOMPARE(eventSummary(streaming->next()), QStringLiteral("ADDED node-1"));
        const QJsonObject bookmark = streaming->next();
        QCOMPARE(bookmark.value(QStringLiteral("type")).toString(), QStringLiteral("BOOKMARK"));
        const QJsonObject meta
            = bookmark.value(QStringLiteral("object")).toObject().value(QStringLiteral("metadata")).toObject();
        QCOMPARE(meta.value(QStringLiteral("annotations"))
                     .toObject()
                     .value(QStringLiteral("k8s.io/initial-events-end"))
                     .toString(),
            QStringLiteral("true"));
    }

    void watchBookmarksAndTimeout()
    {
        FleetOptions options = SimTestFleet::defaults();
        options.bookmarkInterval = std::chrono::milliseconds(100);
        SimTestFleet fleet({ seedSmallCluster }, options);
        const quint64 version = fleet.resourceVersion();
        auto watch
            = fleet.client().watch("/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion="
                + QByteArray::number(version));
        const QJsonObject bookmark = watch->next();
        QCOMPARE(bookmark.value(QStringLiteral("type")).toString(), QStringLiteral("BOOKMARK"));
        const QJsonObject object = bookmark.value(QStringLiteral("object")).toObject();
        QCOMPARE(object.value(QStringLiteral("kind")).toString(), QStringLiteral("Pod"));
        QCOMPARE(
            object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("resourceVersion")).toString(),
            QString::number(version));
        // timeoutSeconds=1: the server ends the chunked body on its own.
        while (!watch->ended() && !watch->next(std::chrono::seconds(5)).isEmpty()) { }
        QVERIFY(watch->ended());
    }

    void watchAfterCompactionIsExpired()
    {
        FleetOptions options = SimTestFleet::defaults();
        options.limits.maxEventsPerResource = 5;
        SimTestFleet fleet({ seedManyPods }, options);
        SimTestClient client = fleet.client();
        const auto first = client.get("/api/v1/pods?limit=10");
        const QJsonObject meta = first.json().value(QStringLiteral("metadata")).toObject();
        const QByteArray version = meta.value(QStringLiteral("resourceVersion")).toString().toLatin1();
        const QByteArray token = meta.value(QStringLiteral("continue")).toString().toLatin1();
        fleet.change([](ObjectStore& store) {
            for (int i = 0; i < 10; ++i)
                store.put(Pods, SimTestDriver::pod(QStringLiteral("ns-0"), QStringLiteral("churn-%1").arg(i)));
        });

        // The real apiserver answers 200 and then an ERROR event carrying the 410 Status.
        auto watch = client.watch("/api/v1/pods?watch=1&resourceVersion=" + version);
        QCOMPARE(watch->status(), 200);
        const QJsonObject error = watch->next();
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("ERROR"));
        const QJsonObject status = error.value(QStringLiteral("object")).toObject();
        QCOMPARE(status.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QCOMPARE(status.value(QStringLiteral("code")).toInt(), 410);
        QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("Expired"));
        QVERIFY(status.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("too old resource version: ") + QString::fromLatin1(version)));
        QVERIFY(watch->next(std::chrono::seconds(5)).isEmpty());
        QVERIFY(watch->ended());

        // A continue token whose snapshot is gone: HTTP 410 Expired with an inconsistent token.
        const auto expired = client.get("/api/v1/pods?limit=10&continue=" + token);
        QCOMPARE(expired.status, 410);
        const QJsonObject gone = expired.json();
        QCOMPARE(gone.value(QStringLiteral("reason")).toString(), QStringLiteral("Expired"));
        QVERIFY(gone.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral(
                        "The provided continue parameter is too old to display a consistent list result.")));
        const QByteArray inconsistent
            = gone.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("continue")).toString().toLatin1();
        QVERIFY(!inconsistent.isEmpty());
        const auto remainder = client.get("/api/v1/pods?limit=500&continue=" + inconsistent);
        QCOMPARE(remainder.status, 200);
        QVERIFY(itemNames(remainder.json()).size() >= 90);

        // A list at an exact, compacted revision is expired too.
        QCOMPARE(client.get("/api/v1/pods?resourceVersionMatch=Exact&resourceVersion=" + version).status, 410);
    }

    void manyEventsShareChunks()
    {
        SimTestFleet fleet({ seedSmallCluster });
        const quint64 version = fleet.resourceVersion();
        auto watch = fleet.client().watch("/api/v1/pods?watch=1&resourceVersion=" + QByteArray::number(version));
        QCOMPARE(watch->status(), 200);
        fleet.change([](ObjectStore& store) {
            for (int i = 0; i < 50; ++i)
                store.put(Pods, SimTestDriver::pod(QStringLiteral("batch"), QStringLiteral("p-%1").arg(i)));
        });
        for (int i = 0; i < 50; ++i)
            QCOMPARE(eventSummary(watch->next()), QStringLiteral("ADDED p-%1").arg(i));
        // One world tick's changes leave together: far fewer chunks than events.
        QVERIFY2(watch->chunkCount() < 10, qPrintable(QString::number(watch->chunkCount())));
    }
};

QTEST_GUILESS_MAIN(TestSimServer)
#include "tst_simserver.moc"
