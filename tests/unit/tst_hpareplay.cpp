// SPDX-License-Identifier: Apache-2.0
// The HPA replay (analysis) against the simulator's controller, written separately from it: a
// history recorded from the simulator's decisions, replayed with the same settings, must give
// the same replica counts; with other settings, what the settings promise.
#include "analysis/hpareplay.h"
#include "sim/hpacontroller.h"

#include <QTest>

#include <cmath>

using namespace minato;
using namespace minato::analysis;

namespace {

sim::HpaSpec cpuHpa(int minReplicas, int maxReplicas, int target, int downWindowSeconds)
{
    sim::HpaSpec spec;
    spec.name = QStringLiteral("web");
    spec.nameSpace = QStringLiteral("shop");
    spec.target = QStringLiteral("web");
    spec.minReplicas = minReplicas;
    spec.maxReplicas = maxReplicas;
    sim::MetricSpec cpu;
    cpu.type = sim::MetricSourceType::Resource;
    cpu.name = QStringLiteral("cpu");
    cpu.targetType = sim::MetricTargetType::Utilization;
    cpu.target = target;
    spec.metrics = { cpu };
    spec.scaleDown.stabilizationWindowSeconds = downWindowSeconds;
    return spec;
}

// Demand in "pods at 100 % of request": utilization = demand / replicas × 100.
double demandAt(int step, int period)
{
    const int phase = step % period;
    return phase < period / 2 ? 6.0 : 1.5; // a square wave: busy half, quiet half
}

// What Minato would have recorded every 15 s while the simulator's controller ran.
history::HpaTimeline record(const sim::HpaSpec& spec, int steps, int period, QList<int>* decided)
{
    sim::HpaController controller(spec);
    history::HpaTimeline timeline;
    timeline.metricLabels = { QStringLiteral("cpu utilization") };
    int current = spec.minReplicas;
    int desired = current;
    for (int i = 0; i < steps; ++i) {
        const qint64 t = 1'700'000'000'000LL + i * 15000LL;
        const double utilization = demandAt(i, period) / current * 100.0;
        sim::HpaMetricSample sample;
        sample.readyPods = current;
        sample.average = utilization;
        sample.averageRaw = utilization / 100.0 * 0.25;
        history::HpaSample recorded;
        recorded.timeMs = t;
        recorded.minReplicas = spec.minReplicas;
        recorded.maxReplicas = spec.maxReplicas;
        recorded.currentReplicas = current;
        recorded.desiredReplicas = desired;
        recorded.metricCurrent = { std::round(utilization) };
        recorded.metricTarget = { spec.metrics.first().target };
        timeline.samples.append(recorded);
        const sim::HpaDecision d = controller.sync(t, current, desired, { sample });
        desired = d.desiredReplicas;
        decided->append(desired);
        current = desired;
    }
    return timeline;
}

fleet::HpaInfo infoOf(const sim::HpaSpec& spec)
{
    fleet::HpaInfo hpa;
    hpa.minReplicas = spec.minReplicas;
    hpa.maxReplicas = spec.maxReplicas;
    hpa.scaleDown.stabilizationWindowSeconds = spec.scaleDown.stabilizationWindowSeconds;
    return hpa;
}

} // namespace

class TestHpaReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSettingsReproduceTheController_data()
    {
        QTest::addColumn<int>("downWindow");
        QTest::addColumn<int>("period");
        QTest::newRow("no stabilization, 2 min cycle") << 0 << 8;
        QTest::newRow("60 s window, 4 min cycle") << 60 << 16;
        QTest::newRow("default 300 s window, 20 min cycle") << -1 << 80;
    }
    void sameSettingsReproduceTheController()
    {
        QFETCH(int, downWindow);
        QFETCH(int, period);
        const sim::HpaSpec spec = cpuHpa(2, 10, 50, downWindow);
        QList<int> decided;
        const history::HpaTimeline timeline = record(spec, 240, period, &decided);
        const HpaReplay replay = HpaReplay::run(timeline, HpaReplaySettings::of(infoOf(spec), 1), 0, LLONG_MAX);
        QCOMPARE(replay.points.size(), decided.size());
        int mismatches = 0;
        QString trace;
        for (qsizetype i = 0; i < decided.size(); ++i) {
            mismatches += replay.points[i].replicas != decided[i] ? 1 : 0;
            if (i < 40)
                trace += QStringLiteral("%1/%2 ").arg(decided[i]).arg(replay.points[i].replicas);
        }
        // Rounding the recorded utilization to whole percent may move a ratio across the
        // tolerance edge now and then; the curve as a whole must be the controller's.
        QVERIFY2(mismatches <= decided.size() / 50, qPrintable(QString::number(mismatches) + u' ' + trace));
        QVERIFY(replay.rescales > 0);
    }

    void longerWindowStopsFlapping()
    {
        const sim::HpaSpec spec = cpuHpa(2, 10, 50, 0);
        QList<int> decided;
        const history::HpaTimeline timeline = record(spec, 240, 8, &decided);
        HpaReplaySettings settings = HpaReplaySettings::of(infoOf(spec), 1);
        const HpaReplay now = HpaReplay::run(timeline, settings, 0, LLONG_MAX);
        settings.scaleDownWindowSeconds = 300;
        const HpaReplay tuned = HpaReplay::run(timeline, settings, 0, LLONG_MAX);
        QVERIFY2(now.directionChanges >= 20, qPrintable(QString::number(now.directionChanges)));
        // A 5-minute window outlasts the 1-minute quiet phase: it scales up (2 → 6 → 10, the
        // default Pods-4-per-15-s policy) and stays.
        QCOMPARE(tuned.directionChanges, 0);
        QCOMPARE(tuned.rescales, 2);
        QCOMPARE(tuned.points.constLast().replicas, 10);
        QVERIFY(tuned.replicaSeconds > now.replicaSeconds); // it costs more pods
    }

    void higherMaxAndTarget()
    {
        // Pinned: a demand of 6 pods at 100 % against max 4 and a 50 % target.
        sim::HpaSpec spec = cpuHpa(2, 4, 50, 0);
        QList<int> decided;
        const history::HpaTimeline timeline = record(spec, 80, 1000, &decided);
        HpaReplaySettings settings = HpaReplaySettings::of(infoOf(spec), 1);
        const HpaReplay pinned = HpaReplay::run(timeline, settings, 0, LLONG_MAX);
        QCOMPARE(pinned.peak, 4);
        QVERIFY(pinned.atMaxMs > 60 * 15000LL);
        settings.maxReplicas = 20;
        const HpaReplay roomy = HpaReplay::run(timeline, settings, 0, LLONG_MAX);
        QCOMPARE(roomy.peak, 12); // 6 pods of demand at 50 %
        QCOMPARE(roomy.atMaxMs, 0);
        settings.targets = { 75.0 };
        QCOMPARE(HpaReplay::run(timeline, settings, 0, LLONG_MAX).peak, 8); // ceil(6 / 0.75)
    }

    void samplesWithoutMetricsKeepTheScale()
    {
        history::HpaTimeline timeline;
        for (int i = 0; i < 10; ++i) {
            history::HpaSample s;
            s.timeMs = i * 15000LL;
            s.minReplicas = 1;
            s.maxReplicas = 10;
            s.currentReplicas = 3;
            s.metricCurrent = { i < 5 ? 150.0 : history::UnknownValue };
            s.metricTarget = { 50.0 };
            timeline.samples.append(s);
        }
        fleet::HpaInfo hpa;
        hpa.minReplicas = 1;
        hpa.maxReplicas = 10;
        const HpaReplay replay = HpaReplay::run(timeline, HpaReplaySettings::of(hpa, 1), 0, LLONG_MAX);
        QCOMPARE(replay.points.size(), 10);
        const int afterOutage = replay.points[5].replicas;
        QVERIFY(afterOutage > 3);
        for (int i = 5; i < 10; ++i)
            QCOMPARE(replay.points[i].replicas, afterOutage);
    }
};

QTEST_GUILESS_MAIN(TestHpaReplay)
#include "tst_hpareplay.moc"
