// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apitransport.h"
#include "kube/payloaddecoder.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace minato::kube {

class ApiClient;
class ApiReceiver;
struct ApiReply;

// The ApiTransport over one ApiClient: every answer is handed to the receiver that submitted
// the request, looked up by request id, so that thousands of reflectors share the client's
// three signals without each one filtering every reply.
class ApiRouter : public QObject, public ApiTransport
{
    Q_OBJECT
public:
    explicit ApiRouter(ApiClient* client, QObject* parent = nullptr);
    ~ApiRouter() override;

    void setEndpoint(const ClusterEndpoint& endpoint) override;
    void removeEndpoint(const QString& name) override;
    RequestId submit(ApiRequest request, ApiReceiver* receiver) override;
    void cancel(RequestId id) override;

    // Requests submitted and not yet answered (tests, diagnostics).
    int pendingCount() const { return int(m_receivers.size()); }

private:
    void onReply(const ApiReply& reply);
    void onStreamChunks(const QList<DecodedStreamChunk>& chunks);
    void onStreamFinished(const ApiReply& reply);

    QPointer<ApiClient> m_client;
    QHash<RequestId, ApiReceiver*> m_receivers;
};

} // namespace minato::kube
