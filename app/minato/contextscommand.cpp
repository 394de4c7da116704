// SPDX-License-Identifier: Apache-2.0
#include "commands.h"
#include "fleetsourceoptions.h"

#include "fleet/contextsreport.h"
#include "fleet/fleetloader.h"

#include <QCommandLineParser>
#include <QTextStream>

using minato::fleet::ContextsReport;

// Exit codes: 0 when the report was printed (diagnostics are part of the report), 2 on bad usage.
int runContextsCommand(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("List the merged kubeconfig contexts with team, environment, labels and diagnostics."));
    const FleetSourceOptions source;
    const QCommandLineOption outputOption({ QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Output format: table, yaml or json."), QStringLiteral("FORMAT"), QStringLiteral("table"));
    source.addTo(parser);
    parser.addOption(outputOption);

    // QCommandLineParser expects the program name first; `arguments` starts after "contexts".
    // helpText() names the executable's full path; people type "minato contexts".
    auto helpText = [&parser]() -> QString {
        QString text = parser.helpText();
        const qsizetype end = text.indexOf(QLatin1Char('\n'));
        return QStringLiteral("Usage: minato contexts [options]") + text.mid(end);
    };
    if (!parser.parse(QStringList { QStringLiteral("minato") } + arguments)) {
        err << "minato contexts: " << parser.errorText() << "\n\n" << helpText();
        return 2;
    }
    if (parser.isSet(source.help)) {
        out << helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "minato contexts: unexpected argument " << parser.positionalArguments().first() << "\n";
        return 2;
    }
    const auto format = minato::parseOutputFormat(parser.value(outputOption));
    if (!format) {
        err << "minato contexts: unknown output format \"" << parser.value(outputOption)
            << "\" (use table, yaml or json)\n";
        return 2;
    }

    const minato::fleet::FleetLoadOptions options = source.loadOptions(parser);
    const minato::fleet::FleetLoadResult result = minato::fleet::FleetLoader::load(options);
    out << ContextsReport::render(*format, result.fleet, result.kubeconfig);
    return 0;
}
