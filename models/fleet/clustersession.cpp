// SPDX-License-Identifier: Apache-2.0
#include "clustersession.h"

#include "fleet/clusterstore.h"
#include "fleet/metricspoller.h"
#include "fleet/projectiondecoder.h"
#include "kube/apitransport.h"
#include "kube/clusterdiscovery.h"
#include "kube/credentialstore.h"
#include "kube/discoverydecoder.h"
#include "util/logging.h"

namespace minato::fleet {

namespace {

constexpr int MaxWarnings = 20;
const QString MetricsApiService = QStringLiteral("v1beta1.metrics.k8s.io");

QString firstError(const FleetCluster& cluster)
{
    for (const kube::Diagnostic& diagnostic : cluster.diagnostics) {
        if (diagnostic.severity == kube::Severity::Error)
            return diagnostic.message;
    }
    return QStringLiteral("the kubeconfig entry is broken");
}

QString labelOf(const ReflectorTarget& target)
{
    return watchedKindName(target.kind);
}

} // namespace

ClusterSession::ClusterSession(FleetCluster cluster, kube::ApiTransport* transport, const KindCatalog& kinds,
    SessionOptions options, QObject* parent)
    : QObject(parent)
    , m_cluster(std::move(cluster))
    , m_transport(transport)
    , m_kinds(kinds)
    , m_options(options)
    , m_store(new ClusterStore(this))
    , m_discoverer(new kube::ClusterDiscovery(transport, this))
    , m_metrics(new MetricsPoller(transport, m_store, this))
    , m_probeTimer(this)
    , m_refreshTimer(this)
    , m_probeBackoff(options.probeBackoffBase, options.probeBackoffCap)
    , m_authBackoff(options.authRetryBase, options.authRetryCap)
{
    qRegisterMetaType<SessionStatus>();
    m_store->setBatchInterval(options.storeBatchInterval);
    m_status.since = QDateTime::currentDateTimeUtc();
    m_status.reason = QStringLiteral("not connected yet");
    m_probeTimer.setSingleShot(true);
    connect(&m_probeTimer, &QTimer::timeout, this, &ClusterSession::probe);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (m_connection == Connection::Reachable && !m_discoverer->isRunning())
            m_discoverer->start(name(), WatchPlan::wantedGroups(m_kinds));
        // Churn (Job pods, ReplicaSet hashes) leaves strings only the pool still holds.
        if (m_decoder)
            m_decoder->pool()->purge();
    });
    connect(m_discoverer, &kube::ClusterDiscovery::finished, this, &ClusterSession::onDiscovered);
    connect(m_discoverer, &kube::ClusterDiscovery::failed, this, &ClusterSession::onDiscoveryFailed);
    connect(m_store, &ClusterStore::changed, this, [this](const StoreChange& change) {
        if (change.touches(WatchedKind::ApiServices))
            updateMetricsPolling();
        if (!change.kinds.isEmpty())
            Q_EMIT progressChanged();
    });
}

ClusterSession::~ClusterSession()
{
    if (m_probe)
        m_transport->cancel(m_probe);
    m_reflectors.clear(); // they cancel their requests while the transport still exists
}

void ClusterSession::setCredentialStore(kube::CredentialStore* store)
{
    m_credentials = store;
}

QList<WatchedKind> ClusterSession::forbiddenKinds() const
{
    QList<WatchedKind> kinds;
    for (const auto& reflector : m_reflectors) {
        if (reflector->state() == Reflector::State::Forbidden && !kinds.contains(reflector->kind()))
            kinds << reflector->kind();
    }
    return kinds;
}

ClusterFacts ClusterSession::facts() const
{
    return ClusterFacts { name(), m_cluster.team, m_cluster.environment, m_cluster.cluster.server, m_status, m_version,
        forbiddenKinds(), m_warningCount };
}

int ClusterSession::kindsSynced() const
{
    return int(std::count_if(m_reflectors.cbegin(), m_reflectors.cend(), [](const auto& r) { return r->hasSynced(); }));
}

void ClusterSession::connectToCluster()
{
    if (m_connection != Connection::NotStarted)
        return;
    if (m_cluster.isMisconfigured()) {
        setMisconfigured(firstError(m_cluster));
        return;
    }
    m_endpoint = kube::ClusterEndpoint::fromKubeconfig(m_cluster.cluster, m_cluster.user);
    m_endpoint.name = name();
    if (m_cluster.isManual) {
        readManualSecret();
        return;
    }
    beginConnecting();
}

void ClusterSession::readManualSecret()
{
    m_connection = Connection::Probing;
    evaluate();
    if (!m_credentials) {
        lost(Connection::Unauthorized,
            KubeError::make(
                ErrorKind::Credentials, QStringLiteral("No keychain is available for %1").arg(m_cluster.keychainKey)));
        return;
    }
    m_credentials->read(m_cluster.keychainKey, this, [this](const Expected<QByteArray>& secret) {
        if (!secret) {
            lost(Connection::Unauthorized,
                KubeError::make(ErrorKind::Credentials,
                    QStringLiteral("No secret in the keychain under %1").arg(m_cluster.keychainKey),
                    secret.error().message));
            return;
        }
        if (m_cluster.authKinds.contains(kube::AuthKind::Basic)) {
            m_endpoint.auth = kube::ClusterEndpoint::Auth::Basic;
            m_endpoint.username = m_cluster.user.username;
            m_endpoint.password = *secret;
        } else {
            m_endpoint.auth = kube::ClusterEndpoint::Auth::Token;
            m_endpoint.token = *secret;
        }
        beginConnecting();
    });
}

void ClusterSession::beginConnecting()
{
    if (const std::optional<KubeError> invalid = m_endpoint.validate()) {
        setMisconfigured(invalid->message);
        return;
    }
    m_transport->setEndpoint(m_endpoint);
    m_connection = Connection::Probing;
    evaluate();
    probe();
}

void ClusterSession::disconnectFromCluster()
{
    if (m_connection == Connection::NotStarted)
        return;
    m_probeTimer.stop();
    m_refreshTimer.stop();
    if (m_probe)
        m_transport->cancel(m_probe);
    m_probe = 0;
    m_discoverer->cancel();
    m_metrics->stop();
    m_reflectors.clear();
    m_plan = WatchPlan();
    m_discovered = false;
    m_store->clear();
    m_transport->removeEndpoint(name());
    m_connection = Connection::NotStarted;
    m_connectionError.reset();
    evaluate();
}

void ClusterSession::reconnect()
{
    switch (m_connection) {
    case Connection::NotStarted:
        connectToCluster();
        return;
    case Connection::Unreachable:
    case Connection::Unauthorized:
        if (!m_probe) {
            m_probeTimer.stop();
            probe();
        }
        return;
    default:
        return;
    }
}

void ClusterSession::probe()
{
    if (m_probe)
        return;
    kube::ApiRequest request = kube::ApiRequest::get(name(), QStringLiteral("/version"));
    request.decoder = std::make_shared<kube::DiscoveryDecoder>(kube::DiscoveryDecoder::Mode::Version);
    request.connectTimeout = std::chrono::seconds(10);
    request.totalTimeout = std::chrono::seconds(20);
    m_probe = m_transport->submit(std::move(request), this);
}

void ClusterSession::scheduleProbe()
{
    const auto delay = m_connection == Connection::Unauthorized ? m_authBackoff.next() : m_probeBackoff.next();
    m_probeTimer.start(delay);
}

void ClusterSession::replyArrived(const kube::ApiReply& reply)
{
    if (reply.id != m_probe)
        return;
    m_probe = 0;
    if (reply.error && reply.error->kind != ErrorKind::Forbidden) {
        connectionFailed(*reply.error);
        return;
    }
    // A 403 on /version still proves the server is there and knows us.
    if (const auto* payload = dynamic_cast<const kube::DiscoveryPayload*>(reply.decoded.get());
        payload && !payload->error)
        m_version = payload->version;
    reachable();
}

void ClusterSession::connectionFailed(const KubeError& error)
{
    switch (error.kind) {
    case ErrorKind::Unauthorized:
    case ErrorKind::Credentials:
        lost(Connection::Unauthorized, error);
        return;
    case ErrorKind::Config:
    case ErrorKind::Refused:
        setMisconfigured(error.message);
        return;
    case ErrorKind::Throttled:
        // Not unreachable: the server is there and asked us to wait.
        m_probeTimer.start(std::max<qint64>(1000, qint64(error.retryAfterSeconds) * 1000));
        return;
    default:
        lost(Connection::Unreachable, error);
        return;
    }
}

void ClusterSession::lost(Connection connection, const KubeError& error)
{
    const bool wasReachable = m_connection == Connection::Reachable;
    m_connection = connection;
    m_connectionError = error;
    // From now on one probe stands in for the whole cluster: no request per kind.
    for (const auto& reflector : m_reflectors)
        reflector->pause();
    m_discoverer->cancel();
    m_metrics->stop();
    m_refreshTimer.stop();
    if (wasReachable)
        qCInfo(lcFleet).noquote() << name() << "lost:" << error.message;
    if (!m_probe && !m_probeTimer.isActive())
        scheduleProbe();
    evaluate();
}

void ClusterSession::reachable()
{
    m_probeBackoff.reset();
    m_authBackoff.reset();
    m_connection = Connection::Reachable;
    m_connectionError.reset();
    if (!m_discovered) {
        m_discoverer->start(name(), WatchPlan::wantedGroups(m_kinds));
    } else {
        for (const auto& reflector : m_reflectors)
            reflector->resume();
        m_refreshTimer.start(m_options.discoveryRefresh);
        updateMetricsPolling();
    }
    evaluate();
}

void ClusterSession::onDiscovered(const kube::DiscoveryResult& result)
{
    if (m_connection != Connection::Reachable)
        return;
    m_discovery = result;
    m_discovered = true;
    applyPlan(WatchPlan::fromDiscovery(m_kinds, result, name(), wantedKinds()));
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start(m_options.discoveryRefresh);
    updateMetricsPolling();
    Q_EMIT discoveryChanged();
    evaluate();
}

void ClusterSession::onDiscoveryFailed(const KubeError& error)
{
    if (m_discovered) {
        // A refresh: keep watching what we had.
        qCInfo(lcFleet).noquote() << name() << "discovery refresh failed:" << error.message;
        return;
    }
    connectionFailed(error);
}

void ClusterSession::applyPlan(const WatchPlan& plan)
{
    // Kinds that went away (a CRD uninstalled) or moved to another version are dropped.
    for (auto it = m_reflectors.begin(); it != m_reflectors.end();) {
        const ReflectorTarget& old = (*it)->target();
        const bool kept = std::any_of(plan.targets.cbegin(), plan.targets.cend(),
            [&old](const ReflectorTarget& t) { return t.path == old.path; });
        if (kept) {
            ++it;
            continue;
        }
        m_store->clearKind(old.kind, old.namespaceScope);
        it = m_reflectors.erase(it);
    }
    const std::size_t firstNew = m_reflectors.size();
    for (const ReflectorTarget& target : plan.targets) {
        const bool exists = std::any_of(m_reflectors.cbegin(), m_reflectors.cend(),
            [&target](const auto& r) { return r->target().path == target.path; });
        if (!exists)
            addReflector(target);
    }
    m_plan = plan;
    // Started together, so that the state never counts a partial set of kinds.
    for (std::size_t i = firstNew; i < m_reflectors.size(); ++i)
        m_reflectors[i]->start();
}

void ClusterSession::addReflector(const ReflectorTarget& target)
{
    if (!m_decoder)
        m_decoder = std::make_shared<ProjectionDecoder>();
    auto reflector = std::make_unique<Reflector>(
        target, m_kinds.makeDecoder(target.kind, m_decoder), m_transport, m_store, m_options.reflector);
    Reflector* r = reflector.get();
    connect(r, &Reflector::requestFailed, this, [this, r](const KubeError& error) { onReflectorFailed(r, error); });
    connect(r, &Reflector::stateChanged, this, &ClusterSession::evaluate);
    connect(r, &Reflector::synced, this, [this] {
        evaluate();
        Q_EMIT progressChanged();
    });
    connect(r, &Reflector::warning, this, &ClusterSession::addWarning);
    m_reflectors.push_back(std::move(reflector));
}

void ClusterSession::onReflectorFailed(Reflector* reflector, const KubeError& error)
{
    switch (error.kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::Tls:
        lost(Connection::Unreachable, error);
        break;
    case ErrorKind::Unauthorized:
    case ErrorKind::Credentials:
        lost(Connection::Unauthorized, error);
        break;
    default:
        return;
    }
    // Already lost through another kind: this one still must not retry on its own.
    reflector->pause();
}

void ClusterSession::updateMetricsPolling()
{
    bool available = m_connection == Connection::Reachable
        && m_discovery.servesGroupVersion(QStringLiteral("metrics.k8s.io"), QStringLiteral("v1beta1"));
    if (available) {
        const auto& services = m_store->apiServices();
        const auto it = std::find_if(services.cbegin(), services.cend(),
            [](const ApiServiceInfo& s) { return s.meta.name == MetricsApiService; });
        available = it != services.cend() && it->available.isTrue();
    }
    if (available && !m_metrics->isRunning()) {
        m_metrics->start(name(), m_options.metricsInterval);
    } else if (!available && m_metrics->isRunning()) {
        m_metrics->stop();
        if (m_connection == Connection::Reachable)
            m_store->setMetrics(MetricsSample()); // metrics-server is down: no stale numbers
    }
}

void ClusterSession::addWarning(const QString& message)
{
    ++m_warningCount;
    m_warnings.append(message);
    while (m_warnings.size() > MaxWarnings)
        m_warnings.removeFirst();
    Q_EMIT warningRaised(message);
}

void ClusterSession::setMisconfigured(const QString& message)
{
    m_connection = Connection::Misconfigured;
    m_connectionError = KubeError::make(ErrorKind::Config, message);
    evaluate();
}

void ClusterSession::want(WatchedKind kind)
{
    if (m_wanted[kind]++ == 0 && m_kinds.spec(kind).watch == WatchPolicy::OnDemand)
        replan();
}

void ClusterSession::release(WatchedKind kind)
{
    auto it = m_wanted.find(kind);
    if (it == m_wanted.end())
        return;
    if (--*it > 0)
        return;
    m_wanted.erase(it);
    if (m_kinds.spec(kind).watch == WatchPolicy::OnDemand)
        replan();
}

QSet<WatchedKind> ClusterSession::wantedKinds() const
{
    QSet<WatchedKind> kinds;
    for (auto it = m_wanted.cbegin(); it != m_wanted.cend(); ++it)
        kinds.insert(it.key());
    return kinds;
}

void ClusterSession::replan()
{
    // Before discovery the first plan will include what is wanted by then.
    if (m_connection != Connection::Reachable || !m_discovered)
        return;
    applyPlan(WatchPlan::fromDiscovery(m_kinds, m_discovery, name(), wantedKinds()));
    evaluate();
}

void ClusterSession::evaluate()
{
    SessionHealthInput input;
    input.connection = m_connection;
    input.connectionError = m_connectionError;
    input.server = m_cluster.cluster.server;
    for (const auto& reflector : m_reflectors) {
        // What a user opened on demand (and may not be allowed to read) says nothing of the
        // cluster's health; the browser shows that kind's own state.
        if (m_kinds.spec(reflector->kind()).watch == WatchPolicy::OnDemand)
            continue;
        input.kinds.append({ reflector->kind(), labelOf(reflector->target()), reflector->state(),
            reflector->hasSynced(), reflector->consecutiveFailures(), reflector->lastError() });
    }
    // A session that has discovered a cluster serving nothing we watch is still connected.
    if (m_connection == Connection::Reachable && m_discovered && input.kinds.isEmpty())
        input.kinds.append(
            { WatchedKind::Namespaces, QStringLiteral("namespaces"), Reflector::State::Absent, true, 0, {} });
    const SessionVerdict verdict = evaluateSessionHealth(input);
    if (verdict.state == m_status.state && verdict.reason == m_status.reason)
        return;
    if (verdict.state != m_status.state) {
        m_status.since = QDateTime::currentDateTimeUtc();
        qCDebug(lcFleet).noquote() << name() << sessionStateName(verdict.state) + QStringLiteral(":") << verdict.reason;
    }
    m_status.state = verdict.state;
    m_status.reason = verdict.reason;
    Q_EMIT statusChanged(m_status);
}

} // namespace minato::fleet
