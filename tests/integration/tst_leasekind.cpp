// SPDX-License-Identifier: Apache-2.0
// The Lease kind, end to end through the simulator: watched only while the browser shows it,
// one node lease per node held by its node, the leader election leases beside them.
#include "demofleet.h"

#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/fleetworkspace.h"
#include "items/resourcetablemodel.h"
#include "testkinds.h"

#include <QStandardPaths>
#include <QTest>

using namespace minato;
using fleet::WatchedKind;

namespace {

bool watchesLeases(const fleet::ClusterSession& session)
{
    for (const auto& reflector : session.reflectors()) {
        if (reflector->kind() == WatchedKind::Leases)
            return true;
    }
    return false;
}

} // namespace

class TestLeaseKind : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void leasesAreWatchedWhileBrowsed()
    {
        DemoFleet demo(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        engine.setFleet(fleet::FleetLoader::load(files->loadOptions()).fleet);
        workspace.browseClusters({ QStringLiteral("alpha") });
        fleet::ClusterSession* alpha = engine.session(QStringLiteral("alpha"));
        QVERIFY(alpha);
        QTRY_COMPARE_WITH_TIMEOUT(alpha->state(), fleet::SessionState::Live, 30000);
        QVERIFY(alpha->watchPlan().groupVersions.contains(WatchedKind::Leases)); // served …
        QVERIFY(!watchesLeases(*alpha)); // … but nobody looks
        QCOMPARE(alpha->store()->count(WatchedKind::Leases), 0);

        workspace.setKind(WatchedKind::Leases);
        const int nodes = int(alpha->store()->count(WatchedKind::Nodes));
        QCOMPARE(nodes, 4);
        items::ResourceTableModel* rows = workspace.resources();
        QTRY_COMPARE_WITH_TIMEOUT(rows->rowCount(), nodes + 2, 15000);
        QCOMPARE(alpha->state(), fleet::SessionState::Live);
        const QStringList columns = testKinds().descriptor(WatchedKind::Leases).columns;
        const int holder = int(columns.indexOf(QStringLiteral("HOLDER"))) + 1; // after CLUSTER
        const int renewed = int(columns.indexOf(QStringLiteral("RENEWED"))) + 1;
        int nodeLeases = 0;
        for (int r = 0; r < rows->rowCount(); ++r) {
            const QString nameSpace = rows->index(r, 0).data(items::ResourceTableModel::NamespaceRole).toString();
            const QString name = rows->index(r, 0).data(items::ResourceTableModel::NameRole).toString();
            const QString holderText = rows->index(r, holder).data().toString();
            QVERIFY2(QDateTime::fromString(rows->index(r, renewed).data().toString(), Qt::ISODate).isValid(),
                qPrintable(name));
            if (nameSpace == QLatin1String("kube-node-lease")) {
                QCOMPARE(holderText, name); // a kubelet holds its own node's lease
                ++nodeLeases;
            } else {
                QCOMPARE(nameSpace, QStringLiteral("kube-system"));
                QVERIFY2(holderText.startsWith(QStringLiteral("alpha-cp-")), qPrintable(holderText));
            }
        }
        QCOMPARE(nodeLeases, nodes);

        // Looking elsewhere stops the watch and forgets the leases.
        workspace.setKind(WatchedKind::Pods);
        QVERIFY(!watchesLeases(*alpha));
        QCOMPARE(alpha->store()->count(WatchedKind::Leases), 0);
        QCOMPARE(alpha->state(), fleet::SessionState::Live);
    }
};

QTEST_MAIN(TestLeaseKind)
#include "tst_leasekind.moc"
