// SPDX-License-Identifier: Apache-2.0
#include "kindfactory.h"

#include "fleet/kinddecoder.h"

namespace minato::fleet {

namespace {

// Calls f with a null pointer of the kind's projection type, so both factories share one switch.
template <typename F> auto withProjectionType(WatchedKind kind, F&& f)
{
    switch (kind) {
    case WatchedKind::Namespaces:
        return f(static_cast<NamespaceInfo*>(nullptr));
    case WatchedKind::Nodes:
        return f(static_cast<NodeInfo*>(nullptr));
    case WatchedKind::Pods:
        return f(static_cast<PodInfo*>(nullptr));
    case WatchedKind::Deployments:
    case WatchedKind::StatefulSets:
    case WatchedKind::DaemonSets:
    case WatchedKind::ReplicaSets:
        return f(static_cast<WorkloadInfo*>(nullptr));
    case WatchedKind::Events:
        return f(static_cast<EventInfo*>(nullptr));
    case WatchedKind::HorizontalPodAutoscalers:
        return f(static_cast<HpaInfo*>(nullptr));
    case WatchedKind::PersistentVolumeClaims:
        return f(static_cast<PvcInfo*>(nullptr));
    case WatchedKind::RuntimeClasses:
        return f(static_cast<RuntimeClassInfo*>(nullptr));
    case WatchedKind::ApiServices:
        return f(static_cast<ApiServiceInfo*>(nullptr));
    case WatchedKind::ConfigMaps:
        return f(static_cast<NetworkConfigMapInfo*>(nullptr));
    case WatchedKind::CalicoIpPools:
        return f(static_cast<CalicoIpPoolInfo*>(nullptr));
    case WatchedKind::CalicoBgpConfigurations:
        return f(static_cast<CalicoBgpConfigurationInfo*>(nullptr));
    case WatchedKind::CalicoBgpPeers:
        return f(static_cast<CalicoBgpPeerInfo*>(nullptr));
    case WatchedKind::CalicoFelixConfigurations:
        return f(static_cast<CalicoFelixConfigurationInfo*>(nullptr));
    case WatchedKind::CalicoBlockAffinities:
        return f(static_cast<CalicoBlockAffinityInfo*>(nullptr));
    case WatchedKind::CalicoNodeStatuses:
        return f(static_cast<CalicoNodeStatusInfo*>(nullptr));
    }
    Q_UNREACHABLE();
}

} // namespace

std::unique_ptr<KindTableBase> KindFactory::makeTable(WatchedKind kind)
{
    return withProjectionType(kind,
        [kind]<typename T>(T*) -> std::unique_ptr<KindTableBase> { return std::make_unique<KindTable<T>>(kind); });
}

std::shared_ptr<kube::PayloadDecoder> KindFactory::makeDecoder(
    WatchedKind kind, const std::shared_ptr<ProjectionDecoder>& decoder)
{
    return withProjectionType(kind, [kind, &decoder]<typename T>(T*) -> std::shared_ptr<kube::PayloadDecoder> {
        return std::make_shared<KindDecoder<T>>(kind, decoder);
    });
}

} // namespace minato::fleet
