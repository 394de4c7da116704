// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/apiserviceinfo.h"
#include "fleet/eventinfo.h"
#include "fleet/hpainfo.h"
#include "fleet/kindtable.h"
#include "fleet/metricssample.h"
#include "fleet/namespaceinfo.h"
#include "fleet/networkinfo.h"
#include "fleet/nodeinfo.h"
#include "fleet/podinfo.h"
#include "fleet/pvcinfo.h"
#include "fleet/runtimeclassinfo.h"
#include "fleet/storechange.h"
#include "fleet/workloadinfo.h"

#include <QObject>
#include <QTimer>

#include <array>
#include <memory>

namespace minato::fleet {

// One cluster's watched objects: per kind, uid → projection, and the last metrics sample.
// What analyses read. A copy is a snapshot: the tables are implicitly shared, so copying costs
// one reference per kind, and the store that goes on changing detaches its own tables. A
// worker thread may read a copy while the GUI thread writes the store.
class StoreContent
{
public:
    StoreContent() = default;
    StoreContent(const StoreContent& other);
    StoreContent& operator=(const StoreContent& other);
    StoreContent(StoreContent&&) = default;
    StoreContent& operator=(StoreContent&&) = default;
    ~StoreContent();

    // Typed access: objects<PodInfo>(WatchedKind::Pods). T must be the kind's projection.
    // A kind nothing was received for yet has no table: empty.
    template <typename T> const QHash<QUuid, T>& objects(WatchedKind kind) const
    {
        static const QHash<QUuid, T> none;
        const KindTableBase* table = m_tables.at(std::size_t(kind)).get();
        return table ? static_cast<const KindTable<T>&>(*table).objects() : none;
    }
    const QHash<QUuid, NamespaceInfo>& namespaces() const { return objects<NamespaceInfo>(WatchedKind::Namespaces); }
    const QHash<QUuid, NodeInfo>& nodes() const { return objects<NodeInfo>(WatchedKind::Nodes); }
    const QHash<QUuid, PodInfo>& pods() const { return objects<PodInfo>(WatchedKind::Pods); }
    // Deployments, StatefulSets, DaemonSets or ReplicaSets.
    const QHash<QUuid, WorkloadInfo>& workloads(WatchedKind kind) const { return objects<WorkloadInfo>(kind); }
    const QHash<QUuid, EventInfo>& events() const { return objects<EventInfo>(WatchedKind::Events); }
    const QHash<QUuid, HpaInfo>& hpas() const { return objects<HpaInfo>(WatchedKind::HorizontalPodAutoscalers); }
    const QHash<QUuid, PvcInfo>& pvcs() const { return objects<PvcInfo>(WatchedKind::PersistentVolumeClaims); }
    const QHash<QUuid, RuntimeClassInfo>& runtimeClasses() const
    {
        return objects<RuntimeClassInfo>(WatchedKind::RuntimeClasses);
    }
    const QHash<QUuid, ApiServiceInfo>& apiServices() const
    {
        return objects<ApiServiceInfo>(WatchedKind::ApiServices);
    }
    // ConfigMaps of the network namespaces (kube-system, kube-flannel), data decoded only
    // for flannel's and Calico's configuration.
    const QHash<QUuid, NetworkConfigMapInfo>& configMaps() const
    {
        return objects<NetworkConfigMapInfo>(WatchedKind::ConfigMaps);
    }
    const QHash<QUuid, CalicoIpPoolInfo>& ipPools() const
    {
        return objects<CalicoIpPoolInfo>(WatchedKind::CalicoIpPools);
    }
    const QHash<QUuid, CalicoBgpConfigurationInfo>& bgpConfigurations() const
    {
        return objects<CalicoBgpConfigurationInfo>(WatchedKind::CalicoBgpConfigurations);
    }
    const QHash<QUuid, CalicoBgpPeerInfo>& bgpPeers() const
    {
        return objects<CalicoBgpPeerInfo>(WatchedKind::CalicoBgpPeers);
    }
    const QHash<QUuid, CalicoFelixConfigurationInfo>& felixConfigurations() const
    {
        return objects<CalicoFelixConfigurationInfo>(WatchedKind::CalicoFelixConfigurations);
    }
    const QHash<QUuid, CalicoBlockAffinityInfo>& blockAffinities() const
    {
        return objects<CalicoBlockAffinityInfo>(WatchedKind::CalicoBlockAffinities);
    }
    const QHash<QUuid, CalicoNodeStatusInfo>& calicoNodeStatuses() const
    {
        return objects<CalicoNodeStatusInfo>(WatchedKind::CalicoNodeStatuses);
    }
    const MetricsSample& metrics() const { return m_metrics; }

    qsizetype count(WatchedKind kind) const
    {
        const KindTableBase* table = m_tables.at(std::size_t(kind)).get();
        return table ? table->size() : 0;
    }
    qsizetype totalObjects() const;

protected:
    // Made by the first page or chunk of a kind (which knows its projection type), so the
    // store needs no list of kinds and types.
    std::array<std::unique_ptr<KindTableBase>, WatchedKindCount> m_tables;
    MetricsSample m_metrics;
};

// One cluster's watched state, live: the content above, written by reflectors in the GUI thread
// as decoded pages and events arrive, and telling its readers what changed in batches, at most
// once per batch interval (100 ms by default), however fast the cluster churns.
class ClusterStore : public QObject, public StoreContent
{
    Q_OBJECT
public:
    explicit ClusterStore(QObject* parent = nullptr);
    ~ClusterStore() override;

    // A copy of what it holds now, for a reader in another thread.
    StoreContent snapshot() const { return *this; }
    // Items received from list responses so far, relists included: sync progress.
    qint64 listedObjects() const { return m_listed; }

    // Writers (reflectors, the metrics poller); GUI thread only.
    void applyPage(const ListPage& page, QSet<QUuid>& seen);
    void finishList(WatchedKind kind, const QSet<QUuid>& seen, const QString& namespaceScope);
    void applyEvents(const WatchChunk& chunk, qsizetype count);
    void clearKind(WatchedKind kind, const QString& namespaceScope = {});
    void setMetrics(const MetricsSample& sample);
    void clear();

    // The shortest time between two changed() signals (tests shorten or lengthen it).
    void setBatchInterval(int milliseconds);
    int batchInterval() const { return m_timer.interval(); }
    // Sends what is pending now instead of at the end of the interval.
    void flush();

Q_SIGNALS:
    void changed(const minato::fleet::StoreChange& change);

private:
    void touched();
    KindTableBase& tableFor(WatchedKind kind, KindTableMaker make);

    std::array<KindDelta, WatchedKindCount> m_deltas;
    bool m_metricsChanged = false;
    qint64 m_listed = 0;
    QTimer m_timer;
};

} // namespace minato::fleet
