// SPDX-License-Identifier: Apache-2.0
#include "watchedkind.h"

namespace minato::fleet {

namespace {

KindSpec spec(WatchedKind kind, const char* plural, QList<KindSource> sources, bool namespaced,
    QStringList namespaces = {}, bool optional = false)
{
    return KindSpec { kind, QString::fromLatin1(plural), std::move(sources), namespaced, std::move(namespaces),
        optional };
}

KindSource source(const char* group, std::initializer_list<const char*> versions)
{
    KindSource out { QString::fromLatin1(group), {} };
    for (const char* version : versions)
        out.versions << QString::fromLatin1(version);
    return out;
}

QList<KindSpec> buildSpecs()
{
    const KindSource core = source("", { "v1" });
    const KindSource apps = source("apps", { "v1" });
    const KindSource calico = source("crd.projectcalico.org", { "v1" });
    // flannel's kube-flannel-cfg lives in kube-flannel (kube-system in older manifests), Calico's
    // calico-config and canal's canal-config in kube-system.
    const QStringList networkNamespaces { QStringLiteral("kube-system"), QStringLiteral("kube-flannel") };
    return {
        spec(WatchedKind::Namespaces, "namespaces", { core }, false),
        spec(WatchedKind::Nodes, "nodes", { core }, false),
        spec(WatchedKind::Pods, "pods", { core }, true),
        spec(WatchedKind::Deployments, "deployments", { apps }, true),
        spec(WatchedKind::StatefulSets, "statefulsets", { apps }, true),
        spec(WatchedKind::DaemonSets, "daemonsets", { apps }, true),
        spec(WatchedKind::ReplicaSets, "replicasets", { apps }, true),
        // events.k8s.io/v1 carries the same events with the newer field names; either decodes.
        spec(WatchedKind::Events, "events", { source("events.k8s.io", { "v1" }), core }, true),
        spec(WatchedKind::HorizontalPodAutoscalers, "horizontalpodautoscalers",
            { source("autoscaling", { "v2", "v2beta2", "v2beta1", "v1" }) }, true),
        spec(WatchedKind::PersistentVolumeClaims, "persistentvolumeclaims", { core }, true),
        spec(WatchedKind::RuntimeClasses, "runtimeclasses", { source("node.k8s.io", { "v1" }) }, false, {}, true),
        spec(WatchedKind::ApiServices, "apiservices", { source("apiregistration.k8s.io", { "v1" }) }, false),
        spec(WatchedKind::ConfigMaps, "configmaps", { core }, true, networkNamespaces),
        spec(WatchedKind::CalicoIpPools, "ippools", { calico }, false, {}, true),
        spec(WatchedKind::CalicoBgpConfigurations, "bgpconfigurations", { calico }, false, {}, true),
        spec(WatchedKind::CalicoBgpPeers, "bgppeers", { calico }, false, {}, true),
        spec(WatchedKind::CalicoFelixConfigurations, "felixconfigurations", { calico }, false, {}, true),
        spec(WatchedKind::CalicoBlockAffinities, "blockaffinities", { calico }, false, {}, true),
        spec(WatchedKind::CalicoNodeStatuses, "caliconodestatuses", { calico }, false, {}, true),
    };
}

} // namespace

const QList<KindSpec>& watchedKindSpecs()
{
    static const QList<KindSpec> specs = buildSpecs();
    return specs;
}

const KindSpec& kindSpec(WatchedKind kind)
{
    return watchedKindSpecs().at(int(kind));
}

QString watchedKindName(WatchedKind kind)
{
    return kindSpec(kind).plural;
}

QList<WatchedKind> allWatchedKinds()
{
    QList<WatchedKind> kinds;
    for (int i = 0; i < WatchedKindCount; ++i)
        kinds << WatchedKind(i);
    return kinds;
}

} // namespace minato::fleet
