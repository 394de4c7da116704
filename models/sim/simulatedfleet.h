// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterdriver.h"
#include "objectstore.h"

#include "util/expected.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

namespace minato::sim {

class RequestStats;

struct FleetOptions
{
    quint16 basePort = 0; // 0: every cluster gets a free port; else basePort, basePort+1, …
    bool plainHttp = false;
    double speed = 1.0; // simulated time per wall-clock time
    std::chrono::milliseconds tickInterval { 500 }; // wall-clock time between world steps
    QString kubeconfigPath; // where the fleet's kubeconfig goes; empty: not written
    QString statsPath; // request counts written here on stop; empty: not written
    StoreLimits limits;
    std::chrono::milliseconds bookmarkInterval { 15000 };
    QString userName = QStringLiteral("minato-demo"); // whom the tokens authenticate as
};

struct FleetEndpoint
{
    QString name;
    quint16 port = 0;
    QString server; // "https://127.0.0.1:40001"
    QByteArray token;
};

// Where the running fleet can be reached.
struct FleetInfo
{
    QList<FleetEndpoint> clusters;
    QString kubeconfigPath;
    QByteArray caCertificate; // PEM; empty with plain HTTP
    // "minato-sim ready: 14 clusters on 127.0.0.1:40001-40014, kubeconfig /path"
    QString readyLine() const;
};

// The simulated fleet: for each cluster an ObjectStore, a ClusterDriver (the world) and a
// ClusterApi behind one loopback listener, all served by a single Asio I/O thread that also
// ticks the worlds. Runs in the caller's thread (minato-sim) or on its own (minato --demo).
class SimulatedFleet
{
public:
    explicit SimulatedFleet(FleetOptions options = {});
    ~SimulatedFleet();
    SimulatedFleet(const SimulatedFleet&) = delete;
    SimulatedFleet& operator=(const SimulatedFleet&) = delete;

    // Before listen() only.
    void addCluster(std::unique_ptr<ClusterDriver> driver);
    // Runs on the I/O thread once the worlds are seeded and connections are being accepted.
    void setReadyCallback(std::function<void(const FleetInfo&)> callback);

    // Creates the CA, binds every listener and writes the kubeconfig. Fast: no world work yet.
    Expected<FleetInfo> listen();
    // Seeds the worlds, serves and ticks until stop() or, with handleSignals, SIGINT/SIGTERM.
    // Blocks the calling thread; writes the stats file before returning.
    void run(bool handleSignals);
    // listen() and run() on a thread of the fleet's own; returns as soon as the ports are bound.
    Expected<FleetInfo> start();
    // Thread-safe; joins the fleet's thread if start() made one.
    void stop();

    // One world step now, on the I/O thread, as if the tick timer had fired (tests).
    void step();
    // Runs work on the I/O thread and waits for it (tests, and the GUI off its hot path).
    void invoke(const std::function<void()>& work);
    int clusterCount() const;
    ObjectStore& store(int cluster); // I/O thread (or invoke) only
    ClusterDriver& driver(int cluster); // I/O thread (or invoke) only
    const RequestStats& stats() const; // any thread
    int watchCount(); // waits for the I/O thread
    const FleetInfo& info() const { return m_info; }

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    FleetInfo m_info;
};

} // namespace minato::sim
