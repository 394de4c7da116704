// SPDX-License-Identifier: Apache-2.0
#include "analysis/autoscalingreport.h"

#include "analysis/hpastoreindex.h"
#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"
#include "util/texttable.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace minato::analysis {

namespace {

    const QString Dash = QStringLiteral("-");

    QString ago(qint64 nowMs, qint64 atMs)
    {
        if (atMs <= 0)
            return Dash;
        return shortDuration(std::max<qint64>(0, (nowMs - atMs) / 1000)) + QStringLiteral(" ago");
    }

    QString markTime(qint64 ms)
    {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
    }

    QString verdictMark(CheckVerdict verdict)
    {
        switch (verdict) {
        case CheckVerdict::Pass:
            return QStringLiteral("ok  ");
        case CheckVerdict::Warn:
            return QStringLiteral("warn");
        case CheckVerdict::Fail:
            return QStringLiteral("FAIL");
        case CheckVerdict::Unknown:
            break;
        }
        return QStringLiteral("?   ");
    }

    QJsonArray evidenceArray(const QList<Evidence>& evidence)
    {
        QJsonArray out;
        for (const Evidence& e : evidence)
            out.append(QJsonObject { { QStringLiteral("field"), e.field }, { QStringLiteral("value"), e.value } });
        return out;
    }

    QString markKindName(history::HpaMark::Kind kind)
    {
        switch (kind) {
        case history::HpaMark::Kind::Event:
            return QStringLiteral("event");
        case history::HpaMark::Kind::Condition:
            return QStringLiteral("condition");
        case history::HpaMark::Kind::Spec:
            break;
        }
        return QStringLiteral("spec");
    }

} // namespace

QString AutoscalingRow::target() const
{
    return hpa.targetKind.toString() + QLatin1Char('/') + hpa.targetName;
}

QString AutoscalingRow::metricsText() const
{
    QStringList parts;
    for (const fleet::HpaMetric& metric : hpa.metrics) {
        const double current = hpaCurrentValue(hpa, metric);
        parts << hpaMetricLabel(metric) + QLatin1Char(' ') + hpaMetricValueText(metric, current) + QLatin1Char('/')
                + hpaMetricValueText(metric, hpaMetricTargetValue(metric));
    }
    return parts.join(QStringLiteral(", "));
}

AutoscalingRow AutoscalingRow::of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store,
    const fleet::HpaInfo& hpa, qint64 nowMs, qint64 sinceMs, const HpaHistoryLookup& history,
    const HpaDiagnosisOptions& options)
{
    return of(facts, HpaStoreIndex(store), hpa, nowMs, sinceMs, history, options);
}

AutoscalingRow AutoscalingRow::of(const fleet::ClusterFacts& facts, const HpaStoreIndex& index,
    const fleet::HpaInfo& hpa, qint64 nowMs, qint64 sinceMs, const HpaHistoryLookup& history,
    const HpaDiagnosisOptions& options)
{
    AutoscalingRow row;
    row.cluster = facts.name;
    row.team = facts.team;
    row.environment = facts.environment;
    row.hpa = hpa;
    std::optional<history::HpaTimeline> timeline;
    // Flapping is judged over its own window, which may reach before the report's.
    const qint64 from = std::min(sinceMs, nowMs - options.flappingWindowMs);
    if (history)
        timeline = history(row.key(), from, nowMs);
    const QList<const fleet::EventInfo*> events = index.eventsAbout(hpa);
    HpaActivity activity = timeline && !timeline->samples.isEmpty()
        ? HpaActivity::ofTimeline(*timeline, nowMs - options.flappingWindowMs, nowMs)
        : HpaActivity::ofEvents(events, hpa, nowMs - options.flappingWindowMs, nowMs);
    if (timeline && !timeline->samples.isEmpty()) {
        // At max since: the flapping window may be shorter than the stretch at max.
        const HpaActivity whole = HpaActivity::ofTimeline(*timeline, from, nowMs);
        activity.atMaxSinceMs = whole.atMaxSinceMs;
        activity.atMinSinceMs = whole.atMinSinceMs;
        if (activity.lastScaleMs == 0)
            activity.lastScaleMs = whole.lastScaleMs;
        for (const history::HpaMark& mark : timeline->marks)
            if (mark.timeMs >= sinceMs)
                row.marks.append(mark);
        row.scaleEvents = int(HpaActivity::ofTimeline(*timeline, sinceMs, nowMs).steps.size());
    } else {
        row.scaleEvents = HpaActivity::ofEvents(events, hpa, sinceMs, nowMs).rescales;
    }
    if (activity.lastScaleMs == 0 && hpa.lastScaleTime > 0)
        activity.lastScaleMs = hpa.lastScaleTime * 1000;
    row.diagnosis = HpaDiagnosis::of(facts, index, hpa, activity, nowMs, options);
    return row;
}

QList<AutoscalingRow> AutoscalingRow::build(const QList<ReportCluster>& clusters, qint64 nowMs, qint64 sinceMs,
    const HpaHistoryLookup& history, const HpaDiagnosisOptions& options)
{
    QList<AutoscalingRow> rows;
    for (const ReportCluster& cluster : clusters) {
        if (!cluster.store)
            continue;
        const HpaStoreIndex index(*cluster.store);
        QList<AutoscalingRow> own;
        for (const fleet::HpaInfo& hpa : cluster.store->hpas())
            own.append(of(cluster.facts, index, hpa, nowMs, sinceMs, history, options));
        std::sort(own.begin(), own.end(), [](const AutoscalingRow& a, const AutoscalingRow& b) {
            return a.hpa.meta.id() < b.hpa.meta.id();
        });
        rows += own;
    }
    return rows;
}

QString AutoscalingRenderer::table(const QList<AutoscalingRow>& rows, qint64 nowMs)
{
    QList<QStringList> lines { { QStringLiteral("CLUSTER"), QStringLiteral("HPA"), QStringLiteral("TARGET"),
        QStringLiteral("MIN"), QStringLiteral("CUR"), QStringLiteral("DES"), QStringLiteral("MAX"),
        QStringLiteral("METRICS (current/target)"), QStringLiteral("STATE"), QStringLiteral("LAST SCALE"),
        QStringLiteral("SCALES") } };
    for (const AutoscalingRow& r : rows)
        lines.append({ r.cluster, r.hpa.meta.id(), r.target(), QString::number(r.hpa.minReplicas),
            QString::number(r.hpa.currentReplicas), QString::number(r.hpa.desiredReplicas),
            QString::number(r.hpa.maxReplicas), r.metricsText(), hpaStateName(r.diagnosis.state),
            ago(nowMs, r.diagnosis.activity.lastScaleMs), QString::number(r.scaleEvents) });
    QString out = alignedLines(lines, 2).join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (rows.isEmpty())
        return QStringLiteral("No HorizontalPodAutoscalers in the selected clusters.\n");

    for (const AutoscalingRow& r : rows) {
        if (r.diagnosis.state == HpaState::ScalingNormally && r.marks.isEmpty())
            continue;
        out += QStringLiteral("\n%1 %2: %3\n  %4\n")
                   .arg(r.cluster, r.hpa.meta.id(), hpaStateName(r.diagnosis.state), r.diagnosis.cause);
        for (const DiagnosisStep& step : r.diagnosis.steps) {
            if (step.verdict == CheckVerdict::Pass)
                continue;
            out += QStringLiteral("  %1 %2").arg(verdictMark(step.verdict), step.title);
            if (!step.detail.isEmpty() && step.detail != r.diagnosis.cause)
                out += QStringLiteral(": ") + step.detail;
            out += QLatin1Char('\n');
        }
        for (const history::HpaMark& mark : r.marks) {
            if (mark.kind != history::HpaMark::Kind::Event)
                continue;
            out += QStringLiteral("  %1 %2 %3").arg(markTime(mark.timeMs), mark.reason, mark.message);
            if (mark.count > 1)
                out += QStringLiteral(" (x%1)").arg(mark.count);
            out += QLatin1Char('\n');
        }
    }
    return out;
}

QJsonObject AutoscalingRenderer::rowObject(const AutoscalingRow& r, qint64 nowMs)
{
    QJsonArray metrics;
    for (const fleet::HpaMetric& metric : r.hpa.metrics) {
        const double current = hpaCurrentValue(r.hpa, metric);
        QJsonObject m { { QStringLiteral("metric"), hpaMetricLabel(metric) } };
        const double target = hpaMetricTargetValue(metric);
        m.insert(QStringLiteral("target"), std::isnan(target) ? QJsonValue() : QJsonValue(target));
        m.insert(QStringLiteral("current"), std::isnan(current) ? QJsonValue() : QJsonValue(current));
        metrics.append(m);
    }
    QJsonArray steps;
    for (const DiagnosisStep& step : r.diagnosis.steps)
        steps.append(QJsonObject { { QStringLiteral("id"), step.id }, { QStringLiteral("check"), step.title },
            { QStringLiteral("verdict"), checkVerdictName(step.verdict) }, { QStringLiteral("detail"), step.detail },
            { QStringLiteral("evidence"), evidenceArray(step.evidence) } });
    QJsonArray marks;
    for (const history::HpaMark& mark : r.marks)
        marks.append(QJsonObject { { QStringLiteral("time"), markTime(mark.timeMs) },
            { QStringLiteral("kind"), markKindName(mark.kind) }, { QStringLiteral("type"), mark.type },
            { QStringLiteral("reason"), mark.reason }, { QStringLiteral("status"), mark.status },
            { QStringLiteral("message"), mark.message }, { QStringLiteral("count"), mark.count },
            { QStringLiteral("source"),
                mark.source == history::HistorySource::Prometheus ? QStringLiteral("prometheus")
                                                                  : QStringLiteral("watch") } });
    const qint64 last = r.diagnosis.activity.lastScaleMs;
    return QJsonObject {
        { QStringLiteral("cluster"), r.cluster },
        { QStringLiteral("team"), r.team },
        { QStringLiteral("environment"), r.environment },
        { QStringLiteral("namespace"), r.hpa.meta.namespaceName.toString() },
        { QStringLiteral("name"), r.hpa.meta.name },
        { QStringLiteral("target"), r.target() },
        { QStringLiteral("minReplicas"), r.hpa.minReplicas },
        { QStringLiteral("currentReplicas"), r.hpa.currentReplicas },
        { QStringLiteral("desiredReplicas"), r.hpa.desiredReplicas },
        { QStringLiteral("maxReplicas"), r.hpa.maxReplicas },
        { QStringLiteral("metrics"), metrics },
        { QStringLiteral("state"), hpaStateName(r.diagnosis.state) },
        { QStringLiteral("cause"), r.diagnosis.cause },
        { QStringLiteral("lastScale"), last > 0 ? QJsonValue(markTime(last)) : QJsonValue() },
        { QStringLiteral("lastScaleAgoSeconds"), last > 0 ? QJsonValue((nowMs - last) / 1000) : QJsonValue() },
        { QStringLiteral("scaleEvents"), r.scaleEvents },
        { QStringLiteral("directionChanges"), r.diagnosis.activity.directionChanges },
        { QStringLiteral("activityFrom"), r.diagnosis.activity.fromHistory ? QStringLiteral("history")
                                                                           : QStringLiteral("events") },
        { QStringLiteral("diagnosis"), steps },
        { QStringLiteral("events"), marks },
    };
}

QJsonObject AutoscalingRenderer::document(const QList<AutoscalingRow>& rows, qint64 nowMs, qint64 sinceMs)
{
    QJsonArray hpas;
    QJsonObject states;
    for (const AutoscalingRow& r : rows) {
        hpas.append(rowObject(r, nowMs));
        const QString state = hpaStateName(r.diagnosis.state);
        states.insert(state, states.value(state).toInt() + 1);
    }
    return QJsonObject { { QStringLiteral("since"), markTime(sinceMs) }, { QStringLiteral("now"), markTime(nowMs) },
        { QStringLiteral("hpas"), hpas }, { QStringLiteral("states"), states } };
}

} // namespace minato::analysis
