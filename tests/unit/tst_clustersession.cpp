// SPDX-License-Identifier: Apache-2.0
// ClusterSession over a scripted transport: probe, discovery, one reflector per kind, and the
// state machine's transitions, in particular that an unreachable cluster costs one probe and
// no request per kind.
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"

#include "faketransport.h"
#include "reflectorfixtures.h"
#include "testkinds.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using Millis = std::chrono::milliseconds;

namespace {

QByteArray resources(const QString& groupVersion, const QStringList& plurals)
{
    QStringList items;
    for (const QString& plural : plurals)
        items << QStringLiteral(R"({"name":"%1","kind":"X","namespaced":true,"verbs":["get","list","watch"]})")
                     .arg(plural);
    return QStringLiteral(R"({"kind":"APIResourceList","groupVersion":"%1","resources":[%2]})")
        .arg(groupVersion, items.join(QLatin1Char(',')))
        .toUtf8();
}

QByteArray group(const char* name, const QStringList& versions)
{
    QStringList list;
    for (const QString& v : versions)
        list << QStringLiteral(R"({"groupVersion":"%1/%2","version":"%2"})").arg(QLatin1StringView(name), v);
    return QStringLiteral(R"({"name":"%1","versions":[%2],"preferredVersion":{"version":"%3"}})")
        .arg(QLatin1StringView(name), list.join(QLatin1Char(',')), versions.first())
        .toUtf8();
}

const QHash<QString, QByteArray>& discoveryBodies()
{
    static const QHash<QString, QByteArray> bodies {
        { QStringLiteral("/version"), R"({"major":"1","minor":"29","gitVersion":"v1.29.4","platform":"linux/amd64"})" },
        { QStringLiteral("/api"), R"({"kind":"APIVersions","versions":["v1"]})" },
        { QStringLiteral("/apis"),
            "{\"kind\":\"APIGroupList\",\"groups\":[" + group("apps", { QStringLiteral("v1") }) + ','
                + group("autoscaling", { QStringLiteral("v2"), QStringLiteral("v1") }) + ','
                + group("apiregistration.k8s.io", { QStringLiteral("v1") }) + ']' + '}' },
        { QStringLiteral("/api/v1"),
            resources(QStringLiteral("v1"),
                { QStringLiteral("namespaces"), QStringLiteral("nodes"), QStringLiteral("pods"),
                    QStringLiteral("events"), QStringLiteral("persistentvolumeclaims"),
                    QStringLiteral("configmaps") }) },
        { QStringLiteral("/apis/apps/v1"),
            resources(QStringLiteral("apps/v1"),
                { QStringLiteral("deployments"), QStringLiteral("statefulsets"), QStringLiteral("daemonsets"),
                    QStringLiteral("replicasets") }) },
        { QStringLiteral("/apis/autoscaling/v2"),
            resources(QStringLiteral("autoscaling/v2"), { QStringLiteral("horizontalpodautoscalers") }) },
        { QStringLiteral("/apis/apiregistration.k8s.io/v1"),
            resources(QStringLiteral("apiregistration.k8s.io/v1"), { QStringLiteral("apiservices") }) },
    };
    return bodies;
}

const QByteArray EmptyList = R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"5"},"items":[]})";

FleetCluster clusterNamed(const QString& name)
{
    FleetCluster cluster;
    cluster.context.name = name;
    cluster.context.cluster = name;
    cluster.context.user = name;
    cluster.cluster.name = name;
    cluster.cluster.server = QStringLiteral("https://127.0.0.1:6443");
    cluster.user.name = name;
    cluster.user.token = "test-token";
    return cluster;
}

SessionOptions fastOptions()
{
    SessionOptions options;
    options.probeBackoffBase = Millis(10);
    options.probeBackoffCap = Millis(20);
    options.authRetryBase = Millis(10);
    options.authRetryCap = Millis(20);
    options.reflector.backoffBase = Millis(10);
    options.reflector.backoffCap = Millis(20);
    options.reflector.seed = 1;
    options.storeBatchInterval = 0;
    return options;
}

// Answers every open Get whose path has a canned body (extra ones first); lists get an empty list.
int answerGets(FakeTransport& transport, const std::function<bool(const minato::kube::ApiRequest&)>& skip = {},
    const QHash<QString, QByteArray>& extra = {})
{
    int answered = 0;
    for (bool progress = true; progress;) {
        progress = false;
        const QList<FakeTransport::Submitted> all = transport.submitted;
        for (const FakeTransport::Submitted& s : all) {
            if (!transport.isOpen(s.request.id) || s.request.kind != minato::kube::RequestKind::Get)
                continue;
            if (skip && skip(s.request))
                continue;
            const auto body = discoveryBodies().constFind(s.request.path);
            if (extra.contains(s.request.path))
                transport.reply(s.request.id, extra.value(s.request.path));
            else
                transport.reply(s.request.id, body != discoveryBodies().cend() ? *body : EmptyList);
            ++answered;
            progress = true;
        }
    }
    return answered;
}

int openWatches(const FakeTransport& transport)
{
    int n = 0;
    for (const FakeTransport::Submitted& s : transport.submitted)
        n += transport.isOpen(s.request.id) && s.request.kind == minato::kube::RequestKind::Watch ? 1 : 0;
    return n;
}

} // namespace

class TestClusterSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void connectsDiscoversAndGoesLive()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        QSignalSpy status(&session, &ClusterSession::statusChanged);
        QCOMPARE(session.state(), SessionState::Idle);
        QVERIFY(transport.submitted.isEmpty()); // nothing until asked

        session.connectToCluster();
        QCOMPARE(session.state(), SessionState::Connecting);
        QVERIFY(transport.endpoints.contains(QStringLiteral("alpha")));
        QCOMPARE(transport.last().path, QStringLiteral("/version"));
        answerGets(transport);
        QCOMPARE(session.serverVersion().minor, 29);
        QCOMPARE(session.state(), SessionState::Live);
        QVERIFY2(session.status().reason.contains(QLatin1String("watching")), qPrintable(session.status().reason));

        // Core, apps, autoscaling/v2, apiservices; configmaps once per network namespace;
        // no Calico, events from core/v1, no runtime classes here.
        QCOMPARE(session.watchPlan().groupVersions.value(WatchedKind::HorizontalPodAutoscalers),
            QStringLiteral("autoscaling/v2"));
        QCOMPARE(session.watchPlan().groupVersions.value(WatchedKind::Events), QStringLiteral("v1"));
        QVERIFY(!session.watchPlan().groupVersions.contains(WatchedKind::CalicoIpPools));
        QCOMPARE(session.kindsTotal(), 13);
        QCOMPARE(session.kindsSynced(), 13);
        QCOMPARE(openWatches(transport), 13);

        QList<SessionState> states;
        for (const QList<QVariant>& args : std::as_const(status))
            states << args.at(0).value<SessionStatus>().state;
        QCOMPARE(states.first(), SessionState::Connecting);
        QVERIFY(states.contains(SessionState::Syncing));
        QCOMPARE(states.last(), SessionState::Live);
    }

    // An on-demand kind is listed and watched while someone wants it, and only then; it never
    // holds the session back from Live, and its objects go when the last one lets go.
    void onDemandKindsFollowWant()
    {
        QList<KindBinding> bindings = testCatalog().bindings();
        bindings[int(WatchedKind::PersistentVolumeClaims)].spec.watch = WatchPolicy::OnDemand;
        const KindCatalog kinds(bindings);
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, kinds, fastOptions());
        const auto pvcWatches = [&transport] {
            int n = 0;
            for (const FakeTransport::Submitted& s : transport.submitted)
                n += transport.isOpen(s.request.id) && s.request.path.endsWith(QLatin1String("/persistentvolumeclaims"))
                    ? 1
                    : 0;
            return n;
        };
        const QByteArray claims
            = R"({"kind":"PersistentVolumeClaimList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[)"
              R"({"metadata":{"name":"data","namespace":"shop","uid":"6a5b8c1e-0000-4000-8000-000000000001",)"
              R"("resourceVersion":"9"},"spec":{"volumeName":"pv-1"}}]})";
        const QHash<QString, QByteArray> extra { { QStringLiteral("/api/v1/persistentvolumeclaims"), claims } };

        session.want(WatchedKind::PersistentVolumeClaims); // before connecting: remembered
        session.release(WatchedKind::PersistentVolumeClaims);
        session.connectToCluster();
        answerGets(transport, {}, extra);
        QCOMPARE(session.state(), SessionState::Live);
        QVERIFY(session.watchPlan().groupVersions.contains(WatchedKind::PersistentVolumeClaims)); // served
        QCOMPARE(session.kindsTotal(), 12);
        QCOMPARE(pvcWatches(), 0);

        session.want(WatchedKind::PersistentVolumeClaims);
        session.want(WatchedKind::PersistentVolumeClaims); // a second viewer shares the reflector
        QCOMPARE(session.kindsTotal(), 13);
        answerGets(transport, {}, extra);
        QCOMPARE(session.store()->count(WatchedKind::PersistentVolumeClaims), 1);
        QCOMPARE(pvcWatches(), 1);
        QCOMPARE(session.state(), SessionState::Live);

        session.release(WatchedKind::PersistentVolumeClaims);
        QCOMPARE(pvcWatches(), 1);
        session.release(WatchedKind::PersistentVolumeClaims);
        QCOMPARE(pvcWatches(), 0);
        QCOMPARE(session.kindsTotal(), 12);
        QCOMPARE(session.store()->count(WatchedKind::PersistentVolumeClaims), 0);
        QCOMPARE(session.state(), SessionState::Live);
    }

    // One kind failing with a network error takes the whole cluster down to a single probe.
    void unreachableCostsOneProbe()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        answerGets(transport);
        QCOMPARE(session.state(), SessionState::Live);

        const auto pods = transport.open(QStringLiteral("/api/v1/pods"));
        QVERIFY(pods);
        KubeError refused = KubeError::make(ErrorKind::Network, QStringLiteral("Cannot reach the API server"),
            QStringLiteral("Failed to connect to 127.0.0.1 port 6443: Connection refused"));
        transport.endStream(pods->id, refused);
        QCOMPARE(session.state(), SessionState::Unreachable);
        QVERIFY2(
            session.status().reason.contains(QLatin1String("Connection refused")), qPrintable(session.status().reason));
        QCOMPARE(transport.openCount(), 0); // every watch cancelled

        // Probes only, one at a time, for as long as it stays down.
        for (int round = 0; round < 3; ++round) {
            QTRY_COMPARE(transport.openCount(), 1);
            const auto probe = transport.open();
            QCOMPARE(probe->path, QStringLiteral("/version"));
            transport.fail(probe->id, refused);
            QCOMPARE(transport.openCount(), 0);
            QCOMPARE(session.state(), SessionState::Unreachable);
        }
        QTRY_COMPARE(transport.openCount(), 1);
        answerGets(transport);
        // Back: every kind continues its watch from where it was, nothing is relisted.
        QCOMPARE(session.state(), SessionState::Live);
        QCOMPARE(openWatches(transport), 13);
        for (const auto& reflector : session.reflectors())
            QCOMPARE(reflector->relistCount(), 0);
    }

    void revokedTokenIsAuthFailedAndRecovers()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        answerGets(transport);
        const auto nodes = transport.open(QStringLiteral("/api/v1/nodes"));
        transport.endStream(nodes->id, FakeTransport::error(ErrorKind::Unauthorized, 401));
        QCOMPARE(session.state(), SessionState::AuthFailed);
        QCOMPARE(transport.openCount(), 0);
        QTRY_COMPARE(transport.openCount(), 1);
        QCOMPARE(transport.open()->path, QStringLiteral("/version"));
        transport.fail(transport.open()->id, FakeTransport::error(ErrorKind::Unauthorized, 401));
        QCOMPARE(session.state(), SessionState::AuthFailed);
        QTRY_COMPARE(transport.openCount(), 1);
        answerGets(transport);
        QCOMPARE(session.state(), SessionState::Live);
    }

    void forbiddenKindsDegradeAndAreNamed()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        answerGets(transport, [&transport](const minato::kube::ApiRequest& r) {
            if (r.path == QLatin1String("/api/v1/pods")
                || r.path.endsWith(QLatin1String("/horizontalpodautoscalers"))) {
                transport.fail(r.id, FakeTransport::error(ErrorKind::Forbidden, 403));
                return true;
            }
            return false;
        });
        QCOMPARE(session.state(), SessionState::Degraded);
        QCOMPARE(session.status().reason, QStringLiteral("forbidden: pods, horizontalpodautoscalers"));
        QCOMPARE(session.forbiddenKinds(),
            (QList<WatchedKind> { WatchedKind::Pods, WatchedKind::HorizontalPodAutoscalers }));
        QCOMPARE(openWatches(transport), 11); // the others are live
    }

    void brokenEntryIsMisconfiguredWithoutAnyRequest()
    {
        FakeTransport transport;
        FleetCluster cluster = clusterNamed(QStringLiteral("broken"));
        cluster.diagnostics.append({ kube::Severity::Error, QStringLiteral("cluster-missing"),
            QStringLiteral("context \"broken\" names cluster \"gone\", which is not defined"), {},
            QStringLiteral("broken") });
        ClusterSession session(cluster, &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        QCOMPARE(session.state(), SessionState::Misconfigured);
        QVERIFY(session.status().reason.contains(QLatin1String("not defined")));
        QVERIFY(transport.submitted.isEmpty());

        FakeTransport transport2;
        FleetCluster noServer = clusterNamed(QStringLiteral("no-server"));
        noServer.cluster.server.clear();
        ClusterSession session2(noServer, &transport2, testCatalog(), fastOptions());
        session2.connectToCluster();
        QCOMPARE(session2.state(), SessionState::Misconfigured);
        QVERIFY(transport2.submitted.isEmpty());
    }

    void statusKeepsItsSinceWhileTheReasonChanges()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        const QDateTime connecting = session.status().since;
        QVERIFY(connecting.isValid());
        answerGets(
            transport, [](const minato::kube::ApiRequest& r) { return r.path == QLatin1String("/api/v1/pods"); });
        QCOMPARE(session.state(), SessionState::Syncing);
        QVERIFY2(session.status().reason.contains(QLatin1String("listing pods")), qPrintable(session.status().reason));
        const QDateTime syncing = session.status().since;
        QVERIFY(syncing >= connecting);
        answerGets(transport);
        QCOMPARE(session.state(), SessionState::Live);
    }

    // metrics.k8s.io cannot be watched: it is sampled, and only while its APIService is Available.
    void metricsArePolledWhileTheirApiServiceIsAvailable()
    {
        FakeTransport transport;
        SessionOptions options = fastOptions();
        options.metricsInterval = Millis(60000);
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), options);
        const QByteArray groups = discoveryBodies().value(QStringLiteral("/apis"));
        QByteArray withMetrics = groups;
        withMetrics.chop(2);
        withMetrics += ',' + group("metrics.k8s.io", { QStringLiteral("v1beta1") }) + "]}";
        const QByteArray apiService
            = R"({"kind":"APIServiceList","metadata":{"resourceVersion":"5"},"items":[)"
              R"({"metadata":{"name":"v1beta1.metrics.k8s.io","uid":"00000000-0000-4000-8000-0000000000aa",)"
              R"("resourceVersion":"5"},"spec":{"group":"metrics.k8s.io","version":"v1beta1",)"
              R"("service":{"namespace":"kube-system","name":"metrics-server"}},)"
              R"("status":{"conditions":[{"type":"Available","status":"True","reason":"Passed"}]}}]})";
        const QHash<QString, QByteArray> extra {
            { QStringLiteral("/apis"), withMetrics },
            { QStringLiteral("/apis/metrics.k8s.io/v1beta1"),
                resources(
                    QStringLiteral("metrics.k8s.io/v1beta1"), { QStringLiteral("nodes"), QStringLiteral("pods") }) },
            { QStringLiteral("/apis/apiregistration.k8s.io/v1/apiservices"), apiService },
            { QStringLiteral("/apis/metrics.k8s.io/v1beta1/nodes"),
                R"({"items":[{"metadata":{"name":"node-1"},"usage":{"cpu":"250m","memory":"1Gi"}}]})" },
            { QStringLiteral("/apis/metrics.k8s.io/v1beta1/pods"),
                R"({"items":[{"metadata":{"name":"web","namespace":"shop"},"containers":[)"
                R"({"name":"a","usage":{"cpu":"100m","memory":"64Mi"}},{"name":"b","usage":{"cpu":"20m","memory":"16Mi"}}]}]})" },
        };
        session.connectToCluster();
        answerGets(transport, {}, extra);
        QCOMPARE(session.state(), SessionState::Live);
        // The APIService arrives in the store's next batch; then the first sample is taken.
        QTRY_VERIFY(transport.open(QStringLiteral("/apis/metrics.k8s.io/v1beta1/nodes")).has_value());
        answerGets(transport, {}, extra);
        const MetricsSample& sample = session.store()->metrics();
        QVERIFY(!sample.isEmpty());
        QCOMPARE(sample.nodes.value(QStringLiteral("node-1")).cpuMilli, 250);
        QCOMPARE(sample.nodes.value(QStringLiteral("node-1")).memoryBytes, qint64(1) << 30);
        QCOMPARE(sample.pods.value(QStringLiteral("shop/web")).cpuMilli, 120);
        QCOMPARE(sample.pods.value(QStringLiteral("shop/web")).memoryBytes, qint64(80) << 20);
    }

    void disconnectGoesBackToIdle()
    {
        FakeTransport transport;
        ClusterSession session(clusterNamed(QStringLiteral("alpha")), &transport, testCatalog(), fastOptions());
        session.connectToCluster();
        answerGets(transport);
        session.disconnectFromCluster();
        QCOMPARE(session.state(), SessionState::Idle);
        QCOMPARE(transport.openCount(), 0);
        QVERIFY(!transport.endpoints.contains(QStringLiteral("alpha")));
        QCOMPARE(session.store()->totalObjects(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClusterSession)
#include "tst_clustersession.moc"
