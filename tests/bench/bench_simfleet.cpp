// SPDX-License-Identifier: Apache-2.0
// Scale bench for minato-sim (not a ctest test): starts the real binary in scale mode, opens
// hundreds of concurrent watch streams against it from one Asio thread, times full pod
// lists, and reports the server's RSS, threads and file descriptors from /proc.
//
//   bench_simfleet [--clusters 50] [--pods 2000] [--watches 600] [--seconds 20] [--sim path]
#include "benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

struct Endpoint
{
    std::string name;
    unsigned short port = 0;
    std::string token;
};

// One long-lived watch: connect, TLS, request, then count events until told to stop.
class Watch : public std::enable_shared_from_this<Watch>
{
public:
    Watch(net::io_context& io, ssl::context& tls, const Endpoint& endpoint, std::string target)
        : m_stream(io, tls)
        , m_endpoint(endpoint)
        , m_target(std::move(target))
    {
        m_onBody = [this](std::uint64_t, beast::string_view body, beast::error_code& ec) -> std::size_t {
            ec = {};
            m_events += std::count(body.begin(), body.end(), '\n');
            return body.size();
        };
        m_parser.on_chunk_body(m_onBody);
        m_parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    }

    void start()
    {
        const tcp::endpoint address(net::ip::make_address_v4("127.0.0.1"), m_endpoint.port);
        beast::get_lowest_layer(m_stream).async_connect(address, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return self->fail();
            self->m_stream.async_handshake(ssl::stream_base::client, [self](beast::error_code e) {
                if (e)
                    return self->fail();
                self->m_request.method(http::verb::get);
                self->m_request.target(self->m_target);
                self->m_request.version(11);
                self->m_request.set(http::field::host, "127.0.0.1");
                self->m_request.set(http::field::authorization, "Bearer " + self->m_endpoint.token);
                http::async_write(self->m_stream, self->m_request, [self](beast::error_code e2, std::size_t) {
                    if (e2)
                        return self->fail();
                    http::async_read_header(
                        self->m_stream, self->m_buffer, self->m_parser, [self](beast::error_code e3, std::size_t) {
                            if (e3 || self->m_parser.get().result_int() != 200)
                                return self->fail();
                            self->m_open = true;
                            self->read();
                        });
                });
            });
        });
    }

    void stop()
    {
        beast::error_code ignored;
        beast::get_lowest_layer(m_stream).socket().close(ignored);
    }

    bool open() const { return m_open; }
    bool failed() const { return m_failed; }
    qint64 events() const { return m_events; }

private:
    void read()
    {
        http::async_read_some(
            m_stream, m_buffer, m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
                if (ec || self->m_parser.is_done()) {
                    self->m_open = false;
                    return;
                }
                self->read();
            });
    }
    void fail()
    {
        m_failed = true;
        m_open = false;
    }

    beast::ssl_stream<beast::tcp_stream> m_stream;
    Endpoint m_endpoint;
    std::string m_target;
    http::request<http::empty_body> m_request;
    http::response_parser<http::empty_body> m_parser;
    beast::flat_buffer m_buffer;
    std::function<std::size_t(std::uint64_t, beast::string_view, beast::error_code&)> m_onBody;
    qint64 m_events = 0;
    bool m_open = false;
    bool m_failed = false;
};

// A blocking GET over a fresh TLS connection; returns the body.
std::string fetch(ssl::context& tls, const Endpoint& endpoint, const std::string& target)
{
    net::io_context io;
    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    beast::get_lowest_layer(stream).connect(tcp::endpoint(net::ip::make_address_v4("127.0.0.1"), endpoint.port));
    stream.handshake(ssl::stream_base::client);
    http::request<http::empty_body> request(http::verb::get, target, 11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + endpoint.token);
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    http::read(stream, buffer, parser);
    return parser.get().body();
}

std::string jsonField(const std::string& body, const std::string& key)
{
    const auto at = body.find("\"" + key + "\":\"");
    if (at == std::string::npos)
        return {};
    const auto start = at + key.size() + 4;
    return body.substr(start, body.find('"', start) - start);
}

void report(const char* what, std::vector<double> values, const char* unit)
{
    std::sort(values.begin(), values.end());
    if (values.empty())
        return;
    std::printf("%-44s min %8.1f  median %8.1f  max %8.1f %s\n", what, values.front(), values[values.size() / 2],
        values.back(), unit);
}

} // namespace

int measure(QProcess& sim, qint64 pid, const QString& kubeconfig, int clusters, int watches, int seconds);

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption clustersOption(
        QStringLiteral("clusters"), QStringLiteral("Clusters."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption podsOption(
        QStringLiteral("pods"), QStringLiteral("Pods per cluster."), QStringLiteral("m"), QStringLiteral("2000"));
    const QCommandLineOption watchesOption(
        QStringLiteral("watches"), QStringLiteral("Concurrent watches."), QStringLiteral("w"), QStringLiteral("600"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"), QStringLiteral("How long the watches run."),
        QStringLiteral("s"), QStringLiteral("20"));
    const QCommandLineOption simOption(QStringLiteral("sim"), QStringLiteral("minato-sim binary."),
        QStringLiteral("path"), QStringLiteral(MINATO_SIM_BINARY));
    const QCommandLineOption scenarioOption(
        QStringLiteral("scenario"), QStringLiteral("Base scenario (default: the demo)."), QStringLiteral("file"));
    parser.addOptions({ clustersOption, podsOption, watchesOption, secondsOption, simOption, scenarioOption });
    parser.process(app);
    const int clusters = parser.value(clustersOption).toInt();
    const int watches = parser.value(watchesOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();

    QTemporaryDir dir;
    const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
    QProcess sim;
    QElapsedTimer startup;
    startup.start();
    QStringList arguments { QStringLiteral("--clusters"), QString::number(clusters),
        QStringLiteral("--pods-per-cluster"), parser.value(podsOption), QStringLiteral("--kubeconfig-out"),
        kubeconfig };
    if (parser.isSet(scenarioOption))
        arguments += { QStringLiteral("--scenario"), parser.value(scenarioOption) };
    const QByteArray ready = minato::bench::startSimulator(sim, parser.value(simOption), arguments, 600000);
    if (ready.isEmpty()) {
        std::fprintf(stderr, "minato-sim did not become ready\n");
        return 1;
    }
    const qint64 pid = sim.processId();
    std::printf("%s\n", ready.constData());
    std::printf("%-44s %8.1f s\n", "startup (generate + seed + listen)", double(startup.elapsed()) / 1000.0);
    try {
        return measure(sim, pid, kubeconfig, clusters, watches, seconds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench failed: %s\n", e.what());
        sim.kill();
        sim.waitForFinished(10000);
        return 1;
    }
}

int measure(QProcess& sim, qint64 pid, const QString& kubeconfig, int clusters, int watches, int seconds)
{
    Q_UNUSED(clusters);
    std::printf("%-44s %s, threads %s, fds %d\n", "server RSS after seeding",
        minato::bench::procStatusField(pid, "VmRSS:").constData(),
        minato::bench::procStatusField(pid, "Threads:").constData(), minato::bench::openFileCount(pid));

    const YAML::Node config = YAML::LoadFile(kubeconfig.toStdString());
    const std::string caPem = QByteArray::fromBase64(
        QByteArray::fromStdString(config["clusters"][0]["cluster"]["certificate-authority-data"].as<std::string>()))
                                  .toStdString();
    std::vector<Endpoint> endpoints;
    for (std::size_t i = 0; i < config["clusters"].size(); ++i) {
        const std::string server = config["clusters"][i]["cluster"]["server"].as<std::string>();
        endpoints.push_back(Endpoint { config["clusters"][i]["name"].as<std::string>(),
            static_cast<unsigned short>(std::stoi(server.substr(server.rfind(':') + 1))),
            config["users"][i]["user"]["token"].as<std::string>() });
    }
    ssl::context tls(ssl::context::tls_client);
    tls.add_certificate_authority(net::buffer(caPem));
    tls.set_verify_mode(ssl::verify_peer);

    // Full pod lists, one per cluster, with nothing else going on.
    std::vector<double> listMs;
    std::vector<double> pagedMs;
    std::vector<std::string> versions;
    std::size_t bytes = 0;
    for (const Endpoint& endpoint : endpoints) {
        QElapsedTimer timer;
        timer.start();
        const std::string body = fetch(tls, endpoint, "/api/v1/pods");
        listMs.push_back(double(timer.nsecsElapsed()) / 1e6);
        bytes = std::max(bytes, body.size());
        versions.push_back(jsonField(body, "resourceVersion"));
        timer.restart();
        std::string token;
        do {
            const std::string page = fetch(
                tls, endpoint, "/api/v1/pods?limit=500" + (token.empty() ? std::string() : "&continue=" + token));
            token = jsonField(page, "continue");
        } while (!token.empty());
        pagedMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    report("full pod list per cluster (one request)", listMs, "ms");
    report("full pod list per cluster (limit=500 pages)", pagedMs, "ms");
    std::printf("%-44s %8.1f MB\n", "largest pod list body", double(bytes) / 1e6);

    // The watches: list-then-watch from the list's revision, spread over the clusters.
    net::io_context io(1);
    std::vector<std::shared_ptr<Watch>> streams;
    for (int i = 0; i < watches; ++i) {
        const std::size_t cluster = std::size_t(i) % endpoints.size();
        static const char* const targets[] = { "/api/v1/pods", "/api/v1/nodes", "/apis/apps/v1/deployments",
            "/apis/apps/v1/replicasets", "/apis/autoscaling/v2/horizontalpodautoscalers", "/api/v1/namespaces" };
        const std::string path = targets[(std::size_t(i) / endpoints.size()) % 6];
        const std::string version = path == "/api/v1/pods" ? versions[cluster] : std::string("0");
        streams.push_back(std::make_shared<Watch>(
            io, tls, endpoints[cluster], path + "?watch=1&allowWatchBookmarks=true&resourceVersion=" + version));
        streams.back()->start();
    }
    std::thread client([&io] {
        auto guard = net::make_work_guard(io);
        io.run();
    });
    QElapsedTimer watching;
    watching.start();
    int open = 0;
    while (watching.elapsed() < 30000) {
        open = int(std::count_if(streams.begin(), streams.end(), [](const auto& w) { return w->open(); }));
        if (open == watches)
            break;
        QThread::msleep(100);
    }
    std::printf(
        "%-44s %d of %d in %.1f s\n", "watch streams established", open, watches, double(watching.elapsed()) / 1000.0);

    // Lists while every watch is open and the worlds keep ticking.
    std::vector<double> busyMs;
    for (std::size_t i = 0; i < endpoints.size(); i += std::max<std::size_t>(1, endpoints.size() / 10)) {
        QElapsedTimer timer;
        timer.start();
        fetch(tls, endpoints[i], "/api/v1/pods");
        busyMs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    report("full pod list with all watches open", busyMs, "ms");
    QThread::sleep(static_cast<unsigned long>(seconds));
    open = int(std::count_if(streams.begin(), streams.end(), [](const auto& w) { return w->open(); }));
    qint64 events = 0;
    for (const auto& stream : streams)
        events += stream->events();
    std::printf("%-44s %d open, %lld events received in %d s\n", "watch streams after the run", open,
        static_cast<long long>(events), seconds);
    std::printf("%-44s %s (peak %s), threads %s, fds %d\n", "server RSS with watches open",
        minato::bench::procStatusField(pid, "VmRSS:").constData(),
        minato::bench::procStatusField(pid, "VmHWM:").constData(),
        minato::bench::procStatusField(pid, "Threads:").constData(), minato::bench::openFileCount(pid));

    net::post(io, [&] {
        for (const auto& stream : streams)
            stream->stop();
        io.stop();
    });
    client.join();
    sim.terminate();
    sim.waitForFinished(30000);
    std::printf("%-44s %d\n", "minato-sim exit code after SIGTERM", sim.exitCode());
    return open == watches ? 0 : 2;
}
