// SPDX-License-Identifier: Apache-2.0
// KindTreeModel: the served kinds under their API groups, with counts summed over the
// browsed clusters that follow the stores with dataChanged.
#include "items/kindtreemodel.h"

#include "fleet/clusterstore.h"

#include "reflectorfixtures.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace reflectorfixtures;
using fleet::WatchedKind;
using items::KindTreeModel;

class TestKindTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void groupsAndLiveCounts()
    {
        fleet::ClusterStore alpha;
        fleet::ClusterStore beta;
        PodFeeder feeder;
        feeder.list(alpha, { pod(1, 1), pod(2, 1) });
        feeder.list(beta, { pod(3, 1) });
        alpha.flush();
        beta.flush();

        KindTreeModel model(testKinds());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setStores({ &alpha, &beta }, { WatchedKind::Pods, WatchedKind::Nodes, WatchedKind::Deployments });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("core"));
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("apps"));
        const QModelIndex pods = model.indexOfKind(WatchedKind::Pods);
        QVERIFY(pods.isValid());
        QCOMPARE(pods.parent().row(), 0);
        QCOMPARE(pods.data().toString(), QStringLiteral("Pod"));
        QCOMPARE(pods.data(KindTreeModel::KindRole).toInt(), int(WatchedKind::Pods));
        QCOMPARE(pods.siblingAtColumn(1).data().toLongLong(), 3);
        QCOMPARE(model.index(0, 1).data(KindTreeModel::CountRole).toLongLong(), 3);
        QVERIFY(!model.indexOfKind(WatchedKind::HorizontalPodAutoscalers).isValid());

        // A new pod in one cluster: the kind's and its group's counts change, no reset.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        feeder.events(beta, watchLine("ADDED", pod(4, 2)));
        beta.flush();
        QTRY_COMPARE(model.indexOfKind(WatchedKind::Pods).siblingAtColumn(1).data().toLongLong(), 4);
        QCOMPARE(model.index(0, 1).data().toLongLong(), 4);
        QVERIFY(changed.size() >= 2);
        QCOMPARE(resets.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestKindTreeModel)
#include "tst_kindtreemodel.moc"
