// SPDX-License-Identifier: Apache-2.0
#include "analysis/findings.h"

#include "analysis/apiservicerules.h"
#include "analysis/clusterrules.h"
#include "analysis/eventrules.h"
#include "analysis/hparules.h"
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
    QList<Finding> findings;
    RuleInput input { context, store, options, now.toUTC(), now.toSecsSinceEpoch(), findings };
    clusterRules(input);
    if (storeIsCurrent(input)) {
        nodeRules(input);
        versionRules(input);
        podRules(input);
        workloadRules(input);
        hpaRules(input);
        apiServiceRules(input);
        eventRules(input);
    }
    // Stores are hashes: without a sort, equal inputs would come out in varying order. Sort
    // indices, not findings: a Finding is a dozen strings and lists to swap.
    QList<qsizetype> order(findings.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
        [&](qsizetype a, qsizetype b) { return findingBefore(findings.at(a), findings.at(b)); });
    QList<Finding> sorted;
    sorted.reserve(findings.size());
    for (const qsizetype index : std::as_const(order))
        sorted.append(std::move(findings[index]));
    return sorted;
}

bool findingBefore(const Finding& a, const Finding& b)
{
    if (a.severity != b.severity)
        return a.severity > b.severity;
    return a.compareKey(b) < 0;
}

} // namespace minato::analysis
