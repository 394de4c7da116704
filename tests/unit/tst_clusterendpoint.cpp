// SPDX-License-Identifier: Apache-2.0
#include "kube/clusterendpoint.h"

#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

ClusterEntry cluster(const QString& server = QStringLiteral("https://10.0.0.1:6443"))
{
    ClusterEntry c;
    c.name = QStringLiteral("prod-eu");
    c.server = server;
    return c;
}

UserEntry user()
{
    UserEntry u;
    u.name = QStringLiteral("admin");
    return u;
}

} // namespace

class TestClusterEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void copiesClusterFields()
    {
        ClusterEntry c = cluster();
        c.certificateAuthority = QStringLiteral("/etc/kube/ca.crt");
        c.certificateAuthorityData = "-----BEGIN CERTIFICATE-----\n...";
        c.tlsServerName = QStringLiteral("kubernetes.default.svc");
        c.proxyUrl = QStringLiteral("socks5://127.0.0.1:1080");
        c.disableCompression = true;
        c.execExtensionJson = R"({"audience":"x"})";
        const ClusterEndpoint e = ClusterEndpoint::fromKubeconfig(c, user());
        QCOMPARE(e.name, QStringLiteral("admin@prod-eu"));
        QCOMPARE(e.credentialKey, e.name);
        QCOMPARE(e.server, QUrl(QStringLiteral("https://10.0.0.1:6443")));
        QCOMPARE(e.certificateAuthorityFile, c.certificateAuthority);
        QCOMPARE(e.certificateAuthorityData, c.certificateAuthorityData);
        QCOMPARE(e.tlsServerName, c.tlsServerName);
        QCOMPARE(e.proxyUrl, QUrl(QStringLiteral("socks5://127.0.0.1:1080")));
        QVERIFY(e.disableCompression);
        QCOMPARE(e.execClusterExtension, c.execExtensionJson);
        QCOMPARE(e.auth, ClusterEndpoint::Auth::None);
        QVERIFY(!e.validate());

        const ClusterEntry back = e.clusterEntry();
        QCOMPARE(back.server, QStringLiteral("https://10.0.0.1:6443"));
        QCOMPARE(back.tlsServerName, c.tlsServerName);
        QCOMPARE(back.execExtensionJson, c.execExtensionJson);
    }

    void serverWithoutSchemeIsHttps()
    {
        const ClusterEndpoint e = ClusterEndpoint::fromKubeconfig(cluster(QStringLiteral("api.example:6443")), user());
        QCOMPARE(e.server.scheme(), QStringLiteral("https"));
        QCOMPARE(e.server.host(), QStringLiteral("api.example"));
        QCOMPARE(e.server.port(), 6443);
    }

    void credentialPrecedence_data()
    {
        QTest::addColumn<UserEntry>("user");
        QTest::addColumn<ClusterEndpoint::Auth>("auth");
        QTest::addColumn<QByteArray>("token");

        UserEntry token = user();
        token.token = "abc";
        token.tokenFile = QStringLiteral("/var/run/token");
        QTest::newRow("token-beats-tokenFile") << token << ClusterEndpoint::Auth::Token << QByteArray("abc");

        UserEntry tokenFile = user();
        tokenFile.tokenFile = QStringLiteral("/var/run/token");
        QTest::newRow("tokenFile") << tokenFile << ClusterEndpoint::Auth::TokenFile << QByteArray();

        UserEntry basic = user();
        basic.username = QStringLiteral("alice");
        basic.password = "secret";
        QTest::newRow("basic") << basic << ClusterEndpoint::Auth::Basic << QByteArray();

        UserEntry exec = user();
        exec.token = "static";
        exec.exec = ExecConfig { QStringLiteral("/usr/bin/aws"), { QStringLiteral("eks") }, {},
            QStringLiteral("client.authentication.k8s.io/v1beta1"), {}, false, QStringLiteral("IfAvailable") };
        QTest::newRow("exec-beats-token") << exec << ClusterEndpoint::Auth::Exec << QByteArray();

        UserEntry oidc = user();
        oidc.authProvider = AuthProviderConfig { QStringLiteral("oidc"),
            { { QStringLiteral("id-token"), QStringLiteral("eyJ.id.token") },
                { QStringLiteral("client-id"), QStringLiteral("k8s") } } };
        QTest::newRow("oidc-id-token") << oidc << ClusterEndpoint::Auth::Token << QByteArray("eyJ.id.token");

        UserEntry certOnly = user();
        certOnly.clientCertificateData = "CERT";
        certOnly.clientKeyData = "KEY";
        QTest::newRow("client-certificate-only") << certOnly << ClusterEndpoint::Auth::None << QByteArray();
    }
    void credentialPrecedence()
    {
        QFETCH(UserEntry, user);
        QFETCH(ClusterEndpoint::Auth, auth);
        QFETCH(QByteArray, token);
        const ClusterEndpoint e = ClusterEndpoint::fromKubeconfig(cluster(), user);
        QCOMPARE(e.auth, auth);
        QCOMPARE(e.token, token);
        QCOMPARE(e.tokenFile, auth == ClusterEndpoint::Auth::TokenFile ? user.tokenFile : QString());
        QCOMPARE(e.clientCertificateData, user.clientCertificateData);
        QCOMPARE(e.clientKeyData, user.clientKeyData);
        QCOMPARE(e.exec.has_value(), auth == ClusterEndpoint::Auth::Exec);
        QVERIFY(!e.validate());
    }

    void invalidEndpoints_data()
    {
        QTest::addColumn<ClusterEntry>("cluster");
        QTest::addColumn<UserEntry>("user");
        QTest::addColumn<QString>("messagePart");

        QTest::newRow("no-server") << cluster(QString()) << user() << "no server";
        QTest::newRow("ftp") << cluster(QStringLiteral("ftp://10.0.0.1")) << user() << "https or http";
        ClusterEntry insecureWithCa = cluster();
        insecureWithCa.insecureSkipTlsVerify = true;
        insecureWithCa.certificateAuthorityData = "PEM";
        QTest::newRow("insecure-with-ca") << insecureWithCa << user() << "insecure-skip-tls-verify";
        UserEntry certWithoutKey = user();
        certWithoutKey.clientCertificate = QStringLiteral("/c.crt");
        QTest::newRow("cert-without-key") << cluster() << certWithoutKey << "key";
        UserEntry tokenAndBasic = user();
        tokenAndBasic.token = "t";
        tokenAndBasic.username = QStringLiteral("u");
        tokenAndBasic.password = "p";
        QTest::newRow("token-and-basic") << cluster() << tokenAndBasic << "Basic authentication";
        ClusterEntry httpProxy = cluster();
        httpProxy.proxyUrl = QStringLiteral("ftp://proxy:21");
        QTest::newRow("ftp-proxy") << httpProxy << user() << "proxy";
        UserEntry gcp = user();
        gcp.authProvider = AuthProviderConfig { QStringLiteral("gcp"), {} };
        QTest::newRow("gcp-auth-provider") << cluster() << gcp << "auth-provider \"gcp\"";
        UserEntry oidcWithoutToken = user();
        oidcWithoutToken.authProvider = AuthProviderConfig { QStringLiteral("oidc"), {} };
        QTest::newRow("oidc-without-id-token") << cluster() << oidcWithoutToken << "auth-provider \"oidc\"";
    }
    void invalidEndpoints()
    {
        QFETCH(ClusterEntry, cluster);
        QFETCH(UserEntry, user);
        QFETCH(QString, messagePart);
        const std::optional<KubeError> error = ClusterEndpoint::fromKubeconfig(cluster, user).validate();
        QVERIFY(error);
        QCOMPARE(error->kind, ErrorKind::Config);
        QVERIFY2(error->message.contains(messagePart, Qt::CaseInsensitive), qPrintable(error->message));
    }

    void impersonationHeaders()
    {
        UserEntry u = user();
        u.impersonate = QStringLiteral("jane");
        u.impersonateUid = QStringLiteral("06f6ce97-e2c5-4ab8-7ba5-7654dd08d52b");
        u.impersonateGroups = { QStringLiteral("developers"), QStringLiteral("admins") };
        u.impersonateExtra = { { QStringLiteral("scopes"), { QStringLiteral("view"), QStringLiteral("development") } },
            { QStringLiteral("acme.com/project"), { QStringLiteral("p1") } },
            { QStringLiteral("bad"), { QStringLiteral("x\r\nInjected: 1") } } };
        const QList<QByteArray> headers = ClusterEndpoint::fromKubeconfig(cluster(), u).impersonationHeaders();
        const QList<QByteArray> expected = {
            "Impersonate-User: jane",
            "Impersonate-Uid: 06f6ce97-e2c5-4ab8-7ba5-7654dd08d52b",
            "Impersonate-Group: developers",
            "Impersonate-Group: admins",
            "Impersonate-Extra-acme.com%2Fproject: p1",
            "Impersonate-Extra-scopes: view",
            "Impersonate-Extra-scopes: development",
        };
        QCOMPARE(headers, expected);
        QVERIFY(ClusterEndpoint::fromKubeconfig(cluster(), user()).impersonationHeaders().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestClusterEndpoint)
#include "tst_clusterendpoint.moc"
