// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectservice.h"
#include "fleet/servertable.h"
#include "kube/resourcename.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>

namespace minato::kube {
class DiscoveryDecoder;
}

namespace minato::fleet {

class FleetEngine;

// The rows of a kind Minato has no descriptor for (any CRD, Services …) on some clusters, as
// the servers print them (`Accept: …;as=Table;g=meta.k8s.io;v=v1`), so that the browser opens
// whatever `kubectl get` would. Per cluster it resolves the typed name against the session's
// discovery, reading the group-versions' resource lists it lacks (once), then lists the
// resource in pages of 500 and lists it again every refresh interval while it is open. All of
// it goes through the engine's ObjectService; pages are decoded in the I/O thread. One answer
// per cluster: tableChanged (the whole table, all pages) or failed (why, in words).
class ServerTableSource : public QObject
{
    Q_OBJECT
public:
    explicit ServerTableSource(FleetEngine* engine, QObject* parent = nullptr);
    ~ServerTableSource() override;

    // Starts over with this resource ("ipamblocks.crd.projectcalico.org", "svc") on these clusters.
    void open(const QStringList& clusters, const QString& resource);
    void close();
    bool isOpen() const { return !m_resource.isEmpty(); }
    QString resource() const { return m_resource; }
    QStringList clusters() const { return m_order; }
    // What the name resolved to on this cluster, once it did.
    std::optional<kube::ServedResource> resolved(const QString& cluster) const;

    // How often an open table is listed again (default 10 s; 0: never).
    void setRefreshInterval(std::chrono::milliseconds interval);
    // Lists every resolved cluster again now (one that is still listing finishes first).
    void refresh();

Q_SIGNALS:
    void tableChanged(const QString& cluster, const minato::fleet::ServerTable& table);
    void failed(const QString& cluster, const QString& message);

private:
    struct ClusterState
    {
        std::optional<kube::ServedResource> resource;
        QHash<QString, QList<kube::ApiResourceInfo>> lists; // resource lists this source read
        QSet<QString> listsRead; // group-versions asked for, answered or not
        int listsPending = 0;
        ServerTable pages; // the list being assembled
        ObjectService::Ticket listing = 0;
        QList<ObjectService::Ticket> tickets; // resource-list reads in flight
    };

    void resolve(const QString& cluster);
    void readResourceList(const QString& cluster, const QString& group, const QString& version);
    void listPage(const QString& cluster, const QString& continueToken);
    void pageArrived(const QString& cluster, const kube::ApiReply& reply);
    void cancelAll();

    QPointer<FleetEngine> m_engine;
    std::shared_ptr<kube::DiscoveryDecoder> m_listDecoder;
    std::shared_ptr<ServerTableDecoder> m_tableDecoder;
    QString m_resource;
    kube::ResourceQuery m_query;
    QStringList m_order;
    QHash<QString, ClusterState> m_clusters;
    QList<QMetaObject::Connection> m_discoveryConnections;
    QTimer m_refresh;
};

} // namespace minato::fleet
