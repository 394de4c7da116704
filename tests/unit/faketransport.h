// SPDX-License-Identifier: Apache-2.0
#pragma once

// A scripted ApiTransport for reflector, discovery and session tests: it records what was
// submitted and lets the test answer each request by hand, running the request's own decoder
// as the I/O thread would. Nothing is asynchronous; answers arrive inside the answering call.

#include "kube/apireceiver.h"
#include "kube/apitransport.h"

#include <QHash>
#include <QList>
#include <QUrlQuery>

#include <optional>

class FakeTransport : public minato::kube::ApiTransport
{
public:
    struct Submitted
    {
        minato::kube::ApiRequest request;
        minato::kube::ApiReceiver* receiver = nullptr;
    };

    QList<Submitted> submitted;
    QList<minato::kube::RequestId> cancelled;
    QHash<QString, minato::kube::ClusterEndpoint> endpoints;

    void setEndpoint(const minato::kube::ClusterEndpoint& endpoint) override
    {
        endpoints.insert(endpoint.name, endpoint);
    }
    void removeEndpoint(const QString& name) override { endpoints.remove(name); }
    minato::kube::RequestId submit(minato::kube::ApiRequest request, minato::kube::ApiReceiver* receiver) override
    {
        request.id = ++m_nextId;
        submitted.append(Submitted { request, receiver });
        m_open.insert(request.id, receiver);
        return request.id;
    }
    void cancel(minato::kube::RequestId id) override
    {
        if (m_open.remove(id))
            cancelled.append(id);
    }

    int openCount() const { return int(m_open.size()); }
    bool isOpen(minato::kube::RequestId id) const { return m_open.contains(id); }
    const minato::kube::ApiRequest& last() const { return submitted.constLast().request; }
    // The newest request still open, optionally of one path.
    std::optional<minato::kube::ApiRequest> open(const QString& path = {}) const
    {
        for (auto it = submitted.crbegin(); it != submitted.crend(); ++it) {
            if (m_open.contains(it->request.id) && (path.isEmpty() || it->request.path == path))
                return it->request;
        }
        return std::nullopt;
    }

    // Answers a Get with a 200 body, decoded by the request's decoder.
    void reply(minato::kube::RequestId id, const QByteArray& body)
    {
        minato::kube::ApiReply r = baseReply(id);
        r.httpStatus = 200;
        const auto& request = requestOf(id);
        if (request.decoder)
            r.decoded = request.decoder->decodeBody(body);
        else
            r.body = body;
        deliver(id, r);
    }
    void fail(minato::kube::RequestId id, minato::KubeError error)
    {
        minato::kube::ApiReply r = baseReply(id);
        r.httpStatus = error.httpStatus;
        r.error = std::move(error);
        deliver(id, r);
    }
    // Watch lines, decoded by the request's decoder.
    void stream(minato::kube::RequestId id, const QByteArray& lines)
    {
        minato::kube::ApiReceiver* receiver = m_open.value(id);
        if (!receiver)
            return;
        const auto& request = requestOf(id);
        receiver->streamDataArrived(id, request.generation, request.decoder->decodeStreamLines(lines));
    }
    void endStream(minato::kube::RequestId id, std::optional<minato::KubeError> error = std::nullopt)
    {
        minato::kube::ApiReply r = baseReply(id);
        r.httpStatus = error ? error->httpStatus : 200;
        r.error = std::move(error);
        deliver(id, r);
    }

    static minato::KubeError error(minato::ErrorKind kind, int status, int retryAfter = 0)
    {
        minato::KubeError e = minato::KubeError::make(kind, QStringLiteral("HTTP %1").arg(status));
        e.httpStatus = status;
        e.retryAfterSeconds = retryAfter;
        return e;
    }

private:
    const minato::kube::ApiRequest& requestOf(minato::kube::RequestId id) const
    {
        for (const Submitted& s : submitted) {
            if (s.request.id == id)
                return s.request;
        }
        Q_UNREACHABLE();
    }
    minato::kube::ApiReply baseReply(minato::kube::RequestId id) const
    {
        const auto& request = requestOf(id);
        minato::kube::ApiReply r;
        r.id = id;
        r.generation = request.generation;
        r.endpoint = request.endpoint;
        r.kind = request.kind;
        return r;
    }
    void deliver(minato::kube::RequestId id, const minato::kube::ApiReply& r)
    {
        minato::kube::ApiReceiver* receiver = m_open.take(id);
        if (!receiver)
            return;
        if (r.kind == minato::kube::RequestKind::Watch)
            receiver->streamEnded(r);
        else
            receiver->replyArrived(r);
    }

    minato::kube::RequestId m_nextId = 0;
    QHash<minato::kube::RequestId, minato::kube::ApiReceiver*> m_open;
};
