// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireply.h"
#include "kube/apirequest.h"
#include "kube/clusterendpoint.h"
#include "kube/payloaddecoder.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace minato::kube {

class CredentialSource;
class CurlWorker;

// The Kubernetes API client for the whole fleet: one I/O thread running one CurlWorker (one
// libcurl multi handle), whatever the number of clusters. Lives in the thread that creates it
// (the GUI thread) and never blocks it: calls are forwarded as queued invocations, results
// come back as queued signals carrying values. Read-only by construction: see readonlyguard.h.
class ApiClient : public QObject
{
    Q_OBJECT
public:
    explicit ApiClient(QObject* parent = nullptr);
    ~ApiClient() override; // shutdown()

    // Adds or replaces the endpoint that requests name by ClusterEndpoint::name.
    void setEndpoint(const ClusterEndpoint& endpoint);
    // Forgets an endpoint; its requests end with ErrorKind::Cancelled.
    void removeEndpoint(const QString& name);
    // Where exec credentials come from; not owned, lives in this thread. Without one, requests
    // to exec endpoints fail with ErrorKind::Credentials.
    void setCredentialSource(CredentialSource* source);

    // Queues the request and returns its id (request.id is overwritten). The answer is one
    // replyAvailable (Get) or, for a Watch, streamDataAvailable (streamDecodedAvailable when
    // the request has a decoder) calls then one streamFinished.
    RequestId submit(ApiRequest request);
    // Ends the request with ErrorKind::Cancelled if it is still running.
    void cancel(RequestId id);
    void cancelAll();
    // Drops every request without answering, releases libcurl in the I/O thread and waits for
    // that thread to end. Idempotent; the destructor calls it.
    void shutdown();

    // How long decoded watch chunks of all requests are gathered before one
    // streamDecodedAvailable carries them (default 100 ms): the receiving thread wakes at most
    // that often for watch data, however many watches are open.
    void setStreamBatchInterval(int milliseconds);

    // "minato/<version> (linux/amd64)", sent as User-Agent like kubectl's.
    static QByteArray userAgent();

Q_SIGNALS:
    void replyAvailable(const minato::kube::ApiReply& reply);
    void streamDataAvailable(minato::kube::RequestId id, quint64 generation, const QByteArray& lines);
    void streamFinished(const minato::kube::ApiReply& reply);
    // Decoded watch data, for requests with a decoder; a request's chunks arrive before its
    // streamFinished, in order.
    void streamDecodedAvailable(const QList<minato::kube::DecodedStreamChunk>& chunks);

private:
    void onCredentialNeeded(const QString& key, const ExecConfig& config, const ClusterEntry& cluster);
    void onCredentialRejected(const QString& key);

    QThread m_thread;
    CurlWorker* m_worker = nullptr; // lives in m_thread; deleted there when it finishes
    QPointer<CredentialSource> m_source;
    QMetaObject::Connection m_sourceAvailable;
    QMetaObject::Connection m_sourceFailed;
    RequestId m_nextId = 0;
};

} // namespace minato::kube
