// SPDX-License-Identifier: Apache-2.0
// The network tab on the demo fleet, offscreen: Ctrl+8 opens it, the matrix marks the bad MTU
// and the overlapping pod ranges, a cluster's topology draws its route reflectors and ToR
// routers with a session down, selecting a node or a pool opens its YAML, the node's findings
// show beside, and hovering gives the path and MTU between two nodes.
#include "demofleet.h"
#include "mainwindow.h"
#include "networktopologyview.h"
#include "networkview.h"
#include "yamlview.h"

#include "analysis/findingtracker.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/changesetmodel.h"
#include "items/changesetworkspace.h"
#include "items/fleetworkspace.h"
#include "items/networkmatrixmodel.h"
#include "items/networkpoolsmodel.h"
#include "items/networkworkspace.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QGraphicsScene>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using items::NetworkMatrixModel;

namespace {

QModelIndex cell(const NetworkMatrixModel* model, const QString& cluster, int column)
{
    return model->index(model->rowOf(cluster), column);
}

} // namespace

class TestNetworkWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoFleetNetwork()
    {
        DemoFleet demo(QStringLiteral(MINATO_SOURCE_DIR "/resources/scenarios/demo.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));

        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        workspace.tracker()->setMinimumInterval(100);
        items::NetworkWorkspace network(&engine, workspace.tracker());
        network.setRebuildDelay(100);
        QAbstractItemModelTester matrixTester(network.matrix(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTemporaryDir dir;
        items::ChangeSetWorkspace changes(&engine, dir.filePath(u"changes.json"_qs), dir.filePath(u"openapi"_qs));
        MainWindow window(&workspace);
        window.setChangeSetWorkspace(&changes);
        window.setNetworkWorkspace(&network);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModelTester poolsTester(window.networkView()->poolsView()->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);

        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.connectAll();

        // Ctrl+8 brings the network tab forward.
        QTest::keyClick(&window, Qt::Key_8, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), window.networkView());

        NetworkMatrixModel* matrix = network.matrix();
        QTRY_COMPARE_WITH_TIMEOUT(matrix->rowCount(), int(loaded.fleet.clusters.size()), 10000);
        // pay-stg-eu1 pins a veth MTU of 1500 under VXLAN (50 bytes): marked as a problem.
        QTRY_VERIFY_WITH_TIMEOUT(
            cell(matrix, u"pay-stg-eu1"_qs, NetworkMatrixModel::MtuColumn).data(NetworkMatrixModel::ProblemRole).toInt() == 2,
            30000);
        QVERIFY(cell(matrix, u"pay-stg-eu1"_qs, NetworkMatrixModel::ModeColumn).data().toString().contains(u"VXLAN"_qs));
        // The demo's Calico clusters share 192.168.0.0/16: marked overlapping, with a tooltip.
        QTRY_VERIFY_WITH_TIMEOUT(
            cell(matrix, u"pay-prod-eu1"_qs, NetworkMatrixModel::PodCidrsColumn).data(NetworkMatrixModel::OverlapRole).toBool(),
            30000);
        QVERIFY(cell(matrix, u"pay-prod-eu1"_qs, NetworkMatrixModel::PodCidrsColumn).data(Qt::ToolTipRole).toString().contains(u"overlaps"_qs));

        // search-prod-us1: three route reflectors and three ToR routers, one of them not Established.
        window.showNetwork(u"search-prod-us1"_qs);
        NetworkView* view = window.networkView();
        NetworkTopologyView* topology = view->topologyView();
        QTRY_COMPARE_WITH_TIMEOUT(topology->graph().reflectors.size(), 3, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(network.cluster(u"search-prod-us1"_qs)->topology.routers.size() == 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const analysis::TopologyLink& l : topology->graph().links)
                    if (l.b.kind == analysis::TopologyEndpoint::Kind::Router && l.anyDown())
                        return true;
                return false;
            }(),
            30000);
        QVERIFY(topology->scene()->items().size() > 20);
        QVERIFY(view->findChild<QLabel*>(u"networkTitle"_qs)->text().contains(u"route reflectors 3"_qs));

        // The keyboard walks the nodes: the first reflector, then the next one.
        topology->scene()->clearSelection();
        topology->setFocus();
        QTest::keyClick(topology, Qt::Key_Right);
        QCOMPARE(topology->selection().kind, NetworkTopologyView::Selection::Kind::Node);
        const int first = topology->selection().index;
        QCOMPARE(first, topology->graph().reflectors.first());
        QTest::keyClick(topology, Qt::Key_Right);
        QCOMPARE(topology->selection().index, topology->graph().reflectors.at(1));
        QTest::keyClick(topology, Qt::Key_Left);
        QCOMPARE(topology->selection().index, first);

        // Selecting a node opens its YAML; hovering another gives the path between them.
        QVERIFY(topology->selectNode(u"search-prod-us1-worker-01"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(window.yamlView()->editor()->toPlainText().contains(u"name: search-prod-us1-worker-01"_qs), 10000);
        QVERIFY(window.yamlView()->editor()->toPlainText().contains(u"kind: Node"_qs));
        const auto& t = network.cluster(u"search-prod-us1"_qs)->topology;
        const QString path = topology->pathText(t.nodeIndex(u"search-prod-us1-worker-01"), t.nodeIndex(u"search-prod-us1-worker-02"));
        QVERIFY2(path.contains(u"direct"_qs) && path.contains(u"pod MTU 1500"_qs), qPrintable(path));

        // The reflector whose ToR session is down: its finding shows beside the topology.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                topology->selectNode(u"search-prod-us1-cp-03"_qs);
                return view->detailsLabel()->text().contains(u"BGP session not Established"_qs);
            }(),
            30000);

        // A pool: its row shows block use, and selecting it opens the IPPool.
        QTableView* pools = view->poolsView();
        QCOMPARE(pools->model()->rowCount(), 1);
        QVERIFY(pools->model()->index(0, items::NetworkPoolsModel::UseColumn).data().toString().contains(u"/"_qs));
        pools->setCurrentIndex(pools->model()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(window.yamlView()->editor()->toPlainText().contains(u"kind: IPPool"_qs), 10000);

        // Changes: pay-prod-eu1 runs IPIP Always inside its subnets and the full mesh. A pool mode
        // switch and two route reflectors become changes in the change set, nothing is sent.
        window.showNetwork(u"pay-prod-eu1"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(view->currentCluster(), u"pay-prod-eu1"_qs, 5000);
        view->requestPoolModes(u"default-ipv4-ippool"_qs, u"CrossSubnet"_qs, u"Never"_qs);
        QTRY_COMPARE_WITH_TIMEOUT(changes.model()->changeSet().changes.size(), 1, 30000);
        const changes::Change pool = changes.model()->changeSet().changes.first();
        QCOMPARE(pool.target.kind, u"IPPool"_qs);
        QCOMPARE(pool.target.apiVersion, u"crd.projectcalico.org/v1"_qs);
        QCOMPARE(pool.after.value(u"spec").toObject().value(u"ipipMode").toString(), u"CrossSubnet"_qs);
        QVERIFY2(pool.summary.contains(u"Always → CrossSubnet"_qs), qPrintable(pool.summary));

        QVERIFY(topology->selectNode(u"pay-prod-eu1-cp-01"_qs));
        QVERIFY(topology->selectNode(u"pay-prod-eu1-cp-02"_qs, true));
        QCOMPARE(view->selectedNodes(), (QStringList { u"pay-prod-eu1-cp-01"_qs, u"pay-prod-eu1-cp-02"_qs }));
        view->requestRouteReflectors(view->selectedNodes(), u"244.0.0.1"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(changes.model()->changeSet().changes.size() >= 5, 30000);
        QStringList kinds;
        for (const changes::Change& c : changes.model()->changeSet().changes)
            kinds << c.target.kind;
        QCOMPARE(kinds.count(u"Node"_qs), 2);
        QCOMPARE(kinds.count(u"BGPPeer"_qs), 1);
        QCOMPARE(kinds.count(u"BGPConfiguration"_qs), 1);

        // Another cluster from the matrix: flannel without Backend.Type is drawn as udp.
        window.showNetwork(u"data-legacy"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(view->findChild<QLabel*>(u"networkTitle"_qs)->text().contains(u"udp"_qs), 10000);
        QCOMPARE(view->currentCluster(), u"data-legacy"_qs);
        QCOMPARE(view->matrixView()->currentIndex().data(NetworkMatrixModel::ClusterRole).toString(), u"data-legacy"_qs);
    }
};

QTEST_MAIN(TestNetworkWindow)
#include "tst_networkwindow.moc"
