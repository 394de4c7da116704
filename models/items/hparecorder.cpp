// SPDX-License-Identifier: Apache-2.0
#include "items/hparecorder.h"

#include "analysis/hpadiagnosis.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/prometheusbackfill.h"
#include "history/hpahistory.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace minato::items {

namespace {

    bool isSampled(fleet::SessionState state)
    {
        // A store that is still listing, or of a cluster out of reach, is no observation.
        return state == fleet::SessionState::Live || state == fleet::SessionState::Degraded;
    }

    QString conditionState(const fleet::DetailedCondition& c)
    {
        const QString status = fleet::conditionStatusName(c.status);
        return status.isEmpty() ? QString() : status + QLatin1Char('/') + c.reason.toString();
    }

    QString seenKey(const history::HpaKey& key)
    {
        return key.cluster + QLatin1Char('/') + key.nameSpace + QLatin1Char('/') + key.name;
    }

    // The controller records these about HPAs; other components' events are not its history.
    bool isAutoscalerEvent(const fleet::EventInfo& event)
    {
        return event.objectKind == QLatin1StringView("HorizontalPodAutoscaler")
            && (event.sourceComponent == QLatin1StringView("horizontal-pod-autoscaler")
                || event.reason == QLatin1StringView("SuccessfulRescale") || event.reason.toString().startsWith(u"Failed"));
    }

    // The column label kube-state-metrics' kube_horizontalpodautoscaler_spec_target_metric gives a
    // spec metric (metric_name, metric_target_type), as KubeStateHistory spells it.
    QString prometheusLabel(const fleet::HpaMetric& metric)
    {
        switch (metric.targetType) {
        case fleet::MetricTargetType::Utilization:
            return fleet::KubeStateHistory::metricLabel(metric.name, QStringLiteral("utilization"));
        case fleet::MetricTargetType::AverageValue:
            return fleet::KubeStateHistory::metricLabel(metric.name, QStringLiteral("average"));
        case fleet::MetricTargetType::Value:
            return fleet::KubeStateHistory::metricLabel(metric.name, QStringLiteral("value"));
        case fleet::MetricTargetType::Unknown:
            break;
        }
        return {};
    }

    bool sameMark(const history::HpaMark& a, const history::HpaMark& b)
    {
        return a.kind == b.kind && a.type == b.type && a.status == b.status;
    }

    // Events the recorder no longer finds in any store are forgotten after this long.
    constexpr qint64 ForgetEventsAfterMs = 3600 * 1000;

} // namespace

HpaRecorder::HpaRecorder(fleet::FleetEngine* engine, history::HpaHistory* history, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_history(history)
    , m_backfill(new fleet::PrometheusBackfill(engine->objects(), engine->transport(), this))
{
    m_timer.setInterval(15000);
    connect(&m_timer, &QTimer::timeout, this, &HpaRecorder::sampleNow);
    m_timer.start();
    connect(engine, &fleet::FleetEngine::sessionStatusChanged, this,
        [this](const QString& context) { sessionStatusChanged(context); });
    connect(m_backfill, &fleet::PrometheusBackfill::backfillFinished, this, &HpaRecorder::backfilled);
    for (fleet::ClusterSession* session : engine->sessions())
        sessionStatusChanged(session->name());
}

HpaRecorder::~HpaRecorder() = default;

void HpaRecorder::sampleNow()
{
    if (!m_engine)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (fleet::ClusterSession* session : m_engine->sessions())
        if (isSampled(session->status().state))
            sampleCluster(session, now);
}

void HpaRecorder::sampleCluster(fleet::ClusterSession* session, qint64 nowMs)
{
    const QString cluster = session->name();
    // What this run has sampled, committed or not: the backfill does not fill it in again.
    QList<Span>& spans = m_spans[cluster];
    const qint64 joinMs = 2 * qint64(m_timer.interval()) + qint64(m_timer.interval()) / 2;
    if (!spans.isEmpty() && nowMs - spans.last().lastMs <= joinMs)
        spans.last().lastMs = nowMs;
    else
        spans.append({ nowMs, nowMs });
    spans.removeIf([&](const Span& span) { return span.lastMs < nowMs - m_backfillWindowMs; });
    for (const fleet::HpaInfo& hpa : session->store()->hpas()) {
        const history::HpaKey key { cluster, hpa.meta.namespaceName.toString(), hpa.meta.name };
        history::HpaSample sample;
        sample.timeMs = nowMs;
        sample.minReplicas = hpa.minReplicas;
        sample.maxReplicas = hpa.maxReplicas;
        sample.currentReplicas = hpa.currentReplicas;
        sample.desiredReplicas = hpa.desiredReplicas;
        QStringList labels;
        for (const fleet::HpaMetric& metric : hpa.metrics) {
            labels << analysis::hpaMetricLabel(metric);
            sample.metricCurrent << analysis::hpaCurrentValue(hpa, metric);
            sample.metricTarget << analysis::hpaMetricTargetValue(metric);
        }
        m_history->append(key, labels, sample);
        ++m_samples;
        Q_EMIT sampleRecorded(key, sample);
        Seen& seen = m_seen[seenKey(key)];
        recordChanges(key, hpa, seen, nowMs);
    }
    recordEvents(session, nowMs);
}

void HpaRecorder::appendMark(const history::HpaKey& key, const history::HpaMark& mark, Seen& seen)
{
    m_history->appendMark(key, mark);
    ++m_marks;
    Q_EMIT markRecorded(key, mark);
    if (mark.kind != history::HpaMark::Kind::Event) {
        seen.recentMarks.append(mark);
        if (seen.recentMarks.size() > MaxRecentMarks)
            seen.recentMarks.removeFirst();
    }
}

void HpaRecorder::recordChanges(const history::HpaKey& key, const fleet::HpaInfo& hpa, Seen& seen, qint64 nowMs)
{
    static const QString Types[3]
        = { QStringLiteral("AbleToScale"), QStringLiteral("ScalingActive"), QStringLiteral("ScalingLimited") };
    const fleet::DetailedCondition* conditions[3] = { &hpa.ableToScale, &hpa.scalingActive, &hpa.scalingLimited };
    const bool first = seen.minReplicas < 0;
    for (int i = 0; i < 3; ++i) {
        const QString state = conditionState(*conditions[i]);
        if (state == seen.conditions[i])
            continue;
        seen.conditions[i] = state;
        if (state.isEmpty())
            continue;
        const bool knownTime = conditions[i]->lastTransitionTime > 0;
        history::HpaMark mark;
        mark.timeMs = knownTime ? conditions[i]->lastTransitionTime * 1000 : nowMs;
        mark.kind = history::HpaMark::Kind::Condition;
        mark.type = Types[i];
        mark.status = state.section(QLatin1Char('/'), 0, 0);
        mark.reason = conditions[i]->reason.toString();
        mark.message = conditions[i]->message;
        if (first) {
            // A restart sees the same conditions again: a transition already stored is no change.
            // Without a transition time, the newest stored mark of the type of the last day stands
            // in for it.
            const history::HpaTimeline stored
                = knownTime ? m_history->timeline(key, mark.timeMs, mark.timeMs)
                            : m_history->timeline(key, nowMs - 24 * 3600 * 1000, nowMs);
            const auto same = [&](const history::HpaMark& m) {
                return m.source == history::HistorySource::Watch && sameMark(m, mark) && m.reason == mark.reason;
            };
            bool already = false;
            if (knownTime) {
                already = std::any_of(stored.marks.cbegin(), stored.marks.cend(), same);
            } else {
                for (auto it = stored.marks.crbegin(); it != stored.marks.crend(); ++it) {
                    if (it->kind == mark.kind && it->type == mark.type) {
                        already = same(*it);
                        break;
                    }
                }
            }
            if (already)
                continue;
        }
        appendMark(key, mark, seen);
    }
    const auto spec = [&](const QString& field, qint32 before, qint32 now) {
        if (first || before == now)
            return;
        history::HpaMark mark;
        mark.timeMs = nowMs;
        mark.kind = history::HpaMark::Kind::Spec;
        mark.type = field;
        mark.status = QString::number(now);
        mark.message = QStringLiteral("%1 %2 → %3").arg(field).arg(before).arg(now);
        appendMark(key, mark, seen);
    };
    spec(QStringLiteral("minReplicas"), seen.minReplicas, hpa.minReplicas);
    spec(QStringLiteral("maxReplicas"), seen.maxReplicas, hpa.maxReplicas);
    seen.minReplicas = hpa.minReplicas;
    seen.maxReplicas = hpa.maxReplicas;
}

void HpaRecorder::recordEvents(fleet::ClusterSession* session, qint64 nowMs)
{
    const QString cluster = session->name();
    for (const fleet::EventInfo& event : session->store()->events()) {
        if (!isAutoscalerEvent(event))
            continue;
        const QString uid = event.meta.uid.toString(QUuid::WithoutBraces);
        const history::HpaKey key { cluster, event.objectNamespace.toString(), event.objectName };
        const qint64 at = event.lastTimestamp > 0 ? event.lastTimestamp * 1000 : nowMs;
        auto known = m_eventCounts.find(uid);
        if (known == m_eventCounts.end()) {
            // First sight in this run: what earlier runs recorded of it is in the store, as marks
            // of its reason and message between its first and its last time.
            EventSeen first;
            const qint64 from = event.firstTimestamp > 0 ? std::min(event.firstTimestamp * 1000, at) : at;
            for (const history::HpaMark& m : m_history->timeline(key, from, at).marks) {
                if (m.kind == history::HpaMark::Kind::Event && m.source == history::HistorySource::Watch
                    && m.reason == event.reason.toString() && m.message == event.message)
                    first.count += m.count;
            }
            known = m_eventCounts.insert(uid, first);
        }
        known->seenMs = nowMs;
        const qint32 before = known->count;
        if (event.count <= before)
            continue;
        known->count = event.count;
        history::HpaMark mark;
        mark.timeMs = at;
        mark.kind = history::HpaMark::Kind::Event;
        mark.type = event.type.toString();
        mark.reason = event.reason.toString();
        mark.message = event.message;
        mark.count = event.count - before;
        appendMark(key, mark, m_seen[seenKey(key)]);
    }
    // Events expire in the cluster (an hour by default); their counts need not be kept for ever.
    m_eventCounts.removeIf([&](const QHash<QString, EventSeen>::iterator it) {
        return it->seenMs < nowMs - ForgetEventsAfterMs;
    });
}

bool HpaRecorder::sampledNear(const QString& cluster, qint64 timeMs, qint64 toleranceMs) const
{
    for (const Span& span : m_spans.value(cluster)) {
        if (timeMs >= span.firstMs - toleranceMs && timeMs <= span.lastMs + toleranceMs)
            return true;
    }
    return false;
}

void HpaRecorder::sessionStatusChanged(const QString& context)
{
    fleet::ClusterSession* session = m_engine ? m_engine->session(context) : nullptr;
    if (!session)
        return;
    const fleet::SessionState state = session->status().state;
    if (!isSampled(state)) {
        if (state != fleet::SessionState::Syncing)
            m_backfilledClusters.remove(context); // reconnected later: backfill the gap again
        return;
    }
    const std::optional<fleet::PrometheusSource>& source = session->cluster().prometheus;
    if (!source || m_backfilledClusters.contains(context))
        return;
    m_backfilledClusters.insert(context);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_backfill->backfill(context, *source, now - m_backfillWindowMs, now, m_backfillStepMs);
}

void HpaRecorder::backfilled(const fleet::PrometheusBackfillResult& result)
{
    if (!result.isOk()) {
        emit backfillFinished(result.context, 0, result.error->message);
        return;
    }
    fleet::ClusterSession* session = m_engine ? m_engine->session(result.context) : nullptr;
    // Minato's own samples are finer and carry metric values: Prometheus fills only where none
    // is within a step (or a sample period) of its point, neither one this run took (committed or
    // still queued) nor one an earlier run or an earlier backfill stored. The backfill was asked
    // for as the recorder began sampling the cluster: from its end on, the recorder's own count.
    const qint64 tolerance = std::max<qint64>(result.stepMs, m_timer.interval());
    const qint64 ownFromMs = result.endMs - tolerance;
    const auto covered = [&](qint64 t) { return t > ownFromMs || sampledNear(result.context, t, tolerance); };
    int added = 0;
    for (const history::HpaTimeline& timeline : result.timelines) {
        history::HpaKey key = timeline.key;
        key.cluster = result.context;
        const history::HpaTimeline stored
            = m_history->timeline(key, result.startMs - tolerance, result.endMs + tolerance);
        QList<qint64> storedTimes;
        storedTimes.reserve(stored.samples.size());
        for (const history::HpaSample& s : stored.samples)
            storedTimes << s.timeMs; // sorted
        const auto storedNear = [&](qint64 t) {
            const auto it = std::lower_bound(storedTimes.cbegin(), storedTimes.cend(), t - tolerance);
            return it != storedTimes.cend() && *it <= t + tolerance;
        };

        // The recorder's layout, so that one series keeps one layout: the live spec's metrics,
        // with the targets Prometheus knows for them; else what is stored; else Prometheus' own.
        QStringList labels;
        QList<qsizetype> columns; // per label, the backfill's column, or -1
        const fleet::HpaInfo* live = nullptr;
        if (session) {
            for (const fleet::HpaInfo& hpa : session->store()->hpas()) {
                if (hpa.meta.namespaceName.toString() == key.nameSpace && hpa.meta.name == key.name) {
                    live = &hpa;
                    break;
                }
            }
        }
        if (live) {
            for (const fleet::HpaMetric& metric : live->metrics) {
                labels << analysis::hpaMetricLabel(metric);
                const QString label = prometheusLabel(metric);
                columns << (label.isEmpty() ? -1 : timeline.metricLabels.indexOf(label));
            }
        } else if (!stored.metricLabels.isEmpty()) {
            labels = stored.metricLabels;
            columns.fill(-1, labels.size());
        } else {
            labels = timeline.metricLabels;
            for (qsizetype i = 0; i < labels.size(); ++i)
                columns << i;
        }

        for (const history::HpaSample& sample : timeline.samples) {
            if (covered(sample.timeMs) || storedNear(sample.timeMs))
                continue;
            history::HpaSample copy = sample;
            copy.metricCurrent.clear();
            copy.metricTarget.clear();
            for (const qsizetype column : std::as_const(columns)) {
                copy.metricCurrent << history::UnknownValue;
                copy.metricTarget << (column >= 0 ? sample.metricTarget.value(column, history::UnknownValue)
                                                  : history::UnknownValue);
            }
            m_history->append(key, labels, copy);
            ++added;
        }

        // Marks likewise: none while this run watched (it records them itself), none that a
        // stored mark or one of this run's says already.
        const Seen& seen = m_seen[seenKey(key)];
        for (const history::HpaMark& mark : timeline.marks) {
            if (covered(mark.timeMs))
                continue;
            const auto near = [&](const history::HpaMark& m) {
                return sameMark(m, mark) && std::abs(m.timeMs - mark.timeMs) <= tolerance;
            };
            if (std::any_of(stored.marks.cbegin(), stored.marks.cend(), near)
                || std::any_of(seen.recentMarks.cbegin(), seen.recentMarks.cend(), near))
                continue;
            m_history->appendMark(key, mark);
        }
    }
    m_samples += added;
    emit backfillFinished(result.context, added, {});
}

analysis::HpaHistoryLookup historyLookup(const history::HpaHistory& history)
{
    return [&history](const history::HpaKey& key, qint64 fromMs, qint64 toMs) -> std::optional<history::HpaTimeline> {
        history::HpaTimeline timeline = history.timeline(key, fromMs, toMs);
        if (timeline.samples.isEmpty() && timeline.marks.isEmpty())
            return std::nullopt;
        return timeline;
    };
}

QString historyFilePath(bool demo)
{
    const QString path = history::HistoryStore::defaultFilePath();
    if (!demo)
        return path;
    return QFileInfo(path).absolutePath() + QStringLiteral("/history-demo.sqlite");
}

} // namespace minato::items
