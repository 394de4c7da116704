// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiexchange.h"
#include "discovery.h"
#include "objectsink.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace minato::sim {

class ObjectStore;
class RequestStats;

struct ClusterIdentity
{
    QString name;
    QString gitVersion; // "v1.29.4"
    QJsonObject versionInfo; // the /version body, if the world provides one
    QByteArray token; // the bearer token the kubeconfig carries
    QString userName; // who the token authenticates as, quoted in 403 messages
};

// The Kubernetes API of one simulated cluster, without any networking: routing, bearer-token
// auth, the world's API faults, discovery, list (paged over a consistent snapshot), get, and
// watch set-up. Every request is counted in RequestStats. Runs on the server's I/O thread.
class ClusterApi
{
public:
    using FaultSource = std::function<const ApiFaults&()>;

    ClusterApi(int index, ClusterIdentity identity, ObjectStore& store, RequestStats& stats, FaultSource faults);

    ApiResponse handle(const ApiRequest& request);

    int index() const { return m_index; }
    const ClusterIdentity& identity() const { return m_identity; }
    ObjectStore& store() { return m_store; }
    const ApiFaults& faults() const { return m_faults(); }
    void setServerAddress(const QByteArray& hostPort) { m_serverAddress = hostPort; }

private:
    struct Route;
    ApiResponse route(const ApiRequest& request, Route& route);
    ApiResponse resourceRequest(const ApiRequest& request, const Route& route);
    ApiResponse list(const ApiRequest& request, const Route& route);
    ApiResponse watch(const ApiRequest& request, const Route& route);
    ApiResponse get(const ApiRequest& request, const Route& route);
    ApiResponse version() const;
    ApiResponse notFound(const Route& route) const;
    ApiResponse forbidden(const Route& route) const;
    bool isServed(int resource) const;

    int m_index;
    ClusterIdentity m_identity;
    ObjectStore& m_store;
    RequestStats& m_stats;
    FaultSource m_faults;
    Discovery m_discovery;
    QByteArray m_serverAddress = "127.0.0.1:443";
};

} // namespace minato::sim
