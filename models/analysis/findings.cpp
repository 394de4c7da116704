// SPDX-License-Identifier: Apache-2.0
#include "analysis/findings.h"

#include "analysis/apiservicerules.h"
#include "analysis/clusterrules.h"
#include "analysis/eventrules.h"
#include "analysis/hparules.h"
#include "analysis/networkrules.h"
#include "analysis/networktopology.h"
#include "analysis/noderules.h"
#include "analysis/podrules.h"
#include "analysis/ruleinput.h"
#include "analysis/versionrules.h"
#include "analysis/workloadrules.h"

#include <algorithm>
#include <numeric>

namespace minato::analysis {

QList<Finding> evaluateFindings(const fleet::ClusterFacts& context, const fleet::StoreContent& store, const QDateTime& now,
    const FindingOptions& options)
{
    return evaluateCluster(context, store, now, options, {}).findings;
}

ClusterEvaluation evaluateCluster(const fleet::ClusterFacts& context, const fleet::StoreContent& store,
    const QDateTime& now, const FindingOptions& options, const FleetAddresses& fleet)
{
    ClusterEvaluation out;
    QList<Finding> findings;
    RuleInput input { context, store, options, now.toUTC(), now.toSecsSinceEpoch(), findings, fleet };
    clusterRules(input);
    // A cluster's ranges are configuration: a stale store still knows them.
    const NetworkTopology topology = NetworkTopology::build(store);
    out.addresses = ClusterAddresses::of(context.name, topology);
    if (storeIsCurrent(input)) {
        nodeRules(input);
        versionRules(input);
        podRules(input);
        workloadRules(input);
        hpaRules(input);
        apiServiceRules(input);
        eventRules(input);
        networkRules(input, topology);
    }
    // Stores are hashes: without a sort, equal inputs would come out in varying order. Sort
    // indices, not findings: a Finding is a dozen strings and lists to swap.
    QList<qsizetype> order(findings.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
        [&](qsizetype a, qsizetype b) { return findingBefore(findings.at(a), findings.at(b)); });
    out.findings.reserve(findings.size());
    for (const qsizetype index : std::as_const(order))
        out.findings.append(std::move(findings[index]));
    return out;
}

bool findingBefore(const Finding& a, const Finding& b)
{
    if (a.severity != b.severity)
        return a.severity > b.severity;
    return a.compareKey(b) < 0;
}

} // namespace minato::analysis
