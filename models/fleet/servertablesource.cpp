// SPDX-License-Identifier: Apache-2.0
#include "fleet/servertablesource.h"

#include "fleet/clustersession.h"
#include "fleet/fleetengine.h"
#include "kube/discoverydecoder.h"

namespace minato::fleet {

namespace {

constexpr int PageSize = 500; // as the reflectors and kubectl ask

} // namespace

ServerTableSource::ServerTableSource(FleetEngine* engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_listDecoder(std::make_shared<kube::DiscoveryDecoder>(kube::DiscoveryDecoder::Mode::ResourceList))
    , m_tableDecoder(std::make_shared<ServerTableDecoder>())
{
    m_refresh.setInterval(std::chrono::seconds(10));
    connect(&m_refresh, &QTimer::timeout, this, &ServerTableSource::refresh);
}

ServerTableSource::~ServerTableSource()
{
    cancelAll();
}

void ServerTableSource::setRefreshInterval(std::chrono::milliseconds interval)
{
    m_refresh.setInterval(interval);
    if (interval.count() <= 0)
        m_refresh.stop();
    else if (isOpen())
        m_refresh.start();
}

void ServerTableSource::open(const QStringList& clusters, const QString& resource)
{
    close();
    m_resource = resource.trimmed();
    m_query = kube::ResourceQuery::parse(m_resource);
    if (m_query.isEmpty() || !m_engine)
        return;
    m_order = clusters;
    for (const QString& cluster : clusters) {
        m_clusters.insert(cluster, ClusterState {});
        if (ClusterSession* session = m_engine->session(cluster)) {
            // A cluster still connecting resolves once its discovery is in.
            m_discoveryConnections << connect(session, &ClusterSession::discoveryChanged, this, [this, cluster] {
                const auto it = m_clusters.constFind(cluster);
                if (it != m_clusters.cend() && !it->resource && it->listsPending == 0)
                    resolve(cluster);
            });
        }
    }
    for (const QString& cluster : clusters)
        resolve(cluster);
    if (m_refresh.interval() > 0)
        m_refresh.start();
}

void ServerTableSource::close()
{
    cancelAll();
    for (const auto& connection : std::as_const(m_discoveryConnections))
        disconnect(connection);
    m_discoveryConnections.clear();
    m_clusters.clear();
    m_order.clear();
    m_resource.clear();
    m_query = {};
    m_refresh.stop();
}

void ServerTableSource::cancelAll()
{
    if (!m_engine)
        return;
    for (ClusterState& state : m_clusters) {
        if (state.listing)
            m_engine->objects()->cancel(state.listing);
        for (const ObjectService::Ticket ticket : std::as_const(state.tickets))
            m_engine->objects()->cancel(ticket);
        state.listing = 0;
        state.tickets.clear();
    }
}

std::optional<kube::ServedResource> ServerTableSource::resolved(const QString& cluster) const
{
    const auto it = m_clusters.constFind(cluster);
    return it == m_clusters.cend() ? std::nullopt : it->resource;
}

void ServerTableSource::refresh()
{
    for (const QString& cluster : std::as_const(m_order)) {
        const ClusterState& state = m_clusters[cluster];
        if (state.resource && !state.listing)
            listPage(cluster, {});
        else if (!state.resource && state.listsPending == 0)
            resolve(cluster); // discovery may have changed, or the CRD been installed since
    }
}

void ServerTableSource::resolve(const QString& cluster)
{
    ClusterSession* session = m_engine ? m_engine->session(cluster) : nullptr;
    if (!session) {
        Q_EMIT failed(cluster, tr("cluster %1 is not in the fleet").arg(cluster));
        return;
    }
    if (session->discovery().groups.isEmpty()) {
        Q_EMIT failed(cluster, tr("waiting for the cluster's discovery (%1)").arg(session->status().reason));
        return;
    }
    ClusterState& state = m_clusters[cluster];
    kube::DiscoveryResult known = session->discovery();
    for (auto it = state.lists.cbegin(); it != state.lists.cend(); ++it)
        known.resources.insert(it.key(), it.value());
    if (const auto found = kube::findResource(m_query, known)) {
        state.resource = found;
        listPage(cluster, {});
        return;
    }
    // Read the resource lists that could hold it and that nobody read yet, all at once.
    for (const auto& [group, version] : kube::candidateGroupVersions(m_query, known)) {
        const QString groupVersion = kube::DiscoveryResult::groupVersion(group, version);
        if (known.resources.contains(groupVersion) || state.listsRead.contains(groupVersion))
            continue;
        readResourceList(cluster, group, version);
    }
    if (state.listsPending == 0)
        Q_EMIT failed(cluster, tr("the server doesn't have a resource type \"%1\"").arg(m_resource));
}

void ServerTableSource::readResourceList(const QString& cluster, const QString& group, const QString& version)
{
    ClusterState& state = m_clusters[cluster];
    const QString groupVersion = kube::DiscoveryResult::groupVersion(group, version);
    state.listsRead.insert(groupVersion);
    ++state.listsPending;
    ObjectService::Request request { cluster, kube::groupVersionPath(group, version) };
    request.decoder = m_listDecoder;
    const auto ticket = std::make_shared<ObjectService::Ticket>(0);
    *ticket = m_engine->objects()->get(std::move(request), this, [this, cluster, groupVersion, ticket](const kube::ApiReply& reply) {
        auto it = m_clusters.find(cluster);
        if (it == m_clusters.end())
            return;
        it->tickets.removeOne(*ticket);
        --it->listsPending;
        const auto* payload = dynamic_cast<const kube::DiscoveryPayload*>(reply.decoded.get());
        if (reply.isOk() && payload && !payload->error)
            it->lists.insert(groupVersion, payload->resources);
        // An aggregated API that is down fails its own list only; the others may still answer.
        if (it->listsPending == 0)
            resolve(cluster);
    });
    state.tickets << *ticket;
}

void ServerTableSource::listPage(const QString& cluster, const QString& continueToken)
{
    ClusterState& state = m_clusters[cluster];
    if (continueToken.isEmpty())
        state.pages = {};
    QList<QPair<QString, QString>> query { { QStringLiteral("limit"), QString::number(PageSize) },
        { QStringLiteral("includeObject"), QStringLiteral("Metadata") } };
    if (!continueToken.isEmpty())
        query.append({ QStringLiteral("continue"), continueToken });
    ObjectService::Request request { cluster, state.resource->collectionPath(), std::move(query) };
    request.accept = QByteArray(serverTableAccept);
    request.decoder = m_tableDecoder;
    request.cacheable = false; // a refresh asks the server, always
    state.listing = m_engine->objects()->get(
        std::move(request), this, [this, cluster](const kube::ApiReply& reply) { pageArrived(cluster, reply); });
}

void ServerTableSource::pageArrived(const QString& cluster, const kube::ApiReply& reply)
{
    auto it = m_clusters.find(cluster);
    if (it == m_clusters.end())
        return;
    it->listing = 0;
    if (!reply.isOk()) {
        if (reply.error->kind == ErrorKind::Gone && !it->pages.continueToken.isEmpty()) {
            listPage(cluster, {}); // the continue token expired between pages: start over
            return;
        }
        Q_EMIT failed(cluster, reply.error->message);
        return;
    }
    const auto* payload = dynamic_cast<const ServerTablePayload*>(reply.decoded.get());
    if (!payload || payload->error) {
        Q_EMIT failed(cluster, payload ? payload->error->message : tr("the server's answer could not be read"));
        return;
    }
    ServerTable& pages = it->pages;
    if (pages.columns.isEmpty())
        pages.columns = payload->table.columns;
    pages.rows += payload->table.rows;
    pages.resourceVersion = payload->table.resourceVersion;
    pages.continueToken = payload->table.continueToken;
    if (!pages.continueToken.isEmpty()) {
        listPage(cluster, pages.continueToken);
        return;
    }
    Q_EMIT tableChanged(cluster, pages);
}

} // namespace minato::fleet
