// SPDX-License-Identifier: Apache-2.0
// ResourceTableModel while live: store batches of added, modified and deleted objects become
// row inserts, dataChanged and row removals (never a reset), in one table over several
// clusters told apart by the CLUSTER column.
#include "items/resourcetablemodel.h"

#include "fleet/clusterstore.h"

#include "reflectorfixtures.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace reflectorfixtures;
using items::ResourceTableModel;

namespace {

// STATUS of the pods table (after CLUSTER, NAMESPACE, NAME, READY).
constexpr int StatusColumn = 4;

// The table as "cluster/name status" lines, in row order.
QStringList rows(const ResourceTableModel& model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r) {
        out << model.index(r, ResourceTableModel::ClusterColumn).data().toString() + QLatin1Char('/')
                + model.index(r, 2).data().toString() + QLatin1Char(' ')
                + model.index(r, StatusColumn).data().toString();
    }
    return out;
}

} // namespace

class TestResourceTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveDeltasAreRowSignalsNotResets()
    {
        fleet::ClusterStore alpha;
        fleet::ClusterStore beta;
        PodFeeder feeder;
        feeder.list(alpha, { pod(1, 1), pod(2, 1) });
        feeder.list(beta, { pod(10, 1) });
        alpha.flush();
        beta.flush();

        ResourceTableModel model(testKinds());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setKind(fleet::WatchedKind::Pods);
        model.setSources({ { QStringLiteral("alpha"), &alpha }, { QStringLiteral("beta"), &beta } });
        QCOMPARE(rows(model),
            QStringList({ QStringLiteral("alpha/pod-1 Running"), QStringLiteral("alpha/pod-2 Running"),
                QStringLiteral("beta/pod-10 Running") }));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // One batch of two additions: one insert of two rows at the end.
        feeder.events(alpha, watchLine("ADDED", pod(3, 2)) + watchLine("ADDED", pod(4, 2)));
        alpha.flush();
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 3);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        QCOMPARE(model.rowCount(), 5);

        // A modification changes its row in place, and only that row.
        feeder.events(alpha, watchLine("MODIFIED", pod(2, 3, "Failed")));
        alpha.flush();
        QCOMPARE(changed.size(), 1);
        const QModelIndex topLeft = changed.at(0).at(0).toModelIndex();
        QCOMPARE(topLeft.row(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
        QCOMPARE(model.index(1, StatusColumn).data().toString(), QStringLiteral("Failed"));
        QCOMPARE(model.index(1, 0).data(ResourceTableModel::HealthRole).toInt(), 2);

        // Deletions that are not adjacent: two removals; the other rows keep their data.
        feeder.events(alpha, watchLine("DELETED", pod(1, 4)) + watchLine("DELETED", pod(3, 4)));
        alpha.flush();
        QCOMPARE(removed.size(), 2);
        QCOMPARE(rows(model),
            QStringList({ QStringLiteral("alpha/pod-2 Failed"), QStringLiteral("beta/pod-10 Running"),
                QStringLiteral("alpha/pod-4 Running") }));

        // The other cluster's changes land in its rows, found by uid after the removals.
        feeder.events(beta, watchLine("MODIFIED", pod(10, 5, "Pending")) + watchLine("ADDED", pod(11, 5)));
        beta.flush();
        QCOMPARE(model.rowOf(QStringLiteral("beta"), uid(10)), 1);
        QCOMPARE(model.index(1, StatusColumn).data().toString(), QStringLiteral("Pending"));
        QCOMPARE(model.clusterAt(3), QStringLiteral("beta"));
        QCOMPARE(model.rowOf(QStringLiteral("beta"), uid(11)), 3);
        QCOMPARE(model.rowOf(QStringLiteral("alpha"), uid(11)), -1);

        // A relist that drops objects is a removal too.
        feeder.list(alpha, { pod(4, 6) });
        alpha.flush();
        QCOMPARE(rows(model),
            QStringList({ QStringLiteral("beta/pod-10 Pending"), QStringLiteral("alpha/pod-4 Running"),
                QStringLiteral("beta/pod-11 Running") }));

        QCOMPARE(resets.size(), 0);
    }

    void changesToOtherKindsAreIgnored()
    {
        fleet::ClusterStore store;
        PodFeeder feeder;
        feeder.list(store, { pod(1, 1) });
        store.flush();
        ResourceTableModel model(testKinds());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setKind(fleet::WatchedKind::Nodes);
        model.setSources({ { QStringLiteral("alpha"), &store } });
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        feeder.events(store, watchLine("ADDED", pod(2, 2)));
        store.flush();
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.rowCount(), 0);

        // Switching the kind is the one place a reset is honest.
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setKind(fleet::WatchedKind::Pods);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 2);
    }

    void clusterColumnAndKubectlColumns()
    {
        fleet::ClusterStore alpha;
        fleet::ClusterStore beta;
        PodFeeder feeder;
        feeder.list(alpha, { pod(1, 1) });
        feeder.list(beta, { pod(2, 1) });
        ResourceTableModel model(testKinds());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setSources({ { QStringLiteral("alpha"), &alpha }, { QStringLiteral("beta"), &beta } });
        QCOMPARE(
            model.headerData(ResourceTableModel::ClusterColumn, Qt::Horizontal).toString(), QStringLiteral("CLUSTER"));
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("NAMESPACE"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("NAME"));
        QCOMPARE(model.headerData(StatusColumn, Qt::Horizontal).toString(), QStringLiteral("STATUS"));
        QCOMPARE(model.clusters(), QStringList({ QStringLiteral("alpha"), QStringLiteral("beta") }));
        QCOMPARE(model.index(0, ResourceTableModel::ClusterColumn).data().toString(), QStringLiteral("alpha"));
        QCOMPARE(model.index(1, ResourceTableModel::ClusterColumn).data().toString(), QStringLiteral("beta"));
        QCOMPARE(model.index(1, 0).data(ResourceTableModel::ClusterRole).toString(), QStringLiteral("beta"));
        QCOMPARE(model.index(1, 0).data(ResourceTableModel::UidRole).toUuid(), uid(2));
        QCOMPARE(model.index(1, 0).data(ResourceTableModel::NamespaceRole).toString(), QStringLiteral("default"));

        // Browsing fewer clusters drops the rows of the ones left.
        model.setSources({ { QStringLiteral("alpha"), &alpha } });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.clusters(), QStringList { QStringLiteral("alpha") });
    }
};

QTEST_GUILESS_MAIN(TestResourceTableModel)
#include "tst_resourcetablemodel.moc"
