// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/clustersession.h"
#include "fleet/fleet.h"
#include "fleet/fleetprogress.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace minato::kube {
class ApiClient;
class ApiRouter;
class ApiTransport;
class CredentialSource;
class CredentialStore;
class ExecCredentialSource;
class LimitedCredentialSource;
} // namespace minato::kube

namespace minato::fleet {

struct FleetEngineOptions
{
    SessionOptions session;
    // Exec plugins running at once, fleet-wide (they often take seconds and much CPU).
    int maxConcurrentExecPlugins = 3;
    // List pages in flight at once, fleet-wide (ListGate): bounds the JSON held before decoding.
    int maxConcurrentListPages = 16;
    // Fleets of at most this many clusters connect everything at start; larger ones only
    // what fleet.yaml pins (connect: startup) and the current context.
    int connectAllUpTo = 20;
};

// The live fleet: one ApiClient (one I/O thread) for everything, exec credentials cached and
// run a few at a time, and one ClusterSession per cluster, connected at start or on demand.
// Lives in the GUI thread. Item models and services subscribe to its session events once
// (sessionAdded, sessionRemoved, sessionChanged) instead of tracking sessions themselves.
class ObjectService;

class FleetEngine : public QObject
{
    Q_OBJECT
public:
    // The engine keeps its own copy of `kinds` for its sessions.
    explicit FleetEngine(KindCatalog kinds, FleetEngineOptions options = {}, QObject* parent = nullptr);
    ~FleetEngine() override; // disconnects everything, then stops the I/O thread

    // Replaces the fleet. Sessions of clusters still present are kept as they are; new ones
    // start Idle; those that left are closed. `config` supplies the connect policy.
    void setFleet(const Fleet& fleet, const FleetConfig& config = {});
    // Connects the clusters that connect at start (see FleetEngineOptions::connectAllUpTo).
    void start();
    // Connects one cluster now if it is not connected yet (a view shows it, a user asks).
    void ensureConnected(const QString& context);
    void connectAll();
    void disconnectAll();
    const KindCatalog& kinds() const { return m_kinds; }

    ClusterSession* session(const QString& context) const;
    QList<ClusterSession*> sessions() const; // in fleet order
    // The clusters start() connects.
    QStringList startupContexts() const;
    FleetProgress progress() const;

    kube::ApiClient* client() const { return m_client.get(); }
    // Single objects and documents (the YAML pane, the change planner, schemas), through the
    // same transport as the sessions.
    ObjectService* objects() const { return m_objects; }
    // What objects() and the sessions send through: endpoints of other servers the fleet reads
    // (a cluster's Prometheus) are registered here too.
    kube::ApiTransport* transport() const;
    // Manual clusters read their secret here (not owned).
    void setCredentialStore(kube::CredentialStore* store);
    // Replaces where exec credentials come from (tests); the default runs the plugins.
    void setCredentialSource(kube::CredentialSource* source);

Q_SIGNALS:
    // A session joined the fleet (setFleet); it is in sessions() already. Subscribers that
    // attach later walk sessions() once instead.
    void sessionAdded(minato::fleet::ClusterSession* session);
    // A session left the fleet: it is gone from sessions() and is deleted later.
    void sessionRemoved(const QString& context);
    // What analyses know of one session changed: its status, or its server version and
    // discovery (ClusterSession::facts(), discovery(), watchPlan()).
    void sessionChanged(const QString& context);
    // The state or its reason changed (also announced by sessionChanged).
    void sessionStatusChanged(const QString& context, const minato::fleet::SessionStatus& status);
    // At most ten times a second, whatever the number of clusters.
    void progressChanged(const minato::fleet::FleetProgress& progress);
    // The set or the order of sessions changed (setFleet), after its added and removed events.
    void sessionsChanged();

private:
    void scheduleProgress();

    KindCatalog m_kinds;
    FleetEngineOptions m_options;
    std::unique_ptr<kube::ApiClient> m_client;
    kube::ApiRouter* m_router;
    ObjectService* m_objects;
    kube::ExecCredentialSource* m_execSource;
    kube::LimitedCredentialSource* m_limitedSource;
    QPointer<kube::CredentialStore> m_credentialStore;
    QList<ClusterSession*> m_sessions; // owned (children), fleet order
    QHash<QString, ClusterSession*> m_byName;
    QStringList m_startup;
    QTimer m_progressTimer;
};

} // namespace minato::fleet
