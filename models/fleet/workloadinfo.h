// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"
#include "fleet/podspecsummary.h"

#include <QList>
#include <QMetaType>

namespace minato::fleet {

enum class WorkloadKind : quint8
{
    Unknown,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet
};

// A StatefulSet volumeClaimTemplate.
struct ClaimTemplate
{
    QString name;
    InternedString storageClassName;
    qint64 storageBytes = 0; // resources.requests.storage
    QList<InternedString> accessModes;
};

// Deployments, StatefulSets, DaemonSets and ReplicaSets in one shape, so tables and
// analyses treat "a controller of pods" uniformly. The counts map as follows:
//   desired     spec.replicas (default 1), DaemonSet: status.desiredNumberScheduled
//   current     status.replicas, DaemonSet: currentNumberScheduled
//   ready       readyReplicas, DaemonSet: numberReady
//   available   availableReplicas, DaemonSet: numberAvailable
//   updated     updatedReplicas, DaemonSet: updatedNumberScheduled (ReplicaSet: none, 0)
//   unavailable Deployment: unavailableReplicas, DaemonSet: numberUnavailable,
//               others: max(0, desired - available)
struct WorkloadInfo
{
    ObjectMeta meta; // labels kept
    WorkloadKind kind = WorkloadKind::Unknown;

    qint32 desired = 0;
    qint32 current = 0;
    qint32 ready = 0;
    qint32 available = 0;
    qint32 updated = 0;
    qint32 unavailable = 0;
    qint32 misscheduled = 0; // DaemonSet numberMisscheduled
    qint64 observedGeneration = 0;
    qint32 revision = 0; // deployment.kubernetes.io/revision (Deployments and their ReplicaSets)

    bool paused = false; // Deployment spec.paused
    InternedString strategy; // RollingUpdate, Recreate, OnDelete
    QString serviceName; // StatefulSet
    QString currentRevision; // StatefulSet: differs from updateRevision during a rollout
    QString updateRevision;

    DetailedCondition availableCondition; // Deployment Available: MinimumReplicasAvailable …
    DetailedCondition progressing; // Deployment Progressing: NewReplicaSetAvailable, ProgressDeadlineExceeded
    DetailedCondition replicaFailure; // ReplicaFailure (Deployment, ReplicaSet): FailedCreate

    LabelSet selector; // spec.selector.matchLabels
    bool selectorHasExpressions = false; // matchExpressions present: `selector` alone is not the whole story

    PodTemplateSummary podTemplate;
    QList<ClaimTemplate> claimTemplates; // StatefulSet volumeClaimTemplates

    // The status lags the spec: the controller has not yet seen the latest change.
    bool isObservedStale() const { return observedGeneration < meta.generation; }
};

QString workloadKindName(WorkloadKind kind);

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::WorkloadInfo)
