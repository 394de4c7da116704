// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "fleet/fleetloader.h"
#include "demofleet.h"
#include "findingsview.h"
#include "fleet/fleetengine.h"
#include "history/historystore.h"
#include "history/hpahistory.h"
#include "items/autoscalingworkspace.h"
#include "items/hpaactivitycache.h"
#include "items/hparecorder.h"
#include "items/changesetworkspace.h"
#include "items/eventloopwatchdog.h"
#include "items/findingsmodel.h"
#include "items/fleetworkspace.h"
#include "items/networkworkspace.h"
#include "kinds/kindregistry.h"
#include "resourcebrowserview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QIcon>
#include <QLineEdit>
#include <QStatusBar>
#include <QThreadPool>
#include <QTimer>
#include <QTextStream>

#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

namespace {

struct Subcommand
{
    const char* name;
    const char* summary;
    std::function<int(const QStringList&)> run;
};

const Subcommand kSubcommands[] = {
    { "contexts", "list the merged kubeconfig contexts with team, environment and diagnostics", runContextsCommand },
    { "report", "connect to the clusters; print state, nodes, pods, CNI, runtimes, HPAs", runReportCommand },
    { "network", "the pod network of each cluster: CNI, pools, BGP peers and sessions, encapsulation, MTU", runNetworkCommand },
    { "autoscaling", "every HPA: replicas, metrics, state, why it does not scale, scale events", runAutoscalingCommand },
    { "runtimes", "container runtimes: versions, skew, support, RuntimeClasses, failures, start latency",
        runRuntimesCommand },
    { "credentials", "store or remove a hand-added context's secret in the OS keychain", runCredentialsCommand },
    { "plan", "prepare scale, cordon, drain, restart, label … as reviewable YAML, never applied", runPlanCommand },
};

void printUsage(QTextStream& out)
{
    out << "Usage: minato [--demo [--scenario FILE]] [--kubeconfig FILE]... [--fleet FILE] [--timing]\n"
           "              [--open CONTEXT [--kind KIND] [--filter TEXT]]... [--triage] [--network] [--autoscaling]\n"
           "       minato COMMAND [options]\n\n"
           "Commands:\n";
    for (const auto& command : kSubcommands)
        out << "  " << command.name << "  " << command.summary << "\n";
    out << "\nRun 'minato COMMAND --help' for a command's options.\n";
}

// From main()'s first line to the first frame: the start-up budget is 500 ms.
QElapsedTimer& launchClock()
{
    static QElapsedTimer clock;
    return clock;
}

int runGui(int argc, char** argv)
{
    QApplication app(argc, argv);
    // Lets Wayland compositors match the window to the installed desktop entry and its icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.minato.Minato"));
    app.setWindowIcon(QIcon(QStringLiteral(":/minato/icons/minato.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A dashboard for a fleet of Kubernetes clusters."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kubeconfigOption(QStringLiteral("kubeconfig"),
        QStringLiteral("Kubeconfig file to load instead of KUBECONFIG or ~/.kube/config; repeatable."),
        QStringLiteral("FILE"));
    const QCommandLineOption fleetOption(QStringLiteral("fleet"),
        QStringLiteral("Fleet file (default: ~/.config/minato/fleet.yaml)."), QStringLiteral("FILE"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
        QStringLiteral("Start the simulated demo fleet in-process and open it."));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
        QStringLiteral("With --demo: the scenario file (default: the built-in demo fleet)."), QStringLiteral("FILE"));
    const QCommandLineOption timingOption(QStringLiteral("timing"),
        QStringLiteral("Print start-up timings (first window, fleet loaded, all clusters settled) to stderr."));
    const QCommandLineOption watchdogOption(QStringLiteral("watchdog"),
        QStringLiteral("Warn when the GUI thread is blocked for more than 200 ms (always on in debug builds)."));
    const QCommandLineOption openOption(QStringLiteral("open"),
        QStringLiteral("Open this cluster in the browser once loaded; repeatable (several: the cross-cluster table)."),
        QStringLiteral("CONTEXT"));
    const QCommandLineOption kindOption(QStringLiteral("kind"), QStringLiteral("With --open: the kind to show (pods, deploy, hpa …, or any resource the cluster serves: svc, ipamblocks.crd.projectcalico.org)."),
        QStringLiteral("KIND"));
    const QCommandLineOption filterOption(QStringLiteral("filter"), QStringLiteral("With --open: the table filter."),
        QStringLiteral("TEXT"));
    const QCommandLineOption triageOption(QStringLiteral("triage"),
        QStringLiteral("Start in the triage layout: the findings list large, its worst finding selected (Ctrl+T)."));
    const QCommandLineOption networkOption(QStringLiteral("network"),
        QStringLiteral("Start in the network tab (Ctrl+8): the fleet matrix, and with --open that cluster's topology."));
    const QCommandLineOption autoscalingOption(QStringLiteral("autoscaling"),
        QStringLiteral("Start in the autoscaling tab (Ctrl+9): every HPA, and with --open that cluster's first."));
    parser.addOptions({ kubeconfigOption, fleetOption, demoOption, scenarioOption, timingOption, watchdogOption, openOption,
        kindOption, filterOption, triageOption, networkOption, autoscalingOption });
    parser.process(app);
    const bool timing = parser.isSet(timingOption);
    auto note = [timing](const char* what) {
        if (timing)
            std::fprintf(stderr, "minato: %s after %lld ms\n", what, static_cast<long long>(launchClock().elapsed()));
    };

    minato::items::EventLoopWatchdog watchdog;
#ifndef NDEBUG
    watchdog.start();
#else
    if (parser.isSet(watchdogOption))
        watchdog.start();
#endif

    const minato::kinds::KindRegistry kinds = minato::kinds::KindRegistry::builtin();
    minato::fleet::FleetEngine engine(kinds.catalog());
    minato::items::FleetWorkspace workspace(kinds, &engine);
    minato::items::ChangeSetWorkspace changes(&engine);
    minato::items::NetworkWorkspace network(&engine, workspace.tracker());
    minato::items::AutoscalingWorkspace autoscaling(&engine);
    // HPA history: recorded while the window is open, kept across restarts (docs/autoscaling.md).
    minato::history::HistoryOptions historyOptions;
    historyOptions.filePath = minato::items::historyFilePath(parser.isSet(demoOption));
    minato::history::HistoryStore historyStore(historyOptions);
    historyStore.open();
    minato::history::HpaHistory hpaHistory(historyStore);
    minato::items::HpaRecorder recorder(&engine, &hpaHistory);
    autoscaling.setHistoryLookup(minato::items::historyLookup(hpaHistory));
    // The table's rows read replica runs kept in memory, loaded off the GUI thread.
    minato::items::HpaActivityCache activity(&historyStore, &recorder);
    autoscaling.setActivityLookup(activity.lookup());
    QObject::connect(&activity, &minato::items::HpaActivityCache::loaded, &autoscaling,
        &minato::items::AutoscalingWorkspace::reevaluateNow);
    activity.load();
    MainWindow window(&workspace);
    window.setFindingsWidget(new FindingsView(workspace.findings(), workspace.overview()));
    window.setChangeSetWorkspace(&changes);
    window.setNetworkWorkspace(&network);
    window.setAutoscalingWorkspace(&autoscaling);
    window.restoreSettings();
    QObject::connect(&window, &MainWindow::firstExposed, &window, [&] { note("first window on screen"); });
    window.show();
    if (!historyStore.openDiagnostic().isEmpty())
        window.statusBar()->showMessage(historyStore.openDiagnostic(), 15000);
    if (parser.isSet(triageOption))
        QMetaObject::invokeMethod(&window, &MainWindow::showTriage, Qt::QueuedConnection);
    if (parser.isSet(networkOption)) {
        const QString cluster = parser.values(openOption).value(0);
        QMetaObject::invokeMethod(&window, [&window, cluster] { window.showNetwork(cluster); }, Qt::QueuedConnection);
    }
    if (parser.isSet(autoscalingOption)) {
        const QString cluster = parser.values(openOption).value(0);
        QMetaObject::invokeMethod(&window, [&window, cluster] { window.showAutoscaling(cluster); }, Qt::QueuedConnection);
    }

    std::unique_ptr<DemoFleet> demo;
    auto loadFleet = [&](const minato::fleet::FleetLoadOptions& options) {
        const auto loaded = minato::fleet::FleetLoader::load(options);
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.start();
        note("fleet loaded");
        window.statusBar()->showMessage(
            QCoreApplication::translate("main", "%n cluster(s) loaded", nullptr, int(loaded.fleet.clusters.size())), 5000);
        if (parser.isSet(openOption)) {
            workspace.browseClusters(parser.values(openOption));
            if (parser.isSet(kindOption))
                workspace.openResource(parser.value(kindOption));
            if (parser.isSet(filterOption))
                window.browser()->filterEdit()->setText(parser.value(filterOption));
            // Rows arrive as the clusters sync; select the first one once there is one.
            QTimer::singleShot(3000, &window, [&window] { window.browser()->focusTable(); });
        }
    };
    QObject::connect(&engine, &minato::fleet::FleetEngine::progressChanged, &window,
        [&, reported = false](const minato::fleet::FleetProgress& progress) mutable {
            if (!reported && progress.clusters > 0 && progress.isSettled() && progress.connected == progress.clusters) {
                reported = true;
                note("every cluster settled");
            }
        });

    if (parser.isSet(demoOption)) {
        const QString scenario = parser.isSet(scenarioOption) ? parser.value(scenarioOption)
                                                              : QStringLiteral(":/minato/scenarios/demo.yaml");
        demo = std::make_unique<DemoFleet>(scenario);
        window.statusBar()->showMessage(QCoreApplication::translate("main", "Starting the demo fleet…"));
        // The simulator makes its CA and binds its ports off the GUI thread; the window is
        // already up and stays responsive meanwhile.
        QThreadPool::globalInstance()->start([&window, &demo, &loadFleet, &note] {
            auto files = demo->start();
            QMetaObject::invokeMethod(
                &window,
                [&window, &loadFleet, &note, files = std::move(files)] {
                    note("demo fleet serving");
                    if (!files) {
                        window.statusBar()->showMessage(QCoreApplication::translate("main", "Demo fleet failed: %1")
                                                            .arg(files.error().message));
                        return;
                    }
                    loadFleet(files->loadOptions());
                },
                Qt::QueuedConnection);
        });
    } else {
        // Loading reads a handful of small files; it runs after the window is up so the first
        // frame never waits for it.
        QMetaObject::invokeMethod(
            &window,
            [&] {
                minato::fleet::FleetLoadOptions options;
                options.kubeconfigFiles = parser.values(kubeconfigOption);
                options.fleetFile = parser.value(fleetOption);
                loadFleet(options);
            },
            Qt::QueuedConnection);
    }
    const int result = app.exec();
    engine.disconnectAll();
    if (demo)
        demo->stop();
    QThreadPool::globalInstance()->waitForDone();
    return result;
}

} // namespace

int main(int argc, char** argv)
{
    launchClock().start();
    QCoreApplication::setOrganizationName(QStringLiteral("minato"));
    QCoreApplication::setApplicationName(QStringLiteral("minato"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINATO_VERSION));

    if (argc > 1) {
        if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
            QTextStream out(stdout);
            printUsage(out);
            return 0;
        }
        for (const auto& command : kSubcommands) {
            if (std::strcmp(argv[1], command.name) == 0) {
                QCoreApplication app(argc, argv);
                QStringList arguments = app.arguments();
                arguments.remove(0, 2);
                return command.run(arguments);
            }
        }
    }
    return runGui(argc, argv);
}
