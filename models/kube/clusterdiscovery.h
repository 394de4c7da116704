// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireceiver.h"
#include "kube/discoveryresult.h"

#include <QObject>
#include <QSet>

namespace minato::kube {

class ApiTransport;

// Legacy (unaggregated) discovery of one cluster, limited to what the caller needs: /api and
// /apis, then the APIResourceList of only the wanted group-versions, all at once. One result
// or one failure per start(); a new start() supersedes the one running.
class ClusterDiscovery : public QObject, public ApiReceiver
{
    Q_OBJECT
public:
    // A group the caller wants to look into, with acceptable versions, most preferred first
    // ("autoscaling": v2, v2beta2, v1). The core group is "" with version "v1".
    struct Wanted
    {
        QString group;
        QStringList versions;
    };

    ClusterDiscovery(ApiTransport* transport, QObject* parent = nullptr);
    ~ClusterDiscovery() override;

    void start(const QString& endpoint, const QList<Wanted>& wanted);
    void cancel();
    bool isRunning() const { return !m_requests.isEmpty(); }

Q_SIGNALS:
    // Resource lists that failed (a 503 from an aggregated API that is down) are in
    // result.failures; they do not fail discovery as a whole.
    void finished(const minato::kube::DiscoveryResult& result);
    // /api or /apis could not be read.
    void failed(const minato::KubeError& error);

private:
    void replyArrived(const ApiReply& reply) override;
    void streamDataArrived(RequestId, quint64, const DecodedPayloadPtr&) override { }
    void streamEnded(const ApiReply&) override { }

    void requestResourceLists();
    void submit(const QString& path, int mode, const QString& key);
    void fail(const KubeError& error);
    void finishIfDone();

    ApiTransport* m_transport;
    QString m_endpoint;
    QList<Wanted> m_wanted;
    quint64 m_generation = 0;
    QHash<RequestId, QString> m_requests; // in flight: id → group-version, or "/api", "/apis"
    int m_rootsPending = 0;
    DiscoveryResult m_result;
};

} // namespace minato::kube
