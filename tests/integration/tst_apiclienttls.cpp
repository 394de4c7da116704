// SPDX-License-Identifier: Apache-2.0
// TLS details the simulator does not exercise: client certificates from memory (static and
// from an exec plugin) checked by a server that demands them, tls-server-name with the Host
// header kept, and HTTP/2 multiplexing when the server offers it (nghttpd, when installed).
#include "kube/apiclient.h"

#include "sim/certificateauthority.h"

#include "../unit/testapifixture.h"
#include "../unit/testhttpresponder.h"

#include <QFile>
#include <QProcess>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;
using namespace testapi;

namespace {

QByteArray testData(const QString& name)
{
    QFile file(QStringLiteral(MINATO_TEST_DATA_DIR "/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestApiClientTls : public QObject
{
    Q_OBJECT
private:
    sim::TlsMaterial m_tls; // a throw-away CA and a server certificate for 127.0.0.1/localhost
    QByteArray m_clientCa, m_clientCertificate, m_clientKey; // tests/data: CN=minato-test-admin

    // A server that insists on a client certificate issued by the test client CA.
    QSslConfiguration serverConfiguration(bool requireClientCertificate) const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(QSslCertificate(m_tls.serverCertificate));
        configuration.setPrivateKey(QSslKey(m_tls.serverKey, QSsl::Ec));
        configuration.setCaCertificates(QSslCertificate::fromData(m_clientCa));
        configuration.setPeerVerifyMode(requireClientCertificate ? QSslSocket::VerifyPeer : QSslSocket::VerifyNone);
        // TLS 1.2 rejects a missing client certificate inside the handshake, where the client sees it.
        configuration.setProtocol(QSsl::TlsV1_2);
        return configuration;
    }

    ClusterEndpoint endpoint(const TestHttpResponder& server) const
    {
        ClusterEndpoint e = endpointFor(server.baseUrl());
        e.certificateAuthorityData = m_tls.caCertificate;
        return e;
    }

    static void answerWithPeer(const TestHttpResponder::Request& request, QTcpSocket* socket)
    {
        socket->write(TestHttpResponder::response(200, request.peerCommonName.toUtf8(), "text/plain"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ApiReply>();
        const Expected<sim::TlsMaterial> material = sim::CertificateAuthority::generate(1);
        QVERIFY2(material, qPrintable(material ? QString() : material.error().message));
        m_tls = *material;
        m_clientCa = testData(QStringLiteral("kubeconfig/certs/ca.crt"));
        m_clientCertificate = testData(QStringLiteral("kubeconfig/certs/client.crt"));
        m_clientKey = testData(QStringLiteral("kubeconfig/certs/client.key"));
        QVERIFY(!m_clientCa.isEmpty() && !m_clientCertificate.isEmpty() && !m_clientKey.isEmpty());
    }

    void clientCertificateFromMemory()
    {
        TestHttpResponder server;
        QVERIFY(server.listenTls(serverConfiguration(true)));
        server.setHandler(answerWithPeer);
        ApiClient client;
        ClusterEndpoint e = endpoint(server);
        e.clientCertificateData = m_clientCertificate;
        e.clientKeyData = m_clientKey;
        client.setEndpoint(e);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(reply.body, QByteArray("minato-test-admin"));
    }

    void missingClientCertificateIsTlsError()
    {
        TestHttpResponder server;
        QVERIFY(server.listenTls(serverConfiguration(true)));
        server.setHandler(answerWithPeer);
        ApiClient client;
        client.setEndpoint(endpoint(server));
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QVERIFY2(reply.error->kind == ErrorKind::Tls, qPrintable(describe(reply)));
        QCOMPARE(server.requests().size(), 0);
    }

    void mismatchedKeyIsTlsError()
    {
        TestHttpResponder server;
        QVERIFY(server.listenTls(serverConfiguration(true)));
        ApiClient client;
        ClusterEndpoint e = endpoint(server);
        e.clientCertificateData = m_clientCertificate;
        e.clientKeyData = m_tls.serverKey; // a real key, but not this certificate's
        client.setEndpoint(e);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY(reply.error);
        QVERIFY2(reply.error->kind == ErrorKind::Tls, qPrintable(describe(reply)));
    }

    void execPluginClientCertificate()
    {
        TestHttpResponder server;
        QVERIFY(server.listenTls(serverConfiguration(true)));
        server.setHandler(answerWithPeer);
        struct CertificateSource : FakeCredentialSource
        {
            QByteArray certificate, key;
            void request(const QString& k, const ExecConfig&, const ClusterEntry&) override
            {
                ++requests;
                QTimer::singleShot(0, this, [this, k] {
                    ExecCredential credential;
                    credential.clientCertificatePem = certificate;
                    credential.clientKeyPem = key;
                    Q_EMIT credentialAvailable(k, credential);
                });
            }
        } source;
        source.certificate = m_clientCertificate;
        source.key = m_clientKey;
        ApiClient client;
        client.setCredentialSource(&source);
        ClusterEndpoint e = endpoint(server);
        e.auth = ClusterEndpoint::Auth::Exec;
        e.exec = fakePlugin();
        client.setEndpoint(e);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(reply.body, QByteArray("minato-test-admin"));
        QCOMPARE(source.requests, 1);
        QVERIFY(!server.requests().first().hasHeader("Authorization"));
    }

    // The certificate is checked against tls-server-name; the Host header still names the
    // server, as kubectl sends it.
    void tlsServerNameKeepsTheHostHeader()
    {
        TestHttpResponder server;
        QVERIFY(server.listenTls(serverConfiguration(false)));
        server.setHandler(answerWithPeer);
        ApiClient client;
        ClusterEndpoint e = endpoint(server);
        e.tlsServerName = QStringLiteral("localhost");
        client.setEndpoint(e);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        const ApiReply reply = onlyReply(replies);
        QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
        QCOMPARE(server.requests().first().header("Host"), "127.0.0.1:" + QByteArray::number(server.port()));
    }

    // When the server speaks HTTP/2, a burst of requests shares one connection.
    void http2MultiplexesOneConnection()
    {
        const QString nghttpd = QStandardPaths::findExecutable(
            QStringLiteral("nghttpd"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") });
        if (nghttpd.isEmpty())
            QSKIP("nghttpd (Debian package nghttp2-server) is not installed");
        QTemporaryDir dir;
        const QString docroot = dir.filePath(QStringLiteral("htdocs"));
        QVERIFY(QDir().mkpath(docroot));
        auto write = [](const QString& path, const QByteArray& data) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
        };
        // The key of a certificate made for this run only, in a private temporary folder.
        QVERIFY(write(dir.filePath(QStringLiteral("server.key")), m_tls.serverKey));
        QVERIFY(write(dir.filePath(QStringLiteral("server.crt")), m_tls.serverCertificate));
        QVERIFY(write(docroot + QStringLiteral("/version"), R"({"gitVersion":"v1.30.0"})"));

        // nghttpd cannot report a port it picked, so take one the system just handed out.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server.start(nghttpd,
            { QStringLiteral("-a"), QStringLiteral("127.0.0.1"), QStringLiteral("-d"), docroot, QString::number(port),
                dir.filePath(QStringLiteral("server.key")), dir.filePath(QStringLiteral("server.crt")) });
        QVERIFY(server.waitForStarted());
        auto stopServer = qScopeGuard([&server] {
            server.terminate();
            server.waitForFinished();
        });

        ApiClient client;
        ClusterEndpoint e = endpointFor("https://127.0.0.1:" + QByteArray::number(port));
        e.certificateAuthorityData = m_tls.caCertificate;
        client.setEndpoint(e);
        QSignalSpy replies(&client, &ApiClient::replyAvailable);
        // Wait until nghttpd listens: the first request is retried until it connects.
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
            const ApiReply first = onlyReply(replies);
            return first.isOk();
        }()),
            10000);
        replies.clear();

        constexpr int Burst = 50;
        for (int i = 0; i < Burst; ++i)
            client.submit(ApiRequest::get(QStringLiteral("local"), QStringLiteral("/version")));
        QTRY_COMPARE_WITH_TIMEOUT(replies.size(), Burst, 20000);
        int newConnections = 0;
        for (const QList<QVariant>& args : std::as_const(replies)) {
            const auto reply = args.at(0).value<ApiReply>();
            QVERIFY2(reply.isOk(), qPrintable(describe(reply)));
            QCOMPARE(reply.httpVersion, 20);
            QCOMPARE(reply.body, QByteArray(R"({"gitVersion":"v1.30.0"})"));
            newConnections += reply.newConnections;
        }
        QCOMPARE(newConnections, 0); // all of them rode the connection the first request opened
    }
};

QTEST_GUILESS_MAIN(TestApiClientTls)
#include "tst_apiclienttls.moc"
