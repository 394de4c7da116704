// SPDX-License-Identifier: Apache-2.0
#include "fleetengine.h"

#include "fleet/clusterstore.h"
#include "fleet/listgate.h"
#include "fleet/objectservice.h"
#include "kube/apiclient.h"
#include "kube/apirouter.h"
#include "kube/credentialstore.h"
#include "kube/execcredentialsource.h"
#include "kube/limitedcredentialsource.h"

namespace minato::fleet {

FleetEngine::FleetEngine(KindCatalog kinds, FleetEngineOptions options, QObject* parent)
    : QObject(parent)
    , m_kinds(std::move(kinds))
    , m_options(options)
    , m_client(std::make_unique<kube::ApiClient>())
    , m_router(new kube::ApiRouter(m_client.get(), this))
    , m_objects(new ObjectService(m_router, this))
    , m_execSource(new kube::ExecCredentialSource(this))
    , m_limitedSource(new kube::LimitedCredentialSource(m_execSource, options.maxConcurrentExecPlugins, this))
    , m_progressTimer(this)
{
    qRegisterMetaType<FleetProgress>();
    qRegisterMetaType<SessionStatus>();
    m_client->setCredentialSource(m_limitedSource);
    if (!m_options.session.reflector.listGate)
        m_options.session.reflector.listGate = std::make_shared<ListGate>(m_options.maxConcurrentListPages);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] { Q_EMIT progressChanged(progress()); });
}

FleetEngine::~FleetEngine()
{
    // Sessions first: their reflectors cancel requests through the router and the client.
    // None may start a list while the others go.
    m_options.session.reflector.listGate->close();
    const QList<ClusterSession*> sessions = std::exchange(m_sessions, {});
    m_byName.clear();
    qDeleteAll(sessions);
    delete m_objects;
    m_objects = nullptr;
    delete m_router;
    m_router = nullptr;
    m_client->shutdown();
}

void FleetEngine::setCredentialStore(kube::CredentialStore* store)
{
    m_credentialStore = store;
    for (ClusterSession* session : std::as_const(m_sessions))
        session->setCredentialStore(store);
}

void FleetEngine::setCredentialSource(kube::CredentialSource* source)
{
    auto* limited = new kube::LimitedCredentialSource(source, m_options.maxConcurrentExecPlugins, this);
    m_client->setCredentialSource(limited);
    delete m_limitedSource;
    m_limitedSource = limited;
}

void FleetEngine::setFleet(const Fleet& fleet, const FleetConfig& config)
{
    QHash<QString, ClusterSession*> previous = std::exchange(m_byName, {});
    QList<ClusterSession*> ordered;
    QList<ClusterSession*> added;
    for (const FleetCluster& cluster : fleet.clusters) {
        ClusterSession* session = previous.take(cluster.name());
        if (!session) {
            session = new ClusterSession(cluster, m_router, m_kinds, m_options.session, this);
            session->setCredentialStore(m_credentialStore);
            const QString name = cluster.name();
            connect(session, &ClusterSession::statusChanged, this, [this, name](const SessionStatus& status) {
                Q_EMIT sessionStatusChanged(name, status);
                Q_EMIT sessionChanged(name);
                scheduleProgress();
            });
            connect(session, &ClusterSession::discoveryChanged, this, [this, name] { Q_EMIT sessionChanged(name); });
            connect(session, &ClusterSession::progressChanged, this, &FleetEngine::scheduleProgress);
            added.append(session);
        }
        ordered.append(session);
        m_byName.insert(cluster.name(), session);
    }
    m_sessions = ordered;
    for (ClusterSession* gone : std::as_const(previous)) {
        const QString name = gone->name();
        disconnect(gone, nullptr, this, nullptr);
        gone->disconnectFromCluster();
        gone->deleteLater();
        Q_EMIT sessionRemoved(name);
    }
    for (ClusterSession* session : std::as_const(added))
        Q_EMIT sessionAdded(session);

    // Small fleets connect everything; large ones what is pinned, plus the context in use.
    const bool small = fleet.clusters.size() <= m_options.connectAllUpTo;
    m_startup.clear();
    for (const FleetCluster& cluster : fleet.clusters) {
        const ConnectPolicy policy = config.classify(cluster.name()).connect;
        const bool atStart
            = policy == ConnectPolicy::Startup || (policy == ConnectPolicy::Default && (small || cluster.isCurrent));
        if (atStart)
            m_startup << cluster.name();
    }
    Q_EMIT sessionsChanged();
    scheduleProgress();
}

QStringList FleetEngine::startupContexts() const
{
    return m_startup;
}

void FleetEngine::start()
{
    for (const QString& name : std::as_const(m_startup))
        ensureConnected(name);
}

void FleetEngine::ensureConnected(const QString& context)
{
    if (ClusterSession* s = session(context))
        s->connectToCluster();
}

void FleetEngine::connectAll()
{
    for (ClusterSession* session : std::as_const(m_sessions))
        session->connectToCluster();
}

void FleetEngine::disconnectAll()
{
    for (ClusterSession* session : std::as_const(m_sessions))
        session->disconnectFromCluster();
}

kube::ApiTransport* FleetEngine::transport() const
{
    return m_router;
}

ClusterSession* FleetEngine::session(const QString& context) const
{
    return m_byName.value(context);
}

QList<ClusterSession*> FleetEngine::sessions() const
{
    return m_sessions;
}

FleetProgress FleetEngine::progress() const
{
    FleetProgress p;
    p.clusters = int(m_sessions.size());
    for (const ClusterSession* session : m_sessions) {
        switch (session->state()) {
        case SessionState::Idle:
            continue;
        case SessionState::Connecting:
        case SessionState::Syncing:
            ++p.syncing;
            break;
        case SessionState::Live:
            ++p.live;
            break;
        case SessionState::Degraded:
            ++p.degraded;
            break;
        case SessionState::Unreachable:
        case SessionState::AuthFailed:
        case SessionState::Misconfigured:
            ++p.failed;
            break;
        }
        ++p.connected;
        p.kindsSynced += session->kindsSynced();
        p.kindsTotal += session->kindsTotal();
        p.objectsListed += session->store()->listedObjects();
        p.objects += session->store()->totalObjects();
    }
    return p;
}

void FleetEngine::scheduleProgress()
{
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

} // namespace minato::fleet
