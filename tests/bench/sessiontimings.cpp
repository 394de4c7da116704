// SPDX-License-Identifier: Apache-2.0
#include "sessiontimings.h"

#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"

namespace minato::bench {

using fleet::ClusterSession;
using fleet::Reflector;
using fleet::WatchedKind;

SessionTimings::SessionTimings(fleet::FleetEngine* engine, const QElapsedTimer& clock, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_clock(clock)
{
    const QList<ClusterSession*> sessions = engine->sessions();
    for (int i = 0; i < sessions.size(); ++i) {
        m_clusters.append(Cluster { sessions.at(i)->name() });
        track(i);
    }
}

void SessionTimings::track(int index)
{
    ClusterSession* session = m_engine->sessions().at(index);
    auto settled = [this, index, session](const fleet::SessionStatus& status) {
        Cluster& c = m_clusters[index];
        if (c.settledMs >= 0 || !status.isSettled())
            return;
        c.settledMs = m_clock.elapsed();
        c.state = status.state;
        c.pods = session->store()->count(WatchedKind::Pods);
    };
    connect(session, &ClusterSession::statusChanged, this, settled);
    settled(session->status());
    // Reflectors are made and started when discovery has run; the pods list is then in flight.
    connect(session, &ClusterSession::discoveryChanged, this, [this, index, session] {
        Cluster& c = m_clusters[index];
        if (c.podListStartMs >= 0)
            return;
        for (const auto& reflector : session->reflectors()) {
            if (reflector->kind() != WatchedKind::Pods)
                continue;
            c.podListStartMs = m_clock.elapsed();
            connect(reflector.get(), &Reflector::synced, this, [this, index] {
                Cluster& cluster = m_clusters[index];
                if (cluster.podListMs < 0)
                    cluster.podListMs = m_clock.elapsed() - cluster.podListStartMs;
            });
        }
    });
}

qint64 SessionTimings::watchEvents() const
{
    qint64 total = 0;
    for (const ClusterSession* session : m_engine->sessions())
        for (const auto& reflector : session->reflectors())
            total += reflector->watchEventCount();
    return total;
}

qint64 SessionTimings::podsInStores() const
{
    qint64 total = 0;
    for (const ClusterSession* session : m_engine->sessions())
        total += session->store()->count(WatchedKind::Pods);
    return total;
}

qint64 SessionTimings::objectsInStores() const
{
    return m_engine->progress().objects;
}

} // namespace minato::bench
