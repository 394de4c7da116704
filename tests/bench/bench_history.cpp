// SPDX-License-Identifier: Apache-2.0
// The HPA history at fleet scale (models/history): 2,000 HPAs sampled every 15 s for 7 days
// (about 80 M samples) written through HpaHistory and the real writer thread in simulated
// time, with the maintenance once per simulated day (downsampling after 48 h) and once at the
// end. Reports the file size, the cost per sample on the appending thread and in the writer,
// and one HPA's 24 h timeline query (median over 50 HPAs). Budgets: the file under 300 MB,
// the query under 50 ms (aim: 10 ms, the chart draws on top). Exit 1 when one is missed.
// Run by hand from the build folder: tests/bench/bench_history [hpas] [days] [file].
#include "history/hpahistory.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

using namespace minato::history;

namespace {

constexpr qint64 StepMs = 15000;
constexpr qint64 Hour = 3600 * 1000;
constexpr qint64 Day = 24 * Hour;

// One HPA's state: replicas mostly constant with an occasional step, cpu utilization (an
// integer percent, as the HPA status reports it) noisy around its target, and for half of
// them a per-pod rate in milli units that follows the replica count.
struct Hpa
{
    HpaKey key;
    QStringList labels;
    HpaSample sample;
    qint64 phaseMs = 0;
    double load = 0;
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int hpaCount = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 2000;
    const int days = argc > 2 ? std::max(3, QString::fromLocal8Bit(argv[2]).toInt()) : 7;
    QTemporaryDir dir;
    const QString path = argc > 3 ? QString::fromLocal8Bit(argv[3]) : dir.filePath(QStringLiteral("history.sqlite"));
    QFile::remove(path);
    QFile::remove(path + QLatin1String("-wal"));
    QFile::remove(path + QLatin1String("-shm"));

    const qint64 start = 1'700'000'000'000 - 1'700'000'000'000 % Day;
    qint64 simNow = start;
    HistoryOptions options;
    options.filePath = path;
    options.flushIntervalMs = 24 * Hour; // the benchmark flushes in simulated time itself
    options.flushQueueSize = 1LL << 40;
    options.maintenanceIntervalMs = 0;
    options.clock = [&simNow] { return simNow; };
    HistoryStore store(options);
    if (!store.open()) {
        std::printf("cannot open %s: %s\n", qPrintable(path), qPrintable(store.openDiagnostic()));
        return 1;
    }
    HpaHistory history(store);

    std::mt19937_64 random(42);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<Hpa> hpas(static_cast<size_t>(hpaCount));
    for (int i = 0; i < hpaCount; ++i) {
        Hpa& h = hpas[size_t(i)];
        h.key = { QStringLiteral("cluster-%1").arg(i / 200), QStringLiteral("ns-%1").arg(i % 40), QStringLiteral("hpa-%1").arg(i) };
        h.labels = { QStringLiteral("cpu utilization %") };
        if (i % 2)
            h.labels << QStringLiteral("pods/http_requests_per_second");
        h.sample.minReplicas = 2;
        h.sample.maxReplicas = 20;
        h.sample.currentReplicas = h.sample.desiredReplicas = 2 + int(uniform(random) * 6);
        h.sample.metricCurrent = QList<double>(h.labels.size(), 0.0);
        h.sample.metricTarget = QList<double>(h.labels.size(), 0.0);
        h.sample.metricTarget[0] = 70;
        if (i % 2)
            h.sample.metricTarget[1] = 50;
        h.phaseMs = qint64(uniform(random) * StepMs);
        h.load = h.sample.currentReplicas * 70.0;
    }

    const qint64 ticks = qint64(days) * Day / StepMs;
    const qint64 ticksPerFlush = 30 * 60 * 1000 / StepMs; // flush every simulated half hour
    qint64 appendNs = 0;
    qint64 flushNs = 0;
    qint64 maintenanceNs = 0;
    qint64 samples = 0;
    qint64 peakBytes = 0;
    QElapsedTimer wall;
    wall.start();
    for (qint64 tick = 0; tick < ticks; tick += ticksPerFlush) {
        // Generating the numbers is not what is measured: they are drawn first, per batch.
        const qint64 end = std::min(ticks, tick + ticksPerFlush);
        std::vector<HpaSample> batch;
        batch.reserve(size_t((end - tick) * hpaCount));
        for (qint64 t = tick; t < end; ++t) {
            for (Hpa& h : hpas) {
                HpaSample& s = h.sample;
                s.timeMs = start + t * StepMs + h.phaseMs + qint64(noise(random) * 20);
                h.load = std::max(20.0, h.load * (1 + noise(random) * 0.002) + (uniform(random) < 0.0005 ? noise(random) * 100 : 0));
                const int wanted = std::clamp(int(std::ceil(h.load / 70.0)), s.minReplicas, s.maxReplicas);
                if (wanted != s.currentReplicas && uniform(random) < 0.05) // the controller's stabilisation
                    s.currentReplicas = s.desiredReplicas = wanted;
                s.metricCurrent[0] = std::round(h.load / s.currentReplicas + noise(random) * 6);
                if (s.metricCurrent.size() > 1)
                    s.metricCurrent[1] = std::round((h.load / s.currentReplicas * 0.7 + noise(random) * 3) * 1000) / 1000;
                batch.push_back(s);
            }
        }
        QElapsedTimer timer;
        timer.start();
        qsizetype k = 0;
        for (qint64 t = tick; t < end; ++t) {
            for (const Hpa& h : hpas)
                history.append(h.key, h.labels, batch[size_t(k++)]);
        }
        appendNs += timer.nsecsElapsed();
        samples += k;
        simNow = start + end * StepMs;
        timer.restart();
        store.flush();
        flushNs += timer.nsecsElapsed();
        if ((end * StepMs) % Day == 0 || end == ticks) {
            timer.restart();
            const MaintenanceReport report = store.runMaintenance(simNow);
            maintenanceNs += timer.nsecsElapsed();
            peakBytes = std::max(peakBytes, report.bytesBefore);
            std::printf("day %lld: %lld samples, file %.1f MB, %lld chunks downsampled, %.1f s so far\n",
                (end * StepMs) / Day, samples, store.fileBytes() / 1e6, report.downsampledChunks, wall.elapsed() / 1000.0);
            std::fflush(stdout);
        }
    }
    const double fileMb = store.fileBytes() / 1e6;

    // One HPA's last 24 h (raw samples), as the chart asks for it.
    std::vector<double> dayQueries;
    std::vector<double> weekQueries;
    qsizetype daySamples = 0;
    qsizetype weekSamples = 0;
    for (int i = 0; i < 50; ++i) {
        const HpaKey& key = hpas[size_t(i * hpaCount / 50)].key;
        QElapsedTimer timer;
        timer.start();
        const HpaTimeline timeline = history.timeline(key, simNow - Day, simNow);
        dayQueries.push_back(timer.nsecsElapsed() / 1e6);
        daySamples += timeline.samples.size();
        timer.restart();
        const HpaTimeline week = history.timeline(key, simNow - qint64(days) * Day, simNow);
        weekQueries.push_back(timer.nsecsElapsed() / 1e6);
        weekSamples += week.samples.size();
    }
    QElapsedTimer timer;
    timer.start();
    const qsizetype listed = history.hpas(hpas.front().key.cluster).size();
    const double listMs = timer.nsecsElapsed() / 1e6;

    const double dayMs = median(dayQueries);
    std::printf("\n%d HPAs x %d days at 15 s: %lld samples in %.1f s\n", hpaCount, days, samples, wall.elapsed() / 1000.0);
    std::printf("append (caller thread)            %7.1f ns/sample\n", double(appendNs) / double(samples));
    std::printf("flush (writer thread)             %7.1f ns/sample\n", double(flushNs) / double(samples));
    std::printf("maintenance (writer, 8 runs)      %7.1f ns/sample, %.1f s\n", double(maintenanceNs) / double(samples), maintenanceNs / 1e9);
    std::printf("file after maintenance            %7.1f MB (%.2f bytes/sample; peak pages %.1f MB)\n", fileMb,
        fileMb * 1e6 / double(samples), peakBytes / 1e6);
    std::printf("24 h timeline of one HPA          median %6.2f ms, worst %6.2f ms (%lld samples each)\n", dayMs,
        *std::max_element(dayQueries.begin(), dayQueries.end()), qint64(daySamples / 50));
    std::printf("%d-day timeline of one HPA         median %6.2f ms (%lld samples each)\n", days, median(weekQueries),
        qint64(weekSamples / 50));
    std::printf("HPAs of one cluster               %6.2f ms (%lld)\n", listMs, qint64(listed));

    bool ok = true;
    // Budgets for the full benchmark; smaller runs scale the size budget.
    const double sizeBudgetMb = 300.0 * double(hpaCount) / 2000.0 * double(days) / 7.0;
    if (fileMb > sizeBudgetMb) {
        std::printf("FAIL: file %.1f MB over the %.0f MB budget\n", fileMb, sizeBudgetMb);
        ok = false;
    }
    if (dayMs > 50) {
        std::printf("FAIL: 24 h query %.2f ms over the 50 ms budget\n", dayMs);
        ok = false;
    }
    if (daySamples / 50 < Day / StepMs - 1) {
        std::printf("FAIL: the 24 h query returned %lld samples, not %lld\n", qint64(daySamples / 50), Day / StepMs);
        ok = false;
    }
    return ok ? 0 : 1;
}
