// SPDX-License-Identifier: Apache-2.0
#include "kube/apitokenfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::kube;

namespace {

// Rewrites the file and moves its mtime, so the test does not depend on timestamp resolution.
void writeToken(const QString& path, const QByteArray& content, int minutesAgo)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
    QVERIFY(file.flush()); // a later flush on close would stamp the time again
    QVERIFY(
        file.setFileTime(QDateTime::currentDateTime().addSecs(-60 * minutesAgo), QFileDevice::FileModificationTime));
}

} // namespace

class TestApiTokenFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsOnceAndAgainWhenChanged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("token"));
        writeToken(path, "first-token\n", 10);
        ApiTokenFile tokens;
        QCOMPARE(tokens.token(path).valueOr(QByteArray()), QByteArray("first-token"));
        QCOMPARE(tokens.token(path).valueOr(QByteArray()), QByteArray("first-token"));
        QCOMPARE(tokens.readCount(), 1);

        writeToken(path, "second-token", 5); // a kubelet rotating a projected token
        QCOMPARE(tokens.token(path).valueOr(QByteArray()), QByteArray("second-token"));
        QCOMPARE(tokens.readCount(), 2);

        // Same size, new mtime: still noticed.
        writeToken(path, "third--token", 1);
        QCOMPARE(tokens.token(path).valueOr(QByteArray()), QByteArray("third--token"));
        QCOMPARE(tokens.readCount(), 3);
    }

    void failuresAreCredentialErrorsWithoutTheToken()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("token"));
        ApiTokenFile tokens;
        Expected<QByteArray> missing = tokens.token(path);
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, ErrorKind::Credentials);

        writeToken(path, "  \n", 3);
        Expected<QByteArray> empty = tokens.token(path);
        QVERIFY(!empty);
        QCOMPARE(empty.error().kind, ErrorKind::Credentials);

        writeToken(path, "s3cret", 2);
        QVERIFY(tokens.token(path));
        QFile::remove(path);
        Expected<QByteArray> removed = tokens.token(path);
        QVERIFY(!removed);
        QVERIFY(!removed.error().message.contains(QLatin1String("s3cret")));
        QVERIFY(!removed.error().detail.contains(QLatin1String("s3cret")));
    }
};

QTEST_GUILESS_MAIN(TestApiTokenFile)
#include "tst_apitokenfile.moc"
