// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/clusterfacts.h"
#include "fleet/kindcatalog.h"
#include "fleet/fleetcluster.h"
#include "fleet/reflector.h"
#include "fleet/sessionhealth.h"
#include "fleet/sessionstatus.h"
#include "fleet/watchplan.h"
#include "kube/apireceiver.h"
#include "kube/backoff.h"
#include "kube/clusterendpoint.h"
#include "kube/discoverytypes.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <vector>

namespace minato::kube {
class ApiTransport;
class ClusterDiscovery;
class CredentialStore;
} // namespace minato::kube

namespace minato::fleet {

class ClusterStore;
class MetricsPoller;
class ProjectionDecoder;

struct SessionOptions
{
    ReflectorOptions reflector;
    // The one probe (GET /version) that stands in for all reflectors while the cluster is
    // unreachable.
    std::chrono::milliseconds probeBackoffBase { 1000 };
    std::chrono::milliseconds probeBackoffCap { 60000 };
    // Refused credentials are retried slowly: a revoked token may be renewed, a plugin
    // re-logged in, but nobody should be hammered with bad tokens.
    std::chrono::milliseconds authRetryBase { 10000 };
    std::chrono::milliseconds authRetryCap { 300000 };
    std::chrono::milliseconds discoveryRefresh { std::chrono::minutes(5) };
    std::chrono::milliseconds metricsInterval { 30000 };
    int storeBatchInterval = 100; // ms between ClusterStore notifications
};

// One cluster of the fleet, connected: the /version probe, discovery, one Reflector per
// watched kind filling the ClusterStore, metrics polling, and the state machine of
// architecture.md with a reason and a since-time for each state. Lives in the GUI thread;
// all of its I/O goes through the shared ApiTransport.
class ClusterSession : public QObject, public kube::ApiReceiver
{
    Q_OBJECT
public:
    // `kinds` must outlive the session (the engine owns it).
    ClusterSession(FleetCluster cluster, kube::ApiTransport* transport, const KindCatalog& kinds,
        SessionOptions options = {}, QObject* parent = nullptr);
    ~ClusterSession() override;

    // Where secrets of fleet.yaml's manual clusters are read from (not owned).
    void setCredentialStore(kube::CredentialStore* store);

    QString name() const { return m_cluster.name(); }
    const FleetCluster& cluster() const { return m_cluster; }
    ClusterStore* store() const { return m_store; }
    const SessionStatus& status() const { return m_status; }
    SessionState state() const { return m_status.state; }
    bool isConnected() const { return m_connection != SessionHealthInput::Connection::NotStarted; }

    // What the server said about itself; empty until the first successful probe.
    const ServerVersion& serverVersion() const { return m_version; }
    // This cluster as analyses see it: identity, state, version, forbidden kinds, warnings.
    ClusterFacts facts() const;
    const kube::DiscoveryResult& discovery() const { return m_discovery; }
    const WatchPlan& watchPlan() const { return m_plan; }
    const std::vector<std::unique_ptr<Reflector>>& reflectors() const { return m_reflectors; }
    QList<WatchedKind> forbiddenKinds() const;
    int kindsSynced() const;
    int kindsTotal() const { return int(m_reflectors.size()); }
    // Recent warnings (malformed watch lines, undecodable lists), newest last.
    const QStringList& warnings() const { return m_warnings; }
    int warningCount() const { return m_warningCount; }

    // Someone looks at this kind (a browser table): an on-demand kind is listed and watched
    // while at least one want() has no release(). Always-watched kinds ignore both.
    void want(WatchedKind kind);
    void release(WatchedKind kind);
    bool isWanted(WatchedKind kind) const { return m_wanted.value(kind) > 0; }

public Q_SLOTS:
    // Starts connecting; nothing happens unless the session is Idle.
    void connectToCluster();
    // Stops everything and forgets the store's content: back to Idle.
    void disconnectFromCluster();
    // Unreachable or AuthFailed: probe now instead of at the end of the backoff.
    void reconnect();

Q_SIGNALS:
    // The state or its reason changed.
    void statusChanged(const minato::fleet::SessionStatus& status);
    // More objects listed, or a kind finished listing (see kindsSynced, store()->listedObjects()).
    void progressChanged();
    void warningRaised(const QString& message);
    // Discovery ran (again): serverVersion(), discovery() and watchPlan() may have changed.
    void discoveryChanged();

private:
    using Connection = SessionHealthInput::Connection;

    void replyArrived(const kube::ApiReply& reply) override;
    void streamDataArrived(kube::RequestId, quint64, const kube::DecodedPayloadPtr&) override { }
    void streamEnded(const kube::ApiReply&) override { }

    void beginConnecting();
    void readManualSecret();
    void probe();
    void scheduleProbe();
    void reachable();
    void connectionFailed(const KubeError& error);
    void lost(Connection connection, const KubeError& error);
    void onDiscovered(const kube::DiscoveryResult& result);
    void onDiscoveryFailed(const KubeError& error);
    void applyPlan(const WatchPlan& plan);
    void addReflector(const ReflectorTarget& target);
    void onReflectorFailed(Reflector* reflector, const KubeError& error);
    void updateMetricsPolling();
    void addWarning(const QString& message);
    void setMisconfigured(const QString& message);
    void evaluate();
    void replan();
    QSet<WatchedKind> wantedKinds() const;

    FleetCluster m_cluster;
    kube::ApiTransport* m_transport;
    const KindCatalog& m_kinds;
    QHash<WatchedKind, int> m_wanted;
    SessionOptions m_options;
    QPointer<kube::CredentialStore> m_credentials;
    ClusterStore* m_store;
    kube::ClusterDiscovery* m_discoverer;
    MetricsPoller* m_metrics;
    std::shared_ptr<ProjectionDecoder> m_decoder;

    kube::ClusterEndpoint m_endpoint;
    Connection m_connection = Connection::NotStarted;
    std::optional<KubeError> m_connectionError;
    kube::RequestId m_probe = 0;
    QTimer m_probeTimer;
    QTimer m_refreshTimer;
    kube::Backoff m_probeBackoff;
    kube::Backoff m_authBackoff;
    bool m_discovered = false;
    ServerVersion m_version;
    kube::DiscoveryResult m_discovery;
    WatchPlan m_plan;
    std::vector<std::unique_ptr<Reflector>> m_reflectors;
    QStringList m_warnings;
    int m_warningCount = 0;
    SessionStatus m_status;
};

} // namespace minato::fleet
