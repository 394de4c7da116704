// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "commandline.h"
#include "livefleet.h"

#include "analysis/findingsreport.h"
#include "fleet/clusterstore.h"
#include "analysis/reportrenderer.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

using minato::analysis::ClusterSummary;
using minato::analysis::ReportRenderer;

// Exit codes: 0 when every cluster is Live, 2 when some are not, 1 on usage errors.
int runReportCommand(const QStringList& arguments)
{
    QTextStream out(stdout);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to every matching cluster at once, wait until each is Live or has failed, and print its state,\n"
        "version, nodes, pods, failing pods, CNI, container runtimes, HPAs and triage findings.\n"
        "Exit status: 0 when every cluster is Live, 2 when some are not, 1 on usage errors."));
    const FleetSourceOptions source;
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, yaml or json."), QStringLiteral("FORMAT"), QStringLiteral("table"));
    LiveFleet fleet;
    source.addTo(parser);
    fleet.addTo(parser);
    parser.addOption(outputOption);

    const CommandLine command(QStringLiteral("report"), parser);
    if (const auto done = command.parse(arguments, source.help))
        return *done;
    const auto format = minato::parseOutputFormat(parser.value(outputOption));
    if (!format)
        return command.usageError(
            QStringLiteral("unknown output format \"%1\" (use table, yaml or json)").arg(parser.value(outputOption)));
    if (const auto problem = fleet.check(parser, source))
        return command.usageError(*problem);
    if (const auto error = fleet.connect(parser, source, QStringLiteral("report")))
        return command.usageError(*error);
    const QList<minato::analysis::ReportCluster> clusters = fleet.clusters();
    QList<ClusterSummary> summaries;
    for (const minato::analysis::ReportCluster& cluster : clusters)
        summaries.append(ClusterSummary::compute(cluster.facts, *cluster.store));
    // Triage findings: counted per cluster in the table, listed below it and in -o yaml/json.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto findings = minato::analysis::FindingsReport::evaluate(clusters, now);
    minato::analysis::FindingsReport::countInto(summaries, findings);
    out << minato::analysis::FindingsReport::render(*format, summaries, findings, now);
    out.flush();
    return fleet.allLive() ? 0 : 2;
}
