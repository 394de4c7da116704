// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

namespace minato::sim {

// The kubelet's view of one pod: pulling the image, starting the container, readiness,
// crashes with exponential back-off (10 s doubling to 5 m), image pull back-off, and the
// container runtime's errors, each with the events and messages the real kubelet emits.
class PodLifecycle
{
public:
    explicit PodLifecycle(WorldContext& context);

    void schedule(SimPod& pod, int index, PodAction action, qint64 delayMs);
    // A pod bound to a node: ContainerCreating while the sandbox comes up, the image is pulled
    // (unless the node has it) and the containers start, as fast as the runtime allows.
    void beginCreating(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node);
    // A pod that has been running since before the simulation started (with its start latency).
    void settle(SimPod& pod, const SimWorkload& workload, const SimNode& node);
    // A fault was assigned to a running pod; `steady` puts it straight into the state it
    // would have reached long ago (for faults already in force when the world starts).
    void applyFault(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node, bool steady);
    // Runs the pod's pending action. Returns true when the pod's readiness changed.
    bool step(SimPod& pod, int index, const SimWorkload& workload, SimNode& node);
    // The node came back: pick up where the kubelet left off.
    void resume(SimPod& pod, int index);

    static PodFault faultFor(FaultType type); // None for faults that are not about pods
    static QString containerName(const SimWorkload& workload);
    static bool pullsAlways(const SimWorkload& workload); // imagePullPolicy Always (":latest")
    // PodScheduled to startedAt without a pull (volumes excepted), drawn for this pod.
    qint64 startLatency(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const;
    static QString goDuration(qint64 ms); // "40s", "1m20s", "5m0s"
    QString backOffMessage(const SimPod& pod, const SimWorkload& workload) const;
    QString pullError(const SimWorkload& workload, const SimNode& node) const;
    QString createError(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const;
    QString startError(const SimWorkload& workload, const SimNode& node) const;

    static constexpr qint64 MaxBackOffMs = 300000;

private:
    bool startContainer(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node, bool restart);
    void crash(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node);
    void backOff(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node);
    qint64 readinessDelay(const SimPod& pod, const SimWorkload& workload) const;
    qint64 sandboxTime(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const;
    static qint64 volumeTime(const SimWorkload& workload);
    void failPull(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node);
    qint64 runTime(const SimPod& pod) const;
    void event(const SimPod& pod, const SimWorkload& workload, const SimNode& node, bool warning, const QString& reason,
        const QString& message);

    WorldContext& m_context;
};

} // namespace minato::sim
