// SPDX-License-Identifier: Apache-2.0
// The network view's item models, checked by QAbstractItemModelTester: the fleet matrix from
// two clusters built on Calico's confd fixtures whose pools overlap, and a cluster's pools.
#include "analysis/networkreport.h"
#include "calicofixtures.h"
#include "items/networkmatrixmodel.h"
#include "items/networkpoolsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::analysis;
using items::NetworkMatrixModel;
using items::NetworkPoolsModel;

namespace {

fleet::ClusterFacts facts(const QString& name)
{
    fleet::ClusterFacts f;
    f.name = name;
    f.status.state = fleet::SessionState::Live;
    return f;
}

} // namespace

class NetworkModelsTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matrixMarksOverlapsAndProblems()
    {
        // Both fixtures use 192.168.0.0/16: the same pod range in two clusters.
        fleet::ClusterStore a;
        fleet::ClusterStore b;
        feedCalicoTopology(a, u"upstream:calico/examples/confd-mock_explicit_peering_route_reflector.yaml"_qs);
        feedCalicoTopology(b, u"upstream:calico/examples/confd-mock_mesh_vxlan-always.yaml"_qs);
        const QList<ReportCluster> input { { facts(u"rr"_qs), &a }, { facts(u"vxlan"_qs), &b } };
        const QList<NetworkReportCluster> clusters = NetworkReportCluster::build(input, QDateTime::currentDateTimeUtc());
        QList<NetworkMatrixRow> rows;
        for (const NetworkReportCluster& c : clusters)
            rows << NetworkMatrixRow::of(c);

        NetworkMatrixModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setRows(rows);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowOf(u"vxlan"_qs), 1);

        const QModelIndex pods = model.index(0, NetworkMatrixModel::PodCidrsColumn);
        QCOMPARE(pods.data().toString(), u"192.168.0.0/16 ⚠"_qs);
        QVERIFY(pods.data(NetworkMatrixModel::OverlapRole).toBool());
        QCOMPARE(pods.data(NetworkMatrixModel::ProblemRole).toInt(), 2);
        QVERIFY(pods.data(Qt::ToolTipRole).toString().contains(u"another cluster"_qs));
        QCOMPARE(model.index(0, NetworkMatrixModel::ClusterColumn).data(NetworkMatrixModel::ProblemRole).toInt(), 0);
        // VXLAN Always: 1500 − 50, sorted as a number.
        QCOMPARE(model.index(1, NetworkMatrixModel::MtuColumn).data(NetworkMatrixModel::SortRole).toInt(), 1450);
        QCOMPARE(model.index(1, NetworkMatrixModel::ModeColumn).data().toString(), u"VXLAN"_qs); // Always: the mode people say
        QVERIFY(model.index(0, NetworkMatrixModel::BgpColumn).data().toString().startsWith(u"route reflectors 1"_qs));

        // The same clusters again: cells change in place, the selection survives.
        rows[1].mtu = 1400;
        model.setRows(rows);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(model.index(1, NetworkMatrixModel::MtuColumn).data().toString(), u"1400"_qs);
        // A cluster leaves: rows are rebuilt.
        model.setRows(rows.mid(1));
        QCOMPARE(resets.size(), 2);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, NetworkMatrixModel::PodCidrsColumn).data(NetworkMatrixModel::OverlapRole).toBool(), true);
    }

    void poolsShowModeUseAndSelector()
    {
        fleet::ClusterStore store;
        feedCalicoTopology(store, u"upstream:calico/examples/confd-mock_mesh_ipip-cross-subnet.yaml"_qs);
        const NetworkTopology t = NetworkTopology::build(store);
        NetworkPoolsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPools(t.pools);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, NetworkPoolsModel::NameColumn).data().toString(), u"ippool-1"_qs);
        QCOMPARE(model.index(0, NetworkPoolsModel::ModeColumn).data().toString(), u"IPIP CrossSubnet"_qs);
        QCOMPARE(model.index(0, NetworkPoolsModel::CidrColumn).data().toString(), u"192.168.0.0/16 /26 blocks"_qs);
        // 2^(26−16) blocks, none affine in the fixture.
        QCOMPARE(model.index(0, NetworkPoolsModel::UseColumn).data().toString(), u"0 / 1024 (0 %)"_qs);
        QCOMPARE(model.index(0, NetworkPoolsModel::UseColumn).data(NetworkPoolsModel::UtilisationRole).toDouble(), 0.0);
        QCOMPARE(model.index(0, NetworkPoolsModel::NodesColumn).data().toString(), u"3"_qs);
        model.setPools({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(NetworkModelsTest)
#include "tst_networkmodels.moc"
