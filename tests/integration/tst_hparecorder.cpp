// SPDX-License-Identifier: Apache-2.0
// HpaRecorder end to end: a FleetEngine over the simulated fleet (tests/data/scenarios/
// prometheus.yaml, fast), the recorder writing into a real HistoryStore (SQLite, writer thread)
// in a temporary folder. What it stores is compared with what the engine's store showed when
// it sampled; a restart on the same file brings back the same timeline and records nothing
// twice; a cluster with a `prometheus:` source in fleet.yaml is backfilled from Debian's real
// Prometheus scraping the simulator's kube-state-metrics endpoint, only before Minato's own
// samples; a damaged file is moved aside and recording goes on in a fresh one.
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "history/historystore.h"
#include "history/hpahistory.h"
#include "items/hparecorder.h"
#include "kube/apiclient.h"

#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"

#include "prometheusprocess.h"
#include "testkinds.h"

#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace minato;
using namespace minato::fleet;
using namespace minato::history;
using Millis = std::chrono::milliseconds;
using namespace Qt::StringLiterals;

namespace {

constexpr int SettleMs = 30000;
constexpr int SamplePeriodMs = 250;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Everything the store may hold, from the epoch to a day ahead (the simulator's clock runs
// ahead of the wall clock at --speed > 1, and events carry its times).
HpaTimeline everything(const HpaHistory& history, const HpaKey& key)
{
    return history.timeline(key, 0, nowMs() + 24LL * 3600 * 1000);
}

bool sameValue(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

QString describe(const HpaSample& s)
{
    return u"%1 min %2 max %3 current %4 desired %5 source %6"_s.arg(s.timeMs)
        .arg(s.minReplicas)
        .arg(s.maxReplicas)
        .arg(s.currentReplicas)
        .arg(s.desiredReplicas)
        .arg(int(s.source));
}

// Field by field, NaN equal to NaN; the first difference, or empty.
QString difference(const HpaTimeline& a, const HpaTimeline& b)
{
    if (a.metricLabels != b.metricLabels)
        return u"labels %1 / %2"_s.arg(a.metricLabels.join(u','), b.metricLabels.join(u','));
    if (a.samples.size() != b.samples.size())
        return u"%1 samples / %2"_s.arg(a.samples.size()).arg(b.samples.size());
    for (qsizetype i = 0; i < a.samples.size(); ++i) {
        const HpaSample& x = a.samples.at(i);
        const HpaSample& y = b.samples.at(i);
        bool same = x.timeMs == y.timeMs && x.minReplicas == y.minReplicas && x.maxReplicas == y.maxReplicas
            && x.currentReplicas == y.currentReplicas && x.desiredReplicas == y.desiredReplicas
            && x.source == y.source && x.metricCurrent.size() == y.metricCurrent.size()
            && x.metricTarget.size() == y.metricTarget.size();
        for (qsizetype m = 0; same && m < x.metricCurrent.size(); ++m)
            same = sameValue(x.metricCurrent.at(m), y.metricCurrent.at(m))
                && sameValue(x.metricTarget.at(m), y.metricTarget.at(m));
        if (!same)
            return u"sample %1: %2 / %3"_s.arg(i).arg(describe(x), describe(y));
    }
    if (a.marks.size() != b.marks.size())
        return u"%1 marks / %2"_s.arg(a.marks.size()).arg(b.marks.size());
    for (qsizetype i = 0; i < a.marks.size(); ++i) {
        const HpaMark& x = a.marks.at(i);
        const HpaMark& y = b.marks.at(i);
        if (x.timeMs != y.timeMs || x.kind != y.kind || x.type != y.type || x.reason != y.reason
            || x.status != y.status || x.message != y.message || x.count != y.count || x.source != y.source)
            return u"mark %1: %2 %3 / %4 %5"_s.arg(i).arg(x.timeMs).arg(x.reason).arg(y.timeMs).arg(y.reason);
    }
    return {};
}

struct ExpectedHpa
{
    HpaKey key;
    int min = 0;
    int max = 0;
    QString label;
};

} // namespace

class TestHpaRecorder : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SimulatedFleet> m_sim;
    sim::FleetInfo m_info;
    QList<ExpectedHpa> m_expected;
    std::unique_ptr<PrometheusProcess> m_prometheus;
    std::unique_ptr<FleetEngine> m_engine; // no prometheus source

    // Cases 1 and 2 share one store and recorder.
    std::unique_ptr<HistoryStore> m_store;
    std::unique_ptr<HpaHistory> m_history;
    std::unique_ptr<items::HpaRecorder> m_recorder;

    std::unique_ptr<FleetEngine> makeEngine(const QString& fleetFile)
    {
        FleetLoadOptions load;
        load.kubeconfigFiles = { m_info.kubeconfigPath };
        load.fleetFile = fleetFile;
        load.environment = QProcessEnvironment();
        load.environment.insert(u"HOME"_s, m_dir.path());
        load.environment.insert(u"XDG_CONFIG_HOME"_s, m_dir.path());
        const FleetLoadResult fleet = FleetLoader::load(load);
        if (fleet.fleet.clusters.size() != 1)
            return nullptr;
        FleetEngineOptions options;
        options.session.probeBackoffBase = Millis(200);
        options.session.probeBackoffCap = Millis(1000);
        options.session.reflector.backoffBase = Millis(100);
        options.session.reflector.backoffCap = Millis(1000);
        options.session.storeBatchInterval = 50;
        auto engine = std::make_unique<FleetEngine>(testCatalog(), options);
        engine->client()->setStreamBatchInterval(50);
        engine->setFleet(fleet.fleet, fleet.fleetConfig);
        engine->start();
        return engine;
    }

    static const HpaInfo* hpaIn(const FleetEngine& engine, const HpaKey& key)
    {
        const ClusterSession* session = engine.session(key.cluster);
        if (!session)
            return nullptr;
        for (const HpaInfo& hpa : session->store()->hpas()) {
            if (hpa.meta.namespaceName.toString() == key.nameSpace && hpa.meta.name == key.name)
                return &hpa;
        }
        return nullptr;
    }

    static bool isLive(const FleetEngine& engine)
    {
        const ClusterSession* session = engine.session(u"alpha"_s);
        return session && session->state() == SessionState::Live && session->store()->hpas().size() == 2;
    }

    // The SuccessfulRescale events of one HPA in the engine's store.
    static QList<EventInfo> rescales(const FleetEngine& engine, const HpaKey& key)
    {
        QList<EventInfo> out;
        for (const EventInfo& e : engine.session(key.cluster)->store()->events()) {
            if (e.objectKind == QLatin1StringView("HorizontalPodAutoscaler") && e.objectName == key.name
                && e.objectNamespace == key.nameSpace && e.reason == QLatin1StringView("SuccessfulRescale"))
                out.append(e);
        }
        return out;
    }

    static qsizetype countMarks(const HpaTimeline& t, HistorySource source)
    {
        return std::count_if(t.marks.cbegin(), t.marks.cend(), [&](const HpaMark& m) { return m.source == source; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (PrometheusProcess::executable().isEmpty())
            QSKIP("prometheus is not installed (Debian: apt install prometheus)");
        qRegisterMetaType<SessionStatus>();
        QVERIFY(m_dir.isValid());
        const auto scenario = sim::Scenario::load(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/prometheus.yaml"));
        QVERIFY2(scenario, qPrintable(scenario ? QString() : scenario.error().detail));
        QCOMPARE(scenario->clusters.size(), 1);
        for (const sim::HpaSpec& hpa : scenario->clusters.first().hpas) {
            QCOMPARE(hpa.metrics.size(), 1);
            // As HpaRecorder labels the spec's metrics (analysis::hpaMetricLabel).
            const QString label = hpa.target == u"web" ? u"cpu utilization"_s : u"memory"_s;
            m_expected.append({ { u"alpha"_s, hpa.nameSpace, hpa.name }, hpa.minReplicas, hpa.maxReplicas, label });
        }
        QCOMPARE(m_expected.size(), 2);

        sim::FleetOptions options;
        options.kubeconfigPath = m_dir.filePath(u"sim.kubeconfig"_s);
        // 30x: web is pushed to its maximum within a second or two and back at 3m10s (~6 s).
        options.speed = 30;
        options.tickInterval = Millis(200);
        m_sim = std::make_unique<sim::SimulatedFleet>(options);
        sim::WorldDriver::populate(*m_sim, *scenario);
        const auto info = m_sim->start();
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        m_info = *info;

        // Prometheus scrapes from the start: by the backfill case it has history from before
        // that case's recorder existed.
        m_prometheus = std::make_unique<PrometheusProcess>(m_dir.path());
        QVERIFY2(m_prometheus->start(m_info.caCertificate, m_info.clusters.first().port, u"alpha"_s),
            qPrintable(u"prometheus did not become ready: "_s + m_prometheus->log()));

        m_engine = makeEngine({});
        QVERIFY(m_engine);
        QVERIFY(!m_engine->session(u"alpha"_s)->cluster().prometheus);
    }

    void cleanupTestCase()
    {
        m_recorder.reset();
        m_history.reset();
        m_store.reset();
        m_engine.reset();
        m_prometheus.reset();
        if (m_sim) {
            QCOMPARE(m_sim->stats().mutating(), 0); // read-only, Prometheus' scrapes included
            m_sim->stop();
        }
    }

    void recordsTheFleet()
    {
        HistoryOptions options;
        options.filePath = m_dir.filePath(u"history.sqlite"_s);
        m_store = std::make_unique<HistoryStore>(options);
        QVERIFY(m_store->open());
        QCOMPARE(m_store->openDiagnostic(), QString());
        m_history = std::make_unique<HpaHistory>(*m_store);
        m_recorder = std::make_unique<items::HpaRecorder>(m_engine.get(), m_history.get());
        m_recorder->setSamplePeriod(SamplePeriodMs);

        QTRY_VERIFY_WITH_TIMEOUT(isLive(*m_engine), SettleMs);
        // The world rescaled web (the controller's event is in the engine's store) …
        const ExpectedHpa& web = m_expected.at(0).key.name == u"web" ? m_expected.at(0) : m_expected.at(1);
        QTRY_VERIFY_WITH_TIMEOUT(!rescales(*m_engine, web.key).isEmpty(), SettleMs);
        // … and the recorder sampled a few times since.
        const qint64 after = m_recorder->samplesRecorded();
        QTRY_VERIFY_WITH_TIMEOUT(m_recorder->samplesRecorded() >= after + 3 * m_expected.size(), 10000);

        // Samples taken now hold what the engine's store holds now: nothing runs in between.
        QHash<QString, qint32> shown;
        qint64 before = 0, taken = 0;
        QList<QPair<qint64, qint64>> manual;
        for (int round = 0; round < 3; ++round) {
            QTRY_VERIFY_WITH_TIMEOUT(m_recorder->samplesRecorded() > taken, 10000); // the world moves on
            for (const ExpectedHpa& e : std::as_const(m_expected)) {
                const HpaInfo* hpa = hpaIn(*m_engine, e.key);
                QVERIFY(hpa);
                shown.insert(e.key.name + QString::number(round), hpa->currentReplicas);
            }
            before = nowMs();
            m_recorder->sampleNow();
            manual.append({ before, nowMs() });
            taken = m_recorder->samplesRecorded();
        }
        const QList<EventInfo> events = rescales(*m_engine, web.key);
        m_store->flush();

        for (const ExpectedHpa& e : std::as_const(m_expected)) {
            const HpaTimeline t = everything(*m_history, e.key);
            QVERIFY2(t.samples.size() >= 6, qPrintable(e.key.name));
            QCOMPARE(t.metricLabels, QStringList { e.label });
            qint64 previous = 0;
            for (const HpaSample& s : t.samples) {
                QVERIFY(s.timeMs > previous);
                previous = s.timeMs;
                QCOMPARE(s.source, HistorySource::Watch);
                QCOMPARE(s.minReplicas, e.min);
                QCOMPARE(s.maxReplicas, e.max);
                QVERIFY2(s.currentReplicas >= 1 && s.currentReplicas <= e.max, qPrintable(describe(s)));
                QVERIFY2(s.desiredReplicas >= e.min && s.desiredReplicas <= e.max, qPrintable(describe(s)));
                QCOMPARE(s.metricTarget.size(), 1);
                QCOMPARE(s.metricTarget.first(), e.key.name == u"web" ? 60.0 : 200.0 * 1024 * 1024);
            }
            for (int round = 0; round < manual.size(); ++round) {
                QList<const HpaSample*> in;
                for (const HpaSample& s : t.samples) {
                    if (s.timeMs >= manual.at(round).first && s.timeMs <= manual.at(round).second)
                        in.append(&s);
                }
                QCOMPARE(in.size(), 1);
                QCOMPARE(in.first()->currentReplicas, shown.value(e.key.name + QString::number(round)));
            }
            // The controller's conditions as it set them.
            QVERIFY(std::any_of(t.marks.cbegin(), t.marks.cend(), [](const HpaMark& m) {
                return m.kind == HpaMark::Kind::Condition && m.type == u"ScalingActive" && m.status == u"True";
            }));
            for (const HpaMark& m : t.marks)
                QCOMPARE(m.source, HistorySource::Watch);
        }

        // web's rescales: one mark per count the events added, as the controller wrote them.
        const HpaTimeline t = everything(*m_history, web.key);
        static const QRegularExpression newSize(u"^New size: (\\d+); reason: "_s);
        int recorded = 0;
        for (const HpaMark& m : t.marks) {
            if (m.kind != HpaMark::Kind::Event || m.reason != u"SuccessfulRescale")
                continue;
            QCOMPARE(m.type, u"Normal"_s);
            const QRegularExpressionMatch match = newSize.match(m.message);
            QVERIFY2(match.hasMatch(), qPrintable(m.message));
            const int size = match.captured(1).toInt();
            QVERIFY2(size >= web.min && size <= web.max, qPrintable(m.message));
            QVERIFY(m.count >= 1);
            recorded += m.count;
        }
        int counted = 0;
        for (const EventInfo& e : events)
            counted += e.count;
        QVERIFY(counted >= 1);
        QCOMPARE(recorded, counted);
        QCOMPARE(m_recorder->marksRecorded(), qint64(everything(*m_history, m_expected.at(0).key).marks.size()
                                                  + everything(*m_history, m_expected.at(1).key).marks.size()));
    }

    void survivesARestart()
    {
        QVERIFY(m_recorder);
        // The world moves on (web back to its minimum at 3m10s) while the recorder keeps sampling.
        const ExpectedHpa& web = m_expected.at(0).key.name == u"web" ? m_expected.at(0) : m_expected.at(1);
        QTRY_VERIFY_WITH_TIMEOUT(hpaIn(*m_engine, web.key)->currentReplicas == web.min
                && rescales(*m_engine, web.key).size() >= 2,
            SettleMs);

        // From here to the new recorder's first sample nothing runs in the event loop: the
        // engine's store holds still, the old recorder's last sample and the new one's see the
        // same state.
        m_recorder->sampleNow();
        m_recorder.reset();
        m_store->flush();
        QList<HpaTimeline> before;
        for (const ExpectedHpa& e : std::as_const(m_expected))
            before.append(everything(*m_history, e.key));
        m_history.reset();
        m_store.reset();

        HistoryOptions options;
        options.filePath = m_dir.filePath(u"history.sqlite"_s);
        m_store = std::make_unique<HistoryStore>(options);
        QVERIFY(m_store->open());
        QCOMPARE(m_store->openDiagnostic(), QString());
        m_history = std::make_unique<HpaHistory>(*m_store);
        for (int i = 0; i < m_expected.size(); ++i) {
            const HpaTimeline t = everything(*m_history, m_expected.at(i).key);
            QVERIFY2(t.samples.size() >= 6, qPrintable(m_expected.at(i).key.name));
            QVERIFY2(!t.marks.isEmpty(), qPrintable(m_expected.at(i).key.name));
            const QString diff = difference(before.at(i), t);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
        }
        QList<HpaKey> keys = m_history->hpas(u"alpha"_s);
        QCOMPARE(keys.size(), 2);

        m_recorder = std::make_unique<items::HpaRecorder>(m_engine.get(), m_history.get());
        m_recorder->setSamplePeriod(SamplePeriodMs);
        m_recorder->sampleNow();
        QCOMPARE(m_recorder->samplesRecorded(), qint64(m_expected.size()));
        QCOMPARE(m_recorder->marksRecorded(), qint64(0)); // the same conditions and events: nothing new
        m_store->flush();
        for (int i = 0; i < m_expected.size(); ++i) {
            const HpaTimeline t = everything(*m_history, m_expected.at(i).key);
            QCOMPARE(t.samples.size(), before.at(i).samples.size() + 1);
            QCOMPARE(t.marks.size(), before.at(i).marks.size());
        }

        // Sampling on: what changes from here on is recorded once, and the event counts keep
        // adding up to the controller's.
        const qint64 sampled = m_recorder->samplesRecorded();
        QTRY_VERIFY_WITH_TIMEOUT(m_recorder->samplesRecorded() >= sampled + 2 * m_expected.size(), 10000);
        const QList<EventInfo> events = rescales(*m_engine, web.key);
        m_recorder->sampleNow();
        m_store->flush();
        int counted = 0, recorded = 0;
        for (const EventInfo& e : events)
            counted += e.count;
        for (const HpaMark& m : everything(*m_history, web.key).marks) {
            if (m.kind == HpaMark::Kind::Event && m.reason == u"SuccessfulRescale")
                recorded += m.count;
        }
        QCOMPARE(recorded, counted);

        m_recorder.reset();
        m_history.reset();
        m_store.reset();
    }

    void backfillsFromPrometheus()
    {
        // Prometheus has scraped web for a while, from before this case's recorder exists.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto answer = m_prometheus->instantQuery(
                    u"count_over_time(kube_horizontalpodautoscaler_status_current_replicas{cluster=\"alpha\","
                    "horizontalpodautoscaler=\"web\"}[5m])"_s);
                return answer.size() == 1 && answer.first().second >= 8;
            }(),
            SettleMs);

        QFile fleetFile(m_dir.filePath(u"fleet.yaml"_s));
        QVERIFY(fleetFile.open(QIODevice::WriteOnly));
        fleetFile.write(u"clusters:\n"
                        "  - match: alpha\n"
                        "    prometheus:\n"
                        "      url: %1\n"
                        "      selector: 'cluster=\"alpha\"'\n"_s.arg(m_prometheus->url())
                            .toUtf8());
        fleetFile.close();
        std::unique_ptr<FleetEngine> engine = makeEngine(fleetFile.fileName());
        QVERIFY(engine);
        QVERIFY(engine->session(u"alpha"_s)->cluster().prometheus);
        QCOMPARE(engine->session(u"alpha"_s)->cluster().prometheus->url, m_prometheus->url());

        HistoryOptions options;
        options.filePath = m_dir.filePath(u"backfill.sqlite"_s);
        auto store = std::make_unique<HistoryStore>(options);
        QVERIFY(store->open());
        auto history = std::make_unique<HpaHistory>(*store);
        auto recorder = std::make_unique<items::HpaRecorder>(engine.get(), history.get());
        recorder->setSamplePeriod(SamplePeriodMs);
        recorder->setBackfillStep(1000);
        recorder->setBackfillWindow(10 * 60 * 1000); // 600 steps of 1 s
        QSignalSpy finished(recorder.get(), &items::HpaRecorder::backfillFinished);
        QTRY_VERIFY_WITH_TIMEOUT(isLive(*engine), SettleMs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.first().at(0).toString(), u"alpha"_s);
        QCOMPARE(finished.first().at(2).toString(), QString());
        const int backfilled = finished.first().at(1).toInt();
        QVERIFY2(backfilled > 0, qPrintable(QString::number(backfilled)));
        const qint64 sampled = recorder->samplesRecorded();
        QTRY_VERIFY_WITH_TIMEOUT(recorder->samplesRecorded() >= sampled + 3 * m_expected.size(), 10000);
        recorder->sampleNow();
        store->flush();

        int prometheusSamples = 0;
        QList<HpaTimeline> first;
        for (const ExpectedHpa& e : std::as_const(m_expected)) {
            const HpaTimeline t = everything(*history, e.key);
            first.append(t);
            // One layout for the whole series: the spec's labels, Prometheus' targets under them.
            QCOMPARE(t.metricLabels, QStringList { e.label });
            qint64 firstWatch = 0;
            for (const HpaSample& s : t.samples) {
                if (s.source == HistorySource::Watch) {
                    firstWatch = s.timeMs;
                    break;
                }
            }
            QVERIFY(firstWatch > 0);
            QSet<qint64> times;
            int fromPrometheus = 0;
            for (const HpaSample& s : t.samples) {
                QVERIFY2(!times.contains(s.timeMs), qPrintable(describe(s)));
                times.insert(s.timeMs);
                QCOMPARE(s.minReplicas, e.min);
                QCOMPARE(s.maxReplicas, e.max);
                QVERIFY2(s.currentReplicas >= 1 && s.currentReplicas <= e.max, qPrintable(describe(s)));
                QCOMPARE(s.metricTarget.first(), e.key.name == u"web" ? 60.0 : 200.0 * 1024 * 1024);
                if (s.source != HistorySource::Prometheus)
                    continue;
                ++fromPrometheus;
                // Only before Minato's own samples, and then more than a step from them.
                QVERIFY2(s.timeMs < firstWatch - 1000, qPrintable(describe(s) + u" first watch %1"_s.arg(firstWatch)));
                QVERIFY2(s.timeMs >= m_prometheus->startedMs() - 1000, qPrintable(describe(s)));
                QVERIFY(std::isnan(s.metricCurrent.first()));
            }
            QVERIFY2(fromPrometheus >= 5, qPrintable(u"%1: %2"_s.arg(e.key.name).arg(fromPrometheus)));
            prometheusSamples += fromPrometheus;
            // The highest count Prometheus scraped is in the backfill.
            const auto peak = m_prometheus->instantQuery(
                u"max_over_time(kube_horizontalpodautoscaler_status_current_replicas{cluster=\"alpha\","
                "horizontalpodautoscaler=\"%1\"}[10m])"_s.arg(e.key.name));
            QCOMPARE(peak.size(), 1);
            int highest = 0;
            for (const HpaSample& s : t.samples) {
                if (s.source == HistorySource::Prometheus)
                    highest = std::max(highest, s.currentReplicas);
            }
            QCOMPARE(highest, int(peak.first().second));
        }
        QCOMPARE(prometheusSamples, backfilled);

        // A restart backfills the same window again: nothing Prometheus said is stored twice.
        recorder.reset();
        store->flush();
        recorder = std::make_unique<items::HpaRecorder>(engine.get(), history.get());
        recorder->setSamplePeriod(SamplePeriodMs);
        recorder->setBackfillStep(1000);
        recorder->setBackfillWindow(10 * 60 * 1000);
        QSignalSpy again(recorder.get(), &items::HpaRecorder::backfillFinished);
        QVERIFY(again.wait(20000));
        QCOMPARE(again.first().at(2).toString(), QString());
        QCOMPARE(again.first().at(1).toInt(), 0);
        recorder.reset();
        store->flush();
        for (int i = 0; i < m_expected.size(); ++i) {
            const HpaTimeline t = everything(*history, m_expected.at(i).key);
            const auto prometheusOf = [](const HpaTimeline& timeline) {
                return std::count_if(timeline.samples.cbegin(), timeline.samples.cend(),
                    [](const HpaSample& s) { return s.source == HistorySource::Prometheus; });
            };
            QCOMPARE(prometheusOf(t), prometheusOf(first.at(i)));
            QCOMPARE(countMarks(t, HistorySource::Prometheus), countMarks(first.at(i), HistorySource::Prometheus));
        }
        history.reset();
        store.reset();
        engine.reset();
    }

    void corruptFileIsMovedAside()
    {
        const QString path = m_dir.filePath(u"corrupt.sqlite"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray garbage;
        for (int i = 0; i < 64 * 1024; ++i)
            garbage.append(char((i * 7919 + 13) % 251));
        file.write(garbage);
        file.close();

        HistoryOptions options;
        options.filePath = path;
        auto store = std::make_unique<HistoryStore>(options);
        QVERIFY(store->open());
        QVERIFY(!store->openDiagnostic().isEmpty());
        HpaHistory history(*store);
        for (const ExpectedHpa& e : std::as_const(m_expected))
            QVERIFY(everything(history, e.key).samples.isEmpty());
        {
            items::HpaRecorder recorder(m_engine.get(), &history);
            recorder.setSamplePeriod(SamplePeriodMs);
            QTRY_VERIFY_WITH_TIMEOUT(recorder.samplesRecorded() >= 2 * m_expected.size(), 10000);
            QVERIFY(recorder.marksRecorded() > 0); // a fresh file: the conditions are new to it
        }
        store->flush();
        for (const ExpectedHpa& e : std::as_const(m_expected)) {
            const HpaTimeline t = everything(history, e.key);
            QVERIFY2(t.samples.size() >= 2, qPrintable(e.key.name));
            QCOMPARE(t.samples.first().minReplicas, e.min);
            QVERIFY(!t.marks.isEmpty());
        }
        // The fresh file is a good one: it opens again as it is.
        store.reset();
        HistoryStore reopened(options);
        QVERIFY(reopened.open());
        QCOMPARE(reopened.openDiagnostic(), QString());
        QVERIFY(HpaHistory(reopened).timeline(m_expected.first().key, 0, nowMs() + 1000).samples.size() >= 2);
    }
};

QTEST_GUILESS_MAIN(TestHpaRecorder)
#include "tst_hparecorder.moc"
