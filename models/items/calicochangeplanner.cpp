// SPDX-License-Identifier: Apache-2.0
#include "items/calicochangeplanner.h"

#include "export/cleanmanifest.h"
#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "fleet/objectservice.h"
#include "fleet/watchplan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace minato::items {

using namespace changes;

namespace {

    bool hasFailed(fleet::SessionState state)
    {
        return state == fleet::SessionState::Unreachable || state == fleet::SessionState::AuthFailed
            || state == fleet::SessionState::Misconfigured;
    }

    // The Calico kind behind a fetch, or nullopt for the Kubernetes ones.
    std::optional<fleet::WatchedKind> calicoKind(NetworkObject object)
    {
        switch (object) {
        case NetworkObject::IpPool:
        case NetworkObject::IpPools:
            return fleet::WatchedKind::CalicoIpPools;
        case NetworkObject::BgpConfiguration:
            return fleet::WatchedKind::CalicoBgpConfigurations;
        case NetworkObject::BgpPeer:
            return fleet::WatchedKind::CalicoBgpPeers;
        case NetworkObject::FelixConfiguration:
            return fleet::WatchedKind::CalicoFelixConfigurations;
        case NetworkObject::Node:
        case NetworkObject::CalicoConfig:
            break;
        }
        return std::nullopt;
    }

    QString kindName(NetworkObject object)
    {
        switch (object) {
        case NetworkObject::IpPool:
            return QStringLiteral("IPPool");
        case NetworkObject::IpPools:
            return QStringLiteral("IPPools");
        case NetworkObject::BgpConfiguration:
            return QStringLiteral("BGPConfiguration");
        case NetworkObject::BgpPeer:
            return QStringLiteral("BGPPeer");
        case NetworkObject::FelixConfiguration:
            return QStringLiteral("FelixConfiguration");
        case NetworkObject::Node:
            return QStringLiteral("Node");
        case NetworkObject::CalicoConfig:
            return QStringLiteral("ConfigMap kube-system/");
        }
        return {};
    }

    // The items of a list, each given the apiVersion and kind list items leave out.
    QList<QJsonObject> listItems(const QJsonObject& list)
    {
        const QString apiVersion = list.value(QLatin1String("apiVersion")).toString();
        QString kind = list.value(QLatin1String("kind")).toString();
        if (kind.endsWith(QLatin1String("List")))
            kind.chop(4);
        QList<QJsonObject> items;
        for (const QJsonValue& value : list.value(QLatin1String("items")).toArray()) {
            QJsonObject item = value.toObject();
            if (!item.contains(QLatin1String("apiVersion")))
                item.insert(QStringLiteral("apiVersion"), apiVersion);
            if (!item.contains(QLatin1String("kind")))
                item.insert(QStringLiteral("kind"), kind);
            items << item;
        }
        return items;
    }

} // namespace

CalicoChangePlanner::CalicoChangePlanner(fleet::FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
{
    if (engine)
        connect(engine, &fleet::FleetEngine::sessionChanged, this, &CalicoChangePlanner::advance);
}

CalicoChangePlanner::~CalicoChangePlanner()
{
    if (m_engine) {
        for (const auto& [ticket, job] : m_jobs)
            for (auto it = job.requests.cbegin(); it != job.requests.cend(); ++it)
                m_engine->objects()->cancel(it.key());
    }
}

quint64 CalicoChangePlanner::plan(const NetworkChangeRequest& request)
{
    const quint64 ticket = ++m_nextTicket;
    Job job;
    job.request = request;
    const Expected<QList<NetworkFetch>> fetches = networkFetches(request);
    if (fetches)
        job.fetches = *fetches;
    m_jobs.emplace(ticket, std::move(job));
    // Answers always come from the event loop, never from inside plan().
    if (!fetches) {
        QMetaObject::invokeMethod(
            this, [this, ticket, message = fetches.error().message] { refuse(ticket, message); }, Qt::QueuedConnection);
        return ticket;
    }
    QTimer::singleShot(m_timeout, this, [this, ticket] {
        if (m_jobs.count(ticket))
            fail(ticket,
                QStringLiteral("gave up after %1 s waiting for cluster %2")
                    .arg(m_timeout.count() / 1000)
                    .arg(m_jobs.at(ticket).request.cluster));
    });
    QMetaObject::invokeMethod(
        this, [this, cluster = request.cluster] { advance(cluster); }, Qt::QueuedConnection);
    return ticket;
}

void CalicoChangePlanner::advance(const QString& cluster)
{
    QList<quint64> waiting;
    for (const auto& [ticket, job] : m_jobs) {
        if (job.request.cluster == cluster && !job.fetching && !job.fetches.isEmpty())
            waiting << ticket;
    }
    if (waiting.isEmpty())
        return;
    fleet::ClusterSession* session = m_engine ? m_engine->session(cluster) : nullptr;
    for (quint64 ticket : waiting) {
        if (!m_jobs.count(ticket))
            continue; // answered meanwhile by a slot reacting to an earlier answer
        if (!session) {
            fail(ticket, QStringLiteral("no cluster named %1 in the fleet").arg(cluster));
        } else if (session->discovery().fetched.isValid()) {
            startFetching(ticket, m_jobs.at(ticket));
        } else if (hasFailed(session->state())) {
            fail(ticket,
                QStringLiteral("cluster %1 is %2: %3")
                    .arg(cluster, fleet::sessionStateName(session->state()), session->status().reason));
        }
    }
    if (session && session->state() == fleet::SessionState::Idle)
        m_engine->ensureConnected(cluster);
}

void CalicoChangePlanner::startFetching(quint64 ticket, Job& job)
{
    job.fetching = true;
    const fleet::ClusterSession* session = m_engine->session(job.request.cluster);
    const QHash<fleet::WatchedKind, QString>& served = session->watchPlan().groupVersions;
    job.inputs.apiVersions = { served.value(fleet::WatchedKind::CalicoIpPools),
        served.value(fleet::WatchedKind::CalicoBgpConfigurations), served.value(fleet::WatchedKind::CalicoBgpPeers),
        served.value(fleet::WatchedKind::CalicoFelixConfigurations) };
    QList<QPair<int, QString>> paths;
    for (int i = 0; i < job.fetches.size(); ++i) {
        const NetworkFetch& fetch = job.fetches.at(i);
        QString path;
        if (const auto kind = calicoKind(fetch.object)) {
            const QString groupVersion = served.value(*kind);
            if (groupVersion.isEmpty())
                return fail(ticket,
                    QStringLiteral("cluster %1 serves no Calico %2 (crd.projectcalico.org/v1 or projectcalico.org/v3)")
                        .arg(job.request.cluster, kindName(fetch.object)));
            path = fleet::WatchPlan::collectionPath(groupVersion.section(QLatin1Char('/'), 0, 0),
                groupVersion.section(QLatin1Char('/'), 1), m_engine->kinds().spec(*kind).plural);
        } else if (fetch.object == NetworkObject::Node) {
            path = fleet::WatchPlan::collectionPath({}, QStringLiteral("v1"), QStringLiteral("nodes"));
        } else {
            path = fleet::WatchPlan::collectionPath(
                {}, QStringLiteral("v1"), QStringLiteral("configmaps"), QStringLiteral("kube-system"));
        }
        if (!fetch.name.isEmpty())
            path += QLatin1Char('/') + fetch.name;
        paths.append({ i, path });
    }
    for (const auto& [index, path] : std::as_const(paths)) {
        // The service never answers from inside get(), so the request's own ticket is known by then.
        auto request = std::make_shared<fleet::ObjectService::Ticket>(0);
        fleet::ObjectService::Request get { job.request.cluster, path };
        get.cacheable = false; // "absent" must be current: a change creates the object from it
        *request = m_engine->objects()->get(std::move(get), this,
            [this, ticket, request](const kube::ApiReply& reply) { onReply(ticket, *request, reply); });
        job.requests.insert(*request, index);
    }
}

void CalicoChangePlanner::onReply(quint64 ticket, fleet::ObjectService::Ticket request, const kube::ApiReply& reply)
{
    const auto jobIt = m_jobs.find(ticket);
    if (jobIt == m_jobs.end())
        return;
    Job& job = jobIt->second;
    const NetworkFetch fetch = job.fetches.at(job.requests.take(request));
    const QString separator
        = fetch.object == NetworkObject::CalicoConfig || fetch.name.isEmpty() ? QString() : QStringLiteral(" ");
    const QString what = kindName(fetch.object) + separator + fetch.name;
    const bool absent = reply.httpStatus == 404 || (reply.error && reply.error->kind == ErrorKind::NotFound);
    if (reply.error && !(absent && fetch.mayBeAbsent)) {
        return fail(ticket,
            absent ? QStringLiteral("%1 not found on cluster %2").arg(what, job.request.cluster)
                   : QStringLiteral("cannot get %1 from cluster %2: %3")
                         .arg(what, job.request.cluster, reply.error->message));
    }
    if (reply.isOk()) {
        const QJsonObject object = QJsonDocument::fromJson(reply.body).object();
        const auto clean = [&job](const QJsonObject& o) { return cleanManifest(o, &job.warnings); };
        switch (fetch.object) {
        case NetworkObject::IpPool:
            job.inputs.ipPool = clean(object);
            break;
        case NetworkObject::IpPools:
            for (const QJsonObject& item : listItems(object))
                job.inputs.ipPools.append(clean(item));
            break;
        case NetworkObject::BgpConfiguration:
            job.inputs.bgpConfiguration = clean(object);
            break;
        case NetworkObject::BgpPeer:
            job.inputs.bgpPeer = clean(object);
            break;
        case NetworkObject::Node:
            job.inputs.nodes.append(clean(object));
            break;
        case NetworkObject::FelixConfiguration:
            job.inputs.felixConfiguration = clean(object);
            break;
        case NetworkObject::CalicoConfig:
            job.inputs.calicoConfig = clean(object);
            break;
        }
    }
    if (job.requests.isEmpty())
        finish(ticket);
}

void CalicoChangePlanner::finish(quint64 ticket)
{
    Job& job = m_jobs.at(ticket);
    Expected<QList<Change>> changes = networkChanges(job.request, job.inputs);
    if (!changes)
        return refuse(ticket, changes.error().message);
    if (!job.warnings.isEmpty() && !changes->isEmpty())
        changes->first().warnings = job.warnings + changes->first().warnings;
    const QList<Change> ready = *changes;
    endJob(ticket);
    Q_EMIT changesReady(ticket, ready);
    if (m_jobs.empty())
        Q_EMIT idle();
}

void CalicoChangePlanner::fail(quint64 ticket, const QString& message)
{
    const QString cluster = m_jobs.at(ticket).request.cluster;
    endJob(ticket);
    Q_EMIT fetchFailed(ticket, cluster, message);
    if (m_jobs.empty())
        Q_EMIT idle();
}

void CalicoChangePlanner::refuse(quint64 ticket, const QString& message)
{
    if (!m_jobs.count(ticket))
        return;
    const QString cluster = m_jobs.at(ticket).request.cluster;
    endJob(ticket);
    Q_EMIT changeRefused(ticket, cluster, message);
    if (m_jobs.empty())
        Q_EMIT idle();
}

void CalicoChangePlanner::endJob(quint64 ticket)
{
    const auto it = m_jobs.find(ticket);
    if (it == m_jobs.end())
        return;
    for (auto request = it->second.requests.cbegin(); request != it->second.requests.cend(); ++request) {
        if (m_engine)
            m_engine->objects()->cancel(request.key());
    }
    m_jobs.erase(it);
}

} // namespace minato::items
