// SPDX-License-Identifier: Apache-2.0
#include "reportrun.h"

#include <QRegularExpression>

namespace minato::fleet {

namespace {

// Qt's wildcards stop `*` at '/', but context names are not paths (EKS ARNs hold slashes):
// slashes are hidden from the matcher on both sides, as fleet.yaml's rules do.
QString hideSlashes(QString text)
{
    return text.replace(QLatin1Char('/'), QChar(0xE000));
}

} // namespace

ReportRun::ReportRun(KindCatalog kinds, ReportOptions options, QObject* parent)
    : QObject(parent)
    , m_kinds(std::move(kinds))
    , m_options(std::move(options))
    , m_timeout(this)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        finish();
    });
}

ReportRun::~ReportRun() = default;

std::optional<QString> ReportRun::start()
{
    const FleetLoadResult loaded = FleetLoader::load(m_options.load);
    Fleet fleet = loaded.fleet;
    if (!m_options.contextGlob.isEmpty()) {
        const QRegularExpression pattern(
            QRegularExpression::wildcardToRegularExpression(hideSlashes(m_options.contextGlob)));
        if (!pattern.isValid())
            return QStringLiteral("--context: \"%1\" is not a valid glob").arg(m_options.contextGlob);
        const auto unmatched
            = [&pattern](const FleetCluster& c) { return !pattern.match(hideSlashes(c.name())).hasMatch(); };
        if (std::all_of(fleet.clusters.cbegin(), fleet.clusters.cend(), unmatched))
            return QStringLiteral("no context matches \"%1\"").arg(m_options.contextGlob);
        if (m_options.connectEveryContext) {
            for (const FleetCluster& c : std::as_const(fleet.clusters))
                if (unmatched(c))
                    m_unselected.insert(c.name());
        } else {
            fleet.clusters.removeIf(unmatched);
        }
    }
    if (fleet.clusters.isEmpty())
        return QStringLiteral("the kubeconfig has no contexts");

    m_engine = std::make_unique<FleetEngine>(m_kinds, m_options.engine);
    connect(m_engine.get(), &FleetEngine::progressChanged, this, &ReportRun::checkSettled);
    m_engine->setFleet(fleet, loaded.fleetConfig);
    m_engine->connectAll(); // a report asks about every matching cluster, pinned or not
    m_timeout.start(m_options.timeout);
    checkSettled();
    return std::nullopt;
}

void ReportRun::checkSettled()
{
    if (!m_engine || m_finished)
        return;
    const FleetProgress progress = m_engine->progress();
    if (progress.connected == progress.clusters && progress.isSettled())
        finish();
}

void ReportRun::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    Q_EMIT finished();
}

bool ReportRun::allLive() const
{
    if (!m_engine || m_engine->sessions().isEmpty())
        return false;
    const QList<ClusterSession*> sessions = m_engine->sessions();
    return std::all_of(sessions.cbegin(), sessions.cend(), [this](const ClusterSession* s) {
        return s->state() == SessionState::Live || !isSelected(s->facts().name);
    });
}

} // namespace minato::fleet
