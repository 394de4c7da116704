// SPDX-License-Identifier: Apache-2.0
// Kinds the registry does not describe, end to end through the simulator: what a user types is
// resolved against each cluster's discovery, listed as the server's Table (its own columns),
// refreshed, opened in the YAML pane; a name no cluster serves says so per cluster.
#include "demofleet.h"

#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "fleet/objectservice.h"
#include "fleet/servertablesource.h"
#include "items/fleetworkspace.h"
#include "items/objectfetcher.h"
#include "items/resourcetablemodel.h"
#include "items/servertablemodel.h"
#include "testkinds.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace minato;
using namespace Qt::StringLiterals;

namespace {

constexpr int LiveMs = 30000;

// The collection as plain JSON (no Table), namespace/name of every item: what the table must list.
QStringList namesFromJson(fleet::FleetEngine& engine, const QString& cluster, const QString& path)
{
    QStringList names;
    bool done = false;
    QObject context;
    fleet::ObjectService::Request request { cluster, path };
    request.cacheable = false;
    engine.objects()->get(std::move(request), &context, [&](const kube::ApiReply& reply) {
        done = true;
        if (!reply.isOk())
            return;
        for (const QJsonValue& item : QJsonDocument::fromJson(reply.body).object().value(u"items").toArray()) {
            const QJsonObject meta = item.toObject().value(u"metadata").toObject();
            names << meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString();
        }
    });
    if (!QTest::qWaitFor([&] { return done; }, 10000))
        return { u"timed out"_s };
    names.sort();
    return names;
}

QStringList namesOf(const fleet::ServerTable& table)
{
    QStringList names;
    for (const fleet::ServerTable::Row& row : table.rows)
        names << row.nameSpace + u'/' + row.name;
    names.sort();
    return names;
}

QStringList headerOf(const QAbstractItemModel& model)
{
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << model.headerData(c, Qt::Horizontal).toString();
    return header;
}

} // namespace

class TestServerTableSim : public QObject
{
    Q_OBJECT
private:
    std::optional<DemoFleet> m_demo;
    std::unique_ptr<fleet::FleetEngine> m_engine;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_demo.emplace(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"));
        const auto files = m_demo->start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        m_engine = std::make_unique<fleet::FleetEngine>(testCatalog());
        m_engine->setFleet(fleet::FleetLoader::load(files->loadOptions()).fleet);
        for (const QString& name : { u"alpha"_s, u"beta"_s })
            m_engine->ensureConnected(name);
        QTRY_VERIFY_WITH_TIMEOUT(m_engine->session(u"alpha"_s)->state() == fleet::SessionState::Live
                && m_engine->session(u"beta"_s)->state() == fleet::SessionState::Live,
            LiveMs);
    }

    void cleanupTestCase() { m_engine.reset(); }

    // kubectl's names for one resource: plural, singular, short name, kind, and qualified.
    void resolvesWhatKubectlAccepts_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("qualified");
        QTest::newRow("short name") << u"svc"_s << u"services"_s;
        QTest::newRow("plural") << u"services"_s << u"services"_s;
        QTest::newRow("kind") << u"Service"_s << u"services"_s;
        QTest::newRow("version-qualified") << u"services.v1"_s << u"services"_s;
        QTest::newRow("crd short name")
            << u"crd"_s << u"customresourcedefinitions.apiextensions.k8s.io"_s;
        QTest::newRow("group-qualified")
            << u"ippools.crd.projectcalico.org"_s << u"ippools.crd.projectcalico.org"_s;
    }
    void resolvesWhatKubectlAccepts()
    {
        QFETCH(QString, typed);
        QFETCH(QString, qualified);
        fleet::ServerTableSource source(m_engine.get());
        QSignalSpy tables(&source, &fleet::ServerTableSource::tableChanged);
        QSignalSpy failures(&source, &fleet::ServerTableSource::failed);
        source.open({ u"alpha"_s }, typed);
        QTRY_VERIFY_WITH_TIMEOUT(tables.size() + failures.size() > 0, 10000);
        QVERIFY2(failures.isEmpty(), failures.isEmpty() ? "" : qPrintable(failures.first().at(1).toString()));
        QCOMPARE(source.resolved(u"alpha"_s)->qualifiedName(), qualified);
        const auto table = tables.first().at(1).value<fleet::ServerTable>();
        QCOMPARE(namesOf(table), namesFromJson(*m_engine, u"alpha"_s, source.resolved(u"alpha"_s)->collectionPath()));
        QVERIFY(!table.rows.isEmpty());
    }

    // The browser over two clusters: CLUSTER, NAMESPACE, then the server's default columns;
    // every service of both, refreshed in place; the YAML pane gets the full object.
    void workspaceBrowsesServicesAcrossClusters()
    {
        items::FleetWorkspace workspace(testKinds(), m_engine.get());
        workspace.browseClusters({ u"alpha"_s, u"beta"_s });
        QSignalSpy tableChanged(&workspace, &items::FleetWorkspace::tableChanged);
        workspace.openResource(u"svc"_s);
        QCOMPARE(tableChanged.size(), 1);
        items::ServerTableModel* model = workspace.serverTable();
        QCOMPARE(workspace.table(), model);
        const QStringList expected = namesFromJson(*m_engine, u"alpha"_s, u"/api/v1/services"_s).replaceInStrings(
                                         QRegularExpression(u"^"_s), u"alpha "_s)
            + namesFromJson(*m_engine, u"beta"_s, u"/api/v1/services"_s)
                  .replaceInStrings(QRegularExpression(u"^"_s), u"beta "_s);
        auto rows = [model] {
            QStringList out;
            for (int r = 0; r < model->rowCount(); ++r)
                out << model->clusterAt(r) + u' ' + model->rowAt(r)->nameSpace + u'/' + model->rowAt(r)->name;
            out.sort();
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(rows(), expected, 10000);
        // The simulator prints Services as the apiserver does.
        QCOMPARE(headerOf(*model),
            QStringList({ u"CLUSTER"_s, u"NAMESPACE"_s, u"NAME"_s, u"TYPE"_s, u"CLUSTER-IP"_s, u"EXTERNAL-IP"_s,
                u"PORT(S)"_s, u"AGE"_s }));
        const int kubernetes = model->rowOf(u"alpha"_s, u"default"_s, u"kubernetes"_s);
        QVERIFY(kubernetes >= 0);
        QCOMPARE(model->index(kubernetes, 3).data().toString(), u"ClusterIP"_s);
        QCOMPARE(model->index(kubernetes, 6).data().toString(), u"443/TCP"_s);
        QVERIFY(model->problems().isEmpty());

        // A refresh changes nothing here, so no row is reset, inserted or removed.
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(model, &QAbstractItemModel::rowsRemoved);
        const QUuid uid = model->rowAt(kubernetes)->uid;
        workspace.findChild<fleet::ServerTableSource*>()->refresh();
        QSignalSpy refreshed(workspace.findChild<fleet::ServerTableSource*>(), &fleet::ServerTableSource::tableChanged);
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, 10000);
        QCOMPARE(resets.size() + inserted.size() + removed.size(), 0);
        QCOMPARE(model->rowAt(kubernetes)->uid, uid);

        QSignalSpy ready(workspace.fetcher(), &items::ObjectFetcher::objectReady);
        workspace.selectResourceRow(kubernetes);
        QCOMPARE(workspace.selectedUid(), uid);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(ready.first().at(0).toString(), u"alpha · Service default/kubernetes"_s);
        QVERIFY2(ready.first().at(1).toString().contains(u"kind: Service"_s), qPrintable(ready.first().at(1).toString()));

        // Back to a described kind: the workspace's own table again.
        workspace.setKind(fleet::WatchedKind::Pods);
        QCOMPARE(workspace.table(), workspace.resources());
        QVERIFY(workspace.serverResource().isEmpty());
        QCOMPARE(tableChanged.size(), 2);
    }

    void aNameNoClusterServesSaysSoPerCluster()
    {
        items::FleetWorkspace workspace(testKinds(), m_engine.get());
        workspace.browseClusters({ u"alpha"_s, u"beta"_s });
        workspace.openResource(u"frobnicators.example.com"_s);
        QTRY_COMPARE_WITH_TIMEOUT(workspace.serverTable()->problems().size(), 2, 10000);
        QCOMPARE(workspace.serverTable()->problems().first(),
            u"alpha: the server doesn't have a resource type \"frobnicators.example.com\""_s);
        QCOMPARE(workspace.serverTable()->rowCount(), 0);
    }

    // A described kind typed by name stays with its projection.
    void aDescribedKindIsNotAServerTable()
    {
        items::FleetWorkspace workspace(testKinds(), m_engine.get());
        workspace.browseClusters({ u"alpha"_s });
        workspace.openResource(u"deploy"_s);
        QCOMPARE(workspace.kind(), fleet::WatchedKind::Deployments);
        QVERIFY(workspace.serverResource().isEmpty());
        QCOMPARE(workspace.table(), workspace.resources());
    }
};

QTEST_MAIN(TestServerTableSim)
#include "tst_servertablesim.moc"
