// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"
#include "analysis/clustersummary.h"
#include "analysis/reportrenderer.h"

#include "fleet/clusterfacts.h"

#include <QJsonArray>
#include <QJsonObject>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// One cluster as the report's analyses take it: its facts and its store (not owned).
struct ReportCluster
{
    fleet::ClusterFacts facts;
    const fleet::StoreContent* store = nullptr;
};

// The findings part of `minato report`: evaluated once per cluster when the run settles,
// counted into each ClusterSummary, listed under the cluster table, and in JSON/YAML as a
// top-level `findings` list (worst first) beside `clusters` and `summary`.
class FindingsReport
{
public:
    // Every cluster's findings at `now`, worst first.
    static QList<Finding> evaluate(const QList<ReportCluster>& clusters, const QDateTime& now);
    // The findings by severity; with a cluster, only that cluster's.
    static ClusterSummary::FindingCounts count(const QList<Finding>& findings, const QString& cluster = {});
    // Fills each summary's `findings` counts from the findings of its cluster.
    static void countInto(QList<ClusterSummary>& summaries, const QList<Finding>& findings);

    // One finding with stable keys: severity, rule, cluster, namespace, kind, name, uid, title,
    // evidence (field → value), firstSeen, lastSeen (RFC 3339 UTC).
    static QJsonObject findingObject(const Finding& finding);
    static QJsonArray findingsArray(const QList<Finding>& findings);
    // The FINDINGS section under the cluster table: worst first, at most `maxRows` lines.
    static QString table(const QList<Finding>& findings, const QDateTime& now, int maxRows = 50);

    // The whole report: ReportRenderer's output with the findings added.
    static QString render(ReportRenderer::Format format, const QList<ClusterSummary>& summaries,
        const QList<Finding>& findings, const QDateTime& now);
};

} // namespace minato::analysis
