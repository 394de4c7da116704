// SPDX-License-Identifier: Apache-2.0
// The transport against the simulated fleet: real TLS with a generated CA, bearer tokens,
// list and watch, many requests at once; and the simulator's count of mutating requests
// stays zero throughout.
#include "kube/apiclient.h"

#include "sim/clusterdriver.h"
#include "sim/objectstore.h"
#include "sim/requeststats.h"
#include "sim/simulatedfleet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

QJsonObject pod(const QString& name)
{
    return QJsonDocument::fromJson(
        QStringLiteral(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"%1","namespace":"default"},)"
                       R"("spec":{"nodeName":"node-1"},"status":{"phase":"Running"}})")
            .arg(name)
            .toUtf8())
        .object();
}

// A cluster with three pods and no timeline: the tests move it by hand.
class FixedCluster : public sim::ClusterDriver
{
public:
    QString name() const override { return QStringLiteral("alpha"); }
    QString gitVersion() const override { return QStringLiteral("v1.29.4"); }
    void seed(sim::ObjectSink& sink) override
    {
        for (const QString& name : { QStringLiteral("web-1"), QStringLiteral("web-2"), QStringLiteral("db-1") })
            sink.put(QStringLiteral("pods"), pod(name));
    }
    void advance(std::chrono::milliseconds, sim::ObjectSink&) override { }
    const sim::ApiFaults& faults() const override { return m_faults; }

private:
    sim::ApiFaults m_faults;
};

ApiReply waitForReply(QSignalSpy& spy)
{
    if (spy.isEmpty() && !spy.wait(15000))
        return {};
    return spy.takeFirst().at(0).value<ApiReply>();
}

QString describe(const ApiReply& reply)
{
    if (!reply.error)
        return QStringLiteral("ok, HTTP %1").arg(reply.httpStatus);
    return errorKindName(reply.error->kind) + QStringLiteral(": ") + reply.error->message + QStringLiteral(" (")
        + reply.error->detail + QLatin1Char(')');
}

} // namespace

class TestApiClientSim : public QObject
{
    Q_OBJECT
private:
    sim::SimulatedFleet m_fleet;
    sim::FleetInfo m_info;

    ClusterEndpoint endpoint(const QString& name = QStringLiteral("alpha")) const
    {
        ClusterEndpoint e;
        e.name = name;
        e.server = QUrl(m_info.clusters.first().server);
        e.certificateAuthorityData = m_info.caCertificate;
        e.auth = ClusterEndpoint::Auth::Token;
        e.token = m_info.clusters.first().token;
        return e;
    }

    ApiReply get(ApiClient& client, const QString& path, const QString& endpointName = QStringLiteral("alpha"))
    {
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(endpointName, path));
        return waitForReply(replies);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiReply>();
        m_fleet.addCluster(std::make_unique<FixedCluster>());
        const Expected<sim::FleetInfo> info = m_fleet.start(); // TLS, a port the system picks
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        m_info = *info;
        QVERIFY(m_info.clusters.first().server.startsWith(QLatin1String("https://127.0.0.1:")));
        QVERIFY(!m_info.caCertificate.isEmpty());
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_fleet.stats().mutating(), 0);
        m_fleet.stop();
    }

    void tlsVerifiedWithCaData()
    {
        ApiClient client;
        client.setEndpoint(endpoint());
        const ApiReply reply = get(client, QStringLiteral("/version"));
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(QLatin1String("gitVersion")).toString(),
            QStringLiteral("v1.29.4"));
        QVERIFY(reply.httpVersion == 11 || reply.httpVersion == 20);
        QCOMPARE(reply.newConnections, 1);
        QVERIFY(!reply.insecureTls);

        // Keep-alive over TLS: the second request rides the same connection.
        const ApiReply second = get(client, QStringLiteral("/api/v1/pods"));
        QVERIFY2(second.isOk(), qPrintable(describe(second)));
        QCOMPARE(second.newConnections, 0);
    }

    void tlsVerifiedWithCaFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ca.crt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(m_info.caCertificate); // a certificate, not a secret
        file.close();
        ApiClient client;
        ClusterEndpoint e = endpoint();
        e.certificateAuthorityData.clear();
        e.certificateAuthorityFile = path;
        client.setEndpoint(e);
        const ApiReply reply = get(client, QStringLiteral("/version"));
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
    }

    void tlsFailsWithoutTheCa()
    {
        ApiClient client;
        ClusterEndpoint e = endpoint();
        e.certificateAuthorityData.clear(); // the system store does not know the simulator's CA
        client.setEndpoint(e);
        const ApiReply reply = get(client, QStringLiteral("/version"));
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Tls);
        QCOMPARE(reply.httpStatus, 0);
    }

    void insecureSkipsVerificationAndSaysSo()
    {
        ApiClient client;
        ClusterEndpoint e = endpoint();
        e.certificateAuthorityData.clear();
        e.insecureSkipTlsVerify = true;
        client.setEndpoint(e);
        const ApiReply reply = get(client, QStringLiteral("/version"));
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QVERIFY(reply.insecureTls);
    }

    // tls-server-name is the name the certificate is checked against (the simulator's
    // certificate holds IP:127.0.0.1 and DNS:localhost), while the bytes still go to the
    // server's address.
    void tlsServerNameIsWhatIsVerified()
    {
        ApiClient client;
        ClusterEndpoint good = endpoint(QStringLiteral("good"));
        good.tlsServerName = QStringLiteral("localhost");
        ClusterEndpoint wrong = endpoint(QStringLiteral("wrong"));
        wrong.tlsServerName = QStringLiteral("kubernetes.invalid");
        client.setEndpoint(good);
        client.setEndpoint(wrong);
        const ApiReply ok = get(client, QStringLiteral("/version"), QStringLiteral("good"));
        QVERIFY2(ok.isOk(), qPrintable(describe(ok)));
        const ApiReply refused = get(client, QStringLiteral("/version"), QStringLiteral("wrong"));
        QVERIFY(refused.error);
        QCOMPARE(refused.error->kind, ErrorKind::Tls);
    }

    void wrongTokenIsUnauthorized()
    {
        ApiClient client;
        ClusterEndpoint e = endpoint();
        e.token = "minato-sim.not-the-token";
        client.setEndpoint(e);
        const ApiReply reply = get(client, QStringLiteral("/api/v1/pods"));
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Unauthorized);
        QCOMPARE(reply.httpStatus, 401);
    }

    void listThenWatch()
    {
        ApiClient client;
        client.setEndpoint(endpoint());
        const ApiReply list = get(client, QStringLiteral("/api/v1/namespaces/default/pods"));
        QVERIFY2(list.isOk(), qPrintable(describe(list)));
        const QJsonObject body = QJsonDocument::fromJson(list.body).object();
        QCOMPARE(body.value(QLatin1String("items")).toArray().size(), 3);
        const QString resourceVersion
            = body.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        QVERIFY(!resourceVersion.isEmpty());

        QSignalSpy data(&client, &ApiClient::streamDataAvailable);
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        const RequestId id = client.submit(ApiRequest::watch(QStringLiteral("alpha"),
            QStringLiteral("/api/v1/namespaces/default/pods"),
            { { QStringLiteral("watch"), QStringLiteral("1") }, { QStringLiteral("resourceVersion"), resourceVersion },
                { QStringLiteral("timeoutSeconds"), QStringLiteral("60") } }));
        QTRY_COMPARE(m_fleet.watchCount(), 1);
        m_fleet.invoke([this] { m_fleet.store(0).put(QStringLiteral("pods"), pod(QStringLiteral("web-3"))); });
        QVERIFY(data.wait(10000));
        const QByteArray lines = data.first().at(2).toByteArray();
        QVERIFY(lines.endsWith('\n'));
        const QJsonObject event = QJsonDocument::fromJson(lines.trimmed()).object();
        QCOMPARE(event.value(QLatin1String("type")).toString(), QStringLiteral("ADDED"));
        QCOMPARE(event.value(QLatin1String("object"))
                     .toObject()
                     .value(QLatin1String("metadata"))
                     .toObject()
                     .value(QLatin1String("name")),
            QStringLiteral("web-3"));
        client.cancel(id);
        const ApiReply end = waitForReply(finished);
        QCOMPARE(end.error->kind, ErrorKind::Cancelled);
        QTRY_COMPARE(m_fleet.watchCount(), 0);
    }

    // Open watches must not hold up lists, over TLS too (where the client waits to learn
    // whether the server multiplexes before it opens more connections).
    void listsFlowWhileWatchesAreOpen()
    {
        ApiClient client;
        client.setEndpoint(endpoint());
        QSignalSpy finished(&client, &ApiClient::streamFinished);
        QList<RequestId> watches;
        for (int i = 0; i < 5; ++i) {
            watches << client.submit(ApiRequest::watch(QStringLiteral("alpha"), QStringLiteral("/api/v1/pods"),
                { { QStringLiteral("watch"), QStringLiteral("1") },
                    { QStringLiteral("timeoutSeconds"), QStringLiteral("60") } }));
        }
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        for (int i = 0; i < 40; ++i)
            client.submit(ApiRequest::get(QStringLiteral("alpha"), QStringLiteral("/api/v1/pods")));
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 40, 20000);
        int reused = 0;
        for (const QList<QVariant>& args : std::as_const(replies)) {
            const auto reply = args.at(0).value<ApiReply>();
            QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
            reused += reply.newConnections == 0 ? 1 : 0;
        }
        QVERIFY(reused > 0); // HTTP/1.1: parallel connections, reused once free
        QTRY_COMPARE(m_fleet.watchCount(), 5);
        QVERIFY(finished.isEmpty());
        client.cancelAll();
        QTRY_COMPARE(finished.size(), 5);
        QTRY_COMPARE(m_fleet.watchCount(), 0);
    }

    void refusedRequestsNeverReachTheSimulator()
    {
        ApiClient client;
        client.setEndpoint(endpoint());
        QVERIFY(get(client, QStringLiteral("/version")).isOk());
        const qint64 before = m_fleet.stats().total();
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        for (const QByteArray& method :
            { QByteArray("DELETE"), QByteArray("PUT"), QByteArray("PATCH"), QByteArray("POST") }) {
            ApiRequest request
                = ApiRequest::get(QStringLiteral("alpha"), QStringLiteral("/api/v1/namespaces/default/pods/web-1"));
            request.method = method;
            client.submit(request);
        }
        QTRY_COMPARE(replies.size(), 4);
        for (const QList<QVariant>& args : std::as_const(replies))
            QCOMPARE(args.at(0).value<ApiReply>().error->kind, ErrorKind::Refused);
        QVERIFY(get(client, QStringLiteral("/version")).isOk());
        QCOMPARE(m_fleet.stats().total(), before + 1);
        QCOMPARE(m_fleet.stats().mutating(), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiClientSim)
#include "tst_apiclientsim.moc"
