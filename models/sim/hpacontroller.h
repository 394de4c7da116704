// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"

#include <QList>
#include <QPair>
#include <QString>

#include <deque>

namespace minato::sim {

// What the world measured for one of an HPA's metrics at a sync.
struct HpaMetricSample
{
    bool available = true;
    QString failureReason; // FailedGetResourceMetric, FailedGetPodsMetric, FailedGetExternalMetric
    QString failureMessage; // the error, e.g. "failed to get cpu utilization: …"
    int readyPods = 0; // pods with a usable metric
    int unreadyPods = 0; // pods still starting (no running container yet)
    int missingPods = 0; // running pods without a metric (not ready, crashing)
    double average = 0; // per ready pod: utilization percent, or the metric's average value
    double averageRaw = 0; // Utilization only: the raw average usage (cores, bytes)
    double value = 0; // External: the metric's value
};

struct HpaCondition
{
    QString status; // True, False; empty: not set yet
    QString reason;
    QString message;
};

struct HpaCurrentMetric
{
    bool valid = false;
    int averageUtilization = 0;
    double averageValue = 0;
    double value = 0;
};

struct HpaDecision
{
    int currentReplicas = 0;
    int desiredReplicas = 0;
    bool rescale = false;
    QString rescaleReason; // for SuccessfulRescale: "cpu resource utilization (percentage of request) above target"
    HpaCondition ableToScale;
    HpaCondition scalingActive;
    HpaCondition scalingLimited; // left empty when this sync does not decide it
    QList<QPair<QString, QString>> warnings; // events: reason, message
    QList<HpaCurrentMetric> currentMetrics; // one per spec metric
};

// The horizontal-pod-autoscaler controller's arithmetic for one HPA, following
// pkg/controller/podautoscaler: per-metric proposals (desired = ceil(current × metric / target)
// with a 10% tolerance and the unready/missing-pod corrections), the largest proposal wins,
// then stabilization windows and scaling policies (behavior), then min/max bounds.
class HpaController
{
public:
    explicit HpaController(const HpaSpec& spec);

    // One sync. `previousDesired` is status.desiredReplicas (kept when every metric fails).
    HpaDecision sync(qint64 nowMs, int currentReplicas, int previousDesired, const QList<HpaMetricSample>& samples);

    static constexpr double Tolerance = 0.1;
    // ceil(currentReplicas × usageRatio), or currentReplicas within the tolerance band.
    static int replicasForRatio(int currentReplicas, double usageRatio, double tolerance = Tolerance);
    // The replica calculator with pod readiness: unready pods count as 0% when scaling up,
    // missing pods as 100% when scaling down (0% when scaling up).
    static int replicasForPods(
        int currentReplicas, double usageRatio, int ready, int unready, int missing, double tolerance = Tolerance);
    static QString metricName(const MetricSpec& metric); // as the controller names it in messages
    static ScalingRulesSpec effectiveRules(const ScalingRulesSpec& rules, bool scaleUp);

private:
    struct Proposal
    {
        bool valid = false;
        int replicas = 0;
        HpaCurrentMetric current;
    };
    Proposal propose(const MetricSpec& metric, const HpaMetricSample& sample, int currentReplicas) const;
    int normalize(qint64 nowMs, int currentReplicas, int desired, HpaDecision& decision);
    int scaleUpLimit(qint64 nowMs, int currentReplicas) const;
    int scaleDownLimit(qint64 nowMs, int currentReplicas) const;
    int changedWithin(qint64 nowMs, int periodSeconds, bool up) const;

    struct Recommendation
    {
        qint64 atMs;
        int replicas;
    };
    struct ScaleEvent
    {
        qint64 atMs;
        int change;
        bool up;
    };
    HpaSpec m_spec;
    ScalingRulesSpec m_up;
    ScalingRulesSpec m_down;
    std::deque<Recommendation> m_recommendations;
    std::deque<ScaleEvent> m_events;
    bool m_initialized = false;
};

} // namespace minato::sim
