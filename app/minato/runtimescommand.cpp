// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "commandline.h"
#include "livefleet.h"

#include "analysis/reportrenderer.h"
#include "analysis/runtimesreport.h"
#include "util/duration.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QTextStream>

using minato::analysis::RuntimesRenderer;
using minato::analysis::RuntimesReport;

// Exit codes: 0 when every cluster is Live, 2 when some are not, 1 on usage errors.
int runRuntimesCommand(const QStringList& arguments)
{
    QTextStream out(stdout);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to every matching cluster and print its container runtimes: per runtime and version the\n"
        "nodes, the kubelet/kube-proxy version skew against the API server and the runtime's support\n"
        "(dockershim, cri-o's minor, containerd's end of life); the nodes to look at; the RuntimeClasses\n"
        "and the nodes that can run them; the runtime-caused pod failures and events per hour over --since;\n"
        "and the pod start latency (PodScheduled to the first container running) per runtime and class.\n"
        "Exit status: 0 when every cluster is Live, 2 when some are not, 1 on usage errors."));
    const FleetSourceOptions source;
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, json or yaml."), QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption sinceOption(QStringLiteral("since"),
        QStringLiteral("The window of runtime events, e.g. 1h, 24h (default 1h)."), QStringLiteral("DURATION"),
        QStringLiteral("1h"));
    LiveFleet fleet;
    source.addTo(parser);
    fleet.addTo(parser);
    parser.addOptions({ outputOption, sinceOption });

    const CommandLine command(QStringLiteral("runtimes"), parser);
    if (const auto done = command.parse(arguments, source.help))
        return *done;
    const QString formatName = parser.value(outputOption);
    const auto format = minato::parseOutputFormat(formatName);
    if (!format)
        return command.usageError(QStringLiteral("unknown output format \"%1\" (use table, json or yaml)").arg(formatName));
    const std::optional<qint64> since = minato::parseDuration(parser.value(sinceOption));
    if (!since)
        return command.usageError(
            QStringLiteral("--since \"%1\" is not a duration (like 90s, 15m, 1h or 7d)").arg(parser.value(sinceOption)));
    if (const auto problem = fleet.check(parser, source))
        return command.usageError(*problem);
    if (const auto error = fleet.connect(parser, source, QStringLiteral("runtimes")))
        return command.usageError(*error);

    QList<minato::analysis::ReportCluster> clusters = fleet.clusters();
    clusters.removeIf([&fleet](const minato::analysis::ReportCluster& c) { return !fleet.isSelected(c.facts.name); });
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const RuntimesReport report = RuntimesReport::build(clusters, now, *since / 1000);
    if (*format == minato::OutputFormat::Table)
        out << RuntimesRenderer::table(report);
    else
        out << minato::analysis::ReportRenderer::renderDocument(*format, RuntimesRenderer::document(report));
    out.flush();
    return fleet.allLive() ? 0 : 2;
}
