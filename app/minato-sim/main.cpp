// SPDX-License-Identifier: Apache-2.0
// minato-sim: serves a simulated fleet of Kubernetes clusters on loopback. Wiring only; the
// fleet lives in models/sim.
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstdio>

using namespace minato::sim;

namespace {

int fail(const QString& message)
{
    std::fprintf(stderr, "minato-sim: %s\n", qPrintable(message));
    return 1;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("minato-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINATO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Serves a simulated fleet of Kubernetes clusters on 127.0.0.1, one API endpoint per cluster,\n"
                       "and writes a kubeconfig for it. Stops on SIGINT or SIGTERM."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
        QStringLiteral("Scenario file (default: the built-in demo fleet)."), QStringLiteral("file"));
    const QCommandLineOption speedOption(QStringLiteral("speed"),
        QStringLiteral("Simulated seconds per wall-clock second (default 1)."), QStringLiteral("factor"),
        QStringLiteral("1"));
    const QCommandLineOption basePortOption(QStringLiteral("base-port"),
        QStringLiteral("First port; clusters get consecutive ports (default 0: any free port each)."),
        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption plainOption(
        QStringLiteral("plain-http"), QStringLiteral("Serve plain HTTP instead of TLS (debugging)."));
    const QCommandLineOption kubeconfigOption(QStringLiteral("kubeconfig-out"),
        QStringLiteral("Where to write the fleet's kubeconfig (default: a file in the temporary folder)."),
        QStringLiteral("file"));
    const QCommandLineOption statsOption(QStringLiteral("stats-out"),
        QStringLiteral("Write request counts (by cluster, verb and path) here on exit."), QStringLiteral("file"));
    const QCommandLineOption clustersOption(QStringLiteral("clusters"),
        QStringLiteral("Scale mode: serve this many clusters, cycling through the scenario's."), QStringLiteral("n"));
    const QCommandLineOption podsOption(QStringLiteral("pods-per-cluster"),
        QStringLiteral("Scale mode: about this many pods in each cluster."), QStringLiteral("m"));
    parser.addOptions({ scenarioOption, speedOption, basePortOption, plainOption, kubeconfigOption, statsOption,
        clustersOption, podsOption });
    parser.process(app);

    const QString scenarioPath
        = parser.isSet(scenarioOption) ? parser.value(scenarioOption) : QStringLiteral(":/minato/scenarios/demo.yaml");
    QFile file(scenarioPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(scenarioPath, file.errorString()));
    auto scenario = Scenario::parse(file.readAll(), scenarioPath);
    if (!scenario)
        return fail(scenario.error().message + QLatin1Char('\n') + scenario.error().detail);

    bool ok = true;
    FleetOptions options;
    options.speed = parser.value(speedOption).toDouble(&ok);
    if (!ok || options.speed <= 0)
        return fail(QStringLiteral("--speed wants a positive number"));
    const int basePort = parser.value(basePortOption).toInt(&ok);
    if (!ok || basePort < 0 || basePort > 65535)
        return fail(QStringLiteral("--base-port wants a port number"));
    options.basePort = quint16(basePort);
    options.plainHttp = parser.isSet(plainOption);
    options.kubeconfigPath = parser.isSet(kubeconfigOption)
        ? QDir::current().absoluteFilePath(parser.value(kubeconfigOption))
        : QDir::temp().filePath(QStringLiteral("minato-sim-%1.kubeconfig").arg(QCoreApplication::applicationPid()));
    if (parser.isSet(statsOption))
        options.statsPath = QDir::current().absoluteFilePath(parser.value(statsOption));

    Scenario fleetScenario = *scenario;
    if (parser.isSet(clustersOption) || parser.isSet(podsOption)) {
        const int clusters
            = parser.isSet(clustersOption) ? parser.value(clustersOption).toInt(&ok) : int(scenario->clusters.size());
        const int pods = parser.isSet(podsOption) ? parser.value(podsOption).toInt() : 0;
        if (!ok || clusters <= 0 || pods < 0)
            return fail(QStringLiteral("--clusters and --pods-per-cluster want positive numbers"));
        fleetScenario = Scenario::scaled(*scenario, clusters, pods);
    }

    SimulatedFleet fleet(options);
    WorldDriver::populate(fleet, fleetScenario);
    fleet.setReadyCallback([](const FleetInfo& info) {
        // Scripts and tests wait for exactly this one line.
        std::fprintf(stdout, "%s\n", qPrintable(info.readyLine()));
        std::fflush(stdout);
    });
    const auto info = fleet.listen();
    if (!info)
        return fail(info.error().message + QLatin1Char(' ') + info.error().detail);
    fleet.run(true);
    if (!parser.isSet(kubeconfigOption))
        QFile::remove(options.kubeconfigPath);
    return 0;
}
