// SPDX-License-Identifier: Apache-2.0
#include "simulatedfleet.h"

#include "apiserver.h"
#include "certificateauthority.h"
#include "clusterapi.h"
#include "kubeconfigwriter.h"
#include "requeststats.h"

#include "util/logging.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSaveFile>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>

#include <csignal>
#include <future>
#include <optional>
#include <thread>

namespace minato::sim {

namespace net = boost::asio;

namespace {

    // Hundreds of watches are hundreds of sockets; the default soft limit (1024) is too tight.
    void raiseFileLimit()
    {
        rlimit limit {};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
                qCWarning(lcSim) << "cannot raise the open file limit";
        }
    }

    QByteArray makeToken()
    {
        QByteArray random(32, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
        return "minato-sim." + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    }

} // namespace

QString FleetInfo::readyLine() const
{
    QString ports;
    bool contiguous = !clusters.isEmpty();
    for (int i = 1; i < clusters.size(); ++i)
        contiguous = contiguous && clusters[i].port == clusters[i - 1].port + 1;
    if (clusters.size() == 1 || (contiguous && clusters.size() > 1)) {
        ports = QStringLiteral("127.0.0.1:%1").arg(clusters.constFirst().port);
        if (clusters.size() > 1)
            ports += QStringLiteral("-%1").arg(clusters.constLast().port);
    } else {
        QStringList list;
        for (const FleetEndpoint& endpoint : clusters)
            list.append(QString::number(endpoint.port));
        ports = QStringLiteral("127.0.0.1:") + list.join(QLatin1Char(','));
    }
    return QStringLiteral("minato-sim ready: %1 clusters on %2, kubeconfig %3")
        .arg(clusters.size())
        .arg(ports, kubeconfigPath.isEmpty() ? QStringLiteral("(none)") : kubeconfigPath);
}

struct SimulatedFleet::Impl
{
    struct Cluster
    {
        std::unique_ptr<ClusterDriver> driver;
        std::unique_ptr<ObjectStore> store;
        std::unique_ptr<ClusterApi> api;
        bool unreachable = false;
    };

    explicit Impl(FleetOptions fleetOptions)
        : options(std::move(fleetOptions))
    { }

    void stopOnIo()
    {
        if (server)
            server->stop();
        if (tickTimer)
            tickTimer->cancel();
        if (signalSet) {
            boost::system::error_code ignored;
            signalSet->cancel(ignored);
        }
        io->stop();
    }

    void scheduleTick()
    {
        tickTimer->expires_at(tickTimer->expiry() + options.tickInterval);
        tickTimer->async_wait([this](const boost::system::error_code& ec) {
            if (ec)
                return;
            tick();
            scheduleTick();
        });
    }

    void tick()
    {
        const auto simulated = std::chrono::milliseconds(qint64(double(options.tickInterval.count()) * options.speed));
        const auto now = std::chrono::steady_clock::now();
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < int(clusters.size()); ++i) {
            Cluster& cluster = clusters[std::size_t(i)];
            cluster.driver->advance(simulated, *cluster.store);
            cluster.store->compact(now);
            const bool unreachable = cluster.driver->faults().unreachable;
            if (unreachable && !cluster.unreachable)
                server->dropConnections(i);
            cluster.unreachable = unreachable;
        }
        // Every request waits while the worlds move; a long step shows up as latency.
        if (timer.elapsed() > 250)
            qCDebug(lcSim) << "world step took" << timer.elapsed() << "ms for" << clusters.size() << "clusters";
    }

    void writeStats()
    {
        if (options.statsPath.isEmpty() || !stats)
            return;
        QSaveFile file(options.statsPath);
        if (!file.open(QIODevice::WriteOnly) || file.write(stats->toJson()) < 0 || !file.commit())
            qCWarning(lcSim) << "cannot write request stats to" << options.statsPath;
    }

    FleetOptions options;
    // Declared before the I/O objects so they outlive every connection and handler.
    std::vector<Cluster> clusters;
    std::unique_ptr<RequestStats> stats;
    std::optional<TlsMaterial> tls;
    std::unique_ptr<net::io_context> io;
    std::unique_ptr<ApiServer> server;
    std::optional<net::steady_timer> tickTimer;
    std::optional<net::signal_set> signalSet;
    std::function<void(const FleetInfo&)> ready;
    std::thread thread;
    std::atomic<bool> running { false };
    std::atomic<bool> stopRequested { false };
    bool listening = false;
};

SimulatedFleet::SimulatedFleet(FleetOptions options)
    : d(std::make_unique<Impl>(std::move(options)))
{ }

SimulatedFleet::~SimulatedFleet()
{
    stop();
}

void SimulatedFleet::addCluster(std::unique_ptr<ClusterDriver> driver)
{
    Q_ASSERT(!d->listening);
    Impl::Cluster cluster;
    cluster.driver = std::move(driver);
    cluster.store = std::make_unique<ObjectStore>(d->options.limits);
    d->clusters.push_back(std::move(cluster));
}

void SimulatedFleet::setReadyCallback(std::function<void(const FleetInfo&)> callback)
{
    d->ready = std::move(callback);
}

Expected<FleetInfo> SimulatedFleet::listen()
{
    Q_ASSERT(!d->listening);
    raiseFileLimit();
    if (!d->options.plainHttp) {
        auto material = CertificateAuthority::generate();
        if (!material)
            return material.error();
        d->tls = *material;
    }
    d->io = std::make_unique<net::io_context>(1);
    d->server = std::make_unique<ApiServer>(*d->io, d->tls ? &*d->tls : nullptr);
    d->server->setBookmarkInterval(d->options.bookmarkInterval);
    QStringList names;
    for (const Impl::Cluster& cluster : d->clusters)
        names.append(cluster.driver->name());
    d->stats = std::make_unique<RequestStats>(names);

    FleetInfo info;
    QList<KubeconfigEntry> entries;
    for (int i = 0; i < int(d->clusters.size()); ++i) {
        Impl::Cluster& cluster = d->clusters[std::size_t(i)];
        ClusterDriver* driver = cluster.driver.get();
        const ClusterIdentity identity { driver->name(), driver->gitVersion(), driver->versionInfo(), makeToken(),
            d->options.userName };
        cluster.api = std::make_unique<ClusterApi>(
            i, identity, *cluster.store, *d->stats, [driver]() -> const ApiFaults& { return driver->faults(); });
        const quint16 wanted = d->options.basePort == 0 ? 0 : quint16(d->options.basePort + i);
        const auto port = d->server->listen(*cluster.api, wanted);
        if (!port)
            return port.error();
        const QString scheme = d->options.plainHttp ? QStringLiteral("http") : QStringLiteral("https");
        const FleetEndpoint endpoint { identity.name, *port, QStringLiteral("%1://127.0.0.1:%2").arg(scheme).arg(*port),
            identity.token };
        info.clusters.append(endpoint);
        entries.append(KubeconfigEntry { endpoint.name, endpoint.server, endpoint.token });
    }
    if (d->tls)
        info.caCertificate = d->tls->caCertificate;
    if (!d->options.kubeconfigPath.isEmpty()) {
        const auto written = KubeconfigWriter::write(d->options.kubeconfigPath, entries, info.caCertificate);
        if (!written)
            return written.error();
        info.kubeconfigPath = d->options.kubeconfigPath;
    }
    d->tickTimer.emplace(*d->io);
    d->listening = true;
    m_info = info;
    // The first thing the I/O thread does, ahead of anything invoke() queues later.
    net::post(*d->io, [this] {
        for (Impl::Cluster& cluster : d->clusters) {
            cluster.driver->seed(*cluster.store);
            cluster.unreachable = cluster.driver->faults().unreachable;
        }
        d->server->start();
        d->tickTimer->expires_after(std::chrono::milliseconds(0));
        d->scheduleTick();
        if (d->ready)
            d->ready(m_info);
    });
    return info;
}

void SimulatedFleet::run(bool handleSignals)
{
    Q_ASSERT(d->listening);
    if (d->stopRequested)
        return;
    d->running = true;
    if (handleSignals) {
        d->signalSet.emplace(*d->io, SIGINT, SIGTERM);
        d->signalSet->async_wait([this](const boost::system::error_code& ec, int) {
            if (!ec)
                d->stopOnIo();
        });
    }
    // stop() may have been called between the check above and here; it posts stopOnIo.
    if (d->stopRequested)
        net::post(*d->io, [this] { d->stopOnIo(); });
    d->io->run();
    d->running = false;
    d->writeStats();
}

Expected<FleetInfo> SimulatedFleet::start()
{
    auto info = listen();
    if (!info)
        return info;
    // Marked running before the thread exists, so invoke() queues work behind the seeding.
    d->running = true;
    d->thread = std::thread([this] { run(false); });
    return info;
}

void SimulatedFleet::stop()
{
    d->stopRequested = true;
    if (d->io && d->listening)
        net::post(*d->io, [this] { d->stopOnIo(); });
    if (d->thread.joinable() && d->thread.get_id() != std::this_thread::get_id())
        d->thread.join();
}

void SimulatedFleet::invoke(const std::function<void()>& work)
{
    if (!d->running || d->stopRequested || !d->io || d->io->get_executor().running_in_this_thread()) {
        work();
        return;
    }
    std::promise<void> done;
    net::post(*d->io, [&work, &done] {
        work();
        done.set_value();
    });
    done.get_future().wait();
}

void SimulatedFleet::step()
{
    invoke([this] { d->tick(); });
}

int SimulatedFleet::clusterCount() const
{
    return int(d->clusters.size());
}

ObjectStore& SimulatedFleet::store(int cluster)
{
    return *d->clusters.at(std::size_t(cluster)).store;
}

ClusterDriver& SimulatedFleet::driver(int cluster)
{
    return *d->clusters.at(std::size_t(cluster)).driver;
}

const RequestStats& SimulatedFleet::stats() const
{
    return *d->stats;
}

int SimulatedFleet::watchCount()
{
    int count = 0;
    invoke([this, &count] { count = d->server ? d->server->watchCount() : 0; });
    return count;
}

} // namespace minato::sim
