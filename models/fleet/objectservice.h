// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireceiver.h"
#include "kube/apireply.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>

namespace minato::kube {
class ApiTransport;
class PayloadDecoder;
} // namespace minato::kube

namespace minato::fleet {

// The one way to read single objects and documents of the fleet's clusters besides the
// reflectors' lists and watches: the full object behind the YAML pane, what the change planner
// needs, the OpenAPI schema. Every GET goes through the fleet's ApiTransport (as the reflectors'
// do, so unit tests fake it the same way). Answers are delivered to the one caller that asked;
// a decoder runs in the I/O thread, so the GUI thread only receives values. Identical GETs in
// flight share one request, and answers are kept for a short while (cacheTtl), so the planner
// reading the object the YAML pane just showed costs nothing. Lives in the GUI thread.
class ObjectService : public QObject, public kube::ApiReceiver
{
    Q_OBJECT
public:
    using Ticket = quint64;
    using Done = std::function<void(const kube::ApiReply& reply)>;

    struct Request
    {
        Request(QString cluster, QString path, QList<QPair<QString, QString>> query = {})
            : cluster(std::move(cluster))
            , path(std::move(path))
            , query(std::move(query))
        { }

        QString cluster; // the context name (the session's endpoint)
        QString path;
        QList<QPair<QString, QString>> query;
        QByteArray accept = QByteArrayLiteral("application/json"); // a Table, say (servertable.h)
        // Optional: decodes a 2xx body in the I/O thread; the reply then carries `decoded`.
        // Requests with a decoder are shared and cached only with requests of the same decoder.
        std::shared_ptr<kube::PayloadDecoder> decoder;
        // false: always ask the server (the answer still refreshes the cache for others).
        bool cacheable = true;
    };

    explicit ObjectService(kube::ApiTransport* transport, QObject* parent = nullptr);
    ~ObjectService() override; // cancels what is in flight; no callback runs

    // GETs the request and calls `done` exactly once, in this thread, later (never from inside
    // get()) — unless the ticket is cancelled or `context` is destroyed first.
    Ticket get(Request request, QObject* context, Done done);
    void cancel(Ticket ticket);

    // How long an answer is served from memory (default 2 s; 0 turns the cache off).
    void setCacheTtl(std::chrono::milliseconds ttl) { m_cacheTtl = ttl; }
    int pendingCount() const { return int(m_waiting.size()); }
    int requestsSent() const { return m_sent; }

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Done done;
        kube::RequestId request = 0;
    };
    struct Flight
    {
        QString key;
        QList<Ticket> tickets;
    };
    struct Cached
    {
        kube::ApiReply reply;
        QElapsedTimer age;
    };

    static QString keyOf(const Request& request);
    void replyArrived(const kube::ApiReply& reply) override;
    void streamDataArrived(kube::RequestId, quint64, const kube::DecodedPayloadPtr&) override { }
    void streamEnded(const kube::ApiReply&) override { }
    void deliver(Ticket ticket, const kube::ApiReply& reply);
    void pruneCache(); // drops expired answers, so the cache holds only the last few seconds

    kube::ApiTransport* m_transport;
    std::chrono::milliseconds m_cacheTtl { 2000 };
    Ticket m_nextTicket = 0;
    int m_sent = 0;
    QHash<Ticket, Waiter> m_waiting;
    QHash<kube::RequestId, Flight> m_flights;
    QHash<QString, kube::RequestId> m_flightByKey;
    QHash<QString, Cached> m_cache;
};

} // namespace minato::fleet
