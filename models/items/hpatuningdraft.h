// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/hpareplay.h"
#include "export/change.h"
#include "export/operationsrequest.h"
#include "fleet/hpainfo.h"
#include "history/hpatimeline.h"

#include <optional>

namespace minato::items {

// The HPA tuning dialog without its widgets: the HPA's settings as the controller applies them,
// the settings being tried, and the controller's rule replayed with each over the recorded
// history (analysis::HpaReplay), so the dialog shows what the HPA would have done before the
// change goes into the change set. The timeline's metric columns are the HPA's spec metrics in
// order; a spec that changed its metric list inside the window replays against the newest one.
class HpaTuningDraft
{
public:
    HpaTuningDraft(QString cluster, fleet::HpaInfo hpa, history::HpaTimeline timeline, qint64 fromMs, qint64 toMs);

    const QString& cluster() const { return m_cluster; }
    const fleet::HpaInfo& hpa() const { return m_hpa; }
    const history::HpaTimeline& timeline() const { return m_timeline; }
    qint64 fromMs() const { return m_fromMs; }
    qint64 toMs() const { return m_toMs; }
    // Behavior (windows, policies) exists from autoscaling/v2beta2 on.
    bool hasBehavior() const;
    // Samples in the window that carry a metric value: without them a replay only holds the scale.
    int samplesWithMetrics() const;

    // The HPA as it is, defaults filled in, each target from its spec.
    const analysis::HpaReplaySettings& current() const { return m_current; }
    const analysis::HpaReplaySettings& proposed() const { return m_proposed; }
    void setProposed(const analysis::HpaReplaySettings& settings);

    // What the HPA did, in the replay's terms (from the recorded replica counts).
    analysis::HpaReplay recorded() const;
    analysis::HpaReplay replayCurrent() const;
    analysis::HpaReplay replayProposed() const;

    // What differs between proposed and current, in the HPA's spec terms (empty: nothing).
    changes::HpaTuning tuning() const;
    // The tuning for people, one line per field: "max 20 → 6", "scaleDown window 300 s → 0 s".
    QStringList changeLines() const;
    changes::OperationRequest request() const;
    // The HPA; the planner fetches it in the autoscaling version the cluster's watch uses.
    changes::ObjectRef target() const;

private:
    QString m_cluster;
    fleet::HpaInfo m_hpa;
    history::HpaTimeline m_timeline;
    qint64 m_fromMs;
    qint64 m_toMs;
    analysis::HpaReplaySettings m_current;
    analysis::HpaReplaySettings m_proposed;
};

// "Pods 4/15s + Percent 100/15s" (empty: the controller's defaults), as the dialog edits a
// direction's policies; nullopt when the text is not that.
QString scalingPoliciesText(const QList<fleet::HpaScalingPolicy>& policies);
std::optional<QList<fleet::HpaScalingPolicy>> parseScalingPolicies(const QString& text);

} // namespace minato::items
