// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/findingsreport.h"
#include "analysis/runtimefailures.h"
#include "analysis/runtimeinventory.h"
#include "analysis/runtimestarts.h"

#include <QJsonObject>

namespace minato::analysis {

// The fleet's container runtimes as `minato runtimes` prints them: per cluster its nodes'
// runtimes with their skew and support verdicts and its RuntimeClasses; the runtime-caused
// failures; and pod start latency by runtime, version and class across the fleet.
struct RuntimesReport
{
    struct ClusterFailures
    {
        QString cluster;
        RuntimeFailureGroup group;
    };

    QList<ClusterRuntimes> clusters;
    QList<ClusterFailures> failures;
    QList<PodStart> starts;
    QList<StartLatencyGroup> latency; // fleet-wide

    // Events count over [now − window, now]; starts since `startsSinceSeconds` (0: every pod).
    static RuntimesReport build(const QList<ReportCluster>& clusters, qint64 nowSeconds, qint64 windowSeconds,
        qint64 startsSinceSeconds = 0);
};

class RuntimesRenderer
{
public:
    static QString table(const RuntimesReport& report);
    static QJsonObject document(const RuntimesReport& report);
};

} // namespace minato::analysis
