// SPDX-License-Identifier: Apache-2.0
// The whole window on a small simulated fleet: clusters turn Live with pod counts, Enter
// opens one, a selected pod's YAML arrives, the cross-cluster table has a CLUSTER column,
// and the GUI thread never stalls while all of it syncs. A crash-looping pod shows up in the
// findings dock, worst first and counted in the overview, and Enter on it opens the pod.
#include "demofleet.h"
#include "findingsview.h"
#include "fleetoverviewview.h"
#include "mainwindow.h"
#include "resourcebrowserview.h"
#include "yamlview.h"

#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "analysis/findingsreport.h"
#include "analysis/findingtracker.h"
#include "items/eventloopwatchdog.h"
#include "items/findingsmodel.h"
#include "items/fleetoverviewmodel.h"
#include "items/fleetworkspace.h"
#include "items/kindtreemodel.h"
#include "items/resourcetablemodel.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace minato;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void syncOpenSelectYaml()
    {
        DemoFleet demo(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));

        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        QAbstractItemModelTester overviewTester(workspace.overview(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester resourcesTester(workspace.resources(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester kindsTester(workspace.kinds(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        MainWindow window(&workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        items::EventLoopWatchdog watchdog(20, 100000);
        watchdog.start();
        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        QCOMPARE(loaded.fleet.clusters.size(), 2);
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.start();

        // The overview shows both clusters Live, grouped by team, with pod counts.
        auto* overview = workspace.overview();
        QTRY_VERIFY_WITH_TIMEOUT(overview->cluster(QStringLiteral("alpha"))
                && overview->cluster(QStringLiteral("alpha"))->status.state == fleet::SessionState::Live
                && overview->cluster(QStringLiteral("beta"))->status.state == fleet::SessionState::Live,
            30000);
        QTRY_VERIFY_WITH_TIMEOUT(overview->cluster(QStringLiteral("alpha"))->summary.podsRunning > 0, 10000);
        const QModelIndex alphaPods = overview->indexOfCluster(QStringLiteral("alpha"), items::FleetOverviewModel::PodsColumn);
        QVERIFY(alphaPods.data().toString().contains(QStringLiteral(" / ")));
        QCOMPARE(alphaPods.parent().data().toString(), QStringLiteral("payments (1)"));
        // IPPools list on their own schedule: the CNI cell fills when they are in.
        QTRY_COMPARE_WITH_TIMEOUT(
            overview->indexOfCluster(QStringLiteral("alpha"), items::FleetOverviewModel::CniColumn).data().toString(),
            QStringLiteral("Calico IPIP CrossSubnet"), 10000);

        // Enter on the cluster row opens it in the browser.
        QTreeView* tree = window.overview()->treeView();
        tree->setFocus();
        QAbstractItemModel* treeModel = tree->model();
        QModelIndex alphaRow;
        for (int g = 0; g < treeModel->rowCount() && !alphaRow.isValid(); ++g) {
            const QModelIndex group = treeModel->index(g, 0);
            for (int r = 0; r < treeModel->rowCount(group); ++r) {
                if (treeModel->index(r, 0, group).data().toString() == QLatin1String("alpha"))
                    alphaRow = treeModel->index(r, 0, group);
            }
        }
        QVERIFY(alphaRow.isValid());
        tree->setCurrentIndex(alphaRow);
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(workspace.browsedClusters(), QStringList { QStringLiteral("alpha") });
        QCOMPARE(workspace.kind(), fleet::WatchedKind::Pods);

        // Select a pod: the YAML pane gets the full object.
        QTableView* table = window.browser()->tableView();
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, 10000);
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 1));
        const QString podName = table->model()->index(0, 2).data().toString();
        QTRY_VERIFY_WITH_TIMEOUT(window.yamlView()->yaml().startsWith(QStringLiteral("apiVersion: v1\nkind: Pod\n")), 10000);
        QVERIFY(window.yamlView()->yaml().contains(QStringLiteral("name: ") + podName));
        QVERIFY(!window.yamlView()->yaml().contains(QStringLiteral("managedFields")));

        // Cross-cluster: both clusters in one table, told apart by the CLUSTER column.
        workspace.browseClusters({ QStringLiteral("alpha"), QStringLiteral("beta") });
        QSet<QString> clusters;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                clusters.clear();
                for (int r = 0; r < workspace.resources()->rowCount(); ++r)
                    clusters.insert(workspace.resources()->index(r, items::ResourceTableModel::ClusterColumn).data().toString());
                return clusters.size() == 2;
            }(),
            10000);
        QVERIFY(!table->isColumnHidden(items::ResourceTableModel::ClusterColumn));
        window.browser()->filterEdit()->setText(QStringLiteral("cluster:beta"));
        QVERIFY(table->model()->rowCount() > 0);
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QCOMPARE(table->model()->index(r, 0).data().toString(), QStringLiteral("beta"));

        // Nothing above blocked the GUI thread for long (loopback, two small clusters).
        QVERIFY2(watchdog.maxLatency() < 250, qPrintable(QString::number(watchdog.maxLatency())));
        engine.disconnectAll();
        demo.stop();
    }

    void findingsOpenTheirObject()
    {
        // small.yaml crash-loops alpha's db pods from 1m to 3m of simulated time; at six times
        // real speed that is 10 s to 30 s after the start.
        DemoFleet demo(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"), 6.0);
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));

        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        QAbstractItemModelTester findingsTester(workspace.findings(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        MainWindow window(&workspace);
        auto* findings = new FindingsView(workspace.findings(), workspace.overview());
        window.setFindingsWidget(findings);
        QCOMPARE(window.findingsView(), findings);
        QAbstractItemModelTester viewTester(findings->treeView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.start();
        QCOMPARE(workspace.tracker()->clusters(), QStringList({ QStringLiteral("alpha"), QStringLiteral("beta") }));

        // The team combo is filled from the fleet.
        QTRY_VERIFY_WITH_TIMEOUT(findings->teamCombo()->findData(QStringLiteral("payments")) > 0, 10000);
        QVERIFY(findings->environmentCombo()->findData(QStringLiteral("dev")) > 0);

        QAbstractItemModel* list = findings->treeView()->model();
        auto crashRow = [list] {
            for (int r = 0; r < list->rowCount(); ++r) {
                const QModelIndex index = list->index(r, items::FindingsModel::SeverityColumn);
                if (index.data(items::FindingsModel::RuleIdRole).toString() == QLatin1String("pod.crash-loop"))
                    return r;
            }
            return -1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(crashRow() >= 0, 40000);

        // Worst first.
        for (int r = 1; r < list->rowCount(); ++r) {
            QVERIFY(list->index(r - 1, 0).data(items::FindingsModel::SeverityRole).toInt()
                >= list->index(r, 0).data(items::FindingsModel::SeverityRole).toInt());
        }
        QCOMPARE(list->index(0, 0).data(items::FindingsModel::SeverityRole).toInt(), int(analysis::Severity::Critical));

        // The overview counts alpha's findings.
        auto* overview = workspace.overview();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const items::SeverityCounts counts = analysis::FindingsReport::count(workspace.tracker()->findings(QStringLiteral("alpha")));
                return counts.critical > 0 && overview->cluster(QStringLiteral("alpha"))->findings == counts;
            }(),
            5000);
        const QString findingsCell
            = overview->indexOfCluster(QStringLiteral("alpha"), items::FleetOverviewModel::FindingsColumn).data().toString();
        QVERIFY2(findingsCell.contains(QStringLiteral(" crit")), qPrintable(findingsCell));

        // The filters narrow the list: beta's team has no crash loop.
        findings->teamCombo()->setCurrentIndex(findings->teamCombo()->findData(QStringLiteral("search")));
        QCOMPARE(crashRow(), -1);
        findings->teamCombo()->setCurrentIndex(0);
        findings->severityCombo()->setCurrentIndex(2); // critical only
        for (int r = 0; r < list->rowCount(); ++r)
            QCOMPARE(list->index(r, 0).data(items::FindingsModel::SeverityRole).toInt(), int(analysis::Severity::Critical));
        findings->filterEdit()->setText(QStringLiteral("crash"));
        QVERIFY(crashRow() >= 0);

        // Enter on the finding opens alpha's pods and selects the pod; its YAML arrives.
        const int row = crashRow();
        QVERIFY(row >= 0);
        const auto object = list->index(row, 0).data(items::FindingsModel::ObjectRole).value<analysis::ObjectRef>();
        QCOMPARE(object.kind, QStringLiteral("Pod"));
        QTreeView* tree = findings->treeView();
        tree->setFocus();
        tree->setCurrentIndex(list->index(row, 0));
        QTest::keyClick(tree, Qt::Key_Return);
        QCOMPARE(workspace.browsedClusters(), QStringList { QStringLiteral("alpha") });
        QCOMPARE(workspace.kind(), fleet::WatchedKind::Pods);
        QTableView* table = window.browser()->tableView();
        QVERIFY(table->currentIndex().isValid());
        QCOMPARE(table->model()->index(table->currentIndex().row(), 2).data().toString(), object.name);
        QCOMPARE(table->model()->index(table->currentIndex().row(), 1).data().toString(), object.nameSpace);
        QTRY_VERIFY_WITH_TIMEOUT(window.yamlView()->yaml().contains(QStringLiteral("name: ") + object.name), 10000);
        QVERIFY(window.yamlView()->yaml().startsWith(QStringLiteral("apiVersion: v1\nkind: Pod\n")));

        // The filters survive a restart.
        window.saveSettings();
        auto* restored = new FindingsView(workspace.findings(), workspace.overview());
        window.setFindingsWidget(restored);
        window.restoreSettings();
        QCOMPARE(restored->filterEdit()->text(), QStringLiteral("crash"));
        QCOMPARE(restored->severityCombo()->currentIndex(), 2);

        engine.disconnectAll();
        demo.stop();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
