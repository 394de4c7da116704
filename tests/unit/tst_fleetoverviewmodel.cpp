// SPDX-License-Identifier: Apache-2.0
// The fleet overview's tree: grouping switch, live updates without resets, filter-as-you-type,
// and the findings column fed by the workspace's FindingTracker.
#include "analysis/findingsreport.h"
#include "analysis/findingtracker.h"
#include "items/findingsmodel.h"
#include "items/fleetoverviewmodel.h"
#include "items/fleetworkspace.h"
#include "items/fuzzymatch.h"
#include "kinds/resourcerow.h"
#include "items/rowfilterproxy.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace minato::items;
using minato::fleet::SessionState;

namespace {

OverviewCluster cluster(const QString& name, const QString& team, const QString& env, SessionState state)
{
    OverviewCluster c;
    c.name = name;
    c.team = team;
    c.environment = env;
    c.status.state = state;
    return c;
}

// The model as text: one line per row, indented under its group, the given columns.
QString print(const QAbstractItemModel& model, const QList<int>& columns, const QModelIndex& parent = {}, int depth = 0)
{
    QString out;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        QStringList cells;
        for (int c : columns)
            cells << model.index(r, c, parent).data().toString();
        out += QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | ")) + QLatin1Char('\n');
        out += print(model, columns, model.index(r, 0, parent), depth + 1);
    }
    return out;
}

} // namespace

class TestFleetOverviewModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void groupsAndSwitches()
    {
        FleetOverviewModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClusters({ cluster(QStringLiteral("pay-prod"), QStringLiteral("payments"), QStringLiteral("prod"), SessionState::Live),
            cluster(QStringLiteral("pay-dev"), QStringLiteral("payments"), QStringLiteral("dev"), SessionState::Syncing),
            cluster(QStringLiteral("search-prod"), QStringLiteral("search"), QStringLiteral("prod"), SessionState::Unreachable) });
        const QList<int> columns { FleetOverviewModel::NameColumn, FleetOverviewModel::StateColumn };
        QCOMPARE(print(model, columns),
            QStringLiteral("payments (2) | 1 Live, 1 Syncing\n"
                           "  pay-prod | Live\n"
                           "  pay-dev | Syncing\n"
                           "search (1) | 1 Unreachable\n"
                           "  search-prod | Unreachable\n"));
        model.setGrouping(FleetOverviewModel::Grouping::Environment);
        QCOMPARE(print(model, { FleetOverviewModel::NameColumn }),
            QStringLiteral("prod (2)\n  pay-prod\n  search-prod\ndev (1)\n  pay-dev\n"));
        model.setGrouping(FleetOverviewModel::Grouping::Flat);
        QCOMPARE(print(model, { FleetOverviewModel::NameColumn }), QStringLiteral("pay-prod\npay-dev\nsearch-prod\n"));
    }

    void updatesAreDataChangedNotResets()
    {
        FleetOverviewModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClusters({ cluster(QStringLiteral("a"), QStringLiteral("t"), QStringLiteral("prod"), SessionState::Syncing) });
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.updateProgress(QStringLiteral("a"), 3, 19);
        QCOMPARE(model.indexOfCluster(QStringLiteral("a"), FleetOverviewModel::StateColumn).data().toString(),
            QStringLiteral("Syncing 3/19"));
        minato::analysis::ClusterSummary summary;
        summary.nodesReady = 2;
        summary.nodesTotal = 3;
        summary.podsRunning = 10;
        summary.podsPending = 1;
        summary.failingPods.resize(2);
        summary.hpas.total = 4;
        summary.hpas.atMax = 1;
        summary.hpas.unableToScale = 1;
        summary.cni.plugin = minato::analysis::CniSummary::Plugin::Calico;
        summary.cni.encapsulation = QStringLiteral("IPIP CrossSubnet");
        summary.cni.bgpMode = QStringLiteral("node-to-node mesh");
        summary.runtimes = { { QStringLiteral("containerd"), QStringLiteral("1.7.2"), 3 } };
        summary.runtimeHandlers = { QStringLiteral("runsc") };
        model.updateSummary(QStringLiteral("a"), summary);
        // The same summary again is not a change.
        const qsizetype changesBefore = changes.size();
        model.updateSummary(QStringLiteral("a"), summary);
        QCOMPARE(changes.size(), changesBefore);
        minato::fleet::SessionStatus live;
        live.state = SessionState::Live;
        model.updateStatus(QStringLiteral("a"), live);
        model.updateFindings(QStringLiteral("a"), SeverityCounts { 1, 2, 0 });
        QCOMPARE(resets.size(), 0);
        QVERIFY(changes.size() >= 4);
        QCOMPARE(print(model, { FleetOverviewModel::NameColumn, FleetOverviewModel::StateColumn, FleetOverviewModel::NodesColumn,
                                  FleetOverviewModel::PodsColumn, FleetOverviewModel::CniColumn, FleetOverviewModel::HpasColumn,
                                  FleetOverviewModel::FindingsColumn, FleetOverviewModel::RuntimesColumn }),
            QStringLiteral("t (1) | 1 Live | 2/3 | 10 / 1 / 2 |  | 4 / 1 / 1 | 1 crit · 2 warn | \n"
                           "  a | Live | 2/3 | 10 / 1 / 2 | Calico IPIP CrossSubnet | 4 / 1 / 1 | 1 crit · 2 warn | containerd 1.7.2 ×3, runsc\n"));
        QCOMPARE(model.indexOfCluster(QStringLiteral("a")).data(FleetOverviewModel::SeverityRole).toInt(), 3);
        // The narrow cell is brief; the tooltip has `minato report`'s whole line.
        QCOMPARE(model.indexOfCluster(QStringLiteral("a"), FleetOverviewModel::CniColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("Calico IPIP CrossSubnet; BGP node-to-node mesh"));
    }

    void findingsReachTheOverview()
    {
        using minato::analysis::Finding;
        using minato::analysis::Severity;
        auto finding = [](Severity severity, const QString& rule, const QString& name) {
            Finding f;
            f.severity = severity;
            f.ruleId = rule;
            f.object = { QStringLiteral("a"), QStringLiteral("Pod"), QStringLiteral("shop"), name, {} };
            f.title = rule + QLatin1Char(' ') + name;
            return f;
        };
        QCOMPARE(minato::analysis::FindingsReport::count({}), SeverityCounts {});
        const QList<Finding> three = { finding(Severity::Warning, QStringLiteral("pod.pending"), QStringLiteral("web-1")),
            finding(Severity::Critical, QStringLiteral("pod.crash-loop"), QStringLiteral("db-0")),
            finding(Severity::Warning, QStringLiteral("pod.pending"), QStringLiteral("web-2")) };
        QCOMPARE(minato::analysis::FindingsReport::count(three), (SeverityCounts { 1, 2, 0 }));
        QCOMPARE(minato::analysis::FindingsReport::count(three, QStringLiteral("b")), SeverityCounts {});

        // No engine: the workspace's tracker is fed directly, as an evaluation would.
        FleetWorkspace workspace(testKinds(), nullptr);
        QAbstractItemModelTester tester(workspace.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        workspace.overview()->setClusters({ cluster(QStringLiteral("a"), QStringLiteral("t"), QStringLiteral("prod"), SessionState::Live) });
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1717200000, Qt::UTC);
        workspace.tracker()->update(QStringLiteral("a"), three, now);
        QCOMPARE(workspace.findings()->rowCount(), 3);
        QCOMPARE(workspace.overview()->cluster(QStringLiteral("a"))->findings, (SeverityCounts { 1, 2, 0 }));
        QCOMPARE(workspace.overview()->indexOfCluster(QStringLiteral("a"), FleetOverviewModel::FindingsColumn).data().toString(),
            QStringLiteral("1 crit · 2 warn"));

        // A resolved finding leaves the list and the count.
        workspace.tracker()->update(QStringLiteral("a"), three.mid(0, 1), now.addSecs(5));
        QCOMPARE(workspace.findings()->rowCount(), 1);
        QCOMPARE(workspace.overview()->cluster(QStringLiteral("a"))->findings, (SeverityCounts { 0, 1, 0 }));
        workspace.tracker()->update(QStringLiteral("a"), {}, now.addSecs(10));
        QCOMPARE(workspace.findings()->rowCount(), 0);
        QCOMPARE(workspace.overview()->indexOfCluster(QStringLiteral("a"), FleetOverviewModel::FindingsColumn).data().toString(),
            QString());
    }

    void filterAsYouTypeKeepsGroups()
    {
        FleetOverviewModel model;
        model.setClusters({ cluster(QStringLiteral("pay-prod"), QStringLiteral("payments"), QStringLiteral("prod"), SessionState::Live),
            cluster(QStringLiteral("pay-dev"), QStringLiteral("payments"), QStringLiteral("dev"), SessionState::Live),
            cluster(QStringLiteral("search-prod"), QStringLiteral("search"), QStringLiteral("prod"), SessionState::AuthFailed) });
        RowFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setFilterText(QStringLiteral("pro"));
        QCOMPARE(print(proxy, { 0 }), QStringLiteral("payments (2)\n  pay-prod\nsearch (1)\n  search-prod\n"));
        proxy.setFilterText(QStringLiteral("prod state:auth"));
        QCOMPARE(print(proxy, { 0 }), QStringLiteral("search (1)\n  search-prod\n"));
        proxy.setFilterText(QStringLiteral("env:prod !search"));
        QCOMPARE(print(proxy, { 0 }), QStringLiteral("payments (2)\n  pay-prod\n"));
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), 2);
    }

    void helpers()
    {
        QCOMPARE(minato::kinds::formatAge(45), QStringLiteral("45s"));
        QCOMPARE(minato::kinds::formatAge(5 * 60 + 3), QStringLiteral("5m3s"));
        QCOMPARE(minato::kinds::formatAge(4 * 3600 + 60), QStringLiteral("4h1m"));
        QCOMPARE(minato::kinds::formatAge(3 * 86400), QStringLiteral("3d"));
        QVERIFY(fuzzyScore(u"dp", u":deployments deploy dp") > fuzzyScore(u"dp", u":daemonsets ds"));
        QVERIFY(fuzzyScore(u"dp", u":deployments deploy dp") > fuzzyScore(u"dp", u":pods po"));
        QVERIFY(fuzzyScore(u"deploy", u":deployments deploy dp") > fuzzyScore(u"deploy", u":daemonsets ds"));
        QCOMPARE(fuzzyScore(u"xyz", u"pods"), -1);
        QCOMPARE(testKinds().find(u"hpa"), std::optional(minato::fleet::WatchedKind::HorizontalPodAutoscalers));
        QCOMPARE(testKinds().find(u"po"), std::optional(minato::fleet::WatchedKind::Pods));
    }
};

QTEST_MAIN(TestFleetOverviewModel)
#include "tst_fleetoverviewmodel.moc"
