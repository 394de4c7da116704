// SPDX-License-Identifier: Apache-2.0
// kubectl's STATUS/READY/RESTARTS rules (printPod in kubernetes pkg/printers/internalversion),
// row by row, without JSON: the cases the fixtures do not cover.
#include "fleet/podstatusprinter.h"

#include <QTest>

using namespace minato::fleet;
using State = PodPrinterContainer::State;

namespace {

PodPrinterContainer container(
    const char* name, State state, const char* reason = "", bool ready = false, quint32 restarts = 0)
{
    PodPrinterContainer c;
    c.name = name;
    c.state = state;
    c.reason = reason;
    c.ready = ready;
    c.restartCount = restarts;
    return c;
}

} // namespace

class TestPodStatusPrinter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void print_data()
    {
        QTest::addColumn<int>("scenario");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("ready");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("restarts");

        QTest::newRow("pending, no statuses") << 0 << "Pending" << 0 << 1 << 0;
        QTest::newRow("container creating") << 1 << "ContainerCreating" << 0 << 1 << 0;
        QTest::newRow("exit code without reason") << 2 << "ExitCode:3" << 0 << 1 << 0;
        QTest::newRow("signal without reason") << 3 << "Signal:9" << 0 << 1 << 0;
        QTest::newRow("init exit code") << 4 << "Init:ExitCode:2" << 0 << 1 << 1;
        QTest::newRow("init signal") << 5 << "Init:Signal:15" << 0 << 1 << 0;
        QTest::newRow("init 1 of 2") << 6 << "Init:1/2" << 0 << 1 << 0;
        QTest::newRow("init error reason") << 7 << "Init:Error" << 0 << 1 << 0;
        QTest::newRow("scheduling gated") << 8 << "SchedulingGated" << 0 << 1 << 0;
        QTest::newRow("completed beside running, ready") << 9 << "Running" << 1 << 2 << 0;
        QTest::newRow("completed beside running, not ready") << 10 << "NotReady" << 1 << 2 << 0;
        QTest::newRow("evicted before start") << 11 << "Evicted" << 0 << 1 << 0;
        QTest::newRow("deleting succeeded pod keeps Completed") << 12 << "Completed" << 0 << 1 << 0;
        QTest::newRow("sidecar not started yet") << 13 << "Init:1/2" << 0 << 2 << 0;
        QTest::newRow("restarts: sidecar counts, plain init does not") << 14 << "Running" << 2 << 2 << 5;
        QTest::newRow("first container's reason wins (kubectl walks backwards)") << 15 << "ErrImagePull" << 0 << 2 << 0;
        QTest::newRow("empty phase") << 16 << "" << 0 << 1 << 0;
    }
    void print()
    {
        QFETCH(int, scenario);
        QFETCH(QString, status);
        QFETCH(int, ready);
        QFETCH(int, total);
        QFETCH(int, restarts);

        PodPrinterInput in;
        in.phase = "Pending";
        in.specContainers = 1;
        switch (scenario) {
        case 0:
            break;
        case 1:
            in.statuses = { container("app", State::Waiting, "ContainerCreating") };
            break;
        case 2: {
            in.phase = "Running";
            PodPrinterContainer c = container("app", State::Terminated);
            c.exitCode = 3;
            in.statuses = { c };
            break;
        }
        case 3: {
            in.phase = "Running";
            PodPrinterContainer c = container("app", State::Terminated);
            c.exitCode = 137;
            c.signal = 9;
            in.statuses = { c };
            break;
        }
        case 4: {
            in.specInitContainers = 1;
            PodPrinterContainer c = container("init", State::Terminated, "", false, 1);
            c.exitCode = 2;
            in.initStatuses = { c };
            in.statuses = { container("app", State::Waiting, "PodInitializing") };
            break;
        }
        case 5: {
            in.specInitContainers = 1;
            PodPrinterContainer c = container("init", State::Terminated);
            c.exitCode = 143;
            c.signal = 15;
            in.initStatuses = { c };
            break;
        }
        case 6:
            in.specInitContainers = 2;
            in.initStatuses
                = { container("first", State::Terminated, "Completed"), container("second", State::Running) };
            break;
        case 7: {
            in.specInitContainers = 1;
            PodPrinterContainer c = container("init", State::Terminated, "Error");
            c.exitCode = 1;
            in.initStatuses = { c };
            break;
        }
        case 8:
            in.scheduledGated = true;
            break;
        case 9:
        case 10: {
            in.phase = "Running";
            in.specContainers = 2;
            in.readyTrue = scenario == 9;
            in.statuses
                = { container("web", State::Running, "", true), container("job", State::Terminated, "Completed") };
            break;
        }
        case 11:
            in.phase = "Failed";
            in.statusReason = "Evicted";
            break;
        case 12:
            in.phase = "Succeeded";
            in.deleting = true;
            in.statuses = { container("app", State::Terminated, "Completed") };
            break;
        case 13:
            in.specInitContainers = 2;
            in.restartableInitNames = { "proxy" };
            in.initStatuses
                = { container("setup", State::Terminated, "Completed"), container("proxy", State::Waiting) };
            break;
        case 14: {
            in.phase = "Running";
            in.specInitContainers = 2;
            in.restartableInitNames = { "proxy" };
            in.initializedTrue = true;
            PodPrinterContainer proxy = container("proxy", State::Running, "", true, 2);
            proxy.started = true;
            in.initStatuses = { container("setup", State::Terminated, "Completed", false, 7), proxy };
            in.statuses = { container("app", State::Running, "", true, 3) };
            break;
        }
        case 15:
            in.specContainers = 2;
            in.statuses = { container("a", State::Waiting, "ErrImagePull"),
                container("b", State::Waiting, "ContainerCreating") };
            break;
        case 16:
            in.phase = "";
            break;
        }
        const PodPrinterResult r = printPodStatus(in);
        QCOMPARE(QString::fromStdString(r.status), status);
        QCOMPARE(r.ready, ready);
        QCOMPARE(r.total, total);
        QCOMPARE(int(r.restarts), restarts);
    }

    void lastRestartIsNewestFinishedAt()
    {
        PodPrinterInput in;
        in.phase = "Running";
        in.specContainers = 2;
        PodPrinterContainer a = container("a", State::Running, "", true, 1);
        a.lastTerminatedFinishedAt = 1000;
        PodPrinterContainer b = container("b", State::Running, "", true, 2);
        b.lastTerminatedFinishedAt = 2000;
        in.statuses = { a, b };
        const PodPrinterResult r = printPodStatus(in);
        QCOMPARE(r.lastRestart, qint64(2000));
        QCOMPARE(r.restarts, quint32(3));
        QCOMPARE(QString::fromStdString(r.status), QStringLiteral("Running"));
    }
};

QTEST_GUILESS_MAIN(TestPodStatusPrinter)
#include "tst_podstatusprinter.moc"
