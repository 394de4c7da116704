// SPDX-License-Identifier: Apache-2.0
// The window's layout survives a restart: grouping, the overview's column widths and order,
// filters, the kind, splitters and docks are saved on close and come back in a new window
// (on a new workspace), read from an isolated settings folder.
#include "fleetoverviewview.h"
#include "mainwindow.h"
#include "resourcebrowserview.h"
#include "yamlview.h"

#include "items/fleetoverviewmodel.h"
#include "items/fleetworkspace.h"
#include "testkinds.h"

#include <QCheckBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace minato;
using items::FleetOverviewModel;

namespace {

std::unique_ptr<items::FleetWorkspace> makeWorkspace()
{
    auto workspace = std::make_unique<items::FleetWorkspace>(testKinds(), nullptr);
    QList<items::OverviewCluster> clusters;
    for (const char* name : { "payments-prod", "payments-dev", "search-prod" }) {
        items::OverviewCluster c;
        c.name = QString::fromLatin1(name);
        c.team = c.name.section(QLatin1Char('-'), 0, 0);
        c.environment = c.name.section(QLatin1Char('-'), 1);
        clusters << c;
    }
    workspace->overview()->setClusters(clusters);
    return workspace;
}

QSplitter* splitter(const MainWindow& window, const char* name)
{
    return window.findChild<QSplitter*>(QString::fromLatin1(name));
}

QDockWidget* dock(const MainWindow& window, const char* name)
{
    return window.findChild<QDockWidget*>(QString::fromLatin1(name));
}

} // namespace

class TestWindowSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("minato-test"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowsettings"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings().clear();
    }

    void layoutComesBack()
    {
        QList<int> centralSizes;
        QList<int> browserSizes;
        {
            auto workspace = makeWorkspace();
            MainWindow window(workspace.get());
            window.restoreSettings(); // nothing saved yet: the defaults
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QCOMPARE(workspace->overview()->grouping(), FleetOverviewModel::Grouping::Team);

            window.overview()->setGroupingIndex(1);
            QHeaderView* header = window.overview()->treeView()->header();
            header->resizeSection(FleetOverviewModel::NameColumn, 271);
            header->moveSection(header->visualIndex(FleetOverviewModel::FindingsColumn), 1);
            window.overview()->filterEdit()->setText(QStringLiteral("prod !search"));
            window.browser()->filterEdit()->setText(QStringLiteral("status:Running"));
            workspace->setKind(fleet::WatchedKind::Deployments);
            splitter(window, "centralSplitter")->setSizes({ 240, 560 });
            window.browser()->splitter()->setSizes({ 170, 900 });
            window.yamlView()->managedFieldsToggle()->setChecked(true);
            dock(window, "findingsDock")->hide();
            QCoreApplication::processEvents();
            centralSizes = splitter(window, "centralSplitter")->sizes();
            browserSizes = window.browser()->splitter()->sizes();
            QCOMPARE(centralSizes.value(0), 240);
            window.close(); // saves, as quitting does
        }

        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        QCOMPARE(workspace->overview()->grouping(), FleetOverviewModel::Grouping::Team);
        window.restoreSettings();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QCOMPARE(window.overview()->groupingIndex(), 1);
        QCOMPARE(workspace->overview()->grouping(), FleetOverviewModel::Grouping::Environment);
        QHeaderView* header = window.overview()->treeView()->header();
        QCOMPARE(header->sectionSize(FleetOverviewModel::NameColumn), 271);
        QCOMPARE(header->visualIndex(FleetOverviewModel::FindingsColumn), 1);
        QCOMPARE(window.overview()->filterEdit()->text(), QStringLiteral("prod !search"));
        QCOMPARE(window.overview()->treeView()->model()->rowCount(), 1); // the filter applies, not just shows
        QCOMPARE(window.browser()->filterEdit()->text(), QStringLiteral("status:Running"));
        QCOMPARE(workspace->kind(), fleet::WatchedKind::Deployments);
        QCOMPARE(splitter(window, "centralSplitter")->sizes(), centralSizes);
        QCOMPARE(window.browser()->splitter()->sizes(), browserSizes);
        QVERIFY(window.yamlView()->managedFieldsToggle()->isChecked());
        QVERIFY(dock(window, "findingsDock")->isHidden());
        QVERIFY(!dock(window, "objectDock")->isHidden());
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
