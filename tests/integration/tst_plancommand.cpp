// SPDX-License-Identifier: Apache-2.0
// `minato plan` end to end: the real binary against a simulated fleet served by this test runs
// every operation, prints the YAML (or JSON, or a change set folder), and never sends anything
// but GETs: the simulator's request counters must show the fetches and zero mutating requests.
#include "items/changeplanner.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"
#include "testkinds.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString text() const { return QString::fromUtf8(out); }
    QJsonArray changes() const { return QJsonDocument::fromJson(out).object().value(u"changes").toArray(); }
};

} // namespace

class TestPlanCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    std::unique_ptr<sim::SimulatedFleet> m_sim;
    QString m_kubeconfig;

    Run plan(const QStringList& arguments, const QString& context = u"calico"_s) const
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path());
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        QStringList all { u"plan"_s };
        all << arguments << u"--kubeconfig"_s << m_kubeconfig << u"--timeout"_s << u"60"_s;
        if (!context.isEmpty())
            all << u"--context"_s << context;
        process.start(QStringLiteral(MINATO_BINARY), all);
        Run run;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    // How often the simulated cluster answered `verb` on `pathTemplate`.
    qint64 requests(const QString& cluster, const QString& verb, const QString& pathTemplate) const
    {
        const QJsonObject stats = QJsonDocument::fromJson(m_sim->stats().toJson()).object();
        for (const QJsonValue& c : stats.value(u"clusters").toArray()) {
            if (c.toObject().value(u"name").toString() != cluster)
                continue;
            for (const QJsonValue& r : c.toObject().value(u"requests").toArray()) {
                const QJsonObject request = r.toObject();
                if (request.value(u"verb").toString() == verb && request.value(u"path").toString() == pathTemplate)
                    return request.value(u"count").toInteger();
            }
        }
        return 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto scenario = sim::Scenario::load(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/engine.yaml"));
        QVERIFY2(scenario, qPrintable(scenario ? QString() : scenario.error().detail));
        sim::FleetOptions options;
        options.kubeconfigPath = m_home.filePath(u"sim.kubeconfig"_s);
        m_sim = std::make_unique<sim::SimulatedFleet>(options);
        sim::WorldDriver::populate(*m_sim, *scenario);
        const auto info = m_sim->start();
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        m_kubeconfig = info->kubeconfigPath;
    }

    void scale()
    {
        const Run run = plan({ u"scale"_s, u"deployment/web"_s, u"-n"_s, u"shop"_s, u"--replicas"_s, u"5"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.text().startsWith(u"# calico: scale Deployment shop/web 3 → 5\n"_s), run.out.constData());
        QVERIFY(
            run.text().contains(u"# patch: kubectl --context calico -n shop patch deployment/web --type strategic"_s));
        QVERIFY(run.text().contains(u"spec:\n  replicas: 5\n---\n"_s));
        QVERIFY(run.text().contains(u"kind: Deployment"_s));
        QVERIFY2(!run.text().contains(u"resourceVersion"_s), "the manifest after is clean");
    }

    void cordonUncordon()
    {
        Run run = plan({ u"cordon"_s, u"node/calico-worker-01"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QJsonObject change = run.changes().first().toObject();
        QCOMPARE(QJsonDocument(change.value(u"patch").toObject()).toJson(QJsonDocument::Compact),
            R"({"spec":{"unschedulable":true}})");
        QCOMPARE(change.value(u"summary").toString(), u"cordon Node calico-worker-01"_s);
        // A bare name is a node, as for kubectl uncordon NODE.
        run = plan({ u"uncordon"_s, u"calico-worker-01"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        change = run.changes().first().toObject();
        QCOMPARE(QJsonDocument(change.value(u"patch").toObject()).toJson(QJsonDocument::Compact),
            R"({"spec":{"unschedulable":null}})");
    }

    void drain()
    {
        const Run run = plan({ u"drain"_s, u"node/calico-worker-01"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject change = run.changes().first().toObject();
        const QJsonObject plan = change.value(u"plan").toObject();
        QCOMPARE(plan.value(u"kind").toString(), u"DrainPlan"_s);
        const QJsonObject spec = plan.value(u"spec").toObject();
        QVERIFY2(spec.value(u"evictions").toArray().size() > 0, run.out.constData());
        for (const QJsonValue& skipped : spec.value(u"skipped").toArray())
            QVERIFY(skipped.toObject().value(u"reason").toString().startsWith(u"DaemonSet-managed"_s));
        // The simulator serves no policy group: the plan says budgets were not checked.
        QCOMPARE(spec.value(u"podDisruptionBudgetsChecked").toBool(), false);
        QVERIFY(change.value(u"warnings")
                    .toArray()
                    .contains(u"PodDisruptionBudgets could not be read: evictions may still block"_s));
        QVERIFY(requests(u"calico"_s, u"list"_s, u"/api/v1/pods"_s) > 0);
    }

    void restart()
    {
        const Run run = plan({ u"restart"_s, u"sts/db"_s, u"-n"_s, u"shop"_s, u"--at"_s, u"2026-01-02T03:04:05Z"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.text().contains(u"kubectl.kubernetes.io/restartedAt: \"2026-01-02T03:04:05Z\""_s)
                || run.text().contains(u"kubectl.kubernetes.io/restartedAt: 2026-01-02T03:04:05Z"_s),
            run.out.constData());
        QVERIFY(run.text().startsWith(u"# calico: restart StatefulSet shop/db at 2026-01-02T03:04:05Z"_s));
    }

    void labelAndAnnotate()
    {
        Run run = plan({ u"label"_s, u"deploy/web"_s, u"tier=frontend"_s, u"-n"_s, u"shop"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.changes().first().toObject().value(u"patch").toObject(),
            QJsonDocument::fromJson(R"({"metadata":{"labels":{"tier":"frontend"}}})").object());
        // A custom resource gets a JSON merge patch.
        run = plan({ u"annotate"_s, u"ippool/default-ipv4-ippool"_s, u"example.com/owner=network team"_s, u"-o"_s,
            u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.changes().first().toObject().value(u"patchType").toString(), u"merge"_s);
        QVERIFY(requests(u"calico"_s, u"get"_s, u"/apis/crd.projectcalico.org/v1/ippools/{name}"_s) > 0);
    }

    void hpa()
    {
        const Run run = plan({ u"hpa"_s, u"hpa/web"_s, u"-n"_s, u"shop"_s, u"--max"_s, u"10"_s, u"--cpu"_s, u"70"_s,
            u"--scale-down-window"_s, u"120"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject change = run.changes().first().toObject();
        QCOMPARE(change.value(u"operation").toString(), u"hpa-tune"_s);
        const QJsonObject spec = change.value(u"patch").toObject().value(u"spec").toObject();
        QCOMPARE(spec.value(u"maxReplicas").toInt(), 10);
        QCOMPARE(spec.value(u"behavior")
                     .toObject()
                     .value(u"scaleDown")
                     .toObject()
                     .value(u"stabilizationWindowSeconds")
                     .toInt(),
            120);
        QCOMPARE(change.value(u"after").toObject().value(u"apiVersion").toString(), u"autoscaling/v2"_s);
    }

    void deletePlan()
    {
        const Run run = plan({ u"delete"_s, u"deployment/web"_s, u"-n"_s, u"shop"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject change = run.changes().first().toObject();
        QVERIFY(!change.contains(u"patch"));
        const QJsonArray dependents
            = change.value(u"plan").toObject().value(u"spec").toObject().value(u"dependents").toArray();
        QStringList kinds;
        for (const QJsonValue& d : dependents)
            kinds << d.toObject().value(u"kind").toString();
        QCOMPARE(kinds, (QStringList { u"Pod"_s, u"ReplicaSet"_s }));
    }

    void exportsFolder()
    {
        QTemporaryDir out;
        const Run run = plan({ u"scale"_s, u"deployment/web"_s, u"-n"_s, u"shop"_s, u"--replicas"_s, u"4"_s, u"--out"_s,
            out.path(), u"--title"_s, u"Scale web"_s, u"--reason"_s, u"load test"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString folder = run.text().trimmed();
        QVERIFY2(QFileInfo(folder).isDir(), run.out.constData());
        QVERIFY(QFileInfo::exists(folder + u"/README.md"_s));
        QVERIFY(QDir(folder + u"/calico"_s).exists());
    }

    void unreachableTargetsExitTwo()
    {
        Run run = plan({ u"scale"_s, u"deployment/missing"_s, u"-n"_s, u"shop"_s, u"--replicas"_s, u"1"_s });
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("Deployment shop/missing") && run.err.contains("calico"), run.err.constData());
        run = plan({ u"cordon"_s, u"node/down-node-01"_s }, u"down"_s);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("cluster down is Unreachable"), run.err.constData());
    }

    void refusedOperationsExitOne()
    {
        const Run run = plan({ u"scale"_s, u"node/calico-worker-01"_s, u"--replicas"_s, u"2"_s });
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("cannot scale a Node"), run.err.constData());
    }

    void usageErrorsExitOne_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no operation") << QStringList {};
        QTest::newRow("unknown operation") << QStringList { u"evict"_s, u"pod/x"_s };
        QTest::newRow("no target") << QStringList { u"cordon"_s };
        QTest::newRow("scale without replicas") << QStringList { u"scale"_s, u"deploy/web"_s };
        QTest::newRow("label without edits") << QStringList { u"label"_s, u"deploy/web"_s };
        QTest::newRow("unknown kind") << QStringList { u"delete"_s, u"gizmo/x"_s };
        QTest::newRow("format") << QStringList { u"cordon"_s, u"node/x"_s, u"-o"_s, u"xml"_s };
    }
    void usageErrorsExitOne()
    {
        QFETCH(QStringList, arguments);
        const Run run = plan(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.startsWith("minato plan: "));
    }

    // The planner as the GUI uses it: its own engine whose sessions are still Idle (the planner
    // connects them), several plans at once, one answer per ticket, then idle().
    void plannerInProcess()
    {
        fleet::FleetLoadOptions load;
        load.kubeconfigFiles = { m_kubeconfig };
        load.environment = QProcessEnvironment();
        load.environment.insert(u"HOME"_s, m_home.path());
        load.environment.insert(u"XDG_CONFIG_HOME"_s, m_home.path());
        const fleet::FleetLoadResult loaded = fleet::FleetLoader::load(load);
        fleet::FleetEngine engine(testCatalog());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        items::ChangePlanner planner(&engine);
        QSignalSpy ready(&planner, &items::ChangePlanner::changeReady);
        QSignalSpy failed(&planner, &items::ChangePlanner::fetchFailed);
        QSignalSpy refused(&planner, &items::ChangePlanner::operationRefused);
        QSignalSpy idle(&planner, &items::ChangePlanner::idle);

        changes::OperationRequest scale;
        scale.kind = changes::OperationKind::Scale;
        scale.replicas = 1;
        changes::OperationRequest label;
        label.kind = changes::OperationKind::Label;
        label.edits = { u"zone-"_s };
        const quint64 first = planner.plan({ u"flannel"_s, {}, u"Deployment"_s, u"search"_s, u"api"_s }, scale);
        const quint64 second = planner.plan({ u"calico"_s, {}, u"Node"_s, {}, u"calico-cp-01"_s }, label);
        const quint64 third = planner.plan({ u"calico"_s, {}, u"Node"_s, {}, u"calico-cp-01"_s }, scale);
        const quint64 fourth = planner.plan({ u"revoked"_s, {}, u"Node"_s, {}, u"x"_s }, label);
        QCOMPARE(planner.pendingCount(), 4);
        QVERIFY(idle.wait(60000));
        QCOMPARE(planner.pendingCount(), 0);
        QCOMPARE(ready.size(), 2);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(idle.size(), 1);
        QSet<quint64> readyTickets;
        for (const QList<QVariant>& args : std::as_const(ready)) {
            readyTickets.insert(args.at(0).toULongLong());
            const auto change = args.at(1).value<changes::Change>();
            QVERIFY(!change.before.isEmpty());
            QVERIFY(!change.before.value(u"metadata").toObject().contains(u"resourceVersion")); // cleaned
        }
        QCOMPARE(readyTickets, (QSet<quint64> { first, second }));
        QCOMPARE(refused.first().at(0).toULongLong(), third);
        QCOMPARE(failed.first().at(0).toULongLong(), fourth);
        QVERIFY2(failed.first().at(2).toString().contains(u"cluster revoked is AuthFailed"_s),
            qPrintable(failed.first().at(2).toString()));
        engine.disconnectAll();
    }

    // Every operation above fetched by GET only.
    void cleanupTestCase()
    {
        QVERIFY(m_sim);
        QCOMPARE(m_sim->stats().mutating(), 0);
        QVERIFY(requests(u"calico"_s, u"get"_s, u"/apis/apps/v1/namespaces/{namespace}/deployments/{name}"_s) >= 4);
        QVERIFY(requests(u"calico"_s, u"get"_s, u"/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}"_s) >= 1);
        QVERIFY(requests(u"calico"_s, u"get"_s, u"/api/v1/nodes/{name}"_s) >= 3);
        QVERIFY(requests(u"calico"_s, u"get"_s,
                    u"/apis/autoscaling/v2/namespaces/{namespace}/horizontalpodautoscalers/{name}"_s)
            >= 1);
        m_sim->stop();
    }
};

QTEST_GUILESS_MAIN(TestPlanCommand)
#include "tst_plancommand.moc"
