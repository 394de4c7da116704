// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace minato::fleet {

// The state machine of architecture.md, plus Idle for clusters not connected yet (the
// on-demand ones of a large fleet).
enum class SessionState : quint8
{
    Idle,
    Connecting, // reaching the API server, discovering what it serves
    Syncing, // listing: some kinds are not in the store yet
    Live, // every kind listed and watched
    Degraded, // live, but some kinds are forbidden or keep failing
    Unreachable, // the API server cannot be reached; one probe retries with backoff
    AuthFailed, // the credentials were refused (401) or could not be obtained
    Misconfigured, // the kubeconfig entry itself is broken
};

// "Live", "AuthFailed" …: stable words for output formats and tests.
QString sessionStateName(SessionState state);

// Where a session is, why, and since when.
struct SessionStatus
{
    SessionState state = SessionState::Idle;
    QString reason; // one line for people: "forbidden: pods, horizontalpodautoscalers"
    QDateTime since; // when this state began (a new reason in the same state keeps it)

    // A final answer for someone waiting on a connection: Live, or a state that will not
    // turn Live without a change outside Minato (Degraded counts: it is as live as it gets).
    bool isSettled() const
    {
        return state != SessionState::Idle && state != SessionState::Connecting && state != SessionState::Syncing;
    }
    bool operator==(const SessionStatus&) const = default;
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::SessionStatus)
