// SPDX-License-Identifier: Apache-2.0
#include "items/networkworkspace.h"

#include "analysis/findingtracker.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "items/networkmatrixmodel.h"

namespace minato::items {

namespace {

    // The kinds a topology is built from; pods, events and the rest churn without changing it.
    bool touchesNetwork(const fleet::StoreChange& change)
    {
        using fleet::WatchedKind;
        for (const fleet::KindChange& kind : change.kinds) {
            switch (kind.kind) {
            case WatchedKind::Nodes:
            case WatchedKind::ConfigMaps:
            case WatchedKind::CalicoIpPools:
            case WatchedKind::CalicoBgpConfigurations:
            case WatchedKind::CalicoBgpPeers:
            case WatchedKind::CalicoFelixConfigurations:
            case WatchedKind::CalicoBlockAffinities:
            case WatchedKind::CalicoNodeStatuses:
                return true;
            default:
                break;
            }
        }
        return false;
    }

    QList<analysis::Finding> networkFindings(const analysis::FindingTracker* tracker, const QString& cluster)
    {
        QList<analysis::Finding> out;
        if (!tracker)
            return out;
        for (analysis::Finding& f : tracker->findings(cluster))
            if (f.ruleId.startsWith(QLatin1String("network.")))
                out.append(std::move(f));
        return out;
    }

} // namespace

NetworkWorkspace::NetworkWorkspace(fleet::FleetEngine* engine, analysis::FindingTracker* tracker, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_tracker(tracker)
    , m_matrix(new NetworkMatrixModel(this))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &NetworkWorkspace::rebuildNow);
    connect(engine, &fleet::FleetEngine::sessionsChanged, this, &NetworkWorkspace::syncSessions);
    connect(engine, &fleet::FleetEngine::sessionChanged, this, [this](const QString& context) {
        if (auto it = m_clusters.find(context); it != m_clusters.end()) {
            it->second.dirty = true; // a new state or version: the facts the matrix shows
            m_timer.start();
        }
    });
    if (tracker)
        connect(tracker, &analysis::FindingTracker::findingsChanged, this, &NetworkWorkspace::findingsChanged);
    syncSessions();
}

NetworkWorkspace::~NetworkWorkspace()
{
    for (auto& [name, entry] : m_clusters)
        disconnect(entry.connection);
}

QStringList NetworkWorkspace::clusters() const
{
    QStringList names;
    if (m_engine)
        for (const fleet::ClusterSession* s : m_engine->sessions())
            names << s->name();
    return names;
}

const analysis::NetworkReportCluster* NetworkWorkspace::cluster(const QString& name) const
{
    const auto it = m_clusters.find(name);
    return it == m_clusters.end() ? nullptr : &it->second.report;
}

fleet::ClusterSession* NetworkWorkspace::session(const QString& name) const
{
    return m_engine ? m_engine->session(name) : nullptr;
}

void NetworkWorkspace::syncSessions()
{
    const QStringList names = clusters();
    for (auto it = m_clusters.begin(); it != m_clusters.end();) {
        if (names.contains(it->first)) {
            ++it;
            continue;
        }
        disconnect(it->second.connection);
        it = m_clusters.erase(it);
    }
    for (const QString& name : names) {
        if (m_clusters.count(name))
            continue;
        Entry& entry = m_clusters[name];
        entry.report.facts = m_engine->session(name)->facts();
        entry.connection = connect(m_engine->session(name)->store(), &fleet::ClusterStore::changed, this,
            [this, name](const fleet::StoreChange& change) { storeChanged(name, change); });
    }
    rebuildNow();
}

void NetworkWorkspace::storeChanged(const QString& cluster, const fleet::StoreChange& change)
{
    if (!touchesNetwork(change))
        return;
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    it->second.dirty = true;
    if (!m_timer.isActive())
        m_timer.start();
}

void NetworkWorkspace::rebuildNow()
{
    m_timer.stop();
    QStringList rebuilt;
    for (auto& [name, entry] : m_clusters) {
        if (!entry.dirty)
            continue;
        entry.dirty = false;
        const fleet::ClusterSession* session = m_engine ? m_engine->session(name) : nullptr;
        if (!session)
            continue;
        auto overlaps = std::move(entry.report.overlaps);
        entry.report = analysis::NetworkReportCluster::of(session->facts(), *session->store());
        entry.report.overlaps = std::move(overlaps);
        entry.report.findings = networkFindings(m_tracker, name);
        rebuilt << name;
    }
    if (rebuilt.isEmpty() && m_matrix->rowCount() == int(m_clusters.size()))
        return;
    // Ranges of one cluster change every other cluster's overlaps: cheap, so all of them.
    analysis::FleetAddresses fleet;
    for (const auto& [name, entry] : m_clusters)
        fleet.append(analysis::ClusterAddresses::of(name, entry.report.topology));
    qsizetype i = 0;
    for (auto& [name, entry] : m_clusters) {
        auto overlaps = analysis::addressOverlaps(fleet.at(i++), fleet);
        if (overlaps.size() != entry.report.overlaps.size() && !rebuilt.contains(name))
            rebuilt << name;
        entry.report.overlaps = std::move(overlaps);
    }
    refreshMatrix(rebuilt);
}

void NetworkWorkspace::findingsChanged(const analysis::FindingsDelta& delta)
{
    auto it = m_clusters.find(delta.cluster);
    if (it == m_clusters.end())
        return;
    it->second.report.findings = networkFindings(m_tracker, delta.cluster);
    refreshMatrix({});
    Q_EMIT findingsUpdated(delta.cluster);
}

void NetworkWorkspace::refreshMatrix(const QStringList& rebuilt)
{
    QList<analysis::NetworkMatrixRow> rows;
    for (const QString& name : clusters()) {
        if (const auto it = m_clusters.find(name); it != m_clusters.end())
            rows.append(analysis::NetworkMatrixRow::of(it->second.report));
    }
    m_matrix->setRows(rows);
    for (const QString& name : rebuilt)
        Q_EMIT clusterUpdated(name);
}

} // namespace minato::items
