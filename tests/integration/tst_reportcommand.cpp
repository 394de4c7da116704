// SPDX-License-Identifier: Apache-2.0
// `minato report` end to end: the real binary against a simulated fleet served by this test
// (TLS, its own kubeconfig), checking exit codes and what is printed; and `--demo`.
#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
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
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    QJsonObject cluster(const QString& name) const
    {
        for (const QJsonValue& c : json().value(u"clusters").toArray()) {
            if (c.toObject().value(u"name").toString() == name)
                return c.toObject();
        }
        return {};
    }
};

} // namespace

class TestReportCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    std::unique_ptr<sim::SimulatedFleet> m_sim;
    QString m_kubeconfig;

    Run report(const QStringList& arguments, int timeoutMs = 120000) const
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.path()); // no fleet.yaml of the developer's
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MINATO_BINARY), QStringList { u"report"_s } + arguments);
        Run run;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
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

    void cleanupTestCase()
    {
        if (m_sim) {
            QCOMPARE(m_sim->stats().mutating(), 0);
            m_sim->stop();
        }
    }

    void liveClusterExitsZero()
    {
        const Run run = report({ u"--kubeconfig"_s, m_kubeconfig, u"--context"_s, u"calico"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject calico = run.cluster(u"calico"_s);
        QCOMPARE(calico.value(u"state").toString(), u"Live"_s);
        QCOMPARE(calico.value(u"version").toString(), u"v1.29.4"_s);
        QCOMPARE(calico.value(u"nodes").toObject().value(u"total").toInt(), 4);
        QCOMPARE(calico.value(u"nodes").toObject().value(u"ready").toInt(), 4);
        const QJsonObject pods = calico.value(u"pods").toObject();
        QVERIFY(pods.value(u"total").toInt() > 10);
        QVERIFY(pods.value(u"byPhase").toObject().value(u"Running").toInt() > 5);
        // The db StatefulSet has a pod in a crash loop (scenario fault).
        bool crashLoop = false;
        for (const QJsonValue& pod : pods.value(u"failing").toArray())
            crashLoop = crashLoop || pod.toObject().value(u"name").toString().startsWith(u"db-"_s);
        QVERIFY2(crashLoop, run.out.constData());
        const QJsonObject cni = calico.value(u"cni").toObject();
        QCOMPARE(cni.value(u"plugin").toString(), u"Calico"_s);
        QCOMPARE(cni.value(u"encapsulation").toString(), u"IPIP CrossSubnet"_s);
        QCOMPARE(cni.value(u"bgp").toString(), u"route reflectors"_s);
        bool containerd = false;
        for (const QJsonValue& r : calico.value(u"runtimes").toArray()) {
            const QJsonObject runtime = r.toObject();
            containerd = containerd
                || (runtime.value(u"name").toString() == u"containerd"_s
                    && runtime.value(u"version").toString() == u"1.7.13"_s && runtime.value(u"nodes").toInt() >= 3);
        }
        QVERIFY2(containerd, run.out.constData());
        QCOMPARE(calico.value(u"hpas").toObject().value(u"total").toInt(), 1);
        QCOMPARE(run.json().value(u"summary").toObject().value(u"allLive").toBool(), true);
    }

    void failedClustersExitTwo()
    {
        const Run run = report({ u"--kubeconfig"_s, m_kubeconfig, u"--context"_s, u"[dfr]*"_s, u"-o"_s, u"json"_s });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.json().value(u"clusters").toArray().size(), 4); // down, flannel, forbidden, revoked
        QCOMPARE(run.cluster(u"down"_s).value(u"state").toString(), u"Unreachable"_s);
        QCOMPARE(run.cluster(u"revoked"_s).value(u"state").toString(), u"AuthFailed"_s);
        QCOMPARE(run.cluster(u"forbidden"_s).value(u"state").toString(), u"Degraded"_s);
        QCOMPARE(
            run.cluster(u"forbidden"_s).value(u"reason").toString(), u"forbidden: pods, horizontalpodautoscalers"_s);
        QCOMPARE(run.cluster(u"forbidden"_s).value(u"forbidden").toArray().size(), 2);
        const QJsonObject flannel = run.cluster(u"flannel"_s);
        QCOMPARE(flannel.value(u"state").toString(), u"Live"_s);
        QCOMPARE(flannel.value(u"cni").toObject().value(u"plugin").toString(), u"flannel"_s);
        QCOMPARE(flannel.value(u"cni").toObject().value(u"backend").toString(), u"vxlan"_s);
        QCOMPARE(flannel.value(u"runtimes").toArray().first().toObject().value(u"name").toString(), u"cri-o"_s);
        QCOMPARE(flannel.value(u"metricsApis").toObject().value(u"metrics.k8s.io").toString(), u"absent"_s);
    }

    // A cluster that never settles (throttled for good) is reported as it is at the timeout.
    void timeoutReportsWhatItHas()
    {
        const Run run = report({ u"--kubeconfig"_s, m_kubeconfig, u"--timeout"_s, u"4"_s });
        QCOMPARE(run.exitCode, 2);
        const QString table = QString::fromUtf8(run.out);
        QVERIFY2(table.startsWith(u"CLUSTER"_s), run.out.constData());
        for (const char* name : { "calico", "flannel", "slow", "down", "revoked", "forbidden", "throttled" })
            QVERIFY2(table.contains(QLatin1StringView(name)), run.out.constData());
        QVERIFY(table.contains(u"Unreachable"_s));
        QVERIFY(table.contains(u"AuthFailed"_s));
        QVERIFY(run.err.contains("gave up waiting"));
    }

    void yamlOutput()
    {
        const Run run = report({ u"--kubeconfig"_s, m_kubeconfig, u"--context"_s, u"slow"_s, u"-o"_s, u"yaml"_s });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("state: \"Live\""), run.out.constData());
        QVERIFY(run.out.contains("allLive: true"));
    }

    void usageErrorsExitOne_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("format") << QStringList { u"-o"_s, u"xml"_s };
        QTest::newRow("timeout") << QStringList { u"--timeout"_s, u"soon"_s };
        QTest::newRow("no match") << QStringList { u"--kubeconfig"_s, u"@KUBECONFIG@"_s, u"--context"_s,
            u"nothing-*"_s };
        QTest::newRow("stray argument") << QStringList { u"calico"_s };
        QTest::newRow("unknown option") << QStringList { u"--colour"_s };
        QTest::newRow("demo with kubeconfig") << QStringList { u"--demo"_s, u"--kubeconfig"_s, u"@KUBECONFIG@"_s };
    }
    void usageErrorsExitOne()
    {
        QFETCH(QStringList, arguments);
        arguments.replaceInStrings(u"@KUBECONFIG@"_s, m_kubeconfig);
        const Run run = report(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        QVERIFY(run.err.startsWith("minato report: "));
    }

    void helpExitsZero()
    {
        const Run run = report({ u"--help"_s });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith("Usage: minato report"));
    }

    // The built-in demo fleet, served by the report itself: one cluster is Degraded by design
    // (RBAC hides its events), so the report exits 2.
    void demo()
    {
        const Run run = report({ u"--demo"_s, u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 2, run.err.constData());
        const QJsonObject summary = run.json().value(u"summary").toObject();
        QCOMPARE(summary.value(u"clusters").toInt(), 13);
        QVERIFY(summary.value(u"live").toInt() >= 10);
        QCOMPARE(run.cluster(u"data-prod-eu2"_s).value(u"reason").toString(), u"forbidden: events"_s);
        QCOMPARE(run.cluster(u"pay-prod-eu1"_s).value(u"team").toString(), u"payments"_s);
        QCOMPARE(run.cluster(u"pay-dev"_s).value(u"cni").toObject().value(u"plugin").toString(), u"flannel"_s);
    }
};

QTEST_GUILESS_MAIN(TestReportCommand)
#include "tst_reportcommand.moc"
