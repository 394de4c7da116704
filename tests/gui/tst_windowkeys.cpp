// SPDX-License-Identifier: Apache-2.0
// The fleet window from the keyboard, as a k9s user types: ':' and a kind alias switch the
// browser's kind, '/' and text filter the list that has focus. Keys go to whatever widget
// has focus, so the shortcuts are exercised as a user meets them.
#include "commandpalette.h"
#include "findingsview.h"
#include "fleetoverviewview.h"
#include "mainwindow.h"
#include "resourcebrowserview.h"

#include "analysis/findingtracker.h"
#include "fleet/clusterstore.h"
#include "items/findingsmodel.h"
#include "items/fleetoverviewmodel.h"
#include "items/fleetworkspace.h"
#include "items/resourcetablemodel.h"

#include "reflectorfixtures.h"
#include "testkinds.h"

#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace minato;
using namespace reflectorfixtures;

namespace {

// Types into the focused widget, one key at a time, so focus moves between keys count.
void type(const QString& text)
{
    for (const QChar c : text) {
        QWidget* target = QApplication::focusWidget();
        QVERIFY2(target, "no widget has focus");
        QTest::keyClick(target, c.toLatin1());
    }
}

QStringList names(const QAbstractItemModel& model, int column)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.index(r, column).data().toString();
    out.sort();
    return out;
}

items::OverviewCluster cluster(const QString& name, const QString& team)
{
    items::OverviewCluster c;
    c.name = name;
    c.team = team;
    c.environment = QStringLiteral("prod");
    c.status.state = fleet::SessionState::Live;
    return c;
}

} // namespace

class TestWindowKeys : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_store = std::make_unique<fleet::ClusterStore>();
        PodFeeder().list(*m_store, { pod(1, 1), pod(2, 1), pod(3, 1, "Pending") });
        m_workspace = std::make_unique<items::FleetWorkspace>(testKinds(), nullptr);
        m_workspace->overview()->setClusters({ cluster(QStringLiteral("payments-prod"), QStringLiteral("payments")),
            cluster(QStringLiteral("search-prod"), QStringLiteral("search")) });
        // No engine: the browser's table follows this store directly.
        m_workspace->resources()->setSources({ { QStringLiteral("alpha"), m_store.get() } });
        m_window = std::make_unique<MainWindow>(m_workspace.get());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_workspace.reset();
        m_store.reset();
    }

    void colonJumpsToKind()
    {
        QTableView* table = m_window->browser()->tableView();
        m_window->browser()->focusTable();
        QTRY_COMPARE(QApplication::focusWidget(), table);
        QCOMPARE(m_workspace->kind(), fleet::WatchedKind::Pods);

        type(QStringLiteral(":"));
        QVERIFY(m_window->palette()->isVisible());
        QCOMPARE(QApplication::focusWidget(), m_window->palette()->queryEdit());
        QCOMPARE(m_window->palette()->queryEdit()->text(), QStringLiteral(":"));
        type(QStringLiteral("deploy"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(m_workspace->kind(), fleet::WatchedKind::Deployments);
        QVERIFY(!m_window->palette()->isVisible());
        QCOMPARE(table->model()->headerData(4, Qt::Horizontal).toString(), QStringLiteral("UP-TO-DATE"));
        QCOMPARE(table->model()->rowCount(), 0);
        QTRY_COMPARE(QApplication::focusWidget(), table);

        // Back to pods by their short name; the pods are there again.
        type(QStringLiteral(":po"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(m_workspace->kind(), fleet::WatchedKind::Pods);
        QCOMPARE(names(*table->model(), 2),
            QStringList({ QStringLiteral("pod-1"), QStringLiteral("pod-2"), QStringLiteral("pod-3") }));

        type(QStringLiteral(":hpa"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QCOMPARE(m_workspace->kind(), fleet::WatchedKind::HorizontalPodAutoscalers);
    }

    void slashFiltersTheFocusedList()
    {
        QTableView* table = m_window->browser()->tableView();
        m_window->browser()->focusTable();
        QTRY_COMPARE(QApplication::focusWidget(), table);
        QCOMPARE(table->model()->rowCount(), 3);

        type(QStringLiteral("/"));
        QCOMPARE(QApplication::focusWidget(), m_window->browser()->filterEdit());
        type(QStringLiteral("pod-2"));
        QCOMPARE(names(*table->model(), 2), QStringList { QStringLiteral("pod-2") });
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
        QTRY_COMPARE(QApplication::focusWidget(), table);

        // Column filters, as the placeholder shows them.
        m_window->browser()->filterEdit()->clear();
        type(QStringLiteral("/status:pending"));
        QCOMPARE(names(*table->model(), 2), QStringList { QStringLiteral("pod-3") });

        // In the overview, '/' filters the clusters instead.
        QTreeView* tree = m_window->overview()->treeView();
        tree->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), tree);
        type(QStringLiteral("/search"));
        QCOMPARE(QApplication::focusWidget(), m_window->overview()->filterEdit());
        QCOMPARE(tree->model()->rowCount(), 1);
        QCOMPARE(tree->model()->index(0, 0).data().toString(), QStringLiteral("search (1)"));
        QCOMPARE(table->model()->rowCount(), 1);
    }

    void ctrlTOpensTriage()
    {
        auto* findings = new FindingsView(m_workspace->findings(), m_workspace->overview());
        m_window->setFindingsWidget(findings);
        m_window->browser()->focusTable();
        QTRY_COMPARE(QApplication::focusWidget(), m_window->browser()->tableView());

        // No findings yet: the first one to arrive becomes current.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_T, Qt::ControlModifier);
        QTreeView* list = findings->treeView();
        QTRY_COMPARE(QApplication::focusWidget(), list);
        const auto* dockWidget = m_window->findChild<QDockWidget*>(QStringLiteral("findingsDock"));
        QTRY_VERIFY(dockWidget->height() > m_window->height() / 2);
        QVERIFY(!list->currentIndex().isValid());

        analysis::Finding crash;
        crash.severity = analysis::Severity::Critical;
        crash.ruleId = QStringLiteral("pod.crash-loop");
        crash.object = { QStringLiteral("payments-prod"), QStringLiteral("Pod"), QStringLiteral("shop"),
            QStringLiteral("db-0"), {} };
        crash.title = QStringLiteral("CrashLoopBackOff: container db restarted 6 times");
        m_workspace->tracker()->update(QStringLiteral("payments-prod"), { crash }, QDateTime::currentDateTimeUtc());
        QTRY_VERIFY(list->currentIndex().isValid());
        QCOMPARE(list->currentIndex().row(), 0);
        QVERIFY(list->currentIndex().siblingAtColumn(0).data().toString().contains(QStringLiteral("Critical")));
    }

private:
    std::unique_ptr<fleet::ClusterStore> m_store;
    std::unique_ptr<items::FleetWorkspace> m_workspace;
    std::unique_ptr<MainWindow> m_window;
};

QTEST_MAIN(TestWindowKeys)
#include "tst_windowkeys.moc"
