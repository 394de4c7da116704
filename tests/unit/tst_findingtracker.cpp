// SPDX-License-Identifier: Apache-2.0
// FindingTracker: firstSeen survives re-evaluation, resolved findings go, and evaluations
// follow the store's change batches and the session's state, throttled per cluster.
#include "analysis/findingtracker.h"

#include "findingfixtures.h"
#include "objectfixtures.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::analysis;

namespace {

QDateTime at(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

Finding finding(const QString& rule, const QString& cluster, const QString& name, const QDateTime& firstSeen = {})
{
    Finding f;
    f.severity = Severity::Warning;
    f.ruleId = rule;
    f.object = { cluster, QStringLiteral("Pod"), QStringLiteral("shop"), name, {} };
    f.title = rule + QLatin1Char(' ') + name;
    f.firstSeen = firstSeen;
    return f;
}

QStringList keysOf(const QList<Finding>& findings)
{
    QStringList keys;
    for (const Finding& f : findings)
        keys << f.ruleId + QLatin1Char(' ') + f.object.cluster + QLatin1Char(' ') + f.object.id() + QLatin1Char(' ')
                + f.qualifier;
    keys.sort();
    return keys;
}

fleet::ClusterFacts liveContext()
{
    fleet::ClusterFacts context;
    context.name = QStringLiteral("shop-prod");
    context.team = QStringLiteral("shop");
    context.environment = QStringLiteral("prod");
    context.status.state = fleet::SessionState::Live;
    context.status.since = at("2024-05-02T10:00:00Z");
    context.serverVersion.gitVersion = QStringLiteral("v1.29.4");
    context.serverVersion.major = 1;
    context.serverVersion.minor = 29;
    return context;
}

void feed(fleet::ClusterStore& store, const QStringList& fixtures)
{
    findingfixtures::StoreFeeder feeder;
    for (const QString& name : fixtures) {
        QString error;
        if (!feeder.add(readFixture(name), &error))
            qWarning("%s: %s", qPrintable(name), qPrintable(error));
    }
    feeder.applyTo(store);
}

} // namespace

class TestFindingTracker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstSeenStaysWhileTheFindingLasts()
    {
        FindingTracker tracker;
        const QString rule = QStringLiteral("pod.crash-loop");
        const QDateTime t0 = at("2024-05-02T10:00:00Z");
        const QDateTime t1 = at("2024-05-02T10:00:01Z");
        const QDateTime t2 = at("2024-05-02T10:05:00Z");

        FindingsDelta first = tracker.update(
            QStringLiteral("c1"), { finding(rule, QStringLiteral("c1"), QStringLiteral("a"), t0) }, t1);
        QCOMPARE(first.added.size(), 1);
        QCOMPARE(first.added.first().firstSeen, t0);
        QCOMPARE(first.added.first().lastSeen, t1);

        // A later evaluation estimates another start (the pod's Ready flipped again): the
        // finding's history stands.
        FindingsDelta second = tracker.update(QStringLiteral("c1"),
            { finding(rule, QStringLiteral("c1"), QStringLiteral("a"), at("2024-05-02T10:04:00Z")) }, t2);
        QVERIFY(second.added.isEmpty());
        QVERIFY(second.removed.isEmpty());
        QCOMPARE(second.updated.size(), 1);
        QCOMPARE(second.updated.first().firstSeen, t0);
        QCOMPARE(second.updated.first().lastSeen, t2);
        QCOMPARE(tracker.findings().first().firstSeen, t0);
    }

    void findingWithoutTimeIsFirstSeenNow()
    {
        FindingTracker tracker;
        const QDateTime now = at("2024-05-02T10:00:00Z");
        const FindingsDelta delta = tracker.update(QStringLiteral("c1"),
            { finding(QStringLiteral("r"), QStringLiteral("c1"), QStringLiteral("a")),
                finding(QStringLiteral("r"), QStringLiteral("c1"), QStringLiteral("b"), now.addSecs(3600)) },
            now);
        QCOMPARE(delta.added.size(), 2);
        for (const Finding& f : delta.added)
            QCOMPARE(f.firstSeen, now); // missing, or from a clock ahead of ours
    }

    void resolvedFindingsAreRemoved()
    {
        FindingTracker tracker;
        QSignalSpy spy(&tracker, &FindingTracker::findingsChanged);
        const QString rule = QStringLiteral("node.not-ready");
        const QDateTime now = at("2024-05-02T10:00:00Z");
        tracker.update(QStringLiteral("c1"),
            { finding(rule, QStringLiteral("c1"), QStringLiteral("a")),
                finding(rule, QStringLiteral("c1"), QStringLiteral("b")) },
            now);
        const Finding stays = finding(rule, QStringLiteral("c1"), QStringLiteral("b"));
        const FindingsDelta delta = tracker.update(QStringLiteral("c1"), { stays }, now.addSecs(1));
        QCOMPARE(delta.removed, QStringList { finding(rule, QStringLiteral("c1"), QStringLiteral("a")).key() });
        QCOMPARE(tracker.count(), 1);
        QCOMPARE(spy.size(), 2);

        // Nothing found, nothing left: one more delta, then silence.
        tracker.update(QStringLiteral("c1"), {}, now.addSecs(2));
        QCOMPARE(tracker.count(), 0);
        QCOMPARE(spy.size(), 3);
        tracker.update(QStringLiteral("c1"), {}, now.addSecs(3));
        QCOMPARE(spy.size(), 3);
    }

    void identityIsRuleClusterObjectAndQualifier()
    {
        FindingTracker tracker;
        const QDateTime now = at("2024-05-02T10:00:00Z");
        const QString rule = QStringLiteral("events.warning-burst");
        Finding backOff = finding(rule, QStringLiteral("c1"), QStringLiteral("a"));
        backOff.qualifier = QStringLiteral("BackOff");
        Finding unhealthy = backOff;
        unhealthy.qualifier = QStringLiteral("Unhealthy");
        Finding otherCluster = finding(rule, QStringLiteral("c2"), QStringLiteral("a"));
        otherCluster.qualifier = QStringLiteral("BackOff");
        Finding twice = backOff; // one rule saying the same thing twice is one finding
        tracker.update(QStringLiteral("c1"), { backOff, unhealthy, twice }, now);
        tracker.update(QStringLiteral("c2"), { otherCluster }, now);
        QCOMPARE(keysOf(tracker.findings()),
            QStringList({ QStringLiteral("events.warning-burst c1 shop/a BackOff"),
                QStringLiteral("events.warning-burst c1 shop/a Unhealthy"),
                QStringLiteral("events.warning-burst c2 shop/a BackOff") }));
        QCOMPARE(tracker.findings(QStringLiteral("c2")).size(), 1);
    }

    void evaluatesOnStoreChangesAndDropsWhatResolves()
    {
        fleet::ClusterStore store;
        store.setBatchInterval(100000); // only explicit flushes
        FindingTracker tracker;
        tracker.setMinimumInterval(0);
        tracker.setRefreshInterval(0);
        tracker.setClock([] { return at("2024-05-02T10:30:00Z"); });
        QSignalSpy spy(&tracker, &FindingTracker::findingsChanged);

        feed(store, { QStringLiteral("pod_crashloop.json"), QStringLiteral("pod_running.json") });
        store.flush();
        tracker.watchCluster(liveContext(), &store);
        QVERIFY(spy.wait());
        FindingsDelta delta = spy.takeFirst().at(0).value<FindingsDelta>();
        QCOMPARE(delta.cluster, QStringLiteral("shop-prod"));
        QCOMPARE(keysOf(delta.added),
            QStringList { QStringLiteral("pod.crash-loop shop-prod shop/checkout-6d8f7b9c4d-7xq2m ") });
        QVERIFY(tracker.lastEvaluationMicros(QStringLiteral("shop-prod")) >= 0);

        // The crash-looping pod is replaced by a healthy one: a new list without it.
        feed(store, { QStringLiteral("pod_running.json") });
        store.flush();
        QVERIFY(spy.wait());
        delta = spy.takeFirst().at(0).value<FindingsDelta>();
        QVERIFY(delta.added.isEmpty());
        QCOMPARE(delta.removed.size(), 1);
        QCOMPARE(tracker.count(), 0);
    }

    void sessionStateReplacesStoreFindings()
    {
        fleet::ClusterStore store;
        FindingTracker tracker;
        tracker.setRefreshInterval(0);
        tracker.setClock([] { return at("2024-05-02T10:30:00Z"); });
        feed(store, { QStringLiteral("node_notready_pressure.json") });
        tracker.watchCluster(liveContext(), &store);
        tracker.evaluateNow(QStringLiteral("shop-prod"));
        QCOMPARE(keysOf(tracker.findings()),
            QStringList({ QStringLiteral("node.memory-pressure shop-prod worker-4 "),
                QStringLiteral("node.not-ready shop-prod worker-4 ") }));

        // Unreachable: the store is a stale picture, the cluster itself is the finding.
        fleet::ClusterFacts down = liveContext();
        down.status
            = { fleet::SessionState::Unreachable, QStringLiteral("connection refused"), at("2024-05-02T10:29:00Z") };
        tracker.setContext(down);
        tracker.evaluateNow(QStringLiteral("shop-prod"));
        QCOMPARE(
            keysOf(tracker.findings()), QStringList { QStringLiteral("cluster.unreachable shop-prod shop-prod ") });
        QCOMPARE(tracker.findings().first().firstSeen, at("2024-05-02T10:29:00Z"));
    }

    void evaluationsAreThrottledPerCluster()
    {
        fleet::ClusterStore store;
        store.setBatchInterval(100000);
        FindingTracker tracker;
        tracker.setRefreshInterval(0);
        tracker.setMinimumInterval(60000);
        tracker.setClock([] { return at("2024-05-02T10:30:00Z"); });
        QSignalSpy spy(&tracker, &FindingTracker::findingsChanged);
        tracker.watchCluster(liveContext(), &store);
        tracker.evaluateNow(QStringLiteral("shop-prod")); // nothing yet: no delta
        QCOMPARE(spy.size(), 0);

        // A batch right after an evaluation waits for the interval …
        feed(store, { QStringLiteral("pod_crashloop.json") });
        store.flush();
        QVERIFY(!spy.wait(200));
        // … unless someone asks now.
        tracker.evaluateNow(QStringLiteral("shop-prod"));
        QCOMPARE(spy.size(), 1);
    }

    void unwatchingRemovesEverything()
    {
        FindingTracker tracker;
        const QDateTime now = at("2024-05-02T10:00:00Z");
        tracker.update(
            QStringLiteral("c1"), { finding(QStringLiteral("r"), QStringLiteral("c1"), QStringLiteral("a")) }, now);
        QSignalSpy spy(&tracker, &FindingTracker::findingsChanged);
        tracker.unwatchCluster(QStringLiteral("c1"));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(0).value<FindingsDelta>().removed.size(), 1);
        QVERIFY(tracker.clusters().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFindingTracker)
#include "tst_findingtracker.moc"
