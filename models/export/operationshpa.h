// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "fleet/hpainfo.h"
#include "util/expected.h"

#include <QJsonObject>

#include <optional>

namespace minato::changes {

// A new target for spec.metrics[index], in the unit Minato's history records it: percent of
// requests for Utilization, the quantity in base units (cores, bytes, a count) for AverageValue
// and Value. The metric keeps its target type.
struct HpaMetricTarget
{
    qsizetype index = 0;
    double value = 0;
    bool operator==(const HpaMetricTarget&) const = default;
};

// What to change in spec.behavior.scaleUp or .scaleDown (autoscaling/v2beta2 and v2 only).
struct HpaRulesTuning
{
    std::optional<int> stabilizationSeconds;
    std::optional<QString> selectPolicy; // Max, Min, Disabled
    std::optional<QList<fleet::HpaScalingPolicy>> policies; // the whole list (it is atomic)

    bool isEmpty() const { return !stabilizationSeconds && !selectPolicy && !policies; }
};

// What to change on a HorizontalPodAutoscaler; unset fields stay as they are.
struct HpaTuning
{
    std::optional<int> minReplicas;
    std::optional<int> maxReplicas;
    std::optional<int> cpuUtilization; // average utilization target, percent of requests
    std::optional<int> memoryUtilization; // autoscaling/v2beta1 and newer only
    QList<HpaMetricTarget> metricTargets; // by position in spec.metrics
    HpaRulesTuning scaleUp;
    HpaRulesTuning scaleDown;

    bool isEmpty() const
    {
        return !minReplicas && !maxReplicas && !cpuUtilization && !memoryUtilization && metricTargets.isEmpty()
            && scaleUp.isEmpty() && scaleDown.isEmpty();
    }
};

// Tunes an HPA in the shape of its own apiVersion: autoscaling/v1's
// spec.targetCPUUtilizationPercentage, v2beta1's metrics[].resource.targetAverageUtilization
// (and targetAverageValue/targetValue), v2beta2/v2's metrics[].<source>.target and spec.behavior.
// spec.metrics and a direction's policies are atomic lists, so the patch carries each whole new
// list (strategic merge replaces them too).
Expected<Change> hpaTuneChange(const QString& cluster, const QJsonObject& before, const HpaTuning& tuning);

} // namespace minato::changes
