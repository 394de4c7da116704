// SPDX-License-Identifier: Apache-2.0
#include "simtestclient.h"

#include <QJsonDocument>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <functional>
#include <limits>
#include <optional>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

// One connection, plain or TLS, driven by async operations with a deadline each.
struct Connection
{
    net::io_context io;
    std::optional<ssl::context> tls;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;

    beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

    // Runs the I/O until done is set or the deadline passes; false on timeout.
    bool runUntil(const bool& done, std::chrono::milliseconds timeout)
    {
        io.restart();
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done && std::chrono::steady_clock::now() < deadline) {
            if (io.run_one_for(deadline - std::chrono::steady_clock::now()) == 0 && io.stopped())
                io.restart();
        }
        return done;
    }

    QString open(quint16 port, const QByteArray& ca)
    {
        plain.reset();
        secure.reset();
        tcp::socket socket(io);
        beast::error_code ec;
        socket.connect(tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), port), ec);
        if (ec)
            return QString::fromStdString(ec.message());
        if (ca.isEmpty()) {
            plain.emplace(std::move(socket));
            return {};
        }
        tls.emplace(ssl::context::tls_client);
        tls->add_certificate_authority(net::buffer(ca.constData(), std::size_t(ca.size())), ec);
        if (ec)
            return QString::fromStdString(ec.message());
        tls->set_verify_mode(ssl::verify_peer);
        secure.emplace(beast::tcp_stream(std::move(socket)), *tls);
        // Verify the name too: the certificate must be for 127.0.0.1.
        secure->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
        bool done = false;
        secure->async_handshake(ssl::stream_base::client, [&](beast::error_code e) {
            ec = e;
            done = true;
        });
        if (!runUntil(done, SimTestClient::defaultTimeout()))
            return QStringLiteral("TLS handshake timed out");
        return ec ? QStringLiteral("TLS: %1").arg(QString::fromStdString(ec.message())) : QString();
    }

    template <typename Operation> void withStream(Operation&& operation)
    {
        if (secure)
            operation(*secure);
        else
            operation(*plain);
    }
};

http::request<http::string_body> makeRequest(const QByteArray& method, const QByteArray& target,
    const QByteArray& token, const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body)
{
    http::request<http::string_body> request;
    request.method_string(method.toStdString());
    request.target(target.toStdString());
    request.version(11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::user_agent, "minato-sim-tests");
    if (!token.isEmpty())
        request.set(http::field::authorization, "Bearer " + token.toStdString());
    for (const auto& [name, value] : headers)
        request.set(name.toStdString(), value.toStdString());
    request.body() = body.toStdString();
    request.prepare_payload();
    return request;
}

} // namespace

QJsonObject SimTestClient::Response::json() const
{
    return QJsonDocument::fromJson(body).object();
}

SimTestClient::SimTestClient(quint16 port, QByteArray caPem, QByteArray token)
    : m_port(port)
    , m_ca(std::move(caPem))
    , m_token(std::move(token))
{ }

SimTestClient::~SimTestClient() = default;

SimTestClient::Response SimTestClient::get(
    const QByteArray& target, const QList<QPair<QByteArray, QByteArray>>& headers)
{
    Connection connection;
    Response response;
    response.error = connection.open(m_port, m_ca);
    if (!response.error.isEmpty())
        return response;
    auto request = makeRequest("GET", target, m_token, headers, {});
    http::response<http::string_body> reply;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    bool done = false;
    beast::error_code ec;
    connection.withStream([&](auto& stream) {
        http::async_write(stream, request, [&](beast::error_code e, std::size_t) {
            if (e) {
                ec = e;
                done = true;
                return;
            }
            http::async_read(stream, connection.buffer, parser, [&](beast::error_code e2, std::size_t) {
                ec = e2;
                done = true;
            });
        });
    });
    if (!connection.runUntil(done, defaultTimeout())) {
        response.error = QStringLiteral("timed out");
        return response;
    }
    if (ec) {
        response.error = QString::fromStdString(ec.message());
        return response;
    }
    const auto& message = parser.get();
    response.status = int(message.result_int());
    response.body = QByteArray::fromStdString(message.body());
    for (const auto& field : message)
        response.headers.insert(QByteArray::fromStdString(std::string(field.name_string())).toLower(),
            QByteArray::fromStdString(std::string(field.value())));
    return response;
}

SimTestClient::Response SimTestClient::request(
    const QByteArray& method, const QByteArray& target, const QByteArray& body)
{
    Connection connection;
    Response response;
    response.error = connection.open(m_port, m_ca);
    if (!response.error.isEmpty())
        return response;
    auto request = makeRequest(method, target, m_token, { { "Content-Type", "application/json" } }, body);
    http::response_parser<http::string_body> parser;
    bool done = false;
    beast::error_code ec;
    connection.withStream([&](auto& stream) {
        http::async_write(stream, request, [&](beast::error_code e, std::size_t) {
            if (e) {
                ec = e;
                done = true;
                return;
            }
            http::async_read(stream, connection.buffer, parser, [&](beast::error_code e2, std::size_t) {
                ec = e2;
                done = true;
            });
        });
    });
    if (!connection.runUntil(done, defaultTimeout()) || ec) {
        response.error = ec ? QString::fromStdString(ec.message()) : QStringLiteral("timed out");
        return response;
    }
    response.status = int(parser.get().result_int());
    response.body = QByteArray::fromStdString(parser.get().body());
    for (const auto& field : parser.get())
        response.headers.insert(QByteArray::fromStdString(std::string(field.name_string())).toLower(),
            QByteArray::fromStdString(std::string(field.value())));
    return response;
}

struct SimTestClient::Watch::State
{
    Connection connection;
    http::response_parser<http::empty_body> parser;
    http::request<http::string_body> request;
    int status = 0;
    QByteArray pending; // bytes of incomplete lines
    QByteArray raw;
    int chunks = 0;
    bool ended = false;
    bool failed = false;
    // The parser keeps references to its callbacks, so they live here.
    std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> onBody;
    std::function<void(std::uint64_t, beast::string_view, beast::error_code&)> onHeader;
};

SimTestClient::Watch::~Watch() = default;

int SimTestClient::Watch::status() const
{
    return d->status;
}

bool SimTestClient::Watch::ended() const
{
    return d->ended;
}

QByteArray SimTestClient::Watch::rawChunks() const
{
    return d->raw;
}

int SimTestClient::Watch::chunkCount() const
{
    return d->chunks;
}

QJsonObject SimTestClient::Watch::next(std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const qsizetype newline = d->pending.indexOf('\n');
        if (newline >= 0) {
            const QByteArray line = d->pending.left(newline);
            d->pending.remove(0, newline + 1);
            return QJsonDocument::fromJson(line).object();
        }
        if (d->ended || d->failed || std::chrono::steady_clock::now() >= deadline)
            return {};
        bool done = false;
        d->connection.withStream([&](auto& stream) {
            http::async_read_some(stream, d->connection.buffer, d->parser, [&](beast::error_code ec, std::size_t) {
                if (ec)
                    d->failed = true;
                done = true;
            });
        });
        const auto left
            = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (!d->connection.runUntil(done, std::max(left, std::chrono::milliseconds(1)))) {
            // Abandon the read: the stream is unusable after a cancelled operation.
            beast::error_code ignored;
            d->connection.lowest().socket().cancel(ignored);
            d->connection.runUntil(done, std::chrono::seconds(1));
            d->failed = true;
            return {};
        }
        if (d->parser.is_done())
            d->ended = true;
    }
}

std::unique_ptr<SimTestClient::Watch> SimTestClient::watch(const QByteArray& target)
{
    auto watch = std::unique_ptr<Watch>(new Watch);
    watch->d = std::make_unique<Watch::State>();
    Watch::State& state = *watch->d;
    if (!state.connection.open(m_port, m_ca).isEmpty()) {
        state.failed = true;
        return watch;
    }
    state.parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    state.onBody = [&state](std::uint64_t, beast::string_view body, beast::error_code& ec) -> std::size_t {
        ec = {};
        state.pending.append(body.data(), qsizetype(body.size()));
        state.raw.append(body.data(), qsizetype(body.size()));
        return body.size();
    };
    state.onHeader = [&state](std::uint64_t size, beast::string_view, beast::error_code& ec) {
        ec = {};
        if (size > 0)
            ++state.chunks;
    };
    state.parser.on_chunk_body(state.onBody);
    state.parser.on_chunk_header(state.onHeader);
    state.request = makeRequest("GET", target, m_token, {}, {});
    bool done = false;
    beast::error_code error;
    state.connection.withStream([&](auto& stream) {
        http::async_write(stream, state.request, [&](beast::error_code e, std::size_t) {
            if (e) {
                error = e;
                done = true;
                return;
            }
            http::async_read_header(
                stream, state.connection.buffer, state.parser, [&](beast::error_code e2, std::size_t) {
                    error = e2;
                    done = true;
                });
        });
    });
    if (!state.connection.runUntil(done, defaultTimeout()) || error) {
        state.failed = true;
        return watch;
    }
    state.status = int(state.parser.get().result_int());
    if (!state.parser.get().chunked()) {
        // A non-watch answer (an error Status): read the body as the only "event".
        state.ended = true;
    }
    return watch;
}
