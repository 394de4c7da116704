// SPDX-License-Identifier: Apache-2.0
// The open change set survives a restart: JSON round trip, atomic save, a corrupt file moved
// aside (never lost), and no Secret value on disk.
#include "changesetfixtures.h"
#include "export/changesetjson.h"
#include "export/changesetstore.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace changesetfixtures;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class TestChangeSetStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultPathIsPerUserAppData()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(ChangeSetStore::defaultFilePath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
        QStandardPaths::setTestModeEnabled(false);
    }

    void missingFileIsAnEmptyChangeSet()
    {
        QTemporaryDir dir;
        ChangeSetStore store(dir.filePath(QStringLiteral("sub/open.json")));
        const Expected<ChangeSet> set = store.load();
        MINATO_REQUIRE(set);
        QVERIFY(set->changes.isEmpty());
        QVERIFY(set->title.isEmpty());
    }

    void roundTripKeepsEverything()
    {
        QTemporaryDir dir;
        ChangeSetStore store(dir.filePath(QStringLiteral("sub/open.json")));
        const ChangeSet original = sampleSet();
        MINATO_REQUIRE(store.save(original));
        const Expected<ChangeSet> loaded = ChangeSetStore(store.filePath()).load();
        MINATO_REQUIRE(loaded);
        QCOMPARE(loaded->title, original.title);
        QCOMPARE(loaded->reason, original.reason);
        QCOMPARE(loaded->author, original.author);
        QCOMPARE(loaded->created, original.created);
        QCOMPARE(loaded->changes.size(), original.changes.size());
        for (int i = 0; i < original.changes.size(); ++i) {
            const Change& a = original.changes.at(i);
            const Change& b = loaded->changes.at(i);
            QCOMPARE(b.operation, a.operation);
            QCOMPARE(b.summary, a.summary);
            QVERIFY(b.target == a.target);
            QCOMPARE(b.before, a.before);
            QCOMPARE(b.after, a.after);
            QCOMPARE(int(b.patchType), int(a.patchType));
            QCOMPARE(b.plan, a.plan);
            QCOMPARE(b.warnings, a.warnings);
            if (a.target.kind != QLatin1String("Secret"))
                QCOMPARE(b.patch, a.patch);
        }
        // Saving what was loaded gives the same bytes: nothing drifts across restarts.
        const QByteArray first = readAll(store.filePath());
        MINATO_REQUIRE(store.save(*loaded));
        QCOMPARE(readAll(store.filePath()), first);
    }

    void noSecretValueOnDisk()
    {
        QTemporaryDir dir;
        ChangeSetStore store(dir.filePath(QStringLiteral("open.json")));
        ChangeSet set = sampleSet();
        // Even a change whose "before" was never cleaned.
        set.changes[4].before = fixture("upstream:k9s/render-testdata/sec.json");
        MINATO_REQUIRE(store.save(set));
        const QByteArray bytes = readAll(store.filePath());
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains("YnVtYmxlYmVldHVuYQo="));
        QVERIFY(!bytes.contains("ZmVybmFuZAo="));
        QVERIFY(bytes.contains("<set-me: password>"));
    }

    void corruptFileIsMovedAsideNotLost_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("truncated") << QByteArray("{\"format\": \"minato-change-set\", \"vers");
        QTest::newRow("not an object") << QByteArray("[1, 2]");
        QTest::newRow("another format") << QByteArray("{\"format\": \"something\"}");
        QTest::newRow("future version") << QByteArray("{\"format\": \"minato-change-set\", \"version\": 99}");
        QTest::newRow("bad patch type") << QByteArray(
            "{\"format\": \"minato-change-set\", \"version\": 1, \"changes\": [{\"patchType\": \"json\"}]}");
    }

    void corruptFileIsMovedAsideNotLost()
    {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("open.json"));
        writeAll(path, bytes);
        ChangeSetStore store(path);
        const Expected<ChangeSet> failed = store.load();
        QVERIFY(!failed);
        QVERIFY2(failed.error().message.contains(path + QLatin1String(".corrupt")), qPrintable(failed.error().message));
        QCOMPARE(readAll(path + QLatin1String(".corrupt")), bytes);
        QVERIFY(!QFile::exists(path));
        // The next start begins afresh, and a second bad file does not replace the first.
        MINATO_REQUIRE(store.load());
        writeAll(path, "garbage");
        QVERIFY(!store.load());
        QCOMPARE(readAll(path + QLatin1String(".corrupt")), bytes);
        QCOMPARE(readAll(path + QLatin1String(".corrupt-1")), QByteArray("garbage"));
    }

    void clearForgetsTheFile()
    {
        QTemporaryDir dir;
        ChangeSetStore store(dir.filePath(QStringLiteral("open.json")));
        MINATO_REQUIRE(store.save(sampleSet()));
        MINATO_REQUIRE(store.clear());
        QVERIFY(!QFile::exists(store.filePath()));
        const Expected<ChangeSet> set = store.load();
        MINATO_REQUIRE(set);
        QVERIFY(set->changes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChangeSetStore)
#include "tst_changesetstore.moc"
