// SPDX-License-Identifier: Apache-2.0
// ClusterStore: deltas folded per uid, and notifications batched to at most one per interval
// however fast changes arrive.
#include "fleet/clusterstore.h"
#include "testkinds.h"

#include "reflectorfixtures.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace minato;
using namespace minato::fleet;
using namespace reflectorfixtures;

namespace {

StoreChange only(QSignalSpy& spy)
{
    if (spy.size() != 1)
        qWarning("expected one change, got %d", int(spy.size()));
    return spy.isEmpty() ? StoreChange() : spy.takeFirst().at(0).value<StoreChange>();
}

} // namespace

class TestClusterStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typedAccessAndCounts()
    {
        ClusterStore store;
        PodFeeder feeder;
        feeder.list(store, { pod(1, 1), pod(2, 1) });
        QCOMPARE(store.pods().size(), 2);
        QCOMPARE(store.count(WatchedKind::Pods), 2);
        QCOMPARE(store.count(WatchedKind::Nodes), 0);
        QCOMPARE(store.totalObjects(), 2);
        QCOMPARE(store.listedObjects(), 2);
        QCOMPARE(store.pods().value(uid(2)).meta.name, QStringLiteral("pod-2"));
    }

    // A snapshot is what the store held when it was taken, whatever the store does next, and
    // a worker thread reads it while the store goes on changing.
    void snapshotStaysAsTaken()
    {
        ClusterStore store;
        PodFeeder feeder;
        feeder.list(store, { pod(1, 1), pod(2, 1) });
        const StoreContent snapshot = store.snapshot();
        feeder.events(store, watchLine("DELETED", pod(1, 2)) + watchLine("ADDED", pod(3, 3)));
        feeder.events(store, watchLine("MODIFIED", pod(2, 4)));
        QCOMPARE(store.pods().size(), 2);
        QVERIFY(store.pods().contains(uid(3)));
        QCOMPARE(snapshot.pods().size(), 2);
        QVERIFY(snapshot.pods().contains(uid(1)));
        QVERIFY(!snapshot.pods().contains(uid(3)));
        QCOMPARE(snapshot.pods().value(uid(2)).meta.resourceVersion.toString(), QStringLiteral("1"));
        QCOMPARE(snapshot.count(WatchedKind::Nodes), 0);

        QStringList seen;
        QThread* reader = QThread::create([&seen, copy = store.snapshot()] {
            for (const PodInfo& p : copy.pods())
                seen << p.meta.name;
        });
        reader->start();
        store.clear();
        QVERIFY(reader->wait(10000));
        delete reader;
        seen.sort();
        QCOMPARE(seen, QStringList({ QStringLiteral("pod-2"), QStringLiteral("pod-3") }));
        QCOMPARE(store.totalObjects(), 0);
    }

    void changesFoldPerUid()
    {
        ClusterStore store;
        store.setBatchInterval(100000); // only explicit flushes
        PodFeeder feeder;
        feeder.list(store, { pod(1, 1), pod(2, 1) });
        QSignalSpy spy(&store, &ClusterStore::changed);
        store.flush();
        QCOMPARE(only(spy).find(WatchedKind::Pods)->added.size(), 2);

        // Added then deleted within one batch: the receiver never hears of it.
        feeder.events(store, watchLine("ADDED", pod(3, 2)) + watchLine("DELETED", pod(3, 3)));
        // Added then modified: reported as added.
        feeder.events(store, watchLine("ADDED", pod(4, 4)) + watchLine("MODIFIED", pod(4, 5)));
        // Deleted then back: reported as modified.
        feeder.events(store, watchLine("DELETED", pod(1, 6)) + watchLine("ADDED", pod(1, 7)));
        // Modified twice: once.
        feeder.events(store, watchLine("MODIFIED", pod(2, 8)) + watchLine("MODIFIED", pod(2, 9)));
        store.flush();
        const StoreChange change = only(spy);
        const KindChange* pods = change.find(WatchedKind::Pods);
        QVERIFY(pods);
        QCOMPARE(pods->added, QList<QUuid> { uid(4) });
        QList<QUuid> modified = pods->modified;
        std::sort(modified.begin(), modified.end());
        QCOMPARE(modified, (QList<QUuid> { uid(1), uid(2) }));
        QVERIFY(pods->removed.isEmpty());
        QVERIFY(!change.touches(WatchedKind::Nodes));

        // Nothing pending: no signal.
        store.flush();
        QCOMPARE(spy.size(), 0);
    }

    void unchangedVersionIsNoChange()
    {
        ClusterStore store;
        PodFeeder feeder;
        feeder.list(store, { pod(1, 5) });
        QSignalSpy spy(&store, &ClusterStore::changed);
        store.flush();
        spy.clear();
        feeder.list(store, { pod(1, 5) });
        store.flush();
        QCOMPARE(spy.size(), 0);
    }

    // A steady stream of events (every 2 ms for 1.2 s) produces one notification per interval,
    // not one per event.
    void notificationsAreBatched()
    {
        ClusterStore store;
        store.setBatchInterval(100);
        PodFeeder feeder;
        QSignalSpy spy(&store, &ClusterStore::changed);
        QElapsedTimer clock;
        clock.start();
        QList<qint64> times;
        connect(&store, &ClusterStore::changed, &store, [&] { times << clock.elapsed(); });
        int n = 0;
        QTimer ticker;
        ticker.setInterval(2);
        connect(&ticker, &QTimer::timeout, &store, [&] {
            ++n;
            feeder.events(store, watchLine("ADDED", pod(1000 + n, n)));
        });
        ticker.start();
        QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() >= 1200, 5000);
        ticker.stop();
        store.flush();
        QVERIFY(n > 100);
        // 1.2 s at ≤ 10 per second, plus the final flush.
        QVERIFY2(spy.size() <= 14, qPrintable(QString::number(spy.size())));
        QVERIFY(spy.size() >= 5);
        for (qsizetype i = 1; i + 1 < times.size(); ++i)
            QVERIFY2(times.at(i) - times.at(i - 1) >= 95, qPrintable(QString::number(times.at(i) - times.at(i - 1))));
        qsizetype added = 0;
        for (const QList<QVariant>& args : std::as_const(spy))
            added += args.at(0).value<StoreChange>().find(WatchedKind::Pods)->added.size();
        QCOMPARE(added, qsizetype(n));
        QCOMPARE(store.pods().size(), qsizetype(n));
    }

    void clearReportsRemovals()
    {
        ClusterStore store;
        PodFeeder feeder;
        feeder.list(store, { pod(1, 1), pod(2, 1) });
        store.flush();
        QSignalSpy spy(&store, &ClusterStore::changed);
        store.clearKind(WatchedKind::Pods);
        store.flush();
        QCOMPARE(only(spy).find(WatchedKind::Pods)->removed.size(), 2);
        QCOMPARE(store.pods().size(), 0);
    }

    void metricsSampleIsAChange()
    {
        ClusterStore store;
        QSignalSpy spy(&store, &ClusterStore::changed);
        MetricsSample sample;
        sample.taken = QDateTime::currentDateTimeUtc();
        sample.nodes.insert(QStringLiteral("node-1"), ResourceUsage { 250, 1 << 30 });
        store.setMetrics(sample);
        store.flush();
        const StoreChange change = only(spy);
        QVERIFY(change.metricsChanged);
        QVERIFY(change.kinds.isEmpty());
        QCOMPARE(store.metrics().nodes.value(QStringLiteral("node-1")).cpuMilli, 250);
    }
};

QTEST_GUILESS_MAIN(TestClusterStore)
#include "tst_clusterstore.moc"
