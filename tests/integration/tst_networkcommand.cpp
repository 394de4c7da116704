// SPDX-License-Identifier: Apache-2.0
// `minato network --demo` end to end: the real binary against the demo fleet, which shows each
// network case of the issue on at least one cluster, with the finding that names it.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run network(const QString& home, const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment env;
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(MINATO_BINARY), QStringList { u"network"_s, u"--demo"_s } + arguments);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QStringList ruleIds(const QJsonObject& cluster)
{
    QStringList ids;
    for (const QJsonValue& f : cluster.value(u"findings").toArray())
        ids << f.toObject().value(u"rule").toString();
    return ids;
}

} // namespace

class TestNetworkCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QMap<QString, QJsonObject> m_clusters;

private Q_SLOTS:
    void initTestCase()
    {
        // data-prod-eu2 is Degraded by design (RBAC hides its events): the exit status says so.
        const Run run = network(m_home.path(), { u"-o"_s, u"json"_s });
        QVERIFY2(run.exitCode == 2, run.err.constData());
        for (const QJsonValue& c : QJsonDocument::fromJson(run.out).object().value(u"clusters").toArray())
            m_clusters.insert(c.toObject().value(u"name").toString(), c.toObject());
        QCOMPARE(m_clusters.size(), 13);
    }

    void ipipAlwaysInsideOneSubnet()
    {
        const QJsonObject c = m_clusters.value(u"pay-prod-eu1"_s);
        QCOMPARE(c.value(u"mode").toString(), u"IPIP Always"_s);
        QVERIFY(ruleIds(c).contains(u"network.encapsulation-in-subnet"_s));
        QCOMPARE(c.value(u"mtu").toObject().value(u"effective").toInt(), 1480);
    }

    void crossSubnetAcrossRacks()
    {
        // Two subnets: pairs inside one go direct, pairs across them are encapsulated.
        const QJsonObject paths = m_clusters.value(u"search-stg-us1"_s).value(u"paths").toObject();
        QVERIFY(paths.value(u"direct").toInt() > 0);
        QVERIFY(paths.value(u"IPIP").toInt() > 0);
        QCOMPARE(paths.value(u"direct").toInt() + paths.value(u"IPIP").toInt(), paths.value(u"total").toInt());
    }

    void routeReflectorsWithTorPeersAndOneSessionDown()
    {
        const QJsonObject c = m_clusters.value(u"search-prod-us1"_s);
        const QJsonObject bgp = c.value(u"bgp").toObject();
        QVERIFY(!bgp.value(u"nodeToNodeMesh").toBool());
        QCOMPARE(bgp.value(u"routeReflectors").toArray().size(), 3);
        QCOMPARE(bgp.value(u"routers").toArray().size(), 3);
        QJsonObject torC;
        for (const QJsonValue& s : bgp.value(u"sessions").toArray())
            if (s.toObject().value(u"source").toString() == u"tor-rack-c")
                torC = s.toObject();
        QCOMPARE(torC.value(u"state").toString(), u"Idle"_s);
        QCOMPARE(torC.value(u"kind").toString(), u"external"_s);
        QVERIFY(ruleIds(c).contains(u"network.bgp-session-down"_s));
        QVERIFY(!ruleIds(c).contains(u"network.route-reflector-spof"_s)); // three reflectors share the ID
    }

    void vxlanWithAnMtuTooLarge()
    {
        const QJsonObject c = m_clusters.value(u"pay-stg-eu1"_s);
        QCOMPARE(c.value(u"mtu").toObject().value(u"configured").toInt(), 1500);
        QVERIFY(c.value(u"mtu").toObject().value(u"tooLarge").toBool());
        QVERIFY(ruleIds(c).contains(u"network.mtu-too-large"_s));
    }

    void flannelWithoutBackend()
    {
        const QJsonObject c = m_clusters.value(u"data-legacy"_s);
        QCOMPARE(c.value(u"flannel").toObject().value(u"backend").toString(), QString());
        QCOMPARE(c.value(u"mode").toString(), u"udp"_s);
        QVERIFY(ruleIds(c).contains(u"network.flannel-no-backend"_s));
    }

    void podCidrsOverlapBetweenClusters()
    {
        const QJsonObject c = m_clusters.value(u"pay-dev"_s);
        QStringList others;
        for (const QJsonValue& o : c.value(u"overlaps").toArray())
            others << o.toObject().value(u"cluster").toString();
        QVERIFY2(others.contains(u"search-dev"_s), qPrintable(others.join(u',')));
        QVERIFY(ruleIds(c).contains(u"network.cidr-overlap-fleet"_s));
        QVERIFY(m_clusters.value(u"platform-stg"_s).value(u"overlaps").toArray().isEmpty()); // 10.245.0.0/16 alone
    }

    void dotDrawsOneCluster()
    {
        const Run run = network(m_home.path(), { u"--context"_s, u"search-prod-us1"_s, u"-o"_s, u"dot"_s });
        QCOMPARE(run.exitCode, 0);
        const QString dot = QString::fromUtf8(run.out);
        QVERIFY(dot.startsWith(u"graph \"search-prod-us1\" {"_s));
        QCOMPARE(dot.count(u"shape=doubleoctagon"_s), 3); // the reflectors
        QCOMPARE(dot.count(u"shape=box"_s), 3); // the ToR routers
        QVERIFY(dot.contains(u"AS 65103"_s));
        QVERIFY(dot.contains(u"color=red3"_s)); // the Idle session
        QVERIFY(dot.trimmed().endsWith(u'}'));

        const Run many = network(m_home.path(), { u"-o"_s, u"dot"_s });
        QCOMPARE(many.exitCode, 1);
        QVERIFY(many.err.contains("-o dot draws one cluster; --context matched 13"));
    }

    void tableMarksOverlapsAndBadMtu()
    {
        const Run run = network(m_home.path(), { u"--context"_s, u"pay-*"_s });
        QCOMPARE(run.exitCode, 0);
        const QString table = QString::fromUtf8(run.out);
        QVERIFY(table.startsWith(u"CLUSTER"_s));
        QVERIFY(table.contains(u"1500!"_s)); // pay-stg-eu1's MTU
        // Overlaps are judged against the whole fleet even when --context narrows the output.
        QVERIFY(table.contains(u"192.168.0.0/16!"_s));
    }
};

QTEST_GUILESS_MAIN(TestNetworkCommand)
#include "tst_networkcommand.moc"
