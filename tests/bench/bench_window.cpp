// SPDX-License-Identifier: Apache-2.0
// The window benchmark (not a ctest test): the fleet window of `minato --demo` (MainWindow over
// a FleetWorkspace and a FleetEngine) against minato-sim in a separate process, 50 clusters ×
// 2,000 pods with the world moving at about 1,000 watch events/s. After every cluster is Live
// it measures over a window (60 s): the longest GUI-thread stall (the EventLoopWatchdog the GUI
// tests use), the GUI thread's own CPU (CLOCK_THREAD_CPUTIME_ID of the main thread), how often
// the overview repaints, and the watch events applied. Prints a Markdown table; exits 3 when a
// budget is missed: no stall over 50 ms, GUI thread under 15 % of one core.
//
//   bench_window [--clusters 50 --pods 2000 --speed 1 --scenario FILE] [--window 60]
//
// Run it under a display or with QT_QPA_PLATFORM=offscreen (the default when none is set).
#include "benchsupport.h"
#include "sessiontimings.h"

#include "fleetoverviewview.h"
#include "mainwindow.h"

#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/eventloopwatchdog.h"
#include "items/fleetworkspace.h"
#include "kinds/kindregistry.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTreeView>

#include <cstdio>
#include <ctime>

using namespace minato;
using bench::spinFor;
using bench::spinUntil;

namespace {

double threadCpuSeconds()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

// Counts the paint events a widget receives.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget* widget)
        : QObject(widget)
    {
        widget->installEventFilter(this);
    }
    qint64 count = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // The watchdog's own warnings are counted below instead.
    QLoggingCategory::setFilterRules(QStringLiteral("minato.*.info=false\nminato.gui.watchdog.warning=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    auto option = [&parser](const char* name, const char* help, const char* value, const char* fallback) {
        return bench::addOption(parser, name, help, value, fallback);
    };
    const auto clustersOption = option("clusters", "Simulated clusters.", "n", "50");
    const auto podsOption = option("pods", "Pods per simulated cluster.", "m", "2000");
    const auto speedOption = option("speed", "minato-sim --speed.", "f", "1");
    const auto scenarioOption = option("scenario", "minato-sim --scenario.", "file", "");
    const auto simOption = option("sim", "minato-sim binary.", "path", MINATO_SIM_BINARY);
    const auto windowOption = option("window", "Measuring window in seconds.", "s", "60");
    parser.process(app);
    const double windowSeconds = std::max(1.0, parser.value(windowOption).toDouble());

    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess sim;
    QStringList arguments { QStringLiteral("--clusters"), parser.value(clustersOption),
        QStringLiteral("--pods-per-cluster"), parser.value(podsOption), QStringLiteral("--speed"),
        parser.value(speedOption), QStringLiteral("--kubeconfig-out"), kubeconfig };
    if (parser.isSet(scenarioOption))
        arguments += { QStringLiteral("--scenario"), parser.value(scenarioOption) };
    if (bench::startSimulator(sim, parser.value(simOption), arguments, 900000).isEmpty()) {
        std::fprintf(stderr, "minato-sim did not become ready\n");
        return 1;
    }

    fleet::FleetLoadOptions load;
    load.kubeconfigFiles = { kubeconfig };
    load.fleetFile = QStringLiteral("/dev/null/no-fleet.yaml");
    const fleet::FleetLoadResult loaded = fleet::FleetLoader::load(load);
    fleet::FleetEngineOptions options;
    options.connectAllUpTo = 1000; // the whole fleet, as a small one would
    const auto kinds = kinds::KindRegistry::builtin();
    fleet::FleetEngine engine(kinds.catalog(), options);
    items::FleetWorkspace workspace(kinds, &engine);
    MainWindow window(&workspace);
    window.resize(1400, 900);
    window.show();
    PaintCounter overviewPaints(window.overview()->treeView()->viewport());

    QElapsedTimer clock;
    clock.start();
    bench::SessionTimings timings(&engine, clock);
    engine.setFleet(loaded.fleet, loaded.fleetConfig);
    engine.start();
    const bool live = spinUntil([&] { return engine.progress().isSettled(); }, 600);
    const double liveSeconds = double(clock.elapsed()) / 1000.0;
    std::fprintf(stderr, "settled after %.1f s (%lld pods)\n", liveSeconds, static_cast<long long>(timings.podsInStores()));
    spinFor(5); // the first summaries and findings of a just-settled fleet

    constexpr int StallBudgetMs = 50;
    items::EventLoopWatchdog watchdog(20, StallBudgetMs);
    int stallsOverBudget = 0;
    QObject::connect(&watchdog, &items::EventLoopWatchdog::stalled, [&stallsOverBudget] { ++stallsOverBudget; });
    watchdog.start();
    const qint64 paintsStart = overviewPaints.count;
    const qint64 eventsStart = timings.watchEvents();
    const double cpuStart = threadCpuSeconds();
    QElapsedTimer measured;
    measured.start();
    spinFor(windowSeconds);
    const double elapsed = double(measured.nsecsElapsed()) / 1e9;
    const double cpuShare = (threadCpuSeconds() - cpuStart) / elapsed;
    const double eventsPerSecond = double(timings.watchEvents() - eventsStart) / elapsed;
    const double paintsPerSecond = double(overviewPaints.count - paintsStart) / elapsed;
    watchdog.stop();

    int missed = 0;
    auto verdict = [&missed](bool met) {
        missed += met ? 0 : 1;
        return met ? "met" : "**not met**";
    };
    std::printf("### the fleet window: %s clusters × %s pods, minato-sim --speed %s\n\n",
        qPrintable(parser.value(clustersOption)), qPrintable(parser.value(podsOption)),
        qPrintable(parser.value(speedOption)));
    std::printf("| measure | value | budget | met |\n|---|---|---|---|\n");
    std::printf("| every cluster settled | %.1f s%s (%lld pods) |  |  |\n", liveSeconds, live ? "" : ", timed out",
        static_cast<long long>(timings.podsInStores()));
    std::printf("| watch events applied in the window (%.0f s, bookmarks included) | %.0f /s | about 1,000 /s |  |\n",
        elapsed, eventsPerSecond);
    const bool busy = eventsPerSecond >= 500;
    std::printf("| longest GUI-thread stall (watchdog, 20 ms ticks) | %lld ms | ≤ %d ms | %s |\n",
        static_cast<long long>(watchdog.maxLatency()), StallBudgetMs,
        busy ? verdict(watchdog.maxLatency() <= StallBudgetMs) : "n/a: idle");
    std::printf("| ticks later than %d ms | %d of %lld |  |  |\n", StallBudgetMs, stallsOverBudget,
        static_cast<long long>(watchdog.samples()));
    std::printf("| GUI thread CPU | %.1f %% of one core | < 15 %% | %s |\n", cpuShare * 100,
        busy ? verdict(cpuShare < 0.15) : "n/a: idle");
    std::printf("| overview repaints | %.1f /s |  |  |\n", paintsPerSecond);
    std::printf("| process RSS | %lld MB |  |  |\n",
        static_cast<long long>(bench::procStatusKb(QCoreApplication::applicationPid(), "VmRSS:") / 1024));
    std::printf("\n");

    sim.terminate();
    sim.waitForFinished(30000);
    if (missed) {
        std::fprintf(stderr, "bench_window: %d budget(s) missed\n", missed);
        return 3;
    }
    return 0;
}
