// SPDX-License-Identifier: Apache-2.0
// The small value types under the projections: RFC 3339 timestamps, IP addresses, resource
// versions, interned strings and label sets.
#include "fleet/resourceversion.h"
#include "fleet/stringpool.h"
#include "util/ipaddress.h"
#include "util/rfc3339.h"

#include <QDateTime>
#include <QTest>

#include <thread>
#include <vector>

using namespace minato;
using namespace minato::fleet;

class TestProjectionValues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rfc3339_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("expected");
        auto qt = [](const char* iso) {
            return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toSecsSinceEpoch();
        };
        QTest::newRow("utc") << QByteArray("2019-08-09T05:12:19Z") << true << qt("2019-08-09T05:12:19Z");
        QTest::newRow("micro") << QByteArray("2002-01-01T01:01:01.000002Z") << true << qt("2002-01-01T01:01:01Z");
        QTest::newRow("offset") << QByteArray("2024-05-02T12:00:00+02:00") << true << qt("2024-05-02T10:00:00Z");
        QTest::newRow("negative offset") << QByteArray("2024-05-02T06:30:00-03:30") << true
                                         << qt("2024-05-02T10:00:00Z");
        QTest::newRow("leap day") << QByteArray("2024-02-29T23:59:59Z") << true << qt("2024-02-29T23:59:59Z");
        QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << true << qint64(0);
        QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59Z") << true << qint64(-1);
        QTest::newRow("lower-case z") << QByteArray("2019-08-09t05:12:19z") << true << qt("2019-08-09T05:12:19Z");
        QTest::newRow("empty") << QByteArray() << false << qint64(0);
        QTest::newRow("no zone") << QByteArray("2019-08-09T05:12:19") << false << qint64(0);
        QTest::newRow("date only") << QByteArray("2019-08-09") << false << qint64(0);
        QTest::newRow("bad month") << QByteArray("2019-13-09T05:12:19Z") << false << qint64(0);
        QTest::newRow("trailing") << QByteArray("2019-08-09T05:12:19Zjunk") << false << qint64(0);
        QTest::newRow("empty fraction") << QByteArray("2019-08-09T05:12:19.Z") << false << qint64(0);
        QTest::newRow("null text") << QByteArray("null") << false << qint64(0);
    }
    void rfc3339()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(qint64, expected);
        const std::optional<qint64> parsed = parseRfc3339(std::string_view(text.constData(), std::size_t(text.size())));
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QCOMPARE(*parsed, expected);
    }

    void ipAddress_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<int>("family");
        QTest::newRow("v4") << "10.244.1.17"
                            << "10.244.1.17" << int(IpAddress::Family::IPv4);
        QTest::newRow("v6") << "fd00:10::11"
                            << "fd00:10::11" << int(IpAddress::Family::IPv6);
        QTest::newRow("v6 long form") << "2001:0db8:0000:0000:0000:0000:0000:0001"
                                      << "2001:db8::1" << int(IpAddress::Family::IPv6);
        QTest::newRow("empty") << ""
                               << "" << int(IpAddress::Family::None);
        QTest::newRow("garbage") << "podIPValue"
                                 << "" << int(IpAddress::Family::None);
        QTest::newRow("v4 with port") << "10.0.0.1:80"
                                      << "" << int(IpAddress::Family::None);
        QTest::newRow("octet too big") << "10.0.0.256"
                                       << "" << int(IpAddress::Family::None);
    }
    void ipAddress()
    {
        QFETCH(QString, text);
        QFETCH(QString, canonical);
        QFETCH(int, family);
        const IpAddress address = IpAddress::parse(QStringView(text)).value_or(IpAddress());
        QCOMPARE(int(address.family()), family);
        QCOMPARE(address.toString(), canonical);
        QVERIFY(sizeof(IpAddress) <= 17);
    }
    void ipv4Numeric()
    {
        const IpAddress a = *IpAddress::parse(std::string_view("192.168.1.10"));
        QCOMPARE(a.toIPv4(), quint32(0xC0A8010A));
        QCOMPARE(IpAddress::fromIPv4(0xC0A8010A), a);
    }

    void resourceVersion_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("etcd revision") << QByteArray("48213377");
        QTest::newRow("zero") << QByteArray("0");
        QTest::newRow("leading zero kept as text") << QByteArray("007");
        QTest::newRow("opaque text") << QByteArray("rv-2024-05-02/abc");
        QTest::newRow("18 digits") << QByteArray("999999999999999999");
        QTest::newRow("beyond 2^63 kept as text") << QByteArray("18446744073709551615");
        QTest::newRow("empty") << QByteArray();
    }
    void resourceVersion()
    {
        QFETCH(QByteArray, text);
        const ResourceVersion rv = ResourceVersion::fromText(text);
        QCOMPARE(rv.toByteArray(), text); // opaque: the exact text comes back
        QCOMPARE(rv.isEmpty(), text.isEmpty());
        QCOMPARE(rv, ResourceVersion::fromText(text));
        QVERIFY(!(rv == ResourceVersion::fromText(text + "1")));
        QCOMPARE(sizeof(ResourceVersion), std::size_t(16));
    }

    void internedStringsAreShared()
    {
        StringPool pool;
        const InternedString a = pool.intern(std::string_view("kube-system"));
        const InternedString b = pool.intern(QStringView(u"kube-system"));
        QCOMPARE(a.identity(), b.identity());
        QCOMPARE(a.toString(), QStringLiteral("kube-system"));
        QVERIFY(a == QStringView(u"kube-system"));
        QVERIFY(pool.intern(std::string_view()).isNull());
        QCOMPARE(pool.intern(std::string_view("caf\xc3\xa9")).toString(), QStringLiteral("café"));
        QCOMPARE(pool.stringCount(), qsizetype(2));
        QCOMPARE(sizeof(InternedString), sizeof(void*));
    }
    void purgeDropsOnlyUnusedEntries()
    {
        StringPool pool;
        InternedString kept = pool.intern(std::string_view("worker-1"));
        pool.intern(std::string_view("gone-1"));
        std::pair<std::string_view, std::string_view> labels[] = { { "app", "web" }, { "tier", "front" } };
        LabelSet set = pool.internLabels(labels);
        QCOMPARE(pool.purge(), qsizetype(1)); // only "gone-1"
        QCOMPARE(pool.stringCount(), qsizetype(5));
        set = LabelSet();
        QCOMPARE(pool.purge(), qsizetype(5)); // the set, then its four strings
        QCOMPARE(pool.stringCount(), qsizetype(1));
        QCOMPARE(kept.toString(), QStringLiteral("worker-1"));
        // A handle outlives its pool.
        auto transient = std::make_unique<StringPool>();
        const InternedString survivor = transient->intern(std::string_view("survivor"));
        transient.reset();
        QCOMPARE(survivor.toString(), QStringLiteral("survivor"));
    }
    void labelSets()
    {
        StringPool pool;
        std::pair<std::string_view, std::string_view> a[] = { { "tier", "front" }, { "app", "web" } };
        std::pair<std::string_view, std::string_view> b[] = { { "app", "web" }, { "tier", "front" } };
        std::pair<std::string_view, std::string_view> selector[] = { { "app", "web" } };
        std::pair<std::string_view, std::string_view> other[] = { { "app", "db" } };
        const LabelSet setA = pool.internLabels(a);
        const LabelSet setB = pool.internLabels(b);
        QCOMPARE(pool.labelSetCount(), qsizetype(1)); // same content, any order: one set
        QVERIFY(setA == setB);
        QCOMPARE(setA.toString(), QStringLiteral("app=web,tier=front"));
        QCOMPARE(setA.value(u"tier"), QStringLiteral("front"));
        QVERIFY(setA.contains(u"app"));
        QVERIFY(!setA.contains(u"missing"));
        QVERIFY(setA.matches(pool.internLabels(selector)));
        QVERIFY(!setA.matches(pool.internLabels(other)));
        QVERIFY(setA.matches(LabelSet())); // an empty selector selects everything
    }
    void concurrentInterning()
    {
        // The I/O thread interns while others copy and drop handles; the table must stay whole.
        StringPool pool;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&pool, t] {
                for (int i = 0; i < 2000; ++i) {
                    const std::string text = "node-" + std::to_string(i % 100);
                    InternedString s = pool.intern(text);
                    if (s.toString() != QString::fromStdString(text))
                        qFatal("wrong text");
                    if (t == 0 && i % 500 == 0)
                        pool.purge();
                }
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        pool.purge();
        QCOMPARE(pool.stringCount(), qsizetype(0));
    }
};

QTEST_GUILESS_MAIN(TestProjectionValues)
#include "tst_projectionvalues.moc"
