// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>

#include <optional>

namespace minato::changes {

// What to change on a HorizontalPodAutoscaler; unset fields stay as they are.
struct HpaTuning
{
    std::optional<int> minReplicas;
    std::optional<int> maxReplicas;
    std::optional<int> cpuUtilization; // average utilization target, percent of requests
    std::optional<int> memoryUtilization; // autoscaling/v2beta1 and newer only
    std::optional<int> scaleUpStabilizationSeconds; // behavior: autoscaling/v2beta2 and v2 only
    std::optional<int> scaleDownStabilizationSeconds;

    bool isEmpty() const
    {
        return !minReplicas && !maxReplicas && !cpuUtilization && !memoryUtilization && !scaleUpStabilizationSeconds
            && !scaleDownStabilizationSeconds;
    }
};

// Tunes an HPA in the shape of its own apiVersion: autoscaling/v1's
// spec.targetCPUUtilizationPercentage, v2beta1's metrics[].resource.targetAverageUtilization,
// v2beta2/v2's metrics[].resource.target.averageUtilization and spec.behavior. spec.metrics is an
// atomic list, so the patch carries the whole new list (strategic merge replaces it too).
Expected<Change> hpaTuneChange(const QString& cluster, const QJsonObject& before, const HpaTuning& tuning);

} // namespace minato::changes
