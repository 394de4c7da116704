// SPDX-License-Identifier: Apache-2.0
#include "items/autoscalingworkspace.h"

#include "analysis/hpastoreindex.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "items/autoscalingtablemodel.h"

#include <QDateTime>

#include <algorithm>

namespace minato::items {

namespace {

    // The kinds a diagnosis reads: the HPA, its target, the metrics APIs, the pods' requests
    // and readiness, the controller's events. Nodes, ConfigMaps and the rest leave it alone.
    bool touchesAutoscaling(const fleet::StoreChange& change)
    {
        using fleet::WatchedKind;
        for (const fleet::KindChange& kind : change.kinds) {
            switch (kind.kind) {
            case WatchedKind::HorizontalPodAutoscalers:
            case WatchedKind::Events:
            case WatchedKind::ApiServices:
            case WatchedKind::Pods:
            case WatchedKind::Deployments:
            case WatchedKind::StatefulSets:
            case WatchedKind::ReplicaSets:
            case WatchedKind::DaemonSets:
                return true;
            default:
                break;
            }
        }
        return false;
    }

} // namespace

AutoscalingWorkspace::AutoscalingWorkspace(fleet::FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_model(new AutoscalingTableModel(this))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &AutoscalingWorkspace::rebuildNow);
    m_reevaluate.setInterval(15000);
    connect(&m_reevaluate, &QTimer::timeout, this, &AutoscalingWorkspace::reevaluateNow);
    m_reevaluate.start();
    connect(engine, &fleet::FleetEngine::sessionsChanged, this, &AutoscalingWorkspace::syncSessions);
    // A new state, version or forbidden kind: facts the diagnosis reads.
    connect(engine, &fleet::FleetEngine::sessionChanged, this, &AutoscalingWorkspace::markDirty);
    syncSessions();
}

AutoscalingWorkspace::~AutoscalingWorkspace()
{
    for (auto& [name, entry] : m_clusters)
        disconnect(entry.connection);
}

QStringList AutoscalingWorkspace::clusters() const
{
    QStringList names;
    if (m_engine)
        for (const fleet::ClusterSession* s : m_engine->sessions())
            names << s->name();
    return names;
}

const QList<analysis::AutoscalingRow>& AutoscalingWorkspace::rows() const
{
    return m_model->rows();
}

QList<analysis::AutoscalingRow> AutoscalingWorkspace::rows(const QString& cluster) const
{
    QList<analysis::AutoscalingRow> out;
    for (const analysis::AutoscalingRow& r : m_model->rows())
        if (r.cluster == cluster)
            out.append(r);
    return out;
}

const analysis::AutoscalingRow* AutoscalingWorkspace::row(const history::HpaKey& key) const
{
    return m_model->row(key);
}

void AutoscalingWorkspace::setHistoryLookup(analysis::HpaHistoryLookup lookup)
{
    m_history = std::move(lookup);
    reevaluateNow();
    Q_EMIT historyLookupChanged();
}

void AutoscalingWorkspace::setActivityLookup(analysis::HpaHistoryLookup lookup)
{
    m_activity = std::move(lookup);
    reevaluateNow();
}

void AutoscalingWorkspace::setWindow(qint64 milliseconds)
{
    m_windowMs = std::max<qint64>(1, milliseconds);
    reevaluateNow();
}

void AutoscalingWorkspace::syncSessions()
{
    const QStringList names = clusters();
    for (auto it = m_clusters.begin(); it != m_clusters.end();) {
        if (names.contains(it->first)) {
            ++it;
            continue;
        }
        disconnect(it->second.connection);
        m_model->removeCluster(it->first);
        it = m_clusters.erase(it);
    }
    for (const QString& name : names) {
        if (m_clusters.count(name))
            continue;
        Entry& entry = m_clusters[name];
        entry.connection = connect(m_engine->session(name)->store(), &fleet::ClusterStore::changed, this,
            [this, name](const fleet::StoreChange& change) { storeChanged(name, change); });
    }
    rebuildNow();
}

void AutoscalingWorkspace::storeChanged(const QString& cluster, const fleet::StoreChange& change)
{
    if (touchesAutoscaling(change))
        markDirty(cluster);
}

void AutoscalingWorkspace::markDirty(const QString& cluster)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    it->second.dirty = true;
    if (!m_timer.isActive())
        m_timer.start();
}

void AutoscalingWorkspace::reevaluateNow()
{
    for (auto& [name, entry] : m_clusters)
        entry.dirty = true;
    rebuildNow();
}

void AutoscalingWorkspace::rebuildNow()
{
    m_timer.stop();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QStringList order = clusters();
    const analysis::HpaHistoryLookup& activity = m_activity ? m_activity : m_history;
    QStringList rebuilt;
    for (const QString& name : order) {
        auto it = m_clusters.find(name);
        if (it == m_clusters.end() || !it->second.dirty)
            continue;
        it->second.dirty = false;
        const fleet::ClusterSession* session = m_engine ? m_engine->session(name) : nullptr;
        if (!session)
            continue;
        const fleet::ClusterFacts facts = session->facts();
        const fleet::ClusterStore& store = *session->store();
        const analysis::HpaStoreIndex index(store);
        QList<analysis::AutoscalingRow> own;
        own.reserve(store.hpas().size());
        for (const fleet::HpaInfo& hpa : store.hpas())
            own.append(analysis::AutoscalingRow::of(facts, index, hpa, now, now - m_windowMs, activity));
        m_model->setClusterRows(name, std::move(own), order);
        rebuilt << name;
    }
    m_model->setNow(now);
    for (const QString& name : rebuilt)
        Q_EMIT rowsUpdated(name);
}

} // namespace minato::items
