// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QList>

namespace minato::changes {

// What a drain plan is computed from, as fetched: the node's pods (GET pods with
// fieldSelector=spec.nodeName=NODE, full objects) and the cluster's PodDisruptionBudgets with
// their status (each carrying its apiVersion, since list items do not).
struct DrainInputs
{
    QList<QJsonObject> pods;
    QList<QJsonObject> podDisruptionBudgets;
    bool budgetsKnown = true; // false: the cluster serves no policy group or its list failed
};

// kubectl drain as a plan: the cordon patch (the Change's patch and `after`), plus a DrainPlan
// document listing what `kubectl drain --ignore-daemonsets` would evict and what it would skip,
// following kubectl's filters (k8s.io/kubectl/pkg/drain/filters.go) in their order:
//  - DaemonSet-managed pods are skipped (their controller ignores unschedulable), unless finished;
//  - mirror pods (annotation kubernetes.io/config.mirror) are skipped: the API cannot evict them;
//  - pods with an emptyDir volume are flagged: kubectl needs --delete-emptydir-data, data is lost;
//  - pods without a controller are flagged: kubectl needs --force, nothing recreates them.
// Each eviction is checked against the PodDisruptionBudgets selecting the pod, spending their
// status.disruptionsAllowed in pod order: an eviction past the budget would be answered 429 and
// retried, one with more than one budget is refused by the API server. Pods the eviction API
// lets past budgets (finished, Pending, already terminating; not Ready under
// unhealthyPodEvictionPolicy AlwaysAllow) spend nothing.
Expected<Change> drainPlanChange(const QString& cluster, const QJsonObject& node, const DrainInputs& inputs);

} // namespace minato::changes
