// SPDX-License-Identifier: Apache-2.0
#include "fleet/objectservice.h"

#include "kube/apitransport.h"

#include <QTimer>

namespace minato::fleet {

ObjectService::ObjectService(kube::ApiTransport* transport, QObject* parent)
    : QObject(parent)
    , m_transport(transport)
{
}

ObjectService::~ObjectService()
{
    for (auto it = m_flights.cbegin(); it != m_flights.cend(); ++it)
        m_transport->cancel(it.key());
}

QString ObjectService::keyOf(const Request& request)
{
    QString key = request.cluster + QLatin1Char('\n') + request.path;
    for (const auto& [name, value] : request.query)
        key += QLatin1Char('\n') + name + QLatin1Char('=') + value;
    key += QStringLiteral("\naccept=") + QString::fromLatin1(request.accept);
    // Different decoders make different values of the same body.
    if (request.decoder)
        key += QStringLiteral("\ndecoder=%1").arg(quintptr(request.decoder.get()), 0, 16);
    return key;
}

ObjectService::Ticket ObjectService::get(Request request, QObject* context, Done done)
{
    const Ticket ticket = ++m_nextTicket;
    const QString key = keyOf(request);
    m_waiting.insert(ticket, Waiter { context, std::move(done), 0 });

    if (request.cacheable && m_cacheTtl.count() > 0) {
        const auto cached = m_cache.constFind(key);
        if (cached != m_cache.constEnd() && cached->age.elapsed() < m_cacheTtl.count()) {
            const kube::ApiReply reply = cached->reply;
            // Answers always come from the event loop, as they do from the network.
            QTimer::singleShot(0, this, [this, ticket, reply] { deliver(ticket, reply); });
            return ticket;
        }
        m_cache.remove(key);
        if (const auto flight = m_flightByKey.constFind(key); flight != m_flightByKey.constEnd()) {
            m_waiting[ticket].request = *flight;
            m_flights[*flight].tickets.append(ticket);
            return ticket;
        }
    }
    kube::ApiRequest get = kube::ApiRequest::get(request.cluster, request.path, std::move(request.query));
    get.accept = std::move(request.accept);
    get.decoder = std::move(request.decoder);
    const kube::RequestId id = m_transport->submit(std::move(get), this);
    ++m_sent;
    m_waiting[ticket].request = id;
    // Every answer refreshes the cache; only cacheable requests share a flight or read it.
    m_flights.insert(id, Flight { key, { ticket } });
    if (request.cacheable)
        m_flightByKey.insert(key, id);
    return ticket;
}

void ObjectService::cancel(Ticket ticket)
{
    const auto waiter = m_waiting.constFind(ticket);
    if (waiter == m_waiting.constEnd())
        return;
    const kube::RequestId id = waiter->request;
    m_waiting.erase(waiter);
    const auto flight = m_flights.find(id);
    if (flight == m_flights.end())
        return; // a cached answer on its way: deliver() finds no waiter
    flight->tickets.removeOne(ticket);
    if (flight->tickets.isEmpty()) {
        if (m_flightByKey.value(flight->key) == id)
            m_flightByKey.remove(flight->key);
        m_flights.erase(flight);
        m_transport->cancel(id);
    }
}

void ObjectService::replyArrived(const kube::ApiReply& reply)
{
    const auto flight = m_flights.find(reply.id);
    if (flight == m_flights.end())
        return;
    const Flight done = *flight;
    m_flights.erase(flight);
    if (m_flightByKey.value(done.key) == reply.id)
        m_flightByKey.remove(done.key);
    if (reply.isOk() && m_cacheTtl.count() > 0) {
        pruneCache();
        Cached& cached = m_cache[done.key];
        cached.reply = reply;
        cached.age.start();
    }
    for (const Ticket ticket : done.tickets)
        deliver(ticket, reply);
}

void ObjectService::pruneCache()
{
    for (auto it = m_cache.begin(); it != m_cache.end();)
        it = it->age.elapsed() >= m_cacheTtl.count() ? m_cache.erase(it) : std::next(it);
}

void ObjectService::deliver(Ticket ticket, const kube::ApiReply& reply)
{
    const auto it = m_waiting.find(ticket);
    if (it == m_waiting.end())
        return; // cancelled meanwhile
    const Waiter waiter = *it;
    m_waiting.erase(it);
    if (waiter.context)
        waiter.done(reply);
}

} // namespace minato::fleet
