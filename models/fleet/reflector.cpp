// SPDX-License-Identifier: Apache-2.0
#include "reflector.h"

#include "fleet/clusterstore.h"
#include "fleet/listgate.h"
#include "fleet/listpage.h"
#include "fleet/watchchunk.h"
#include "kube/apitransport.h"
#include "util/logging.h"

#include <QRandomGenerator>

#include <algorithm>

namespace minato::fleet {

namespace {

using Millis = std::chrono::milliseconds;

// A watch ERROR event's Status, typed the way apierror.cpp types HTTP answers.
KubeError statusError(const ApiStatus& status)
{
    ErrorKind kind = ErrorKind::Server;
    if (status.code == 410 || status.reason == QLatin1String("Expired") || status.reason == QLatin1String("Gone"))
        kind = ErrorKind::Gone;
    else if (status.code == 401)
        kind = ErrorKind::Unauthorized;
    else if (status.code == 403)
        kind = ErrorKind::Forbidden;
    else if (status.code == 404)
        kind = ErrorKind::NotFound;
    else if (status.code == 429)
        kind = ErrorKind::Throttled;
    KubeError error = KubeError::make(
        kind, status.message.isEmpty() ? QStringLiteral("The watch reported an error") : status.message, status.reason);
    error.httpStatus = status.code;
    return error;
}

quint64 seedOf(const ReflectorOptions& options)
{
    return options.seed ? options.seed : QRandomGenerator::global()->generate64();
}

} // namespace

Reflector::Reflector(ReflectorTarget target, std::shared_ptr<kube::PayloadDecoder> decoder,
    kube::ApiTransport* transport, ClusterStore* store, ReflectorOptions options, QObject* parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_decoder(std::move(decoder))
    , m_transport(transport)
    , m_store(store)
    , m_options(options)
    , m_backoff(options.backoffBase, options.backoffCap, seedOf(options))
    , m_random(seedOf(options) ^ 0x9e3779b97f4a7c15ull)
    , m_retryTimer(this)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Reflector::retryNow);
}

Reflector::~Reflector()
{
    cancelRequest();
}

void Reflector::start()
{
    m_stopped = false;
    m_continue.clear();
    list();
}

void Reflector::stop()
{
    m_stopped = true;
    cancelRequest();
    m_retryTimer.stop();
    setState(State::Stopped);
}

void Reflector::pause()
{
    if (m_stopped)
        return;
    cancelRequest();
    m_retryTimer.stop();
    setState(State::Paused);
}

void Reflector::resume()
{
    if (m_stopped || m_state != State::Paused)
        return;
    if (m_synced && !m_resourceVersion.isEmpty()) {
        watch();
    } else {
        m_continue.clear();
        list();
    }
}

void Reflector::list()
{
    cancelRequest();
    m_operation = Operation::List;
    if (m_continue.isEmpty())
        m_seen.clear(); // a first page: a new snapshot starts
    setState(State::Listing);
    ListGate* gate = m_options.listGate.get();
    if (!gate) {
        submitListPage();
        return;
    }
    const ListGate::Ticket ticket = gate->enter([this](ListGate::Ticket admitted) {
        m_listTicket = admitted;
        submitListPage();
    });
    if (gate->isWaiting(ticket))
        m_listTicket = ticket;
}

void Reflector::submitListPage()
{
    QList<QPair<QString, QString>> query { { QStringLiteral("limit"), QString::number(m_options.pageSize) } };
    // Later pages repeat the query with the token and without a resourceVersion.
    if (!m_continue.isEmpty())
        query.append({ QStringLiteral("continue"), QString::fromLatin1(m_continue) });
    kube::ApiRequest request = kube::ApiRequest::get(m_target.endpoint, m_target.path, query);
    request.generation = ++m_generation;
    request.decoder = m_decoder;
    m_request = m_transport->submit(std::move(request), this);
}

void Reflector::watch()
{
    cancelRequest();
    m_operation = Operation::Watch;
    const auto low = m_options.watchTimeoutMin.count();
    const auto high = std::max(low, m_options.watchTimeoutMax.count());
    const qint64 timeout = std::uniform_int_distribution<qint64>(low, high)(m_random);
    kube::ApiRequest request = kube::ApiRequest::watch(m_target.endpoint, m_target.path,
        { { QStringLiteral("watch"), QStringLiteral("1") },
            { QStringLiteral("resourceVersion"), QString::fromLatin1(m_resourceVersion) },
            { QStringLiteral("allowWatchBookmarks"), QStringLiteral("true") },
            { QStringLiteral("timeoutSeconds"), QString::number(timeout) } });
    request.generation = ++m_generation;
    request.decoder = m_decoder;
    m_eventsThisWatch = 0;
    m_watchStarted.start();
    setState(State::Watching);
    m_request = m_transport->submit(std::move(request), this);
}

void Reflector::relist(const QString& why)
{
    cancelRequest();
    ++m_relists;
    ++m_relistStreak;
    m_continue.clear();
    qCDebug(lcFleet).noquote() << m_target.endpoint << watchedKindName(m_target.kind) << "relists:" << why;
    if (m_relistStreak <= 1) {
        list();
        return;
    }
    // Relisting over and over (a 410 storm, a server that keeps breaking the stream) backs off.
    m_operation = Operation::List;
    scheduleRetry(m_backoff.next(), KubeError::make(ErrorKind::Gone, why));
}

void Reflector::replyArrived(const kube::ApiReply& reply)
{
    if (reply.id != m_request || reply.generation != m_generation)
        return; // superseded
    m_request = 0;
    leaveListGate(); // the page is here (decoded): the next one in the fleet may go
    if (reply.error) {
        // An expired continue token: the snapshot is gone, start the list over.
        if (reply.error->kind == ErrorKind::Gone && !m_continue.isEmpty()) {
            relist(QStringLiteral("the continue token expired"));
            return;
        }
        handleFailure(*reply.error);
        return;
    }
    const auto* page = dynamic_cast<const ListPage*>(reply.decoded.get());
    if (!page || page->error) {
        const KubeError error
            = page ? *page->error : KubeError::make(ErrorKind::Parse, QStringLiteral("The list was not decoded"));
        Q_EMIT warning(QStringLiteral("%1: %2").arg(watchedKindName(m_target.kind), error.message));
        handleFailure(error);
        return;
    }
    onPage(*page);
}

void Reflector::onPage(const ListPage& page)
{
    m_store->applyPage(page, m_seen);
    if (!page.continueToken.isEmpty()) {
        m_continue = page.continueToken;
        list();
        return;
    }
    m_continue.clear();
    m_store->finishList(m_target.kind, m_seen, m_target.namespaceScope);
    m_seen.clear();
    m_resourceVersion = page.resourceVersion;
    m_synced = true;
    succeeded();
    Q_EMIT synced();
    if (!m_stopped && m_state != State::Paused)
        watch();
}

void Reflector::streamDataArrived(kube::RequestId id, quint64 generation, const kube::DecodedPayloadPtr& payload)
{
    if (id != m_request || generation != m_generation)
        return;
    if (const auto* chunk = dynamic_cast<const WatchChunk*>(payload.get()))
        onChunk(*chunk);
}

void Reflector::onChunk(const WatchChunk& chunk)
{
    const qsizetype total = chunk.eventCount();
    qsizetype usable = 0;
    std::optional<KubeError> error;
    for (; usable < total; ++usable) {
        if (chunk.typeAt(usable) == WatchEventType::Error) {
            // An ERROR does not move the resume version; the server ends the stream after it.
            error = statusError(chunk.statusAt(usable));
            break;
        }
        const QByteArray version = chunk.resourceVersionAt(usable);
        if (!version.isEmpty())
            m_resourceVersion = version;
    }
    m_store->applyEvents(chunk, usable);
    m_eventsThisWatch += usable;
    m_watchEvents += usable;
    if (usable > 0) {
        m_relistStreak = 0;
        succeeded();
    }
    if (error) {
        if (error->kind == ErrorKind::Gone) {
            relist(QStringLiteral("the watch's resourceVersion expired (%1)").arg(error->message));
        } else {
            cancelRequest();
            handleFailure(*error);
        }
        return;
    }
    if (chunk.malformed) {
        ++m_malformed;
        const QString message = QStringLiteral("%1: malformed watch event, relisting: %2")
                                    .arg(watchedKindName(m_target.kind), *chunk.malformed);
        qCWarning(lcFleet).noquote() << m_target.endpoint << message;
        Q_EMIT warning(message);
        // An event may be lost: only a fresh list brings the store back in line (client-go does the same).
        relist(QStringLiteral("a malformed watch event"));
    }
}

void Reflector::streamEnded(const kube::ApiReply& reply)
{
    if (reply.id != m_request || reply.generation != m_generation)
        return;
    m_request = 0;
    if (reply.error) {
        if (reply.error->kind == ErrorKind::Gone) {
            relist(QStringLiteral("the watch's resourceVersion expired"));
            return;
        }
        handleFailure(*reply.error);
        return;
    }
    // The server ended the watch (timeoutSeconds): a normal end, not an error.
    if (m_eventsThisWatch == 0 && m_watchStarted.elapsed() < m_options.minWatchDuration.count()) {
        handleFailure(KubeError::make(ErrorKind::Network, QStringLiteral("The watch ended at once without any event")));
        return;
    }
    m_relistStreak = 0;
    m_backoff.reset();
    watch();
}

void Reflector::handleFailure(const KubeError& error)
{
    m_lastError = error;
    ++m_failures;
    Q_EMIT requestFailed(error);
    // The listener may have paused or stopped us (the cluster is unreachable): it decides.
    if (m_stopped || m_state == State::Paused)
        return;
    switch (error.kind) {
    case ErrorKind::Forbidden:
        m_operation = Operation::List;
        m_continue.clear();
        setState(State::Forbidden);
        m_retryTimer.start(m_options.forbiddenRecheck);
        return;
    case ErrorKind::NotFound:
        setState(State::Absent);
        return;
    case ErrorKind::Unauthorized:
        setState(State::Unauthorized);
        return;
    case ErrorKind::Gone:
        relist(error.message);
        return;
    case ErrorKind::Throttled:
        scheduleRetry(std::max(Millis(std::chrono::seconds(error.retryAfterSeconds)), m_backoff.next()), error);
        return;
    default:
        scheduleRetry(m_backoff.next(), error);
        return;
    }
}

void Reflector::scheduleRetry(Millis delay, const KubeError& error)
{
    setState(State::WaitingToRetry);
    Q_EMIT retryScheduled(delay, error);
    m_retryTimer.start(delay);
}

void Reflector::retryNow()
{
    m_retryTimer.stop();
    if (m_stopped || m_state == State::Paused || m_request)
        return;
    if (m_operation == Operation::Watch && !m_resourceVersion.isEmpty())
        watch();
    else
        list();
}

void Reflector::cancelRequest()
{
    if (m_request) {
        m_transport->cancel(m_request);
        m_request = 0;
    }
    leaveListGate();
    ++m_generation; // anything still in flight for the old request is ignored
}

void Reflector::succeeded()
{
    m_failures = 0;
    m_lastError.reset();
}

void Reflector::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Reflector::leaveListGate()
{
    if (m_listTicket)
        m_options.listGate->leave(std::exchange(m_listTicket, 0));
}

} // namespace minato::fleet
