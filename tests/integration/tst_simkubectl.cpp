// SPDX-License-Identifier: Apache-2.0
// The yardstick: the real kubectl against every context of the kubeconfig the real
// minato-sim binary writes for its demo fleet. kubectl must list, get and watch everything
// it would against a real cluster, and must never have sent a mutating request.
#include "kubectlgeneration.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <vector>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestSimKubectl : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_kubectl;
    QProcess m_sim;
    QByteArray m_simOutput;
    QStringList m_contexts;

    QString kubeconfig() const { return m_dir.filePath(QStringLiteral("kubeconfig")); }
    QString statsFile() const { return m_dir.filePath(QStringLiteral("stats.json")); }

    QProcessEnvironment kubectlEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        // kubectl caches discovery under $HOME/.kube; never touch the real one.
        env.insert(QStringLiteral("HOME"), m_dir.filePath(QStringLiteral("home")));
        env.insert(QStringLiteral("KUBECONFIG"), kubeconfig());
        env.remove(QStringLiteral("KUBERNETES_SERVICE_HOST"));
        return env;
    }

    // The demo's timeline throttles, revokes a token and cuts a cluster off for a while; a real
    // user would retry, and so does the test, bounded, for failures those faults explain.
    Run kubectl(const QString& context, const QStringList& arguments)
    {
        QElapsedTimer elapsed;
        elapsed.start();
        for (;;) {
            Run run = kubectlOnce(context, arguments);
            const bool faulted = run.err.contains("Unauthorized") || run.err.contains("TooManyRequests")
                || run.err.contains("Too many requests") || run.err.contains("connection reset")
                || run.err.contains("EOF") || run.err.contains("connection refused")
                // kubectl honours a throttled cluster's Retry-After until its request timeout ends.
                || run.err.contains("client rate limiter Wait returned an error");
            if (run.exitCode == 0 || !faulted || elapsed.elapsed() > 120000)
                return run;
            QTest::qWait(500);
        }
    }

    Run kubectlOnce(const QString& context, const QStringList& arguments)
    {
        QProcess process;
        process.setProcessEnvironment(kubectlEnvironment());
        QStringList all { QStringLiteral("--context"), context, QStringLiteral("--request-timeout=30s") };
        all += arguments;
        process.start(m_kubectl, all);
        Run run;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished(5000);
            run.err = "kubectl did not finish within 60 s";
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    void addContextRows()
    {
        QTest::addColumn<QString>("context");
        for (const QString& context : m_contexts)
            QTest::newRow(qPrintable(context)) << context;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // No kubectl is a failure, not a skip: the install script provides one.
        const KubectlGeneration kubectl = KubectlGeneration::probe();
        QVERIFY2(kubectl.isValid(), qPrintable(kubectl.error()));
        m_kubectl = kubectl.executable();
        qInfo("against %s", qPrintable(kubectl.describe()));
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath(QStringLiteral("home")));

        connect(
            &m_sim, &QProcess::readyReadStandardOutput, this, [this] { m_simOutput += m_sim.readAllStandardOutput(); });
        m_sim.setProcessChannelMode(QProcess::SeparateChannels);
        m_sim.setReadChannel(QProcess::StandardOutput);
        // Three times real time: pods churn soon enough for the watch test, while the scripted
        // fault windows (throttling at 2 min, a revoked token at 8 min …) stay short.
        m_sim.start(QStringLiteral(MINATO_SIM_BINARY),
            { QStringLiteral("--kubeconfig-out"), kubeconfig(), QStringLiteral("--stats-out"), statsFile(),
                QStringLiteral("--speed"), QStringLiteral("3") });
        QVERIFY2(m_sim.waitForStarted(10000), qPrintable(m_sim.errorString()));
        // The one ready line, printed once every listener is up and the worlds are seeded.
        QTRY_VERIFY_WITH_TIMEOUT(m_simOutput.contains('\n') || m_sim.state() != QProcess::Running, 60000);
        QVERIFY2(m_simOutput.startsWith("minato-sim ready: "), m_simOutput.constData());
        QVERIFY(m_simOutput.trimmed().endsWith(kubeconfig().toUtf8()));

        QProcess contexts;
        contexts.setProcessEnvironment(kubectlEnvironment());
        contexts.start(m_kubectl,
            { QStringLiteral("config"), QStringLiteral("get-contexts"), QStringLiteral("-o"), QStringLiteral("name") });
        QVERIFY(contexts.waitForFinished(30000));
        m_contexts = QString::fromUtf8(contexts.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY(m_contexts.size() >= 2);
    }

    void getNodes_data() { addContextRows(); }
    void getNodes()
    {
        QFETCH(QString, context);
        const Run run = kubectl(context, { QStringLiteral("get"), QStringLiteral("nodes") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.startsWith("NAME "));
        QVERIFY(run.out.count('\n') >= 2);
    }

    void getPodsAllNamespaces_data() { addContextRows(); }
    void getPodsAllNamespaces()
    {
        QFETCH(QString, context);
        const Run run = kubectl(context, { QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.startsWith("NAMESPACE "));
        QVERIFY(run.out.contains("kube-system"));
    }

    void getHpaAllNamespaces_data() { addContextRows(); }
    void getHpaAllNamespaces()
    {
        QFETCH(QString, context);
        const Run run = kubectl(context, { QStringLiteral("get"), QStringLiteral("hpa"), QStringLiteral("-A") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    void rawDiscoveryAndCalico_data() { addContextRows(); }
    void rawDiscoveryAndCalico()
    {
        QFETCH(QString, context);
        const Run raw = kubectl(context, { QStringLiteral("get"), QStringLiteral("--raw"), QStringLiteral("/apis") });
        QVERIFY2(raw.exitCode == 0, raw.err.constData());
        const QJsonObject groups = QJsonDocument::fromJson(raw.out).object();
        QCOMPARE(groups.value(QStringLiteral("kind")).toString(), QStringLiteral("APIGroupList"));
        bool calico = false;
        for (const QJsonValue& group : groups.value(QStringLiteral("groups")).toArray())
            calico = calico
                || group.toObject().value(QStringLiteral("name")).toString() == QLatin1String("crd.projectcalico.org");

        const Run pools = kubectl(context, { QStringLiteral("get"), QStringLiteral("ippools.crd.projectcalico.org") });
        if (calico) {
            QVERIFY2(pools.exitCode == 0, pools.err.constData());
            QVERIFY(pools.out.startsWith("NAME "));
        } else {
            // A flannel cluster has no Calico CRDs; kubectl says so, as against a real one.
            QVERIFY(pools.exitCode != 0);
            QVERIFY2(pools.err.contains("the server doesn't have a resource type"), pools.err.constData());
        }
    }

    void getPodAsYaml_data() { addContextRows(); }
    void getPodAsYaml()
    {
        QFETCH(QString, context);
        const Run list = kubectl(context,
            { QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"), QStringLiteral("-o"),
                QStringLiteral("jsonpath={range .items[*]}{.metadata.namespace} "
                               "{.metadata.name}{\"\\n\"}{end}") });
        QVERIFY2(list.exitCode == 0, list.err.constData());
        const QList<QByteArray> first = list.out.left(list.out.indexOf('\n')).split(' ');
        QCOMPARE(first.size(), 2);
        const Run pod = kubectl(context,
            { QStringLiteral("get"), QStringLiteral("pod"), QString::fromUtf8(first[1]), QStringLiteral("-n"),
                QString::fromUtf8(first[0]), QStringLiteral("-o"), QStringLiteral("yaml") });
        QVERIFY2(pod.exitCode == 0, pod.err.constData());
        QVERIFY(pod.out.startsWith("apiVersion: v1\nkind: Pod\n"));
        QVERIFY(pod.out.contains(QByteArray("  name: " + first[1] + '\n')));
        QVERIFY(pod.out.contains("resourceVersion: "));
    }

    QMap<QString, QByteArray> podVersions(const QStringList& contexts)
    {
        QMap<QString, QByteArray> versions;
        for (const QString& context : contexts) {
            const Run run = kubectl(context,
                { QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"), QStringLiteral("-o"),
                    QStringLiteral("jsonpath={range .items[*]}{.metadata.namespace}/"
                                   "{.metadata.name}={.metadata.resourceVersion} {end}") });
            versions.insert(context, run.out);
        }
        return versions;
    }

    void watchPodsSeesChanges()
    {
        // kubectl get pods -A --watch-only on every context at once: it prints nothing for the
        // initial list, so each line is a change the server pushed.
        std::vector<std::unique_ptr<QProcess>> watches;
        QMap<QString, QByteArray> seen;
        const QMap<QString, QByteArray> before = podVersions(m_contexts);
        for (const QString& context : m_contexts) {
            auto watch = std::make_unique<QProcess>();
            watch->setProcessEnvironment(kubectlEnvironment());
            QProcess* process = watch.get();
            connect(process, &QProcess::readyReadStandardOutput, this,
                [process, context, &seen] { seen[context] += process->readAllStandardOutput(); });
            watch->start(m_kubectl,
                { QStringLiteral("--context"), context, QStringLiteral("get"), QStringLiteral("pods"),
                    QStringLiteral("-A"), QStringLiteral("--watch-only"), QStringLiteral("-o"),
                    QStringLiteral("name") });
            QVERIFY(watch->waitForStarted(10000));
            watches.push_back(std::move(watch));
        }
        // Some demo clusters have no pod churn at all, so this wait may run out without failing.
        QElapsedTimer waited;
        waited.start();
        while (seen.size() < m_contexts.size() && waited.elapsed() < 45000)
            QTest::qWait(200);

        // A change made before a kubectl had listed is rightly not shown by its watch, and nothing
        // tells when that list happened. So the oracle only holds the watches to changes made after
        // this mark, long after every kubectl started.
        QStringList unseen;
        for (const QString& context : m_contexts)
            if (!seen.contains(context))
                unseen << context;
        const QMap<QString, QByteArray> mark = podVersions(unseen);
        waited.restart();
        while (std::any_of(unseen.cbegin(), unseen.cend(), [&seen](const QString& c) { return !seen.contains(c); })
            && waited.elapsed() < 20000)
            QTest::qWait(200);
        const QMap<QString, QByteArray> afterMark = podVersions(unseen);
        for (const QString& context : unseen) {
            if (mark.value(context) == afterMark.value(context))
                continue;
            // The simulator changed pods of this cluster after the mark: kubectl's watch must show it.
            QTRY_VERIFY2_WITH_TIMEOUT(seen.value(context).startsWith("pod/"), qPrintable(context), 15000);
        }
        for (const auto& watch : watches) {
            watch->terminate();
            watch->waitForFinished(10000);
        }
        const QMap<QString, QByteArray> after = podVersions(m_contexts);
        int changed = 0;
        for (const QString& context : m_contexts)
            if (before.value(context) != after.value(context))
                ++changed;
        for (const QString& context : seen.keys())
            QVERIFY2(seen.value(context).startsWith("pod/"), qPrintable(context));
        qInfo("pods changed on %d of %d contexts; kubectl saw changes on %d", changed, int(m_contexts.size()),
            int(seen.size()));
        QVERIFY2(changed >= m_contexts.size() / 2, "the demo fleet's pods should churn on most clusters");
        QVERIFY2(!seen.isEmpty(), "kubectl's watches showed no change at all");
    }

    void cleanupTestCase()
    {
        if (m_sim.state() != QProcess::Running)
            return;
        // SIGTERM: a clean stop, exit code 0, the stats file written.
        QSignalSpy finished(&m_sim, &QProcess::finished);
        m_sim.terminate();
        QVERIFY(finished.wait(30000) || m_sim.state() == QProcess::NotRunning);
        QCOMPARE(m_sim.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_sim.exitCode(), 0);

        QFile file(statsFile());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject stats = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY(stats.value(QStringLiteral("total")).toInt() > 0);
        // kubectl get/watch never tried to change anything.
        QCOMPARE(stats.value(QStringLiteral("mutating")).toInt(), 0);
        for (const QJsonValue& cluster : stats.value(QStringLiteral("clusters")).toArray())
            QVERIFY(cluster.toObject().value(QStringLiteral("total")).toInt() > 0);
    }
};

QTEST_GUILESS_MAIN(TestSimKubectl)
#include "tst_simkubectl.moc"
