// SPDX-License-Identifier: Apache-2.0
// Minato's engine (the GUI's FleetEngine) against a real Kubernetes 1.20 fleet (tests/realk8s),
// compared with kubectl's view of the same fleet through the same contexts: object counts per
// kind, node runtimes, HPA conditions (read as autoscaling/v2beta2, since 1.20 has no v2), CNI,
// each cluster's state; watch deltas after kubectl changes the fleet; a relist after an etcd
// compaction; HTTP/2 on one connection per cluster; exec credentials renewed; and the
// apiservers' audit logs showing that Minato only read.
// Needs a started and seeded fleet in MINATO_REALK8S_DIR: smoke.sh runs it that way.
#include "analysis/cnisummary.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "fleet/servertablesource.h"
#include "items/servertablemodel.h"
#include "kube/apiclient.h"

#include "realfleet.h"
#include "testkinds.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;
using Millis = std::chrono::milliseconds;

namespace {

constexpr int SettleMs = 90000;
constexpr int DeltaMs = 2000; // issue #5: a change reaches the store within 2 s
// real-v1beta1 is real-exec's user through the older exec protocol: Minato speaks both.
const QStringList ReaderContexts { u"real-token"_s, u"real-cert"_s, u"real-exec"_s, u"real-v1beta1"_s };

struct Transport
{
    int replies = 0;
    int http2 = 0;
    int newConnections = 0;
    int unauthorized = 0;
    int ok = 0;
};

QString conditionText(const DetailedCondition& c)
{
    const char* status = c.isTrue()            ? "True"
        : c.isFalse()                          ? "False"
        : c.status == ConditionStatus::Unknown ? "Unknown"
                                               : "";
    return QStringLiteral("%1/%2").arg(QLatin1StringView(status), c.reason.toString());
}

QString conditionText(const QJsonArray& conditions, const QString& type)
{
    for (const QJsonValue& v : conditions) {
        const QJsonObject c = v.toObject();
        if (c.value(u"type").toString() == type)
            return c.value(u"status").toString() + u'/' + c.value(u"reason").toString();
    }
    return u"/"_s;
}

} // namespace

class TestRealFleet : public QObject
{
    Q_OBJECT
private:
    std::optional<RealFleet> m_fleet;
    std::unique_ptr<FleetEngine> m_engine;
    QHash<QString, Transport> m_transport; // by endpoint name: a session's endpoint is its context's name
    QHash<QString, QString> m_serverOfEndpoint;

    ClusterSession* session(const QString& context) const { return m_engine->session(context); }
    QString describe(const QString& context) const
    {
        const ClusterSession* s = session(context);
        return QStringLiteral("%1: %2 (%3)").arg(context, sessionStateName(s->state()), s->status().reason);
    }
    void record(const kube::ApiReply& reply)
    {
        Transport& t = m_transport[reply.endpoint];
        if (reply.httpStatus == 0)
            return;
        ++t.replies;
        t.http2 += reply.httpVersion == 20 ? 1 : 0;
        t.newConnections += reply.newConnections;
        t.unauthorized += reply.httpStatus == 401 ? 1 : 0;
        t.ok += reply.isOk() ? 1 : 0;
    }

    // Compares one reflector's kind with `kubectl get --raw` of the same collection as the
    // same user; retried while the fleet's controllers are still moving.
    bool countMatches(const QString& context, const ReflectorTarget& target, QString* why)
    {
        QElapsedTimer timer;
        timer.start();
        qsizetype ours = 0;
        qsizetype theirs = 0;
        do {
            QString error;
            const auto items = m_fleet->rawItems(context, target.path, &error);
            if (!items) {
                *why = error;
                return false;
            }
            theirs = items->size();
            if (target.namespaceScope.isEmpty()) {
                ours = session(context)->store()->count(target.kind);
            } else {
                ours = 0; // the kind's table holds every scoped reflector's objects
                const auto& configMaps = session(context)->store()->configMaps();
                for (const NetworkConfigMapInfo& cm : configMaps)
                    ours += cm.meta.namespaceName == QStringView(target.namespaceScope) ? 1 : 0;
            }
            if (ours == theirs)
                return true;
            QTest::qWait(500);
        } while (timer.elapsed() < 15000);
        *why = QStringLiteral("%1 %2: Minato %3, kubectl %4").arg(context, target.path).arg(ours).arg(theirs);
        return false;
    }

    QJsonArray kubectlNodes(const QString& context) const
    {
        return m_fleet->rawItems(context, u"/api/v1/nodes"_s).value_or(QJsonArray());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fleet = RealFleet::fromEnvironment();
        if (!m_fleet)
            QFAIL("MINATO_REALK8S_DIR names no started fleet; run this through tests/realk8s/smoke.sh");
        qRegisterMetaType<SessionStatus>();
        // Short-lived exec tokens (20 s, renewed 10 s before expiry): renewal happens during the run.
        QFile ttl(m_fleet->path(u"exec-plugin.ttl"_s));
        QVERIFY(ttl.open(QIODevice::WriteOnly | QIODevice::Truncate) && ttl.write("20\n") == 3);
        ttl.close();

        FleetLoadOptions load;
        load.kubeconfigFiles = { m_fleet->kubeconfig() };
        load.environment = QProcessEnvironment();
        load.environment.insert(u"HOME"_s, m_fleet->path(u"home-realfleet"_s));
        load.environment.insert(u"XDG_CONFIG_HOME"_s, m_fleet->path(u"home-realfleet"_s));
        load.environment.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        const FleetLoadResult fleet = FleetLoader::load(load);
        QCOMPARE(fleet.fleet.clusters.size(), 5);
        qInfo("kubectl side: %s", qPrintable(m_fleet->kubectlGeneration().describe()));

        FleetEngineOptions options;
        // Watches end after 5-8 s, so that a compaction is met by re-established watches soon.
        options.session.reflector.watchTimeoutMin = std::chrono::seconds(5);
        options.session.reflector.watchTimeoutMax = std::chrono::seconds(8);
        options.session.reflector.backoffBase = Millis(200);
        options.session.reflector.backoffCap = Millis(2000);
        options.session.storeBatchInterval = 50;
        m_engine = std::make_unique<FleetEngine>(testCatalog(), options);
        m_engine->client()->setStreamBatchInterval(50);
        connect(m_engine->client(), &kube::ApiClient::replyAvailable, this, &TestRealFleet::record);
        connect(m_engine->client(), &kube::ApiClient::streamFinished, this, &TestRealFleet::record);
        m_engine->setFleet(fleet.fleet, fleet.fleetConfig);
        m_engine->start();
        for (ClusterSession* s : m_engine->sessions())
            m_serverOfEndpoint.insert(s->name(), s->cluster().cluster.server);
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        if (!m_fleet)
            return;
        QFile::remove(m_fleet->path(u"exec-plugin.ttl"_s));
        // Read-only, as the apiservers saw it: every request with Minato's user agent is a read.
        for (const QString& cluster : { u"TOKEN"_s, u"CERT"_s, u"EXEC"_s }) {
            QFile log(m_fleet->value(cluster + u"_AUDIT_LOG"_s));
            QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
            QHash<QString, int> verbs;
            while (!log.atEnd()) {
                const QJsonObject event = QJsonDocument::fromJson(log.readLine()).object();
                if (event.value(u"userAgent").toString().startsWith(u"minato/"_s))
                    ++verbs[event.value(u"verb").toString()];
            }
            qInfo("%s audit log, Minato's requests by verb: get %d, list %d, watch %d", qPrintable(cluster),
                verbs.value(u"get"_s), verbs.value(u"list"_s), verbs.value(u"watch"_s));
            QVERIFY2(verbs.value(u"list"_s) > 0 && verbs.value(u"watch"_s) > 0, qPrintable(cluster));
            for (auto it = verbs.cbegin(); it != verbs.cend(); ++it)
                QVERIFY2(QStringList({ u"get"_s, u"list"_s, u"watch"_s }).contains(it.key()), qPrintable(it.key()));
        }
    }

    void clustersSettle()
    {
        for (const QString& context : ReaderContexts)
            QTRY_VERIFY2_WITH_TIMEOUT(
                session(context)->state() == SessionState::Live, qPrintable(describe(context)), SettleMs);
        QTRY_VERIFY2_WITH_TIMEOUT(session(u"real-limited"_s)->state() == SessionState::Degraded,
            qPrintable(describe(u"real-limited"_s)), SettleMs);
        for (const QString& context : ReaderContexts + QStringList { u"real-limited"_s })
            QCOMPARE(session(context)->serverVersion().gitVersion, u"v1.20.2"_s);
    }

    // The limited user's cluster is Degraded with exactly the kinds kubectl is refused named.
    void limitedClusterNamesForbiddenKinds()
    {
        const ClusterSession* limited = session(u"real-limited"_s);
        QStringList expected;
        for (const auto& reflector : limited->reflectors()) {
            QString error;
            if (!m_fleet->rawItems(u"real-limited"_s, reflector->target().path, &error)
                && error.contains(u"Forbidden"_s))
                expected << watchedKindName(reflector->kind());
        }
        QStringList ours;
        for (WatchedKind kind : limited->forbiddenKinds())
            ours << watchedKindName(kind);
        expected.removeDuplicates();
        expected.sort();
        ours.sort();
        QVERIFY2(expected.contains(u"pods"_s) && expected.contains(u"horizontalpodautoscalers"_s),
            qPrintable(expected.join(u", "_s)));
        QCOMPARE(ours, expected);
        for (const QString& kind : expected)
            QVERIFY2(limited->status().reason.contains(kind), qPrintable(limited->status().reason));
        QVERIFY2(session(u"real-token"_s)->forbiddenKinds().isEmpty(), qPrintable(describe(u"real-token"_s)));
    }

    void objectCountsMatchKubectl()
    {
        int compared = 0;
        for (const QString& context : ReaderContexts + QStringList { u"real-limited"_s }) {
            for (const auto& reflector : session(context)->reflectors()) {
                if (reflector->state() == Reflector::State::Forbidden || reflector->state() == Reflector::State::Absent)
                    continue;
                QString why;
                QVERIFY2(countMatches(context, reflector->target(), &why), qPrintable(why));
                ++compared;
            }
        }
        QVERIFY2(compared >= 3 * 17, qPrintable(QString::number(compared)));
    }

    void nodeRuntimesAndVersionsMatchKubectl()
    {
        QSet<QString> runtimes;
        for (const QString& context : ReaderContexts) {
            QHash<QString, QString> theirs;
            for (const QJsonValue& v : kubectlNodes(context)) {
                const QJsonObject node = v.toObject();
                const QJsonObject info = node.value(u"status").toObject().value(u"nodeInfo").toObject();
                theirs.insert(node.value(u"metadata").toObject().value(u"name").toString(),
                    info.value(u"containerRuntimeVersion").toString() + u' '
                        + info.value(u"kubeletVersion").toString());
            }
            QHash<QString, QString> ours;
            for (const NodeInfo& node : session(context)->store()->nodes()) {
                ours.insert(node.meta.name,
                    node.runtimeName.toString() + u"://"_s + node.runtimeVersion + u' ' + node.kubeletVersion);
                runtimes.insert(node.runtimeName.toString());
            }
            QCOMPARE(ours, theirs);
        }
        QCOMPARE(runtimes, QSet<QString>({ u"containerd"_s, u"cri-o"_s, u"docker"_s }));
    }

    // 1.20 serves autoscaling/v2beta2 and v1, no v2: discovery picks v2beta2, and every HPA
    // (the cert cluster's was created as v1) is read through it with the controller's conditions.
    void hpasReadAsV2beta2WithKubectlsConditions()
    {
        const QJsonArray versions = m_fleet->kubectl(u"real-token"_s, { u"get"_s, u"--raw"_s, u"/apis/autoscaling"_s })
                                        .json()
                                        .value(u"versions")
                                        .toArray();
        QStringList served;
        for (const QJsonValue& v : versions)
            served << v.toObject().value(u"version").toString();
        QVERIFY2(!served.contains(u"v2"_s) && served.contains(u"v2beta2"_s), qPrintable(served.join(u' ')));
        for (const QString& context : ReaderContexts) {
            QCOMPARE(session(context)->watchPlan().groupVersions.value(WatchedKind::HorizontalPodAutoscalers),
                u"autoscaling/v2beta2"_s);
            QHash<QString, QString> theirs;
            QHash<QString, QString> ours;
            QTRY_VERIFY_WITH_TIMEOUT(
                [&] {
                    theirs.clear();
                    ours.clear();
                    for (const QJsonValue& v :
                        m_fleet->rawItems(context, u"/apis/autoscaling/v2beta2/horizontalpodautoscalers"_s)
                            .value_or(QJsonArray())) {
                        const QJsonObject hpa = v.toObject();
                        const QJsonArray conditions = hpa.value(u"status").toObject().value(u"conditions").toArray();
                        const QJsonObject meta = hpa.value(u"metadata").toObject();
                        theirs.insert(meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString(),
                            conditionText(conditions, u"AbleToScale"_s) + u' '
                                + conditionText(conditions, u"ScalingActive"_s) + u' '
                                + conditionText(conditions, u"ScalingLimited"_s));
                    }
                    for (const HpaInfo& hpa : session(context)->store()->hpas()) {
                        if (hpa.apiVersion != HpaApiVersion::V2beta2)
                            return false;
                        ours.insert(hpa.meta.id(),
                            conditionText(hpa.ableToScale) + u' ' + conditionText(hpa.scalingActive) + u' '
                                + conditionText(hpa.scalingLimited));
                    }
                    return !theirs.isEmpty() && ours == theirs;
                }(),
                20000);
            qInfo() << context << ours;
        }
    }

    void cniDetectedAsKubectlShowsIt()
    {
        for (const QString& context : ReaderContexts) {
            const bool calico = !m_fleet->rawItems(context, u"/apis/crd.projectcalico.org/v1/ippools"_s)
                                     .value_or(QJsonArray())
                                     .isEmpty();
            const bool flannel
                = m_fleet
                      ->kubectl(
                          context, { u"-n"_s, u"kube-flannel"_s, u"get"_s, u"configmap"_s, u"kube-flannel-cfg"_s })
                      .ok();
            const analysis::CniSummary cni = analysis::CniSummary::detect(*session(context)->store());
            const QString expected = calico ? u"Calico"_s : flannel ? u"flannel"_s : u"unknown"_s;
            QVERIFY2(
                cni.pluginName() == expected, qPrintable(context + u": "_s + cni.pluginName() + u" ≠ "_s + expected));
        }
    }

    // A kind Minato has no projection for is read as the server prints it: kubectl's header
    // (NAMESPACE, then the server's default columns) and the items a plain JSON list has; what
    // RBAC refuses kubectl is refused per cluster with the server's reason.
    void serverTablesAsKubectlPrintsThem_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("resource");
        for (const QString& context : ReaderContexts) {
            QTest::addRow("%s svc", qPrintable(context)) << context << u"svc"_s;
            QTest::addRow("%s serviceaccounts", qPrintable(context)) << context << u"serviceaccounts"_s;
            // Served by the Calico cluster only: elsewhere kubectl and Minato say it is not there.
            QTest::addRow("%s ipamblocks", qPrintable(context)) << context << u"ipamblocks.crd.projectcalico.org"_s;
        }
        QTest::addRow("real-limited svc") << u"real-limited"_s << u"services"_s;
        QTest::addRow("real-limited sa, forbidden") << u"real-limited"_s << u"sa"_s;
    }
    void serverTablesAsKubectlPrintsThem()
    {
        QFETCH(QString, context);
        QFETCH(QString, resource);
        ServerTableSource source(m_engine.get());
        source.setRefreshInterval(Millis(0));
        items::ServerTableModel model;
        model.reset(resource, { context });
        connect(&source, &ServerTableSource::tableChanged, &model, &items::ServerTableModel::setTable);
        connect(&source, &ServerTableSource::failed, &model, &items::ServerTableModel::setProblem);
        QSignalSpy answers(&source, &ServerTableSource::tableChanged);
        QSignalSpy failures(&source, &ServerTableSource::failed);
        source.open({ context }, resource);
        QTRY_VERIFY_WITH_TIMEOUT(answers.size() + failures.size() > 0, 20000);

        const RealFleet::Result kubectl = m_fleet->kubectl(context, { u"get"_s, resource, u"-A"_s });
        if (!kubectl.ok()) {
            const bool forbidden = kubectl.err.contains("forbidden");
            QVERIFY2(forbidden || kubectl.err.contains("doesn't have a resource type"), kubectl.err.constData());
            QCOMPARE(failures.size(), 1);
            const QString ours = failures.first().at(1).toString();
            QVERIFY2(ours.contains(forbidden ? u"forbidden"_s : u"doesn't have a resource type"_s, Qt::CaseInsensitive),
                qPrintable(ours));
            return;
        }
        QVERIFY2(failures.isEmpty(), failures.isEmpty() ? "" : qPrintable(failures.first().at(1).toString()));
        const auto served = source.resolved(context);
        QVERIFY(served);
        QStringList expected;
        for (const QJsonValue& v : m_fleet->rawItems(context, served->collectionPath()).value_or(QJsonArray())) {
            const QJsonObject meta = v.toObject().value(u"metadata").toObject();
            expected << meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString();
        }
        QStringList ours;
        for (int r = 0; r < model.rowCount(); ++r)
            ours << model.rowAt(r)->nameSpace + u'/' + model.rowAt(r)->name;
        expected.sort();
        ours.sort();
        QCOMPARE(ours, expected);
        QVERIFY2(!ours.isEmpty(), qPrintable(context + u' ' + resource)); // every cluster has some
        QStringList header;
        for (int c = 1; c < model.columnCount(); ++c)
            header << model.headerData(c, Qt::Horizontal).toString();
        const QString kubectlHeader = QString::fromUtf8(kubectl.out).section(u'\n', 0, 0).trimmed();
        QCOMPARE(header, kubectlHeader.split(QRegularExpression(u"\\s{2,}"_s)));
    }

    // kubectl scales a deployment, adds a node and deletes a pod; each change is in Minato's
    // store within 2 s of kubectl returning.
    void watchDeltasWithinTwoSeconds()
    {
        ClusterStore* store = session(u"real-token"_s)->store();
        const auto hello = [store]() -> const WorkloadInfo* {
            for (const WorkloadInfo& w : store->workloads(WatchedKind::Deployments))
                if (w.meta.namespaceName == u"default"_s && w.meta.name == u"hello"_s)
                    return &w;
            return nullptr;
        };
        QVERIFY(hello());
        const qint32 replicas = hello()->desired + 1;
        RealFleet::Result r = m_fleet->admin(
            u"token"_s, { u"-n"_s, u"default"_s, u"scale"_s, u"deployment/hello"_s, u"--replicas=%1"_s.arg(replicas) });
        QVERIFY2(r.ok(), r.err.constData());
        QElapsedTimer timer;
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(hello() && hello()->desired == replicas, DeltaMs);
        qInfo("scale: in the store %lld ms after kubectl returned", timer.elapsed());

        const auto hasNode = [store](const QString& name) {
            for (const NodeInfo& n : store->nodes())
                if (n.meta.name == name)
                    return true;
            return false;
        };
        r = m_fleet->admin(u"token"_s, { u"create"_s, u"-f"_s, u"-"_s },
            R"({"apiVersion":"v1","kind":"Node","metadata":{"name":"realfleet-added","labels":{"minato.dev/test":"realfleet"}}})");
        QVERIFY2(r.ok(), r.err.constData());
        timer.restart();
        QTRY_VERIFY_WITH_TIMEOUT(hasNode(u"realfleet-added"_s), DeltaMs);
        qInfo("node added: in the store %lld ms after kubectl returned", timer.elapsed());

        QUuid victim;
        QString victimName;
        for (const PodInfo& pod : store->pods()) {
            if (pod.meta.namespaceName == u"default"_s && pod.meta.name.startsWith(u"hello-"_s)) {
                victim = pod.meta.uid;
                victimName = pod.meta.name;
                break;
            }
        }
        QVERIFY(!victim.isNull());
        // No kubelet confirms a deletion: force it, as fleet.sh does.
        r = m_fleet->admin(u"token"_s,
            { u"-n"_s, u"default"_s, u"delete"_s, u"pod"_s, victimName, u"--grace-period=0"_s, u"--force"_s });
        QVERIFY2(r.ok(), r.err.constData());
        timer.restart();
        QTRY_VERIFY_WITH_TIMEOUT(!store->pods().contains(victim), DeltaMs);
        qInfo("pod deleted: gone from the store %lld ms after kubectl returned", timer.elapsed());

        // Put the fleet back as smoke.sh expects it (4 nodes, hello as seeded).
        QVERIFY(m_fleet->admin(u"token"_s, { u"delete"_s, u"node"_s, u"realfleet-added"_s }).ok());
        QVERIFY(
            m_fleet
                ->admin(u"token"_s,
                    { u"-n"_s, u"default"_s, u"scale"_s, u"deployment/hello"_s, u"--replicas=%1"_s.arg(replicas - 1) })
                .ok());
        QTRY_VERIFY_WITH_TIMEOUT(!hasNode(u"realfleet-added"_s), DeltaMs);
    }

    // exec's apiserver runs without the watch cache: after an etcd compaction its watches,
    // renewed from their old resourceVersions, answer 410 Gone; the reflectors relist and the
    // session stays Live throughout, with the same objects as kubectl sees.
    void relistAfterCompactionKeepsTheSession()
    {
        ClusterSession* exec = session(u"real-exec"_s);
        QCOMPARE(exec->state(), SessionState::Live);
        const auto relists = [exec] {
            int n = 0;
            for (const auto& reflector : exec->reflectors())
                n += reflector->relistCount();
            return n;
        };
        const int before = relists();
        QSignalSpy states(exec, &ClusterSession::statusChanged);
        // Writes after every reflector's last resourceVersion (two: a watch from X starts at
        // X + 1, which a compaction at X + 1 keeps), then a compaction past them.
        QVERIFY(m_fleet
                    ->admin(u"exec"_s,
                        { u"-n"_s, u"default"_s, u"create"_s, u"configmap"_s, u"realfleet-compact"_s,
                            u"--from-literal=k=v"_s })
                    .ok());
        QVERIFY(
            m_fleet->admin(u"exec"_s, { u"-n"_s, u"default"_s, u"delete"_s, u"configmap"_s, u"realfleet-compact"_s })
                .ok());
        const RealFleet::Result compact = m_fleet->fleetScript(u"compact"_s, { u"exec"_s });
        QVERIFY2(compact.ok(), compact.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(relists() >= before + 3, 30000);
        qInfo("relists after compaction at revision %s: %d", compact.out.trimmed().constData(), relists() - before);
        for (const QList<QVariant>& change : std::as_const(states))
            QCOMPARE(change.at(0).value<SessionStatus>().state, SessionState::Live);
        QCOMPARE(exec->state(), SessionState::Live);
        for (const auto& reflector : exec->reflectors()) {
            QString why;
            QVERIFY2(countMatches(u"real-exec"_s, reflector->target(), &why), qPrintable(why));
        }
    }

    // libcurl reports HTTP/2 for every answer, and one new connection per cluster carries all
    // of its lists and watches.
    void http2OneConnectionPerCluster()
    {
        QHash<QString, int> connectionsPerServer;
        for (auto it = m_transport.cbegin(); it != m_transport.cend(); ++it) {
            const Transport& t = it.value();
            qInfo("%s: %d answers, %d over HTTP/2, %d new connections", qPrintable(it.key()), t.replies, t.http2,
                t.newConnections);
            QVERIFY2(t.replies > 20 && t.http2 == t.replies, qPrintable(it.key()));
            QVERIFY2(t.newConnections <= 1, qPrintable(it.key()));
            connectionsPerServer[m_serverOfEndpoint.value(it.key())] += t.newConnections;
        }
        // real-limited reaches token's apiserver with the same TLS settings: libcurl may carry
        // both contexts on one connection, so the count is per server.
        QCOMPARE(connectionsPerServer.size(), 3);
        for (auto it = connectionsPerServer.cbegin(); it != connectionsPerServer.cend(); ++it)
            QVERIFY2(it.value() >= 1 && it.value() <= 2, qPrintable(it.key()));
    }

    // The exec plugin's tokens live 20 s and are renewed 10 s before they expire: the plugin
    // runs again while the session keeps answering, never with a refused token; through the
    // v1 protocol and through v1beta1 alike.
    void execCredentialRenewed_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("countKey");
        QTest::newRow("v1") << u"real-exec"_s << u"EXEC_PLUGIN_COUNT"_s;
        QTest::newRow("v1beta1") << u"real-v1beta1"_s << u"EXEC_PLUGIN_V1BETA1_COUNT"_s;
    }
    void execCredentialRenewed()
    {
        QFETCH(QString, context);
        QFETCH(QString, countKey);
        const auto runs = [&] {
            QFile count(m_fleet->value(countKey));
            return count.open(QIODevice::ReadOnly) ? count.readAll().trimmed().toInt() : -1;
        };
        const int start = runs();
        QVERIFY2(start >= 1, qPrintable(m_fleet->value(countKey)));
        QTRY_VERIFY_WITH_TIMEOUT(runs() > start, 30000);
        const int okBefore = m_transport[context].ok;
        QTRY_VERIFY_WITH_TIMEOUT(m_transport[context].ok > okBefore, 15000);
        QCOMPARE(m_transport[context].unauthorized, 0);
        QCOMPARE(session(context)->state(), SessionState::Live);
        qInfo("%s: exec plugin runs: %d at the start of this check, %d now", qPrintable(context), start, runs());
    }
};

QTEST_GUILESS_MAIN(TestRealFleet)
#include "tst_realfleet.moc"
