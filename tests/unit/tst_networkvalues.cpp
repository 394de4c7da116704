// SPDX-License-Identifier: Apache-2.0
// IP networks and Calico selectors: the two value types the network model is built on.

#include "util/calicoselector.h"
#include "util/ipnetwork.h"

#include <QTest>

using namespace minato;

class NetworkValuesTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void networksParseAndMask()
    {
        const auto pool = IpNetwork::parse(u"192.168.0.0/16");
        QVERIFY(pool);
        QCOMPARE(pool->prefix(), 16);
        QCOMPARE(pool->hostBits(), 16);
        QCOMPARE(IpNetwork::parse(u"10.192.0.2/16")->toString(), u"10.192.0.0/16"_qs);
        QCOMPARE(IpNetwork::parse(u"10.0.0.7")->toString(), u"10.0.0.7/32"_qs);
        QCOMPARE(IpNetwork::parse(u"fdf5:10::3/112")->toString(), u"fdf5:10::/112"_qs);
        QCOMPARE(IpNetwork::parse(u"2001:db8::1/127")->toString(), u"2001:db8::/127"_qs);
        QVERIFY(!IpNetwork::parse(u"10.0.0.0/33"));
        QVERIFY(!IpNetwork::parse(u"10.0.0/8"));
        QVERIFY(!IpNetwork::parse(u""));
    }

    void containmentAndOverlap()
    {
        const IpNetwork pods = *IpNetwork::parse(u"10.96.128.0/17");
        const IpNetwork services = *IpNetwork::parse(u"10.96.0.0/17");
        const IpNetwork kubeadm = *IpNetwork::parse(u"10.96.0.0/12");
        QVERIFY(!pods.overlaps(services)); // adjacent halves of 10.96.0.0/16
        QVERIFY(pods.overlaps(kubeadm));
        QVERIFY(kubeadm.overlaps(pods));
        QVERIFY(kubeadm.contains(pods));
        QVERIFY(!pods.contains(kubeadm));
        QVERIFY(pods.contains(*IpAddress::parse(std::string_view("10.96.200.1"))));
        QVERIFY(!pods.contains(*IpAddress::parse(std::string_view("10.96.127.255"))));
        QVERIFY(!pods.contains(*IpAddress::parse(std::string_view("::1"))));
        QVERIFY(!IpNetwork::parse(u"2002::/64")->overlaps(pods));
        QVERIFY(IpNetwork::parse(u"0.0.0.0/0")->contains(pods));
    }

    void interfacesKeepTheHostAndItsSubnet()
    {
        const auto node = IpInterface::parse(u"10.192.0.3/16");
        QVERIFY(node);
        QCOMPARE(node->address.toString(), u"10.192.0.3"_qs);
        QCOMPARE(node->network.toString(), u"10.192.0.0/16"_qs);
        const auto bare = IpInterface::parse(u"10.192.0.3");
        QVERIFY(bare && bare->network.isNull());
    }

    void selectorsMatchAsCalicoDocuments_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::addColumn<bool>("matches");
        // Labels of the node under test: rack=rack-a, route-reflector=true, zone=eu-1a.
        QTest::newRow("empty is all()") << u""_qs << true;
        QTest::newRow("all()") << u"all()"_qs << true;
        QTest::newRow("global()") << u"global()"_qs << true;
        QTest::newRow("has") << u"has(route-reflector)"_qs << true;
        QTest::newRow("!has") << u"!has(route-reflector)"_qs << false;
        QTest::newRow("has absent") << u"has(gpu)"_qs << false;
        QTest::newRow("== single quotes") << u"rack == 'rack-a'"_qs << true;
        QTest::newRow("== double quotes") << u"rack == \"rack-b\""_qs << false;
        QTest::newRow("!= present") << u"rack != 'rack-b'"_qs << true;
        QTest::newRow("!= absent label") << u"gpu != 'nvidia'"_qs << true;
        QTest::newRow("== absent label") << u"gpu == ''"_qs << false;
        QTest::newRow("in") << u"zone in {'eu-1a', 'eu-1b'}"_qs << true;
        QTest::newRow("not in") << u"zone not in {'eu-1a'}"_qs << false;
        QTest::newRow("not in absent") << u"gpu not in {'a'}"_qs << true;
        QTest::newRow("in absent") << u"gpu in {'a'}"_qs << false;
        QTest::newRow("empty set") << u"zone in {}"_qs << false;
        QTest::newRow("contains") << u"zone contains '-1'"_qs << true;
        QTest::newRow("starts with") << u"rack starts with 'rack-'"_qs << true;
        QTest::newRow("ends with") << u"rack ends with '-b'"_qs << false;
        QTest::newRow("&& binds tighter than ||")
            << u"has(gpu) && rack == 'rack-b' || route-reflector == 'true'"_qs << true;
        QTest::newRow("parentheses") << u"has(gpu) && (rack == 'rack-b' || route-reflector == 'true')"_qs << false;
        QTest::newRow("negated group") << u"!(rack == 'rack-b' || has(gpu))"_qs << true;
        QTest::newRow("demo ToR peer") << u"route-reflector == 'true' && rack == 'rack-a'"_qs << true;
        QTest::newRow("dotted key") << u"has(topology.kubernetes.io/zone)"_qs << false;
    }

    void selectorsMatchAsCalicoDocuments()
    {
        QFETCH(QString, selector);
        QFETCH(bool, matches);
        const QMap<QString, QString> labels {
            { u"rack"_qs, u"rack-a"_qs },
            { u"route-reflector"_qs, u"true"_qs },
            { u"zone"_qs, u"eu-1a"_qs },
        };
        QString error;
        const auto parsed = CalicoSelector::parse(selector, &error);
        QVERIFY2(parsed, qPrintable(error));
        QCOMPARE(parsed->matches(labels), matches);
    }

    void brokenSelectorsSayWhere_data()
    {
        QTest::addColumn<QString>("selector");
        QTest::newRow("no operator") << u"rack"_qs;
        QTest::newRow("unquoted value") << u"rack == rack-a"_qs;
        QTest::newRow("unterminated") << u"rack == 'rack-a"_qs;
        QTest::newRow("dangling &&") << u"has(a) &&"_qs;
        QTest::newRow("unbalanced") << u"(has(a)"_qs;
        QTest::newRow("trailing") << u"has(a) has(b)"_qs;
        QTest::newRow("single =") << u"rack = 'a'"_qs;
    }

    void brokenSelectorsSayWhere()
    {
        QFETCH(QString, selector);
        QString error;
        QVERIFY(!CalicoSelector::parse(selector, &error));
        QVERIFY2(error.startsWith(u"at "), qPrintable(error));
    }

    void aLabelCalledHasIsAKey()
    {
        const auto parsed = CalicoSelector::parse(u"has == 'x'");
        QVERIFY(parsed);
        QVERIFY(parsed->matches(QMap<QString, QString> { { u"has"_qs, u"x"_qs } }));
        QVERIFY(CalicoSelector::parse(u"all()")->selectsAll());
        QVERIFY(!CalicoSelector::parse(u"has(a)")->selectsAll());
    }
};

QTEST_GUILESS_MAIN(NetworkValuesTest)
#include "tst_networkvalues.moc"
