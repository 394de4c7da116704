// SPDX-License-Identifier: Apache-2.0
// KeychainCredentialStore against a real Secret Service. ctest starts this through
// tests/keychain-session.sh (a private D-Bus session with an unlocked throwaway
// gnome-keyring); run by hand outside it, the test skips rather than touch a real keyring.
#include "kube/keychaincredentialstore.h"
#include "kube/memorycredentialstore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

constexpr int AnswerTimeoutMs = 20000;

// Run as a child of noSecretServiceFailsCleanly, with no bus to talk to.
bool isUnavailableChild()
{
    return qEnvironmentVariable("MINATO_KEYCHAIN_CHILD") == QLatin1String("unavailable");
}

std::optional<Expected<QByteArray>> readNow(CredentialStore& store, const QString& key)
{
    std::optional<Expected<QByteArray>> result;
    store.read(key, &store, [&result](const Expected<QByteArray>& secret) { result = secret; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, AnswerTimeoutMs))
        return std::nullopt;
    return result;
}

// nullopt: no answer in time; an engaged optional holds the operation's own result.
std::optional<std::optional<KubeError>> writeNow(CredentialStore& store, const QString& key, const QByteArray& secret)
{
    std::optional<std::optional<KubeError>> result;
    store.write(key, secret, &store, [&result](const std::optional<KubeError>& error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, AnswerTimeoutMs))
        return std::nullopt;
    return result;
}

std::optional<std::optional<KubeError>> removeNow(CredentialStore& store, const QString& key)
{
    std::optional<std::optional<KubeError>> result;
    store.remove(key, &store, [&result](const std::optional<KubeError>& error) { result = error; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, AnswerTimeoutMs))
        return std::nullopt;
    return result;
}

bool succeeded(const std::optional<std::optional<KubeError>>& result)
{
    return result && !result->has_value();
}

// The secret read, or what went wrong in its place, so a QCOMPARE shows both.
QByteArray readOutcome(CredentialStore& store, const QString& key)
{
    const auto result = readNow(store, key);
    if (!result)
        return "<no answer>";
    if (!result->hasValue())
        return '<' + errorKindName(result->error().kind).toUtf8() + '>';
    return result->value();
}

} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariable("MINATO_KEYCHAIN_SESSION") != QLatin1String("1"))
            QSKIP("needs the throwaway Secret Service of tests/keychain-session.sh (ctest -L keychain)");
    }

    void roundTrip()
    {
        KeychainCredentialStore store;
        QCOMPARE(store.service(), QStringLiteral("minato"));
        const QString key = CredentialStore::contextKey(QStringLiteral("round-trip"));
        QCOMPARE(key, QStringLiteral("context/round-trip"));
        // Binary-safe: NUL, non-ASCII and a newline survive the keychain.
        const QByteArray first("first-secret\0\xc3\xa9\n-end", 20);
        const QByteArray second("second-secret");

        const auto written = writeNow(store, key, first);
        QVERIFY2(written, "write did not answer");
        if (written->has_value())
            QFAIL(qPrintable(written->value().message + QLatin1Char(' ') + written->value().detail));
        QCOMPARE(readOutcome(store, key), first);
        verifyInSecretService(key, first);

        QVERIFY(succeeded(writeNow(store, key, second)));
        QCOMPARE(readOutcome(store, key), second);
        verifyInSecretService(key, second);

        QVERIFY(succeeded(removeNow(store, key)));
        const auto read = readNow(store, key);
        QVERIFY(read && !read->hasValue());
        QCOMPARE(read->error().kind, ErrorKind::NotFound);
        QVERIFY(read->error().message.contains(key));
    }

    void keysAreIndependent()
    {
        KeychainCredentialStore store;
        const QString alpha = CredentialStore::contextKey(QStringLiteral("alpha"));
        const QString beta = CredentialStore::contextKey(QStringLiteral("beta"));
        QVERIFY(succeeded(writeNow(store, alpha, "alpha-secret")));
        QVERIFY(succeeded(writeNow(store, beta, "beta-secret")));
        QCOMPARE(readOutcome(store, alpha), QByteArray("alpha-secret"));
        QCOMPARE(readOutcome(store, beta), QByteArray("beta-secret"));
        // Another service is another namespace in the keychain.
        KeychainCredentialStore other(QStringLiteral("minato-other"));
        QCOMPARE(readOutcome(other, alpha), QByteArray("<not-found>"));
        QVERIFY(succeeded(removeNow(store, alpha)));
        QCOMPARE(readOutcome(store, beta), QByteArray("beta-secret"));
        QVERIFY(succeeded(removeNow(store, beta)));
    }

    void readMissingKey()
    {
        KeychainCredentialStore store;
        const auto read = readNow(store, CredentialStore::contextKey(QStringLiteral("never-written")));
        QVERIFY(read);
        QVERIFY(!read->hasValue());
        QCOMPARE(read->error().kind, ErrorKind::NotFound);
        QVERIFY(read->error().message.contains(QLatin1String("context/never-written")));
        // Deleting what is not there is not an error.
        QVERIFY(succeeded(removeNow(store, CredentialStore::contextKey(QStringLiteral("never-written")))));
    }

    void noCallbackAfterContextIsGone()
    {
        KeychainCredentialStore store;
        bool called = false;
        auto context = std::make_unique<QObject>();
        store.write(CredentialStore::contextKey(QStringLiteral("orphan")), "orphan-secret", context.get(),
            [&called](const std::optional<KubeError>&) { called = true; });
        context.reset();
        // The write itself still happens; only the answer is dropped.
        QCOMPARE(
            readOutcome(store, CredentialStore::contextKey(QStringLiteral("orphan"))), QByteArray("orphan-secret"));
        QVERIFY(!called);
        QVERIFY(succeeded(removeNow(store, CredentialStore::contextKey(QStringLiteral("orphan")))));
    }

    void memoryStoreBehavesAlike()
    {
        MemoryCredentialStore store;
        const QString key = CredentialStore::contextKey(QStringLiteral("mem"));
        bool answered = false;
        store.read(key, &store, [&answered](const Expected<QByteArray>&) { answered = true; });
        QVERIFY(!answered); // asynchronous, like the keychain
        QTRY_VERIFY(answered);
        QCOMPARE(readOutcome(store, key), QByteArray("<not-found>"));
        QVERIFY(succeeded(writeNow(store, key, "mem-secret")));
        QCOMPARE(readOutcome(store, key), QByteArray("mem-secret"));
        store.setFailure(KubeError::make(ErrorKind::Credentials, QStringLiteral("keychain locked")));
        const auto locked = readNow(store, key);
        QVERIFY(locked && !locked->hasValue());
        QCOMPARE(locked->error().message, QStringLiteral("keychain locked"));
        store.setFailure(std::nullopt);
        QVERIFY(succeeded(removeNow(store, key)));
        QVERIFY(!store.contains(key));
    }

    void noSecretServiceFailsCleanly_data()
    {
        QTest::addColumn<bool>("withAddress");
        // A session whose bus is gone, and a root shell on a CI runner that never had one.
        QTest::newRow("bus address leads nowhere") << true;
        QTest::newRow("no session bus at all") << false;
    }

    void noSecretServiceFailsCleanly()
    {
        QFETCH(bool, withAddress);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (withAddress)
            environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-bus")));
        else
            environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        environment.insert(QStringLiteral("MINATO_KEYCHAIN_CHILD"), QStringLiteral("unavailable"));
        QProcess child;
        child.setProcessEnvironment(environment);
        child.setProcessChannelMode(QProcess::MergedChannels);
        QSignalSpy finished(&child, &QProcess::finished);
        QElapsedTimer elapsed;
        elapsed.start();
        child.start(QCoreApplication::applicationFilePath(), { QStringLiteral("unavailableChild") });
        QVERIFY(finished.wait(3 * AnswerTimeoutMs));
        const QString output = QString::fromLocal8Bit(child.readAll());
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("PASS   : TestKeychain::unavailableChild()")), qPrintable(output));
        QVERIFY(!output.contains(QLatin1String("unreachable-secret")));
        QVERIFY(elapsed.elapsed() < 2 * AnswerTimeoutMs);
    }

    void unavailableChild()
    {
        if (!isUnavailableChild())
            QSKIP("runs only as the child of noSecretServiceFailsCleanly");
        KeychainCredentialStore store;
        const QString key = CredentialStore::contextKey(QStringLiteral("unreachable"));

        const auto written = writeNow(store, key, "unreachable-secret");
        QVERIFY2(written, "write hung instead of failing");
        QVERIFY(written->has_value());
        QCOMPARE(written->value().kind, ErrorKind::Credentials);
        QCOMPARE(written->value().message, QStringLiteral("keychain write failed for context/unreachable"));
        QVERIFY(!written->value().detail.isEmpty());
        QVERIFY(!written->value().detail.contains(QLatin1String("unreachable-secret")));

        const auto read = readNow(store, key);
        QVERIFY2(read, "read hung instead of failing");
        QVERIFY(!read->hasValue());
        // Not NotFound: a caller must not conclude "nothing stored" and prompt for a new secret.
        QCOMPARE(read->error().kind, ErrorKind::Credentials);

        const auto removed = removeNow(store, key);
        QVERIFY2(removed, "delete hung instead of failing");
        QVERIFY(removed->has_value());
        QCOMPARE(removed->value().kind, ErrorKind::Credentials);
    }

private:
    // Looks the entry up with secret-tool, outside qtkeychain, to prove it reached the
    // Secret Service (qtkeychain stores binary data base64-encoded, type "base64").
    void verifyInSecretService(const QString& key, const QByteArray& secret)
    {
        const QString secretTool = QStandardPaths::findExecutable(QStringLiteral("secret-tool"));
        if (secretTool.isEmpty()) {
            qWarning("secret-tool not found (libsecret-tools); not cross-checking the Secret Service");
            return;
        }
        QProcess lookup;
        QSignalSpy finished(&lookup, &QProcess::finished);
        lookup.start(secretTool,
            { QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("minato"), QStringLiteral("user"), key,
                QStringLiteral("type"), QStringLiteral("base64") });
        QVERIFY(finished.wait(AnswerTimeoutMs));
        QCOMPARE(lookup.exitCode(), 0);
        QCOMPARE(QByteArray::fromBase64(lookup.readAllStandardOutput().trimmed()), secret);
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
