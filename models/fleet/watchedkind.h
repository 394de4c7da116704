// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace minato::fleet {

// Every kind a cluster session keeps in its ClusterStore, listed and watched by a Reflector.
enum class WatchedKind : quint8
{
    Namespaces,
    Nodes,
    Pods,
    Deployments,
    StatefulSets,
    DaemonSets,
    ReplicaSets,
    Events,
    HorizontalPodAutoscalers,
    PersistentVolumeClaims,
    RuntimeClasses,
    ApiServices,
    ConfigMaps, // only the namespaces network configuration lives in
    CalicoIpPools,
    CalicoBgpConfigurations,
    CalicoBgpPeers,
    CalicoFelixConfigurations,
    CalicoBlockAffinities,
    CalicoNodeStatuses,
};
inline constexpr int WatchedKindCount = int(WatchedKind::CalicoNodeStatuses) + 1;

// Where a kind can be read from: a group and its acceptable versions, newest first.
struct KindSource
{
    QString group; // "" is the core group
    QStringList versions;
};

// How to find and list one kind. Sources are tried in order; the first one discovery shows
// serving the resource wins (events.k8s.io/v1 before core/v1 Events).
struct KindSpec
{
    WatchedKind kind = WatchedKind::Pods;
    QString plural; // the resource name, the same in every source
    QList<KindSource> sources;
    bool namespaced = true;
    // Listed only in these namespaces (one reflector each); empty: cluster-wide.
    QStringList namespaces;
    // Normal to be missing (Calico's CRDs on a flannel cluster): absence is not a problem.
    bool optional = false;
};

// The plural resource name people know the kind by: "pods", "horizontalpodautoscalers", "ippools".
QString watchedKindName(WatchedKind kind);
// Every kind, in WatchedKind order.
const QList<KindSpec>& watchedKindSpecs();
const KindSpec& kindSpec(WatchedKind kind);
QList<WatchedKind> allWatchedKinds();

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::WatchedKind)
