// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/idgenerator.h"
#include "sim/scenario.h"

namespace minato::sim {

// How long the kubelet and the container runtime take to start a pod whose image is on the
// node: from PodScheduled to the containers' startedAt. It depends on who builds the sandbox:
// runc under containerd is quickest, CRI-O a little slower, Docker (dockershim or cri-dockerd)
// slower again, gVisor (runsc) boots a user-space kernel and Kata a micro-VM. Each start is
// drawn from a lognormal around the median (long tail, deterministic per pod).
class StartLatency
{
public:
    // The defaults: containerd 1 s, CRI-O 1.3 s, Docker 2 s; runsc 2.5 s, kata* 4 s.
    static StartLatencySpec defaultFor(ContainerRuntime runtime);
    // For a sandboxing handler (kata*, runsc, gvisor); unset for runc, crun and the like.
    static StartLatencySpec defaultForHandler(const QString& handler);
    // What applies to a pod of `workload` on a node of `group`: its RuntimeClass's startLatency,
    // else the handler's default, else the node group's startLatency, else the runtime's default.
    static StartLatencySpec resolve(
        const ClusterSpec& cluster, const WorkloadSpec& workload, const NodeGroupSpec& group);
    // One start, in ms: median · e^(sigma·z), z standard normal from `key`, clamped to [-2.5, 3.5].
    static qint64 sample(const StartLatencySpec& latency, const IdGenerator& ids, quint64 key);
    // The part of a start spent on the sandbox (PodReadyToStartContainers); the rest creates
    // and starts the containers. A VM or a user-space kernel is most of a sandboxed start.
    static double sandboxShare(const ClusterSpec& cluster, const WorkloadSpec& workload);
    static QString handlerOf(const ClusterSpec& cluster, const WorkloadSpec& workload); // "runc" without a class
};

} // namespace minato::sim
