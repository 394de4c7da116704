// SPDX-License-Identifier: Apache-2.0
#include "metricspoller.h"

#include "fleet/clusterstore.h"
#include "fleet/metricsdecoder.h"
#include "kube/apitransport.h"

namespace minato::fleet {

MetricsPoller::MetricsPoller(kube::ApiTransport* transport, ClusterStore* store, QObject* parent)
    : QObject(parent)
    , m_transport(transport)
    , m_store(store)
    , m_timer(this)
{
    connect(&m_timer, &QTimer::timeout, this, &MetricsPoller::poll);
}

MetricsPoller::~MetricsPoller()
{
    cancelPending();
}

void MetricsPoller::start(const QString& endpoint, std::chrono::milliseconds interval)
{
    m_endpoint = endpoint;
    m_timer.start(interval);
    poll();
}

void MetricsPoller::stop()
{
    m_timer.stop();
    cancelPending();
}

void MetricsPoller::cancelPending()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        m_transport->cancel(it.key());
    m_pending.clear();
}

void MetricsPoller::poll()
{
    if (!m_pending.isEmpty())
        return; // the previous round is still out: a slow server gets no pile-up
    m_round = MetricsSample();
    m_roundError.reset();
    const auto submit = [this](const char* resource, MetricsDecoder::Kind kind) {
        kube::ApiRequest request = kube::ApiRequest::get(
            m_endpoint, QStringLiteral("/apis/metrics.k8s.io/v1beta1/") + QLatin1StringView(resource));
        request.decoder = std::make_shared<MetricsDecoder>(kind);
        request.totalTimeout = std::chrono::seconds(20);
        m_pending.insert(m_transport->submit(std::move(request), this), kind == MetricsDecoder::Kind::Nodes);
    };
    submit("nodes", MetricsDecoder::Kind::Nodes);
    submit("pods", MetricsDecoder::Kind::Pods);
}

void MetricsPoller::replyArrived(const kube::ApiReply& reply)
{
    const auto it = m_pending.constFind(reply.id);
    if (it == m_pending.cend())
        return;
    const bool nodes = *it;
    m_pending.erase(it);
    const auto* payload = dynamic_cast<const MetricsPayload*>(reply.decoded.get());
    if (reply.error)
        m_roundError = reply.error;
    else if (!payload)
        m_roundError = KubeError::make(ErrorKind::Parse, QStringLiteral("The metrics list was not decoded"));
    else if (payload->error)
        m_roundError = payload->error;
    else if (nodes)
        m_round.nodes = payload->usage;
    else
        m_round.pods = payload->usage;
    if (!m_pending.isEmpty())
        return;
    if (m_roundError) {
        m_lastError = m_roundError;
        Q_EMIT failed(*m_roundError);
        return;
    }
    m_lastError.reset();
    m_round.taken = QDateTime::currentDateTimeUtc();
    m_store->setMetrics(m_round);
    Q_EMIT sampled();
}

} // namespace minato::fleet
