// SPDX-License-Identifier: Apache-2.0
#include "analysis/workloadrules.h"

#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

void workloadRules(RuleInput& input)
{
    for (const fleet::WatchedKind kind :
        { fleet::WatchedKind::Deployments, fleet::WatchedKind::StatefulSets, fleet::WatchedKind::DaemonSets }) {
        for (const fleet::WorkloadInfo& workload : input.store.workloads(kind)) {
            const qint32 unavailable = std::max(workload.unavailable, workload.desired - workload.available);
            if (workload.desired <= 0 || unavailable <= 0 || workload.meta.isTerminating())
                continue;
            const bool none = workload.available <= 0;
            // Available=False says since when the Deployment has been short; others carry no time.
            const qint64 since
                = workload.availableCondition.isFalse() ? workload.availableCondition.lastTransitionTime : 0;
            Finding& f = input.add(none ? Severity::Critical : Severity::Warning,
                QStringLiteral("workload.unavailable"), fleet::workloadKindName(workload.kind), workload.meta,
                none ? QStringLiteral("No replica available (0/%1)").arg(workload.desired)
                     : QStringLiteral("%1 of %2 replicas unavailable").arg(unavailable).arg(workload.desired),
                since);
            f.evidence = { { QStringLiteral("desired"), QString::number(workload.desired) },
                { QStringLiteral("available"), QString::number(workload.available) },
                { QStringLiteral("ready"), QString::number(workload.ready) },
                { QStringLiteral("unavailable"), QString::number(unavailable) } };
            if (workload.progressing.isFalse())
                f.evidence.append({ QStringLiteral("Progressing"), workload.progressing.reason.toString() });
            if (workload.replicaFailure.isTrue())
                f.evidence.append(
                    { QStringLiteral("ReplicaFailure"), evidenceMessage(workload.replicaFailure.message) });
        }
    }
}

} // namespace minato::analysis
