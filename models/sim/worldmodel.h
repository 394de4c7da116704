// SPDX-License-Identifier: Apache-2.0
#pragma once

// The compact state the world keeps per node, workload and pod. JSON is built from these
// only when something changed, so a cluster of thousands of pods costs little between changes.

#include "sim/cidr.h"
#include "sim/scenario.h"

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace minato::sim {

struct SimNode
{
    QString name;
    QString uid;
    int group = 0;
    int indexInGroup = 0;
    QString zone;
    QString rack;
    quint32 ip = 0;
    Cidr subnet; // the node's own network (CrossSubnet decisions, IPv4Address annotation)
    Cidr podCidr; // spec.podCIDR (flannel subnet / kube-controller-manager allocation)
    Cidr block; // Calico: the affine IPAM block
    int pool = -1; // Calico: the IP pool of the block
    qint64 createdMs = 0;
    bool controlPlane = false;
    bool routeReflector = false;
    ContainerRuntime runtime = ContainerRuntime::Containerd;
    QString runtimeVersion;
    QString kubeletVersion;
    QString osImage;
    QString kernelVersion;
    QString architecture;
    QStringList handlers;
    QMap<QString, QString> labels; // complete label set
    double cpu = 0; // cores
    double memory = 0; // bytes
    int maxPods = 110;
    // Condition counters: overlapping faults keep a condition until the last one ends.
    int notReady = 0;
    int memoryPressure = 0;
    int diskPressure = 0;
    int pidPressure = 0;
    qint64 readyChangedMs = 0;
    qint64 memoryChangedMs = 0;
    qint64 diskChangedMs = 0;
    qint64 pidChangedMs = 0;
    quint32 evictionGeneration = 0;
    // node-problem-detector: runs here (its conditions are written), and the runtime health checker
    bool problemDetector = false;
    int runtimeUnhealthy = 0;
    qint64 runtimeHealthChangedMs = 0;
    QString runtimeUnhealthyReason;
    QString runtimeUnhealthyMessage;
    QSet<QString> images; // pulled already: new pods of these images start without a pull
    int pods = 0; // scheduled, not terminating
    int nextPodIp = 0;
    bool dirty = false;
};

enum class PodStage : quint8
{
    Unschedulable, // Pending, no node fits
    Scheduling, // a node is chosen, the binding is not written yet (no conditions, no nodeName)
    Creating, // ContainerCreating (pulling the image)
    Running,
    CrashBackOff, // waiting CrashLoopBackOff after the container exited
    ErrImagePull,
    ImagePullBackOff,
    CreateError, // CreateContainerError
    RunError, // RunContainerError
};

// What a pod's pending timer will do when it fires.
enum class PodAction : quint8
{
    None,
    Schedule, // write the binding: PodScheduled True, the kubelet takes over
    Sandbox, // the pod sandbox is up (PodReadyToStartContainers); pull the image if needed
    Start,
    Ready,
    Crash,
    BackOff,
    Restart,
    PullRetry,
    CreateRetry
};

enum class PodFault : quint8
{
    None,
    CrashLoop,
    OOMKilled,
    ImagePull,
    CreateContainer,
    RunContainer
};
enum class LastExit : quint8
{
    None,
    Error,
    OOMKilled,
    StartError
};

struct SimPod
{
    QString name;
    QString uid;
    int workload = -1;
    int node = -1;
    int ordinal = -1; // StatefulSet ordinal
    quint32 ip = 0;
    qint64 createdMs = 0;
    qint64 scheduledMs = 0;
    qint64 startedMs = 0; // the current container's start
    qint64 readyChangedMs = 0;
    qint64 sandboxReadyMs = -1; // PodReadyToStartContainers True since; -1: not yet
    qint64 deletedMs = -1; // deletionTimestamp; -1 while the pod lives
    qint64 waitingSinceMs = 0;
    qint64 lastStartedMs = 0; // lastState.terminated
    qint64 lastFinishedMs = 0;
    qint64 backoffMs = 0;
    qint32 pullTookMs = -1; // the image pull before the first start; -1: the image was present
    quint32 incarnation = 0; // tells a slot's pods apart (pod churn timers)
    int restartCount = 0;
    quint32 containerSequence = 0; // a new container id per restart
    quint32 generation = 0; // invalidates this pod's pending timers
    quint16 backoffLevel = 0;
    PodStage stage = PodStage::Creating;
    PodAction next = PodAction::None;
    PodFault fault = PodFault::None;
    LastExit lastExit = LastExit::None;
    bool ready = false;
    bool probeFailing = false; // readiness probe fails (metrics-server outage)
    bool nodeLost = false; // the node stopped reporting: Ready=False set by the node controller
    bool live = false; // slot in use
    bool dirty = false;
};

struct SimWorkload
{
    WorkloadSpec spec;
    bool system = false;
    QString uid;
    QMap<QString, QString> selector;
    QString templateHash; // Deployment: pod-template-hash; StatefulSet/DaemonSet: controller revision
    QString replicaSetName;
    QString replicaSetUid;
    qint64 createdMs = 0;
    int desired = 0;
    int generation = 1;
    QList<int> pods;
    double cpuRequest = 0; // cores per pod, 0 = none
    double memoryRequest = 0; // bytes per pod, 0 = none
    double cpuLimit = 0;
    double memoryLimit = 0;
    double cpuPerPod = 0; // current usage of a ready pod
    double memoryPerPod = 0;
    int hpa = -1;
    QString serviceIp;
    QString serviceUid;
    // Pod faults in force: how many pods they affect (0 = all) and which fault.
    PodFault fault = PodFault::None;
    int faultPods = 0;
    QString faultMessage;
    qint64 availableChangedMs = 0;
    qint64 progressingChangedMs = 0;
    qint64 progressingUpdatedMs = 0;
    bool available = true;
    QString progressReason = QStringLiteral("NewReplicaSetAvailable");
    quint64 podCounter = 0; // names new pods deterministically
    bool dirty = false;
    bool replicaSetDirty = false;
};

} // namespace minato::sim
