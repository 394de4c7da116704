// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/objectmeta.h"

#include <QList>
#include <QMetaType>

namespace minato::fleet {

enum class MetricSourceType : quint8
{
    Unknown,
    Resource,
    Pods,
    Object,
    External,
    ContainerResource
};
enum class MetricTargetType : quint8
{
    Unknown,
    Utilization,
    Value,
    AverageValue
};

// One entry of spec.metrics (a target) or of status.currentMetrics (a current value); both
// have the same identity fields. Values left unset are -1 / empty text.
struct HpaMetric
{
    MetricSourceType source = MetricSourceType::Unknown;
    MetricTargetType targetType = MetricTargetType::Unknown; // spec only
    QString name; // resource name (cpu, memory) or metric name
    QString container; // ContainerResource
    QString objectKind; // Object: describedObject
    QString objectName;
    QString selector; // metric.selector.matchLabels as "k=v,…" (Pods, Object, External)

    qint32 averageUtilization = -1; // percent of request
    QString averageValue; // quantity text, e.g. "500m", "100Mi"
    qint64 averageValueMilli = -1;
    QString value;
    qint64 valueMilli = -1;
};

struct HpaScalingPolicy
{
    bool pods = true; // type Pods; false: Percent
    qint32 value = 0;
    qint32 periodSeconds = 0;
    bool operator==(const HpaScalingPolicy&) const = default;
};

struct HpaScalingRules
{
    qint32 stabilizationWindowSeconds = -1; // -1: not set (controller default applies)
    QString selectPolicy; // Max, Min, Disabled; empty = Max
    qint32 policyCount = 0;
    QList<HpaScalingPolicy> policies; // empty: the controller's defaults apply
};

enum class HpaApiVersion : quint8
{
    Unknown,
    V1,
    V2beta1,
    V2beta2,
    V2
};

// autoscaling/v2, v2beta2, v2beta1 and v1 HPAs in one shape. For v1, the target CPU
// percentage becomes a Resource/cpu/Utilization metric, and conditions and metrics come from
// the autoscaling.alpha.kubernetes.io/{conditions,metrics,current-metrics} annotations.
struct HpaInfo
{
    ObjectMeta meta;
    HpaApiVersion apiVersion = HpaApiVersion::Unknown;

    QString targetApiVersion;
    InternedString targetKind;
    QString targetName;

    qint32 minReplicas = 1;
    qint32 maxReplicas = 0;
    qint32 currentReplicas = 0;
    qint32 desiredReplicas = 0;
    qint64 lastScaleTime = 0;
    qint64 observedGeneration = 0;

    QList<HpaMetric> metrics; // spec
    QList<HpaMetric> currentMetrics; // status

    DetailedCondition ableToScale; // SucceededGetScale, FailedGetScale, ScaleDownStabilized …
    DetailedCondition scalingActive; // ValidMetricFound, FailedGetResourceMetric, ScalingDisabled …
    DetailedCondition scalingLimited; // TooManyReplicas, TooFewReplicas, DesiredWithinRange …

    HpaScalingRules scaleUp;
    HpaScalingRules scaleDown;
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::HpaInfo)
