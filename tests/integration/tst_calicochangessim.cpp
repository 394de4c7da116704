// SPDX-License-Identifier: Apache-2.0
// The network view's changes end to end against the simulator: ChangeSetWorkspace::planNetwork
// GETs the Calico objects in the group/version the session found served, adds the changes to
// the model, and validation uses the CustomResourceDefinitions the cluster serves (its
// /openapi/v2 has no Calico kinds): no findings on what the planner wrote, findings on a
// broken edit. A ToR peer whose BGPPeer GET answers 404 becomes a new object. GETs only.
#include "demofleet.h"

#include "export/change.h"
#include "export/networkchanges.h"
#include "export/schemafindings.h"
#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "fleet/watchplan.h"
#include "items/changesetmodel.h"
#include "items/changesetworkspace.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace Qt::StringLiterals;

namespace {

constexpr int LiveMs = 30000;
constexpr int PlanMs = 15000;
const QString Alpha = u"alpha"_s;
const QString CalicoV1 = u"crd.projectcalico.org/v1"_s;

QStringList summaries(const items::ChangeSetModel& model)
{
    QStringList out;
    for (const Change& change : model.changeSet().changes)
        out << change.summary;
    return out;
}

int rowOf(const items::ChangeSetModel& model, const QString& kind, const QString& name)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.change(row).target.kind == kind && model.change(row).target.name == name)
            return row;
    }
    return -1;
}

} // namespace

class TestCalicoChangesSim : public QObject
{
    Q_OBJECT
private:
    std::optional<DemoFleet> m_demo;
    std::unique_ptr<fleet::FleetEngine> m_engine;
    QTemporaryDir m_dir;
    std::unique_ptr<items::ChangeSetWorkspace> m_workspace;

    items::ChangeSetModel& model() { return *m_workspace->model(); }

    // Validation has run against every schema it needs: no note says something went unchecked.
    bool validatedWithoutNotes() { return model().schemaFindings().notes(Alpha).isEmpty(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_demo.emplace(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/calico-changes.yaml"));
        const auto files = m_demo->start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        m_engine = std::make_unique<fleet::FleetEngine>(testCatalog());
        m_engine->setFleet(fleet::FleetLoader::load(files->loadOptions()).fleet);
        m_engine->ensureConnected(Alpha);
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->session(Alpha)->state() == fleet::SessionState::Live, LiveMs);
        // What the planner writes in: the version the session found served.
        QCOMPARE(
            m_engine->session(Alpha)->watchPlan().groupVersions.value(fleet::WatchedKind::CalicoIpPools), CalicoV1);
        m_workspace = std::make_unique<items::ChangeSetWorkspace>(
            m_engine.get(), m_dir.filePath(u"open-change-set.json"_s), m_dir.filePath(u"openapi"_s));
    }

    void cleanupTestCase()
    {
        m_workspace.reset();
        m_engine.reset();
        QCOMPARE(m_demo->mutatingRequests(), 0);
    }

    void poolSwitchIsValidatedAgainstTheServedCrd()
    {
        QAbstractItemModelTester tester(&model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy messages(m_workspace.get(), &items::ChangeSetWorkspace::statusMessage);
        NetworkChangeRequest request;
        request.kind = NetworkChangeKind::PoolEncapsulation;
        request.cluster = Alpha;
        request.pool = u"default-ipv4-ippool"_s;
        request.ipipMode = u"CrossSubnet"_s;
        m_workspace->planNetwork(request);
        QTRY_COMPARE_WITH_TIMEOUT(model().rowCount(), 1, PlanMs);
        const Change& change = model().change(0);
        QCOMPARE(change.summary, u"ipipMode Always → CrossSubnet on IPPool default-ipv4-ippool"_s);
        QCOMPARE(change.target, (ObjectRef { Alpha, CalicoV1, u"IPPool"_s, {}, u"default-ipv4-ippool"_s }));
        QCOMPARE(change.patchType, PatchType::JsonMerge);
        QCOMPARE(change.patch, (QJsonObject { { u"spec"_s, QJsonObject { { u"ipipMode"_s, u"CrossSubnet"_s } } } }));
        // The clean manifest the simulator served, with the change: no uid or status left.
        QCOMPARE(change.after.value(u"spec").toObject().value(u"cidr").toString(), u"192.168.0.0/16"_s);
        QVERIFY(!change.after.value(u"metadata").toObject().contains(u"uid"));
        QVERIFY(!messages.isEmpty());
        QVERIFY(messages.last().first().toString().startsWith(u"Added to the change set: ipipMode Always"));

        // The IPPool CRD was read from the cluster and checked the manifest: no finding, no note.
        QTRY_VERIFY_WITH_TIMEOUT(validatedWithoutNotes(), PlanMs);
        QCOMPARE(model().schemaFindings().count(), 0);

        // A broken edit of the same manifest is a finding, never a silent pass.
        QJsonObject broken = change.after;
        QJsonObject spec = broken.value(u"spec").toObject();
        spec.insert(u"ipipMod"_s, u"Always"_s);
        spec.insert(u"blockSize"_s, u"26"_s);
        broken.insert(u"spec"_s, spec);
        model().replaceAfter(0, broken);
        QTRY_COMPARE_WITH_TIMEOUT(model().schemaErrors(0),
            (QStringList {
                u"spec.blockSize: expected integer, got string"_s, u"spec.ipipMod: unknown field \"ipipMod\""_s }),
            PlanMs);
        model().removeChanges({ 0 });
        QTRY_COMPARE_WITH_TIMEOUT(model().schemaFindings().count(), 0, PlanMs);
    }

    // Calico's guide on a mesh of four nodes: two route reflectors, the peer, the mesh off.
    void routeReflectorPlan()
    {
        NetworkChangeRequest request;
        request.kind = NetworkChangeKind::RouteReflectors;
        request.cluster = Alpha;
        request.routeReflectorNodes = { u"alpha-worker-01"_s, u"alpha-worker-02"_s };
        QSignalSpy idle(m_workspace.get(), &items::ChangeSetWorkspace::idle);
        QSignalSpy messages(m_workspace.get(), &items::ChangeSetWorkspace::statusMessage);
        m_workspace->planNetwork(request);
        QVERIFY(idle.wait(PlanMs));
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().first().toString().startsWith(u"Added to the change set:"),
            qPrintable(messages.first().first().toString()));
        QCOMPARE(summaries(model()),
            (QStringList { u"route reflector Node alpha-worker-01: label route-reflector=true, cluster ID 244.0.0.1"_s,
                u"route reflector Node alpha-worker-02: label route-reflector=true, cluster ID 244.0.0.1"_s,
                u"create BGPPeer peer-with-route-reflectors: nodes all() peer with route-reflector == 'true'"_s,
                u"nodeToNodeMeshEnabled true → false on BGPConfiguration default"_s }));
        const Change& node = model().change(rowOf(model(), u"Node"_s, u"alpha-worker-01"_s));
        QCOMPARE(node.patchType, PatchType::StrategicMerge);
        QCOMPARE(node.after.value(u"metadata").toObject().value(u"labels").toObject().value(u"route-reflector"),
            QJsonValue(u"true"_s));
        const Change& peer = model().change(rowOf(model(), u"BGPPeer"_s, u"peer-with-route-reflectors"_s));
        QVERIFY(peer.isCreation());
        QCOMPARE(peer.target.apiVersion, CalicoV1);
        const Change& mesh = model().change(rowOf(model(), u"BGPConfiguration"_s, u"default"_s));
        QCOMPARE(mesh.patch, (QJsonObject { { u"spec"_s, QJsonObject { { u"nodeToNodeMeshEnabled"_s, false } } } }));

        // The Nodes against /openapi/v2, the Calico objects against their CRDs: nothing found.
        QTRY_VERIFY_WITH_TIMEOUT(validatedWithoutNotes(), PlanMs);
        QCOMPARE(model().schemaFindings().count(), 0);
    }

    // No BGPPeer of that name (GET answers 404): a new object, checked against the CRD too.
    void torPeerIsCreated()
    {
        const int before = model().rowCount();
        NetworkChangeRequest request;
        request.kind = NetworkChangeKind::TorPeer;
        request.cluster = Alpha;
        request.peerIp = u"10.20.1.1"_s;
        request.asNumber = 64600;
        request.nodeSelector = u"rack == 'r1'"_s;
        m_workspace->planNetwork(request);
        QTRY_COMPARE_WITH_TIMEOUT(model().rowCount(), before + 1, PlanMs);
        const Change& peer = model().change(before);
        QCOMPARE(peer.summary, u"create BGPPeer tor-10.20.1.1: peerIP 10.20.1.1 AS 64600 from nodes rack == 'r1'"_s);
        QVERIFY(peer.isCreation());
        QTRY_VERIFY_WITH_TIMEOUT(validatedWithoutNotes(), PlanMs);
        QCOMPARE(model().schemaFindings().count(), 0);
    }

    void refusalsAndMissingObjectsAreMessages_data()
    {
        QTest::addColumn<QString>("pool");
        QTest::addColumn<QString>("vxlan");
        QTest::addColumn<QString>("message");
        QTest::newRow("both modes") << u"default-ipv4-ippool"_s << u"Always"_s
                                    << u"Network change on alpha refused: Calico rejects an IPPool with both"_s;
        QTest::newRow("missing pool")
            << u"no-such-pool"_s << u"Never"_s
            << u"The network change on alpha could not be prepared: IPPool no-such-pool not found on cluster alpha"_s;
    }
    void refusalsAndMissingObjectsAreMessages()
    {
        QFETCH(QString, pool);
        QFETCH(QString, vxlan);
        QFETCH(QString, message);
        const int before = model().rowCount();
        QSignalSpy messages(m_workspace.get(), &items::ChangeSetWorkspace::statusMessage);
        NetworkChangeRequest request;
        request.kind = NetworkChangeKind::PoolEncapsulation;
        request.cluster = Alpha;
        request.pool = pool;
        request.vxlanMode = vxlan;
        m_workspace->planNetwork(request);
        QVERIFY(messages.wait(PlanMs));
        const QString shown = messages.first().first().toString();
        QVERIFY2(shown.startsWith(message), qPrintable(shown));
        QCOMPARE(model().rowCount(), before);
    }
};

QTEST_GUILESS_MAIN(TestCalicoChangesSim)
#include "tst_calicochangessim.moc"
