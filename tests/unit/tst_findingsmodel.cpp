// SPDX-License-Identifier: Apache-2.0
// FindingsModel and FindingsFilterProxy: deltas become row inserts, changes and removals
// (never resets), the proxy lists worst first then newest, and filters by team,
// environment, minimum severity and text.
#include "items/findingsfilterproxy.h"
#include "items/findingsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::analysis;
using items::FindingsFilterProxy;
using items::FindingsModel;

namespace {

const QDateTime Base = QDateTime::fromString(QStringLiteral("2024-05-02T10:00:00Z"), Qt::ISODate);

Finding make(Severity severity, const char* cluster, const char* team, const char* env, const char* name,
    int firstSeenMinute, const char* evidence = "reason=BackOff")
{
    Finding f;
    f.severity = severity;
    f.ruleId = QStringLiteral("pod.crash-loop");
    f.object = { QString::fromLatin1(cluster), QStringLiteral("Pod"), QStringLiteral("shop"), QString::fromLatin1(name),
        {} };
    f.team = QString::fromLatin1(team);
    f.environment = QString::fromLatin1(env);
    f.title = QStringLiteral("Problem with ") + f.object.name;
    const QStringList pair = QString::fromLatin1(evidence).split(QLatin1Char('='));
    f.evidence = { { pair.value(0), pair.value(1) } };
    f.firstSeen = Base.addSecs(60 * firstSeenMinute);
    f.lastSeen = Base.addSecs(3600);
    return f;
}

FindingsDelta added(const QString& cluster, const QList<Finding>& findings)
{
    FindingsDelta delta;
    delta.cluster = cluster;
    delta.added = findings;
    return delta;
}

// The proxy's rows as "severity object", top to bottom.
QStringList rows(const QAbstractItemModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, FindingsModel::SeverityColumn).data().toString() + QLatin1Char(' ')
                + model.index(row, FindingsModel::ObjectColumn).data().toString();
    return out;
}

QList<Finding> fleetFindings()
{
    return { make(Severity::Warning, "pay-prod", "payments", "prod", "w-old", 1),
        make(Severity::Critical, "pay-prod", "payments", "prod", "c-old", 2),
        make(Severity::Info, "shop-dev", "shop", "dev", "i-new", 50),
        make(Severity::Critical, "shop-dev", "shop", "dev", "c-new", 40, "image=registry.example.com/cart:1.99"),
        make(Severity::Warning, "shop-prod", "shop", "prod", "w-new", 30) };
}

} // namespace

class TestFindingsModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void worstFirstThenNewest()
    {
        FindingsModel model;
        FindingsFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        model.apply(added(QStringLiteral("any"), fleetFindings()));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(rows(proxy),
            QStringList({ QStringLiteral("Critical Pod/c-new"), QStringLiteral("Critical Pod/c-old"),
                QStringLiteral("Warning Pod/w-new"), QStringLiteral("Warning Pod/w-old"),
                QStringLiteral("Info Pod/i-new") }));
        QCOMPARE(resets.size(), 0);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("team");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<int>("minimum");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        const int info = int(Severity::Info);
        QTest::newRow("everything") << QString() << QString() << info << QString()
                                    << QStringList({ QStringLiteral("Critical Pod/c-new"),
                                           QStringLiteral("Critical Pod/c-old"), QStringLiteral("Warning Pod/w-new"),
                                           QStringLiteral("Warning Pod/w-old"), QStringLiteral("Info Pod/i-new") });
        QTest::newRow("team") << QStringLiteral("shop") << QString() << info << QString()
                              << QStringList({ QStringLiteral("Critical Pod/c-new"),
                                     QStringLiteral("Warning Pod/w-new"), QStringLiteral("Info Pod/i-new") });
        QTest::newRow("environment") << QString() << QStringLiteral("prod") << info << QString()
                                     << QStringList({ QStringLiteral("Critical Pod/c-old"),
                                            QStringLiteral("Warning Pod/w-new"), QStringLiteral("Warning Pod/w-old") });
        QTest::newRow("team and environment") << QStringLiteral("shop") << QStringLiteral("prod") << info << QString()
                                              << QStringList { QStringLiteral("Warning Pod/w-new") };
        QTest::newRow("at least warning")
            << QString() << QString() << int(Severity::Warning) << QString()
            << QStringList({ QStringLiteral("Critical Pod/c-new"), QStringLiteral("Critical Pod/c-old"),
                   QStringLiteral("Warning Pod/w-new"), QStringLiteral("Warning Pod/w-old") });
        QTest::newRow("critical only") << QString() << QString() << int(Severity::Critical) << QString()
                                       << QStringList({ QStringLiteral("Critical Pod/c-new"),
                                              QStringLiteral("Critical Pod/c-old") });
        QTest::newRow("text in evidence") << QString() << QString() << info << QStringLiteral("REGISTRY.example")
                                          << QStringList { QStringLiteral("Critical Pod/c-new") };
        QTest::newRow("text in object, all words")
            << QString() << QString() << info << QStringLiteral("old problem")
            << QStringList({ QStringLiteral("Critical Pod/c-old"), QStringLiteral("Warning Pod/w-old") });
        QTest::newRow("text in cluster") << QString() << QString() << info << QStringLiteral("pay-prod")
                                         << QStringList({ QStringLiteral("Critical Pod/c-old"),
                                                QStringLiteral("Warning Pod/w-old") });
        QTest::newRow("no match") << QString() << QString() << info << QStringLiteral("nothing-like-this")
                                  << QStringList();
    }

    void filters()
    {
        QFETCH(QString, team);
        QFETCH(QString, environment);
        QFETCH(int, minimum);
        QFETCH(QString, text);
        QFETCH(QStringList, expected);

        FindingsModel model;
        FindingsFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply(added(QStringLiteral("any"), fleetFindings()));
        proxy.setTeam(team);
        proxy.setEnvironment(environment);
        proxy.setMinimumSeverity(Severity(minimum));
        proxy.setText(text);
        QCOMPARE(rows(proxy), expected);
    }

    void deltasInsertChangeAndRemoveRows()
    {
        FindingsModel model;
        FindingsFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<Finding> all = fleetFindings();
        model.apply(added(QStringLiteral("any"), all));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Next evaluation: w-old resolved, c-old got worse evidence, the rest only seen again,
        // and one new finding.
        FindingsDelta delta;
        delta.removed = { all.at(0).key() };
        Finding worse = all.at(1);
        worse.title = QStringLiteral("Still failing");
        worse.lastSeen = Base.addSecs(3700);
        Finding seenAgain = all.at(4);
        seenAgain.lastSeen = Base.addSecs(3700);
        delta.updated = { worse, seenAgain };
        delta.added = { make(Severity::Critical, "shop-prod", "shop", "prod", "c-newest", 55) };
        model.apply(delta);

        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 5);
        // One full-row change (the title) and one "Last seen" only.
        QCOMPARE(changed.size(), 2);
        const QModelIndex fullRow = changed.at(0).at(0).toModelIndex();
        QCOMPARE(fullRow.data(FindingsModel::FindingKeyRole).toString(), worse.key());
        QCOMPARE(changed.at(0).at(1).toModelIndex().column(), int(FindingsModel::LastSeenColumn));
        QCOMPARE(changed.at(1).at(0).toModelIndex().column(), int(FindingsModel::LastSeenColumn));
        QCOMPARE(model.index(model.rowOfKey(worse.key()), FindingsModel::TitleColumn).data().toString(),
            QStringLiteral("Still failing"));
        QCOMPARE(model.rowOfKey(all.at(0).key()), -1);

        QCOMPARE(rows(proxy),
            QStringList({ QStringLiteral("Critical Pod/c-newest"), QStringLiteral("Critical Pod/c-new"),
                QStringLiteral("Critical Pod/c-old"), QStringLiteral("Warning Pod/w-new"),
                QStringLiteral("Info Pod/i-new") }));

        // Removing several rows at once, in no particular order.
        FindingsDelta gone;
        gone.removed = { all.at(4).key(), all.at(1).key(), all.at(2).key() };
        model.apply(gone);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(rows(proxy),
            QStringList({ QStringLiteral("Critical Pod/c-newest"), QStringLiteral("Critical Pod/c-new") }));
        QCOMPARE(resets.size(), 0);
    }

    void rolesGiveTypedValues()
    {
        FindingsModel model;
        Finding f = make(Severity::Critical, "shop-prod", "shop", "prod", "checkout-1", 5);
        f.object.uid = QUuid::fromString(QStringLiteral("2b6f3c1e-8a4d-4f5b-9c2e-7d1a0b3c4e5f"));
        model.apply(added(QStringLiteral("shop-prod"), { f }));
        const QModelIndex index = model.index(0, FindingsModel::ObjectColumn);
        QCOMPARE(index.data().toString(), QStringLiteral("Pod/checkout-1"));
        QCOMPARE(index.data(FindingsModel::ObjectRole).value<ObjectRef>(), f.object);
        QCOMPARE(index.data(FindingsModel::FindingKeyRole).toString(), f.key());
        QCOMPARE(index.data(FindingsModel::ClusterRole).toString(), QStringLiteral("shop-prod"));
        QCOMPARE(index.data(FindingsModel::SeverityRole).toInt(), int(Severity::Critical));
        QCOMPARE(index.data(FindingsModel::RuleIdRole).toString(), QStringLiteral("pod.crash-loop"));
        QCOMPARE(index.data(FindingsModel::EvidenceRole).toString(), QStringLiteral("reason=BackOff"));
        QCOMPARE(index.data(FindingsModel::FirstSeenRole).toDateTime(), Base.addSecs(300));
        QCOMPARE(model.index(0, FindingsModel::LastSeenColumn).data(FindingsModel::SortRole).toLongLong(),
            Base.addSecs(3600).toMSecsSinceEpoch());
        QCOMPARE(model.index(0, FindingsModel::TeamColumn).data().toString(), QStringLiteral("shop"));
        QCOMPARE(model.index(0, FindingsModel::EnvironmentColumn).data().toString(), QStringLiteral("prod"));
        QCOMPARE(model.index(0, FindingsModel::NamespaceColumn).data().toString(), QStringLiteral("shop"));
        QCOMPARE(model.index(0, FindingsModel::TitleColumn).data(Qt::ToolTipRole).toString(),
            QStringLiteral("Problem with checkout-1\nreason: BackOff"));
        QCOMPARE(index.data(FindingsModel::FindingRole).value<Finding>().title, f.title);
        QCOMPARE(
            model.headerData(FindingsModel::LastSeenColumn, Qt::Horizontal).toString(), QStringLiteral("Last seen"));
    }

    void setFindingsResets()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setFindings(fleetFindings());
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.rowOfKey(fleetFindings().at(3).key()), 3);
    }
};

QTEST_GUILESS_MAIN(TestFindingsModel)
#include "tst_findingsmodel.moc"
