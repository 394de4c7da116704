// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/metricssample.h"
#include "kube/apireceiver.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <optional>

namespace minato::kube {
class ApiTransport;
}

namespace minato::fleet {

class ClusterStore;

// Samples metrics.k8s.io (node and pod usage) into the ClusterStore at a fixed interval:
// metrics-server does not support watch. One round is two requests; a round that fails
// keeps the previous sample and is simply tried again next time.
class MetricsPoller : public QObject, public kube::ApiReceiver
{
    Q_OBJECT
public:
    MetricsPoller(kube::ApiTransport* transport, ClusterStore* store, QObject* parent = nullptr);
    ~MetricsPoller() override;

    void start(const QString& endpoint, std::chrono::milliseconds interval);
    void stop();
    bool isRunning() const { return m_timer.isActive() || !m_pending.isEmpty(); }
    const std::optional<KubeError>& lastError() const { return m_lastError; }

Q_SIGNALS:
    void sampled();
    void failed(const minato::KubeError& error);

private:
    void poll();
    void replyArrived(const kube::ApiReply& reply) override;
    void streamDataArrived(kube::RequestId, quint64, const kube::DecodedPayloadPtr&) override { }
    void streamEnded(const kube::ApiReply&) override { }
    void cancelPending();

    kube::ApiTransport* m_transport;
    ClusterStore* m_store;
    QString m_endpoint;
    QTimer m_timer;
    QHash<kube::RequestId, bool> m_pending; // id → is the node list
    MetricsSample m_round;
    std::optional<KubeError> m_roundError;
    std::optional<KubeError> m_lastError;
};

} // namespace minato::fleet
