// SPDX-License-Identifier: Apache-2.0
#include "clusterdiscovery.h"

#include "kube/apitransport.h"
#include "kube/discoverydecoder.h"
#include "kube/resourcename.h"

namespace minato::kube {

namespace {

const QString CoreRoot = QStringLiteral("/api");
const QString GroupsRoot = QStringLiteral("/apis");

} // namespace

ClusterDiscovery::ClusterDiscovery(ApiTransport* transport, QObject* parent)
    : QObject(parent)
    , m_transport(transport)
{
    qRegisterMetaType<DiscoveryResult>();
}

ClusterDiscovery::~ClusterDiscovery()
{
    cancel();
}

void ClusterDiscovery::start(const QString& endpoint, const QList<Wanted>& wanted)
{
    cancel();
    ++m_generation;
    m_endpoint = endpoint;
    m_wanted = wanted;
    m_result = DiscoveryResult();
    m_rootsPending = 2;
    submit(CoreRoot, int(DiscoveryDecoder::Mode::CoreVersions), CoreRoot);
    submit(GroupsRoot, int(DiscoveryDecoder::Mode::GroupList), GroupsRoot);
}

void ClusterDiscovery::cancel()
{
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        m_transport->cancel(it.key());
    m_requests.clear();
    m_rootsPending = 0;
}

void ClusterDiscovery::submit(const QString& path, int mode, const QString& key)
{
    ApiRequest request = ApiRequest::get(m_endpoint, path);
    request.generation = m_generation;
    request.decoder = std::make_shared<DiscoveryDecoder>(DiscoveryDecoder::Mode(mode));
    request.totalTimeout = std::chrono::seconds(30);
    m_requests.insert(m_transport->submit(std::move(request), this), key);
}

void ClusterDiscovery::replyArrived(const ApiReply& reply)
{
    if (reply.generation != m_generation || !m_requests.contains(reply.id))
        return;
    const QString key = m_requests.take(reply.id);
    const bool isRoot = key == CoreRoot || key == GroupsRoot;
    const auto* payload = dynamic_cast<const DiscoveryPayload*>(reply.decoded.get());
    std::optional<KubeError> error = reply.error;
    if (!error && !payload)
        error = KubeError::make(ErrorKind::Parse, QStringLiteral("Discovery answered without a document"));
    if (!error && payload->error)
        error = payload->error;

    if (error) {
        if (isRoot) {
            fail(*error);
            return;
        }
        m_result.failures.insert(key, *error);
        finishIfDone();
        return;
    }
    if (key == CoreRoot) {
        ApiGroupInfo core;
        core.versions = payload->coreVersions;
        core.preferredVersion = core.versions.value(0);
        m_result.groups.prepend(core);
    } else if (key == GroupsRoot) {
        m_result.groups.append(payload->groups);
    } else {
        m_result.resources.insert(key, payload->resources);
    }
    if (isRoot && --m_rootsPending == 0)
        requestResourceLists();
    finishIfDone();
}

void ClusterDiscovery::requestResourceLists()
{
    for (const Wanted& wanted : std::as_const(m_wanted)) {
        const QString version = m_result.firstServed(wanted.group, wanted.versions);
        if (version.isEmpty())
            continue;
        const QString groupVersion = DiscoveryResult::groupVersion(wanted.group, version);
        if (m_result.resources.contains(groupVersion) || m_requests.values().contains(groupVersion))
            continue;
        submit(groupVersionPath(wanted.group, version), int(DiscoveryDecoder::Mode::ResourceList), groupVersion);
    }
}

void ClusterDiscovery::fail(const KubeError& error)
{
    cancel();
    Q_EMIT failed(error);
}

void ClusterDiscovery::finishIfDone()
{
    if (m_rootsPending > 0 || !m_requests.isEmpty())
        return;
    m_result.fetched = QDateTime::currentDateTimeUtc();
    Q_EMIT finished(m_result);
}

} // namespace minato::kube
