// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/hpainfo.h"
#include "history/hpatimeline.h"

#include <QList>

namespace minato::analysis {

// The settings the controller's rule runs with: the HPA's own, or a tuning to try.
struct HpaReplaySettings
{
    qint32 minReplicas = 1;
    qint32 maxReplicas = 1;
    QList<double> targets; // per metric of the timeline, in its unit; NaN: the recorded target
    qint32 scaleUpWindowSeconds = 0;
    qint32 scaleDownWindowSeconds = 300;
    QList<fleet::HpaScalingPolicy> scaleUpPolicies; // empty: Pods 4 and Percent 100 per 15 s
    QList<fleet::HpaScalingPolicy> scaleDownPolicies; // empty: Percent 100 per 15 s
    QString scaleUpSelect = QStringLiteral("Max");
    QString scaleDownSelect = QStringLiteral("Max");
    double tolerance = 0.1;

    // The HPA's settings as the controller applies them (defaults filled in).
    static HpaReplaySettings of(const fleet::HpaInfo& hpa, qsizetype metricCount);
};

struct HpaReplayPoint
{
    qint64 timeMs = 0;
    qint32 replicas = 0;
};

// What the HPA would have done over recorded history with other settings: the controller's
// rule (pkg/controller/podautoscaler) replayed on the recorded metric values. The load is taken
// as what was measured: a metric's current value times the replicas it was measured on is the
// demand, spread over the replayed replicas. Samples without metric values (a Prometheus
// backfill, a metrics outage) keep the replayed count, as the controller does when every
// metric fails.
struct HpaReplay
{
    QList<HpaReplayPoint> points; // one per sample with a decision
    int rescales = 0;
    int directionChanges = 0;
    qint32 peak = 0;
    qint64 atMaxMs = 0; // time spent at maxReplicas
    qint64 replicaSeconds = 0; // the area under the curve: pods × seconds, what it costs

    static HpaReplay run(const history::HpaTimeline& timeline, const HpaReplaySettings& settings, qint64 fromMs,
        qint64 toMs);
};

} // namespace minato::analysis
