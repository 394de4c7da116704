// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSet>
#include <QtGlobal>

#include <deque>
#include <functional>

namespace minato::fleet {

// Caps the list pages in flight across the whole fleet. A page is megabytes of JSON until it
// is decoded, and fifty clusters connecting together would otherwise hold all their first
// pages at once: peak memory would grow with the fleet instead of staying put. Watches and
// single-object GETs never wait here. Pages are admitted in the order they asked.
// GUI thread only (the reflectors' thread).
class ListGate
{
public:
    using Ticket = quint64;

    explicit ListGate(int capacity);
    ListGate(const ListGate&) = delete;
    ListGate& operator=(const ListGate&) = delete;

    // Runs `start` (with the ticket) now if a slot is free, else once one frees. The ticket is
    // what leave() takes.
    Ticket enter(std::function<void(Ticket)> start);
    // The page arrived, failed or was cancelled: frees its slot, or withdraws it if it was
    // still waiting (its `start` then never runs). Unknown tickets are ignored.
    void leave(Ticket ticket);

    // Shutting down: waiting pages are dropped and nothing is admitted any more, so that
    // reflectors torn down one after another do not start each other's lists.
    void close();
    bool isWaiting(Ticket ticket) const;

    int capacity() const { return m_capacity; }
    int running() const { return int(m_running.size()); }
    int waiting() const { return int(m_waiting.size()); }

private:
    void admit();

    struct Waiting
    {
        Ticket ticket;
        std::function<void(Ticket)> start;
    };

    int m_capacity;
    bool m_closed = false;
    Ticket m_next = 0;
    QSet<Ticket> m_running;
    std::deque<Waiting> m_waiting;
};

} // namespace minato::fleet
