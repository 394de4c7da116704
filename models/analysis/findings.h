// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"
#include "analysis/fleetnetwork.h"
#include "analysis/findingoptions.h"
#include "fleet/clusterfacts.h"

#include <QDateTime>
#include <QList>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// Every triage rule over one cluster: a pure function of the context, the store and the
// time, no I/O. Rules by family (each header lists its rule ids and severities):
//   clusterrules    cluster.unreachable, cluster.auth-failed, cluster.misconfigured, cluster.degraded
//   noderules       node.not-ready, node.network-unavailable, node.{memory,disk,pid}-pressure
//   podrules        pod.crash-loop, pod.runtime-error, pod.image-pull, pod.config-error,
//                   pod.oom-killed, pod.pending
//   workloadrules   workload.unavailable
//   hparules        hpa.scaling-inactive, hpa.cannot-scale, hpa.at-max, hpa.flapping
//   apiservicerules apiservice.metrics-unavailable, apiservice.unavailable
//   eventrules      events.warning-burst, events.warning-burst-cluster
//   versionrules    version.kubelet-skew, runtime.dockershim
//   networkrules    network.* (the pod network, and address ranges shared with other clusters)
// When the session is not Syncing, Live or Degraded only the cluster rules run: the store of
// an unreachable cluster is a stale picture. Findings come worst first, then by key; their
// firstSeen is the object's own evidence time where there is one, else `now`.
QList<Finding> evaluateFindings(const fleet::ClusterFacts& context, const fleet::StoreContent& store, const QDateTime& now,
    const FindingOptions& options = {});

// The findings with the rest of the fleet in view (`fleet`: the other clusters' address
// ranges), and this cluster's own ranges for the others' next evaluation.
struct ClusterEvaluation
{
    QList<Finding> findings;
    ClusterAddresses addresses;
};
ClusterEvaluation evaluateCluster(const fleet::ClusterFacts& context, const fleet::StoreContent& store,
    const QDateTime& now, const FindingOptions& options, const FleetAddresses& fleet);

// Worst first, then by key: the order evaluateFindings returns and reports print.
bool findingBefore(const Finding& a, const Finding& b);

} // namespace minato::analysis
