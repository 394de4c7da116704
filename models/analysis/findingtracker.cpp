// SPDX-License-Identifier: Apache-2.0
#include "analysis/findingtracker.h"

#include "analysis/findings.h"
#include "fleet/clusterstore.h"

#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>

namespace minato::analysis {

struct FindingTracker::ClusterState
{
    fleet::ClusterFacts context;
    QPointer<const fleet::ClusterStore> store;
    QMetaObject::Connection connection;
    QHash<QString, Finding> findings; // by key
    ClusterAddresses addresses; // its pod and service ranges, as of its last evaluation
    QTimer timer; // single shot: the pending evaluation
    qint64 lastEvaluatedMs = -1; // on m_monotonic
    qint64 lastDurationMicros = -1;
    quint64 generation = 0; // of the evaluation whose result counts; older ones are dropped
    bool running = false; // an evaluation of it is on the worker
    bool rerun = false; // something changed while it ran: evaluate again once it lands
};

namespace {

    // Kinds no rule reads: their churn (PVCs, Leases …) need not wake the rules.
    bool touchesRules(const fleet::StoreChange& change)
    {
        using fleet::WatchedKind;
        for (const fleet::KindChange& kind : change.kinds) {
            switch (kind.kind) {
            case WatchedKind::Nodes:
            case WatchedKind::Pods:
            case WatchedKind::Deployments:
            case WatchedKind::StatefulSets:
            case WatchedKind::DaemonSets:
            case WatchedKind::Events:
            case WatchedKind::HorizontalPodAutoscalers:
            case WatchedKind::ApiServices:
            case WatchedKind::ConfigMaps: // only network configuration is kept of them
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

    struct Evaluation
    {
        ClusterEvaluation result;
        qint64 micros = 0; // how long the rules took
    };

    Evaluation evaluate(const fleet::ClusterFacts& context, const fleet::StoreContent& content, const QDateTime& now,
        const FindingOptions& options, const FleetAddresses& fleet)
    {
        QElapsedTimer timer;
        timer.start();
        Evaluation out;
        out.result = evaluateCluster(context, content, now, options, fleet);
        out.micros = timer.nsecsElapsed() / 1000;
        return out;
    }

} // namespace

FindingTracker::FindingTracker(QObject* parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_refresh(new QTimer(this))
    , m_worker(new QThreadPool(this))
{
    // One evaluation at a time: the GUI thread and the I/O thread keep the other core.
    m_worker->setMaxThreadCount(1);
    m_monotonic.start();
    connect(m_refresh, &QTimer::timeout, this, &FindingTracker::refreshAll);
    setRefreshInterval(15000);
}

FindingTracker::~FindingTracker()
{
    m_worker->clear(); // evaluations not started yet are not worth waiting for
    m_worker->waitForDone(); // the running one posts to this tracker; its event dies with it
}

void FindingTracker::watchCluster(const fleet::ClusterFacts& context, const fleet::ClusterStore* store)
{
    auto& slot = m_clusters[context.name];
    if (!slot) {
        slot = std::make_unique<ClusterState>();
        slot->timer.setSingleShot(true);
        const QString name = context.name;
        connect(&slot->timer, &QTimer::timeout, this, [this, name] { evaluateInBackground(name); });
    }
    ClusterState& state = *slot;
    state.context = context;
    if (state.store != store) {
        disconnect(state.connection);
        state.store = store;
        if (store) {
            const QString name = context.name;
            state.connection = connect(store, &fleet::ClusterStore::changed, this,
                [this, name](const fleet::StoreChange& change) { storeChanged(name, change); });
        }
    }
    schedule(context.name);
}

void FindingTracker::setContext(const fleet::ClusterFacts& context)
{
    auto it = m_clusters.find(context.name);
    if (it == m_clusters.end())
        return;
    it->second->context = context;
    schedule(context.name);
}

void FindingTracker::unwatchCluster(const QString& cluster)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    FindingsDelta delta;
    delta.cluster = cluster;
    delta.evaluatedAt = m_clock();
    delta.removed = it->second->findings.keys();
    disconnect(it->second->connection);
    const bool hadAddresses = !it->second->addresses.isEmpty();
    m_clusters.erase(it);
    if (!delta.isEmpty())
        Q_EMIT findingsChanged(delta);
    if (hadAddresses)
        scheduleOthers(cluster); // their overlaps with it are gone
}

QStringList FindingTracker::clusters() const
{
    QStringList names;
    for (const auto& [name, state] : m_clusters)
        names << name;
    return names;
}

FindingsDelta FindingTracker::update(const QString& cluster, QList<Finding> fresh, const QDateTime& now)
{
    auto& slot = m_clusters[cluster];
    if (!slot) {
        // A cluster fed by hand (tests, reports): no store, no timer-driven evaluation.
        slot = std::make_unique<ClusterState>();
        slot->context.name = cluster;
        slot->timer.setSingleShot(true);
    }
    QHash<QString, Finding>& current = slot->findings;
    FindingsDelta delta;
    delta.cluster = cluster;
    delta.evaluatedAt = now;

    QHash<QString, Finding> next;
    next.reserve(fresh.size());
    for (Finding& finding : fresh) {
        const QString key = finding.key();
        if (next.contains(key))
            continue; // one rule saying the same thing twice is one finding
        finding.lastSeen = now;
        auto it = current.constFind(key);
        if (it != current.cend()) {
            // Seen before: its history stands, whatever the new evaluation estimated.
            finding.firstSeen = it->firstSeen;
            delta.updated.append(finding);
        } else {
            if (!finding.firstSeen.isValid() || finding.firstSeen > now)
                finding.firstSeen = now;
            delta.added.append(finding);
        }
        next.insert(key, finding);
    }
    for (auto it = current.cbegin(); it != current.cend(); ++it) {
        if (!next.contains(it.key()))
            delta.removed.append(it.key());
    }
    std::sort(delta.removed.begin(), delta.removed.end());
    current = std::move(next);
    if (!delta.isEmpty())
        Q_EMIT findingsChanged(delta);
    return delta;
}

void FindingTracker::evaluateNow(const QString& cluster)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    ClusterState& state = *it->second;
    state.timer.stop();
    state.lastEvaluatedMs = m_monotonic.elapsed();
    state.generation = ++m_generations; // an evaluation still on the worker is stale now
    state.running = false;
    const QDateTime now = m_clock();
    // The store is gone (session closed): the session state alone still speaks.
    static const fleet::StoreContent noStore;
    Evaluation done = evaluate(state.context, state.store ? *state.store : noStore, now, m_options, otherAddresses(cluster));
    state.lastDurationMicros = done.micros;
    update(cluster, std::move(done.result.findings), now);
    addressesLanded(cluster, std::move(done.result.addresses));
}

void FindingTracker::evaluateInBackground(const QString& cluster)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    ClusterState& state = *it->second;
    if (state.running) {
        state.rerun = true;
        return;
    }
    state.lastEvaluatedMs = m_monotonic.elapsed();
    state.generation = ++m_generations;
    state.running = true;
    // A snapshot costs a reference per kind; the store detaches what it changes meanwhile.
    auto content = std::make_shared<const fleet::StoreContent>(state.store ? state.store->snapshot() : fleet::StoreContent());
    m_worker->start([this, cluster, generation = state.generation, content, context = state.context, now = m_clock(),
                        options = m_options, fleet = otherAddresses(cluster)] {
        Evaluation done = evaluate(context, *content, now, options, fleet);
        QMetaObject::invokeMethod(
            this, [this, cluster, generation, done = std::move(done), now]() mutable {
                evaluationLanded(cluster, generation, std::move(done.result), now, done.micros);
            },
            Qt::QueuedConnection);
    });
}

void FindingTracker::evaluationLanded(
    const QString& cluster, quint64 generation, ClusterEvaluation result, const QDateTime& now, qint64 micros)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end() || it->second->generation != generation)
        return; // unwatched, or evaluated again since: this result is stale
    ClusterState& state = *it->second;
    state.running = false;
    state.lastDurationMicros = micros;
    update(cluster, std::move(result.findings), now);
    addressesLanded(cluster, std::move(result.addresses));
    if (std::exchange(state.rerun, false))
        schedule(cluster);
}

FleetAddresses FindingTracker::otherAddresses(const QString& cluster) const
{
    FleetAddresses fleet;
    for (const auto& [name, state] : m_clusters)
        if (name != cluster && !state->addresses.isEmpty())
            fleet.append(state->addresses);
    return fleet;
}

void FindingTracker::addressesLanded(const QString& cluster, ClusterAddresses addresses)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end() || it->second->addresses == addresses)
        return;
    it->second->addresses = std::move(addresses);
    scheduleOthers(cluster); // their overlaps with this cluster may have changed
}

void FindingTracker::scheduleOthers(const QString& cluster)
{
    for (const auto& [name, state] : m_clusters)
        if (name != cluster && state->store)
            schedule(name);
}

QList<Finding> FindingTracker::findings() const
{
    QList<Finding> all;
    for (const auto& [name, state] : m_clusters)
        all += state->findings.values();
    std::sort(all.begin(), all.end(), findingBefore);
    return all;
}

QList<Finding> FindingTracker::findings(const QString& cluster) const
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return {};
    QList<Finding> list = it->second->findings.values();
    std::sort(list.begin(), list.end(), findingBefore);
    return list;
}

qsizetype FindingTracker::count() const
{
    qsizetype total = 0;
    for (const auto& [name, state] : m_clusters)
        total += state->findings.size();
    return total;
}

qint64 FindingTracker::lastEvaluationMicros(const QString& cluster) const
{
    auto it = m_clusters.find(cluster);
    return it == m_clusters.end() ? -1 : it->second->lastDurationMicros;
}

void FindingTracker::setRefreshInterval(int milliseconds)
{
    if (milliseconds <= 0) {
        m_refresh->stop();
        return;
    }
    m_refresh->start(milliseconds);
}

void FindingTracker::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void FindingTracker::storeChanged(const QString& cluster, const fleet::StoreChange& change)
{
    if (touchesRules(change))
        schedule(cluster);
}

void FindingTracker::schedule(const QString& cluster)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    ClusterState& state = *it->second;
    if (state.timer.isActive())
        return; // already due: that evaluation will see this change too
    const qint64 sinceLast
        = state.lastEvaluatedMs < 0 ? m_minimumInterval : m_monotonic.elapsed() - state.lastEvaluatedMs;
    // Even when due now, go through the event loop: a state change and a store batch that
    // arrive together cost one evaluation.
    state.timer.start(int(std::max<qint64>(0, m_minimumInterval - sinceLast)));
}

void FindingTracker::refreshAll()
{
    for (const auto& [name, state] : m_clusters) {
        if (state->store || state->context.status.state != fleet::SessionState::Idle)
            schedule(name);
    }
}

} // namespace minato::analysis
