// SPDX-License-Identifier: Apache-2.0
#include "apirouter.h"

#include "kube/apiclient.h"
#include "kube/apireceiver.h"

namespace minato::kube {

ApiRouter::ApiRouter(ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
    connect(client, &ApiClient::replyAvailable, this, &ApiRouter::onReply);
    connect(client, &ApiClient::streamDecodedAvailable, this, &ApiRouter::onStreamChunks);
    connect(client, &ApiClient::streamFinished, this, &ApiRouter::onStreamFinished);
}

ApiRouter::~ApiRouter()
{
    if (m_client) {
        for (auto it = m_receivers.cbegin(); it != m_receivers.cend(); ++it)
            m_client->cancel(it.key());
    }
}

void ApiRouter::setEndpoint(const ClusterEndpoint& endpoint)
{
    if (m_client)
        m_client->setEndpoint(endpoint);
}

void ApiRouter::removeEndpoint(const QString& name)
{
    if (m_client)
        m_client->removeEndpoint(name);
}

RequestId ApiRouter::submit(ApiRequest request, ApiReceiver* receiver)
{
    if (!m_client)
        return 0;
    const RequestId id = m_client->submit(std::move(request));
    m_receivers.insert(id, receiver);
    return id;
}

void ApiRouter::cancel(RequestId id)
{
    if (m_receivers.remove(id) && m_client)
        m_client->cancel(id);
}

void ApiRouter::onReply(const ApiReply& reply)
{
    if (ApiReceiver* receiver = m_receivers.take(reply.id))
        receiver->replyArrived(reply);
}

void ApiRouter::onStreamChunks(const QList<DecodedStreamChunk>& chunks)
{
    for (const DecodedStreamChunk& chunk : chunks) {
        // Looked up per chunk: an earlier chunk's receiver may have cancelled this request.
        if (ApiReceiver* receiver = m_receivers.value(chunk.id))
            receiver->streamDataArrived(chunk.id, chunk.generation, chunk.payload);
    }
}

void ApiRouter::onStreamFinished(const ApiReply& reply)
{
    if (ApiReceiver* receiver = m_receivers.take(reply.id))
        receiver->streamEnded(reply);
}

} // namespace minato::kube
