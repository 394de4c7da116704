// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/networkchanges.h"
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

// The network half of the topology view's changes (export/networkchanges.h): waits for the
// cluster's discovery like ChangePlanner, takes the Calico group/version of each kind from the
// session's watch plan, GETs what networkFetches() names through the engine's ObjectService
// (a 404 on an object that may be absent means "create it"), cleans the objects and builds the
// changes. Only GETs. Lives in the GUI thread; exactly one answer signal per ticket.
class CalicoChangePlanner : public QObject
{
    Q_OBJECT
public:
    explicit CalicoChangePlanner(fleet::FleetEngine* engine, QObject* parent = nullptr);
    ~CalicoChangePlanner() override; // cancels what is in flight, without signals

    // Starts preparing `request` on request.cluster. Returns the ticket the answer carries.
    quint64 plan(const changes::NetworkChangeRequest& request);
    // How long one plan may take, waiting for the cluster included (default 60 s).
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    int pendingCount() const { return int(m_jobs.size()); }

Q_SIGNALS:
    // The changes, in the order to apply them.
    void changesReady(quint64 ticket, const QList<minato::changes::Change>& changes);
    // What the request needs could not be fetched (the cluster, a 403, an object that is missing).
    void fetchFailed(quint64 ticket, const QString& cluster, const QString& message);
    // Fetched, but Calico would not take it, or the parameters are wrong.
    void changeRefused(quint64 ticket, const QString& cluster, const QString& message);
    // The last pending plan answered.
    void idle();

private:
    struct Job
    {
        changes::NetworkChangeRequest request;
        QList<changes::NetworkFetch> fetches;
        changes::NetworkChangeInputs inputs;
        QHash<fleet::ObjectService::Ticket, int> requests; // → index into fetches
        QStringList warnings; // from cleaning the fetched objects
        bool fetching = false;
    };

    void advance(const QString& cluster);
    void startFetching(quint64 ticket, Job& job);
    void onReply(quint64 ticket, fleet::ObjectService::Ticket request, const kube::ApiReply& reply);
    void finish(quint64 ticket);
    void fail(quint64 ticket, const QString& message);
    void refuse(quint64 ticket, const QString& message);
    void endJob(quint64 ticket);

    QPointer<fleet::FleetEngine> m_engine;
    std::chrono::milliseconds m_timeout { 60000 };
    quint64 m_nextTicket = 0;
    std::map<quint64, Job> m_jobs;
};

} // namespace minato::items
