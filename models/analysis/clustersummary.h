// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/cnisummary.h"
#include "fleet/clusterfacts.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

class PodTally;

// One cluster at a glance, as `minato report` prints it and the overview shows it: a pure
// function of the cluster's facts and its store, tested on fixture stores.
struct ClusterSummary
{
    struct FailingPod
    {
        QString nameSpace;
        QString name;
        QString reason; // the STATUS column: CrashLoopBackOff, ImagePullBackOff, Unschedulable …
        QString node;
        quint32 restarts = 0;
        bool operator==(const FailingPod&) const = default;
    };
    struct Runtime
    {
        QString name; // containerd, cri-o, docker
        QString version;
        int nodes = 0;
        bool operator==(const Runtime&) const = default;
    };
    struct Hpas
    {
        int total = 0;
        int atMax = 0; // current replicas at maxReplicas: demand beyond what it may scale to
        int unableToScale = 0; // AbleToScale or ScalingActive False (other than ScalingDisabled)
        QStringList problems; // "shop/web: FailedGetResourceMetric", one per HPA unable to scale
        bool operator==(const Hpas&) const = default;
    };
    // Triage findings by severity. Computed above this layer (models/analysis), so it is
    // absent unless the caller filled it in.
    struct FindingCounts
    {
        int critical = 0;
        int warning = 0;
        int info = 0;
        int total() const { return critical + warning + info; }
        bool operator==(const FindingCounts&) const = default;
    };
    struct MetricsApi
    {
        QString name; // "metrics.k8s.io"
        QString status; // "Available", "Unavailable (MissingEndpoints)", "absent"
        bool operator==(const MetricsApi&) const = default;
    };

    QString name;
    QString team;
    QString environment;
    QString server;
    fleet::SessionStatus status;
    QString version; // gitVersion

    int nodesReady = 0;
    int nodesTotal = 0;
    int podsTotal = 0;
    QMap<QString, int> podsByPhase; // Running, Pending, Succeeded, Failed, Unknown (only those present)
    // The overview's buckets: phase Running or Pending and not failing (a crash-looping pod
    // is Running by phase), so running + pending + failing never counts a pod twice.
    int podsRunning = 0;
    int podsPending = 0;
    QList<FailingPod> failingPods; // sorted by namespace/name
    QMap<QString, int> failingByReason;
    CniSummary cni;
    QList<Runtime> runtimes; // most nodes first
    QStringList runtimeHandlers; // RuntimeClass handlers (runsc, kata …), sorted
    Hpas hpas;
    QList<MetricsApi> metricsApis; // metrics, custom.metrics, external.metrics
    QStringList forbidden; // kinds RBAC hides from us
    int warnings = 0; // malformed watch lines and the like, since connecting
    std::optional<FindingCounts> findings;

    bool isLive() const { return status.state == fleet::SessionState::Live; }
    int podsFailing() const { return int(failingPods.size()); }
    // "containerd 1.7.2 ×3, docker 20.10.7 ×1": the runtimes cell of a table.
    QString runtimesText() const;

    bool operator==(const ClusterSummary&) const = default;

    static ClusterSummary compute(const fleet::ClusterFacts& cluster, const fleet::StoreContent& store);
    // The same with the pods already tallied (the overview keeps one tally per cluster current
    // from change batches, so a summary costs the cluster's nodes and HPAs, not its pods).
    static ClusterSummary compute(
        const fleet::ClusterFacts& cluster, const fleet::StoreContent& store, const PodTally& pods);
};

} // namespace minato::analysis
