// SPDX-License-Identifier: Apache-2.0
// The OpenAPI schema of a simulated cluster, fetched read-only through the ApiClient, cached on
// disk by server and version, and validating a known-bad Deployment; the simulator counts the
// fetches and no mutating request.
#include "items/openapischemacache.h"
#include "export/openapivalidator.h"
#include "fleet/objectservice.h"
#include "kube/apiclient.h"
#include "kube/apirouter.h"

#include "sim/clusterdriver.h"
#include "sim/objectstore.h"
#include "sim/requeststats.h"
#include "sim/simulatedfleet.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using minato::items::OpenApiSchemaCache;
using namespace minato::kube;

namespace {

class EmptyCluster : public sim::ClusterDriver
{
public:
    QString name() const override { return QStringLiteral("alpha"); }
    QString gitVersion() const override { return QStringLiteral("v1.20.2"); }
    void seed(sim::ObjectSink&) override { }
    void advance(std::chrono::milliseconds, sim::ObjectSink&) override { }
    const sim::ApiFaults& faults() const override { return m_faults; }

private:
    sim::ApiFaults m_faults;
};

QJsonObject badDeployment()
{
    return QJsonDocument::fromJson(R"({"apiVersion":"apps/v1","kind":"Deployment",
        "metadata":{"name":"web","namespace":"default"},
        "spec":{"replicas":"three","replicass":3,"selector":{"matchLabels":{"app":"web"}},
                "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}})")
        .object();
}

} // namespace

class TestOpenApiSchemaCache : public QObject
{
    Q_OBJECT
private:
    sim::SimulatedFleet m_fleet;
    sim::FleetInfo m_info;
    QTemporaryDir m_cacheDir;

    ClusterEndpoint endpoint() const
    {
        ClusterEndpoint e;
        e.name = QStringLiteral("alpha");
        e.server = QUrl(m_info.clusters.first().server);
        e.certificateAuthorityData = m_info.caCertificate;
        e.auth = ClusterEndpoint::Auth::Token;
        e.token = m_info.clusters.first().token;
        return e;
    }

    qint64 openApiFetches() const
    {
        return m_fleet.stats().count(0, QStringLiteral("get"), QStringLiteral("/openapi/v2"));
    }

    // Loads alpha's validator through a fresh client and cache, as a restarted app would.
    std::shared_ptr<const OpenApiValidator> loadFresh()
    {
        ApiClient client;
        ApiRouter router(&client);
        router.setEndpoint(endpoint());
        fleet::ObjectService objects(&router);
        OpenApiSchemaCache cache(&objects, m_cacheDir.path());
        QSignalSpy ready(&cache, &OpenApiSchemaCache::validatorReady);
        QSignalSpy failed(&cache, &OpenApiSchemaCache::validatorFailed);
        cache.load(QStringLiteral("alpha"), m_info.clusters.first().server);
        if (!ready.wait(60000)) {
            qWarning() << "no validator:"
                       << (failed.isEmpty() ? QString() : failed.first().at(1).value<KubeError>().message);
            return nullptr;
        }
        if (ready.first().at(0).toString() != QLatin1String("alpha"))
            return nullptr;
        return cache.validator(QStringLiteral("alpha"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiReply>();
        qRegisterMetaType<KubeError>();
        m_fleet.addCluster(std::make_unique<EmptyCluster>());
        const Expected<sim::FleetInfo> info = m_fleet.start();
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        m_info = *info;
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_fleet.stats().mutating(), 0);
        m_fleet.stop();
    }

    void fetchesValidatesAndCaches()
    {
        const std::shared_ptr<const OpenApiValidator> validator = loadFresh();
        QVERIFY(validator);
        QCOMPARE(openApiFetches(), 1);
        const Expected<QList<SchemaFinding>> findings = validator->validate(badDeployment());
        QVERIFY(findings);
        QCOMPARE(*findings,
            (QList<SchemaFinding> { { QStringLiteral("spec.replicas"), QStringLiteral("expected integer, got string") },
                { QStringLiteral("spec.replicass"), QStringLiteral("unknown field \"replicass\"") } }));
    }

    void restartUsesTheDiskCache()
    {
        QCOMPARE(QDir(m_cacheDir.path()).entryList(QDir::Files).size(), 1);
        const qint64 before = openApiFetches();
        QVERIFY(loadFresh());
        QCOMPARE(openApiFetches(), before); // /version only
    }

    void damagedCacheIsFetchedAgain()
    {
        const QStringList files = QDir(m_cacheDir.path()).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        QFile damaged(QDir(m_cacheDir.path()).filePath(files.first()));
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("{ \"definitions\": ");
        damaged.close();
        const qint64 before = openApiFetches();
        QVERIFY(loadFresh());
        QCOMPARE(openApiFetches(), before + 1);
        QVERIFY(damaged.open(QIODevice::ReadOnly));
        QVERIFY(damaged.size() > 1000000); // the whole document again
    }
};

QTEST_GUILESS_MAIN(TestOpenApiSchemaCache)
#include "tst_openapischemacache.moc"
