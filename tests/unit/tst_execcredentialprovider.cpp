// SPDX-License-Identifier: Apache-2.0
#include "kube/execcredentialprotocol.h"
#include "kube/execcredentialprovider.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace minato;
using namespace minato::kube;
using namespace std::chrono_literals;

namespace {

// Every message the code under test logs, to prove no token ever reaches a log.
QStringList s_messages;
QtMessageHandler s_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    s_messages.append(message);
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

QString pluginPath(const char* name)
{
    return QStringLiteral(MINATO_TEST_DATA_DIR "/exec-plugins/") + QLatin1String(name);
}

ClusterEntry testCluster()
{
    ClusterEntry cluster;
    cluster.name = QStringLiteral("alpha");
    cluster.server = QStringLiteral("https://alpha.example.test:6443");
    return cluster;
}

// Running means not gone and not a zombie; a killed grandchild may wait a while for init.
bool processRunning(const QByteArray& pid)
{
    QFile stat(QStringLiteral("/proc/") + QString::fromLatin1(pid) + QStringLiteral("/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype afterName = line.lastIndexOf(')');
    return afterName > 0 && line.size() > afterName + 2 && line.at(afterName + 2) != 'Z'
        && line.at(afterName + 2) != 'X';
}

struct Outcome
{
    std::optional<ExecCredential> credential;
    std::optional<KubeError> error;
};

} // namespace

class TestExecCredentialProvider : public QObject
{
    Q_OBJECT
private:
    ExecConfig plugin(const char* name, QList<ExecEnvVar> env = {}, const QString& apiVersion = {}) const
    {
        ExecConfig config;
        config.command = pluginPath(name);
        config.apiVersion = apiVersion.isEmpty() ? execprotocol::apiVersionV1() : apiVersion;
        config.interactiveMode = QStringLiteral("Never");
        config.env = std::move(env);
        return config;
    }

    QString tempPath(const char* name) const { return m_dir->filePath(QLatin1String(name)); }

    static int lineCount(const QString& path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        return int(file.readAll().count('\n'));
    }

    // Waits for the one answer to `key`; a test that expects none checks the spies itself.
    static Outcome waitForAnswer(ExecCredentialProvider& provider, const QString& key)
    {
        QSignalSpy available(&provider, &ExecCredentialProvider::credentialAvailable);
        QSignalSpy failed(&provider, &ExecCredentialProvider::credentialFailed);
        Outcome outcome;
        if (!QTest::qWaitFor([&] { return !available.isEmpty() || !failed.isEmpty(); }, 10000))
            return outcome;
        for (const QList<QVariant>& args : std::as_const(available)) {
            if (args.at(0).toString() == key)
                outcome.credential = args.at(1).value<ExecCredential>();
        }
        for (const QList<QVariant>& args : std::as_const(failed)) {
            if (args.at(0).toString() == key)
                outcome.error = args.at(1).value<KubeError>();
        }
        return outcome;
    }

    void verifyClean(const KubeError& error) const
    {
        for (const QString& token : m_tokens) {
            QVERIFY2(!error.message.contains(token), "error message contains the token");
            QVERIFY2(!error.detail.contains(token), "error detail contains the token");
        }
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QStringList m_tokens;

private Q_SLOTS:
    void initTestCase()
    {
        s_previousHandler = qInstallMessageHandler(recordMessage);
        // Everything the provider logs, debug included, must be token-free.
        QLoggingCategory::setFilterRules(QStringLiteral("minato.credentials.debug=true"));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void cleanupTestCase()
    {
        qInstallMessageHandler(s_previousHandler);
        QVERIFY(!s_messages.isEmpty());
        for (const QString& message : std::as_const(s_messages)) {
            for (const QString& token : std::as_const(m_tokens))
                QVERIFY2(!message.contains(token), "a log message contains a token");
        }
    }

    void tokenV1FromArgs()
    {
        const QString token = QStringLiteral("tok-v1-8f2c61d0");
        m_tokens << token;
        ExecConfig config = plugin("token.sh", { { QStringLiteral("STDERR_TEXT"), QStringLiteral("warming up") } });
        config.args = { token };
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx-a"), config, testCluster());
        QVERIFY(provider.isRunning(QStringLiteral("ctx-a")));
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx-a"));
        QVERIFY(!outcome.error);
        QVERIFY(outcome.credential);
        QCOMPARE(outcome.credential->token, token.toUtf8());
        QVERIFY(outcome.credential->clientKeyPem.isEmpty());
        QVERIFY(!outcome.credential->expiration);
        QVERIFY(!provider.isRunning(QStringLiteral("ctx-a")));
        QCOMPARE(provider.cached(QStringLiteral("ctx-a"))->token, token.toUtf8());
        QVERIFY(!provider.cached(QStringLiteral("other")));
    }

    void tokenV1beta1FromEnv()
    {
        const QString token = QStringLiteral("tok-v1beta1-3e9a0b77");
        m_tokens << token;
        const ExecConfig config = plugin("token.sh",
            { { QStringLiteral("TOKEN"), token },
                { QStringLiteral("API_VERSION"), execprotocol::apiVersionV1beta1() } },
            execprotocol::apiVersionV1beta1());
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx-b"), config, testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx-b"));
        QVERIFY(outcome.credential);
        QCOMPARE(outcome.credential->token, token.toUtf8());
    }

    void stdinIsClosed()
    {
        const QString token = QStringLiteral("tok-stdin-51c0");
        m_tokens << token;
        ExecConfig config = plugin("token.sh", { { QStringLiteral("READ_STDIN"), QStringLiteral("1") } });
        config.args = { token };
        ExecCredentialProvider provider;
        provider.setTimeout(5s);
        provider.request(QStringLiteral("ctx"), config, testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY2(outcome.credential, outcome.error ? qPrintable(outcome.error->message) : "no answer");
    }

    void clientCertificate()
    {
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), plugin("cert.sh"), testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.credential);
        QVERIFY(outcome.credential->token.isEmpty());
        QVERIFY(outcome.credential->hasClientCertificate());
        QVERIFY(outcome.credential->clientCertificatePem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QVERIFY(outcome.credential->clientKeyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        QVERIFY(outcome.credential->clientKeyPem.endsWith("-----END PRIVATE KEY-----\n"));
    }

    void onlyCertificateOrKey_data()
    {
        QTest::addColumn<QString>("part");
        QTest::newRow("certificate only") << QStringLiteral("cert");
        QTest::newRow("key only") << QStringLiteral("key");
    }

    void onlyCertificateOrKey()
    {
        QFETCH(QString, part);
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), plugin("cert.sh", { { QStringLiteral("PART"), part } }), testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QCOMPARE(outcome.error->message, QStringLiteral("exec plugin returned only certificate or key, not both"));
        QVERIFY(!outcome.error->detail.contains(QLatin1String("TUlOQVRPLVRFU1QtS0VZ")));
    }

    void expiryRunsThePluginAgain()
    {
        const QString token = QStringLiteral("tok-expiring-aa41");
        m_tokens << token;
        const QString runLog = tempPath("runs");
        ExecConfig config = plugin("token.sh",
            { { QStringLiteral("RUN_LOG"), runLog },
                { QStringLiteral("EXPIRES"), QStringLiteral("2030-01-01T12:00:00Z") } });
        config.args = { token };
        QDateTime now(QDate(2030, 1, 1), QTime(11, 0), Qt::UTC);
        ExecCredentialProvider provider;
        provider.setClock([&now] { return now; });

        provider.request(QStringLiteral("ctx"), config, testCluster());
        Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.credential);
        QCOMPARE(outcome.credential->expiration, QDateTime(QDate(2030, 1, 1), QTime(12, 0), Qt::UTC));
        QCOMPARE(lineCount(runLog), 1);

        // Still valid: answered from the cache, without a run.
        now = now.addSecs(30 * 60);
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(!provider.isRunning(QStringLiteral("ctx")));
        outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QCOMPARE(outcome.credential->token, token.toUtf8());
        QCOMPARE(lineCount(runLog), 1);

        // Inside the skew before expiry counts as expired.
        now = QDateTime(QDate(2030, 1, 1), QTime(11, 59, 55), Qt::UTC);
        QVERIFY(!provider.cached(QStringLiteral("ctx")));
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(provider.isRunning(QStringLiteral("ctx")));
        outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.credential);
        QCOMPARE(lineCount(runLog), 2);
    }

    void failureKeepsStderr()
    {
        ExecConfig config = plugin("fail.sh");
        config.args = { QStringLiteral("error: the login for alpha has expired, run `acme login`") };
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QVERIFY(!outcome.credential);
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QCOMPARE(outcome.error->message,
            QStringLiteral("exec: executable ") + config.command + QStringLiteral(" failed with exit code 1"));
        QCOMPARE(outcome.error->detail, QStringLiteral("error: the login for alpha has expired, run `acme login`"));
        QVERIFY(!provider.cached(QStringLiteral("ctx")));
    }

    void longStderrIsCapped()
    {
        ExecConfig config = plugin("fail.sh");
        config.args = { QString(20000, QLatin1Char('x')) + QStringLiteral(" the end"), QStringLiteral("3") };
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QVERIFY(outcome.error->message.endsWith(QLatin1String("exit code 3")));
        QVERIFY(outcome.error->detail.size() <= 4100);
        QVERIFY(outcome.error->detail.endsWith(QLatin1String("the end")));
    }

    void timeoutKillsThePlugin()
    {
        const QString pidFile = tempPath("pids");
        ExecCredentialProvider provider;
        provider.setTimeout(1000ms);
        QElapsedTimer elapsed;
        elapsed.start();
        provider.request(
            QStringLiteral("ctx"), plugin("slow.sh", { { QStringLiteral("PID_FILE"), pidFile } }), testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QVERIFY(elapsed.elapsed() >= 950); // a coarse QTimer may fire up to 5 % early
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QVERIFY2(outcome.error->message.contains(QLatin1String("did not finish within 1 s")),
            qPrintable(outcome.error->message));

        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> pids = file.readAll().simplified().split(' ');
        QCOMPARE(pids.size(), 2);
        // The plugin is reaped before the failure is reported; its child was killed with it.
        QVERIFY(!processRunning(pids.at(0)));
        QTRY_VERIFY2(!processRunning(pids.at(1)), pids.at(1).constData());
    }

    void apiVersionMismatch()
    {
        const QString token = QStringLiteral("tok-mismatch-90d1");
        m_tokens << token;
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"),
            plugin("bad-output.sh",
                { { QStringLiteral("MODE"), QStringLiteral("api-version") }, { QStringLiteral("TOKEN"), token } }),
            testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QCOMPARE(outcome.error->message,
            QStringLiteral("exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin "
                           "returned version client.authentication.k8s.io/v1beta1"));
        // The careless plugin echoed its token to stderr: kept as detail, with the token redacted.
        QCOMPARE(outcome.error->detail, QStringLiteral("issued token [redacted]"));
        verifyClean(*outcome.error);
    }

    void badOutput_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QStringLiteral("not-json")
                                  << QStringLiteral("exec plugin: decoding stdout: not JSON");
        QTest::newRow("no status") << QStringLiteral("no-status")
                                   << QStringLiteral("exec plugin didn't return a status field");
        QTest::newRow("empty status") << QStringLiteral("empty-status")
                                      << QStringLiteral("exec plugin didn't return a token or cert/key pair");
    }

    void badOutput()
    {
        QFETCH(QString, mode);
        QFETCH(QString, message);
        ExecCredentialProvider provider;
        provider.request(
            QStringLiteral("ctx"), plugin("bad-output.sh", { { QStringLiteral("MODE"), mode } }), testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QVERIFY2(outcome.error->message.startsWith(message), qPrintable(outcome.error->message));
        // The output itself is never quoted back; it could have been a credential.
        QVERIFY(!outcome.error->message.contains(QLatin1String("Please log in")));
    }

    void missingBinary_data()
    {
        QTest::addColumn<QString>("command");
        QTest::newRow("path") << QStringLiteral("/nonexistent/minato-test-auth-plugin");
        QTest::newRow("bare name on PATH") << QStringLiteral("minato-test-auth-plugin-that-does-not-exist");
    }

    void missingBinary()
    {
        QFETCH(QString, command);
        ExecConfig config = plugin("token.sh");
        config.command = command;
        config.installHint = QStringLiteral("Install the Acme auth plugin: https://acme.example.test/install");
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, testCluster());
        const Outcome outcome = waitForAnswer(provider, QStringLiteral("ctx"));
        QVERIFY(outcome.error);
        QCOMPARE(outcome.error->kind, ErrorKind::Credentials);
        QCOMPARE(outcome.error->message,
            QStringLiteral("exec: executable ") + command
                + QStringLiteral(" not found\n\nInstall the Acme auth plugin: https://acme.example.test/install"));
    }

    void refusedWithoutRunning_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("interactiveMode");
        QTest::addColumn<QString>("message");
        QTest::newRow("interactive Always")
            << execprotocol::apiVersionV1() << QStringLiteral("Always")
            << QStringLiteral("requires an interactive terminal, which Minato does not provide");
        QTest::newRow("v1alpha1") << QStringLiteral("client.authentication.k8s.io/v1alpha1") << QStringLiteral("Never")
                                  << QStringLiteral(
                                         "exec plugin: invalid apiVersion \"client.authentication.k8s.io/v1alpha1\"");
        QTest::newRow("unknown mode") << execprotocol::apiVersionV1() << QStringLiteral("Sometimes")
                                      << QStringLiteral("exec plugin: invalid interactiveMode \"Sometimes\"");
    }

    void refusedWithoutRunning()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, interactiveMode);
        QFETCH(QString, message);
        const QString runLog = tempPath("runs");
        ExecConfig config = plugin("token.sh", { { QStringLiteral("RUN_LOG"), runLog } }, apiVersion);
        config.interactiveMode = interactiveMode;
        ExecCredentialProvider provider;
        QSignalSpy failed(&provider, &ExecCredentialProvider::credentialFailed);
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(failed.isEmpty()); // answered from the event loop, not inside request()
        QVERIFY(!provider.isRunning(QStringLiteral("ctx")));
        QVERIFY(failed.wait(5000));
        const KubeError error = failed.at(0).at(1).value<KubeError>();
        QCOMPARE(error.kind, ErrorKind::Credentials);
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QVERIFY(!QFile::exists(runLog));
    }

    void provideClusterInfo()
    {
        const QString token = QStringLiteral("tok-clusterinfo-11ee");
        m_tokens << token;
        const QString infoFile = tempPath("exec-info.json");
        ExecConfig config = plugin("token.sh", { { QStringLiteral("EXEC_INFO_OUT"), infoFile } });
        config.args = { token };
        config.provideClusterInfo = true;
        ClusterEntry cluster = testCluster();
        cluster.tlsServerName = QStringLiteral("alpha.internal");
        cluster.certificateAuthorityData
            = "-----BEGIN CERTIFICATE-----\nQ0EtUExBQ0VIT0xERVI=\n-----END CERTIFICATE-----\n";
        cluster.proxyUrl = QStringLiteral("socks5://127.0.0.1:1080");
        cluster.disableCompression = true;
        cluster.execExtensionJson = R"({"audience":"minato-tests","scopes":["read"]})";

        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, cluster);
        QVERIFY(waitForAnswer(provider, QStringLiteral("ctx")).credential);

        QFile file(infoFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject info = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(info.value(QLatin1String("apiVersion")).toString(), execprotocol::apiVersionV1());
        QCOMPARE(info.value(QLatin1String("kind")).toString(), QStringLiteral("ExecCredential"));
        const QJsonObject spec = info.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.value(QLatin1String("interactive")), QJsonValue(false));
        const QJsonObject sent = spec.value(QLatin1String("cluster")).toObject();
        QCOMPARE(sent.value(QLatin1String("server")).toString(), cluster.server);
        QCOMPARE(sent.value(QLatin1String("tls-server-name")).toString(), QStringLiteral("alpha.internal"));
        QVERIFY(!sent.contains(QLatin1String("insecure-skip-tls-verify"))); // omitempty, as client-go
        QCOMPARE(QByteArray::fromBase64(sent.value(QLatin1String("certificate-authority-data")).toString().toLatin1()),
            cluster.certificateAuthorityData);
        QCOMPARE(sent.value(QLatin1String("proxy-url")).toString(), cluster.proxyUrl);
        QCOMPARE(sent.value(QLatin1String("disable-compression")), QJsonValue(true));
        const QJsonObject extension = sent.value(QLatin1String("config")).toObject();
        QCOMPARE(extension.value(QLatin1String("audience")).toString(), QStringLiteral("minato-tests"));
    }

    void noClusterInfoUnlessAsked()
    {
        const QString infoFile = tempPath("exec-info.json");
        ExecConfig config = plugin("token.sh", { { QStringLiteral("EXEC_INFO_OUT"), infoFile } });
        config.args = { QStringLiteral("tok-noinfo-77") };
        m_tokens << config.args.first();
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(waitForAnswer(provider, QStringLiteral("ctx")).credential);
        QFile file(infoFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject spec
            = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("spec")).toObject();
        QCOMPARE(spec, QJsonObject({ { QStringLiteral("interactive"), false } }));
    }

    void concurrentRequestsShareOneRun()
    {
        const QString token = QStringLiteral("tok-shared-c0ffee");
        m_tokens << token;
        const QString runLog = tempPath("runs");
        ExecConfig config = plugin("token.sh", { { QStringLiteral("RUN_LOG"), runLog } });
        config.args = { token };
        ExecCredentialProvider provider;
        QSignalSpy available(&provider, &ExecCredentialProvider::credentialAvailable);
        provider.request(QStringLiteral("ctx-1"), config, testCluster());
        provider.request(QStringLiteral("ctx-2"), config, testCluster());
        provider.request(QStringLiteral("ctx-1"), config, testCluster());
        QTRY_COMPARE(available.size(), 2);
        QStringList keys { available.at(0).at(0).toString(), available.at(1).at(0).toString() };
        keys.sort();
        QCOMPARE(keys, QStringList({ QStringLiteral("ctx-1"), QStringLiteral("ctx-2") }));
        QCOMPARE(lineCount(runLog), 1);

        // Another cluster is another identity, even with the same plugin.
        ClusterEntry other = testCluster();
        other.server = QStringLiteral("https://beta.example.test:6443");
        provider.request(QStringLiteral("ctx-3"), config, other);
        QTRY_COMPARE(available.size(), 3);
        QCOMPARE(lineCount(runLog), 2);
        QVERIFY(provider.cached(QStringLiteral("ctx-3")));
    }

    void invalidateForcesARun()
    {
        const QString token = QStringLiteral("tok-invalidate-5a5a");
        m_tokens << token;
        const QString runLog = tempPath("runs");
        ExecConfig config = plugin("token.sh", { { QStringLiteral("RUN_LOG"), runLog } });
        config.args = { token };
        ExecCredentialProvider provider;
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(waitForAnswer(provider, QStringLiteral("ctx")).credential);
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(waitForAnswer(provider, QStringLiteral("ctx")).credential);
        QCOMPARE(lineCount(runLog), 1);

        provider.invalidate(QStringLiteral("ctx"));
        QVERIFY(!provider.cached(QStringLiteral("ctx")));
        provider.request(QStringLiteral("ctx"), config, testCluster());
        QVERIFY(provider.isRunning(QStringLiteral("ctx")));
        QVERIFY(waitForAnswer(provider, QStringLiteral("ctx")).credential);
        QCOMPARE(lineCount(runLog), 2);
    }

    void destroyedWhileRunning()
    {
        const QString pidFile = tempPath("pids");
        auto provider = std::make_unique<ExecCredentialProvider>();
        provider->request(
            QStringLiteral("ctx"), plugin("slow.sh", { { QStringLiteral("PID_FILE"), pidFile } }), testCluster());
        QTRY_VERIFY(lineCount(pidFile) == 1);
        provider.reset(); // must neither hang nor leave the plugin running
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> pids = file.readAll().simplified().split(' ');
        QCOMPARE(pids.size(), 2);
        QVERIFY(!processRunning(pids.at(0)));
        QTRY_VERIFY(!processRunning(pids.at(1)));
    }

    void parseOutput_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("message"); // empty: accepted
        const QByteArray head = R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",)";
        QTest::newRow("token") << head + R"("status":{"token":"t"}})" << QString();
        QTest::newRow("fractional expiry")
            << head + R"("status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00.123456789Z"}})" << QString();
        QTest::newRow("local expiry")
            << head + R"("status":{"token":"t","expirationTimestamp":"2030-01-01T00:00:00"}})"
            << QStringLiteral("exec plugin: decoding stdout: status.expirationTimestamp is not an RFC 3339 time");
        QTest::newRow("token not a string")
            << head + R"("status":{"token":42}})"
            << QStringLiteral("exec plugin: decoding stdout: status.token is not a string");
        QTest::newRow("null status") << head + R"("status":null})"
                                     << QStringLiteral("exec plugin didn't return a status field");
        QTest::newRow("wrong kind")
            << QByteArray(R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Pod","status":{"token":"t"}})")
            << QStringLiteral("exec plugin: decoding stdout: kind is \"Pod\", expected \"ExecCredential\"");
        QTest::newRow("no apiVersion") << QByteArray(R"({"kind":"ExecCredential","status":{"token":"t"}})")
                                       << QStringLiteral(
                                              "exec plugin: decoding stdout: Object 'apiVersion' is missing");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("exec plugin: decoding stdout: not a JSON object");
    }

    void parseOutput()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, message);
        const Expected<ExecCredential> result = execprotocol::parseOutput(output, execprotocol::apiVersionV1());
        if (message.isEmpty()) {
            QVERIFY2(result.hasValue(), result.hasValue() ? "" : qPrintable(result.error().message));
            QCOMPARE(result->token, QByteArray("t"));
            return;
        }
        QVERIFY(!result.hasValue());
        QCOMPARE(result.error().kind, ErrorKind::Credentials);
        QCOMPARE(result.error().message, message);
    }
};

QTEST_GUILESS_MAIN(TestExecCredentialProvider)
#include "tst_execcredentialprovider.moc"
