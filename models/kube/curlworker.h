// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireply.h"
#include "kube/apirequest.h"
#include "kube/apitokenfile.h"
#include "kube/clusterendpoint.h"
#include "kube/execcredential.h"
#include "kube/payloaddecoder.h"
#include "kube/readonlyguard.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

class QSocketNotifier;

namespace minato::kube {

class CurlTransfer;

// The one place that drives libcurl: a multi handle for the whole fleet, driven from the Qt
// event loop of the thread this object lives in (socket notifiers and a single-shot timer,
// no polling). Lives in ApiClient's I/O thread; everything reaches it as queued calls and
// leaves it as queued signals carrying values. Every submitted request ends in exactly one
// replyAvailable (Get) or streamFinished (Watch), unless the worker is shut down first.
class CurlWorker : public QObject
{
    Q_OBJECT
public:
    explicit CurlWorker(QObject* parent = nullptr);
    ~CurlWorker() override; // must run in the worker's thread: it cleans up libcurl state

public Q_SLOTS:
    // Adds or replaces the endpoint requests name; transfers already running keep the old one.
    void setEndpoint(const minato::kube::ClusterEndpoint& endpoint);
    // Forgets an endpoint and cancels its requests.
    void removeEndpoint(const QString& name);
    // Vets, authenticates and starts a request. A refused request never gets a curl handle.
    void submit(const minato::kube::ApiRequest& request);
    // Ends a request with ErrorKind::Cancelled; unknown ids are ignored (it may have finished).
    void cancel(minato::kube::RequestId id);
    void cancelAll();
    // An exec credential for `key` arrived or could not be obtained (see credentialNeeded).
    void acceptCredential(const QString& key, const minato::kube::ExecCredential& credential);
    void rejectCredential(const QString& key, const minato::KubeError& error);
    // Drops every request without answering and releases libcurl; the last call before the
    // thread ends. Safe to call twice.
    void shutdown();
    // How long decoded watch chunks are gathered before streamDecodedAvailable carries them
    // all at once (default 100 ms): the receiving thread wakes at most that often for streams.
    void setStreamBatchInterval(int milliseconds);

Q_SIGNALS:
    void replyAvailable(const minato::kube::ApiReply& reply);
    void streamDataAvailable(minato::kube::RequestId id, quint64 generation, const QByteArray& lines);
    void streamFinished(const minato::kube::ApiReply& reply);
    // Decoded lines of watches that have a decoder, gathered over the batch interval, in
    // arrival order. A request's chunks always arrive before its streamFinished.
    void streamDecodedAvailable(const QList<minato::kube::DecodedStreamChunk>& chunks);
    // The worker needs an exec credential for `key`; answer with acceptCredential or
    // rejectCredential. Asked at most once at a time per key.
    void credentialNeeded(
        const QString& key, const minato::kube::ExecConfig& config, const minato::kube::ClusterEntry& cluster);
    // The server refused the exec credential behind `key` (401); the source should drop it.
    void credentialRejected(const QString& key);

private:
    struct Dispatch
    {
        VettedRequest vetted;
        QElapsedTimer since;
        bool retried = false; // after a 401 with a refreshed exec credential
    };
    struct ExecState
    {
        std::optional<ExecCredential> credential;
        quint64 serial = 0; // bumps with every credential received
        bool asked = false;
        std::vector<Dispatch> waiting;
    };
    struct Sockets
    {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
    };

    static int socketCallback(CURL* easy, curl_socket_t socket, int what, void* self, void* socketData);
    static int timerCallback(CURLM* multi, long timeoutMs, void* self);
    void watchSocket(curl_socket_t socket, int what);
    void onSocketActivated(curl_socket_t socket, int flags);
    void onTimeout();
    void processDone();

    CURLM* multi();
    void dispatch(Dispatch dispatch);
    void start(Dispatch dispatch, const ClusterEndpoint& endpoint, const ExecCredential* credential, quint64 serial);
    void finish(CurlTransfer* transfer, CURLcode result);
    void abandon(RequestId id, const KubeError& error);
    bool cancelWaiting(RequestId id);
    void emitReply(ApiReply reply, const Dispatch& dispatch);
    void fail(const Dispatch& dispatch, const KubeError& error);
    void onStreamLines(const ApiRequest& request, const QByteArray& lines);
    void flushChunks();
    void flushChunksOf(RequestId id);

    CURLM* m_multi = nullptr;
    QTimer m_timer;
    QHash<curl_socket_t, Sockets> m_sockets;
    struct Running
    {
        std::unique_ptr<CurlTransfer> transfer;
        Dispatch dispatch;
    };
    std::unordered_map<RequestId, Running> m_running;
    QHash<QString, ClusterEndpoint> m_endpoints;
    QHash<QString, ExecState> m_exec; // by ClusterEndpoint::credentialKey
    ApiTokenFile m_tokenFiles;
    QList<DecodedStreamChunk> m_pendingChunks;
    QTimer m_chunkTimer;
};

} // namespace minato::kube
