// SPDX-License-Identifier: Apache-2.0
#include "curltransfer.h"

#include "kube/apierror.h"

#include <QHostAddress>

namespace minato::kube {

std::atomic<quint64> CurlTransfer::s_handlesCreated { 0 };

namespace {

// Larger than any single object a server sends in one watch event, small enough that a server
// that never sends a newline cannot exhaust memory.
constexpr qsizetype MaxWatchLine = 128 * 1024 * 1024;
// QByteArray's own ceiling is 2 GiB; stop well before it with a clear error.
constexpr qsizetype MaxBody = 1024 * 1024 * 1024;
// Spare capacity after a body, so that a JSON decoder that reads past the end (simdjson's
// padding is 64 bytes) can parse it in place instead of copying it.
constexpr qsizetype BodyPadding = 64;
constexpr std::chrono::milliseconds DefaultGetStall { 30000 };
constexpr std::chrono::seconds WatchStallGrace { 30 };

bool isSuccess(int status)
{
    return status >= 200 && status < 300;
}

QByteArray hostForUrl(const QString& host)
{
    // An IPv6 literal needs its brackets back wherever a host is followed by ":port".
    return host.contains(u':') ? '[' + host.toLatin1() + ']' : QUrl::toAce(host);
}

int defaultPort(const QUrl& url)
{
    return url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
}

// kubectl resolves a socks5 proxy's target names on the proxy side, which is curl's socks5h.
QByteArray proxyForCurl(const QUrl& proxy)
{
    QUrl copy = proxy;
    if (copy.scheme() == QLatin1String("socks5"))
        copy.setScheme(QStringLiteral("socks5h"));
    return copy.toEncoded();
}

bool isLoopback(const QString& host)
{
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

const char* osName()
{
#if defined(Q_OS_LINUX)
    return "linux";
#elif defined(Q_OS_MACOS)
    return "darwin";
#elif defined(Q_OS_WIN)
    return "windows";
#else
    return "unknown";
#endif
}

const char* archName()
{
#if defined(Q_PROCESSOR_X86_64)
    return "amd64";
#elif defined(Q_PROCESSOR_ARM_64)
    return "arm64";
#elif defined(Q_PROCESSOR_X86_32)
    return "386";
#else
    return "unknown";
#endif
}

} // namespace

CurlTransfer::CurlTransfer(VettedRequest request, ClusterEndpoint endpoint, Credentials credentials)
    : m_vetted(std::move(request))
    , m_endpoint(std::move(endpoint))
    , m_credentials(std::move(credentials))
{
}

CurlTransfer::~CurlTransfer()
{
    if (m_easy)
        curl_easy_cleanup(m_easy);
    curl_slist_free_all(m_headers);
    curl_slist_free_all(m_connectTo);
}

QByteArray CurlTransfer::userAgent()
{
    return QByteArrayLiteral("minato/" MINATO_VERSION " (") + osName() + '/' + archName() + ')';
}

QByteArray CurlTransfer::url() const
{
    const QUrl& server = m_endpoint.server;
    QByteArray host = hostForUrl(server.host());
    // tls-server-name: the URL names the TLS name, so libcurl sends it as SNI and verifies the
    // certificate against it; CURLOPT_CONNECT_TO (setTlsOptions) sends the bytes to the real
    // server. libcurl has no separate "verify as" option.
    if (server.scheme() == QLatin1String("https") && !m_endpoint.tlsServerName.isEmpty())
        host = hostForUrl(m_endpoint.tlsServerName);
    QByteArray base = server.scheme().toLatin1() + "://" + host + ':' + QByteArray::number(defaultPort(server));
    // A server URL may carry a path prefix (Rancher, some API proxies).
    QByteArray prefix = server.path(QUrl::FullyEncoded).toLatin1();
    while (prefix.endsWith('/'))
        prefix.chop(1);
    QByteArray result = base + prefix + request().path.toLatin1(); // the guard allowed path characters only
    char separator = '?';
    for (const auto& [key, value] : request().query) {
        result += separator + QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
        separator = '&';
    }
    return result;
}

std::optional<KubeError> CurlTransfer::prepare(LinesCallback onLines, StallCallback onStall)
{
    m_onLines = std::move(onLines);
    m_easy = curl_easy_init();
    if (!m_easy)
        return KubeError::make(ErrorKind::Network, QStringLiteral("libcurl could not create a transfer"));
    ++s_handlesCreated;

    curl_easy_setopt(m_easy, CURLOPT_PRIVATE, this);
    curl_easy_setopt(m_easy, CURLOPT_ERRORBUFFER, m_errorBuffer.data());
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_URL, url().constData());
    curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 0L); // a redirect is an answer, not an instruction
    curl_easy_setopt(m_easy, CURLOPT_USERAGENT, userAgent().constData());
    curl_easy_setopt(m_easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    // Wait for an HTTP/2 connection that is being set up rather than opening a second one, so
    // a cluster costs one connection when the server multiplexes. Only over TLS: plain http
    // never negotiates HTTP/2 here, and libcurl 7.88 then parks a waiting transfer until the
    // first one ends, which for a watch is never.
    if (m_endpoint.server.scheme() == QLatin1String("https"))
        curl_easy_setopt(m_easy, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPINTVL, 30L);
    curl_easy_setopt(m_easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    // Every handle keeps its buffers for as long as it is open, and a watch is open for
    // minutes (with an HTTP/1.1 server, one handle and connection per watch: 850 in the
    // 50-cluster benchmark). libcurl 7.88 gives each transfer a 64 KiB upload buffer even for
    // a GET, so it is cut to the minimum (Minato uploads nothing bigger than a self-review);
    // a watch's events are small, so its download buffer is 4 KiB instead of 16.
    curl_easy_setopt(m_easy, CURLOPT_UPLOAD_BUFFERSIZE, 16384L);
    if (request().kind == RequestKind::Watch)
        curl_easy_setopt(m_easy, CURLOPT_BUFFERSIZE, 4096L);
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &CurlTransfer::writeCallback);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &CurlTransfer::headerCallback);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    if (!m_endpoint.disableCompression)
        curl_easy_setopt(m_easy, CURLOPT_ACCEPT_ENCODING, "gzip");

    // The only two verbs this class can express. HTTPGET also undoes any POST state.
    if (m_vetted.isPost()) {
        curl_easy_setopt(m_easy, CURLOPT_POST, 1L);
        curl_easy_setopt(m_easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request().body.size()));
        curl_easy_setopt(m_easy, CURLOPT_COPYPOSTFIELDS, request().body.constData());
    } else {
        curl_easy_setopt(m_easy, CURLOPT_HTTPGET, 1L);
    }

    setTlsOptions();
    setProxyOptions();
    setTimeouts();
    setHeaders();

    if (request().kind == RequestKind::Watch) {
        std::chrono::milliseconds stall = request().stallTimeout;
        if (stall.count() == 0) {
            bool ok = false;
            const int seconds = request().queryValue(QStringLiteral("timeoutSeconds")).toInt(&ok);
            if (ok && seconds > 0)
                stall = std::chrono::seconds(seconds) + WatchStallGrace;
        }
        if (stall.count() > 0) {
            m_stallTimer.emplace();
            m_stallTimer->setSingleShot(true);
            m_stallTimer->setInterval(stall);
            QObject::connect(&*m_stallTimer, &QTimer::timeout, std::move(onStall));
            m_stallTimer->start();
        }
    }
    return std::nullopt;
}

void CurlTransfer::setTlsOptions()
{
    const ClusterEndpoint& e = m_endpoint;
    curl_easy_setopt(m_easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    if (e.insecureSkipTlsVerify) {
        curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
        curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(m_easy, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    // In-memory material goes in as blobs that libcurl copies: no temporary files with keys.
    auto setBlob = [this](CURLoption option, const QByteArray& data) {
        curl_blob blob { const_cast<char*>(data.constData()), static_cast<size_t>(data.size()), CURL_BLOB_COPY };
        curl_easy_setopt(m_easy, option, &blob);
    };
    // A cluster's CA replaces the system trust store, as in kubectl: libcurl would otherwise
    // also trust its built-in CA path (/etc/ssl/certs on Debian) next to the cluster's CA.
    if (!e.certificateAuthorityData.isEmpty()) {
        curl_easy_setopt(m_easy, CURLOPT_CAINFO, nullptr);
        curl_easy_setopt(m_easy, CURLOPT_CAPATH, nullptr);
        setBlob(CURLOPT_CAINFO_BLOB, e.certificateAuthorityData);
    } else if (!e.certificateAuthorityFile.isEmpty()) {
        curl_easy_setopt(m_easy, CURLOPT_CAPATH, nullptr);
        curl_easy_setopt(m_easy, CURLOPT_CAINFO, e.certificateAuthorityFile.toLocal8Bit().constData());
    }

    const Credentials& c = m_credentials;
    if (!c.clientCertificatePem.isEmpty() && !c.clientKeyPem.isEmpty()) {
        setBlob(CURLOPT_SSLCERT_BLOB, c.clientCertificatePem);
        setBlob(CURLOPT_SSLKEY_BLOB, c.clientKeyPem);
    } else {
        if (!e.clientCertificateData.isEmpty())
            setBlob(CURLOPT_SSLCERT_BLOB, e.clientCertificateData);
        else if (!e.clientCertificateFile.isEmpty())
            curl_easy_setopt(m_easy, CURLOPT_SSLCERT, e.clientCertificateFile.toLocal8Bit().constData());
        if (!e.clientKeyData.isEmpty())
            setBlob(CURLOPT_SSLKEY_BLOB, e.clientKeyData);
        else if (!e.clientKeyFile.isEmpty())
            curl_easy_setopt(m_easy, CURLOPT_SSLKEY, e.clientKeyFile.toLocal8Bit().constData());
    }
    curl_easy_setopt(m_easy, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(m_easy, CURLOPT_SSLKEYTYPE, "PEM");

    if (e.server.scheme() == QLatin1String("https") && !e.tlsServerName.isEmpty()) {
        const QByteArray port = QByteArray::number(defaultPort(e.server));
        const QByteArray rule
            = hostForUrl(e.tlsServerName) + ':' + port + ':' + hostForUrl(e.server.host()) + ':' + port;
        m_connectTo = curl_slist_append(nullptr, rule.constData());
        curl_easy_setopt(m_easy, CURLOPT_CONNECT_TO, m_connectTo);
    }
}

void CurlTransfer::setProxyOptions()
{
    if (!m_endpoint.proxyUrl.isEmpty())
        curl_easy_setopt(m_easy, CURLOPT_PROXY, proxyForCurl(m_endpoint.proxyUrl).constData());
    else if (isLoopback(m_endpoint.server.host()))
        curl_easy_setopt(m_easy, CURLOPT_PROXY, ""); // like Go's ProxyFromEnvironment: never proxy loopback
    // Otherwise libcurl honours https_proxy/no_proxy from the environment, as kubectl does.
}

void CurlTransfer::setTimeouts()
{
    const ApiRequest& r = request();
    curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connectTimeout.count()));
    if (r.kind == RequestKind::Watch)
        return; // a watch is ended by the server (timeoutSeconds) or by our stall timer
    const std::chrono::milliseconds stall = r.stallTimeout.count() > 0 ? r.stallTimeout : DefaultGetStall;
    const long stallSeconds = std::max<long>(1, static_cast<long>((stall.count() + 999) / 1000));
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_TIME, stallSeconds);
    if (r.totalTimeout.count() > 0)
        curl_easy_setopt(m_easy, CURLOPT_TIMEOUT_MS, static_cast<long>(r.totalTimeout.count()));
}

void CurlTransfer::setHeaders()
{
    const ClusterEndpoint& e = m_endpoint;
    auto append = [this](const QByteArray& header) { m_headers = curl_slist_append(m_headers, header.constData()); };
    append("Accept: " + request().accept);
    if (m_vetted.isPost()) {
        append(QByteArrayLiteral("Content-Type: application/json"));
        append(QByteArrayLiteral("Expect:")); // no 100-continue round trip for a small body
    }
    if (!m_credentials.bearerToken.isEmpty())
        append("Authorization: Bearer " + m_credentials.bearerToken);
    if (e.auth == ClusterEndpoint::Auth::Basic) {
        curl_easy_setopt(m_easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(m_easy, CURLOPT_USERNAME, e.username.toUtf8().constData());
        curl_easy_setopt(m_easy, CURLOPT_PASSWORD, e.password.constData());
    }
    // With tls-server-name the URL carries the TLS name; the Host header still names the
    // server, as Go's transport does with tls.Config.ServerName.
    if (e.server.scheme() == QLatin1String("https") && !e.tlsServerName.isEmpty()) {
        QByteArray host = hostForUrl(e.server.host());
        if (e.server.port() != -1)
            host += ':' + QByteArray::number(e.server.port());
        append("Host: " + host);
    }
    for (const QByteArray& header : e.impersonationHeaders())
        append(header);
    curl_easy_setopt(m_easy, CURLOPT_HTTPHEADER, m_headers);
}

size_t CurlTransfer::writeCallback(char* data, size_t size, size_t count, void* self)
{
    const size_t length = size * count;
    return static_cast<CurlTransfer*>(self)->onData(QByteArrayView(data, static_cast<qsizetype>(length))) ? length : 0;
}

size_t CurlTransfer::headerCallback(char* data, size_t size, size_t count, void* self)
{
    const size_t length = size * count;
    static_cast<CurlTransfer*>(self)->onHeader(QByteArrayView(data, static_cast<qsizetype>(length)));
    return length;
}

void CurlTransfer::onHeader(QByteArrayView line)
{
    const QByteArrayView trimmed = line.trimmed();
    if (trimmed.startsWith("HTTP/")) {
        // A new response head (after a 1xx, say): forget what the previous one said.
        const qsizetype space = trimmed.indexOf(' ');
        m_status = space < 0
            ? 0
            : trimmed.sliced(space + 1).first(std::min<qsizetype>(3, trimmed.size() - space - 1)).toInt();
        m_contentType.clear();
        m_retryAfter.clear();
        return;
    }
    const qsizetype colon = trimmed.indexOf(':');
    if (colon <= 0)
        return;
    const QByteArrayView name = trimmed.first(colon);
    const QByteArrayView value = trimmed.sliced(colon + 1).trimmed();
    if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
        m_contentType = value.toByteArray();
    else if (name.compare("Retry-After", Qt::CaseInsensitive) == 0)
        m_retryAfter = value.toByteArray();
    else if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 && request().kind != RequestKind::Watch) {
        // One allocation of the final size instead of doubling (a list page is megabytes),
        // with room for the decoder's padding so it parses in place.
        bool ok = false;
        const qint64 length = value.toLongLong(&ok);
        if (ok && length > 0 && length <= MaxBody)
            m_body.reserve(qsizetype(length) + BodyPadding);
    }
}

bool CurlTransfer::onData(QByteArrayView data)
{
    if (m_stallTimer)
        m_stallTimer->start();
    if (request().kind != RequestKind::Watch || !isSuccess(m_status)) {
        if (m_body.size() + data.size() > MaxBody) {
            m_abortError = KubeError::make(ErrorKind::Parse, QStringLiteral("The response is larger than 1 GiB"));
            return false;
        }
        m_body.append(data);
        return true;
    }
    // Events and chunks do not line up: hand on complete lines only, keep the rest.
    const qsizetype lastNewline = data.lastIndexOf('\n');
    if (lastNewline < 0) {
        m_partialLine.append(data);
    } else {
        QByteArray lines = m_partialLine + data.first(lastNewline + 1);
        m_partialLine = data.sliced(lastNewline + 1).toByteArray();
        m_onLines(lines);
    }
    if (m_partialLine.size() > MaxWatchLine) {
        m_abortError = KubeError::make(ErrorKind::Parse, QStringLiteral("A watch event is larger than 128 MiB"));
        return false;
    }
    return true;
}

ApiReply CurlTransfer::baseReply() const
{
    ApiReply reply;
    reply.id = request().id;
    reply.generation = request().generation;
    reply.endpoint = request().endpoint;
    reply.kind = request().kind;
    reply.insecureTls = m_endpoint.insecureSkipTlsVerify && m_endpoint.server.scheme() == QLatin1String("https");
    reply.contentType = m_contentType;
    long status = 0;
    long version = 0;
    long connects = 0;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(m_easy, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(m_easy, CURLINFO_NUM_CONNECTS, &connects);
    reply.httpStatus = static_cast<int>(status);
    reply.newConnections = static_cast<int>(connects);
    switch (version) {
    case CURL_HTTP_VERSION_1_0:
        reply.httpVersion = 10;
        break;
    case CURL_HTTP_VERSION_1_1:
        reply.httpVersion = 11;
        break;
    case CURL_HTTP_VERSION_2_0:
        reply.httpVersion = 20;
        break;
    case CURL_HTTP_VERSION_3:
        reply.httpVersion = 30;
        break;
    default:
        reply.httpVersion = 0;
    }
    return reply;
}

ApiReply CurlTransfer::finish(CURLcode result)
{
    if (m_stallTimer)
        m_stallTimer->stop();
    ApiReply reply = baseReply();
    if (m_abortError) {
        reply.error = m_abortError;
    } else {
        TransferOutcome outcome;
        outcome.curlCode = result;
        outcome.curlMessage = QString::fromUtf8(m_errorBuffer.data());
        outcome.httpStatus = reply.httpStatus;
        outcome.body = m_body;
        outcome.retryAfter = m_retryAfter;
        reply.error = toKubeError(outcome);
    }
    // A stream that ended cleanly may end without a final newline; deliver what is left.
    if (request().kind == RequestKind::Watch && !reply.error && !m_partialLine.isEmpty())
        m_onLines(m_partialLine + '\n');
    m_partialLine.clear();
    reply.body = std::move(m_body);
    return reply;
}

ApiReply CurlTransfer::abandon(const KubeError& error)
{
    if (m_stallTimer)
        m_stallTimer->stop();
    ApiReply reply = baseReply();
    reply.error = error;
    return reply;
}

} // namespace minato::kube
