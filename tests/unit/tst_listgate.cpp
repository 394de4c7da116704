// SPDX-License-Identifier: Apache-2.0
// The fleet-wide cap on list pages in flight: admission in order, slots freed by leave(),
// waiting pages withdrawn, starts that leave at once, and a closed gate admitting nothing.
#include "fleet/listgate.h"

#include <QTest>

using minato::fleet::ListGate;

class TestListGate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void admitsUpToCapacityInOrder()
    {
        ListGate gate(2);
        QList<int> started;
        QList<ListGate::Ticket> tickets;
        for (int i = 0; i < 5; ++i)
            tickets << gate.enter([&started, i](ListGate::Ticket) { started << i; });
        QCOMPARE(started, (QList<int> { 0, 1 }));
        QCOMPARE(gate.running(), 2);
        QCOMPARE(gate.waiting(), 3);
        QVERIFY(gate.isWaiting(tickets[2]));

        gate.leave(tickets[1]);
        QCOMPARE(started, (QList<int> { 0, 1, 2 }));
        // A waiting page that is cancelled never starts, and frees no slot.
        gate.leave(tickets[3]);
        QCOMPARE(gate.waiting(), 1);
        QCOMPARE(gate.running(), 2);
        gate.leave(tickets[0]);
        QCOMPARE(started, (QList<int> { 0, 1, 2, 4 }));
        // Leaving twice, or an unknown ticket, changes nothing.
        gate.leave(tickets[0]);
        gate.leave(9999);
        QCOMPARE(gate.running(), 2);
        gate.leave(tickets[2]);
        gate.leave(tickets[4]);
        QCOMPARE(gate.running(), 0);
        QCOMPARE(gate.waiting(), 0);
    }

    void startThatLeavesAtOnceAdmitsTheNext()
    {
        // A transport that answers synchronously: the page leaves inside its own start.
        ListGate gate(1);
        QList<int> started;
        ListGate::Ticket first = gate.enter([&](ListGate::Ticket) { started << 1; });
        gate.enter([&](ListGate::Ticket self) {
            started << 2;
            gate.leave(self);
        });
        gate.enter([&](ListGate::Ticket) { started << 3; });
        QCOMPARE(started, (QList<int> { 1 }));
        gate.leave(first);
        QCOMPARE(started, (QList<int> { 1, 2, 3 }));
        QCOMPARE(gate.running(), 1);
        QCOMPARE(gate.waiting(), 0);
    }

    void closedGateAdmitsNothing()
    {
        ListGate gate(1);
        int started = 0;
        const ListGate::Ticket running = gate.enter([&](ListGate::Ticket) { ++started; });
        gate.enter([&](ListGate::Ticket) { ++started; });
        gate.close();
        QCOMPARE(gate.waiting(), 0);
        gate.leave(running);
        gate.enter([&](ListGate::Ticket) { ++started; });
        QCOMPARE(started, 1);
    }
};

QTEST_GUILESS_MAIN(TestListGate)
#include "tst_listgate.moc"
