// SPDX-License-Identifier: Apache-2.0
#include "apiclient.h"

#include "kube/credentialsource.h"
#include "kube/curltransfer.h"
#include "kube/curlworker.h"

namespace minato::kube {

ApiClient::ApiClient(QObject* parent)
    : QObject(parent)
    , m_worker(new CurlWorker)
{
    qRegisterMetaType<ApiRequest>();
    qRegisterMetaType<ApiReply>();
    qRegisterMetaType<ClusterEndpoint>();
    qRegisterMetaType<ExecCredential>();
    qRegisterMetaType<KubeError>();
    qRegisterMetaType<DecodedPayloadPtr>();
    qRegisterMetaType<DecodedStreamChunk>();
    qRegisterMetaType<QList<DecodedStreamChunk>>();

    m_thread.setObjectName(QStringLiteral("minato-api-io"));
    m_worker->moveToThread(&m_thread);
    // Deleted in its own thread as the thread ends: libcurl state never leaves it.
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &CurlWorker::replyAvailable, this, &ApiClient::replyAvailable);
    connect(m_worker, &CurlWorker::streamDataAvailable, this, &ApiClient::streamDataAvailable);
    connect(m_worker, &CurlWorker::streamFinished, this, &ApiClient::streamFinished);
    connect(m_worker, &CurlWorker::streamDecodedAvailable, this, &ApiClient::streamDecodedAvailable);
    connect(m_worker, &CurlWorker::credentialNeeded, this, &ApiClient::onCredentialNeeded);
    connect(m_worker, &CurlWorker::credentialRejected, this, &ApiClient::onCredentialRejected);
    m_thread.start();
}

ApiClient::~ApiClient()
{
    shutdown();
}

QByteArray ApiClient::userAgent()
{
    return CurlTransfer::userAgent();
}

void ApiClient::setEndpoint(const ClusterEndpoint& endpoint)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, endpoint] { worker->setEndpoint(endpoint); }, Qt::QueuedConnection);
}

void ApiClient::removeEndpoint(const QString& name)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, name] { worker->removeEndpoint(name); }, Qt::QueuedConnection);
}

void ApiClient::setStreamBatchInterval(int milliseconds)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, milliseconds] { worker->setStreamBatchInterval(milliseconds); },
        Qt::QueuedConnection);
}

void ApiClient::setCredentialSource(CredentialSource* source)
{
    Q_ASSERT(QThread::currentThread() == thread());
    disconnect(m_sourceAvailable);
    disconnect(m_sourceFailed);
    m_source = source;
    if (!source || !m_worker)
        return;
    // Straight to the worker: the connection queues across the threads by itself.
    m_sourceAvailable
        = connect(source, &CredentialSource::credentialAvailable, m_worker, &CurlWorker::acceptCredential);
    m_sourceFailed = connect(source, &CredentialSource::credentialFailed, m_worker, &CurlWorker::rejectCredential);
}

RequestId ApiClient::submit(ApiRequest request)
{
    Q_ASSERT(QThread::currentThread() == thread());
    request.id = ++m_nextId;
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, request] { worker->submit(request); }, Qt::QueuedConnection);
    }
    return request.id;
}

void ApiClient::cancel(RequestId id)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, id] { worker->cancel(id); }, Qt::QueuedConnection);
}

void ApiClient::cancelAll()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_worker)
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker] { worker->cancelAll(); }, Qt::QueuedConnection);
}

void ApiClient::shutdown()
{
    if (!m_worker)
        return;
    disconnect(m_worker, nullptr, this, nullptr);
    disconnect(m_sourceAvailable);
    disconnect(m_sourceFailed);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->shutdown(); }, Qt::QueuedConnection);
    m_worker = nullptr; // finished() deletes it in its thread
    m_thread.quit();
    m_thread.wait();
}

void ApiClient::onCredentialNeeded(const QString& key, const ExecConfig& config, const ClusterEntry& cluster)
{
    if (m_source) {
        m_source->request(key, config, cluster);
        return;
    }
    const KubeError error = KubeError::make(ErrorKind::Credentials,
        QStringLiteral("The cluster uses an exec credential plugin, but no credential source is set"));
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, key, error] { worker->rejectCredential(key, error); }, Qt::QueuedConnection);
}

void ApiClient::onCredentialRejected(const QString& key)
{
    if (m_source)
        m_source->invalidate(key);
}

} // namespace minato::kube
