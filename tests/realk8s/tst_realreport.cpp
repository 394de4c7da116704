// SPDX-License-Identifier: Apache-2.0
// The built `minato report -o json` against a real Kubernetes 1.20 fleet (tests/realk8s),
// compared with kubectl's view through the same contexts: states, versions, node and pod
// counts, runtimes, CNI, HPAs, and the limited user's forbidden kinds.
// Needs a started and seeded fleet in MINATO_REALK8S_DIR: smoke.sh runs it that way.
#include "realfleet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

bool nodeReady(const QJsonObject& node)
{
    for (const QJsonValue& c : node.value(u"status").toObject().value(u"conditions").toArray()) {
        if (c.toObject().value(u"type").toString() == u"Ready"_s)
            return c.toObject().value(u"status").toString() == u"True"_s;
    }
    return false;
}

} // namespace

class TestRealReport : public QObject
{
    Q_OBJECT
private:
    std::optional<RealFleet> m_fleet;
    QJsonObject m_report;
    int m_exitCode = -1;

    QJsonObject cluster(const QString& name) const
    {
        for (const QJsonValue& c : m_report.value(u"clusters").toArray()) {
            if (c.toObject().value(u"name").toString() == name)
                return c.toObject();
        }
        return {};
    }
    QJsonArray items(const QString& context, const QString& path) const
    {
        QString error;
        const auto result = m_fleet->rawItems(context, path, &error);
        if (!result)
            qWarning("kubectl %s %s: %s", qPrintable(context), qPrintable(path), qPrintable(error));
        return result.value_or(QJsonArray());
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fleet = RealFleet::fromEnvironment();
        if (!m_fleet)
            QFAIL("MINATO_REALK8S_DIR names no started fleet; run this through tests/realk8s/smoke.sh");
        QProcess process;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_fleet->path(u"home-realreport"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_fleet->path(u"home-realreport"_s));
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MINATO_BINARY),
            { u"report"_s, u"--kubeconfig"_s, m_fleet->kubeconfig(), u"-o"_s, u"json"_s, u"--timeout"_s, u"90"_s });
        QVERIFY(process.waitForFinished(120000));
        m_exitCode = process.exitCode();
        const QByteArray out = process.readAllStandardOutput();
        m_report = QJsonDocument::fromJson(out).object();
        QVERIFY2(!m_report.isEmpty(), process.readAllStandardError().constData());
        for (const QJsonValue& c : m_report.value(u"clusters").toArray()) {
            const QJsonObject o = c.toObject();
            qInfo("%s: %s, %d nodes, %d pods, CNI %s", qPrintable(o.value(u"name").toString()),
                qPrintable(o.value(u"state").toString()), o.value(u"nodes").toObject().value(u"total").toInt(),
                o.value(u"pods").toObject().value(u"total").toInt(),
                qPrintable(o.value(u"cni").toObject().value(u"plugin").toString()));
        }
    }

    // Three clusters Live; the limited user's Degraded, so the report exits 2.
    void states()
    {
        QCOMPARE(m_report.value(u"clusters").toArray().size(), 5);
        for (const QString& context : { u"real-token"_s, u"real-cert"_s, u"real-exec"_s, u"real-v1beta1"_s })
            QCOMPARE(cluster(context).value(u"state").toString(), u"Live"_s);
        const QJsonObject limited = cluster(u"real-limited"_s);
        QCOMPARE(limited.value(u"state").toString(), u"Degraded"_s);
        const QStringList forbidden = limited.value(u"forbidden").toVariant().toStringList();
        QVERIFY2(forbidden.contains(u"pods"_s) && forbidden.contains(u"horizontalpodautoscalers"_s),
            qPrintable(forbidden.join(u", "_s)));
        for (const QString& kind : forbidden)
            QVERIFY(limited.value(u"reason").toString().contains(kind));
        QCOMPARE(m_exitCode, 2);
        QCOMPARE(m_report.value(u"summary").toObject().value(u"allLive").toBool(), false);
    }

    void countsMatchKubectl_data()
    {
        QTest::addColumn<QString>("context");
        for (const char* c : { "real-token", "real-cert", "real-exec", "real-v1beta1" })
            QTest::newRow(c) << QString::fromLatin1(c);
    }
    void countsMatchKubectl()
    {
        QFETCH(QString, context);
        const QJsonObject c = cluster(context);
        QCOMPARE(c.value(u"version").toString(), u"v1.20.2"_s);

        const QJsonArray nodes = items(context, u"/api/v1/nodes"_s);
        int ready = 0;
        QMap<QString, int> runtimes; // "containerd 1.4.3" → nodes
        for (const QJsonValue& v : nodes) {
            ready += nodeReady(v.toObject()) ? 1 : 0;
            QString runtime = v.toObject()
                                  .value(u"status")
                                  .toObject()
                                  .value(u"nodeInfo")
                                  .toObject()
                                  .value(u"containerRuntimeVersion")
                                  .toString();
            ++runtimes[runtime.replace(u"://"_s, u" "_s)];
        }
        QCOMPARE(c.value(u"nodes").toObject().value(u"total").toInt(), nodes.size());
        QCOMPARE(c.value(u"nodes").toObject().value(u"ready").toInt(), ready);
        QMap<QString, int> reported;
        for (const QJsonValue& r : c.value(u"runtimes").toArray()) {
            const QJsonObject runtime = r.toObject();
            reported.insert(runtime.value(u"name").toString() + u' ' + runtime.value(u"version").toString(),
                runtime.value(u"nodes").toInt());
        }
        QCOMPARE(reported, runtimes);

        const QJsonArray pods = items(context, u"/api/v1/pods"_s);
        QCOMPARE(c.value(u"pods").toObject().value(u"total").toInt(), pods.size());
        QMap<QString, int> phases;
        for (const QJsonValue& p : pods)
            ++phases[p.toObject().value(u"status").toObject().value(u"phase").toString()];
        const QJsonObject byPhase = c.value(u"pods").toObject().value(u"byPhase").toObject();
        for (auto it = phases.cbegin(); it != phases.cend(); ++it)
            QCOMPARE(byPhase.value(it.key()).toInt(), it.value());

        const QJsonArray hpas = items(context, u"/apis/autoscaling/v2beta2/horizontalpodautoscalers"_s);
        QCOMPARE(c.value(u"hpas").toObject().value(u"total").toInt(), hpas.size());
        // Without a metrics API every HPA is unable to scale, as kubectl's conditions say.
        QCOMPARE(c.value(u"hpas").toObject().value(u"unableToScale").toInt(), hpas.size());

        const bool calico = !items(context, u"/apis/crd.projectcalico.org/v1/ippools"_s).isEmpty();
        const bool flannel
            = m_fleet->kubectl(context, { u"-n"_s, u"kube-flannel"_s, u"get"_s, u"configmap"_s, u"kube-flannel-cfg"_s })
                  .ok();
        QCOMPARE(c.value(u"cni").toObject().value(u"plugin").toString(),
            calico        ? u"Calico"_s
                : flannel ? u"flannel"_s
                          : u"unknown"_s);
        QCOMPARE(c.value(u"metricsApis").toObject().value(u"metrics.k8s.io").toString(), u"absent"_s);
    }
};

QTEST_GUILESS_MAIN(TestRealReport)
#include "tst_realreport.moc"
