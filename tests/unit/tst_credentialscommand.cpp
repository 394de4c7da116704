// SPDX-License-Identifier: Apache-2.0
// `minato credentials` against a real Secret Service: ctest runs this inside a throwaway
// D-Bus session with gnome-keyring (tests/keychain-session.sh), like tst_keychain.
#include "kube/keychaincredentialstore.h"

#include <QProcess>
#include <QTest>

using namespace minato;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run runMinato(const QStringList& arguments, const QByteArray& input = {})
{
    QProcess process;
    process.start(QStringLiteral(MINATO_BINARY), QStringList { QStringLiteral("credentials") } + arguments);
    if (!process.waitForStarted(10000))
        return {};
    process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

Expected<QByteArray> readBack(const QString& context)
{
    kube::KeychainCredentialStore store;
    std::optional<Expected<QByteArray>> result;
    store.read(kube::CredentialStore::contextKey(context), &store,
        [&](const Expected<QByteArray>& secret) { result = secret; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return KubeError::make(ErrorKind::Timeout, QStringLiteral("the keychain did not answer"));
    return *result;
}

} // namespace

class TestCredentialsCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("MINATO_KEYCHAIN_SESSION"))
            QSKIP("needs the throwaway Secret Service of tests/keychain-session.sh (run through ctest)");
    }

    void setStatusDelete()
    {
        const QByteArray token("s3cr3t-token-for-team-a");
        const Run set = runMinato({ QStringLiteral("set"), QStringLiteral("team-a-manual") }, token + '\n');
        QCOMPARE(set.exitCode, 0);
        QVERIFY(!set.out.contains(QString::fromLatin1(token)));
        QVERIFY(!set.err.contains(QString::fromLatin1(token)));

        const auto stored = readBack(QStringLiteral("team-a-manual"));
        QVERIFY(stored.hasValue());
        QCOMPARE(*stored, token); // the trailing newline is not part of the secret

        const Run status = runMinato({ QStringLiteral("status"), QStringLiteral("team-a-manual") });
        QCOMPARE(status.exitCode, 0);
        QVERIFY(status.out.contains(QStringLiteral("a secret is stored")));
        QVERIFY(!status.out.contains(QString::fromLatin1(token)));

        QCOMPARE(runMinato({ QStringLiteral("delete"), QStringLiteral("team-a-manual") }).exitCode, 0);
        const auto gone = readBack(QStringLiteral("team-a-manual"));
        QVERIFY(!gone.hasValue());
        QCOMPARE(gone.error().kind, ErrorKind::NotFound);
        const Run after = runMinato({ QStringLiteral("status"), QStringLiteral("team-a-manual") });
        QCOMPARE(after.exitCode, 1);
        QVERIFY(after.out.contains(QStringLiteral("no secret stored")));
    }

    void rejectsBadUsage()
    {
        QCOMPARE(runMinato({ QStringLiteral("set"), QStringLiteral("x") }, QByteArray()).exitCode, 2); // empty secret
        QCOMPARE(runMinato({ QStringLiteral("rotate"), QStringLiteral("x") }).exitCode, 2);
        QCOMPARE(runMinato({ QStringLiteral("status") }).exitCode, 2);
        QCOMPARE(runMinato({ QStringLiteral("--help") }).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestCredentialsCommand)
#include "tst_credentialscommand.moc"
