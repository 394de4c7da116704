// SPDX-License-Identifier: Apache-2.0
// HpaHistory over a real store: samples and marks round trip, a repeated sample costs next to
// nothing, metric list changes keep every value under its label, downsampling keeps peaks.
#include "history/hpahistory.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace minato::history;

namespace {

constexpr qint64 Hour = 3600 * 1000;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 T0 = 1'700'000'000'000 - 1'700'000'000'000 % Day;

const HpaKey Web { QStringLiteral("prod"), QStringLiteral("shop"), QStringLiteral("web") };
const QString Cpu = QStringLiteral("cpu utilization %");
const QString Rps = QStringLiteral("pods/http_requests_per_second");

HpaSample sample(qint64 t, int current, QList<double> metrics, QList<double> targets)
{
    HpaSample s;
    s.timeMs = t;
    s.minReplicas = 2;
    s.maxReplicas = 10;
    s.currentReplicas = current;
    s.desiredReplicas = current;
    s.metricCurrent = std::move(metrics);
    s.metricTarget = std::move(targets);
    return s;
}

qint64 blobBytes(const QString& path)
{
    qint64 bytes = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blob-bytes"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT sum(length(data)) FROM chunks")) && q.next())
            bytes = q.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("blob-bytes"));
    return bytes;
}

} // namespace

class TestHpaHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    HistoryOptions options()
    {
        HistoryOptions o;
        o.filePath = m_dir.filePath(QStringLiteral("hpa-%1.sqlite").arg(++m_files));
        o.flushIntervalMs = 3600 * 1000;
        o.maintenanceIntervalMs = 0;
        o.clock = [] { return T0; };
        return o;
    }

private Q_SLOTS:
    void samplesAndMarksRoundTrip()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        HpaHistory history(store);
        HpaSample unknown = sample(T0 + 15000, -1, { UnknownValue }, { 70 });
        unknown.source = HistorySource::Prometheus;
        history.append(Web, { Cpu }, sample(T0, 3, { 64 }, { 70 }));
        history.append(Web, { Cpu }, unknown);
        HpaMark rescale;
        rescale.timeMs = T0 + 15000;
        rescale.type = QStringLiteral("Normal");
        rescale.reason = QStringLiteral("SuccessfulRescale");
        rescale.message = QStringLiteral("New size: 4; reason: cpu resource utilization above target");
        rescale.count = 2;
        HpaMark limited;
        limited.timeMs = T0 + 30000;
        limited.kind = HpaMark::Kind::Condition;
        limited.type = QStringLiteral("ScalingLimited");
        limited.status = QStringLiteral("True");
        limited.reason = QStringLiteral("TooManyReplicas");
        history.appendMark(Web, rescale);
        history.appendMark(Web, limited);
        store.flush();

        const HpaTimeline timeline = history.timeline(Web, T0, T0 + Hour);
        QCOMPARE(timeline.key, Web);
        QCOMPARE(timeline.metricLabels, QStringList { Cpu });
        QCOMPARE(timeline.samples.size(), 2);
        const HpaSample& first = timeline.samples.at(0);
        QCOMPARE(first.timeMs, T0);
        QCOMPARE(first.minReplicas, 2);
        QCOMPARE(first.maxReplicas, 10);
        QCOMPARE(first.currentReplicas, 3);
        QCOMPARE(first.metricCurrent, QList<double> { 64 });
        QCOMPARE(first.metricTarget, QList<double> { 70 });
        QCOMPARE(first.source, HistorySource::Watch);
        const HpaSample& second = timeline.samples.at(1);
        QCOMPARE(second.currentReplicas, -1);
        QVERIFY(std::isnan(second.metricCurrent.at(0)));
        QCOMPARE(second.source, HistorySource::Prometheus);
        QCOMPARE(timeline.marks.size(), 2);
        QCOMPARE(timeline.marks.at(0).reason, rescale.reason);
        QCOMPARE(timeline.marks.at(0).message, rescale.message);
        QCOMPARE(timeline.marks.at(0).count, 2);
        QCOMPARE(timeline.marks.at(1).kind, HpaMark::Kind::Condition);
        QCOMPARE(timeline.marks.at(1).status, u"True");
        QCOMPARE(history.hpas(QStringLiteral("prod")), QList<HpaKey> { Web });
        QVERIFY(history.hpas(QStringLiteral("staging")).isEmpty());
    }

    void repeatedSampleCostsAlmostNothing()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        HpaHistory history(store);
        for (int i = 0; i < 240; ++i)
            history.append(Web, { Cpu, Rps }, sample(T0 + i * 15000, 4, { 55, 12.5 }, { 70, 20 }));
        store.flush();
        // 240 samples of nine fields: about one byte each once the first is written.
        const qint64 bytes = blobBytes(store.filePath());
        QVERIFY2(bytes > 0 && bytes < 240 + 80, qPrintable(QString::number(bytes)));
        QCOMPARE(history.timeline(Web, T0, T0 + Hour).samples.size(), 240);
    }

    void metricListChangesKeepValuesUnderTheirLabels()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        HpaHistory history(store);
        history.append(Web, { Cpu }, sample(T0, 3, { 60 }, { 70 }));
        history.append(Web, { Cpu, Rps }, sample(T0 + 15000, 3, { 61, 8.25 }, { 70, 10 }));
        history.append(Web, { Rps }, sample(T0 + 30000, 3, { 9 }, { 10 }));
        store.flush();
        const HpaTimeline timeline = history.timeline(Web, T0, T0 + Hour);
        QCOMPARE(timeline.metricLabels, (QStringList { Rps, Cpu })); // the newest layout first
        QCOMPARE(timeline.samples.size(), 3);
        QVERIFY(std::isnan(timeline.samples.at(0).metricCurrent.at(0)));
        QCOMPARE(timeline.samples.at(0).metricCurrent.at(1), 60.0);
        QCOMPARE(timeline.samples.at(1).metricCurrent, (QList<double> { 8.25, 61 }));
        QCOMPARE(timeline.samples.at(1).metricTarget, (QList<double> { 10, 70 }));
        QCOMPARE(timeline.samples.at(2).metricCurrent.at(0), 9.0);
        QVERIFY(std::isnan(timeline.samples.at(2).metricCurrent.at(1)));
    }

    void downsampledReplicasKeepTheirPeak()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        HpaHistory history(store);
        for (int i = 0; i < 240; ++i) {
            const int replicas = i == 30 ? 9 : 3; // one 15 s flap at 7.5 min, in the second bucket
            history.append(Web, { Cpu }, sample(T0 + i * 15000, replicas, { double(i % 2 ? 80 : 40) }, { 70 }));
        }
        store.flush();
        store.runMaintenance(T0 + 3 * Day);
        const HpaTimeline timeline = history.timeline(Web, T0, T0 + Hour);
        QCOMPARE(timeline.samples.size(), 12);
        QCOMPARE(timeline.samples.at(0).currentReplicas, 3);
        QCOMPARE(timeline.samples.at(1).currentReplicas, 9);
        QCOMPARE(timeline.samples.at(2).currentReplicas, 3);
        QCOMPARE(timeline.samples.at(0).metricCurrent.at(0), 60.0);
        QCOMPARE(timeline.samples.at(0).metricTarget.at(0), 70.0);
        QCOMPARE(timeline.samples.at(0).maxReplicas, 10);
    }
};

QTEST_GUILESS_MAIN(TestHpaHistory)
#include "tst_hpahistory.moc"
