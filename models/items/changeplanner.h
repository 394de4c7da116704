// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/operationsrequest.h"
#include "fleet/objectservice.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <map>

namespace minato::fleet {
class FleetEngine;
}

namespace minato::items {

// Prepares Changes from live objects (the network half of an operation; models/export turns the
// fetched objects into the Change): connects the target's cluster when needed, waits for its
// discovery, GETs the full object through the engine's ObjectService (and for a drain the node's
// pods and the PodDisruptionBudgets, for a delete the namespace's ReplicaSets and Pods that may
// be its dependents), cleans it with cleanManifest and runs the operation. Only GETs: the
// client's read-only guard would refuse anything else. Lives in the GUI thread; every answer is
// a signal, exactly one per ticket.
class ChangePlanner : public QObject
{
    Q_OBJECT
public:
    explicit ChangePlanner(fleet::FleetEngine* engine, QObject* parent = nullptr);
    ~ChangePlanner() override; // cancels what is in flight, without signals

    // Starts preparing `request` on `target` (cluster, kind, namespace, name; apiVersion may be
    // empty: discovery picks the version). Returns the ticket the answer carries.
    quint64 plan(const changes::ObjectRef& target, const changes::OperationRequest& request);
    // How long one plan may take, waiting for the cluster included (default 60 s).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    int pendingCount() const { return int(m_jobs.size()); }

Q_SIGNALS:
    void changeReady(quint64 ticket, const minato::changes::Change& change);
    // The object (or what the operation needs besides it) could not be fetched.
    void fetchFailed(quint64 ticket, const minato::changes::ObjectRef& target, const QString& message);
    // Fetched, but the operation does not apply (scaling a Node, a paused Deployment's restart …).
    void operationRefused(quint64 ticket, const minato::changes::ObjectRef& target, const QString& message);
    // The last pending plan answered.
    void idle();

private:
    enum class Part
    {
        Object,
        Pods,
        Budgets,
        Related,
    };
    struct Job
    {
        changes::ObjectRef target;
        changes::OperationRequest request;
        QJsonObject object;
        changes::OperationContext context;
        QHash<fleet::ObjectService::Ticket, Part> requests;
        QStringList warnings; // what could not be read besides the object
        bool fetching = false;
    };

    void advance(const QString& cluster);
    void startFetching(quint64 ticket, Job& job);
    void submit(quint64 ticket, Job& job, Part part, const QString& path, QList<QPair<QString, QString>> query = {});
    void onReply(quint64 ticket, fleet::ObjectService::Ticket request, const kube::ApiReply& reply);
    void fetchDependencies(quint64 ticket, Job& job);
    void finish(quint64 ticket);
    void fail(quint64 ticket, const QString& message);
    void endJob(quint64 ticket);

    QPointer<fleet::FleetEngine> m_engine;
    std::chrono::milliseconds m_timeout { 60000 };
    quint64 m_nextTicket = 0;
    std::map<quint64, Job> m_jobs;
};

} // namespace minato::items
