// SPDX-License-Identifier: Apache-2.0
#include "apiserver.h"

#include "certificateauthority.h"
#include "clusterapi.h"
#include "objectstore.h"

#include "util/logging.h"

#include <QDateTime>
#include <QLocale>
#include <QUuid>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <optional>
#include <unordered_set>

namespace minato::sim {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

    constexpr std::chrono::seconds IdleTimeout { 300 }; // Go keeps idle connections for 90 s
    constexpr std::chrono::seconds HandshakeTimeout { 30 };
    constexpr std::uint64_t BodyLimit = 1024 * 1024; // mutating requests are refused, but read first

    class Session;

    // Shared by the server and every connection, so a connection that outlives the server object
    // (its handlers are still queued) can still deregister.
    struct Registry
    {
        std::unordered_set<Session*> sessions;
        std::chrono::milliseconds bookmarkInterval { 15000 };
        int watches = 0;
        // API Priority and Fairness names the flow schema and priority level that admitted a
        // request; one of each serves every request here.
        std::string flowSchemaUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
        std::string priorityLevelUid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    };

    // RFC 7231's IMF-fixdate, as Go's net/http writes Date.
    std::string httpDate()
    {
        return QLocale::c()
            .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
            .toStdString();
    }

    // The headers kube-apiserver's filter chain adds to a non-watch answer: Date, the audit
    // id, the APF headers (once authenticated: a 401 is answered before APF), and nosniff
    // where Go's error writers set it (Forbidden, text/plain).
    template <typename Response>
    void setApiHeaders(Response& response, int status, const QByteArray& contentType, const Registry& registry)
    {
        response.set(http::field::date, httpDate());
        response.set("Audit-Id", QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString());
        if (status == 403 || contentType.startsWith("text/plain"))
            response.set("X-Content-Type-Options", "nosniff");
        if (status != 401) {
            response.set("X-Kubernetes-Pf-Flowschema-Uid", registry.flowSchemaUid);
            response.set("X-Kubernetes-Pf-Prioritylevel-Uid", registry.priorityLevelUid);
        }
    }

    QByteArray toBytes(beast::string_view view)
    {
        return QByteArray(view.data(), qsizetype(view.size()));
    }

    // ALPN: only HTTP/1.1 is spoken; a client offering h2 as well falls back to it.
    int selectAlpn(SSL*, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
        unsigned int inLength, void*)
    {
        static const unsigned char http11[] = { 8, 'h', 't', 't', 'p', '/', '1', '.', '1' };
        unsigned char* selected = nullptr;
        if (SSL_select_next_proto(&selected, outLength, http11, sizeof http11, in, inLength) != OPENSSL_NPN_NEGOTIATED)
            return SSL_TLSEXT_ERR_NOACK;
        *out = selected;
        return SSL_TLSEXT_ERR_OK;
    }

    // One client connection: reads requests, answers them through ClusterApi, and turns into a
    // chunked watch stream when asked to. The stream type is hidden behind two small lambdas-free
    // branches (plain or TLS) so that the whole protocol logic exists once.
    class Session : public std::enable_shared_from_this<Session>
    {
    public:
        Session(tcp::socket socket, ssl::context* tls, ClusterApi& api, std::shared_ptr<Registry> registry)
            : m_api(api)
            , m_registry(std::move(registry))
            , m_timer(socket.get_executor())
            , m_bookmarkTimer(socket.get_executor())
        {
            if (tls)
                m_tls.emplace(beast::tcp_stream(std::move(socket)), *tls);
            else
                m_plain.emplace(std::move(socket));
            m_registry->sessions.insert(this);
        }

        ~Session()
        {
            endWatch();
            m_registry->sessions.erase(this);
        }

        ClusterApi& api() { return m_api; }

        void start()
        {
            if (!m_tls) {
                readRequest();
                return;
            }
            lowest().expires_after(HandshakeTimeout);
            m_tls->async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
                if (ec)
                    return self->close();
                self->readRequest();
            });
        }

        void close()
        {
            if (m_closed)
                return;
            m_closed = true;
            endWatch();
            m_timer.cancel();
            m_bookmarkTimer.cancel();
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
            lowest().socket().close(ignored);
        }

    private:
        beast::tcp_stream& lowest() { return m_tls ? beast::get_lowest_layer(*m_tls) : *m_plain; }

        template <typename Operation> void withStream(Operation&& operation)
        {
            if (m_tls)
                operation(*m_tls);
            else
                operation(*m_plain);
        }

        void readRequest()
        {
            if (m_closed)
                return;
            m_parser.emplace();
            m_parser->body_limit(BodyLimit);
            lowest().expires_after(IdleTimeout);
            withStream([this](auto& stream) {
                http::async_read(stream, m_buffer, *m_parser,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRequest(ec); });
            });
        }

        void onRequest(beast::error_code ec)
        {
            if (ec)
                return close();
            const auto& message = m_parser->get();
            ApiRequest request;
            request.method = toBytes(message.method_string());
            request.target = toBytes(message.target());
            request.authorization = toBytes(message[http::field::authorization]);
            request.accept = toBytes(message[http::field::accept]);
            m_keepAlive = message.keep_alive();
            m_version = message.version();
            m_head = message.method() == http::verb::head;
            m_response = m_api.handle(request);
            if (m_response.dropConnection)
                return close();
            if (m_response.delayMs > 0) {
                m_timer.expires_after(std::chrono::milliseconds(m_response.delayMs));
                m_timer.async_wait([self = shared_from_this()](beast::error_code waitError) {
                    if (!waitError && !self->m_closed)
                        self->respond();
                });
                return;
            }
            respond();
        }

        void respond()
        {
            if (m_response.watch)
                return startWatch();
            auto response = std::make_shared<http::response<http::span_body<const char>>>();
            response->result(unsigned(m_response.status));
            response->version(m_version);
            response->set(http::field::content_type, m_response.contentType.toStdString());
            response->set(http::field::cache_control, "no-cache, private");
            if (m_response.retryAfterSeconds > 0)
                response->set(http::field::retry_after, std::to_string(m_response.retryAfterSeconds));
            setApiHeaders(*response, m_response.status, m_response.contentType, *m_registry);
            response->keep_alive(m_keepAlive);
            m_body = m_response.body;
            response->body() = http::span_body<const char>::value_type(m_body.constData(), std::size_t(m_body.size()));
            response->prepare_payload();
            if (m_head)
                response->body() = {};
            lowest().expires_after(IdleTimeout);
            withStream([this, response](auto& stream) {
                http::async_write(
                    stream, *response, [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec || !self->m_keepAlive)
                            return self->close();
                        self->readRequest();
                    });
            });
        }

        // --- watch streams -------------------------------------------------------------------

        void startWatch()
        {
            const WatchPlan& plan = *m_response.watch;
            m_cursor.emplace(m_api.store(), plan);
            ++m_registry->watches;
            m_watching = true;
            // The apiserver's JSON watch is plain application/json, chunked; the stream ends with
            // the connection so nothing half-read is left on it.
            m_watchHeader.result(http::status::ok);
            m_watchHeader.version(m_version);
            m_watchHeader.set(http::field::content_type, "application/json");
            m_watchHeader.set(http::field::cache_control, "no-cache, private");
            // Long-running requests get neither an Audit-Id nor APF headers from 1.20.
            m_watchHeader.set(http::field::date, httpDate());
            m_watchHeader.keep_alive(false);
            m_watchHeader.chunked(true);
            m_headerSerializer.emplace(m_watchHeader);
            lowest().expires_never();
            withStream([this](auto& stream) {
                http::async_write_header(stream, *m_headerSerializer,
                    [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onWatchHeader(ec); });
            });
        }

        void onWatchHeader(beast::error_code ec)
        {
            if (ec || m_closed)
                return close();
            std::weak_ptr<Session> weak = shared_from_this();
            m_subscription = m_api.store().subscribe(m_cursor->plan().resource, [weak] {
                if (auto self = weak.lock())
                    self->scheduleDrain();
            });
            m_subscribed = true;
            m_timer.expires_after(std::chrono::seconds(m_cursor->plan().timeoutSeconds));
            m_timer.async_wait([self = shared_from_this()](beast::error_code waitError) {
                if (!waitError)
                    self->finishWatch();
            });
            if (m_cursor->plan().bookmarks)
                armBookmark();
            watchForHangup();
            send(m_cursor->start());
        }

        // A client that goes away is only noticed by reading; the watch never expects data.
        void watchForHangup()
        {
            withStream([this](auto& stream) {
                stream.async_read_some(net::buffer(m_probe),
                    [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
            });
        }

        void armBookmark()
        {
            m_bookmarkTimer.expires_after(m_registry->bookmarkInterval);
            m_bookmarkTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
                if (ec || self->m_closed || self->m_ending)
                    return;
                self->send(self->m_cursor->bookmark());
                self->armBookmark();
            });
        }

        void scheduleDrain()
        {
            // Coalesce: a world tick writes many objects; they leave in one chunk.
            if (m_drainScheduled || m_closed)
                return;
            m_drainScheduled = true;
            net::post(m_timer.get_executor(), [self = shared_from_this()] {
                self->m_drainScheduled = false;
                if (!self->m_closed && !self->m_ending)
                    self->send(self->m_cursor->drain());
            });
        }

        void finishWatch()
        {
            if (m_ending || m_closed)
                return;
            send(m_cursor->drain());
            m_ending = true;
            m_bookmarkTimer.cancel();
            if (!m_writing)
                writeLastChunk();
        }

        void send(const QByteArray& data)
        {
            if (m_closed)
                return;
            m_queued += data;
            if (!m_writing)
                writeQueued();
        }

        void writeQueued()
        {
            if (m_queued.isEmpty()) {
                if (m_ending || m_cursor->finished()) {
                    m_ending = true;
                    writeLastChunk();
                }
                return;
            }
            m_writing = true;
            m_inFlight = std::move(m_queued);
            m_queued.clear();
            withStream([this](auto& stream) {
                net::async_write(stream,
                    http::make_chunk(net::const_buffer(m_inFlight.constData(), std::size_t(m_inFlight.size()))),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->m_writing = false;
                        if (ec)
                            return self->close();
                        self->writeQueued();
                    });
            });
        }

        void writeLastChunk()
        {
            if (m_closed || m_lastChunkSent)
                return;
            m_lastChunkSent = true;
            m_writing = true;
            withStream([this](auto& stream) {
                net::async_write(stream, http::make_chunk_last(),
                    [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
            });
        }

        void endWatch()
        {
            if (m_subscribed) {
                m_api.store().unsubscribe(m_cursor->plan().resource, m_subscription);
                m_subscribed = false;
            }
            if (m_watching) {
                m_watching = false;
                --m_registry->watches;
            }
        }

        ClusterApi& m_api;
        std::shared_ptr<Registry> m_registry;
        std::optional<beast::tcp_stream> m_plain;
        std::optional<beast::ssl_stream<beast::tcp_stream>> m_tls;
        beast::flat_buffer m_buffer;
        std::optional<http::request_parser<http::string_body>> m_parser;
        net::steady_timer m_timer; // latency fault, then the watch timeout
        net::steady_timer m_bookmarkTimer;
        ApiResponse m_response;
        QByteArray m_body;
        unsigned m_version = 11;
        bool m_keepAlive = true;
        bool m_head = false;
        bool m_closed = false;

        std::optional<WatchCursor> m_cursor;
        http::response<http::empty_body> m_watchHeader;
        std::optional<http::response_serializer<http::empty_body>> m_headerSerializer;
        quint64 m_subscription = 0;
        bool m_subscribed = false;
        bool m_watching = false;
        bool m_drainScheduled = false;
        bool m_writing = false;
        bool m_ending = false;
        bool m_lastChunkSent = false;
        QByteArray m_queued;
        QByteArray m_inFlight;
        char m_probe[64] = {};
    };

} // namespace

struct ApiServer::Impl : std::enable_shared_from_this<ApiServer::Impl>
{
    struct Listener
    {
        ClusterApi* api;
        tcp::acceptor acceptor;
    };

    explicit Impl(net::io_context& context)
        : io(context)
        , registry(std::make_shared<Registry>())
    { }

    void accept(Listener* listener)
    {
        listener->acceptor.async_accept(
            [self = shared_from_this(), listener](beast::error_code ec, tcp::socket socket) {
                if (ec == net::error::operation_aborted || !listener->acceptor.is_open())
                    return;
                if (!ec) {
                    if (listener->api->faults().unreachable) {
                        beast::error_code ignored;
                        socket.close(ignored);
                    } else {
                        socket.set_option(tcp::no_delay(true), ec);
                        std::make_shared<Session>(
                            std::move(socket), self->tls ? &*self->tls : nullptr, *listener->api, self->registry)
                            ->start();
                    }
                } else {
                    // Out of file descriptors and the like: keep accepting, but tell someone.
                    qCWarning(lcSim) << "accept failed:" << QString::fromStdString(ec.message());
                }
                self->accept(listener);
            });
    }

    net::io_context& io;
    std::optional<ssl::context> tls;
    std::shared_ptr<Registry> registry;
    std::vector<std::unique_ptr<Listener>> listeners;
};

ApiServer::ApiServer(net::io_context& io, const TlsMaterial* tls)
    : d(std::make_shared<Impl>(io))
{
    if (!tls)
        return;
    d->tls.emplace(ssl::context::tls_server);
    ssl::context& context = *d->tls;
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
        | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    context.use_certificate_chain(
        net::buffer(tls->serverCertificate.constData(), std::size_t(tls->serverCertificate.size())));
    context.use_private_key(
        net::buffer(tls->serverKey.constData(), std::size_t(tls->serverKey.size())), ssl::context::pem);
    SSL_CTX_set_alpn_select_cb(context.native_handle(), selectAlpn, nullptr);
}

ApiServer::~ApiServer()
{
    for (const auto& listener : d->listeners) {
        beast::error_code ignored;
        listener->acceptor.close(ignored);
    }
}

Expected<quint16> ApiServer::listen(ClusterApi& api, quint16 port)
{
    auto listener = std::make_unique<Impl::Listener>(Impl::Listener { &api, tcp::acceptor(d->io) });
    const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
    beast::error_code ec;
    listener->acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        listener->acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        listener->acceptor.bind(endpoint, ec);
    if (!ec)
        listener->acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        KubeError error = KubeError::make(ErrorKind::Network,
            QStringLiteral("cannot listen on 127.0.0.1:%1 for %2: %3")
                .arg(port)
                .arg(api.identity().name, QString::fromStdString(ec.message())));
        return error;
    }
    const quint16 bound = listener->acceptor.local_endpoint().port();
    api.setServerAddress("127.0.0.1:" + QByteArray::number(bound));
    d->listeners.push_back(std::move(listener));
    return bound;
}

void ApiServer::start()
{
    for (const auto& listener : d->listeners)
        d->accept(listener.get());
}

void ApiServer::stop()
{
    for (const auto& listener : d->listeners) {
        beast::error_code ignored;
        listener->acceptor.close(ignored);
    }
    const auto sessions = d->registry->sessions;
    for (Session* session : sessions)
        session->close();
}

void ApiServer::dropConnections(int clusterIndex)
{
    const auto sessions = d->registry->sessions;
    for (Session* session : sessions) {
        if (session->api().index() == clusterIndex)
            session->close();
    }
}

void ApiServer::setBookmarkInterval(std::chrono::milliseconds interval)
{
    d->registry->bookmarkInterval = interval;
}

int ApiServer::connectionCount() const
{
    return int(d->registry->sessions.size());
}

int ApiServer::watchCount() const
{
    return d->registry->watches;
}

} // namespace minato::sim
