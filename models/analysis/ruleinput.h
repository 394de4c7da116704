// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"
#include "analysis/fleetnetwork.h"
#include "analysis/findingoptions.h"
#include "fleet/clusterfacts.h"

#include <QDateTime>
#include <QList>

namespace minato::fleet {
class StoreContent;
struct ObjectMeta;
} // namespace minato::fleet

namespace minato::analysis {

// What every rule family reads, and where it writes: one evaluation of one cluster. Rules
// are free functions `void xxxRules(RuleInput&)`; they only append to `out`.
struct RuleInput
{
    const fleet::ClusterFacts& cluster;
    const fleet::StoreContent& store;
    const FindingOptions& options;
    QDateTime now;
    qint64 nowSecs = 0;
    QList<Finding>& out;
    const FleetAddresses& fleet; // the other clusters' address ranges, for cross-cluster rules

    // Appends a finding about an object of the store, with lastSeen = now and firstSeen from
    // `sinceSecs` (epoch seconds; 0 or a future time means "now").
    Finding& add(Severity severity, const QString& ruleId, const QString& kind, const fleet::ObjectMeta& meta,
        const QString& title, qint64 sinceSecs);
    // The same for an object known only by kind and name (the cluster, an event's object).
    Finding& add(Severity severity, const QString& ruleId, const QString& kind, const QString& nameSpace,
        const QString& name, const QString& title, qint64 sinceSecs);
};

// Evidence helpers: an epoch-seconds timestamp as RFC 3339 ("" for 0), and a duration as
// people say it ("7m", "2h5m", "3d").
QString evidenceTime(qint64 secs);
QString shortDuration(qint64 seconds);
// A message as evidence: on one line, and cut at MaxEvidenceMessage characters with "…".
inline constexpr qsizetype MaxEvidenceMessage = 160;
QString evidenceMessage(const QString& message);

} // namespace minato::analysis
