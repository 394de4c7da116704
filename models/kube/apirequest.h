// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <chrono>
#include <memory>

namespace minato::kube {

class PayloadDecoder;

using RequestId = quint64;

enum class RequestKind
{
    Get, // the whole body arrives in one ApiReply
    Watch, // a stream: complete lines arrive as they come, then streamFinished
};

// One call to a cluster's API. Deliberately has no free-form headers and no way to name a
// verb other than through `method`: everything that could turn a read into a write is vetted
// by vetRequest() (readonlyguard.h) before the transport sees it.
struct ApiRequest
{
    RequestId id = 0; // assigned by ApiClient::submit
    quint64 generation = 0; // echoed in the reply so the caller can drop superseded answers
    QString endpoint; // ClusterEndpoint::name the request goes to
    QByteArray method = QByteArrayLiteral("GET");
    QString path; // "/api/v1/namespaces/default/pods"; no query, not percent-encoded twice
    QList<QPair<QString, QString>> query; // decoded key/value pairs, encoded once by the transport
    QByteArray accept = QByteArrayLiteral("application/json");
    QByteArray body; // only for the self-review POSTs
    RequestKind kind = RequestKind::Get;
    std::chrono::milliseconds connectTimeout { 10000 }; // TCP + TLS handshake
    // Get: abort when less than one byte per second arrives for this long (rounded up to whole
    // seconds, libcurl's resolution); 0 means 30 s. Watch: abort when no byte at all arrives
    // for this long; 0 means timeoutSeconds from the query plus 30 s, because a watch may be
    // legitimately quiet until the server ends it, and no stall timer without timeoutSeconds
    // (TCP keep-alive still notices a dead peer).
    std::chrono::milliseconds stallTimeout { 0 };
    std::chrono::milliseconds totalTimeout { 0 }; // 0: none (Get only)
    // Optional: decodes a 2xx body (Get) or the stream lines (Watch) in the I/O thread. With
    // one, the reply carries ApiReply::decoded instead of the body, and a watch reports
    // through ApiClient::streamDecodedAvailable instead of streamDataAvailable.
    std::shared_ptr<PayloadDecoder> decoder;

    // Convenience constructors for the common shapes.
    static ApiRequest get(const QString& endpoint, const QString& path, QList<QPair<QString, QString>> query = {});
    static ApiRequest watch(const QString& endpoint, const QString& path, QList<QPair<QString, QString>> query = {});

    QString queryValue(const QString& key) const; // first value of `key`, empty when absent
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::ApiRequest)
