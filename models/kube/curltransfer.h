// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apireply.h"
#include "kube/clusterendpoint.h"
#include "kube/readonlyguard.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QTimer>

#include <curl/curl.h>

#include <array>
#include <atomic>
#include <functional>
#include <optional>

namespace minato::kube {

// One easy handle and everything it points to (header list, buffers, TLS blobs), for one
// attempt at one vetted request. Owned and used only by CurlWorker, in its thread. It can only
// be built from a VettedRequest, and it can only send GET or, for the vetted self-review
// paths, POST: it never sets CURLOPT_CUSTOMREQUEST or any upload option.
class CurlTransfer
{
public:
    // The credential material resolved for this attempt (token file read, exec plugin asked).
    struct Credentials
    {
        QByteArray bearerToken;
        QByteArray clientCertificatePem; // from an exec plugin; overrides the endpoint's
        QByteArray clientKeyPem;
        quint64 execSerial = 0; // which exec credential this is, to invalidate only that one
    };
    using LinesCallback = std::function<void(const QByteArray& lines)>;
    using StallCallback = std::function<void()>;

    CurlTransfer(VettedRequest request, ClusterEndpoint endpoint, Credentials credentials);
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer&) = delete;
    CurlTransfer& operator=(const CurlTransfer&) = delete;

    // Creates and configures the easy handle. onLines receives complete lines of a 2xx watch
    // stream; onStall runs when a watch has been silent for its stall timeout. An error means
    // no handle exists and nothing was sent.
    std::optional<KubeError> prepare(LinesCallback onLines, StallCallback onStall);

    CURL* handle() const { return m_easy; }
    const VettedRequest& vetted() const { return m_vetted; }
    const ApiRequest& request() const { return m_vetted.request(); }
    const Credentials& credentials() const { return m_credentials; }

    // The reply once libcurl reports the transfer done with `result`.
    ApiReply finish(CURLcode result);
    // The reply for a transfer we abandon ourselves (cancelled, stalled).
    ApiReply abandon(const KubeError& error);

    // Easy handles ever created in this process: lets a test prove a refused request never
    // got as far as libcurl.
    static quint64 handlesCreated() { return s_handlesCreated.load(); }

    // "minato/<version> (<os>/<arch>)", in the form kubectl uses.
    static QByteArray userAgent();

private:
    static size_t writeCallback(char* data, size_t size, size_t count, void* self);
    static size_t headerCallback(char* data, size_t size, size_t count, void* self);
    bool onData(QByteArrayView data);
    void onHeader(QByteArrayView line);
    QByteArray url() const;
    void setTlsOptions();
    void setProxyOptions();
    void setTimeouts();
    void setHeaders();
    ApiReply baseReply() const;

    VettedRequest m_vetted;
    ClusterEndpoint m_endpoint;
    Credentials m_credentials;
    CURL* m_easy = nullptr;
    curl_slist* m_headers = nullptr;
    curl_slist* m_connectTo = nullptr;
    std::array<char, CURL_ERROR_SIZE> m_errorBuffer {};
    LinesCallback m_onLines;
    std::optional<QTimer> m_stallTimer; // watches only
    int m_status = 0; // of the latest response head (a proxy's CONNECT answer is suppressed)
    QByteArray m_contentType;
    QByteArray m_retryAfter;
    QByteArray m_body;
    QByteArray m_partialLine;
    std::optional<KubeError> m_abortError; // why our own callback stopped the transfer

    static std::atomic<quint64> s_handlesCreated;
};

} // namespace minato::kube
