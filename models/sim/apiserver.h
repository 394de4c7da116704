// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <chrono>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace minato::sim {

class ClusterApi;
struct TlsMaterial;

// The network side of the simulated fleet: one loopback listener per cluster, HTTP/1.1 over
// TLS (or plain) with keep-alive, Content-Length bodies and chunked watch streams. Everything
// runs asynchronously on one io_context thread, which is how hundreds of watches fit on two
// cores. The Beast code stays behind this header so only apiserver.cpp pays its compile time.
class ApiServer
{
public:
    // tls null: plain HTTP (--plain-http).
    ApiServer(boost::asio::io_context& io, const TlsMaterial* tls);
    ~ApiServer();
    ApiServer(const ApiServer&) = delete;
    ApiServer& operator=(const ApiServer&) = delete;

    // Binds 127.0.0.1:port (0: any free port) for one cluster and returns the port. Connections
    // queue in the kernel until start(); call from any thread before the I/O thread runs.
    Expected<quint16> listen(ClusterApi& api, quint16 port);
    // I/O thread only from here on.
    void start();
    void stop(); // closes the listeners and every open connection
    void dropConnections(int clusterIndex); // the unreachable fault: cut what is open
    void setBookmarkInterval(std::chrono::milliseconds interval);

    int connectionCount() const;
    int watchCount() const;

private:
    struct Impl;
    std::shared_ptr<Impl> d;
};

} // namespace minato::sim
