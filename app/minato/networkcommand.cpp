// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "commandline.h"
#include "livefleet.h"

#include "analysis/networkreport.h"
#include "analysis/reportrenderer.h"

#include <QCommandLineParser>
#include <QTextStream>

using minato::analysis::NetworkRenderer;
using minato::analysis::NetworkReportCluster;

// Exit codes: 0 when every cluster is Live, 2 when some are not, 1 on usage errors.
int runNetworkCommand(const QStringList& arguments)
{
    QTextStream out(stdout);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to every matching cluster and print its pod network: the CNI (Calico or flannel), IP pools,\n"
        "BGP mesh, route reflectors and peers with their session state, how traffic between nodes is carried\n"
        "(direct, IPIP, VXLAN, WireGuard) and the MTU it leaves, address ranges shared with other clusters,\n"
        "and the network findings. -o dot writes one cluster's topology as a Graphviz graph.\n"
        "Exit status: 0 when every cluster is Live, 2 when some are not, 1 on usage errors."));
    const FleetSourceOptions source;
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, json, yaml or dot (one cluster)."), QStringLiteral("FORMAT"),
        QStringLiteral("table"));
    LiveFleet fleet;
    source.addTo(parser);
    fleet.addTo(parser);
    parser.addOption(outputOption);

    const CommandLine command(QStringLiteral("network"), parser);
    if (const auto done = command.parse(arguments, source.help))
        return *done;
    const QString formatName = parser.value(outputOption);
    const bool dot = formatName == QLatin1String("dot");
    const auto format = minato::parseOutputFormat(formatName);
    if (!dot && !format)
        return command.usageError(QStringLiteral("unknown output format \"%1\" (use table, json, yaml or dot)").arg(formatName));
    if (const auto problem = fleet.check(parser, source))
        return command.usageError(*problem);
    // Address overlaps are judged against the whole fleet: every context connects, and
    // --context only narrows what is printed.
    if (const auto error = fleet.connect(parser, source, QStringLiteral("network"), true))
        return command.usageError(*error);
    QList<NetworkReportCluster> clusters
        = NetworkReportCluster::build(fleet.clusters(), QDateTime::currentDateTimeUtc());
    clusters.removeIf([&fleet](const NetworkReportCluster& c) { return !fleet.isSelected(c.facts.name); });
    if (dot) {
        if (clusters.size() != 1)
            return command.usageError(QStringLiteral("-o dot draws one cluster; --context matched %1 (name one)")
                                  .arg(clusters.size()));
        out << NetworkRenderer::dot(clusters.first());
    } else if (*format == minato::OutputFormat::Table) {
        out << NetworkRenderer::table(clusters);
    } else {
        out << minato::analysis::ReportRenderer::renderDocument(*format, NetworkRenderer::document(clusters));
    }
    out.flush();
    return fleet.allLive() ? 0 : 2;
}
