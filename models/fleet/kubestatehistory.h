// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/prometheusdecoder.h"
#include "history/hpatimeline.h"

#include <array>

namespace minato::fleet {

// The kube-state-metrics v2 families an HPA backfill reads, one range query each.
enum class KubeStateSeries : quint8
{
    CurrentReplicas,
    DesiredReplicas,
    MinReplicas,
    MaxReplicas,
    Condition,
    TargetMetric,
};
inline constexpr int KubeStateSeriesCount = 6;

// Turns the six range queries of one cluster into HPA timelines: replica counts and metric
// targets merged per HPA and timestamp (a range query evaluates every series at the same
// steps), condition flips and min/max changes as marks. kube-state-metrics exports no current
// metric value, so metricCurrent is NaN throughout. Pure, no I/O.
class KubeStateHistory
{
public:
    using Matrices = std::array<PrometheusMatrix, KubeStateSeriesCount>; // indexed by KubeStateSeries

    // "kube_horizontalpodautoscaler_status_current_replicas" …
    static QString metricName(KubeStateSeries series);
    // metric_name/metric_target_type as a column label: "cpu utilization %", "queue_depth value".
    static QString metricLabel(const QString& metricName, const QString& targetType);
    // One timeline per HPA (namespace, horizontalpodautoscaler labels), sorted by namespace and
    // name; series without those labels are ignored, and when several series name one HPA (two
    // scrape jobs, say) the first one wins.
    static QList<history::HpaTimeline> timelines(const QString& cluster, const Matrices& matrices);
};

} // namespace minato::fleet
