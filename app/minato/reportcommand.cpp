// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "fleetsourceoptions.h"
#include "demofleet.h"

#include "analysis/findingsreport.h"
#include "fleet/clusterstore.h"
#include "analysis/reportrenderer.h"
#include "fleet/reportrun.h"
#include "kinds/kindregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <optional>

using minato::analysis::ClusterSummary;
using minato::analysis::ReportRenderer;

// Exit codes: 0 when every cluster is Live, 2 when some are not, 1 on usage errors.
int runReportCommand(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Connect to every matching cluster at once, wait until each is Live or has failed, and print its state,\n"
        "version, nodes, pods, failing pods, CNI, container runtimes, HPAs and triage findings.\n"
        "Exit status: 0 when every cluster is Live, 2 when some are not, 1 on usage errors."));
    const FleetSourceOptions source;
    const QCommandLineOption contextOption(QStringLiteral("context"),
        QStringLiteral("Only contexts matching this glob (* ? [...])."), QStringLiteral("GLOB"));
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, yaml or json."), QStringLiteral("FORMAT"), QStringLiteral("table"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
        QStringLiteral("Seconds to wait for the clusters (default 60)."), QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QStringLiteral("Report on the built-in simulated demo fleet instead of a kubeconfig."));
    const QCommandLineOption verboseOption({ QStringLiteral("v"), QStringLiteral("verbose") },
        QStringLiteral("Log connection progress to standard error."));
    source.addTo(parser);
    parser.addOptions({ contextOption, outputOption, timeoutOption,
        demoOption, verboseOption });

    auto helpText = [&parser]() -> QString {
        QString text = parser.helpText();
        const qsizetype end = text.indexOf(QLatin1Char('\n'));
        return QStringLiteral("Usage: minato report [options]") + text.mid(end);
    };
    auto usageError = [&err](const QString& message) {
        err << "minato report: " << message << "\n";
        return 1;
    };
    if (!parser.parse(QStringList { QStringLiteral("minato") } + arguments))
        return usageError(parser.errorText() + QStringLiteral("\n\n") + helpText());
    if (parser.isSet(source.help)) {
        out << helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument ") + parser.positionalArguments().first());
    const auto format = minato::parseOutputFormat(parser.value(outputOption));
    if (!format)
        return usageError(
            QStringLiteral("unknown output format \"%1\" (use table, yaml or json)").arg(parser.value(outputOption)));
    bool ok = false;
    const double seconds = parser.value(timeoutOption).toDouble(&ok);
    if (!ok || seconds <= 0)
        return usageError(QStringLiteral("--timeout wants a positive number of seconds"));
    if (parser.isSet(demoOption) && source.namesSource(parser))
        return usageError(QStringLiteral("--demo brings its own kubeconfig; leave out --kubeconfig and --fleet"));

    // The report is the output; progress logging is for when something needs explaining.
    QLoggingCategory::setFilterRules(
        parser.isSet(verboseOption) ? QStringLiteral("minato.*.debug=true") : QStringLiteral("minato.*.info=false"));

    minato::fleet::ReportOptions options;
    options.load = source.loadOptions(parser);
    options.contextGlob = parser.value(contextOption);
    options.timeout = std::chrono::milliseconds(qint64(seconds * 1000));

    // The demo fleet, served in this process on loopback ports for the length of the report;
    // it brings its own kubeconfig and fleet.yaml, so the user's never classify it.
    std::optional<DemoFleet> demo;
    if (parser.isSet(demoOption)) {
        demo.emplace(QStringLiteral(":/minato/scenarios/demo.yaml"));
        const auto files = demo->start();
        if (!files)
            return usageError(QStringLiteral("cannot start the demo fleet: ") + files.error().message);
        options.load = files->loadOptions();
    }

    minato::fleet::ReportRun run(minato::kinds::KindRegistry::builtin().catalog(), options);
    if (const std::optional<QString> error = run.start())
        return usageError(*error);
    QObject::connect(&run, &minato::fleet::ReportRun::finished, QCoreApplication::instance(), &QCoreApplication::quit,
        Qt::QueuedConnection);
    QCoreApplication::exec();
    if (run.timedOut())
        err << "minato report: gave up waiting after " << seconds
            << " s; clusters still connecting are reported as they are\n";
    QList<minato::analysis::ReportCluster> clusters;
    QList<ClusterSummary> summaries;
    for (const minato::fleet::ClusterSession* session : run.engine()->sessions()) {
        clusters.append({ session->facts(), session->store() });
        summaries.append(ClusterSummary::compute(clusters.last().facts, *session->store()));
    }
    // Triage findings: counted per cluster in the table, listed below it and in -o yaml/json.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto findings = minato::analysis::FindingsReport::evaluate(clusters, now);
    minato::analysis::FindingsReport::countInto(summaries, findings);
    out << minato::analysis::FindingsReport::render(*format, summaries, findings, now);
    out.flush();
    return run.allLive() ? 0 : 2;
}
