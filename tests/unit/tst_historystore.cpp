// SPDX-License-Identifier: Apache-2.0
// The generic history store on real SQLite files in a temporary folder: round trips, what a
// query sees after a flush, restarts, retention, downsampling, the size cap, damaged and
// locked files, layout changes, and appends that never wait on the writer.
#include "history/chunkcodec.h"
#include "history/historystore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace minato::history;

namespace {

constexpr qint64 Hour = 3600 * 1000;
constexpr qint64 Day = 24 * Hour;
constexpr qint64 T0 = 1'700'000'000'000 - 1'700'000'000'000 % Day; // midnight UTC

const SeriesKey Key { QStringLiteral("test"), QStringLiteral("c1"), QStringLiteral("ns"), QStringLiteral("a") };

SeriesLayout threeFields()
{
    return { { QStringLiteral("replicas"), Aggregation::Max, {} }, { QStringLiteral("cpu"), Aggregation::Mean, {} },
        { QStringLiteral("target"), Aggregation::Last, {} } };
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

qsizetype total(const QList<SeriesSegment>& segments)
{
    qsizetype n = 0;
    for (const SeriesSegment& segment : segments)
        n += segment.size();
    return n;
}

// A connection of the test's own, beside the store's.
class RawConnection
{
public:
    explicit RawConnection(const QString& path)
        : m_name(QStringLiteral("test-raw-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.open();
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlQuery query() const { return QSqlQuery(QSqlDatabase::database(m_name, false)); }
    qint64 scalar(const QString& sql) const
    {
        QSqlQuery q = query();
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    qint64 m_now = T0;
    QString m_file;

    // Every test its own file, unless it names one.
    HistoryOptions options(const QString& file = {})
    {
        HistoryOptions o;
        o.filePath = m_dir.filePath(file.isEmpty() ? m_file : file);
        o.flushIntervalMs = 3600 * 1000; // only explicit flushes, unless a test says otherwise
        o.maintenanceIntervalMs = 0;
        o.busyTimeoutMs = 500;
        o.clock = [this] { return m_now; };
        return o;
    }

private Q_SLOTS:
    void init()
    {
        m_now = T0;
        m_file = QString::fromLatin1(QTest::currentTestFunction()) + QLatin1String(".sqlite");
    }

    void codecRoundTripsEveryKindOfValue()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const QList<double> values { 0, -1, 3, 1e15, 0.25, 0.123, -7.5, 1.0 / 3, nan,
            std::numeric_limits<double>::infinity(), 123456.789, 2.5e-7 };
        ChunkEncoder encoder(3);
        QList<qint64> times;
        QList<double> expected;
        for (qsizetype i = 0; i < values.size() * 4; ++i) {
            const double row[3] = { values.at(i % values.size()), values.at((i / 2) % values.size()), 5 };
            const qint64 t = T0 + i * 15000 + (i % 3) * 7 - (i == 5 ? 40000 : 0); // jitter, one out of order
            encoder.add(t, row);
            times << t;
            expected << row[0] << row[1] << row[2];
        }
        for (bool compress : { false, true }) {
            QList<qint64> decodedTimes;
            QList<double> decoded;
            QVERIFY(decodeChunk(encoder.blob(compress), 3, decodedTimes, decoded));
            QCOMPARE(decodedTimes, times);
            QCOMPARE(decoded.size(), expected.size());
            for (qsizetype i = 0; i < decoded.size(); ++i)
                QVERIFY2(sameBits(decoded.at(i), expected.at(i)) || decoded.at(i) == expected.at(i), qPrintable(QString::number(i)));
        }
        QList<qint64> t;
        QList<double> v;
        QVERIFY(!decodeChunk(encoder.blob(false), 4, t, v)); // another layout
        QByteArray damaged = encoder.blob(false);
        damaged.chop(3);
        QVERIFY(!decodeChunk(damaged, 3, t, v));
        QVERIFY(t.isEmpty() && v.isEmpty());
    }

    void constantSamplesCostAboutOneBytePerSample()
    {
        ChunkEncoder encoder(8);
        const double row[8] = { 2, 10, 4, 4, 0, 61, 70, 0.25 };
        for (int i = 0; i < 240; ++i)
            encoder.add(T0 + i * 15000, row);
        // The first sample in full, then one header byte each (steady cadence, tags repeat).
        QVERIFY2(encoder.encodedSize() < 240 + 32, qPrintable(QString::number(encoder.encodedSize())));
    }

    void roundTripAcrossChunks()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        QVERIFY(store.openDiagnostic().isEmpty());
        const SeriesHandle h = store.series(Key, threeFields());
        QList<qint64> times;
        QList<double> values;
        for (int i = 0; i < 1200; ++i) { // five hours at 15 s
            const double row[3] = { double(3 + (i / 100) % 2), 50 + std::sin(i) * 20, i < 600 ? 0.5 : 0.75 };
            store.append(h, T0 + i * 15000, row);
            times << T0 + i * 15000;
            values << row[0] << row[1] << row[2];
        }
        store.flush();
        const QList<SeriesSegment> segments = store.samples(Key, T0, T0 + 5 * Hour);
        QCOMPARE(segments.size(), 1);
        QCOMPARE(segments.first().layout, threeFields());
        QCOMPARE(segments.first().resolutionMs, 0);
        QCOMPARE(segments.first().times, times);
        QCOMPARE(segments.first().values, values);
        // A window inside: only its samples, both ends included.
        const QList<SeriesSegment> window = store.samples(Key, T0 + Hour + 15000, T0 + 2 * Hour);
        QCOMPARE(total(window), 240);
        QCOMPARE(window.first().times.first(), T0 + Hour + 15000);
        QCOMPARE(window.first().times.last(), T0 + 2 * Hour);
        QVERIFY(store.samples(Key, T0 - Hour, T0 - 1).isEmpty());
        QVERIFY(store.samples({ Key.kind, Key.cluster, Key.nameSpace, QStringLiteral("other") }, T0, T0 + Day).isEmpty());
    }

    void queryAfterFlushSeesTheOpenChunk()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        const SeriesHandle h = store.series(Key, threeFields());
        for (int i = 0; i < 10; ++i) {
            const double row[3] = { 1, double(i), 0 };
            store.append(h, T0 + i * 1000, row);
        }
        QVERIFY(store.samples(Key, T0, T0 + Hour).isEmpty()); // not flushed: not there yet
        store.flush();
        QCOMPARE(total(store.samples(Key, T0, T0 + Hour)), 10);
        for (int i = 10; i < 15; ++i) {
            const double row[3] = { 1, double(i), 0 };
            store.append(h, T0 + i * 1000, row);
        }
        store.flush();
        const QList<SeriesSegment> segments = store.samples(Key, T0, T0 + Hour);
        QCOMPARE(total(segments), 15);
        QCOMPARE(segments.first().value(14, 1), 14.0);
        RawConnection raw(store.filePath());
        QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM chunks")), 1); // rewritten, not appended
    }

    void timerFlushesOnItsOwn()
    {
        HistoryOptions o = options();
        o.flushIntervalMs = 20;
        HistoryStore store(o);
        QVERIFY(store.open());
        QSignalSpy flushed(&store, &HistoryStore::flushed);
        const double row[3] = { 1, 2, 3 };
        store.append(store.series(Key, threeFields()), T0, row);
        const auto wroteOne = [&flushed] {
            return std::any_of(flushed.cbegin(), flushed.cend(), [](const QList<QVariant>& args) { return args.at(0).toLongLong() == 1; });
        };
        QTRY_VERIFY(wroteOne());
        QCOMPARE(total(store.samples(Key, T0, T0)), 1);
    }

    void largeQueueFlushesEarly()
    {
        HistoryOptions o = options();
        o.flushQueueSize = 100;
        HistoryStore store(o);
        QVERIFY(store.open());
        QSignalSpy flushed(&store, &HistoryStore::flushed);
        const SeriesHandle h = store.series(Key, threeFields());
        for (int i = 0; i < 100; ++i) {
            const double row[3] = { 1, double(i), 3 };
            store.append(h, T0 + i * 1000, row);
        }
        QVERIFY(flushed.wait(5000));
        QCOMPARE(total(store.samples(Key, T0, T0 + Hour)), 100);
    }

    void survivesRestart()
    {
        const SeriesLayout layout = threeFields();
        {
            HistoryStore store(options());
            QVERIFY(store.open());
            const SeriesHandle h = store.series(Key, layout);
            for (int i = 0; i < 100; ++i) {
                const double row[3] = { 2, double(i) / 4, 1 };
                store.append(h, T0 + i * 15000, row);
            }
            HistoryMark mark;
            mark.timeMs = T0 + 30000;
            mark.reason = QStringLiteral("SuccessfulRescale");
            store.appendMark(h, mark);
            // No flush: the destructor's own must write it.
        }
        HistoryStore store(options());
        QVERIFY(store.open());
        QVERIFY(store.openDiagnostic().isEmpty());
        QCOMPARE(total(store.samples(Key, T0, T0 + Hour)), 100);
        QCOMPARE(store.marks(Key, T0, T0 + Hour).size(), 1);
        QCOMPARE(store.marks(Key, T0, T0 + Hour).first().reason, u"SuccessfulRescale");
        // The same series goes on after the restart, within the same hour.
        const SeriesHandle h = store.series(Key, layout);
        for (int i = 100; i < 120; ++i) {
            const double row[3] = { 2, double(i) / 4, 1 };
            store.append(h, T0 + i * 15000, row);
        }
        store.flush();
        const QList<SeriesSegment> segments = store.samples(Key, T0, T0 + Hour);
        QCOMPARE(segments.size(), 1);
        QCOMPARE(segments.first().size(), 120);
        QVERIFY(std::is_sorted(segments.first().times.cbegin(), segments.first().times.cend()));
        QCOMPARE(segments.first().value(119, 1), 119.0 / 4);
    }

    void retentionDropsOldChunksAndMarks()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        const SeriesHandle h = store.series(Key, threeFields());
        const SeriesKey gone { Key.kind, Key.cluster, Key.nameSpace, QStringLiteral("gone") };
        const SeriesHandle g = store.series(gone, threeFields());
        const double row[3] = { 1, 2, 3 };
        for (qint64 t : { T0, T0 + Hour, T0 + 10 * Day })
            store.append(h, t, row);
        store.append(g, T0, row);
        HistoryMark old;
        old.timeMs = T0;
        store.appendMark(h, old);
        HistoryMark recent;
        recent.timeMs = T0 + 10 * Day;
        store.appendMark(h, recent);
        store.flush();
        const MaintenanceReport report = store.runMaintenance(T0 + 15 * Day);
        QCOMPARE(report.expiredChunks, 3);
        QCOMPARE(report.expiredMarks, 1);
        const QList<SeriesSegment> left = store.samples(Key, T0 - Day, T0 + 20 * Day);
        QCOMPARE(total(left), 1);
        QCOMPARE(left.first().times.first(), T0 + 10 * Day);
        QCOMPARE(store.marks(Key, T0 - Day, T0 + 20 * Day).size(), 1);
        QVERIFY(store.samples(gone, T0 - Day, T0 + Day).isEmpty());
    }

    void downsamplingKeepsPeaksAndMeans()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        const SeriesHandle h = store.series(Key, threeFields());
        // One hour at 15 s: 3 replicas with one 30 s peak of 7 at minute 12; cpu alternates
        // 40/60 (mean 50), then sits at 90 for the last 150 s; the target moves once.
        for (int i = 0; i < 240; ++i) {
            const qint64 t = T0 + i * 15000;
            const double replicas = (i == 48 || i == 49) ? 7 : 3;
            const double cpu = i >= 230 ? 90 : (i % 2 ? 60 : 40);
            const double target = i < 100 ? 50 : 70;
            const double row[3] = { replicas, cpu, target };
            store.append(h, t, row);
        }
        store.flush();
        const MaintenanceReport report = store.runMaintenance(T0 + 3 * Day);
        QCOMPARE(report.downsampledChunks, 1);
        const QList<SeriesSegment> segments = store.samples(Key, T0, T0 + Hour);
        QCOMPARE(segments.size(), 1);
        const SeriesSegment& s = segments.first();
        QCOMPARE(s.resolutionMs, 5 * 60 * 1000);
        QCOMPARE(s.size(), 12);
        for (qsizetype b = 0; b < 12; ++b) {
            QCOMPARE(s.times.at(b), T0 + (b + 1) * 5 * 60 * 1000 - 15000); // the bucket's last sample
            QCOMPARE(s.value(b, 0), b == 2 ? 7.0 : 3.0);
        }
        QCOMPARE(s.value(0, 1), 50.0);
        QCOMPARE(s.value(10, 1), 50.0);
        QCOMPARE(s.value(11, 1), (10 * 50.0 + 10 * 90.0) / 20); // samples 220..229 alternate, 230..239 at 90
        QCOMPARE(s.value(4, 2), 50.0); // bucket 4 ends at sample 99
        QCOMPARE(s.value(5, 2), 70.0);
        // Folding again (the next hourly run) changes nothing.
        QCOMPARE(store.runMaintenance(T0 + 3 * Day + Hour).downsampledChunks, 0);
        QCOMPARE(store.samples(Key, T0, T0 + Hour).first().values, s.values);
    }

    void sizeCapDropsTheOldestFirst()
    {
        HistoryOptions o = options();
        o.sizeCapBytes = 400 * 1024;
        o.downsampleAfterMs = 365 * Day;
        o.retentionMs = 365 * Day;
        HistoryStore store(o);
        QVERIFY(store.open());
        // Twenty series × twelve hours of values that do not compress: about 1.5 MB.
        QList<SeriesHandle> handles;
        for (int s = 0; s < 20; ++s)
            handles << store.series({ Key.kind, Key.cluster, Key.nameSpace, QString::number(s) }, threeFields());
        quint64 x = 88172645463325252ULL;
        for (int i = 0; i < 12 * 240; ++i) {
            for (SeriesHandle h : handles) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                const double row[3] = { double(x % 1000) / 3, double(x % 977) / 7, double(x % 13) };
                store.append(h, T0 + i * 15000, row);
            }
        }
        store.flush();
        const MaintenanceReport report = store.runMaintenance(T0 + 14 * Hour);
        QVERIFY2(report.bytesBefore > o.sizeCapBytes, qPrintable(QString::number(report.bytesBefore)));
        QVERIFY(report.cappedChunks > 0);
        QVERIFY2(report.bytesAfter <= o.sizeCapBytes, qPrintable(QString::number(report.bytesAfter)));
        QVERIFY(store.fileBytes() < report.bytesBefore); // the file shrank too (incremental vacuum)
        const SeriesKey first { Key.kind, Key.cluster, Key.nameSpace, QStringLiteral("0") };
        QVERIFY(store.samples(first, T0, T0 + Hour - 1).isEmpty()); // the oldest hour went first
        QCOMPARE(total(store.samples(first, T0 + 11 * Hour, T0 + 12 * Hour - 1)), 240); // the newest stays
    }

    void damagedFileIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.sqlite"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QByteArray garbage(64 * 1024, '\0');
            for (qsizetype i = 0; i < garbage.size(); ++i)
                garbage[i] = char((i * 7919) % 251);
            file.write(garbage);
        }
        HistoryStore store(options(QStringLiteral("damaged.sqlite")));
        QSignalSpy problems(&store, &HistoryStore::openProblem);
        QVERIFY(store.open());
        QCOMPARE(problems.size(), 1);
        QVERIFY2(store.openDiagnostic().contains(u"moved to"), qPrintable(store.openDiagnostic()));
        const QStringList aside = QDir(m_dir.path()).entryList({ QStringLiteral("damaged.sqlite.corrupt-*") });
        QCOMPARE(aside.size(), 1);
        QCOMPARE(QFileInfo(m_dir.filePath(aside.first())).size(), 64 * 1024); // kept, not overwritten
        const double row[3] = { 1, 2, 3 };
        store.append(store.series(Key, threeFields()), T0, row);
        store.flush();
        QCOMPARE(total(store.samples(Key, T0, T0)), 1);
    }

    void newerSchemaIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        {
            RawConnection raw(path);
            raw.query().exec(QStringLiteral("PRAGMA user_version=99"));
        }
        HistoryStore store(options(QStringLiteral("newer.sqlite")));
        QVERIFY(store.open());
        QVERIFY2(store.openDiagnostic().contains(u"newer"), qPrintable(store.openDiagnostic()));
        QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("newer.sqlite.newer-*") }).size(), 1);
        RawConnection raw(path);
        QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")), 1);
    }

    void lockedFileIsMovedAsideWithinTheTimeout()
    {
        const QString file = QStringLiteral("locked.sqlite");
        {
            HistoryStore store(options(file));
            QVERIFY(store.open());
        }
        RawConnection holder(m_dir.filePath(file));
        QSqlQuery lock = holder.query();
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QElapsedTimer timer;
        timer.start();
        HistoryStore store(options(file));
        QVERIFY(store.open());
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(store.openDiagnostic().contains(u"locked"), qPrintable(store.openDiagnostic()));
        QCOMPARE(QDir(m_dir.path()).entryList({ file + QStringLiteral(".locked-*") }).filter(u"-wal").size(), 1);
        QCOMPARE(QDir(m_dir.path()).entryList({ file + QStringLiteral(".locked-*") }).size(), 3); // with -wal, -shm
        const double row[3] = { 1, 2, 3 };
        store.append(store.series(Key, threeFields()), T0, row);
        store.flush();
        QCOMPARE(total(store.samples(Key, T0, T0)), 1);
        lock.exec(QStringLiteral("ROLLBACK"));
    }

    void layoutChangeStartsANewSegment()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        const SeriesLayout two { { QStringLiteral("a"), Aggregation::Last, {} }, { QStringLiteral("b"), Aggregation::Last, {} } };
        const SeriesLayout three = threeFields();
        const SeriesHandle h2 = store.series(Key, two);
        const SeriesHandle h3 = store.series(Key, three);
        QVERIFY(h2 != h3);
        QCOMPARE(store.series(Key, two), h2);
        const double a[2] = { 1, 2 };
        const double b[3] = { 3, 4, 5 };
        store.append(h2, T0, a);
        store.append(h2, T0 + 1000, a);
        store.append(h3, T0 + 2000, b);
        store.append(h2, T0 + 3000, b); // the wrong size: dropped
        store.flush();
        const QList<SeriesSegment> segments = store.samples(Key, T0, T0 + Hour);
        QCOMPARE(segments.size(), 2);
        QCOMPARE(segments.at(0).layout, two);
        QCOMPARE(segments.at(0).size(), 2);
        QCOMPARE(segments.at(1).layout, three);
        QCOMPARE(segments.at(1).size(), 1);
        QCOMPARE(segments.at(1).value(0, 2), 5.0);
    }

    void seriesListWithLastSample()
    {
        HistoryStore store(options());
        QVERIFY(store.open());
        const double row[3] = { 1, 2, 3 };
        store.append(store.series(Key, threeFields()), T0 + 5000, row);
        store.append(store.series({ Key.kind, QStringLiteral("c2"), Key.nameSpace, QStringLiteral("b") }, threeFields()), T0, row);
        store.append(store.series({ QStringLiteral("other"), Key.cluster, Key.nameSpace, Key.name }, threeFields()), T0, row);
        store.flush();
        const QList<SeriesInfo> c1 = store.seriesList(Key.kind, Key.cluster);
        QCOMPARE(c1.size(), 1);
        QCOMPARE(c1.first().key, Key);
        QCOMPARE(c1.first().lastSampleMs, T0 + 5000);
        QCOMPARE(store.seriesList(Key.kind).size(), 2);
    }

    void appendsNeverWaitForTheWriter()
    {
        HistoryOptions o = options();
        o.busyTimeoutMs = 1500;
        HistoryStore store(o);
        QVERIFY(store.open());
        const SeriesHandle h = store.series(Key, threeFields());
        const double first[3] = { 1, 1, 1 };
        store.append(h, T0, first);
        store.flush();
        // Another connection takes the write lock: the writer's next flush waits in SQLite.
        RawConnection holder(o.filePath);
        QSqlQuery lock = holder.query();
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        store.requestFlush();
        QElapsedTimer timer;
        timer.start();
        for (int i = 1; i <= 100000; ++i) {
            const double row[3] = { double(i % 7), double(i), 0.5 };
            store.append(h, T0 + i * 100, row);
        }
        const qint64 elapsed = timer.elapsed();
        QVERIFY2(elapsed < o.busyTimeoutMs, qPrintable(QStringLiteral("100k appends took %1 ms").arg(elapsed)));
        lock.exec(QStringLiteral("ROLLBACK"));
        store.flush();
        QCOMPARE(total(store.samples(Key, T0, T0 + Day)), 100001); // a busy flush loses nothing
    }

    void busyFlushKeepsTheBatch()
    {
        HistoryOptions o = options();
        o.busyTimeoutMs = 200;
        HistoryStore store(o);
        QVERIFY(store.open());
        const SeriesHandle h = store.series(Key, threeFields());
        store.flush();
        RawConnection holder(o.filePath);
        QSqlQuery lock = holder.query();
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QSignalSpy failed(&store, &HistoryStore::writeFailed);
        const double row[3] = { 1, 2, 3 };
        store.append(h, T0, row);
        store.flush(); // gives up after the busy timeout
        QTRY_COMPARE(failed.size(), 1); // queued from the writer thread
        QCOMPARE(store.pendingSamples(), 1);
        lock.exec(QStringLiteral("ROLLBACK"));
        store.flush();
        QCOMPARE(store.pendingSamples(), 0);
        QCOMPARE(total(store.samples(Key, T0, T0)), 1);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
