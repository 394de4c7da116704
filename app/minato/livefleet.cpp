// SPDX-License-Identifier: Apache-2.0
#include "livefleet.h"

#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "kinds/kindregistry.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

std::optional<QString> LiveFleet::check(const QCommandLineParser& parser, const FleetSourceOptions& source) const
{
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0)
        return QStringLiteral("--timeout wants a positive number of seconds");
    if (parser.isSet(demo) && source.namesSource(parser))
        return QStringLiteral("--demo brings its own kubeconfig; leave out --kubeconfig and --fleet");
    return std::nullopt;
}

std::optional<QString> LiveFleet::connect(
    const QCommandLineParser& parser, const FleetSourceOptions& source, const QString& command, bool everyContext)
{
    // The output is the product; progress logging is for when something needs explaining.
    QLoggingCategory::setFilterRules(
        parser.isSet(verbose) ? QStringLiteral("minato.*.debug=true") : QStringLiteral("minato.*.info=false"));
    const double seconds = parser.value(timeout).toDouble();
    minato::fleet::ReportOptions options;
    options.load = source.loadOptions(parser);
    options.contextGlob = parser.value(context);
    options.connectEveryContext = everyContext;
    options.timeout = std::chrono::milliseconds(qint64(seconds * 1000));

    // The demo fleet, served in this process on loopback ports for the length of the command;
    // it brings its own kubeconfig and fleet.yaml, so the user's never classify it.
    if (parser.isSet(demo)) {
        m_demo.emplace(QStringLiteral(":/minato/scenarios/demo.yaml"));
        const auto files = m_demo->start();
        if (!files)
            return QStringLiteral("cannot start the demo fleet: ") + files.error().message;
        options.load = files->loadOptions();
    }
    m_run = std::make_unique<minato::fleet::ReportRun>(minato::kinds::KindRegistry::builtin().catalog(), options);
    if (const std::optional<QString> error = m_run->start())
        return error;
    QObject::connect(m_run.get(), &minato::fleet::ReportRun::finished, QCoreApplication::instance(),
        &QCoreApplication::quit, Qt::QueuedConnection);
    QCoreApplication::exec();
    if (m_run->timedOut())
        QTextStream(stderr) << "minato " << command << ": gave up waiting after " << seconds
                            << " s; clusters still connecting are reported as they are\n";
    return std::nullopt;
}

QList<minato::analysis::ReportCluster> LiveFleet::clusters() const
{
    QList<minato::analysis::ReportCluster> out;
    if (m_run)
        for (const minato::fleet::ClusterSession* session : m_run->engine()->sessions())
            out.append({ session->facts(), session->store() });
    return out;
}

bool LiveFleet::allLive() const
{
    return m_run && m_run->allLive();
}
