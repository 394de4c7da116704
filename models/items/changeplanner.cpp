// SPDX-License-Identifier: Apache-2.0
#include "items/changeplanner.h"

#include "export/cleanmanifest.h"
#include "export/operations.h"
#include "export/resourcelocator.h"
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

    // The items of a list, each given the apiVersion and kind list items leave out.
    QList<QJsonObject> listItems(const QByteArray& body)
    {
        const QJsonObject list = QJsonDocument::fromJson(body).object();
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

    // "app=web,tier=frontend" from spec.selector.matchLabels, the query kubectl would send.
    QString labelSelectorQuery(const QJsonObject& object)
    {
        const QJsonObject matchLabels = object.value(QLatin1String("spec"))
                                            .toObject()
                                            .value(QLatin1String("selector"))
                                            .toObject()
                                            .value(QLatin1String("matchLabels"))
                                            .toObject();
        QStringList terms;
        for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it)
            terms << it.key() + QLatin1Char('=') + it->toString();
        return terms.join(QLatin1Char(','));
    }

} // namespace

ChangePlanner::ChangePlanner(fleet::FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
{
    // Jobs wait for their cluster's discovery, or fail with its state.
    if (engine)
        connect(engine, &fleet::FleetEngine::sessionChanged, this, &ChangePlanner::advance);
}

ChangePlanner::~ChangePlanner()
{
    if (m_engine) {
        for (const auto& [ticket, job] : m_jobs)
            for (auto it = job.requests.cbegin(); it != job.requests.cend(); ++it)
                m_engine->objects()->cancel(it.key());
    }
}

quint64 ChangePlanner::plan(const ObjectRef& target, const OperationRequest& request)
{
    const quint64 ticket = ++m_nextTicket;
    Job job;
    job.target = target;
    job.request = request;
    m_jobs.emplace(ticket, std::move(job));
    QTimer::singleShot(m_timeout, this, [this, ticket] {
        if (m_jobs.count(ticket))
            fail(ticket,
                QStringLiteral("gave up after %1 s waiting for cluster %2")
                    .arg(m_timeout.count() / 1000)
                    .arg(m_jobs.at(ticket).target.cluster));
    });
    // Answers always come from the event loop, never from inside plan().
    QMetaObject::invokeMethod(
        this, [this, cluster = target.cluster] { advance(cluster); }, Qt::QueuedConnection);
    return ticket;
}

void ChangePlanner::advance(const QString& cluster)
{
    QList<quint64> waiting;
    for (const auto& [ticket, job] : m_jobs) {
        if (job.target.cluster == cluster && !job.fetching)
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
            continue;
        }
        if (session->discovery().fetched.isValid()) {
            startFetching(ticket, m_jobs.at(ticket));
            continue;
        }
        if (hasFailed(session->state())) {
            fail(ticket,
                QStringLiteral("cluster %1 is %2: %3")
                    .arg(cluster, fleet::sessionStateName(session->state()), session->status().reason));
            continue;
        }
    }
    if (session && session->state() == fleet::SessionState::Idle)
        m_engine->ensureConnected(cluster);
}

void ChangePlanner::startFetching(quint64 ticket, Job& job)
{
    job.fetching = true;
    fleet::ClusterSession* session = m_engine->session(job.target.cluster);
    const auto location = locateResource(session->discovery(), job.target, session->watchPlan().groupVersions.values());
    if (!location) {
        fail(ticket,
            QStringLiteral("cluster %1 serves no %2%3")
                .arg(job.target.cluster, job.target.kind,
                    job.target.apiVersion.isEmpty() ? QString() : QStringLiteral(" in ") + job.target.apiVersion));
        return;
    }
    if (location->namespaced && job.target.namespaceName.isEmpty())
        job.target.namespaceName = QStringLiteral("default"); // as kubectl without -n
    if (!location->namespaced)
        job.target.namespaceName.clear();
    job.target.apiVersion = location->groupVersion();
    submit(ticket, job, Part::Object, location->objectPath(job.target.namespaceName, job.target.name));
}

void ChangePlanner::submit(
    quint64 ticket, Job& job, Part part, const QString& path, QList<QPair<QString, QString>> query)
{
    // The service never answers from inside get(), so the request's own ticket is known by then.
    auto request = std::make_shared<fleet::ObjectService::Ticket>(0);
    *request = m_engine->objects()->get({ job.target.cluster, path, std::move(query) }, this,
        [this, ticket, request](const kube::ApiReply& reply) { onReply(ticket, *request, reply); });
    job.requests.insert(*request, part);
}

void ChangePlanner::onReply(quint64 ticket, fleet::ObjectService::Ticket request, const kube::ApiReply& reply)
{
    const auto jobIt = m_jobs.find(ticket);
    if (jobIt == m_jobs.end())
        return;
    Job& job = jobIt->second;
    const Part part = job.requests.take(request);
    const QString problem = reply.isOk() ? QString() : reply.error->message;
    switch (part) {
    case Part::Object:
        if (!problem.isEmpty())
            return fail(ticket,
                QStringLiteral("cannot get %1 from cluster %2: %3")
                    .arg(describe(job.target), job.target.cluster, problem));
        job.object = QJsonDocument::fromJson(reply.body).object();
        return fetchDependencies(ticket, job); // finishes when there is nothing more to fetch
    case Part::Pods:
        if (!problem.isEmpty())
            return fail(ticket,
                QStringLiteral("cannot list the pods of %1 on cluster %2: %3")
                    .arg(describe(job.target), job.target.cluster, problem));
        job.context.drain.pods = listItems(reply.body);
        break;
    case Part::Budgets:
        if (problem.isEmpty())
            job.context.drain.podDisruptionBudgets = listItems(reply.body);
        job.context.drain.budgetsKnown = problem.isEmpty();
        break;
    case Part::Related:
        if (!problem.isEmpty())
            job.warnings << QStringLiteral("dependents could not be listed: %1").arg(problem);
        job.context.related += listItems(reply.body);
        break;
    }
    if (job.requests.isEmpty())
        finish(ticket);
}

void ChangePlanner::fetchDependencies(quint64 ticket, Job& job)
{
    const QString kind = job.object.value(QLatin1String("kind")).toString();
    const QString nameSpace = job.target.namespaceName;
    if (job.request.kind == OperationKind::Drain && kind == QLatin1String("Node")) {
        submit(ticket, job, Part::Pods,
            fleet::WatchPlan::collectionPath({}, QStringLiteral("v1"), QStringLiteral("pods")),
            { { QStringLiteral("fieldSelector"), QStringLiteral("spec.nodeName=") + job.target.name } });
        const kube::DiscoveryResult& discovery = m_engine->session(job.target.cluster)->discovery();
        const QString version
            = discovery.firstServed(QStringLiteral("policy"), { QStringLiteral("v1"), QStringLiteral("v1beta1") });
        if (version.isEmpty())
            job.context.drain.budgetsKnown = false;
        else
            submit(ticket, job, Part::Budgets,
                fleet::WatchPlan::collectionPath(
                    QStringLiteral("policy"), version, QStringLiteral("poddisruptionbudgets")));
    }
    if (job.request.kind == OperationKind::Delete && !nameSpace.isEmpty()) {
        const bool owner = kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet")
            || kind == QLatin1String("DaemonSet") || kind == QLatin1String("ReplicaSet")
            || kind == QLatin1String("Job");
        const QString selector = labelSelectorQuery(job.object);
        QList<QPair<QString, QString>> query;
        if (!selector.isEmpty())
            query.append({ QStringLiteral("labelSelector"), selector });
        if (kind == QLatin1String("Deployment"))
            submit(ticket, job, Part::Related,
                fleet::WatchPlan::collectionPath(
                    QStringLiteral("apps"), QStringLiteral("v1"), QStringLiteral("replicasets"), nameSpace),
                query);
        if (owner)
            submit(ticket, job, Part::Related,
                fleet::WatchPlan::collectionPath({}, QStringLiteral("v1"), QStringLiteral("pods"), nameSpace), query);
    }
    if (job.requests.isEmpty())
        finish(ticket);
}

void ChangePlanner::finish(quint64 ticket)
{
    Job& job = m_jobs.at(ticket);
    QStringList warnings;
    const QJsonObject before = cleanManifest(job.object, &warnings);
    job.context.uid = job.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
    OperationRequest request = job.request;
    if (!request.restartedAt.isValid()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        request.restartedAt = now.addMSecs(-now.time().msec()); // RFC 3339 without fractions, as kubectl
    }
    auto change = applyOperation(request, job.target.cluster, before, job.context);
    const ObjectRef target = job.target;
    warnings += job.warnings;
    endJob(ticket);
    if (!change) {
        Q_EMIT operationRefused(ticket, target, change.error().message);
    } else {
        change->warnings = warnings + change->warnings;
        Q_EMIT changeReady(ticket, *change);
    }
    if (m_jobs.empty())
        Q_EMIT idle();
}

void ChangePlanner::fail(quint64 ticket, const QString& message)
{
    const ObjectRef target = m_jobs.at(ticket).target;
    endJob(ticket);
    Q_EMIT fetchFailed(ticket, target, message);
    if (m_jobs.empty())
        Q_EMIT idle();
}

void ChangePlanner::endJob(quint64 ticket)
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
