// SPDX-License-Identifier: Apache-2.0
// The live-session engine against the simulated fleet over real TLS: every fault class of the
// simulator ends in the right state with a clear reason while the healthy clusters stay Live;
// the stores hold exactly what the simulator serves; changes arrive by watch; a 410 storm, an
// outage and a token revocation are recovered from; and the simulator saw no mutating request.
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "kube/apiclient.h"

#include "sim/objectstore.h"
#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"

#include "controlleddriver.h"
#include "testkinds.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using Millis = std::chrono::milliseconds;
using namespace Qt::StringLiterals;

namespace {

constexpr int SettleMs = 60000;

QJsonObject podObject(const QString& name)
{
    return QJsonDocument::fromJson(
        QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1","namespace":"shop",)"
                       R"("labels":{"app":"probe"}},"spec":{"nodeName":"calico-worker-01",)"
                       R"("containers":[{"name":"c","image":"busybox:1.36"}]},)"
                       R"("status":{"phase":"Running"}})")
            .arg(name)
            .toUtf8())
        .object();
}

} // namespace

class TestFleetEngineSim : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    std::unique_ptr<sim::SimulatedFleet> m_sim;
    QHash<QString, int> m_index; // cluster name → simulator index
    QHash<QString, ControlledDriver*> m_drivers; // owned by the simulator, used on its thread
    std::unique_ptr<FleetEngine> m_engine;

    ClusterSession* session(const char* name) const { return m_engine->session(QString::fromLatin1(name)); }

    QString describe(const char* name) const
    {
        const ClusterSession* s = session(name);
        return QStringLiteral("%1: %2 (%3)")
            .arg(QLatin1StringView(name), sessionStateName(s->state()), s->status().reason);
    }

    // What the simulator serves for a resource ("pods", "deployments.apps" …) in one cluster.
    int truth(const char* cluster, const char* key)
    {
        int count = -1;
        const int index = m_index.value(QString::fromLatin1(cluster));
        m_sim->invoke([&] {
            sim::ObjectStore& store = m_sim->store(index);
            const int resource = store.catalog().indexOfKey(QString::fromLatin1(key));
            count = resource < 0 ? -1 : store.count(resource);
        });
        return count;
    }

    // Requests the simulator counted for one cluster.
    qint64 requestsTo(const char* cluster) const
    {
        const QJsonArray clusters
            = QJsonDocument::fromJson(m_sim->stats().toJson()).object().value(u"clusters").toArray();
        for (const QJsonValue& c : clusters) {
            if (c.toObject().value(u"name").toString() == QLatin1StringView(cluster))
                return c.toObject().value(u"total").toInteger();
        }
        return -1;
    }

    void setFault(const char* cluster, std::optional<bool> ControlledDriver::*fault, std::optional<bool> value)
    {
        ControlledDriver* driver = m_drivers.value(QString::fromLatin1(cluster));
        m_sim->invoke([driver, fault, value] { driver->*fault = value; });
    }

    bool countsMatch(const char* cluster)
    {
        const ClusterStore& store = *session(cluster)->store();
        const QList<QPair<WatchedKind, const char*>> kinds {
            { WatchedKind::Namespaces, "namespaces" },
            { WatchedKind::Nodes, "nodes" },
            { WatchedKind::Pods, "pods" },
            { WatchedKind::Deployments, "deployments.apps" },
            { WatchedKind::StatefulSets, "statefulsets.apps" },
            { WatchedKind::DaemonSets, "daemonsets.apps" },
            { WatchedKind::ReplicaSets, "replicasets.apps" },
            { WatchedKind::Events, "events.events.k8s.io" },
            { WatchedKind::HorizontalPodAutoscalers, "horizontalpodautoscalers.autoscaling" },
            { WatchedKind::PersistentVolumeClaims, "persistentvolumeclaims" },
            { WatchedKind::ApiServices, "apiservices.apiregistration.k8s.io" },
            { WatchedKind::RuntimeClasses, "runtimeclasses.node.k8s.io" },
            { WatchedKind::CalicoIpPools, "ippools.crd.projectcalico.org" },
            { WatchedKind::CalicoBgpPeers, "bgppeers.crd.projectcalico.org" },
            { WatchedKind::CalicoBlockAffinities, "blockaffinities.crd.projectcalico.org" },
        };
        for (const auto& [kind, key] : kinds) {
            const int expected = truth(cluster, key);
            if (store.count(kind) != expected) {
                qWarning("%s %s: store %d, simulator %d", cluster, key, int(store.count(kind)), expected);
                return false;
            }
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<SessionStatus>();
        const auto scenario = sim::Scenario::load(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/engine.yaml"));
        QVERIFY2(scenario, qPrintable(scenario ? QString() : scenario.error().detail));

        sim::FleetOptions options;
        options.kubeconfigPath = m_home.filePath(QStringLiteral("sim.kubeconfig"));
        // The world barely moves (and never on its own schedule): the tests change it by hand,
        // so that the simulator's truth holds still while stores are compared with it.
        options.speed = 0.001;
        options.tickInterval = Millis(250);
        m_sim = std::make_unique<sim::SimulatedFleet>(options);
        for (int i = 0; i < scenario->clusters.size(); ++i) {
            auto driver = std::make_unique<ControlledDriver>(scenario->clusters[i], scenario->seed + quint64(i));
            m_drivers.insert(scenario->clusters[i].name, driver.get());
            m_index.insert(scenario->clusters[i].name, i);
            m_sim->addCluster(std::move(driver));
        }
        const auto info = m_sim->start();
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));

        FleetLoadOptions load;
        load.kubeconfigFiles = { info->kubeconfigPath };
        load.environment = QProcessEnvironment();
        load.environment.insert(QStringLiteral("HOME"), m_home.path());
        load.environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.path());
        const FleetLoadResult fleet = FleetLoader::load(load);
        QCOMPARE(fleet.fleet.clusters.size(), 7);

        FleetEngineOptions engineOptions;
        engineOptions.session.probeBackoffBase = Millis(200);
        engineOptions.session.probeBackoffCap = Millis(1000);
        engineOptions.session.authRetryBase = Millis(200);
        engineOptions.session.authRetryCap = Millis(1000);
        engineOptions.session.reflector.backoffBase = Millis(100);
        engineOptions.session.reflector.backoffCap = Millis(1000);
        // Short watches: their renewal is exercised, and a revoked token is noticed soon.
        engineOptions.session.reflector.watchTimeoutMin = std::chrono::seconds(4);
        engineOptions.session.reflector.watchTimeoutMax = std::chrono::seconds(6);
        engineOptions.session.storeBatchInterval = 50;
        m_engine = std::make_unique<FleetEngine>(testCatalog(), engineOptions);
        m_engine->client()->setStreamBatchInterval(50);
        m_engine->setFleet(fleet.fleet, fleet.fleetConfig);
        QCOMPARE(m_engine->startupContexts().size(), 7); // a small fleet connects everything
        m_engine->start();
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        if (m_sim) {
            // Read-only by construction: not one mutating request reached any cluster.
            QCOMPARE(m_sim->stats().mutating(), 0);
            QVERIFY(m_sim->stats().total() > 0);
            m_sim->stop();
        }
    }

    void healthyClustersGoLive()
    {
        for (const char* name : { "calico", "flannel", "slow" })
            QTRY_VERIFY2_WITH_TIMEOUT(
                session(name)->state() == SessionState::Live, qPrintable(describe(name)), SettleMs);
        QCOMPARE(session("calico")->serverVersion().gitVersion, QStringLiteral("v1.29.4"));
        QCOMPARE(session("flannel")->serverVersion().minor, 27);
        QVERIFY(session("calico")->watchPlan().groupVersions.contains(WatchedKind::CalicoIpPools));
        QVERIFY(!session("flannel")->watchPlan().groupVersions.contains(WatchedKind::CalicoIpPools));
    }

    void faultClassesEndInTheRightState()
    {
        QTRY_VERIFY2_WITH_TIMEOUT(
            session("down")->state() == SessionState::Unreachable, qPrintable(describe("down")), SettleMs);
        QVERIFY2(session("down")->status().reason.contains(QLatin1String("API server")), qPrintable(describe("down")));
        QCOMPARE(session("down")->kindsTotal(), 0); // no reflector ever ran: only the probe

        QTRY_VERIFY2_WITH_TIMEOUT(
            session("revoked")->state() == SessionState::AuthFailed, qPrintable(describe("revoked")), SettleMs);
        QVERIFY2(session("revoked")->status().reason.contains(QLatin1String("Unauthorized")),
            qPrintable(describe("revoked")));

        QTRY_VERIFY2_WITH_TIMEOUT(
            session("forbidden")->state() == SessionState::Degraded, qPrintable(describe("forbidden")), SettleMs);
        QCOMPARE(session("forbidden")->status().reason, QStringLiteral("forbidden: pods, horizontalpodautoscalers"));
        QVERIFY(session("forbidden")->store()->nodes().size() == 1); // the rest is there

        // Throttled: still trying, at the pace the server asks for (Retry-After: 1 s).
        QVERIFY(!session("throttled")->status().isSettled());
        const qint64 before = requestsTo("throttled");
        QTest::qWait(3000);
        const qint64 during = requestsTo("throttled") - before;
        QVERIFY2(during >= 1 && during <= 8, qPrintable(QString::number(during)));
        setFault("throttled", &ControlledDriver::throttled, false);
        QTRY_VERIFY2_WITH_TIMEOUT(
            session("throttled")->state() == SessionState::Live, qPrintable(describe("throttled")), SettleMs);

        QTRY_VERIFY_WITH_TIMEOUT(m_engine->progress().isSettled(), SettleMs);
        for (const char* name : { "calico", "flannel", "slow" })
            QVERIFY2(session(name)->state() == SessionState::Live, qPrintable(describe(name)));
        const FleetProgress progress = m_engine->progress();
        QCOMPARE(progress.clusters, 7);
        QCOMPARE(progress.live, 4);
        QCOMPARE(progress.degraded, 1);
        QCOMPARE(progress.failed, 2);
        QVERIFY(progress.objectsListed >= progress.objects);
        QVERIFY(progress.objects > 100);
    }

    // metrics-server runs in calico (its APIService Available), not in flannel.
    void metricsAreSampledWhereServed()
    {
        QTRY_COMPARE_WITH_TIMEOUT(session("calico")->store()->metrics().nodes.size(), 4, 20000);
        QVERIFY(!session("calico")->store()->metrics().pods.isEmpty());
        QVERIFY(session("flannel")->store()->metrics().isEmpty());
    }

    void objectCountsEqualTheSimulatorsTruth()
    {
        QTRY_VERIFY_WITH_TIMEOUT(countsMatch("calico"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(countsMatch("flannel"), 20000);
        QVERIFY(truth("calico", "pods") > 10);
        const ClusterStore& flannel = *session("flannel")->store();
        const auto& configMaps = flannel.configMaps();
        QVERIFY(std::any_of(configMaps.cbegin(), configMaps.cend(), [](const NetworkConfigMapInfo& cm) {
            return cm.meta.name == QLatin1String("kube-flannel-cfg") && cm.flannel
                && cm.flannel->backendType == QLatin1String("vxlan");
        }));
    }

    void changesArriveByWatch()
    {
        ClusterSession* calico = session("calico");
        const int relists = calico->reflectors().front()->relistCount();
        QSignalSpy changes(calico->store(), &ClusterStore::changed);
        m_sim->invoke([this] { m_sim->store(m_index.value(u"calico"_s)).put(u"pods"_s, podObject(u"watched-1"_s)); });
        const auto hasPod = [calico](const QString& name) {
            const auto& pods = calico->store()->pods();
            return std::any_of(pods.cbegin(), pods.cend(), [&name](const PodInfo& p) { return p.meta.name == name; });
        };
        QTRY_VERIFY_WITH_TIMEOUT(hasPod(u"watched-1"_s), 10000);
        QTRY_VERIFY(!changes.isEmpty()); // the batched notification follows
        m_sim->invoke(
            [this] { m_sim->store(m_index.value(u"calico"_s)).remove(u"pods"_s, u"shop"_s, u"watched-1"_s); });
        QTRY_VERIFY_WITH_TIMEOUT(!hasPod(u"watched-1"_s), 10000);
        QCOMPARE(calico->reflectors().front()->relistCount(), relists); // by watch, not by relisting

        // The world moves (a simulated quarter hour in one step): the store follows.
        const int index = m_index.value(u"calico"_s);
        m_sim->invoke([this, index] { m_sim->driver(index).advance(std::chrono::minutes(15), m_sim->store(index)); });
        QTRY_VERIFY_WITH_TIMEOUT(countsMatch("calico"), 20000);
    }

    // The simulator's change log is cut to two entries and fifty changes land at once: every
    // watch of the kind falls out of the window and gets 410. The reflector relists and the
    // store converges on the truth, synthetic deletes included.
    void relistStormRecovers()
    {
        ClusterSession* calico = session("calico");
        Reflector* pods = nullptr;
        for (const auto& r : calico->reflectors()) {
            if (r->kind() == WatchedKind::Pods)
                pods = r.get();
        }
        QVERIFY(pods);
        const int relists = pods->relistCount();
        const int index = m_index.value(u"calico"_s);
        for (int round = 0; round < 3; ++round) {
            // Each storm hits a running watch (one that hits a list is simply part of the snapshot).
            QTRY_COMPARE_WITH_TIMEOUT(pods->state(), Reflector::State::Watching, 10000);
            m_sim->invoke([this, index, round] {
                sim::ObjectStore& store = m_sim->store(index);
                store.setLimits(sim::StoreLimits { 2, std::chrono::minutes(5) });
                for (int i = 0; i < 25; ++i)
                    store.put(u"pods"_s, podObject(QStringLiteral("storm-%1-%2").arg(round).arg(i)));
                for (int i = 0; i < 25; i += 2)
                    store.remove(u"pods"_s, u"shop"_s, QStringLiteral("storm-%1-%2").arg(round).arg(i));
            });
            QTRY_VERIFY_WITH_TIMEOUT(pods->relistCount() > relists + round, 20000);
        }
        m_sim->invoke([this, index] { m_sim->store(index).setLimits(sim::StoreLimits {}); });
        QTRY_VERIFY_WITH_TIMEOUT(countsMatch("calico"), 30000);
        QTRY_VERIFY2_WITH_TIMEOUT(calico->state() == SessionState::Live, qPrintable(describe("calico")), SettleMs);
    }

    void outageIsOneProbeAndRecovers()
    {
        ClusterSession* flannel = session("flannel");
        setFault("flannel", &ControlledDriver::unreachable, true);
        QTRY_VERIFY2_WITH_TIMEOUT(
            flannel->state() == SessionState::Unreachable, qPrintable(describe("flannel")), SettleMs);
        for (const auto& reflector : flannel->reflectors())
            QCOMPARE(reflector->state(), Reflector::State::Paused);
        for (const char* name : { "calico", "slow", "forbidden" })
            QVERIFY2(session(name)->status().isSettled() && session(name)->state() != SessionState::Unreachable,
                qPrintable(describe(name)));
        setFault("flannel", &ControlledDriver::unreachable, false);
        QTRY_VERIFY2_WITH_TIMEOUT(flannel->state() == SessionState::Live, qPrintable(describe("flannel")), SettleMs);
        QTRY_VERIFY_WITH_TIMEOUT(countsMatch("flannel"), 20000);
    }

    void tokenRevocationRecovers()
    {
        // Mid-session: noticed at the next request (a watch renewal), then AuthFailed.
        ClusterSession* flannel = session("flannel");
        setFault("flannel", &ControlledDriver::tokenRevoked, true);
        QTRY_VERIFY2_WITH_TIMEOUT(
            flannel->state() == SessionState::AuthFailed, qPrintable(describe("flannel")), SettleMs);
        setFault("flannel", &ControlledDriver::tokenRevoked, false);
        QTRY_VERIFY2_WITH_TIMEOUT(flannel->state() == SessionState::Live, qPrintable(describe("flannel")), SettleMs);

        // A cluster that started revoked connects once the token is good again.
        setFault("revoked", &ControlledDriver::tokenRevoked, false);
        QTRY_VERIFY2_WITH_TIMEOUT(
            session("revoked")->state() == SessionState::Live, qPrintable(describe("revoked")), SettleMs);
        QVERIFY(session("revoked")->store()->nodes().size() == 1);
    }
};

QTEST_GUILESS_MAIN(TestFleetEngineSim)
#include "tst_fleetenginesim.moc"
