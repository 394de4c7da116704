// SPDX-License-Identifier: Apache-2.0
#include "curlworker.h"

#include "kube/curltransfer.h"
#include "util/logging.h"

#include <QSocketNotifier>
#include <QThread>

#include <algorithm>
#include <mutex>
#include <utility>

namespace minato::kube {

namespace {

// With HTTP/2 a cluster uses one connection whatever this says (PIPEWAIT + multiplexing).
// An HTTP/1.1-only server holds one connection per open watch, so the limit must leave room
// for every watched kind plus some lists, or watches queue behind each other forever.
constexpr long MaxHostConnections = 32;
// An exec credential this close to its expiration is not used for a new request.
constexpr qint64 ExecExpirySkewSeconds = 10;

void initializeCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

ApiReply replyFor(const ApiRequest& request, const KubeError& error)
{
    ApiReply reply;
    reply.id = request.id;
    reply.generation = request.generation;
    reply.endpoint = request.endpoint;
    reply.kind = request.kind;
    reply.error = error;
    return reply;
}

bool isFresh(const ExecCredential& credential)
{
    return !credential.expiration
        || QDateTime::currentDateTimeUtc().addSecs(ExecExpirySkewSeconds) < *credential.expiration;
}

} // namespace

CurlWorker::CurlWorker(QObject* parent)
    : QObject(parent)
    , m_timer(this)
    , m_chunkTimer(this)
{
    initializeCurlOnce();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &CurlWorker::onTimeout);
    m_chunkTimer.setSingleShot(true);
    m_chunkTimer.setInterval(100);
    connect(&m_chunkTimer, &QTimer::timeout, this, &CurlWorker::flushChunks);
}

CurlWorker::~CurlWorker()
{
    shutdown();
}

// Created on first use, so that the multi handle is born in the worker's thread.
CURLM* CurlWorker::multi()
{
    if (m_multi)
        return m_multi;
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlWorker::socketCallback);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlWorker::timerCallback);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, MaxHostConnections);
    return m_multi;
}

void CurlWorker::setEndpoint(const ClusterEndpoint& endpoint)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (endpoint.insecureSkipTlsVerify)
        qCWarning(lcKube) << "Endpoint" << endpoint.name << "skips TLS verification (insecure-skip-tls-verify)";
    m_endpoints.insert(endpoint.name, endpoint);
}

void CurlWorker::removeEndpoint(const QString& name)
{
    m_endpoints.remove(name);
    QList<RequestId> ids;
    for (const auto& [id, running] : m_running) {
        if (running.dispatch.vetted.request().endpoint == name)
            ids << id;
    }
    for (const ExecState& state : std::as_const(m_exec)) {
        for (const Dispatch& dispatch : state.waiting) {
            if (dispatch.vetted.request().endpoint == name)
                ids << dispatch.vetted.request().id;
        }
    }
    for (const RequestId id : std::as_const(ids))
        cancel(id);
}

void CurlWorker::submit(const ApiRequest& request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    // The single read-only check: nothing below this line sees an unvetted request.
    Expected<VettedRequest> vetted = vetRequest(request);
    if (!vetted) {
        qCWarning(lcKube) << "Refused" << request.method << request.path << "to" << request.endpoint;
        const ApiReply reply = replyFor(request, vetted.error());
        if (request.kind == RequestKind::Watch)
            Q_EMIT streamFinished(reply);
        else
            Q_EMIT replyAvailable(reply);
        return;
    }
    Dispatch d { std::move(vetted).value(), {}, false };
    d.since.start();
    dispatch(std::move(d));
}

void CurlWorker::dispatch(Dispatch d)
{
    const ApiRequest& request = d.vetted.request();
    const auto endpoint = m_endpoints.constFind(request.endpoint);
    if (endpoint == m_endpoints.cend()) {
        fail(d,
            KubeError::make(ErrorKind::Config, QStringLiteral("No cluster endpoint named %1").arg(request.endpoint)));
        return;
    }
    if (const std::optional<KubeError> invalid = endpoint->validate()) {
        fail(d, *invalid);
        return;
    }
    if (endpoint->auth != ClusterEndpoint::Auth::Exec) {
        start(std::move(d), *endpoint, nullptr, 0);
        return;
    }
    ExecState& state = m_exec[endpoint->credentialKey];
    if (state.credential && isFresh(*state.credential)) {
        start(std::move(d), *endpoint, &*state.credential, state.serial);
        return;
    }
    state.credential.reset();
    state.waiting.push_back(std::move(d));
    if (!state.asked) {
        state.asked = true;
        Q_EMIT credentialNeeded(endpoint->credentialKey, *endpoint->exec, endpoint->clusterEntry());
    }
}

void CurlWorker::acceptCredential(const QString& key, const ExecCredential& credential)
{
    ExecState& state = m_exec[key];
    state.asked = false;
    state.credential = credential;
    ++state.serial;
    std::vector<Dispatch> waiting = std::move(state.waiting);
    state.waiting.clear();
    // Used even if it is already close to expiry: asking again would only loop.
    const quint64 serial = state.serial;
    for (Dispatch& d : waiting) {
        const auto endpoint = m_endpoints.constFind(d.vetted.request().endpoint);
        if (endpoint == m_endpoints.cend()) {
            fail(d, KubeError::make(ErrorKind::Config, QStringLiteral("The cluster endpoint was removed")));
            continue;
        }
        start(std::move(d), *endpoint, &credential, serial);
    }
}

void CurlWorker::rejectCredential(const QString& key, const KubeError& error)
{
    ExecState& state = m_exec[key];
    state.asked = false;
    state.credential.reset();
    std::vector<Dispatch> waiting = std::move(state.waiting);
    state.waiting.clear();
    for (const Dispatch& d : waiting)
        fail(d, error);
}

void CurlWorker::start(Dispatch d, const ClusterEndpoint& endpoint, const ExecCredential* credential, quint64 serial)
{
    const RequestId id = d.vetted.request().id;
    if (m_running.count(id)) {
        fail(d, KubeError::make(ErrorKind::Config, QStringLiteral("Request id %1 is already in flight").arg(id)));
        return;
    }
    CurlTransfer::Credentials credentials;
    switch (endpoint.auth) {
    case ClusterEndpoint::Auth::Token:
        credentials.bearerToken = endpoint.token;
        break;
    case ClusterEndpoint::Auth::TokenFile: {
        Expected<QByteArray> token = m_tokenFiles.token(endpoint.tokenFile);
        if (!token) {
            fail(d, token.error());
            return;
        }
        credentials.bearerToken = *token;
        break;
    }
    case ClusterEndpoint::Auth::Exec:
        if (credential) {
            credentials.bearerToken = credential->token;
            if (credential->hasClientCertificate()) {
                credentials.clientCertificatePem = credential->clientCertificatePem;
                credentials.clientKeyPem = credential->clientKeyPem;
            }
            credentials.execSerial = serial;
        }
        break;
    case ClusterEndpoint::Auth::None:
    case ClusterEndpoint::Auth::Basic:
        break;
    }

    auto transfer = std::make_unique<CurlTransfer>(d.vetted, endpoint, std::move(credentials));
    const std::optional<KubeError> error = transfer->prepare(
        [this, request = d.vetted.request()](const QByteArray& lines) { onStreamLines(request, lines); },
        [this, id] {
            // Queued: the timer that fires this lives in the transfer abandon() destroys.
            QMetaObject::invokeMethod(
                this,
                [this, id] {
                    abandon(id,
                        KubeError::make(ErrorKind::Timeout,
                            QStringLiteral("The watch received nothing for longer than its stall timeout")));
                },
                Qt::QueuedConnection);
        });
    if (error) {
        fail(d, *error);
        return;
    }
    const CURLMcode added = curl_multi_add_handle(multi(), transfer->handle());
    if (added != CURLM_OK) {
        fail(d,
            KubeError::make(ErrorKind::Network, QStringLiteral("libcurl refused the transfer"),
                QString::fromUtf8(curl_multi_strerror(added))));
        return;
    }
    m_running.emplace(id, Running { std::move(transfer), std::move(d) });
}

int CurlWorker::socketCallback(CURL*, curl_socket_t socket, int what, void* self, void*)
{
    static_cast<CurlWorker*>(self)->watchSocket(socket, what);
    return 0;
}

int CurlWorker::timerCallback(CURLM*, long timeoutMs, void* self)
{
    auto* worker = static_cast<CurlWorker*>(self);
    // libcurl forbids driving the multi handle from inside this callback; the timer defers it
    // to the event loop (0 ms means "as soon as you can").
    if (timeoutMs < 0)
        worker->m_timer.stop();
    else
        worker->m_timer.start(static_cast<int>(timeoutMs));
    return 0;
}

void CurlWorker::watchSocket(curl_socket_t socket, int what)
{
    if (what == CURL_POLL_REMOVE) {
        const auto it = m_sockets.find(socket);
        if (it == m_sockets.end())
            return;
        // We may be inside this very notifier's activated(): disable now, delete later.
        for (QSocketNotifier* notifier : { it->read, it->write }) {
            if (notifier) {
                notifier->setEnabled(false);
                notifier->deleteLater();
            }
        }
        m_sockets.erase(it);
        return;
    }
    Sockets& sockets = m_sockets[socket];
    const bool wantRead = what == CURL_POLL_IN || what == CURL_POLL_INOUT;
    const bool wantWrite = what == CURL_POLL_OUT || what == CURL_POLL_INOUT;
    auto ensure = [this, socket](QSocketNotifier*& notifier, QSocketNotifier::Type type, int flag) {
        if (notifier)
            return;
        notifier = new QSocketNotifier(static_cast<qintptr>(socket), type, this);
        connect(notifier, &QSocketNotifier::activated, this,
            [this, socket, flag](QSocketDescriptor, QSocketNotifier::Type) { onSocketActivated(socket, flag); });
    };
    if (wantRead)
        ensure(sockets.read, QSocketNotifier::Read, CURL_CSELECT_IN);
    if (wantWrite)
        ensure(sockets.write, QSocketNotifier::Write, CURL_CSELECT_OUT);
    if (sockets.read)
        sockets.read->setEnabled(wantRead);
    if (sockets.write)
        sockets.write->setEnabled(wantWrite);
}

void CurlWorker::onSocketActivated(curl_socket_t socket, int flags)
{
    if (!m_multi)
        return;
    int running = 0;
    curl_multi_socket_action(m_multi, socket, flags, &running);
    processDone();
}

void CurlWorker::onTimeout()
{
    if (!m_multi)
        return;
    int running = 0;
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    processDone();
}

void CurlWorker::processDone()
{
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(m_multi, &left)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        // The message dies with the handle's removal: copy what we need first.
        CURL* easy = message->easy_handle;
        const CURLcode result = message->data.result;
        CurlTransfer* transfer = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &transfer);
        if (transfer)
            finish(transfer, result);
    }
}

void CurlWorker::finish(CurlTransfer* transfer, CURLcode result)
{
    const auto it = m_running.find(transfer->request().id);
    if (it == m_running.end())
        return;
    curl_multi_remove_handle(m_multi, transfer->handle());
    Running running = std::move(it->second);
    m_running.erase(it);
    ApiReply reply = running.transfer->finish(result);

    // kubectl's rule for exec plugins: on a 401, run the plugin again and retry once.
    const ApiRequest& request = running.dispatch.vetted.request();
    const auto endpoint = m_endpoints.constFind(request.endpoint);
    if (reply.httpStatus == 401 && !running.dispatch.retried && endpoint != m_endpoints.cend()
        && endpoint->auth == ClusterEndpoint::Auth::Exec) {
        ExecState& state = m_exec[endpoint->credentialKey];
        // Several requests may fail with the same stale credential; only the first one
        // throws it away, the others wait for (or use) its replacement.
        if (state.serial == running.transfer->credentials().execSerial && state.credential) {
            state.credential.reset();
            Q_EMIT credentialRejected(endpoint->credentialKey);
        }
        running.dispatch.retried = true;
        dispatch(std::move(running.dispatch));
        return;
    }
    emitReply(std::move(reply), running.dispatch);
}

void CurlWorker::abandon(RequestId id, const KubeError& error)
{
    const auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    curl_multi_remove_handle(m_multi, it->second.transfer->handle());
    Running running = std::move(it->second);
    m_running.erase(it);
    emitReply(running.transfer->abandon(error), running.dispatch);
}

bool CurlWorker::cancelWaiting(RequestId id)
{
    for (ExecState& state : m_exec) {
        for (auto it = state.waiting.begin(); it != state.waiting.end(); ++it) {
            if (it->vetted.request().id != id)
                continue;
            const Dispatch d = std::move(*it);
            state.waiting.erase(it);
            fail(d, KubeError::make(ErrorKind::Cancelled, QStringLiteral("The request was cancelled")));
            return true;
        }
    }
    return false;
}

void CurlWorker::cancel(RequestId id)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_running.count(id)) {
        abandon(id, KubeError::make(ErrorKind::Cancelled, QStringLiteral("The request was cancelled")));
        return;
    }
    cancelWaiting(id);
}

void CurlWorker::cancelAll()
{
    QList<RequestId> ids;
    for (const auto& [id, running] : m_running)
        ids << id;
    for (const ExecState& state : std::as_const(m_exec)) {
        for (const Dispatch& d : state.waiting)
            ids << d.vetted.request().id;
    }
    for (const RequestId id : std::as_const(ids))
        cancel(id);
}

void CurlWorker::setStreamBatchInterval(int milliseconds)
{
    m_chunkTimer.setInterval(std::max(0, milliseconds));
}

void CurlWorker::onStreamLines(const ApiRequest& request, const QByteArray& lines)
{
    if (!request.decoder) {
        Q_EMIT streamDataAvailable(request.id, request.generation, lines);
        return;
    }
    // Decoded here, in the I/O thread; only the values travel.
    m_pendingChunks.append(
        DecodedStreamChunk { request.id, request.generation, request.decoder->decodeStreamLines(lines) });
    if (!m_chunkTimer.isActive())
        m_chunkTimer.start();
}

void CurlWorker::flushChunks()
{
    m_chunkTimer.stop();
    if (m_pendingChunks.isEmpty())
        return;
    const QList<DecodedStreamChunk> chunks = std::exchange(m_pendingChunks, {});
    Q_EMIT streamDecodedAvailable(chunks);
}

void CurlWorker::flushChunksOf(RequestId id)
{
    QList<DecodedStreamChunk> mine;
    for (auto it = m_pendingChunks.begin(); it != m_pendingChunks.end();) {
        if (it->id == id) {
            mine.append(std::move(*it));
            it = m_pendingChunks.erase(it);
        } else {
            ++it;
        }
    }
    if (m_pendingChunks.isEmpty())
        m_chunkTimer.stop();
    if (!mine.isEmpty())
        Q_EMIT streamDecodedAvailable(mine);
}

void CurlWorker::emitReply(ApiReply reply, const Dispatch& d)
{
    reply.elapsedMs = d.since.elapsed();
    const ApiRequest& request = d.vetted.request();
    if (request.decoder && request.kind == RequestKind::Get && !reply.error) {
        reply.decoded = request.decoder->decodeBody(reply.body);
        reply.body.clear();
    }
    reply.retriedAfterAuthRefresh = d.retried;
    // Method, path and outcome only: never headers, query values or bodies (tokens, secrets).
    qCDebug(lcKube).noquote() << QStringLiteral("%1 %2 on %3: HTTP %4 (%5), %6 ms %7")
                                     .arg(QString::fromLatin1(d.vetted.request().method), d.vetted.request().path,
                                         reply.endpoint)
                                     .arg(reply.httpStatus)
                                     .arg(reply.httpVersion == 20 ? QStringLiteral("h2") : QStringLiteral("h1"))
                                     .arg(reply.elapsedMs)
                                     .arg(reply.error ? errorKindName(reply.error->kind) : QStringLiteral("ok"));
    if (reply.kind == RequestKind::Watch) {
        flushChunksOf(reply.id); // the data a stream carried comes before its end
        Q_EMIT streamFinished(reply);
    } else {
        Q_EMIT replyAvailable(reply);
    }
}

void CurlWorker::fail(const Dispatch& d, const KubeError& error)
{
    ApiReply reply = replyFor(d.vetted.request(), error);
    emitReply(std::move(reply), d);
}

void CurlWorker::shutdown()
{
    m_timer.stop();
    m_chunkTimer.stop();
    m_pendingChunks.clear();
    if (m_multi) {
        for (auto& [id, running] : m_running)
            curl_multi_remove_handle(m_multi, running.transfer->handle());
    }
    m_running.clear();
    m_exec.clear();
    if (m_multi) {
        curl_multi_cleanup(m_multi); // closes pooled connections, may report sockets removed
        m_multi = nullptr;
    }
    for (const Sockets& sockets : std::as_const(m_sockets)) {
        delete sockets.read;
        delete sockets.write;
    }
    m_sockets.clear();
    m_timer.stop();
}

} // namespace minato::kube
