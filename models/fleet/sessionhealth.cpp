// SPDX-License-Identifier: Apache-2.0
#include "sessionhealth.h"

#include <QStringList>

namespace minato::fleet {

namespace {

using Connection = SessionHealthInput::Connection;

QString describe(const std::optional<KubeError>& error, const QString& fallback)
{
    if (!error)
        return fallback;
    QString text = error->message;
    if (!error->detail.isEmpty() && !text.contains(error->detail))
        text += QStringLiteral(" (") + error->detail + QLatin1Char(')');
    return text;
}

bool isFailing(const SessionHealthInput::Kind& kind)
{
    return kind.state == Reflector::State::WaitingToRetry && kind.failures >= FailingAfter && kind.lastError
        && kind.lastError->kind != ErrorKind::Throttled;
}

bool isThrottled(const SessionHealthInput::Kind& kind)
{
    return kind.state == Reflector::State::WaitingToRetry && kind.lastError
        && kind.lastError->kind == ErrorKind::Throttled;
}

QString failingText(const SessionHealthInput::Kind& kind)
{
    QString why = kind.lastError->message;
    if (kind.lastError->httpStatus > 0 && !why.contains(QString::number(kind.lastError->httpStatus)))
        why = QStringLiteral("HTTP %1: %2").arg(kind.lastError->httpStatus).arg(why);
    return kind.label + QStringLiteral(" (") + why + QLatin1Char(')');
}

} // namespace

SessionVerdict evaluateSessionHealth(const SessionHealthInput& input)
{
    switch (input.connection) {
    case Connection::NotStarted:
        return { SessionState::Idle, QStringLiteral("not connected yet") };
    case Connection::Misconfigured:
        return { SessionState::Misconfigured,
            describe(input.connectionError, QStringLiteral("the kubeconfig entry is broken")) };
    case Connection::Unauthorized:
        return { SessionState::AuthFailed,
            describe(input.connectionError, QStringLiteral("the credentials were refused")) };
    case Connection::Unreachable:
        return { SessionState::Unreachable,
            describe(input.connectionError, QStringLiteral("the API server cannot be reached")) };
    case Connection::Probing:
        return { SessionState::Connecting,
            input.server.isEmpty() ? QStringLiteral("connecting") : QStringLiteral("connecting to ") + input.server };
    case Connection::Reachable:
        break;
    }
    if (input.kinds.isEmpty())
        return { SessionState::Connecting, QStringLiteral("discovering the API") };

    QStringList forbidden;
    QStringList failing;
    QStringList listing;
    bool throttled = false;
    int synced = 0;
    for (const SessionHealthInput::Kind& kind : input.kinds) {
        throttled = throttled || isThrottled(kind);
        if (kind.state == Reflector::State::Forbidden) {
            if (!forbidden.contains(kind.label))
                forbidden << kind.label;
        } else if (kind.state == Reflector::State::Absent) {
            ++synced; // nothing to list: that is an answer too
        } else if (isFailing(kind)) {
            failing << failingText(kind);
        } else if (kind.synced) {
            ++synced;
        } else if (!listing.contains(kind.label)) {
            listing << kind.label;
        }
    }

    QStringList problems;
    if (!forbidden.isEmpty())
        problems << QStringLiteral("forbidden: ") + forbidden.join(QStringLiteral(", "));
    if (!failing.isEmpty())
        problems << QStringLiteral("failing: ") + failing.join(QStringLiteral(", "));

    if (!listing.isEmpty()) {
        // Name a few; a whole cluster's worth of kinds is just a number.
        const QString what
            = listing.size() <= 3 ? listing.join(QStringLiteral(", ")) : QStringLiteral("%1 kinds").arg(listing.size());
        QStringList parts {
            QStringLiteral("listing %1 (%2 of %3 kinds synced)").arg(what).arg(synced).arg(input.kinds.size())
        };
        if (throttled)
            parts << QStringLiteral("throttled by the API server");
        parts += problems;
        return { SessionState::Syncing, parts.join(QStringLiteral("; ")) };
    }
    if (!problems.isEmpty())
        return { SessionState::Degraded, problems.join(QStringLiteral("; ")) };
    return { SessionState::Live, QStringLiteral("watching %1 kinds").arg(input.kinds.size()) };
}

} // namespace minato::fleet
