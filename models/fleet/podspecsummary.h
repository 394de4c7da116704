// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/internedstring.h"

#include <QFlags>
#include <QList>

namespace minato::fleet {

// Facts about a pod spec that migration planning and findings ask about, shared by PodInfo
// and the pod templates of workloads. "All containers" means the app containers plus
// restartable init containers (sidecars), the ones that run for the pod's lifetime.
enum class PodSpecFlag : quint16
{
    HostNetwork = 0x1,
    HostPID = 0x2,
    HostIPC = 0x4,
    Privileged = 0x8, // some container (init included) runs privileged
    HostPathVolume = 0x10,
    PersistentVolumeClaim = 0x20,
    AllRequestsSet = 0x40, // every container requests both cpu and memory
    AllLimitsSet = 0x80, // every container limits both cpu and memory
    AllMemoryLimitsSet = 0x100,
    AllLivenessProbes = 0x200,
    AllReadinessProbes = 0x400,
    AnyStartupProbe = 0x800,
    InitContainers = 0x1000,
    Sidecars = 0x2000, // restartable init containers (restartPolicy: Always)
};
Q_DECLARE_FLAGS(PodSpecFlags, PodSpecFlag)
Q_DECLARE_OPERATORS_FOR_FLAGS(PodSpecFlags)

// Sums over the long-running containers (see above), in millicores and bytes. Init
// containers do not add up (they run one at a time) and are left out.
struct ResourceTotals
{
    qint64 cpuRequestMilli = 0;
    qint64 memoryRequestBytes = 0;
    qint64 cpuLimitMilli = 0;
    qint64 memoryLimitBytes = 0;
};

// The pod template of a Deployment, StatefulSet, DaemonSet or ReplicaSet, summarised.
struct PodTemplateSummary
{
    QList<InternedString> containerNames;
    QList<InternedString> images; // app containers then sidecars, in spec order
    QList<InternedString> initImages; // non-restartable init containers
    QList<InternedString> pvcClaims; // volumes[].persistentVolumeClaim.claimName
    InternedString runtimeClassName;
    InternedString serviceAccountName;
    InternedString priorityClassName;
    ResourceTotals resources;
    PodSpecFlags flags;
    quint16 tolerationCount = 0;
    quint16 nodeSelectorCount = 0;
    bool hasAffinity = false;
};

} // namespace minato::fleet
