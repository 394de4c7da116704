// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"
#include "kube/apireceiver.h"
#include "kube/backoff.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>

#include <chrono>
#include <memory>
#include <optional>
#include <random>

namespace minato::kube {
class ApiTransport;
class PayloadDecoder;
} // namespace minato::kube

namespace minato::fleet {

class ClusterStore;
class ListGate;
struct ListPage;
struct WatchChunk;

struct ReflectorOptions
{
    int pageSize = 500; // limit= of each list page
    // Each watch asks the server to end it after a random time in this range, so that the
    // watches of a fleet do not all renew at once.
    std::chrono::seconds watchTimeoutMin { 300 };
    std::chrono::seconds watchTimeoutMax { 600 };
    std::chrono::milliseconds backoffBase { 1000 };
    std::chrono::milliseconds backoffCap { 30000 };
    // How often a forbidden kind is tried again (RBAC may be granted meanwhile).
    std::chrono::milliseconds forbiddenRecheck { std::chrono::minutes(5) };
    // A watch ending sooner than this without any event counts as a failure (client-go's
    // "very short watch"), so a server that closes at once is not hammered.
    std::chrono::milliseconds minWatchDuration { 1000 };
    quint64 seed = 0; // 0: random; tests fix it
    // Shared by the fleet's reflectors: list pages wait here for a slot. Null: no cap.
    std::shared_ptr<ListGate> listGate;
};

// What one reflector lists and watches.
struct ReflectorTarget
{
    WatchedKind kind = WatchedKind::Pods;
    QString endpoint; // ApiRequest::endpoint
    QString path; // the collection: "/api/v1/pods", "/api/v1/namespaces/kube-system/configmaps"
    QString namespaceScope; // set when the path is namespace-scoped: a relist only sweeps that namespace
};

// Keeps one kind of one cluster in the ClusterStore, the way client-go's reflector does: a
// paged list (limit/continue), then a watch from the list's resourceVersion with bookmarks,
// renewed when the server ends it, relisting on 410 Gone (replacing the store's content, with
// deletes for what vanished). Failures are retried with capped, jittered exponential backoff
// (Retry-After wins when the server sends one); 403 marks the kind forbidden and 404 absent,
// neither retried at once; a malformed watch line is reported and answered with a relist.
// Lives in the GUI thread and does only bookkeeping there: decoding happened in the I/O thread.
class Reflector : public QObject, public kube::ApiReceiver
{
    Q_OBJECT
public:
    enum class State
    {
        Idle, // not started
        Listing,
        Watching,
        WaitingToRetry, // a failure; the next attempt is scheduled
        Forbidden, // 403: rechecked after forbiddenRecheck
        Absent, // 404: the server does not serve this kind
        Unauthorized, // 401: the session decides what happens next
        Paused, // the session holds it while the cluster is unreachable
        Stopped,
    };
    Q_ENUM(State)

    Reflector(ReflectorTarget target, std::shared_ptr<kube::PayloadDecoder> decoder, kube::ApiTransport* transport,
        ClusterStore* store, ReflectorOptions options = {}, QObject* parent = nullptr);
    ~Reflector() override;

    void start();
    // Cancels what runs and stops for good; the store keeps what was listed.
    void stop();
    // Cancels what runs and waits for resume(); an unreachable cluster costs no request.
    void pause();
    // Continues from the last resourceVersion (a watch), or lists when there is none.
    void resume();
    // Makes a scheduled retry (backoff, Retry-After, forbidden recheck) happen now.
    void retryNow();

    const ReflectorTarget& target() const { return m_target; }
    WatchedKind kind() const { return m_target.kind; }
    State state() const { return m_state; }
    // A complete list has been applied at least once: the store holds this kind.
    bool hasSynced() const { return m_synced; }
    // The failure that put it where it is (cleared by success).
    const std::optional<KubeError>& lastError() const { return m_lastError; }
    int consecutiveFailures() const { return m_failures; }
    QByteArray resourceVersion() const { return m_resourceVersion; }
    int relistCount() const { return m_relists; }
    int malformedCount() const { return m_malformed; }
    qint64 watchEventCount() const { return m_watchEvents; }

Q_SIGNALS:
    void stateChanged(minato::fleet::Reflector::State state);
    // A list completed and the store holds its content.
    void synced();
    // A request failed; emitted before the reflector reacts, so a listener may pause() it
    // instead (the session does so when the whole cluster is unreachable).
    void requestFailed(const minato::KubeError& error);
    // Something was wrong but the reflector recovers by itself (a malformed watch line).
    void warning(const QString& message);
    void retryScheduled(std::chrono::milliseconds delay, const minato::KubeError& error);

private:
    enum class Operation
    {
        List,
        Watch
    };

    void replyArrived(const kube::ApiReply& reply) override;
    void streamDataArrived(kube::RequestId id, quint64 generation, const kube::DecodedPayloadPtr& payload) override;
    void streamEnded(const kube::ApiReply& reply) override;

    void list();
    void submitListPage();
    void leaveListGate();
    void watch();
    void relist(const QString& why);
    void onPage(const ListPage& page);
    void onChunk(const WatchChunk& chunk);
    void handleFailure(const KubeError& error);
    void scheduleRetry(std::chrono::milliseconds delay, const KubeError& error);
    void cancelRequest();
    void setState(State state);
    void succeeded();

    ReflectorTarget m_target;
    std::shared_ptr<kube::PayloadDecoder> m_decoder;
    kube::ApiTransport* m_transport;
    ClusterStore* m_store;
    ReflectorOptions m_options;
    kube::Backoff m_backoff;
    std::mt19937_64 m_random;
    QTimer m_retryTimer;

    State m_state = State::Idle;
    Operation m_operation = Operation::List;
    kube::RequestId m_request = 0;
    quint64 m_generation = 0;
    quint64 m_listTicket = 0; // ListGate::Ticket of the page waiting or in flight, 0: none
    QByteArray m_resourceVersion; // the last seen: list, event or bookmark
    QByteArray m_continue; // while paging
    QSet<QUuid> m_seen; // uids of the list in progress
    bool m_synced = false;
    bool m_stopped = false;
    std::optional<KubeError> m_lastError;
    int m_failures = 0;
    int m_relistStreak = 0; // relists without a healthy watch in between
    int m_relists = 0;
    int m_malformed = 0;
    qint64 m_watchEvents = 0;
    qint64 m_eventsThisWatch = 0;
    QElapsedTimer m_watchStarted;
};

} // namespace minato::fleet
