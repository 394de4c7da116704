// SPDX-License-Identifier: Apache-2.0
// No include guard: an X-macro list, included with MINATO_KIND defined.
//
// Every kind a ClusterStore can hold, as MINATO_KIND(enumerator, plural resource name). The
// rest of a kind (where it is served, its projection, decoder, columns, row and operations)
// is its descriptor in models/kinds/, found by the name describe<enumerator>(). Adding a kind:
// one line here, one descriptor, one line in models/kinds/CMakeLists.txt.

MINATO_KIND(Namespaces, namespaces)
MINATO_KIND(Nodes, nodes)
MINATO_KIND(Pods, pods)
MINATO_KIND(Deployments, deployments)
MINATO_KIND(StatefulSets, statefulsets)
MINATO_KIND(DaemonSets, daemonsets)
MINATO_KIND(ReplicaSets, replicasets)
MINATO_KIND(Events, events)
MINATO_KIND(HorizontalPodAutoscalers, horizontalpodautoscalers)
MINATO_KIND(PersistentVolumeClaims, persistentvolumeclaims)
MINATO_KIND(RuntimeClasses, runtimeclasses)
MINATO_KIND(ApiServices, apiservices)
MINATO_KIND(ConfigMaps, configmaps)
MINATO_KIND(CalicoIpPools, ippools)
MINATO_KIND(CalicoBgpConfigurations, bgpconfigurations)
MINATO_KIND(CalicoBgpPeers, bgppeers)
MINATO_KIND(CalicoFelixConfigurations, felixconfigurations)
MINATO_KIND(CalicoBlockAffinities, blockaffinities)
MINATO_KIND(CalicoNodeStatuses, caliconodestatuses)
MINATO_KIND(Leases, leases)
