// SPDX-License-Identifier: Apache-2.0
#include "util/quantity.h"

#include <QTest>

#include <limits>

using namespace minato;

class TestQuantity : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("milli");
        QTest::addColumn<qint64>("value");
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("rounded");

        const int dec = int(Quantity::Format::DecimalSI);
        const int bin = int(Quantity::Format::BinarySI);
        const int exp = int(Quantity::Format::DecimalExponent);
        QTest::newRow("100m") << "100m" << qint64(100) << qint64(1) << dec << false;
        QTest::newRow("1") << "1" << qint64(1000) << qint64(1) << dec << false;
        QTest::newRow("1.5") << "1.5" << qint64(1500) << qint64(2) << dec << false;
        QTest::newRow("2Gi") << "2Gi" << qint64(2147483648000) << qint64(2147483648) << bin << false;
        QTest::newRow("512Mi") << "512Mi" << qint64(536870912000) << qint64(536870912) << bin << false;
        QTest::newRow("1e3") << "1e3" << qint64(1000000) << qint64(1000) << exp << false;
        QTest::newRow("1E3") << "1E3" << qint64(1000000) << qint64(1000) << exp << false;
        QTest::newRow("2e-3") << "2e-3" << qint64(2) << qint64(1) << exp << false;
        QTest::newRow("128974848") << "128974848" << qint64(128974848000) << qint64(128974848) << dec << false;
        QTest::newRow("1k") << "1k" << qint64(1000000) << qint64(1000) << dec << false;
        QTest::newRow("1M") << "1M" << qint64(1000000000) << qint64(1000000) << dec << false;
        QTest::newRow("129e6") << "129e6" << qint64(129000000000) << qint64(129000000) << exp << false;
        QTest::newRow("123Mi") << "123Mi" << qint64(128974848000) << qint64(128974848) << bin << false;
        QTest::newRow("8165556Ki") << "8165556Ki" << qint64(8361529344000) << qint64(8361529344) << bin << false;
        QTest::newRow("3920m") << "3920m" << qint64(3920) << qint64(4) << dec << false;
        QTest::newRow("1.5Gi") << "1.5Gi" << qint64(1610612736000) << qint64(1610612736) << bin << false;
        QTest::newRow("0") << "0" << qint64(0) << qint64(0) << dec << false;
        QTest::newRow("0.1m rounds up") << "0.1m" << qint64(1) << qint64(1) << dec << true;
        QTest::newRow("nanocores") << "183251142n" << qint64(184) << qint64(1) << dec << true;
        QTest::newRow("micro") << "250u" << qint64(1) << qint64(1) << dec << true;
        QTest::newRow("exact micro") << "2000u" << qint64(2) << qint64(1) << dec << false;
        QTest::newRow("negative") << "-100m" << qint64(-100) << qint64(0) << dec << false;
        QTest::newRow("plus sign") << "+2" << qint64(2000) << qint64(2) << dec << false;
        QTest::newRow("trailing dot") << "1." << qint64(1000) << qint64(1) << dec << false;
        QTest::newRow("leading dot") << ".5" << qint64(500) << qint64(1) << dec << false;
        QTest::newRow("peta") << "1P" << qint64(1000000000000000000) << qint64(1000000000000000) << dec << false;
        QTest::newRow("exa saturates") << "1E" << std::numeric_limits<qint64>::max()
                                       << std::numeric_limits<qint64>::max() / 1000 + 1 << dec << true;
        QTest::newRow("exbi saturates") << "8Ei" << std::numeric_limits<qint64>::max()
                                        << std::numeric_limits<qint64>::max() / 1000 + 1 << bin << true;
        QTest::newRow("many digits") << "123456789012345678901234567890m" << std::numeric_limits<qint64>::max()
                                     << std::numeric_limits<qint64>::max() / 1000 + 1 << dec << true;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, milli);
        QFETCH(qint64, value);
        QFETCH(int, format);
        QFETCH(bool, rounded);

        const std::optional<Quantity> q = Quantity::parse(QStringView(text));
        QVERIFY(q.has_value());
        QCOMPARE(q->milliValue(), milli);
        QCOMPARE(q->value(), value);
        QCOMPARE(int(q->format()), format);
        QCOMPARE(q->isRounded(), rounded);

        const QByteArray utf8 = text.toUtf8();
        bool ok = false;
        QCOMPARE(Quantity::parseMilli(std::string_view(utf8.constData(), std::size_t(utf8.size())), &ok), milli);
        QVERIFY(ok);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("text");
        for (const char* text : { "", "abc", "1.2.3", "1Gib", "--1", "1 Gi", "Gi", "m", ".", "1e", "1e+", "1Ki2", "1K",
                 "1i", "0x10", "1,5", "١" /* Arabic-Indic digit one */, "1e1001" })
            QTest::newRow(text) << QString::fromUtf8(text);
    }
    void invalid()
    {
        QFETCH(QString, text);
        QVERIFY(!Quantity::parse(QStringView(text)).has_value());
        bool ok = true;
        const QByteArray utf8 = text.toUtf8();
        QCOMPARE(Quantity::parseMilli(std::string_view(utf8.constData(), std::size_t(utf8.size())), &ok), qint64(0));
        QVERIFY(!ok);
    }

    void equalityIgnoresFormat()
    {
        QCOMPARE(*Quantity::parse(std::string_view("1k")), *Quantity::parse(std::string_view("1000")));
        QCOMPARE(*Quantity::parse(std::string_view("1Ki")), *Quantity::parse(std::string_view("1024")));
        QVERIFY(!(*Quantity::parse(std::string_view("1Ki")) == *Quantity::parse(std::string_view("1k"))));
    }

    void formatting_data()
    {
        QTest::addColumn<qint64>("cpuMilli");
        QTest::addColumn<QString>("cpu");
        QTest::addColumn<qint64>("bytes");
        QTest::addColumn<QString>("memory");
        QTest::newRow("small") << qint64(250) << "250m" << qint64(512) << "512";
        QTest::newRow("whole") << qint64(2000) << "2" << qint64(536870912) << "512Mi";
        QTest::newRow("fraction") << qint64(1500) << "1.5" << qint64(1610612736) << "1.5Gi";
        QTest::newRow("odd") << qint64(3920) << "3.92" << qint64(8361529344) << "7.8Gi";
        QTest::newRow("kibi") << qint64(0) << "0" << qint64(1024) << "1Ki";
    }
    void formatting()
    {
        QFETCH(qint64, cpuMilli);
        QFETCH(QString, cpu);
        QFETCH(qint64, bytes);
        QFETCH(QString, memory);
        QCOMPARE(formatCpuMilli(cpuMilli), cpu);
        QCOMPARE(formatBytes(bytes), memory);
    }
};

QTEST_GUILESS_MAIN(TestQuantity)
#include "tst_quantity.moc"
