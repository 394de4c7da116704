// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "commandline.h"
#include "livefleet.h"

#include "analysis/autoscalingreport.h"
#include "analysis/reportrenderer.h"
#include "history/historystore.h"
#include "history/hpahistory.h"
#include "items/hparecorder.h"
#include "util/duration.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFileInfo>
#include <QTextStream>

using minato::analysis::AutoscalingRenderer;
using minato::analysis::AutoscalingRow;

// Exit codes: 0 when every cluster is Live, 2 when some are not, 1 on usage errors.
int runAutoscalingCommand(const QStringList& arguments)
{
    QTextStream out(stdout);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to every matching cluster and print each HorizontalPodAutoscaler: its replicas and metrics,\n"
        "a state (scaling normally, idle at min, limited, pinned at max, flapping, unable to scale), the\n"
        "diagnosis of why it does not scale (target, metrics APIs, metrics-server, requests, conditions,\n"
        "tolerance, behavior) and its scale events over --since.\n"
        "Exit status: 0 when every cluster is Live, 2 when some are not, 1 on usage errors."));
    const FleetSourceOptions source;
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, json or yaml."), QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption sinceOption(QStringLiteral("since"),
        QStringLiteral("The window of scale events, e.g. 1h, 24h, 7d (default 24h)."), QStringLiteral("DURATION"),
        QStringLiteral("24h"));
    LiveFleet fleet;
    source.addTo(parser);
    fleet.addTo(parser);
    parser.addOptions({ outputOption, sinceOption });

    const CommandLine command(QStringLiteral("autoscaling"), parser);
    if (const auto done = command.parse(arguments, source.help))
        return *done;
    const QString formatName = parser.value(outputOption);
    const auto format = minato::parseOutputFormat(formatName);
    if (!format)
        return command.usageError(QStringLiteral("unknown output format \"%1\" (use table, json or yaml)").arg(formatName));
    const std::optional<qint64> since = minato::parseDuration(parser.value(sinceOption));
    if (!since)
        return command.usageError(
            QStringLiteral("--since \"%1\" is not a duration (like 90s, 15m, 24h or 7d)").arg(parser.value(sinceOption)));
    if (const auto problem = fleet.check(parser, source))
        return command.usageError(*problem);
    if (const auto error = fleet.connect(parser, source, QStringLiteral("autoscaling")))
        return command.usageError(*error);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<minato::analysis::ReportCluster> clusters = fleet.clusters();
    clusters.removeIf([&fleet](const minato::analysis::ReportCluster& c) { return !fleet.isSelected(c.facts.name); });
    // What the window recorded (or backfilled), when it ever ran on this machine.
    std::unique_ptr<minato::history::HistoryStore> store;
    std::unique_ptr<minato::history::HpaHistory> history;
    minato::analysis::HpaHistoryLookup lookup;
    const QString historyPath = minato::items::historyFilePath(parser.isSet(fleet.demo));
    if (QFileInfo::exists(historyPath)) {
        minato::history::HistoryOptions options;
        options.filePath = historyPath;
        store = std::make_unique<minato::history::HistoryStore>(options);
        if (store->open()) {
            history = std::make_unique<minato::history::HpaHistory>(*store);
            lookup = minato::items::historyLookup(*history);
        }
        if (!store->openDiagnostic().isEmpty())
            QTextStream(stderr) << "minato autoscaling: " << store->openDiagnostic() << '\n';
    }
    const QList<AutoscalingRow> rows = AutoscalingRow::build(clusters, now, now - *since, lookup);
    if (*format == minato::OutputFormat::Table)
        out << AutoscalingRenderer::table(rows, now);
    else
        out << minato::analysis::ReportRenderer::renderDocument(*format, AutoscalingRenderer::document(rows, now, now - *since));
    out.flush();
    return fleet.allLive() ? 0 : 2;
}
