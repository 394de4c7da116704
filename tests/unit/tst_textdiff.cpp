// SPDX-License-Identifier: Apache-2.0
// The change set panel's before/after diff, checked against GNU diff's own -u output.
#include "export/textdiff.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using minato::changes::DiffLine;
using minato::changes::diffLines;
using minato::changes::unifiedDiff;

class TestTextDiff : public QObject
{
    Q_OBJECT
private:
    static QString gnuDiff(const QString& before, const QString& after, int context)
    {
        QTemporaryDir dir;
        const auto write = [&dir](const QString& name, const QString& text) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly))
                return QString();
            file.write(text.toUtf8());
            return file.fileName();
        };
        QProcess diff;
        diff.start(QStringLiteral("diff"),
            { QStringLiteral("-U%1").arg(context), QStringLiteral("--label"), QStringLiteral("before"),
                QStringLiteral("--label"), QStringLiteral("after"), write(QStringLiteral("a"), before),
                write(QStringLiteral("b"), after) });
        if (!diff.waitForFinished(10'000))
            return QStringLiteral("<diff did not finish>");
        return QString::fromUtf8(diff.readAllStandardOutput());
    }

private Q_SLOTS:
    void equalTextsHaveNoDiff()
    {
        const QString text = QStringLiteral("a: 1\nb: 2\n");
        QCOMPARE(unifiedDiff(text, text, QStringLiteral("x"), QStringLiteral("y")), QString());
        const QList<DiffLine> lines = diffLines(text, text);
        QCOMPARE(lines.size(), 2);
        QVERIFY(std::all_of(lines.begin(), lines.end(), [](const DiffLine& l) { return l.op == DiffLine::Op::Same; }));
    }

    void scaleChangeIsOneLine()
    {
        const QString before = QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  selector: {}\n");
        QString after = before;
        after.replace(QStringLiteral("replicas: 3"), QStringLiteral("replicas: 5"));
        const QList<DiffLine> lines = diffLines(before, after);
        const QList<DiffLine> expected {
            { DiffLine::Op::Same, QStringLiteral("apiVersion: apps/v1") },
            { DiffLine::Op::Same, QStringLiteral("kind: Deployment") },
            { DiffLine::Op::Same, QStringLiteral("spec:") },
            { DiffLine::Op::Removed, QStringLiteral("  replicas: 3") },
            { DiffLine::Op::Added, QStringLiteral("  replicas: 5") },
            { DiffLine::Op::Same, QStringLiteral("  selector: {}") },
        };
        QCOMPARE(lines, expected);
    }

    void matchesGnuDiff_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<int>("context");
        QTest::newRow("added at end") << QStringLiteral("a\nb\nc\n") << QStringLiteral("a\nb\nc\nd\n") << 3;
        QTest::newRow("removed at start") << QStringLiteral("a\nb\nc\n") << QStringLiteral("b\nc\n") << 3;
        QTest::newRow("from empty") << QString() << QStringLiteral("x\ny\n") << 3;
        QTest::newRow("to empty") << QStringLiteral("x\ny\n") << QString() << 3;
        // Two changes 7 lines apart: separate hunks with context 3, merged with context 4.
        const QString base = QStringLiteral("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n");
        const QString twoEdits = QStringLiteral("1\nTWO\n3\n4\n5\n6\n7\n8\n9\nTEN\n11\n12\n");
        QTest::newRow("two hunks") << base << twoEdits << 3;
        QTest::newRow("one merged hunk") << base << twoEdits << 4;
        QTest::newRow("no context") << base << twoEdits << 0;
    }

    void matchesGnuDiff()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QFETCH(int, context);
        QCOMPARE(unifiedDiff(before, after, QStringLiteral("before"), QStringLiteral("after"), context),
            gnuDiff(before, after, context));
    }

    // Random edits of a YAML-like text: any LCS gives the same counts of removed and added
    // lines as GNU diff (which is also minimal), and applying our diff gives back `after`.
    void randomEditsRoundTrip()
    {
        QRandomGenerator random(20261125);
        for (int round = 0; round < 200; ++round) {
            QStringList a;
            for (int i = 0; i < 30; ++i)
                a.append(QStringLiteral("line %1").arg(random.bounded(12)));
            QStringList b = a;
            for (int edit = random.bounded(1, 6); edit > 0; --edit) {
                const int at = random.bounded(b.size() + 1);
                if (random.bounded(2) == 0 && at < b.size())
                    b.removeAt(at);
                else
                    b.insert(at, QStringLiteral("new %1").arg(random.bounded(5)));
            }
            const QString before = a.join(QLatin1Char('\n')) + QLatin1Char('\n');
            const QString after = b.join(QLatin1Char('\n')) + QLatin1Char('\n');
            QStringList rebuiltBefore;
            QStringList rebuiltAfter;
            qsizetype changed = 0;
            for (const DiffLine& line : diffLines(before, after)) {
                if (line.op != DiffLine::Op::Added)
                    rebuiltBefore.append(line.text);
                if (line.op != DiffLine::Op::Removed)
                    rebuiltAfter.append(line.text);
                changed += line.op == DiffLine::Op::Same ? 0 : 1;
            }
            QCOMPARE(rebuiltBefore, a);
            QCOMPARE(rebuiltAfter, b);
            qsizetype gnuChanged = 0;
            const QStringList gnuLines = gnuDiff(before, after, 0).split(QLatin1Char('\n'));
            for (qsizetype i = 2; i < gnuLines.size(); ++i) // past the ---/+++ header
                gnuChanged += gnuLines.at(i).startsWith(QLatin1Char('-')) || gnuLines.at(i).startsWith(QLatin1Char('+'));
            QCOMPARE(changed, gnuChanged);
        }
    }
};

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
