// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"
#include "analysis/hpaactivity.h"

#include <QList>
#include <QString>

namespace minato::fleet {
class StoreContent;
struct ClusterFacts;
struct HpaInfo;
struct HpaMetric;
} // namespace minato::fleet

namespace minato::analysis {

class HpaStoreIndex;

// What an HPA is doing, worst first when several hold.
enum class HpaState : quint8
{
    ScalingNormally,
    IdleAtMin,
    Limited, // a behavior policy or stabilization window holds the change back
    PinnedAtMax,
    Flapping,
    UnableToScale,
};
QString hpaStateName(HpaState state); // "scaling normally", "pinned at max" …
HpaState hpaStateFromName(QStringView name, bool* ok = nullptr);

enum class CheckVerdict : quint8
{
    Pass,
    Warn, // works, but holds scaling back or will break soon
    Fail, // this is why it does not scale
    Unknown, // cannot tell from here (a kind forbidden, an object not watched)
};
QString checkVerdictName(CheckVerdict verdict); // "pass", "warn", "fail", "unknown"

// One step of the walk, with the fields that decided it.
struct DiagnosisStep
{
    QString id; // stable: "target.exists", "metrics-api.available", "metric.served" …
    QString title; // "Scale target Deployment/checkout exists"
    CheckVerdict verdict = CheckVerdict::Pass;
    QString detail; // one sentence, what to do about a failure
    QList<Evidence> evidence;
};

// Thresholds of the judgement; the defaults follow the controller's own.
struct HpaDiagnosisOptions
{
    qint64 flappingWindowMs = 30 * 60 * 1000; // direction changes counted over this window
    int flappingChanges = 4;
    qint64 pinnedLongMs = 30 * 60 * 1000; // at max longer than this is a finding of its own
    double tolerance = 0.1; // --horizontal-pod-autoscaler-tolerance
    qint32 defaultScaleDownWindowSeconds = 300; // --horizontal-pod-autoscaler-downscale-stabilization
};

// "Why is it (not) scaling?": the controller's path for one HPA, step by step, from what the
// store holds (the HPA, its target, APIServices, pods, events) and what it did over time.
struct HpaDiagnosis
{
    HpaState state = HpaState::ScalingNormally;
    QString cause; // the first failing step's sentence; for a working HPA, what it does
    QList<DiagnosisStep> steps;
    HpaActivity activity;

    static HpaDiagnosis of(const fleet::ClusterFacts& cluster, const fleet::StoreContent& store,
        const fleet::HpaInfo& hpa, const HpaActivity& activity, qint64 nowMs, const HpaDiagnosisOptions& options = {});
    // The same with the cluster's index built once for all its HPAs (the fleet table).
    static HpaDiagnosis of(const fleet::ClusterFacts& cluster, const HpaStoreIndex& index,
        const fleet::HpaInfo& hpa, const HpaActivity& activity, qint64 nowMs, const HpaDiagnosisOptions& options = {});

    const DiagnosisStep* firstFailure() const;
};

// "cpu utilization", "pods/http_requests_per_second", "external/queue_depth", as columns and
// chart legends name a metric.
QString hpaMetricLabel(const fleet::HpaMetric& metric);
// The metric's target and current value in the chart's unit (percent, or the base unit), NaN
// when not set.
double hpaMetricTargetValue(const fleet::HpaMetric& metric);
double hpaMetricCurrentValue(const fleet::HpaMetric& target, const fleet::HpaMetric& current);
// The metric's current value from the HPA's status.currentMetrics (the entry of the same source,
// name, container and described object), NaN when the controller reported none.
double hpaCurrentValue(const fleet::HpaInfo& hpa, const fleet::HpaMetric& target);
// A value of the metric for people: "64%" for utilization, "400Mi" for memory, "233m" below
// one (kubectl's milli form), "188.2" above, "?" for NaN.
QString hpaMetricValueText(const fleet::HpaMetric& metric, double value);

} // namespace minato::analysis
