// SPDX-License-Identifier: Apache-2.0
// HpaActivityCache: what the autoscaling table reads of each HPA's history, in memory. Its
// timelines must give HpaActivity the same replica steps as the full timeline, be filled from the
// file off the GUI thread without doubling what was appended meanwhile, take a backfill's older
// samples on reload, and forget what is older than its span.
#include "analysis/hpaactivity.h"
#include "history/historystore.h"
#include "history/hpahistory.h"
#include "items/hpaactivitycache.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using history::HpaKey;
using history::HpaSample;
using items::HpaActivityCache;

namespace {

constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;

const HpaKey Web { QStringLiteral("prod"), QStringLiteral("shop"), QStringLiteral("web") };
const HpaKey Api { QStringLiteral("prod"), QStringLiteral("shop"), QStringLiteral("api") };

HpaSample sample(qint64 t, int current)
{
    HpaSample s;
    s.timeMs = t;
    s.minReplicas = 2;
    s.maxReplicas = 6;
    s.currentReplicas = current;
    s.desiredReplicas = current;
    s.metricCurrent = { 50.0 + current };
    s.metricTarget = { 60.0 };
    return s;
}

// Every 15 s from `from` for `length`, at `current` replicas.
void stretch(QList<HpaSample>& out, qint64 from, qint64 length, int current)
{
    for (qint64 t = from; t < from + length; t += 15 * Second)
        out.append(sample(t, current));
}

// Three hours ending at `end`: 30 min at min (2), a step to 4, 40 min at max (6), down to 3, then
// a flap between 3 and 5 every 2 minutes for 20 minutes (ten steps), then back to min until the end.
QList<HpaSample> scenario(qint64 end)
{
    QList<HpaSample> out;
    qint64 t = end - 3 * Hour;
    stretch(out, t, 30 * Minute, 2);
    t += 30 * Minute;
    stretch(out, t, 20 * Minute, 4);
    t += 20 * Minute;
    stretch(out, t, 40 * Minute, 6);
    t += 40 * Minute;
    for (int i = 0; i < 10; ++i, t += 2 * Minute)
        stretch(out, t, 2 * Minute, i % 2 == 0 ? 3 : 5);
    stretch(out, t, end - t + 1, 2);
    return out;
}

history::HpaTimeline timelineOf(const QList<HpaSample>& samples)
{
    history::HpaTimeline t;
    t.key = Web;
    t.metricLabels = { QStringLiteral("cpu utilization %") };
    t.samples = samples;
    return t;
}

// `full` read as the file answers a window: only the samples in [from, to].
void compareActivity(const history::HpaTimeline& full, const history::HpaTimeline& cached, qint64 from, qint64 to)
{
    history::HpaTimeline window = full;
    window.samples.removeIf([&](const HpaSample& s) { return s.timeMs < from || s.timeMs > to; });
    const analysis::HpaActivity a = analysis::HpaActivity::ofTimeline(window, from, to);
    const analysis::HpaActivity b = analysis::HpaActivity::ofTimeline(cached, from, to);
    QCOMPARE(b.steps.size(), a.steps.size());
    for (qsizetype i = 0; i < a.steps.size(); ++i) {
        QCOMPARE(b.steps[i].timeMs, a.steps[i].timeMs);
        QCOMPARE(b.steps[i].from, a.steps[i].from);
        QCOMPARE(b.steps[i].to, a.steps[i].to);
    }
    QCOMPARE(b.directionChanges, a.directionChanges);
    QCOMPARE(b.lastScaleMs, a.lastScaleMs);
    QCOMPARE(b.atMaxSinceMs == 0, a.atMaxSinceMs == 0);
    QVERIFY(std::abs(b.atMaxSinceMs - a.atMaxSinceMs) <= HpaActivityCache::MaxGapMs);
    QCOMPARE(b.atMinSinceMs == 0, a.atMinSinceMs == 0);
    QVERIFY(std::abs(b.atMinSinceMs - a.atMinSinceMs) <= HpaActivityCache::MaxGapMs);
}

} // namespace

class TestHpaActivityCache : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    history::HistoryOptions options()
    {
        history::HistoryOptions o;
        o.filePath = m_dir.filePath(QStringLiteral("history-%1.sqlite").arg(++m_files));
        o.maintenanceIntervalMs = 0;
        o.flushIntervalMs = Hour; // only the flushes the tests ask for
        return o;
    }

    static bool waitLoaded(HpaActivityCache& cache)
    {
        QSignalSpy loaded(&cache, &HpaActivityCache::loaded);
        return loaded.wait(10000);
    }

private Q_SLOTS:
    void activityMatchesTheFullTimeline()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QList<HpaSample> samples = scenario(now);
        history::HistoryStore store(options());
        HpaActivityCache cache(&store, nullptr);
        for (const HpaSample& s : samples)
            cache.addSample(Web, s);
        // One run per level: 2, 4, 6, ten flap levels, 2.
        QCOMPARE(cache.runCount(), qsizetype(14));

        const history::HpaTimeline full = timelineOf(samples);
        const auto cached = cache.timeline(Web, now - 3 * Hour, now);
        QVERIFY(cached);
        // 2→4, 4→6, 6→3, nine flaps between 3 and 5, 5→2: thirteen steps, written out by hand.
        const analysis::HpaActivity whole = analysis::HpaActivity::ofTimeline(*cached, now - 3 * Hour, now);
        QCOMPARE(whole.steps.size(), qsizetype(13));
        QCOMPARE(whole.steps.first().from, 2);
        QCOMPARE(whole.steps.first().to, 4);
        QCOMPARE(whole.steps.first().timeMs, now - 3 * Hour + 30 * Minute);
        QVERIFY(whole.isFlapping());
        compareActivity(full, *cached, now - 3 * Hour, now);
        // Windows that start inside a run: the flapping window, and one inside the stretch at max.
        for (const qint64 from : { now - 30 * Minute, now - 47 * Minute, now - 100 * Minute + 7 * Second }) {
            const auto window = cache.timeline(Web, from, now);
            QVERIFY(window);
            compareActivity(full, *window, from, now);
        }
    }

    void runsSplitWhereSamplesStop()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        history::HistoryStore store(options());
        HpaActivityCache cache(&store, nullptr);
        QList<HpaSample> samples;
        stretch(samples, now - 40 * Minute, 10 * Minute, 6);
        stretch(samples, now - 10 * Minute, 10 * Minute, 6); // Minato was closed for 20 minutes
        for (const HpaSample& s : samples)
            cache.addSample(Web, s);
        QCOMPARE(cache.runCount(), qsizetype(2));
        // A window starting in the gap begins with the first sample after it, as the file's does.
        const auto window = cache.timeline(Web, now - 20 * Minute, now);
        QVERIFY(window);
        QCOMPARE(window->samples.first().timeMs, now - 10 * Minute);
        const analysis::HpaActivity activity = analysis::HpaActivity::ofTimeline(*window, now - 20 * Minute, now);
        QCOMPARE(activity.atMaxSinceMs, now - 10 * Minute);
        QVERIFY(!cache.timeline(Api, now - Hour, now));
    }

    void loadsTheFileAndKeepsWhatArrivedMeanwhile()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        history::HistoryStore store(options());
        QVERIFY(store.open());
        history::HpaHistory hpaHistory(store);
        const QStringList labels { QStringLiteral("cpu utilization %") };
        const QList<HpaSample> samples = scenario(now - 2 * Minute);
        for (const HpaSample& s : samples)
            hpaHistory.append(Web, labels, s);
        QList<HpaSample> api;
        stretch(api, now - 2 * Hour, 2 * Hour - 2 * Minute, 3);
        for (const HpaSample& s : api)
            hpaHistory.append(Api, labels, s);
        history::HpaMark rescale;
        rescale.timeMs = now - 2 * Hour - 30 * Minute;
        rescale.reason = QStringLiteral("SuccessfulRescale");
        rescale.message = QStringLiteral("New size: 4; reason: cpu resource utilization (percentage of request) above target");
        hpaHistory.appendMark(Web, rescale);
        store.flush();

        HpaActivityCache cache(&store, nullptr);
        QVERIFY(!cache.isLoaded());
        // The recorder goes on while the file is read: a sample and a mark it has also queued.
        const HpaSample live = sample(now, 2);
        hpaHistory.append(Web, labels, live);
        cache.addSample(Web, live);
        cache.addMark(Web, rescale);
        cache.load();
        QVERIFY(waitLoaded(cache));
        QVERIFY(cache.isLoaded());
        QCOMPARE(cache.hpaCount(), qsizetype(2));

        QList<HpaSample> all = samples;
        all.append(live);
        const auto cached = cache.timeline(Web, now - 3 * Hour, now);
        QVERIFY(cached);
        compareActivity(timelineOf(all), *cached, now - 3 * Hour, now);
        QCOMPARE(cached->marks.size(), qsizetype(1));
        QCOMPARE(cached->marks.first().reason, QStringLiteral("SuccessfulRescale"));
        const qsizetype runs = cache.runCount();
        // web: the scenario's 14 runs and the live sample after a two-minute gap; api: one run.
        QCOMPARE(runs, qsizetype(14 + 1 + 1));

        // Reading the file again adds nothing twice.
        store.flush();
        cache.load();
        QVERIFY(waitLoaded(cache));
        QCOMPARE(cache.runCount(), runs);
        QCOMPARE(cache.timeline(Web, now - 3 * Hour, now)->marks.size(), qsizetype(1));
    }

    void reloadTakesABackfillsOlderSamples()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        history::HistoryStore store(options());
        QVERIFY(store.open());
        history::HpaHistory hpaHistory(store);
        const QStringList labels { QStringLiteral("cpu utilization %") };
        HpaActivityCache cache(&store, nullptr);
        cache.load();
        QVERIFY(waitLoaded(cache));
        QList<HpaSample> recent;
        stretch(recent, now - 30 * Minute, 30 * Minute, 3);
        for (const HpaSample& s : recent) {
            hpaHistory.append(Api, labels, s);
            cache.addSample(Api, s);
        }
        QCOMPARE(analysis::HpaActivity::ofTimeline(*cache.timeline(Api, now - 6 * Hour, now), now - 6 * Hour, now)
                     .steps.size(),
            qsizetype(0));

        // Prometheus knew the hours before Minato ran: at max (6) until an hour ago.
        QList<HpaSample> older;
        stretch(older, now - 5 * Hour, 4 * Hour, 6);
        for (const HpaSample& s : older)
            hpaHistory.append(Api, labels, s);
        cache.reload(Api.cluster); // waits for the flush it asks for
        QVERIFY(waitLoaded(cache));
        const auto cached = cache.timeline(Api, now - 6 * Hour, now);
        QVERIFY(cached);
        const analysis::HpaActivity activity = analysis::HpaActivity::ofTimeline(*cached, now - 6 * Hour, now);
        QCOMPARE(activity.steps.size(), qsizetype(1));
        QCOMPARE(activity.steps.first().from, 6);
        QCOMPARE(activity.steps.first().to, 3);
        QCOMPARE(activity.steps.first().timeMs, now - 30 * Minute);
    }

    void forgetsWhatIsOlderThanItsSpan()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        history::HistoryStore store(options());
        HpaActivityCache cache(&store, nullptr);
        cache.setSpan(Hour);
        QList<HpaSample> samples;
        stretch(samples, now - 3 * Hour, 10 * Minute, 5);
        stretch(samples, now - 10 * Minute, 10 * Minute, 2);
        for (const HpaSample& s : samples)
            cache.addSample(Web, s);
        QCOMPARE(cache.runCount(), qsizetype(1));
        const auto window = cache.timeline(Web, now - 4 * Hour, now);
        QVERIFY(window);
        QCOMPARE(window->samples.first().currentReplicas, 2);
    }
};

QTEST_GUILESS_MAIN(TestHpaActivityCache)
#include "tst_hpaactivitycache.moc"
