// SPDX-License-Identifier: Apache-2.0
#include "kube/backoff.h"

#include <QTest>

using minato::kube::Backoff;
using Millis = std::chrono::milliseconds;

class TestBackoff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ceilingDoublesUpToTheCap()
    {
        Backoff backoff(Millis(1000), Millis(30000), 1);
        const QList<qint64> ceilings { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
        for (qint64 ceiling : ceilings) {
            QCOMPARE(backoff.ceiling().count(), ceiling);
            const qint64 delay = backoff.next().count();
            QVERIFY2(delay >= 100 && delay <= ceiling, qPrintable(QString::number(delay)));
        }
        QCOMPARE(backoff.attempts(), int(ceilings.size()));
    }

    // Full jitter: delays spread over the whole range, not bunched at the ceiling.
    void delaysAreSpreadOut()
    {
        Backoff backoff(Millis(1000), Millis(30000), 7);
        for (int i = 0; i < 10; ++i)
            backoff.next();
        qint64 low = 30000;
        qint64 high = 0;
        for (int i = 0; i < 200; ++i) {
            const qint64 delay = backoff.next().count();
            QVERIFY(delay <= 30000);
            low = std::min(low, delay);
            high = std::max(high, delay);
        }
        QVERIFY2(low < 5000 && high > 25000, qPrintable(QStringLiteral("%1..%2").arg(low).arg(high)));
    }

    void resetStartsOver()
    {
        Backoff backoff(Millis(500), Millis(10000), 3);
        for (int i = 0; i < 5; ++i)
            backoff.next();
        backoff.reset();
        QCOMPARE(backoff.attempts(), 0);
        QCOMPARE(backoff.ceiling(), Millis(500));
        QVERIFY(backoff.next() <= Millis(500));
    }

    void sameSeedSameSchedule()
    {
        Backoff a(Millis(1000), Millis(30000), 99);
        Backoff b(Millis(1000), Millis(30000), 99);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(a.next(), b.next());
    }

    void manyAttemptsDoNotOverflow()
    {
        Backoff backoff(Millis(1000), Millis(30000), 5);
        for (int i = 0; i < 1000; ++i)
            QVERIFY(backoff.next() <= Millis(30000));
        QCOMPARE(backoff.ceiling(), Millis(30000));
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
