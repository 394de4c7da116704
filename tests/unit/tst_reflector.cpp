// SPDX-License-Identifier: Apache-2.0
// The reflector's protocol logic, driven by a scripted transport: paging, watch from the
// list's version, relists on 410 with synthetic deletes, backoff and Retry-After, 403/404,
// malformed lines, renewal after a normal end, pause/resume and stale answers.
#include "fleet/clusterstore.h"
#include "testkinds.h"
#include "fleet/listgate.h"
#include "fleet/reflector.h"

#include "faketransport.h"
#include "reflectorfixtures.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace reflectorfixtures;
using Millis = std::chrono::milliseconds;

namespace {

const QString PodsPath = QStringLiteral("/api/v1/pods");

struct Rig
{
    FakeTransport transport;
    ClusterStore store;
    std::unique_ptr<Reflector> reflector;

    explicit Rig(ReflectorOptions options = {})
    {
        options.seed = options.seed ? options.seed : 42;
        auto decoder = testCatalog().makeDecoder(WatchedKind::Pods, std::make_shared<ProjectionDecoder>());
        reflector
            = std::make_unique<Reflector>(ReflectorTarget { WatchedKind::Pods, QStringLiteral("alpha"), PodsPath, {} },
                decoder, &transport, &store, options);
    }
    kube::RequestId current() const { return transport.open()->id; }
    kube::ApiRequest currentRequest() const { return *transport.open(); }
    // Lists pods 1..n at version rv in one page and leaves the reflector watching.
    void syncWith(const QList<int>& pods, int rv)
    {
        reflector->start();
        QList<QByteArray> items;
        for (int n : pods)
            items << pod(n, rv);
        transport.reply(current(), podList(items, rv));
    }
};

bool isWatch(const kube::ApiRequest& request)
{
    return request.kind == kube::RequestKind::Watch
        && request.queryValue(QStringLiteral("watch")) == QLatin1String("1");
}

} // namespace

class TestReflector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pagedListThenWatchFromItsVersion()
    {
        ReflectorOptions options;
        options.pageSize = 2;
        options.watchTimeoutMin = std::chrono::seconds(300);
        options.watchTimeoutMax = std::chrono::seconds(600);
        Rig rig(options);
        QSignalSpy synced(rig.reflector.get(), &Reflector::synced);
        rig.reflector->start();
        QCOMPARE(rig.reflector->state(), Reflector::State::Listing);

        kube::ApiRequest first = rig.currentRequest();
        QCOMPARE(first.kind, kube::RequestKind::Get);
        QCOMPARE(first.path, PodsPath);
        QCOMPARE(first.queryValue(QStringLiteral("limit")), QStringLiteral("2"));
        QVERIFY(first.queryValue(QStringLiteral("continue")).isEmpty());
        QVERIFY(first.queryValue(QStringLiteral("resourceVersion")).isEmpty());
        QVERIFY(first.decoder);
        rig.transport.reply(first.id, podList({ pod(1, 10), pod(2, 10) }, 10, "page-2"));

        // Only the presence of a continue token means there is more, even after a short page.
        kube::ApiRequest second = rig.currentRequest();
        QCOMPARE(second.queryValue(QStringLiteral("continue")), QStringLiteral("page-2"));
        QVERIFY(second.queryValue(QStringLiteral("resourceVersion")).isEmpty());
        QCOMPARE(synced.size(), 0);
        rig.transport.reply(second.id, podList({ pod(3, 10) }, 10, "page-3"));
        rig.transport.reply(rig.current(), podList({}, 10));

        QCOMPARE(synced.size(), 1);
        QVERIFY(rig.reflector->hasSynced());
        QCOMPARE(rig.store.pods().size(), 3);
        QCOMPARE(rig.store.listedObjects(), 3);
        const kube::ApiRequest watch = rig.currentRequest();
        QVERIFY(isWatch(watch));
        QCOMPARE(watch.queryValue(QStringLiteral("resourceVersion")), QStringLiteral("10"));
        QCOMPARE(watch.queryValue(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));
        const int timeout = watch.queryValue(QStringLiteral("timeoutSeconds")).toInt();
        QVERIFY2(timeout >= 300 && timeout <= 600, qPrintable(QString::number(timeout)));
        QCOMPARE(rig.reflector->state(), Reflector::State::Watching);
    }

    void listPagesWaitForTheFleetGate()
    {
        // Two reflectors share a gate of one slot: the second lists only when the first's
        // page is in; the watches that follow take no slot; stopping a waiting one withdraws it.
        ReflectorOptions options;
        options.listGate = std::make_shared<ListGate>(1);
        Rig first(options);
        Rig second(options);
        Rig third(options);
        first.reflector->start();
        second.reflector->start();
        third.reflector->start();
        QCOMPARE(first.transport.openCount(), 1);
        QCOMPARE(second.transport.openCount(), 0);
        QCOMPARE(second.reflector->state(), Reflector::State::Listing);
        QCOMPARE(options.listGate->waiting(), 2);

        first.transport.reply(first.current(), podList({ pod(1, 5) }, 5));
        QVERIFY(isWatch(first.currentRequest()));
        QCOMPARE(second.transport.openCount(), 1);
        QCOMPARE(third.transport.openCount(), 0);

        third.reflector->stop(); // withdrawn while waiting: never lists
        second.transport.reply(second.current(), podList({ pod(2, 7) }, 7));
        QCOMPARE(third.transport.submitted.size(), 0);
        QCOMPARE(options.listGate->running(), 0);
        QCOMPARE(options.listGate->waiting(), 0);

        // A cancelled page (the session paused) frees its slot too.
        Rig fourth(options);
        Rig fifth(options);
        fourth.reflector->start();
        fifth.reflector->start();
        QCOMPARE(fifth.transport.openCount(), 0);
        fourth.reflector->pause();
        QCOMPARE(fifth.transport.openCount(), 1);
    }

    void watchEventsAndBookmarksMoveTheVersion()
    {
        Rig rig;
        rig.syncWith({ 1, 2 }, 10);
        const kube::RequestId watch = rig.current();
        rig.transport.stream(watch,
            watchLine("ADDED", pod(3, 11)) + watchLine("MODIFIED", pod(1, 12, "Failed"))
                + watchLine("DELETED", pod(2, 13)));
        QCOMPARE(rig.store.pods().size(), 2);
        QCOMPARE(rig.store.pods().value(uid(1)).phase, PodPhase::Failed);
        QVERIFY(!rig.store.pods().contains(uid(2)));
        QCOMPARE(rig.reflector->resourceVersion(), QByteArray("13"));
        rig.transport.stream(watch, bookmark(20));
        QCOMPARE(rig.reflector->resourceVersion(), QByteArray("20"));
        QCOMPARE(rig.store.pods().size(), 2); // a bookmark is no object
        QCOMPARE(rig.reflector->watchEventCount(), 4);
    }

    // A normal end (the server's timeoutSeconds) renews the watch from the last version seen.
    void normalEndRewatchesFromTheLastVersion()
    {
        ReflectorOptions options;
        options.minWatchDuration = Millis(0);
        Rig rig(options);
        rig.syncWith({ 1 }, 10);
        const kube::RequestId first = rig.current();
        rig.transport.stream(first, bookmark(15));
        const int before = int(rig.transport.submitted.size());
        rig.transport.endStream(first);
        QCOMPARE(rig.transport.submitted.size(), before + 1);
        QVERIFY(isWatch(rig.currentRequest()));
        QCOMPARE(rig.currentRequest().queryValue(QStringLiteral("resourceVersion")), QStringLiteral("15"));
        QCOMPARE(rig.reflector->relistCount(), 0);
    }

    // A server that closes every watch at once must not be hammered.
    void veryShortEmptyWatchBacksOff()
    {
        ReflectorOptions options;
        options.minWatchDuration = Millis(60000);
        Rig rig(options);
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        rig.syncWith({ 1 }, 10);
        rig.transport.endStream(rig.current());
        QCOMPARE(retries.size(), 1);
        QCOMPARE(rig.reflector->state(), Reflector::State::WaitingToRetry);
        QCOMPARE(rig.transport.openCount(), 0);
    }

    // 410 as an ERROR event: relist, replace the content, synthetic deletes for what vanished.
    void expiredWatchRelistsWithSyntheticDeletes()
    {
        Rig rig;
        rig.store.setBatchInterval(0);
        rig.syncWith({ 1, 2, 3 }, 10);
        rig.store.flush();
        QSignalSpy changes(&rig.store, &ClusterStore::changed);
        rig.transport.stream(rig.current(), expired(10));
        QCOMPARE(rig.reflector->relistCount(), 1);
        const kube::ApiRequest relist = rig.currentRequest();
        QCOMPARE(relist.kind, kube::RequestKind::Get);
        QVERIFY(relist.queryValue(QStringLiteral("resourceVersion")).isEmpty());
        QVERIFY(relist.queryValue(QStringLiteral("continue")).isEmpty());

        // Pod 2 went away while we were not watching; pod 3 changed; pod 4 is new.
        rig.transport.reply(relist.id, podList({ pod(1, 10), pod(3, 30), pod(4, 31) }, 40));
        rig.store.flush();
        QCOMPARE(rig.store.pods().size(), 3);
        QVERIFY(!rig.store.pods().contains(uid(2)));
        QCOMPARE(changes.size(), 1);
        const StoreChange change = changes.first().at(0).value<StoreChange>();
        const KindChange* pods = change.find(WatchedKind::Pods);
        QVERIFY(pods);
        QCOMPARE(pods->removed, QList<QUuid> { uid(2) });
        QCOMPARE(pods->modified, QList<QUuid> { uid(3) }); // pod 1 is unchanged: not reported
        QCOMPARE(pods->added, QList<QUuid> { uid(4) });
        QCOMPARE(rig.currentRequest().queryValue(QStringLiteral("resourceVersion")), QStringLiteral("40"));
    }

    void expiredAtWatchStartRelists()
    {
        Rig rig;
        rig.syncWith({ 1 }, 10);
        rig.transport.endStream(rig.current(), FakeTransport::error(ErrorKind::Gone, 410));
        QCOMPARE(rig.reflector->relistCount(), 1);
        QCOMPARE(rig.currentRequest().kind, kube::RequestKind::Get);
    }

    // A continue token that expired mid-list: start the list over, from its first page.
    void expiredContinueTokenRestartsTheList()
    {
        ReflectorOptions options;
        options.pageSize = 1;
        Rig rig(options);
        rig.reflector->start();
        rig.transport.reply(rig.current(), podList({ pod(1, 10) }, 10, "tok"));
        QCOMPARE(rig.currentRequest().queryValue(QStringLiteral("continue")), QStringLiteral("tok"));
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Gone, 410));
        const kube::ApiRequest restart = rig.currentRequest();
        QCOMPARE(restart.kind, kube::RequestKind::Get);
        QVERIFY(restart.queryValue(QStringLiteral("continue")).isEmpty());
        // Pod 1 is gone in the new snapshot: the restarted list sweeps it.
        rig.transport.reply(restart.id, podList({ pod(2, 20) }, 20));
        QCOMPARE(rig.store.pods().keys(), QList<QUuid> { uid(2) });
        QVERIFY(rig.reflector->hasSynced());
    }

    // Repeated relists (a 410 storm) stop being immediate and back off.
    void relistStormBacksOff()
    {
        Rig rig;
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        rig.syncWith({ 1 }, 10);
        rig.transport.stream(rig.current(), expired(10)); // relists at once
        QCOMPARE(retries.size(), 0);
        rig.transport.reply(rig.current(), podList({ pod(1, 10) }, 11));
        rig.transport.stream(rig.current(), expired(11)); // again, without a healthy watch between
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.first().at(1).value<KubeError>().kind, ErrorKind::Gone);
        QCOMPARE(rig.transport.openCount(), 0);
    }

    void networkErrorsBackOffExponentially()
    {
        ReflectorOptions options;
        options.backoffBase = Millis(1000);
        options.backoffCap = Millis(8000);
        Rig rig(options);
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        QSignalSpy failures(rig.reflector.get(), &Reflector::requestFailed);
        rig.reflector->start();
        const QList<qint64> ceilings { 1000, 2000, 4000, 8000, 8000, 8000 };
        for (qsizetype i = 0; i < ceilings.size(); ++i) {
            rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Network, 0));
            QCOMPARE(retries.size(), i + 1);
            const auto delay = retries.at(i).at(0).value<Millis>().count();
            QVERIFY2(delay >= 100 && delay <= ceilings.at(i),
                qPrintable(QStringLiteral("attempt %1: %2 ms").arg(i).arg(delay)));
            QCOMPARE(rig.reflector->state(), Reflector::State::WaitingToRetry);
            QCOMPARE(rig.transport.openCount(), 0);
            // The retry timer fires: the same list again.
            rig.reflector->retryNow();
            QVERIFY(rig.transport.open());
        }
        QCOMPARE(failures.size(), ceilings.size());
        QCOMPARE(rig.reflector->consecutiveFailures(), int(ceilings.size()));
        rig.transport.reply(rig.current(), podList({ pod(1, 1) }, 1));
        QCOMPARE(rig.reflector->consecutiveFailures(), 0);
        QVERIFY(!rig.reflector->lastError());
    }

    void retryAfterIsHonoured()
    {
        ReflectorOptions options;
        options.backoffBase = Millis(50);
        options.backoffCap = Millis(100);
        Rig rig(options);
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Throttled, 429, 7));
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.first().at(0).value<Millis>(), Millis(7000));
        QCOMPARE(retries.first().at(1).value<KubeError>().kind, ErrorKind::Throttled);
    }

    // The timer really fires: a short Retry-After ends in a new request, then a watch.
    void retryActuallyHappens()
    {
        ReflectorOptions options;
        options.backoffBase = Millis(10);
        options.backoffCap = Millis(20);
        Rig rig(options);
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Server, 500));
        QTRY_VERIFY_WITH_TIMEOUT(rig.transport.open().has_value(), 2000);
        rig.transport.reply(rig.current(), podList({ pod(1, 1) }, 1));
        QVERIFY(isWatch(rig.currentRequest()));
    }

    void forbiddenIsNotRetried()
    {
        Rig rig;
        QSignalSpy failures(rig.reflector.get(), &Reflector::requestFailed);
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Forbidden, 403));
        QCOMPARE(rig.reflector->state(), Reflector::State::Forbidden);
        QCOMPARE(failures.size(), 1);
        QCOMPARE(retries.size(), 0);
        QCOMPARE(rig.transport.openCount(), 0);
        QCOMPARE(rig.reflector->lastError()->kind, ErrorKind::Forbidden);
    }

    // RBAC may be granted later: a forbidden kind is looked at again, slowly.
    void forbiddenIsRecheckedLater()
    {
        ReflectorOptions options;
        options.forbiddenRecheck = Millis(20);
        Rig rig(options);
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Forbidden, 403));
        QTRY_VERIFY_WITH_TIMEOUT(rig.transport.open().has_value(), 2000);
        rig.transport.reply(rig.current(), podList({ pod(1, 1) }, 1));
        QVERIFY(rig.reflector->hasSynced());
        QCOMPARE(rig.reflector->state(), Reflector::State::Watching);
    }

    void notFoundMeansAbsent()
    {
        Rig rig;
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::NotFound, 404));
        QCOMPARE(rig.reflector->state(), Reflector::State::Absent);
        QCOMPARE(rig.transport.openCount(), 0);
    }

    void unauthorizedWaitsForTheSession()
    {
        Rig rig;
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Unauthorized, 401));
        QCOMPARE(rig.reflector->state(), Reflector::State::Unauthorized);
        QCOMPARE(rig.transport.openCount(), 0);
    }

    // Events before the malformed line count; the rest of the stream is distrusted: relist.
    void malformedLineIsReportedAndRelisted()
    {
        Rig rig;
        QSignalSpy warnings(rig.reflector.get(), &Reflector::warning);
        rig.syncWith({ 1 }, 10);
        rig.transport.stream(rig.current(),
            watchLine("ADDED", pod(2, 11)) + "{\"type\":\"ADDED\",\"object\":{\"metadata\":\n"
                + watchLine("ADDED", pod(3, 12)));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().at(0).toString().contains(QLatin1String("malformed")),
            qPrintable(warnings.first().at(0).toString()));
        QCOMPARE(rig.reflector->malformedCount(), 1);
        QVERIFY(rig.store.pods().contains(uid(2)));
        QVERIFY(!rig.store.pods().contains(uid(3)));
        QCOMPARE(rig.reflector->relistCount(), 1);
        const kube::ApiRequest relist = rig.currentRequest();
        QCOMPARE(relist.kind, kube::RequestKind::Get);
        rig.transport.reply(relist.id, podList({ pod(1, 10), pod(2, 11), pod(3, 12) }, 12));
        QCOMPARE(rig.store.pods().size(), 3);
        QCOMPARE(rig.reflector->state(), Reflector::State::Watching);
    }

    void malformedListPageIsRetried()
    {
        ReflectorOptions options;
        options.backoffBase = Millis(10);
        Rig rig(options);
        QSignalSpy warnings(rig.reflector.get(), &Reflector::warning);
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        rig.reflector->start();
        rig.transport.reply(rig.current(), "{\"kind\":\"PodList\",\"items\":[{");
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.first().at(1).value<KubeError>().kind, ErrorKind::Parse);
    }

    void errorEventOtherThanGoneBacksOffAndRewatches()
    {
        ReflectorOptions options;
        options.backoffBase = Millis(10);
        Rig rig(options);
        rig.syncWith({ 1 }, 10);
        rig.transport.stream(rig.current(), bookmark(12));
        rig.transport.stream(rig.current(),
            watchLine("ERROR",
                R"({"kind":"Status","status":"Failure","message":"etcd is sad","reason":"InternalError","code":500})"));
        QCOMPARE(rig.reflector->state(), Reflector::State::WaitingToRetry);
        QCOMPARE(rig.reflector->relistCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(rig.transport.open().has_value(), 2000);
        QVERIFY(isWatch(rig.currentRequest()));
        QCOMPARE(rig.currentRequest().queryValue(QStringLiteral("resourceVersion")), QStringLiteral("12"));
    }

    void pauseCancelsAndResumeContinuesTheWatch()
    {
        Rig rig;
        rig.syncWith({ 1 }, 10);
        const kube::RequestId watch = rig.current();
        rig.reflector->pause();
        QCOMPARE(rig.reflector->state(), Reflector::State::Paused);
        QVERIFY(rig.transport.cancelled.contains(watch));
        QCOMPARE(rig.transport.openCount(), 0);
        rig.reflector->resume();
        QVERIFY(isWatch(rig.currentRequest()));
        QCOMPARE(rig.currentRequest().queryValue(QStringLiteral("resourceVersion")), QStringLiteral("10"));
    }

    void pausedByAFailureListenerDoesNotRetry()
    {
        Rig rig;
        QSignalSpy retries(rig.reflector.get(), &Reflector::retryScheduled);
        connect(
            rig.reflector.get(), &Reflector::requestFailed, rig.reflector.get(), [&rig] { rig.reflector->pause(); });
        rig.reflector->start();
        rig.transport.fail(rig.current(), FakeTransport::error(ErrorKind::Network, 0));
        QCOMPARE(rig.reflector->state(), Reflector::State::Paused);
        QCOMPARE(retries.size(), 0);
        QCOMPARE(rig.transport.openCount(), 0);
    }

    // Answers that belong to a superseded request change nothing.
    void staleAnswersAreDropped()
    {
        Rig rig;
        rig.reflector->start();
        const kube::ApiRequest old = rig.currentRequest();
        rig.reflector->pause();
        rig.reflector->resume();
        // Delivered by hand as if the transport had raced the cancellation.
        kube::ApiReply stale;
        stale.id = old.id;
        stale.generation = old.generation;
        stale.httpStatus = 200;
        stale.decoded = old.decoder->decodeBody(podList({ pod(9, 9) }, 9));
        static_cast<kube::ApiReceiver*>(rig.reflector.get())->replyArrived(stale);
        QVERIFY(rig.store.pods().isEmpty());
        QCOMPARE(rig.reflector->state(), Reflector::State::Listing);
    }

    void namespaceScopedRelistSweepsOnlyItsNamespace()
    {
        FakeTransport transport;
        ClusterStore store;
        auto decoder = testCatalog().makeDecoder(WatchedKind::Pods, std::make_shared<ProjectionDecoder>());
        Reflector other(ReflectorTarget { WatchedKind::Pods, QStringLiteral("alpha"),
                            QStringLiteral("/api/v1/namespaces/default/pods"), QStringLiteral("default") },
            decoder, &transport, &store);
        QByteArray foreign = pod(7, 1);
        foreign.replace("\"namespace\":\"default\"", "\"namespace\":\"kube-system\"");
        QSet<QUuid> seen;
        auto page = std::static_pointer_cast<const ListPage>(decoder->decodeBody(podList({ foreign }, 1)));
        store.applyPage(*page, seen);
        other.start();
        transport.reply(transport.open()->id, podList({ pod(1, 2) }, 2));
        QCOMPARE(store.pods().size(), 2); // the kube-system pod is not this reflector's to sweep
    }
};

QTEST_GUILESS_MAIN(TestReflector)
#include "tst_reflector.moc"
