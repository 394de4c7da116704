// SPDX-License-Identifier: Apache-2.0
// The session state machine's decision, table-driven: connection facts and reflector states
// in, state and reason out.
#include "fleet/sessionhealth.h"

#include <QTest>

using namespace minato;
using namespace minato::fleet;
using Connection = SessionHealthInput::Connection;
using RState = Reflector::State;

namespace {

SessionHealthInput::Kind kind(const char* label, RState state, bool synced, int failures = 0,
    std::optional<ErrorKind> error = std::nullopt, int status = 0)
{
    SessionHealthInput::Kind k;
    k.label = QString::fromLatin1(label);
    k.state = state;
    k.synced = synced;
    k.failures = failures;
    if (error) {
        KubeError e = KubeError::make(*error, QStringLiteral("boom"));
        e.httpStatus = status;
        k.lastError = e;
    }
    return k;
}

SessionHealthInput reachable(QList<SessionHealthInput::Kind> kinds)
{
    SessionHealthInput input;
    input.connection = Connection::Reachable;
    input.kinds = std::move(kinds);
    return input;
}

SessionHealthInput lost(Connection connection, ErrorKind kind, const char* message)
{
    SessionHealthInput input;
    input.connection = connection;
    input.connectionError = KubeError::make(kind, QString::fromLatin1(message));
    return input;
}

} // namespace

Q_DECLARE_METATYPE(minato::fleet::SessionHealthInput)
Q_DECLARE_METATYPE(minato::fleet::SessionState)

class TestSessionHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void verdict_data()
    {
        QTest::addColumn<SessionHealthInput>("input");
        QTest::addColumn<SessionState>("state");
        QTest::addColumn<QString>("reason"); // a part of the reason that must be there

        SessionHealthInput idle;
        QTest::newRow("not started") << idle << SessionState::Idle << QStringLiteral("not connected");

        SessionHealthInput broken;
        broken.connection = Connection::Misconfigured;
        broken.connectionError = KubeError::make(ErrorKind::Config, QStringLiteral("context \"x\" names no cluster"));
        QTest::newRow("misconfigured") << broken << SessionState::Misconfigured << QStringLiteral("names no cluster");

        SessionHealthInput probing;
        probing.connection = Connection::Probing;
        probing.server = QStringLiteral("https://10.0.0.1:6443");
        QTest::newRow("probing") << probing << SessionState::Connecting
                                 << QStringLiteral("connecting to https://10.0.0.1:6443");

        QTest::newRow("reachable, discovering")
            << reachable({}) << SessionState::Connecting << QStringLiteral("discovering");

        QTest::newRow("unreachable") << lost(Connection::Unreachable, ErrorKind::Network, "Cannot reach the API server")
                                     << SessionState::Unreachable << QStringLiteral("Cannot reach the API server");
        QTest::newRow("token revoked") << lost(Connection::Unauthorized, ErrorKind::Unauthorized, "Unauthorized")
                                       << SessionState::AuthFailed << QStringLiteral("Unauthorized");

        QTest::newRow("listing") << reachable(
            { kind("pods", RState::Listing, false), kind("nodes", RState::Watching, true) })
                                 << SessionState::Syncing << QStringLiteral("listing pods (1 of 2 kinds synced)");

        QTest::newRow("listing while throttled")
            << reachable({ kind("pods", RState::WaitingToRetry, false, 5, ErrorKind::Throttled, 429) })
            << SessionState::Syncing << QStringLiteral("throttled by the API server");

        QTest::newRow("all live") << reachable(
            { kind("pods", RState::Watching, true), kind("nodes", RState::Watching, true) })
                                  << SessionState::Live << QStringLiteral("watching 2 kinds");

        // A short retry after a synced list is no reason to alarm anybody.
        QTest::newRow("one retry is still live")
            << reachable({ kind("pods", RState::WaitingToRetry, true, 1, ErrorKind::Server, 500) })
            << SessionState::Live << QString();

        QTest::newRow("absent kinds count as answered")
            << reachable({ kind("runtimeclasses", RState::Absent, false), kind("pods", RState::Watching, true) })
            << SessionState::Live << QString();

        QTest::newRow("forbidden") << reachable({ kind("pods", RState::Forbidden, false, 1, ErrorKind::Forbidden, 403),
            kind("horizontalpodautoscalers", RState::Forbidden, false, 1, ErrorKind::Forbidden, 403),
            kind("nodes", RState::Watching, true) })
                                   << SessionState::Degraded
                                   << QStringLiteral("forbidden: pods, horizontalpodautoscalers");

        QTest::newRow("forbidden in two namespaces is named once")
            << reachable({ kind("configmaps", RState::Forbidden, false), kind("configmaps", RState::Forbidden, false) })
            << SessionState::Degraded << QStringLiteral("forbidden: configmaps");

        QTest::newRow("failing") << reachable({ kind("events", RState::WaitingToRetry, true, 3, ErrorKind::Server, 500),
            kind("nodes", RState::Watching, true) })
                                 << SessionState::Degraded << QStringLiteral("failing: events (HTTP 500: boom)");

        QTest::newRow("forbidden while others still list")
            << reachable({ kind("pods", RState::Forbidden, false), kind("events", RState::Listing, false) })
            << SessionState::Syncing << QStringLiteral("forbidden: pods");
    }

    void verdict()
    {
        QFETCH(SessionHealthInput, input);
        QFETCH(SessionState, state);
        QFETCH(QString, reason);
        const SessionVerdict verdict = evaluateSessionHealth(input);
        QCOMPARE(sessionStateName(verdict.state), sessionStateName(state));
        QVERIFY2(verdict.reason.contains(reason), qPrintable(verdict.reason));
        QVERIFY(!verdict.reason.isEmpty());
    }

    void settledStates()
    {
        SessionStatus status;
        for (SessionState s : { SessionState::Idle, SessionState::Connecting, SessionState::Syncing }) {
            status.state = s;
            QVERIFY(!status.isSettled());
        }
        for (SessionState s : { SessionState::Live, SessionState::Degraded, SessionState::Unreachable,
                 SessionState::AuthFailed, SessionState::Misconfigured }) {
            status.state = s;
            QVERIFY(status.isSettled());
        }
    }
};

QTEST_GUILESS_MAIN(TestSessionHealth)
#include "tst_sessionhealth.moc"
