// SPDX-License-Identifier: Apache-2.0
// Operations from the window on a small simulated fleet: Deployments of two clusters selected
// in one cross-cluster table, a rollout restart by its key and a scale through its dialog;
// the changes land in the change set dock with their diffs, the export writes one folder per
// cluster, the change set survives a new workspace, and the simulator saw no mutating request.
#include "changesetview.h"
#include "demofleet.h"
#include "mainwindow.h"
#include "operationsmenu.h"
#include "resourcebrowserview.h"

#include "export/change.h"
#include "export/operationsrequest.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/changesetmodel.h"
#include "items/changesetworkspace.h"
#include "items/fleetworkspace.h"
#include "items/resourcetablemodel.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace minato;

class TestChangeSetWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void operationsBecomeAnExportedChangeSet()
    {
        DemoFleet demo(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        QTemporaryDir dir;
        const QString storePath = dir.filePath(QStringLiteral("open-change-set.json"));

        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        items::ChangeSetWorkspace changes(&engine, storePath, dir.filePath(QStringLiteral("openapi")));
        QAbstractItemModelTester tester(changes.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        MainWindow window(&workspace);
        window.setChangeSetWorkspace(&changes);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.start();

        // Both clusters' Deployments in one table; select every row.
        workspace.browseClusters({ QStringLiteral("alpha"), QStringLiteral("beta") });
        workspace.setKind(fleet::WatchedKind::Deployments);
        const auto* resources = workspace.resources();
        auto clustersShown = [resources] {
            QSet<QString> clusters;
            for (int row = 0; row < resources->rowCount(); ++row)
                clusters.insert(resources->index(row, 0).data(items::ResourceTableModel::ClusterRole).toString());
            return clusters;
        };
        QTRY_COMPARE_WITH_TIMEOUT(clustersShown().size(), 2, 30000);
        const int deployments = resources->rowCount();
        QTableView* table = window.browser()->tableView();
        table->setFocus();
        table->selectAll();
        QCOMPARE(table->selectionModel()->selectedRows().size(), deployments);

        // 'R' on the table: rollout restart of every selected Deployment, across both clusters.
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(table, Qt::Key_R);
        items::ChangeSetModel* model = changes.model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), deployments, 15000);
        QSet<QString> changedClusters;
        for (int row = 0; row < model->rowCount(); ++row) {
            const changes::Change& change = model->change(row);
            changedClusters.insert(change.target.cluster);
            QCOMPARE(change.target.kind, QStringLiteral("Deployment"));
            QVERIFY2(model->index(row, 0).data(items::ChangeSetModel::DiffRole).toString().contains(
                         QStringLiteral("kubectl.kubernetes.io/restartedAt")),
                qPrintable(change.summary));
        }
        QCOMPARE(changedClusters, (QSet<QString> { QStringLiteral("alpha"), QStringLiteral("beta") }));

        // Scale only the first row, answering the replicas dialog; it folds into that object's row.
        table->clearSelection();
        table->selectRow(0);
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setIntValue(7);
            dialog->accept();
        });
        QVERIFY(window.operationsMenu()->trigger(changes::OperationKind::Scale));
        QTRY_VERIFY_WITH_TIMEOUT(
            [model] {
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (model->index(row, 0).data(items::ChangeSetModel::PatchYamlRole).toString().contains(
                            QStringLiteral("replicas: 7")))
                        return true;
                }
                return false;
            }(),
            15000);
        QCOMPARE(model->rowCount(), deployments);

        // The dock shows the current change's diff.
        ChangeSetView* view = window.changeSetView();
        view->treeView()->setCurrentIndex(model->index(0, 0));
        QVERIFY(view->diffText()->toPlainText().contains(QStringLiteral("restartedAt")));

        // Export: a folder per cluster with its kustomization; refused the second time without overwrite.
        view->titleEdit()->clear();
        QTest::keyClicks(view->titleEdit(), QStringLiteral("Restart shop"));
        const QString exported = view->exportTo(dir.path(), false);
        QVERIFY(!exported.isEmpty());
        QVERIFY(QFile::exists(exported + QStringLiteral("/README.md")));
        QVERIFY(QFile::exists(exported + QStringLiteral("/alpha/kustomization.yaml")));
        QVERIFY(QFile::exists(exported + QStringLiteral("/beta/kustomization.yaml")));
        QVERIFY(view->exportTo(dir.path(), false).isEmpty());

        // Saved as it was edited: a new workspace on the same file has the same changes.
        {
            items::ChangeSetWorkspace reopened(&engine, storePath, dir.filePath(QStringLiteral("openapi")));
            QCOMPARE(reopened.model()->rowCount(), deployments);
            QCOMPARE(reopened.model()->changeSet().title, QStringLiteral("Restart shop"));
        }

        // Everything above read the clusters; nothing was sent to change them.
        QCOMPARE(demo.mutatingRequests(), 0);
        engine.disconnectAll();
    }
};

QTEST_MAIN(TestChangeSetWindow)
#include "tst_changesetwindow.moc"
