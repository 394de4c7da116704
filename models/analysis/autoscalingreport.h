// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/findingsreport.h"
#include "analysis/hpadiagnosis.h"
#include "fleet/hpainfo.h"
#include "history/hpatimeline.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace minato::analysis {

// Reads an HPA's recorded history over [from, to]; nullopt when none is recorded.
using HpaHistoryLookup
    = std::function<std::optional<history::HpaTimeline>(const history::HpaKey& key, qint64 fromMs, qint64 toMs)>;

// One HPA of the fleet as the autoscaling table and `minato autoscaling` show it: its numbers,
// its state and diagnosis, and what it did in the window.
struct AutoscalingRow
{
    QString cluster;
    QString team;
    QString environment;
    fleet::HpaInfo hpa;
    HpaDiagnosis diagnosis;
    QList<history::HpaMark> marks; // events and condition changes in the window, from history
    int scaleEvents = 0; // rescales in the window

    QString target() const; // "Deployment/checkout"
    QString metricsText() const; // "cpu utilization 64/60, pods/http_requests_per_second 180/200"
    history::HpaKey key() const { return { cluster, hpa.meta.namespaceName.toString(), hpa.meta.name }; }

    // Every HPA of the clusters, diagnosed at `nowMs` over [sinceMs, nowMs]; with a history lookup
    // the activity comes from the recorded samples, else from the store's events.
    static QList<AutoscalingRow> build(const QList<ReportCluster>& clusters, qint64 nowMs, qint64 sinceMs,
        const HpaHistoryLookup& history = {}, const HpaDiagnosisOptions& options = {});
    static AutoscalingRow of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store,
        const fleet::HpaInfo& hpa, qint64 nowMs, qint64 sinceMs, const HpaHistoryLookup& history = {},
        const HpaDiagnosisOptions& options = {});
    // The same with the cluster's index built once for all its HPAs (the fleet table).
    static AutoscalingRow of(const fleet::ClusterFacts& facts, const HpaStoreIndex& index,
        const fleet::HpaInfo& hpa, qint64 nowMs, qint64 sinceMs, const HpaHistoryLookup& history = {},
        const HpaDiagnosisOptions& options = {});
};

class AutoscalingRenderer
{
public:
    // The table, then each HPA that is not scaling normally with its failing or warning steps,
    // then the scale events of the window.
    static QString table(const QList<AutoscalingRow>& rows, qint64 nowMs);
    static QJsonObject document(const QList<AutoscalingRow>& rows, qint64 nowMs, qint64 sinceMs);
    static QJsonObject rowObject(const AutoscalingRow& row, qint64 nowMs);
};

} // namespace minato::analysis
