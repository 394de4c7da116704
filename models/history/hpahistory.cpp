// SPDX-License-Identifier: Apache-2.0
#include "hpahistory.h"

#include <cmath>

namespace minato::history {

namespace {

constexpr qsizetype FixedFields = 5; // min, max, current, desired, source

qint32 replicas(double v)
{
    return std::isnan(v) ? -1 : qint32(v);
}

// Where a segment keeps each of the timeline's labels: field indexes of current and target.
struct LabelColumns
{
    QList<qsizetype> current;
    QList<qsizetype> target;
};

QStringList labelsOf(const SeriesLayout& layout)
{
    QStringList labels;
    for (qsizetype f = FixedFields; f + 1 < layout.size(); f += 2)
        labels << layout.at(f).label;
    return labels;
}

} // namespace

HpaHistory::HpaHistory(HistoryStore& store)
    : m_store(store)
{ }

SeriesKey HpaHistory::seriesKey(const HpaKey& key)
{
    return { Kind, key.cluster, key.nameSpace, key.name };
}

SeriesLayout HpaHistory::layout(const QStringList& metricLabels)
{
    SeriesLayout fields {
        { QStringLiteral("min"), Aggregation::Last, {} },
        { QStringLiteral("max"), Aggregation::Last, {} },
        { QStringLiteral("current"), Aggregation::Max, {} },
        { QStringLiteral("desired"), Aggregation::Max, {} },
        { QStringLiteral("source"), Aggregation::Last, {} },
    };
    for (qsizetype i = 0; i < metricLabels.size(); ++i) {
        const QString prefix = u'm' + QString::number(i);
        fields.append({ prefix + QLatin1String(".current"), Aggregation::Mean, metricLabels.at(i) });
        fields.append({ prefix + QLatin1String(".target"), Aggregation::Last, metricLabels.at(i) });
    }
    return fields;
}

SeriesHandle HpaHistory::handleFor(const HpaKey& key, const QStringList& labels)
{
    const SeriesKey series = seriesKey(key);
    auto found = m_handles.find(series);
    if (found == m_handles.end() || found->labels != labels)
        found = m_handles.insert(series, { labels, m_store.series(series, layout(labels)) });
    return found->handle;
}

void HpaHistory::append(const HpaKey& key, const QStringList& metricLabels, const HpaSample& sample)
{
    const SeriesHandle handle = handleFor(key, metricLabels);
    m_values.assign(size_t(FixedFields + 2 * metricLabels.size()), UnknownValue);
    m_values[0] = sample.minReplicas;
    m_values[1] = sample.maxReplicas;
    m_values[2] = sample.currentReplicas;
    m_values[3] = sample.desiredReplicas;
    m_values[4] = double(quint8(sample.source));
    for (qsizetype i = 0; i < metricLabels.size(); ++i) {
        m_values[size_t(FixedFields + 2 * i)] = sample.metricCurrent.value(i, UnknownValue);
        m_values[size_t(FixedFields + 2 * i + 1)] = sample.metricTarget.value(i, UnknownValue);
    }
    m_store.append(handle, sample.timeMs, m_values);
}

void HpaHistory::appendMark(const HpaKey& key, const HpaMark& mark)
{
    // Marks need only the series: any layout's handle will do, the last one used if known.
    const SeriesKey series = seriesKey(key);
    const auto found = m_handles.constFind(series);
    const SeriesHandle handle = found != m_handles.constEnd() ? found->handle : m_store.series(series, {});
    m_store.appendMark(handle,
        { mark.timeMs, quint8(mark.kind), quint8(mark.source), mark.count, mark.type, mark.reason, mark.status,
            mark.message });
}

HpaTimeline HpaHistory::timeline(const HpaKey& key, qint64 fromMs, qint64 toMs) const
{
    const SeriesKey series = seriesKey(key);
    return timelineOf(key, m_store.samples(series, fromMs, toMs), m_store.marks(series, fromMs, toMs));
}

HpaTimeline HpaHistory::timelineOf(
    const HpaKey& key, const QList<SeriesSegment>& segments, const QList<HistoryMark>& marks)
{
    HpaTimeline timeline;
    timeline.key = key;
    for (auto it = segments.crbegin(); it != segments.crend(); ++it) {
        for (const QString& label : labelsOf(it->layout)) {
            if (!timeline.metricLabels.contains(label))
                timeline.metricLabels << label;
        }
    }
    const qsizetype metrics = timeline.metricLabels.size();
    qsizetype total = 0;
    for (const SeriesSegment& segment : segments)
        total += segment.size();
    timeline.samples.reserve(total);
    for (const SeriesSegment& segment : segments) {
        LabelColumns columns;
        for (const QString& label : std::as_const(timeline.metricLabels)) {
            const qsizetype at = labelsOf(segment.layout).indexOf(label);
            columns.current << (at < 0 ? -1 : FixedFields + 2 * at);
            columns.target << (at < 0 ? -1 : FixedFields + 2 * at + 1);
        }
        const qsizetype fields = segment.layout.size();
        for (qsizetype i = 0; i < segment.size(); ++i) {
            const double* v = segment.values.constData() + i * fields;
            HpaSample sample;
            sample.timeMs = segment.times.at(i);
            sample.minReplicas = replicas(v[0]);
            sample.maxReplicas = replicas(v[1]);
            sample.currentReplicas = replicas(v[2]);
            sample.desiredReplicas = replicas(v[3]);
            sample.source = v[4] == double(quint8(HistorySource::Prometheus)) ? HistorySource::Prometheus
                                                                               : HistorySource::Watch;
            sample.metricCurrent.resize(metrics, UnknownValue);
            sample.metricTarget.resize(metrics, UnknownValue);
            for (qsizetype m = 0; m < metrics; ++m) {
                if (columns.current.at(m) >= 0) {
                    sample.metricCurrent[m] = v[columns.current.at(m)];
                    sample.metricTarget[m] = v[columns.target.at(m)];
                }
            }
            timeline.samples.append(std::move(sample));
        }
    }
    // Segments of different layouts may interleave in time (a backfill beside live samples).
    std::stable_sort(timeline.samples.begin(), timeline.samples.end(),
        [](const HpaSample& a, const HpaSample& b) { return a.timeMs < b.timeMs; });
    for (const HistoryMark& mark : marks) {
        HpaMark out;
        out.timeMs = mark.timeMs;
        out.kind = mark.kind == quint8(HpaMark::Kind::Condition) ? HpaMark::Kind::Condition
            : mark.kind == quint8(HpaMark::Kind::Spec)           ? HpaMark::Kind::Spec
                                                                 : HpaMark::Kind::Event;
        out.type = mark.type;
        out.reason = mark.reason;
        out.status = mark.status;
        out.message = mark.message;
        out.count = mark.count;
        out.source = mark.source == quint8(HistorySource::Prometheus) ? HistorySource::Prometheus : HistorySource::Watch;
        timeline.marks.append(out);
    }
    return timeline;
}

QList<HpaKey> HpaHistory::hpas(const QString& cluster) const
{
    QList<HpaKey> keys;
    for (const SeriesInfo& info : m_store.seriesList(Kind, cluster))
        keys.append({ info.key.cluster, info.key.nameSpace, info.key.name });
    return keys;
}

} // namespace minato::history
