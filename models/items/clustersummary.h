// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace minato::fleet {
class ClusterStore;
}

namespace minato::items {

// The per-cluster numbers of the fleet overview, a pure function of one ClusterStore, so the
// overview, reports and tests agree on what "failing" or "at max" means.
struct ClusterSummary
{
    int nodesReady = 0;
    int nodesTotal = 0;
    int podsRunning = 0;
    int podsPending = 0; // scheduling, pulling, initialising: not (yet) a problem
    int podsFailing = 0; // CrashLoopBackOff, ErrImagePull, Error, Unknown …
    int podsTotal = 0;
    QString cni; // "Calico (IPIP CrossSubnet)", "flannel (vxlan)", empty when unknown
    QStringList runtimes; // node runtimes with versions, then RuntimeClass handlers
    int hpasTotal = 0;
    int hpasAtMax = 0; // current replicas at maxReplicas
    int hpasUnable = 0; // AbleToScale or ScalingActive False

    bool operator==(const ClusterSummary&) const = default;
};

ClusterSummary summarizeCluster(const fleet::ClusterStore& store);

// A pod's STATUS column read as a bucket: kubectl's words for waiting that is not an error.
enum class PodHealth : quint8
{
    Running,
    Pending,
    Failing,
    Completed
};
PodHealth podHealthFromStatus(QStringView status, bool phasePending);

} // namespace minato::items

Q_DECLARE_METATYPE(minato::items::ClusterSummary)
