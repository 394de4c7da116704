// SPDX-License-Identifier: Apache-2.0
// FleetEngine without a network: who connects at start (small fleets everything, large ones
// what fleet.yaml pins plus the current context), sessions kept across setFleet, progress.
#include "fleet/fleetengine.h"
#include "testkinds.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

namespace {

Fleet fleetOf(int count, const QString& current = {})
{
    Fleet fleet;
    for (int i = 0; i < count; ++i) {
        FleetCluster c;
        c.context.name = QStringLiteral("ctx-%1").arg(i, 3, 10, QLatin1Char('0'));
        c.cluster.name = c.context.name;
        c.cluster.server = u"https://127.0.0.1:1"_s; // nothing listens there; nothing connects in these tests
        c.user.name = c.context.name;
        c.isCurrent = c.context.name == current;
        fleet.clusters.append(c);
    }
    fleet.currentContext = current;
    return fleet;
}

FleetConfig configWith(const QByteArray& yaml)
{
    return FleetConfig::parse(yaml, u"/nonexistent/fleet.yaml"_s, QProcessEnvironment());
}

} // namespace

class TestFleetEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void smallFleetsConnectEverything()
    {
        FleetEngine engine(testCatalog());
        engine.setFleet(fleetOf(20));
        QCOMPARE(engine.startupContexts().size(), 20);
        QCOMPARE(engine.sessions().size(), 20);
        for (const ClusterSession* s : engine.sessions())
            QCOMPARE(s->state(), SessionState::Idle); // nothing before start()
    }

    void largeFleetsConnectPinnedAndCurrent()
    {
        FleetEngine engine(testCatalog());
        const FleetConfig config = configWith("clusters:\n- match: \"ctx-00*\"\n  connect: startup\n");
        engine.setFleet(fleetOf(150, u"ctx-120"_s), config);
        QStringList expected;
        for (int i = 0; i < 10; ++i)
            expected << QStringLiteral("ctx-%1").arg(i, 3, 10, QLatin1Char('0'));
        expected << u"ctx-120"_s;
        QCOMPARE(engine.startupContexts(), expected);
    }

    void onDemandWinsEvenInSmallFleets()
    {
        FleetEngine engine(testCatalog());
        engine.setFleet(fleetOf(5), configWith("clusters:\n- match: \"ctx-001\"\n  connect: on-demand\n"));
        QCOMPARE(engine.startupContexts().size(), 4);
        QVERIFY(!engine.startupContexts().contains(u"ctx-001"_s));
    }

    void sessionsSurviveANewFleet()
    {
        FleetEngine engine(testCatalog());
        QSignalSpy changed(&engine, &FleetEngine::sessionsChanged);
        engine.setFleet(fleetOf(3));
        ClusterSession* kept = engine.session(u"ctx-001"_s);
        QVERIFY(kept);
        engine.setFleet(fleetOf(2));
        QCOMPARE(engine.session(u"ctx-001"_s), kept);
        QVERIFY(!engine.session(u"ctx-002"_s));
        QCOMPARE(changed.size(), 2);
    }

    // Subscribers learn of each session once: added in fleet order, removed when it leaves,
    // and nothing for one that stays.
    void sessionEventsNameEachSessionOnce()
    {
        FleetEngine engine(testCatalog());
        QSignalSpy added(&engine, &FleetEngine::sessionAdded);
        QSignalSpy removed(&engine, &FleetEngine::sessionRemoved);
        QSignalSpy changed(&engine, &FleetEngine::sessionsChanged);
        engine.setFleet(fleetOf(3));
        QCOMPARE(added.size(), 3);
        for (int i = 0; i < 3; ++i) {
            auto* session = added.at(i).at(0).value<ClusterSession*>();
            QCOMPARE(session, engine.sessions().at(i));
        }
        QCOMPARE(removed.size(), 0);
        added.clear();

        Fleet next = fleetOf(2); // ctx-000, ctx-001 stay; ctx-002 leaves
        FleetCluster extra = fleetOf(5).clusters.at(4);
        next.clusters.append(extra); // ctx-004 joins
        engine.setFleet(next);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.first().at(0).toString(), u"ctx-002"_s);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().at(0).value<ClusterSession*>(), engine.session(u"ctx-004"_s));
        QCOMPARE(changed.size(), 2);
    }

    // A session's status change is announced as a change of its facts too.
    void statusChangesAreSessionChanges()
    {
        FleetEngine engine(testCatalog());
        Fleet fleet = fleetOf(1);
        fleet.clusters[0].diagnostics.append({ kube::Severity::Error, u"cluster-missing"_s,
            u"context names an undefined cluster"_s, {}, fleet.clusters[0].name() });
        engine.setFleet(fleet);
        QSignalSpy changed(&engine, &FleetEngine::sessionChanged);
        engine.ensureConnected(u"ctx-000"_s);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(0).toString(), u"ctx-000"_s);
        QCOMPARE(engine.session(u"ctx-000"_s)->facts().status.state, SessionState::Misconfigured);
    }

    void misconfiguredClustersSettleAtOnce()
    {
        FleetEngine engine(testCatalog());
        Fleet fleet = fleetOf(2);
        fleet.clusters[1].diagnostics.append({ kube::Severity::Error, u"cluster-missing"_s,
            u"context names an undefined cluster"_s, {}, fleet.clusters[1].name() });
        engine.setFleet(fleet);
        QSignalSpy status(&engine, &FleetEngine::sessionStatusChanged);
        engine.ensureConnected(u"ctx-001"_s);
        QCOMPARE(engine.session(u"ctx-001"_s)->state(), SessionState::Misconfigured);
        QCOMPARE(engine.session(u"ctx-000"_s)->state(), SessionState::Idle); // on demand only
        QCOMPARE(status.size(), 1);
        QCOMPARE(status.first().at(0).toString(), u"ctx-001"_s);
        const FleetProgress progress = engine.progress();
        QCOMPARE(progress.clusters, 2);
        QCOMPARE(progress.connected, 1);
        QCOMPARE(progress.failed, 1);
        QVERIFY(progress.isSettled());
        QSignalSpy progressSignal(&engine, &FleetEngine::progressChanged);
        QVERIFY(progressSignal.wait(2000));
    }
};

QTEST_GUILESS_MAIN(TestFleetEngine)
#include "tst_fleetengine.moc"
