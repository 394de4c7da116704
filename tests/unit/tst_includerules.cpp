// SPDX-License-Identifier: Apache-2.0
// Who may include whom (docs/architecture.md): the project's own #include lines, read from
// the sources, against the layering app → views → items → analysis/export → fleet → kube → util,
// with the simulator beside it all on util alone.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Include
{
    QString file; // relative to the source root
    int line = 0;
    QString path; // as written, "fleet/clusterstore.h"; a bare name is made relative to the file's folder
};

// The folder an include names, or the including file's own folder for a bare "name.h".
QString layerOf(const Include& include)
{
    const qsizetype slash = include.path.indexOf(QLatin1Char('/'));
    if (slash > 0)
        return include.path.left(slash);
    return include.file.section(QLatin1Char('/'), -2, -2);
}

QList<Include> projectIncludes(const QString& folder)
{
    // Not a raw string: moc's preprocessor misreads the quotes inside one.
    static const QRegularExpression quoted(QStringLiteral("^\\s*#\\s*include\\s+\"([^\"]+)\""));
    QList<Include> found;
    const QString root = QStringLiteral(MINATO_SOURCE_DIR "/");
    QDirIterator it(root + folder, { QStringLiteral("*.h"), QStringLiteral("*.cpp") }, QDir::Files,
        QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        int number = 0;
        while (!file.atEnd()) {
            ++number;
            const QRegularExpressionMatch match = quoted.match(QString::fromUtf8(file.readLine()));
            if (match.hasMatch())
                found.append({ path.mid(root.size()), number, match.captured(1) });
        }
    }
    return found;
}

} // namespace

class TestIncludeRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layering_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QStringList>("allowed"); // the folders its includes may name
        QTest::addColumn<int>("atLeast"); // includes expected, so an empty scan cannot pass
        const QString util = QStringLiteral("util");
        // kube is a Kubernetes client library: no fleets, stores, item models or widgets.
        QTest::newRow("kube knows no fleet") << u"models/kube"_s << QStringList { u"kube"_s, util } << 100;
        // Analyses are pure functions of stores and facts: they never reach the client.
        QTest::newRow("analysis includes no kube")
            << u"models/analysis"_s << QStringList { u"analysis"_s, u"fleet"_s, u"history"_s, util } << 50;
        // The simulator is a server of its own: it may not share a misunderstanding with the client.
        QTest::newRow("sim shares only util") << u"models/sim"_s << QStringList { u"sim"_s, util } << 100;
        QTest::newRow("fleet sits under analysis")
            << u"models/fleet"_s << QStringList { u"fleet"_s, u"kube"_s, u"history"_s, util } << 100;
        // A store of time series: what fills it (the recorder, a Prometheus backfill) and what
        // judges it (analyses) sit above; it knows no cluster, client or analysis.
        QTest::newRow("history stands alone") << u"models/history"_s << QStringList { u"history"_s, util } << 10;
        QTest::newRow("util is the ground") << u"models/util"_s << QStringList { util } << 5;
        QTest::newRow("export sits beside analysis")
            << u"models/export"_s << QStringList { u"export"_s, u"fleet"_s, u"kube"_s, util } << 50;
        // One descriptor per kind: the fleet's binding, the analysis a row shows, the operations.
        QTest::newRow("kinds sit over analysis and export")
            << u"models/kinds"_s << QStringList { u"kinds"_s, u"analysis"_s, u"export"_s, u"fleet"_s, util } << 10;
        QTest::newRow("items show, they do not draw")
            << u"models/items"_s
            << QStringList { u"items"_s, u"kinds"_s, u"analysis"_s, u"export"_s, u"fleet"_s, u"history"_s, u"kube"_s,
                   util }
            << 20;
        // Views talk to item models and emit intents; the client is not theirs to touch.
        QTest::newRow("views include no kube")
            << u"views"_s
            << QStringList { u"views"_s, u"items"_s, u"kinds"_s, u"analysis"_s, u"export"_s, u"fleet"_s, u"history"_s,
                   util }
            << 20;
    }
    void layering()
    {
        QFETCH(QString, folder);
        QFETCH(QStringList, allowed);
        QFETCH(int, atLeast);
        const QList<Include> includes = projectIncludes(folder);
        QVERIFY2(includes.size() >= atLeast,
            qPrintable(u"only %1 includes read under "_s.arg(includes.size()) + folder));
        QStringList broken;
        for (const Include& include : includes) {
            if (!allowed.contains(layerOf(include)))
                broken << u"%1:%2 includes \"%3\""_s.arg(include.file).arg(include.line).arg(include.path);
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u'\n')));
    }

    // Change sets and analyses take objects and return values: no session, engine or client,
    // so their tests need no network (the planner that fetches lives in items/).
    void noNetworkIn_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::newRow("export") << u"models/export"_s;
        QTest::newRow("analysis") << u"models/analysis"_s;
    }
    void noNetworkIn()
    {
        QFETCH(QString, folder);
        static const QStringList network { u"fleet/clustersession.h"_s, u"fleet/fleetengine.h"_s,
            u"fleet/objectservice.h"_s, u"fleet/reflector.h"_s, u"kube/apiclient.h"_s, u"kube/apirouter.h"_s,
            u"kube/apitransport.h"_s };
        const QList<Include> includes = projectIncludes(folder);
        QVERIFY(!includes.isEmpty());
        QStringList broken;
        for (const Include& include : includes) {
            if (network.contains(include.path))
                broken << u"%1:%2 includes \"%3\""_s.arg(include.file).arg(include.line).arg(include.path);
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(u'\n')));
    }

    // A broken rule must show: the checker itself is tested on what it reads.
    void checkerSeesAForbiddenInclude()
    {
        const Include bad { u"models/analysis/x.cpp"_s, 3, u"kube/apiclient.h"_s };
        QCOMPARE(layerOf(bad), u"kube"_s);
        const Include local { u"models/analysis/x.cpp"_s, 4, u"findings.h"_s };
        QCOMPARE(layerOf(local), u"analysis"_s);
    }
};

QTEST_GUILESS_MAIN(TestIncludeRules)
#include "tst_includerules.moc"
