// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "demofleet.h"
#include "fleetsourceoptions.h"

#include "analysis/findingsreport.h"
#include "fleet/reportrun.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>
#include <optional>

// What the headless commands that read the live fleet once (report, network) share: the
// --context, --timeout, --demo and -v options, connecting every matching cluster (or the
// built-in demo fleet) and waiting until each is Live or has failed.
class LiveFleet
{
public:
    QCommandLineOption context { QStringLiteral("context"), QStringLiteral("Only contexts matching this glob (* ? [...])."),
        QStringLiteral("GLOB") };
    QCommandLineOption timeout { QStringLiteral("timeout"), QStringLiteral("Seconds to wait for the clusters (default 60)."),
        QStringLiteral("S"), QStringLiteral("60") };
    QCommandLineOption demo { QStringLiteral("demo"),
        QStringLiteral("Use the built-in simulated demo fleet instead of a kubeconfig.") };
    QCommandLineOption verbose { { QStringLiteral("v"), QStringLiteral("verbose") },
        QStringLiteral("Log connection progress to standard error.") };

    void addTo(QCommandLineParser& parser) const { parser.addOptions({ context, timeout, demo, verbose }); }
    // Checks the options; a usage error's text when they do not fit together.
    std::optional<QString> check(const QCommandLineParser& parser, const FleetSourceOptions& source) const;
    // Connects and runs the event loop until the fleet has settled (or the timeout); an error
    // text when there is nothing to connect to. Warns on stderr when it gave up waiting.
    // With everyContext, all contexts connect and --context only selects what is reported.
    std::optional<QString> connect(const QCommandLineParser& parser, const FleetSourceOptions& source,
        const QString& command, bool everyContext = false);

    QList<minato::analysis::ReportCluster> clusters() const; // every connected cluster
    bool isSelected(const QString& context) const { return m_run && m_run->isSelected(context); }
    bool allLive() const;
    minato::fleet::ReportRun* run() const { return m_run.get(); }

private:
    std::optional<DemoFleet> m_demo;
    std::unique_ptr<minato::fleet::ReportRun> m_run;
};
