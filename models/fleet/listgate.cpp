// SPDX-License-Identifier: Apache-2.0
#include "fleet/listgate.h"

#include <algorithm>

namespace minato::fleet {

ListGate::ListGate(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

ListGate::Ticket ListGate::enter(std::function<void(Ticket)> start)
{
    const Ticket ticket = ++m_next;
    if (m_closed)
        return ticket;
    m_waiting.push_back({ ticket, std::move(start) });
    admit();
    return ticket;
}

void ListGate::leave(Ticket ticket)
{
    if (m_running.remove(ticket)) {
        admit();
        return;
    }
    const auto it = std::find_if(
        m_waiting.begin(), m_waiting.end(), [ticket](const Waiting& w) { return w.ticket == ticket; });
    if (it != m_waiting.end())
        m_waiting.erase(it);
}

void ListGate::close()
{
    m_closed = true;
    m_waiting.clear();
}

bool ListGate::isWaiting(Ticket ticket) const
{
    return std::any_of(m_waiting.begin(), m_waiting.end(), [ticket](const Waiting& w) { return w.ticket == ticket; });
}

void ListGate::admit()
{
    // A start may leave() at once (a transport that answers synchronously); the state is
    // consistent before each call, so that nested admit() is harmless.
    while (!m_closed && running() < m_capacity && !m_waiting.empty()) {
        Waiting next = std::move(m_waiting.front());
        m_waiting.pop_front();
        m_running.insert(next.ticket);
        next.start(next.ticket);
    }
}

} // namespace minato::fleet
