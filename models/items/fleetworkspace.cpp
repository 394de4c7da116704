// SPDX-License-Identifier: Apache-2.0
#include "fleetworkspace.h"

#include "findingsmodel.h"
#include "fleetoverviewmodel.h"
#include "kindtreemodel.h"
#include "objectfetcher.h"
#include "resourcetablemodel.h"
#include "servertablemodel.h"

#include "fleet/clusterfacts.h"
#include "analysis/findingsreport.h"
#include "analysis/findingtracker.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/servertablesource.h"

namespace minato::items {

FleetWorkspace::FleetWorkspace(const kinds::KindRegistry& kinds, fleet::FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_registry(kinds)
    , m_engine(engine)
    , m_overview(new FleetOverviewModel(this))
    , m_kinds(new KindTreeModel(kinds, this))
    , m_resources(new ResourceTableModel(kinds, this))
    , m_serverTable(new ServerTableModel(this))
    , m_serverSource(new fleet::ServerTableSource(engine, this))
    , m_events(new ResourceTableModel(kinds, this))
    , m_fetcher(new ObjectFetcher(engine, this))
    , m_tracker(new analysis::FindingTracker(this))
    , m_findings(new FindingsModel(this))
{
    m_events->setKind(fleet::WatchedKind::Events);
    connect(m_serverSource, &fleet::ServerTableSource::tableChanged, m_serverTable, &ServerTableModel::setTable);
    connect(m_serverSource, &fleet::ServerTableSource::failed, m_serverTable, &ServerTableModel::setProblem);
    connect(m_tracker, &analysis::FindingTracker::findingsChanged, this, &FleetWorkspace::applyFindings);
    if (engine) {
        m_overview->attach(engine);
        connect(engine, &fleet::FleetEngine::sessionAdded, this,
            [this](fleet::ClusterSession* session) { m_tracker->watchCluster(session->facts(), session->store()); });
        connect(engine, &fleet::FleetEngine::sessionRemoved, m_tracker, &analysis::FindingTracker::unwatchCluster);
        connect(engine, &fleet::FleetEngine::sessionChanged, this, [this](const QString& context) {
            if (const fleet::ClusterSession* session = m_engine->session(context))
                m_tracker->setContext(session->facts());
            // A newly discovered cluster may serve kinds the tree does not list yet.
            if (m_browsed.contains(context))
                updateSources();
        });
        // After the overview's own handler: it rebuilds its rows, then gets the counts back.
        connect(engine, &fleet::FleetEngine::sessionsChanged, this, &FleetWorkspace::restoreFindingCounts);
        connect(engine, &fleet::FleetEngine::progressChanged, this, &FleetWorkspace::progressChanged);
        for (const fleet::ClusterSession* session : engine->sessions())
            m_tracker->watchCluster(session->facts(), session->store());
    }
}

FleetWorkspace::~FleetWorkspace()
{
    for (const auto& [session, kind] : std::as_const(m_wanted)) {
        if (session)
            session->release(kind);
    }
}

void FleetWorkspace::restoreFindingCounts()
{
    for (const QString& name : m_tracker->clusters())
        m_overview->updateFindings(name, analysis::FindingsReport::count(m_tracker->findings(name)));
}

void FleetWorkspace::applyFindings(const analysis::FindingsDelta& delta)
{
    m_findings->apply(delta);
    m_overview->updateFindings(delta.cluster, analysis::FindingsReport::count(m_tracker->findings(delta.cluster)));
}

int FleetWorkspace::openObject(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name)
{
    browseClusters({ cluster });
    if (kind.isEmpty() || kind == QLatin1String("Cluster"))
        return -1;
    const auto watched = m_registry.find(kind);
    if (!watched) {
        openResource(kind); // its rows arrive later, from the server
        return -1;
    }
    setKind(*watched);
    for (int row = 0; row < m_resources->rowCount(); ++row) {
        const kinds::ResourceRow* resource = m_resources->rowAt(row);
        if (resource && resource->name == name && resource->nameSpace == nameSpace) {
            selectResourceRow(row);
            return row;
        }
    }
    return -1;
}

void FleetWorkspace::browseClusters(const QStringList& clusters)
{
    if (clusters == m_browsed)
        return;
    m_browsed = clusters;
    if (m_engine) {
        for (const QString& name : clusters)
            m_engine->ensureConnected(name);
    }
    updateSources();
    if (!m_serverResource.isEmpty())
        openServerTable();
    Q_EMIT browsedClustersChanged(clusters);
}

QAbstractItemModel* FleetWorkspace::table() const
{
    return m_serverResource.isEmpty() ? static_cast<QAbstractItemModel*>(m_resources) : m_serverTable;
}

void FleetWorkspace::openResource(const QString& text)
{
    if (const auto kind = m_registry.find(text)) {
        setKind(*kind);
        return;
    }
    const QString resource = text.trimmed();
    if (resource.isEmpty() || resource == m_serverResource)
        return;
    m_serverResource = resource;
    openServerTable();
    updateWanted();
    Q_EMIT tableChanged();
}

void FleetWorkspace::openServerTable()
{
    m_serverTable->reset(m_serverResource, m_browsed);
    m_serverSource->open(m_browsed, m_serverResource);
}

void FleetWorkspace::updateSources()
{
    QList<fleet::ClusterSession*> sessions;
    QList<ResourceTableModel::Source> sources;
    for (const QString& name : std::as_const(m_browsed)) {
        if (fleet::ClusterSession* session = m_engine ? m_engine->session(name) : nullptr) {
            sessions << session;
            sources << ResourceTableModel::Source { name, session->store() };
        }
    }
    m_kinds->setSessions(sessions);
    if (sources.size() != m_resources->clusters().size() || m_resources->clusters() != m_browsed)
        m_resources->setSources(sources);
    if (m_events->clusters() != m_browsed)
        m_events->setSources(sources);
    updateWanted();
}

void FleetWorkspace::updateWanted()
{
    QList<QPair<QPointer<fleet::ClusterSession>, fleet::WatchedKind>> wanted;
    for (const QString& name : std::as_const(m_browsed)) {
        fleet::ClusterSession* session = m_engine ? m_engine->session(name) : nullptr;
        if (session && m_serverResource.isEmpty())
            wanted.append({ session, m_kind });
    }
    if (wanted == m_wanted)
        return;
    // Wanted before released: a kind both lists name keeps its reflector.
    for (const auto& [session, kind] : std::as_const(wanted))
        session->want(kind);
    for (const auto& [session, kind] : std::as_const(m_wanted)) {
        if (session)
            session->release(kind);
    }
    m_wanted = wanted;
}

void FleetWorkspace::setKind(fleet::WatchedKind kind)
{
    const bool leavesServerTable = !m_serverResource.isEmpty();
    if (kind == m_kind && m_resources->kind() == kind && !leavesServerTable)
        return;
    if (leavesServerTable) {
        m_serverSource->close();
        m_serverResource.clear();
        m_serverTable->reset({}, {});
    }
    m_kind = kind;
    m_resources->setKind(kind);
    updateWanted();
    if (leavesServerTable)
        Q_EMIT tableChanged();
    Q_EMIT kindChanged(kind);
}

void FleetWorkspace::selectResourceRow(int row)
{
    if (!m_serverResource.isEmpty()) {
        selectServerRow(row);
        return;
    }
    const kinds::ResourceRow* resource = m_resources->rowAt(row);
    if (!resource) {
        m_selectedCluster.clear();
        m_selectedUid = {};
        Q_EMIT selectedObjectChanged({}, {});
        return;
    }
    // openObject() selected it already; the table following suit must not fetch it twice.
    if (resource->uid == m_selectedUid && m_resources->clusterAt(row) == m_selectedCluster)
        return;
    m_selectedCluster = m_resources->clusterAt(row);
    m_selectedUid = resource->uid;
    m_fetcher->fetch(m_selectedCluster, m_kind, resource->nameSpace, resource->name);
    Q_EMIT selectedObjectChanged(m_selectedCluster, m_selectedUid);
}

void FleetWorkspace::selectServerRow(int row)
{
    const fleet::ServerTable::Row* resource = m_serverTable->rowAt(row);
    const QString cluster = m_serverTable->clusterAt(row);
    const auto served = resource ? m_serverSource->resolved(cluster) : std::nullopt;
    if (!served) {
        m_selectedCluster.clear();
        m_selectedUid = {};
        Q_EMIT selectedObjectChanged({}, {});
        return;
    }
    if (resource->uid == m_selectedUid && cluster == m_selectedCluster)
        return;
    m_selectedCluster = cluster;
    m_selectedUid = resource->uid;
    m_fetcher->fetchPath(cluster, ObjectFetcher::titleOf(cluster, served->info.kind, resource->nameSpace, resource->name),
        served->objectPath(resource->nameSpace, resource->name));
    Q_EMIT selectedObjectChanged(m_selectedCluster, m_selectedUid);
}

void FleetWorkspace::setShowManagedFields(bool show)
{
    m_fetcher->setShowManagedFields(show);
}

} // namespace minato::items
