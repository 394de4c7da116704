// SPDX-License-Identifier: Apache-2.0
// Why the real 1.20 fleet's HPAs do not scale (issue #13): the fleet has no metrics-server, so
// the genuine HPA controller sets ScalingActive=False/FailedGetResourceMetric. Through the engine
// (a FleetEngine session and its store, as the autoscaling tab reads them) the diagnosis of each
// HPA seeded in token.yaml must name exactly that: v1beta1.metrics.k8s.io absent, the target
// there with a scale subresource, the cpu requests set, the controller's own messages quoted,
// "unable to scale". Then the built `minato autoscaling -o json` must say the same. Every fact is
// compared with kubectl through the same context.
// Needs a started and seeded fleet in MINATO_REALK8S_DIR: smoke.sh runs it that way.
#include "analysis/autoscalingreport.h"
#include "analysis/hpadiagnosis.h"
#include "analysis/ruleinput.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"

#include "realfleet.h"
#include "testkinds.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

using namespace minato;
using namespace minato::analysis;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

namespace {

constexpr int SettleMs = 90000;
constexpr int ControllerMs = 45000; // three passes of the HPA controller (15 s sync period)
constexpr qint64 DayMs = 24 * 3600 * 1000;
const QString Token = u"real-token"_s;
const QString Reason = u"FailedGetResourceMetric"_s;

const DiagnosisStep* step(const HpaDiagnosis& d, const QString& id)
{
    for (const DiagnosisStep& s : d.steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

QString evidence(const DiagnosisStep* s, const QString& field)
{
    if (s)
        for (const Evidence& e : s->evidence)
            if (e.field == field)
                return e.value;
    return u"(no evidence %1)"_s.arg(field);
}

QString verdictOf(const HpaDiagnosis& d, const QString& id)
{
    const DiagnosisStep* s = step(d, id);
    return s ? checkVerdictName(s->verdict) : u"(no step %1)"_s.arg(id);
}

QStringList idsWith(const HpaDiagnosis& d, CheckVerdict verdict)
{
    QStringList out;
    for (const DiagnosisStep& s : d.steps)
        if (s.verdict == verdict)
            out << s.id;
    return out;
}

QJsonObject condition(const QJsonObject& hpa, const QString& type)
{
    for (const QJsonValue& v : hpa.value(u"status").toObject().value(u"conditions").toArray())
        if (v.toObject().value(u"type").toString() == type)
            return v.toObject();
    return {};
}

QString describe(const HpaDiagnosis& d)
{
    QStringList lines { hpaStateName(d.state) + u": "_s + d.cause };
    for (const DiagnosisStep& s : d.steps)
        lines << u"  %1 %2 %3"_s.arg(checkVerdictName(s.verdict), s.id, s.detail);
    return lines.join(u'\n');
}

} // namespace

class TestRealAutoscaling : public QObject
{
    Q_OBJECT
private:
    std::optional<RealFleet> m_fleet;
    std::unique_ptr<FleetEngine> m_engine;

    ClusterSession* token() const { return m_engine->session(Token); }
    const HpaInfo* storeHpa(const QString& id) const
    {
        for (const HpaInfo& hpa : token()->store()->hpas())
            if (hpa.meta.id() == id)
                return &hpa;
        return nullptr;
    }
    // The diagnosis as the autoscaling tab builds it: AutoscalingRow::of on the session's store.
    std::optional<AutoscalingRow> row(const QString& id, qint64 nowMs) const
    {
        const HpaInfo* hpa = storeHpa(id);
        if (!hpa)
            return std::nullopt;
        return AutoscalingRow::of(token()->facts(), *token()->store(), *hpa, nowMs, nowMs - DayMs);
    }
    QJsonObject kubectlObject(const QString& path) const
    {
        const RealFleet::Result r = m_fleet->kubectl(Token, { u"get"_s, u"--raw"_s, path });
        if (!r.ok())
            qWarning("kubectl get --raw %s: %s", qPrintable(path), r.err.constData());
        return r.json();
    }
    // The controller's FailedGetResourceMetric event about one metric of the HPA, as kubectl reads it.
    QString kubectlEventMessage(const QString& nameSpace, const QString& name, const QString& metric) const
    {
        const auto events = m_fleet->rawItems(Token, u"/api/v1/namespaces/%1/events"_s.arg(nameSpace));
        for (const QJsonValue& v : events.value_or(QJsonArray())) {
            const QJsonObject e = v.toObject();
            const QString message = e.value(u"message").toString();
            if (e.value(u"reason").toString() == Reason
                && e.value(u"involvedObject").toObject().value(u"kind").toString() == u"HorizontalPodAutoscaler"_s
                && e.value(u"involvedObject").toObject().value(u"name").toString() == name
                && message.startsWith(u"failed to get %1 "_s.arg(metric)))
                return message;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fleet = RealFleet::fromEnvironment();
        if (!m_fleet)
            QFAIL("MINATO_REALK8S_DIR names no started fleet; run this through tests/realk8s/smoke.sh");
        qRegisterMetaType<SessionStatus>();
        FleetLoadOptions load;
        load.kubeconfigFiles = { m_fleet->kubeconfig() };
        load.environment = QProcessEnvironment();
        load.environment.insert(u"HOME"_s, m_fleet->path(u"home-realautoscaling"_s));
        load.environment.insert(u"XDG_CONFIG_HOME"_s, m_fleet->path(u"home-realautoscaling"_s));
        load.environment.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        FleetLoadResult fleet = FleetLoader::load(load);
        // The HPAs of token.yaml live in cluster token; its reader context is enough here.
        fleet.fleet.clusters.removeIf([](const FleetCluster& c) { return c.name() != Token; });
        QCOMPARE(fleet.fleet.clusters.size(), 1);
        m_engine = std::make_unique<FleetEngine>(testCatalog(), FleetEngineOptions());
        m_engine->setFleet(fleet.fleet, fleet.fleetConfig);
        m_engine->start();
        QTRY_VERIFY2_WITH_TIMEOUT(token()->state() == SessionState::Live,
            qPrintable(sessionStateName(token()->state()) + u" "_s + token()->status().reason), SettleMs);
    }

    void cleanupTestCase() { m_engine.reset(); }

    // The cause, as the cluster shows it to kubectl: no APIService for metrics.k8s.io, no such
    // group, no metrics-server pod.
    void noMetricsApiAsKubectlSeesIt()
    {
        const RealFleet::Result apiService
            = m_fleet->kubectl(Token, { u"get"_s, u"apiservice"_s, u"v1beta1.metrics.k8s.io"_s });
        QVERIFY2(!apiService.ok() && apiService.err.contains("NotFound"), apiService.err.constData());
        const RealFleet::Result group = m_fleet->kubectl(Token, { u"get"_s, u"--raw"_s, u"/apis/metrics.k8s.io/v1beta1"_s });
        QVERIFY2(!group.ok() && group.err.contains("NotFound"), group.err.constData());
        const auto pods = m_fleet->rawItems(Token, u"/api/v1/pods?labelSelector=k8s-app%3Dmetrics-server"_s);
        QVERIFY(pods && pods->isEmpty());
        for (const ApiServiceInfo& service : token()->store()->apiServices())
            QVERIFY2(service.group != u"metrics.k8s.io"_s, qPrintable(service.meta.name));
    }

    void diagnosisSaysExactlyWhy_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QStringList>("metrics"); // the resources of spec.metrics, as seeded
        QTest::addColumn<QString>("cpuRequest"); // token.yaml's request of the target's container
        QTest::newRow("payments/api") << u"payments/api"_s << QStringList { u"cpu"_s } << u"250m"_s;
        QTest::newRow("checkout/frontend") << u"checkout/frontend"_s << QStringList { u"cpu"_s, u"memory"_s } << u"200m"_s;
    }
    void diagnosisSaysExactlyWhy()
    {
        QFETCH(QString, id);
        QFETCH(QStringList, metrics);
        QFETCH(QString, cpuRequest);
        const QString nameSpace = id.section(u'/', 0, 0);
        const QString name = id.section(u'/', 1);
        const QString hpaPath = u"/apis/autoscaling/v2beta2/namespaces/%1/horizontalpodautoscalers/%2"_s.arg(nameSpace, name);

        // The controller sets ScalingActive=False and emits one event per metric it could not
        // read; the store has the condition as kubectl reads it, and the events.
        // QTRY counts only its waits, not the time its expression takes: kubectl runs at most
        // every 2 s, the store and the diagnosis are read on every poll.
        QJsonObject theirs;
        QHash<QString, QString> eventMessages; // by metric
        QElapsedTimer sinceKubectl;
        const auto readKubectl = [&] {
            if (sinceKubectl.isValid() && sinceKubectl.elapsed() < 2000)
                return;
            theirs = kubectlObject(hpaPath);
            for (const QString& metric : std::as_const(metrics))
                eventMessages.insert(metric, kubectlEventMessage(nameSpace, name, metric));
            sinceKubectl.start();
        };
        QString activeMessage;
        QString waiting; // what the last poll still missed
        QTRY_VERIFY2_WITH_TIMEOUT(
            [&] {
                readKubectl();
                const QJsonObject active = condition(theirs, u"ScalingActive"_s);
                activeMessage = active.value(u"message").toString();
                waiting = u"kubectl: ScalingActive=%1/%2"_s.arg(
                    active.value(u"status").toString(), active.value(u"reason").toString());
                if (active.value(u"status").toString() != u"False"_s || active.value(u"reason").toString() != Reason)
                    return false;
                for (const QString& metric : std::as_const(metrics)) {
                    waiting = u"kubectl: no %1 event about %2"_s.arg(Reason, metric);
                    if (eventMessages.value(metric).isEmpty())
                        return false;
                }
                const HpaInfo* ours = storeHpa(id);
                waiting = u"the store's ScalingActive differs from kubectl's"_s;
                if (!ours || !ours->scalingActive.isFalse() || ours->scalingActive.reason != Reason
                    || ours->scalingActive.message != activeMessage)
                    return false;
                const std::optional<AutoscalingRow> r = row(id, QDateTime::currentMSecsSinceEpoch());
                for (const QString& metric : std::as_const(metrics)) {
                    for (const DiagnosisStep& s : r->diagnosis.steps) {
                        // That metric's own event may not have reached the store yet.
                        waiting = u"%1 does not quote the controller's words about %2: %3"_s.arg(s.id, metric, s.detail);
                        if (s.id.startsWith(u"metric.served:"_s + metric)
                            && !s.detail.contains(u"failed to get %1 "_s.arg(metric)))
                            return false;
                    }
                }
                return true;
            }(),
            qPrintable(id + u": "_s + waiting), ControllerMs);
        qInfo("%s ScalingActive=False/%s: %s", qPrintable(id), qPrintable(Reason), qPrintable(activeMessage));
        const QString ableMessage = condition(theirs, u"AbleToScale"_s).value(u"message").toString();
        qInfo("%s AbleToScale=%s/%s: %s", qPrintable(id),
            qPrintable(condition(theirs, u"AbleToScale"_s).value(u"status").toString()),
            qPrintable(condition(theirs, u"AbleToScale"_s).value(u"reason").toString()), qPrintable(ableMessage));
        // The 1.20 wording: the root cause is in the message, not only in the reason.
        QVERIFY2(activeMessage.startsWith(u"the HPA was unable to compute the replica count: failed to get "_s)
                && activeMessage.contains(u"unable to fetch metrics from resource metrics API"_s)
                && activeMessage.contains(u"(get pods.metrics.k8s.io)"_s),
            qPrintable(activeMessage));

        // spec.metrics in the order the server serves them (1.20 keeps a v2beta2 HPA as
        // autoscaling/v1: the cpu target comes back after the others), which is the order the
        // controller tries them in and the diagnosis walks them.
        QStringList served;
        for (const QJsonValue& m : theirs.value(u"spec").toObject().value(u"metrics").toArray())
            served << m.toObject().value(u"resource").toObject().value(u"name").toString();
        QStringList ours;
        for (const HpaMetric& m : storeHpa(id)->metrics)
            ours << m.name;
        QCOMPARE(ours, served);
        QCOMPARE(QSet<QString>(served.cbegin(), served.cend()), QSet<QString>(metrics.cbegin(), metrics.cend()));
        qInfo("%s spec.metrics as served: %s", qPrintable(id), qPrintable(served.join(u", "_s)));
        // ScalingActive quotes the first metric that failed: the first one served.
        QVERIFY2(activeMessage.contains(u"failed to get %1 utilization"_s.arg(served.first())), qPrintable(activeMessage));

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const AutoscalingRow r = *row(id, now);
        const HpaDiagnosis& d = r.diagnosis;
        const QString all = describe(d);

        // Unable to scale, because metrics.k8s.io is not registered: the first failure.
        QCOMPARE(d.state, HpaState::UnableToScale);
        QCOMPARE(hpaStateName(d.state), u"unable to scale"_s);
        QVERIFY2(d.firstFailure(), qPrintable(all));
        QCOMPARE(d.firstFailure()->id, u"metrics-api.metrics"_s);
        QCOMPARE(d.cause, u"No APIService serves metrics.k8s.io: metrics-server is not installed."_s);
        QCOMPARE(evidence(step(d, u"metrics-api.metrics"_s), u"v1beta1.metrics.k8s.io"_s), u"absent"_s);
        // No metrics-server pod to look at: the APIService step decides.
        QCOMPARE(verdictOf(d, u"metrics-server.pods"_s), u"unknown"_s);
        QCOMPARE(evidence(step(d, u"metrics-server.pods"_s), u"ready"_s), u"0/0"_s);

        // Exactly these fail: the API, each metric, the condition; nothing warns.
        QStringList expectedFailures { u"metrics-api.metrics"_s, u"condition.scaling-active"_s };
        for (const HpaMetric& m : storeHpa(id)->metrics)
            expectedFailures << u"metric.served:"_s + hpaMetricLabel(m);
        QStringList failures = idsWith(d, CheckVerdict::Fail);
        failures.sort();
        expectedFailures.sort();
        QVERIFY2(failures == expectedFailures, qPrintable(all));
        QVERIFY2(idsWith(d, CheckVerdict::Warn).isEmpty(), qPrintable(all));

        // The target exists, with the replicas kubectl reads, and the scale subresource the
        // controller read (AbleToScale, and kubectl reads the Scale itself).
        const QJsonObject deployment = kubectlObject(u"/apis/apps/v1/namespaces/%1/deployments/%2"_s.arg(nameSpace, name));
        const QJsonObject scale = kubectlObject(u"/apis/apps/v1/namespaces/%1/deployments/%2/scale"_s.arg(nameSpace, name));
        QCOMPARE(scale.value(u"kind").toString(), u"Scale"_s);
        QCOMPARE(verdictOf(d, u"target.exists"_s), u"pass"_s);
        QCOMPARE(evidence(step(d, u"target.exists"_s), u"replicas"_s),
            QString::number(scale.value(u"spec").toObject().value(u"replicas").toInt()));
        QCOMPARE(evidence(step(d, u"target.exists"_s), u"ready"_s),
            QString::number(deployment.value(u"status").toObject().value(u"readyReplicas").toInt()));
        QCOMPARE(verdictOf(d, u"target.scale"_s), u"pass"_s);
        QCOMPARE(evidence(step(d, u"target.scale"_s), u"AbleToScale"_s), u"True"_s);
        QCOMPARE(evidence(step(d, u"target.scale"_s), u"reason"_s), u"SucceededGetScale"_s);
        QCOMPARE(evidence(step(d, u"target.scale"_s), u"message"_s), evidenceMessage(ableMessage));
        QCOMPARE(verdictOf(d, u"bounds"_s), u"pass"_s);

        // The pods request cpu (the seed's and kubectl's value); only the utilization target needs
        // one, so frontend's memory AverageValue target has no requests step.
        const QJsonArray containers = deployment.value(u"spec").toObject().value(u"template").toObject()
                                          .value(u"spec").toObject().value(u"containers").toArray();
        QCOMPARE(containers.size(), 1);
        QCOMPARE(containers.first().toObject().value(u"resources").toObject().value(u"requests").toObject()
                     .value(u"cpu").toString(),
            cpuRequest);
        QCOMPARE(verdictOf(d, u"requests.cpu"_s), u"pass"_s);
        QCOMPARE(evidence(step(d, u"requests.cpu"_s), u"requests.cpu"_s), cpuRequest);
        QVERIFY2(!step(d, u"requests.memory"_s), qPrintable(all));

        // ScalingActive as the controller wrote it.
        const DiagnosisStep* active = step(d, u"condition.scaling-active"_s);
        QCOMPARE(verdictOf(d, u"condition.scaling-active"_s), u"fail"_s);
        QCOMPARE(active->detail, u"The controller cannot compute a replica count (FailedGetResourceMetric)."_s);
        QCOMPARE(evidence(active, u"ScalingActive"_s), u"False"_s);
        QCOMPARE(evidence(active, u"reason"_s), Reason);
        QCOMPARE(evidence(active, u"message"_s), evidenceMessage(activeMessage));

        // Each metric quotes the controller's words about that metric: the condition for the one
        // it names, its own event for the other.
        for (const HpaMetric& m : storeHpa(id)->metrics) {
            const QString label = hpaMetricLabel(m);
            const DiagnosisStep* s = step(d, u"metric.served:"_s + label);
            QVERIFY2(s, qPrintable(all));
            const bool named = m.name == served.first();
            const QString quoted = named ? activeMessage : eventMessages.value(m.name);
            qInfo("%s %s: %s", qPrintable(id), qPrintable(label), qPrintable(s->detail));
            QCOMPARE(s->detail, u"The controller could not read %1: %2"_s.arg(label, quoted));
            if (named) {
                QCOMPARE(evidence(s, u"reason"_s), Reason);
                QCOMPARE(evidence(s, u"message"_s), evidenceMessage(activeMessage));
            } else {
                QCOMPARE(evidence(s, u"currentMetrics"_s), u"no entry"_s);
            }
        }
        QVERIFY(theirs.value(u"status").toObject().value(u"currentMetrics").toArray().isEmpty());
        QVERIFY(storeHpa(id)->currentMetrics.isEmpty());
    }

    // `minato autoscaling -o json` on the whole fleet: the same diagnosis, step by step, for
    // the seeded HPAs, and every HPA of the fleet unable to scale.
    void commandJsonSaysTheSame()
    {
        QProcess process;
        QProcessEnvironment env;
        const QString home = m_fleet->path(u"home-realautoscaling"_s);
        env.insert(u"HOME"_s, home); // no recorded history: the activity comes from the events
        env.insert(u"XDG_CONFIG_HOME"_s, home);
        env.insert(u"XDG_DATA_HOME"_s, home);
        env.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MINATO_BINARY),
            { u"autoscaling"_s, u"--kubeconfig"_s, m_fleet->kubeconfig(), u"-o"_s, u"json"_s, u"--timeout"_s, u"90"_s });
        QVERIFY(process.waitForFinished(120000));
        const QByteArray err = process.readAllStandardError();
        const QJsonObject document = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QVERIFY2(!document.isEmpty(), err.constData());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // real-limited is Degraded (HPAs, pods … forbidden): exit 2, as minato report.
        QCOMPARE(process.exitCode(), 2);

        QHash<QString, QJsonObject> byKey; // "context namespace/name"
        for (const QJsonValue& v : document.value(u"hpas").toArray()) {
            const QJsonObject h = v.toObject();
            byKey.insert(h.value(u"cluster").toString() + u' ' + h.value(u"namespace").toString() + u'/'
                    + h.value(u"name").toString(),
                h);
        }
        for (const QString& id : { u"payments/api"_s, u"checkout/frontend"_s }) {
            const QJsonObject theirs = byKey.value(Token + u' ' + id);
            QVERIFY2(!theirs.isEmpty(), qPrintable(id));
            const AutoscalingRow ours = *row(id, now);
            QCOMPARE(theirs.value(u"state").toString(), u"unable to scale"_s);
            QCOMPARE(theirs.value(u"cause").toString(), ours.diagnosis.cause);
            QCOMPARE(theirs.value(u"target").toString(), u"Deployment/"_s + id.section(u'/', 1));
            const QJsonArray steps = theirs.value(u"diagnosis").toArray();
            QCOMPARE(steps.first().toObject().value(u"id").toString(), u"target.exists"_s);
            QJsonObject apiStep;
            for (const QJsonValue& s : steps)
                if (s.toObject().value(u"id").toString() == u"metrics-api.metrics"_s)
                    apiStep = s.toObject();
            QCOMPARE(apiStep.value(u"verdict").toString(), u"fail"_s);
            QCOMPARE(apiStep.value(u"evidence").toArray(),
                QJsonArray({ QJsonObject { { u"field"_s, u"v1beta1.metrics.k8s.io"_s }, { u"value"_s, u"absent"_s } } }));
            // Step for step what the engine's store gives the tab.
            const QJsonArray expected = AutoscalingRenderer::rowObject(ours, now).value(u"diagnosis").toArray();
            if (steps != expected)
                qWarning("minato autoscaling:\n%s\nthe engine:\n%s", QJsonDocument(steps).toJson().constData(),
                    QJsonDocument(expected).toJson().constData());
            QCOMPARE(steps, expected);
        }

        // Every HPA kubectl sees through a reader context is there, none scales; the limited
        // user may not list HPAs and has none.
        qsizetype total = 0;
        for (const QString& context : { u"real-token"_s, u"real-cert"_s, u"real-exec"_s, u"real-v1beta1"_s }) {
            const auto hpas = m_fleet->rawItems(context, u"/apis/autoscaling/v2beta2/horizontalpodautoscalers"_s);
            QVERIFY(hpas && !hpas->isEmpty());
            for (const QJsonValue& v : *hpas) {
                const QJsonObject meta = v.toObject().value(u"metadata").toObject();
                const QString key = context + u' ' + meta.value(u"namespace").toString() + u'/'
                    + meta.value(u"name").toString();
                QVERIFY2(byKey.contains(key), qPrintable(key));
                QVERIFY2(byKey.value(key).value(u"state").toString() == u"unable to scale"_s, qPrintable(key));
                qInfo("%s: %s", qPrintable(key), qPrintable(byKey.value(key).value(u"cause").toString()));
            }
            total += hpas->size();
        }
        QCOMPARE(byKey.size(), total);
        QCOMPARE(document.value(u"states").toObject(), QJsonObject({ { u"unable to scale"_s, int(total) } }));
    }
};

QTEST_GUILESS_MAIN(TestRealAutoscaling)
#include "tst_realautoscaling.moc"
