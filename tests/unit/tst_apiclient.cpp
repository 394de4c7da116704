// SPDX-License-Identifier: Apache-2.0
#include "kube/apiclient.h"

#include "testapifixture.h"
#include "testhttpresponder.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;
using namespace testapi;

namespace {

const QByteArray PodList = R"({"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42"},"items":[]})";

void answerPodList(const TestHttpResponder::Request&, QTcpSocket* socket)
{
    socket->write(TestHttpResponder::response(200, PodList));
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ApiReply>(); }

    void userAgentLooksLikeKubectls()
    {
        const QString agent = QString::fromLatin1(ApiClient::userAgent());
        QCOMPARE(agent, QStringLiteral("minato/" MINATO_VERSION " (linux/amd64)"));
        QVERIFY(QRegularExpression(QStringLiteral("^minato/\\d+\\.\\d+\\.\\d+ \\([a-z]+/[a-z0-9]+\\)$"))
                    .match(agent)
                    .hasMatch());
    }

    void getSendsTheHeadersKubectlSends()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Token;
        endpoint.token = "sha256~token";
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);

        ApiRequest request
            = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/namespaces/default/pods"));
        request.generation = 7;
        const RequestId id = client.submit(request);
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(reply.id, id);
        QCOMPARE(reply.generation, quint64(7));
        QCOMPARE(reply.endpoint, QStringLiteral("local"));
        QCOMPARE(reply.httpStatus, 200);
        QCOMPARE(reply.body, PodList);
        QCOMPARE(reply.contentType, QByteArray("application/json"));
        QCOMPARE(reply.httpVersion, 11); // plain http: no h2c upgrade
        QVERIFY(!reply.insecureTls);

        QCOMPARE(server.requests().size(), 1);
        const TestHttpResponder::Request& seen = server.requests().first();
        QCOMPARE(seen.method, QByteArray("GET"));
        QCOMPARE(seen.target, QByteArray("/api/v1/namespaces/default/pods"));
        QCOMPARE(seen.header("User-Agent"), ApiClient::userAgent());
        QCOMPARE(seen.header("Accept"), QByteArray("application/json"));
        QCOMPARE(seen.header("Accept-Encoding"), QByteArray("gzip"));
        QCOMPARE(seen.header("Authorization"), QByteArray("Bearer sha256~token"));
        QCOMPARE(seen.header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
        QVERIFY(!seen.hasHeader("Impersonate-User"));
    }

    void impersonationAndNoCompression()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.disableCompression = true;
        endpoint.impersonateUser = QStringLiteral("jane");
        endpoint.impersonateGroups = { QStringLiteral("dev"), QStringLiteral("ops") };
        endpoint.impersonateExtra = { { QStringLiteral("scopes"), { QStringLiteral("view") } } };
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QVERIFY(onlyReply(replies).isOk());
        const TestHttpResponder::Request& seen = server.requests().first();
        QVERIFY(!seen.hasHeader("Accept-Encoding"));
        QCOMPARE(seen.header("Impersonate-User"), QByteArray("jane"));
        QCOMPARE(seen.headerValues("Impersonate-Group"), QList<QByteArray>({ "dev", "ops" }));
        QCOMPARE(seen.header("Impersonate-Extra-scopes"), QByteArray("view"));
        QVERIFY(!seen.hasHeader("Authorization"));
    }

    void basicAuth()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Basic;
        endpoint.username = QStringLiteral("alice");
        endpoint.password = "wonder land";
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        QVERIFY(onlyReply(replies).isOk());
        QCOMPARE(
            server.requests().first().header("Authorization"), "Basic " + QByteArray("alice:wonder land").toBase64());
    }

    // Selectors are full of characters with a meaning in URLs; each is encoded exactly once,
    // and a server URL's path prefix (Rancher-style proxies) is kept.
    void queryEncodedOnceAndPathPrefixKept()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl() + "/k8s/clusters/c-m-1/"));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods"),
            { { QStringLiteral("labelSelector"), QStringLiteral("app in (a,b),tier!=x+y") },
                { QStringLiteral("limit"), QStringLiteral("500") } }));
        QVERIFY(onlyReply(replies).isOk());
        QCOMPARE(server.requests().first().target,
            QByteArray(
                "/k8s/clusters/c-m-1/api/v1/pods?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Dx%2By&limit=500"));
    }

    void keepAliveReusesTheConnection()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply first = onlyReply(replies);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/nodes")));
        const ApiReply second = onlyReply(replies);
        QVERIFY(first.isOk() && second.isOk());
        QCOMPARE(first.newConnections, 1);
        QCOMPARE(second.newConnections, 0);
        QCOMPARE(server.connectionCount(), 1);
        QCOMPARE(server.requests().at(1).connection, 1);
    }

    void manyConcurrentRequests()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(200, request.target));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        QHash<RequestId, QByteArray> expected;
        for (int i = 0; i < 60; ++i) {
            const QString path = QStringLiteral("/api/v1/namespaces/ns-%1/pods").arg(i);
            expected.insert(client.submit(ApiRequest::get(QStringLiteral("local"), path)), path.toLatin1());
        }
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), 60, 20000);
        for (const QList<QVariant>& args : std::as_const(replies)) {
            const auto reply = args.at(0).value<ApiReply>();
            QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
            QCOMPARE(reply.body, expected.value(reply.id));
        }
        // HTTP/1.1 cannot multiplex: parallel connections, but never more than the host limit.
        QVERIFY(server.connectionCount() <= 32);
    }

    void statusBodyBecomesTypedError()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        const QByteArray status
            = R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",)"
              R"("message":"Too many requests, please try again later.","reason":"TooManyRequests",)"
              R"("details":{"retryAfterSeconds":1},"code":429})";
        server.setHandler([&status](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(429, status, "application/json", { "Retry-After: 7" }));
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Throttled);
        QCOMPARE(reply.error->httpStatus, 429);
        QCOMPARE(reply.error->retryAfterSeconds, 7);
        QCOMPARE(reply.error->message, QStringLiteral("Too many requests, please try again later."));
        QCOMPARE(reply.body, status);
    }

    void connectionRefusedIsNetwork()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        ApiClient client;
        client.setEndpoint(endpointFor("http://127.0.0.1:" + QByteArray::number(port)));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Network);
        QCOMPARE(reply.httpStatus, 0);
    }

    // The connect timeout covers the TLS handshake: a server that accepts TCP and never
    // answers the ClientHello hits it.
    void connectTimeoutCoversTheHandshake()
    {
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor("https://127.0.0.1:" + QByteArray::number(silent.serverPort()));
        endpoint.insecureSkipTlsVerify = true;
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        ApiRequest request = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version"));
        request.connectTimeout = std::chrono::milliseconds(300);
        client.submit(request);
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Timeout);
        QVERIFY(reply.insecureTls);
        QVERIFY2(reply.elapsedMs < 5000, qPrintable(QString::number(reply.elapsedMs)));
    }

    void stalledGetTimesOut()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            // Promise a body and send only its beginning.
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"kind\":");
        });
        ApiClient client;
        client.setEndpoint(endpointFor(server.baseUrl()));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        ApiRequest request = ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods"));
        request.stallTimeout = std::chrono::milliseconds(1000);
        client.submit(request);
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Timeout);
        // libcurl averages the speed over a window of about five seconds, so a stall is noticed
        // between the stall timeout and that window later.
        QVERIFY2(reply.elapsedMs >= 900 && reply.elapsedMs < 9000, qPrintable(QString::number(reply.elapsedMs)));
    }

    void tokenFileIsReadAgainWhenItChanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("token"));
        auto writeToken = [&path](const QByteArray& token, int secondsAgo) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(token);
            QVERIFY(file.flush());
            QVERIFY(
                file.setFileTime(QDateTime::currentDateTime().addSecs(-secondsAgo), QFileDevice::FileModificationTime));
        };
        writeToken("token-one", 120);
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler(answerPodList);
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::TokenFile;
        endpoint.tokenFile = path;
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QVERIFY(onlyReply(replies).isOk());
        writeToken("token-two", 60);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QVERIFY(onlyReply(replies).isOk());
        QFile::remove(path);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply missing = onlyReply(replies);
        QVERIFY(missing.error);
        QCOMPARE(missing.error->kind, ErrorKind::Credentials);

        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(0).header("Authorization"), QByteArray("Bearer token-one"));
        QCOMPARE(server.requests().at(1).header("Authorization"), QByteArray("Bearer token-two"));
    }

    // kubectl's exec rule: on a 401, run the plugin again and retry once.
    void execCredentialRefreshedOnceOn401()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request& request, QTcpSocket* socket) {
            if (request.header("Authorization") == "Bearer fresh")
                socket->write(TestHttpResponder::response(200, PodList));
            else
                socket->write(TestHttpResponder::response(401, UnauthorizedStatus));
        });
        FakeCredentialSource source;
        source.tokens = { "stale", "fresh" };
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);

        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QVERIFY(reply.retriedAfterAuthRefresh);
        QCOMPARE(source.requests, 2);
        QCOMPARE(source.invalidated, QStringList { QStringLiteral("local") });
        QCOMPARE(server.requests().size(), 2);

        // The fresh credential is cached: the next request neither asks nor retries.
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply next = onlyReply(replies);
        QVERIFY(next.isOk());
        QVERIFY(!next.retriedAfterAuthRefresh);
        QCOMPARE(source.requests, 2);
    }

    void execCredentialStillRejectedIsUnauthorized()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        server.setHandler([](const TestHttpResponder::Request&, QTcpSocket* socket) {
            socket->write(TestHttpResponder::response(401, UnauthorizedStatus));
        });
        FakeCredentialSource source;
        source.tokens = { "revoked" };
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QCOMPARE(reply.error->kind, ErrorKind::Unauthorized);
        QVERIFY(reply.retriedAfterAuthRefresh);
        QCOMPARE(server.requests().size(), 2); // one retry, not a loop
    }

    void execFailuresAreCredentialErrors()
    {
        TestHttpResponder server;
        QVERIFY(server.listen());
        FakeCredentialSource source;
        source.failure = KubeError::make(ErrorKind::Credentials, QStringLiteral("plugin exited with status 1"));
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor(server.baseUrl());
        endpoint.auth = ClusterEndpoint::Auth::Exec;
        endpoint.exec = fakePlugin();
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);

        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply noSource = onlyReply(replies);
        QVERIFY(noSource.error);
        QCOMPARE(noSource.error->kind, ErrorKind::Credentials);

        client.setCredentialSource(&source);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        const ApiReply failed = onlyReply(replies);
        QVERIFY(failed.error);
        QCOMPARE(failed.error->kind, ErrorKind::Credentials);
        QCOMPARE(failed.error->message, QStringLiteral("plugin exited with status 1"));
        QCOMPARE(server.connectionCount(), 0);
    }

    void unknownOrBrokenEndpointsAreConfigErrors()
    {
        ApiClient client;
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("nowhere"), QStringLiteral("/version")));
        const ApiReply unknown = onlyReply(replies);
        QVERIFY(unknown.error);
        QCOMPARE(unknown.error->kind, ErrorKind::Config);

        ClusterEndpoint broken = endpointFor("ftp://127.0.0.1:21", QStringLiteral("broken"));
        client.setEndpoint(broken);
        client.submit(ApiRequest::get(QStringLiteral("broken"), QStringLiteral("/version")));
        const ApiReply invalid = onlyReply(replies);
        QVERIFY(invalid.error);
        QCOMPARE(invalid.error->kind, ErrorKind::Config);
    }

    void httpProxyIsUsed()
    {
        TestHttpResponder proxy;
        QVERIFY(proxy.listen());
        proxy.setHandler(answerPodList);
        ApiClient client;
        // The cluster's address is never dialled: only the proxy is.
        ClusterEndpoint endpoint = endpointFor("http://10.255.255.1:6443");
        endpoint.proxyUrl = QUrl(QString::fromLatin1(proxy.baseUrl()));
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/api/v1/pods")));
        QVERIFY(onlyReply(replies).isOk());
        QCOMPARE(proxy.requests().first().target, QByteArray("http://10.255.255.1:6443/api/v1/pods"));
    }

    // kubectl resolves names on the SOCKS side; so do we (socks5 becomes libcurl's socks5h),
    // which a minimal SOCKS5 server here checks before answering the HTTP request itself.
    void socks5ProxyResolvesRemotely()
    {
        QTcpServer socks;
        QVERIFY(socks.listen(QHostAddress::LocalHost, 0));
        QByteArray requestedHost;
        QByteArray httpRequest;
        connect(&socks, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* socket = socks.nextPendingConnection();
            auto buffer = std::make_shared<QByteArray>();
            auto stage = std::make_shared<int>(0);
            connect(socket, &QTcpSocket::readyRead, socket, [=, &requestedHost, &httpRequest] {
                *buffer += socket->readAll();
                if (*stage == 0 && buffer->size() >= 2 && buffer->size() >= 2 + buffer->at(1)) {
                    buffer->remove(0, 2 + buffer->at(1));
                    socket->write(QByteArray::fromHex("0500")); // version 5, no authentication
                    *stage = 1;
                }
                if (*stage == 1 && buffer->size() >= 5 && buffer->at(3) == 0x03) { // a domain name
                    const int length = static_cast<unsigned char>(buffer->at(4));
                    if (buffer->size() < 5 + length + 2)
                        return;
                    requestedHost = buffer->mid(5, length);
                    buffer->remove(0, 5 + length + 2);
                    socket->write(QByteArray::fromHex("05000001000000000000")); // granted
                    *stage = 2;
                }
                if (*stage == 2 && buffer->contains("\r\n\r\n")) {
                    httpRequest = *buffer;
                    socket->write(TestHttpResponder::response(200, "{}"));
                    *stage = 3;
                }
            });
        });
        ApiClient client;
        ClusterEndpoint endpoint = endpointFor("http://kube-api.cluster.invalid:6443");
        endpoint.proxyUrl = QUrl(QStringLiteral("socks5://127.0.0.1:%1").arg(socks.serverPort()));
        client.setEndpoint(endpoint);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(requestedHost, QByteArray("kube-api.cluster.invalid"));
        QVERIFY(httpRequest.startsWith("GET /version HTTP/1.1\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"
