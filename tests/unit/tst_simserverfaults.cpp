// SPDX-License-Identifier: Apache-2.0
// minato-sim's failure surface: bearer-token auth (401), the world's API faults (403 per
// resource, 429 with Retry-After, latency, unreachable, metrics API down), TLS verified only
// by the CA the fleet writes, and refused mutating verbs (405) that are counted.
#include "simtestfleet.h"

#include "sim/certificateauthority.h"
#include "sim/requeststats.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <yaml-cpp/yaml.h>

using namespace minato::sim;

namespace {

void seed(ObjectSink& sink)
{
    sink.put(QStringLiteral("pods"), SimTestDriver::pod(QStringLiteral("shop"), QStringLiteral("web-1")));
    QJsonObject metrics = SimTestDriver::clusterObject(
        QStringLiteral("metrics.k8s.io/v1beta1"), QStringLiteral("NodeMetrics"), QStringLiteral("node-1"));
    metrics.remove(QStringLiteral("spec"));
    metrics.insert(QStringLiteral("usage"),
        QJsonObject {
            { QStringLiteral("cpu"), QStringLiteral("250m") }, { QStringLiteral("memory"), QStringLiteral("1Gi") } });
    sink.put(QStringLiteral("nodes.metrics.k8s.io"), metrics);
}

void verifyStatus(const SimTestClient::Response& response, int code, const QString& reason)
{
    QCOMPARE(response.status, code);
    QCOMPARE(response.headers.value("content-type"), QByteArray("application/json"));
    const QJsonObject status = response.json();
    QCOMPARE(status.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
    QCOMPARE(status.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("v1"));
    QCOMPARE(status.value(QStringLiteral("status")).toString(), QStringLiteral("Failure"));
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), reason);
    QCOMPARE(status.value(QStringLiteral("code")).toInt(), code);
}

} // namespace

class TestSimServerFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unauthorized()
    {
        SimTestFleet fleet({ seed });
        verifyStatus(fleet.anonymous().get("/api/v1/pods"), 401, QStringLiteral("Unauthorized"));
        SimTestClient wrong(fleet.info().clusters[0].port, fleet.info().caCertificate, "minato-sim.not-the-token");
        verifyStatus(wrong.get("/api/v1/pods"), 401, QStringLiteral("Unauthorized"));
        // Each cluster has its own token.
        SimTestFleet two({ seed, seed });
        SimTestClient crossed(two.info().clusters[0].port, two.info().caCertificate, two.info().clusters[1].token);
        verifyStatus(crossed.get("/api"), 401, QStringLiteral("Unauthorized"));

        QCOMPARE(fleet.client().get("/api/v1/pods").status, 200);
        fleet.setFaults([](ApiFaults& faults) { faults.tokenRevoked = true; });
        const auto revoked = fleet.client().get("/api/v1/pods");
        verifyStatus(revoked, 401, QStringLiteral("Unauthorized"));
        QCOMPARE(revoked.json().value(QStringLiteral("message")).toString(), QStringLiteral("Unauthorized"));
    }

    void forbiddenPerResource()
    {
        SimTestFleet fleet({ seed });
        fleet.setFaults([](ApiFaults& faults) { faults.forbiddenResources = { QStringLiteral("pods") }; });
        SimTestClient client = fleet.client();
        const auto list = client.get("/api/v1/pods");
        verifyStatus(list, 403, QStringLiteral("Forbidden"));
        QCOMPARE(list.json().value(QStringLiteral("message")).toString(),
            QStringLiteral("pods is forbidden: User \"minato-demo\" cannot list resource \"pods\" in API group \"\" at "
                           "the cluster scope"));
        QCOMPARE(list.json().value(QStringLiteral("details")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("pods"));
        QCOMPARE(client.get("/api/v1/namespaces/shop/pods/web-1").json().value(QStringLiteral("message")).toString(),
            QStringLiteral(
                "pods \"web-1\" is forbidden: User \"minato-demo\" cannot get resource \"pods\" in API group "
                "\"\" in the namespace \"shop\""));
        QCOMPARE(client.get("/api/v1/namespaces/shop/pods?watch=1").json().value(QStringLiteral("message")).toString(),
            QStringLiteral(
                "pods is forbidden: User \"minato-demo\" cannot watch resource \"pods\" in API group \"\" in "
                "the namespace \"shop\""));
        // Other resources are unaffected.
        QCOMPARE(client.get("/api/v1/nodes").status, 200);
    }

    void throttled()
    {
        SimTestFleet fleet({ seed });
        fleet.setFaults([](ApiFaults& faults) {
            faults.throttled = true;
            faults.retryAfterSeconds = 3;
        });
        const auto response = fleet.client().get("/api/v1/pods");
        verifyStatus(response, 429, QStringLiteral("TooManyRequests"));
        QCOMPARE(response.headers.value("retry-after"), QByteArray("3"));
        QCOMPARE(response.json()
                     .value(QStringLiteral("details"))
                     .toObject()
                     .value(QStringLiteral("retryAfterSeconds"))
                     .toInt(),
            3);
        QCOMPARE(response.json().value(QStringLiteral("message")).toString(),
            QStringLiteral("Too many requests, please try again later."));
        // Health checks stay exempt, as with API priority and fairness.
        QCOMPARE(fleet.client().get("/readyz").status, 200);
    }

    void slowResponses()
    {
        SimTestFleet fleet({ seed });
        fleet.setFaults([](ApiFaults& faults) { faults.extraLatencyMs = 400; });
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(fleet.client().get("/api/v1/pods").status, 200);
        QVERIFY(timer.elapsed() >= 400);
    }

    void unreachable()
    {
        SimTestFleet fleet({ seed, seed });
        auto watch = fleet.client().watch(
            "/api/v1/pods?watch=1&resourceVersion=" + QByteArray::number(fleet.resourceVersion()));
        QCOMPARE(watch->status(), 200);
        fleet.setFaults([](ApiFaults& faults) { faults.unreachable = true; });
        const auto response = fleet.client().get("/api/v1/pods");
        QCOMPARE(response.status, 0);
        QVERIFY(!response.error.isEmpty());
        QCOMPARE(fleet.client(1).get("/api/v1/pods").status, 200); // the other cluster is fine
        // An open watch is cut when the world's next tick sees the fault.
        fleet.fleet().step();
        QVERIFY(watch->next(std::chrono::seconds(5)).isEmpty());
        QVERIFY(!watch->ended()); // cut, not finished
        fleet.setFaults([](ApiFaults& faults) { faults.unreachable = false; });
        QCOMPARE(fleet.client().get("/api/v1/pods").status, 200);
    }

    void metricsApiDown()
    {
        SimTestFleet fleet({ seed });
        QCOMPARE(fleet.client().get("/apis/metrics.k8s.io/v1beta1/nodes").status, 200);
        const QJsonObject list = fleet.client().get("/apis/metrics.k8s.io/v1beta1/nodes").json();
        QCOMPARE(list.value(QStringLiteral("kind")).toString(), QStringLiteral("NodeMetricsList"));
        fleet.setFaults([](ApiFaults& faults) { faults.metricsApiAvailable = false; });
        verifyStatus(
            fleet.client().get("/apis/metrics.k8s.io/v1beta1/nodes"), 503, QStringLiteral("ServiceUnavailable"));
        verifyStatus(fleet.client().get("/apis/metrics.k8s.io/v1beta1"), 503, QStringLiteral("ServiceUnavailable"));
        // The group stays listed (its APIService exists), like a real aggregator with a dead backend.
        QVERIFY(fleet.client().get("/apis").body.contains("metrics.k8s.io"));
    }

    void tlsIsVerifiedWithTheWrittenCa()
    {
        SimTestFleet fleet({ seed });
        // The kubeconfig carries the CA, the server and the token for every cluster.
        const YAML::Node config = YAML::LoadFile(fleet.info().kubeconfigPath.toStdString());
        QCOMPARE(config["contexts"].size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(config["current-context"].as<std::string>()), QStringLiteral("cluster-1"));
        const YAML::Node cluster = config["clusters"][0]["cluster"];
        const QByteArray ca = QByteArray::fromBase64(
            QByteArray::fromStdString(cluster["certificate-authority-data"].as<std::string>()));
        QCOMPARE(QString::fromStdString(cluster["server"].as<std::string>()), fleet.info().clusters[0].server);
        QVERIFY(fleet.info().clusters[0].server.startsWith(QStringLiteral("https://127.0.0.1:")));
        const QByteArray token = QByteArray::fromStdString(config["users"][0]["user"]["token"].as<std::string>());
        QCOMPARE(QFile(fleet.info().kubeconfigPath).permissions() & (QFile::ReadGroup | QFile::ReadOther),
            QFileDevice::Permissions());

        SimTestClient verified(fleet.info().clusters[0].port, ca, token);
        QCOMPARE(verified.get("/api/v1/pods").status, 200);

        // Another CA does not vouch for this server: the handshake fails.
        const auto other = CertificateAuthority::generate();
        QVERIFY(other);
        SimTestClient stranger(fleet.info().clusters[0].port, other->caCertificate, token);
        const auto refused = stranger.get("/api/v1/pods");
        QCOMPARE(refused.status, 0);
        QVERIFY2(refused.error.startsWith(QStringLiteral("TLS")), qPrintable(refused.error));

        // Plain HTTP on a TLS port gets no HTTP answer.
        SimTestClient plain(fleet.info().clusters[0].port, {}, token);
        QCOMPARE(plain.get("/api/v1/pods").status, 0);
    }

    void plainHttpForDebugging()
    {
        FleetOptions options = SimTestFleet::defaults();
        options.plainHttp = true;
        SimTestFleet fleet({ seed }, options);
        QVERIFY(fleet.info().caCertificate.isEmpty());
        QVERIFY(fleet.info().clusters[0].server.startsWith(QStringLiteral("http://127.0.0.1:")));
        QCOMPARE(fleet.client().get("/api/v1/pods").status, 200);
        QCOMPARE(fleet.anonymous().get("/api/v1/pods").status, 401); // auth still applies
    }

    void mutatingVerbsAreRefusedAndCounted()
    {
        SimTestFleet fleet({ seed });
        SimTestClient client = fleet.client();
        QCOMPARE(client.get("/api/v1/pods").status, 200);
        QCOMPARE(client.get("/api/v1/pods").status, 200);
        QCOMPARE(client.get("/api/v1/namespaces/shop/pods/web-1").status, 200);
        QCOMPARE(fleet.fleet().stats().mutating(), 0);

        const QByteArray pod = R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"x"}})";
        const QList<QPair<QByteArray, QByteArray>> attempts {
            { "POST", "/api/v1/namespaces/shop/pods" },
            { "PUT", "/api/v1/namespaces/shop/pods/web-1" },
            { "PATCH", "/api/v1/namespaces/shop/pods/web-1" },
            { "DELETE", "/api/v1/namespaces/shop/pods/web-1" },
            { "DELETE", "/api/v1/namespaces/shop/pods" },
        };
        for (const auto& [method, path] : attempts) {
            const auto response = client.request(method, path, method == "DELETE" ? QByteArray() : pod);
            verifyStatus(response, 405, QStringLiteral("MethodNotAllowed"));
        }
        // Nothing changed.
        QCOMPARE(client.get("/api/v1/namespaces/shop/pods/web-1").status, 200);
        QCOMPARE(client.get("/api/v1/namespaces/shop/pods/x").status, 404);

        const RequestStats& stats = fleet.fleet().stats();
        QCOMPARE(stats.mutating(), 5);
        QCOMPARE(stats.count(0, QStringLiteral("list"), QStringLiteral("/api/v1/pods")), 2);
        QCOMPARE(
            stats.count(0, QStringLiteral("get"), QStringLiteral("/api/v1/namespaces/{namespace}/pods/{name}")), 3);
        QCOMPARE(stats.count(0, QStringLiteral("create"), QStringLiteral("/api/v1/namespaces/{namespace}/pods")), 1);
        QCOMPARE(
            stats.count(0, QStringLiteral("deletecollection"), QStringLiteral("/api/v1/namespaces/{namespace}/pods")),
            1);

        // The admin endpoint serves the same counts as JSON (and is not counted itself).
        const QJsonObject admin = fleet.anonymous().get("/minato-sim/requests").json();
        QCOMPARE(admin.value(QStringLiteral("mutating")).toInt(), 5);
        const QJsonObject first = admin.value(QStringLiteral("clusters")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("cluster-1"));
        QCOMPARE(first.value(QStringLiteral("mutatingRequests")).toArray().size(), 5);

        // …and writes them to the stats file when the fleet stops.
        fleet.fleet().stop();
        QFile file(fleet.dir() + QStringLiteral("/stats.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("mutating")).toInt(), 5);
    }
};

QTEST_GUILESS_MAIN(TestSimServerFaults)
#include "tst_simserverfaults.moc"
