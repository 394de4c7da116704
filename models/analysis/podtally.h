// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/clustersummary.h"
#include "fleet/podinfo.h"
#include "fleet/storechange.h"

#include <QHash>
#include <QMap>
#include <QUuid>

namespace minato::analysis {

// The pod part of a ClusterSummary (totals, phases, the failing pods and why), kept current
// from a store's change batches: each batch costs its changed pods, not a pass over all of
// them, which is what lets the overview follow 50 clusters of 2,000 churning pods on the GUI
// thread. Remembers each pod's verdict, so a removed pod (gone from the store) is taken out.
class PodTally
{
public:
    // From scratch: every pod of the table.
    void reset(const QHash<QUuid, fleet::PodInfo>& pods);
    // One change batch of the Pods kind; `pods` is the table after it.
    void apply(const QHash<QUuid, fleet::PodInfo>& pods, const fleet::KindChange& change);
    // The tally's fields of `summary`, as ClusterSummary::compute fills them.
    void fill(ClusterSummary& summary) const;

    qsizetype size() const { return m_verdicts.size(); }

private:
    struct Verdict
    {
        fleet::PodPhase phase = fleet::PodPhase::Unknown;
        bool failing = false;
    };
    void add(const QUuid& uid, const fleet::PodInfo& pod);
    void remove(const QUuid& uid);

    QHash<QUuid, Verdict> m_verdicts;
    QMap<fleet::PodPhase, int> m_byPhase;
    int m_running = 0; // Running and not failing
    int m_pending = 0; // Pending and not failing
    QHash<QUuid, ClusterSummary::FailingPod> m_failing;
};

} // namespace minato::analysis
