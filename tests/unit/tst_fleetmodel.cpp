// SPDX-License-Identifier: Apache-2.0
#include "items/fleetmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace minato;

namespace {

fleet::FleetCluster makeCluster(const QString& name, const QString& team, const QString& env)
{
    fleet::FleetCluster c;
    c.context.name = name;
    c.cluster.server = QStringLiteral("https://") + name + QStringLiteral(".example:6443");
    c.nameSpace = QStringLiteral("default");
    c.team = team;
    c.environment = env;
    c.authLabels = { QStringLiteral("token") };
    return c;
}

} // namespace

class TestFleetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsOneRowPerCluster()
    {
        items::FleetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        auto broken = makeCluster(QStringLiteral("payments-prod"), QStringLiteral("payments"), QStringLiteral("prod"));
        broken.diagnostics << kube::Diagnostic { kube::Severity::Error, QStringLiteral("context-missing-cluster"),
            QStringLiteral("context names cluster \"gone\", which no file defines"), { QStringLiteral("/k/a.yaml"), 12, 3 },
            QStringLiteral("payments-prod") };
        auto current = makeCluster(QStringLiteral("search-dev"), QStringLiteral("search"), QStringLiteral("dev"));
        current.isCurrent = true;
        model.setClusters({ current, broken });

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, items::FleetModel::ContextColumn).data().toString(), QStringLiteral("search-dev *"));
        QCOMPARE(model.index(0, items::FleetModel::ConfigColumn).data().toString(), QStringLiteral("ok"));
        QCOMPARE(model.index(1, items::FleetModel::TeamColumn).data().toString(), QStringLiteral("payments"));
        QCOMPARE(model.index(1, items::FleetModel::ConfigColumn).data().toString(),
            QStringLiteral("error: context names cluster \"gone\", which no file defines"));
        QCOMPARE(model.index(1, items::FleetModel::ConfigColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("error /k/a.yaml:12: context names cluster \"gone\", which no file defines"));
        QCOMPARE(model.index(1, 0).data(items::FleetModel::SeverityRole).toInt(), static_cast<int>(kube::Severity::Error));
        QCOMPARE(model.index(0, 0).data(items::FleetModel::SeverityRole).toInt(), -1);
        QCOMPARE(model.index(1, 0).data(items::FleetModel::ContextNameRole).toString(), QStringLiteral("payments-prod"));
        QCOMPARE(model.clusterAt(1)->name(), QStringLiteral("payments-prod"));
        QVERIFY(model.clusterAt(2) == nullptr);
    }
};

QTEST_GUILESS_MAIN(TestFleetModel)
#include "tst_fleetmodel.moc"
