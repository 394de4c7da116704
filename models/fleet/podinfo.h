// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"
#include "fleet/podspecsummary.h"
#include "util/ipaddress.h"

#include <QExplicitlySharedDataPointer>
#include <QList>
#include <QMetaType>
#include <QSharedData>

namespace minato::fleet {

enum class PodPhase : quint8
{
    Unknown,
    Pending,
    Running,
    Succeeded,
    Failed
};
enum class QosClass : quint8
{
    Unknown,
    BestEffort,
    Burstable,
    Guaranteed
};
enum class ContainerState : quint8
{
    Unknown,
    Waiting,
    Running,
    Terminated
};

// One container's status, app containers first, then init containers (flagged).
struct ContainerInfo
{
    enum Flag : quint8
    {
        Ready = 0x1,
        Started = 0x2,
        Init = 0x4,
        Sidecar = 0x8, // restartable init container
    };

    InternedString name;
    InternedString image; // from the spec (what was asked for), not the resolved digest
    InternedString reason; // waiting reason, or terminated reason ("CrashLoopBackOff", "OOMKilled")
    InternedString lastTerminationReason; // lastState.terminated.reason: "OOMKilled", "Error" …
    qint32 exitCode = 0; // when terminated
    qint32 lastExitCode = 0; // of lastState.terminated
    quint32 restartCount = 0;
    ContainerState state = ContainerState::Unknown;
    quint8 flags = 0;

    bool isReady() const { return flags & Ready; }
    bool isInit() const { return flags & Init; }
};

// What a pod shares with its siblings: the pods of a healthy ReplicaSet have equal
// containers (names, images, states, restart counts), volumes and requests, so the decoder
// interns this part in the cluster's StringPool and they all point at one copy. A pod whose
// containers differ (a restart, a crash loop) gets a shape of its own.
struct PodShape : QSharedData
{
    QList<ContainerInfo> containers; // app containers, then init containers
    QList<InternedString> pvcNames;
    InternedString runtimeClassName;
    ResourceTotals resources;
    PodSpecFlags specFlags;
};

// How the pod started, in seconds after PodScheduled turned True (-1: not known): the
// Initialized and ContainersReady transitions and the earliest startedAt of an app container
// that never restarted (a restart overwrites the first start, so such pods are not measured).
struct PodStartOffsets
{
    qint32 initializedAfter = -1;
    qint32 startedAfter = -1;
    qint32 readyAfter = -1;
};

struct PodInfo
{
    ObjectMeta meta; // labels kept: selectors and grouping need them

    InternedString nodeName;
    // The STATUS column of `kubectl get pods`, computed with kubectl's printer rules:
    // "Running", "CrashLoopBackOff", "Init:0/1", "Init:ErrImagePull", "Terminating",
    // "Completed", "OOMKilled", "ExitCode:1", "Unknown" (NodeLost while deleting) …
    InternedString status;
    QExplicitlySharedDataPointer<const PodShape> shape; // never null after decoding

    ConditionInfo scheduled; // PodScheduled: reason "Unschedulable", "SchedulingGated"
    ConditionInfo ready; // Ready: reason "ContainersNotReady", "PodCompleted"
    qint64 startTime = 0;
    qint64 lastRestartTime = 0; // newest lastState.terminated.finishedAt kubectl counts
    PodStartOffsets start; // after scheduled.lastTransitionTime

    quint32 restarts = 0; // the RESTARTS column (kubectl's counting)
    quint16 readyContainers = 0; // READY column numerator
    quint16 totalContainers = 0; // READY column denominator (app containers + sidecars)
    IpAddress podIP; // status.podIP (or podIPs[0])
    PodPhase phase = PodPhase::Unknown;
    QosClass qosClass = QosClass::Unknown;

    const QList<ContainerInfo>& containers() const { return shapeOrEmpty().containers; }
    const QList<InternedString>& pvcNames() const { return shapeOrEmpty().pvcNames; }
    const InternedString& runtimeClassName() const { return shapeOrEmpty().runtimeClassName; }
    const ResourceTotals& resources() const { return shapeOrEmpty().resources; }
    PodSpecFlags specFlags() const { return shapeOrEmpty().specFlags; }
    bool isHostNetwork() const { return specFlags().testFlag(PodSpecFlag::HostNetwork); }
    QString readyText() const
    {
        return QString::number(readyContainers) + QLatin1Char('/') + QString::number(totalContainers);
    }

private:
    const PodShape& shapeOrEmpty() const { return shape ? *shape : emptyShape(); }
    static const PodShape& emptyShape();
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::PodInfo)
