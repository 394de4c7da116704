// SPDX-License-Identifier: Apache-2.0
#include "items/hpachartseries.h"

#include <QDateTime>

#include <cmath>

namespace minato::items {

namespace {

    constexpr double Nan = history::UnknownValue;

    double seconds(qint64 ms)
    {
        return double(ms) / 1000.0;
    }

    double replicas(qint32 count)
    {
        return count < 0 ? Nan : double(count);
    }

    // A line of samples: stepped (a count holds until the next sample) or straight (a
    // measurement moves between them). NaN values and gaps end the line; the next value
    // starts a new piece.
    class LineBuilder
    {
    public:
        LineBuilder(QList<QPointF>& out, bool stepped)
            : m_out(out)
            , m_stepped(stepped)
        {
        }
        void add(double t, double v)
        {
            if (std::isnan(v)) {
                breakAt(t);
                return;
            }
            if (m_stepped && m_open && v != m_last)
                m_out.append({ t, m_last });
            m_out.append({ t, v });
            m_open = true;
            m_last = v;
        }
        void breakAt(double t)
        {
            if (m_open)
                m_out.append({ t, Nan });
            m_open = false;
        }

    private:
        QList<QPointF>& m_out;
        bool m_stepped;
        bool m_open = false;
        double m_last = Nan;
    };

    QString timeText(qint64 ms)
    {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }

    bool conditionIsBad(const history::HpaMark& mark)
    {
        if (mark.type == QLatin1String("ScalingLimited"))
            return mark.status == QLatin1String("True");
        return mark.status == QLatin1String("False");
    }

    HpaChartMarker markerOf(const history::HpaMark& mark)
    {
        HpaChartMarker m;
        m.time = seconds(mark.timeMs);
        m.kind = mark.kind;
        switch (mark.kind) {
        case history::HpaMark::Kind::Event:
            m.title = mark.reason;
            if (mark.count > 1)
                m.title += QStringLiteral(" (×%1)").arg(mark.count);
            m.warning = mark.type == QLatin1String("Warning");
            break;
        case history::HpaMark::Kind::Condition:
            m.title = mark.type + QStringLiteral(" → ") + mark.status;
            if (!mark.reason.isEmpty())
                m.title += QStringLiteral(" (") + mark.reason + QLatin1Char(')');
            m.warning = conditionIsBad(mark);
            break;
        case history::HpaMark::Kind::Spec:
            m.title = mark.type + QStringLiteral(" → ") + mark.status;
            break;
        }
        m.text = timeText(mark.timeMs) + QLatin1Char(' ') + m.title;
        if (mark.kind == history::HpaMark::Kind::Event && !mark.type.isEmpty())
            m.text = timeText(mark.timeMs) + QLatin1Char(' ') + mark.type + QLatin1Char(' ') + m.title;
        if (!mark.message.isEmpty())
            m.text += QLatin1Char('\n') + mark.message;
        return m;
    }

} // namespace

QList<ChartRange> allChartRanges()
{
    return { ChartRange::OneHour, ChartRange::SixHours, ChartRange::OneDay, ChartRange::SevenDays };
}

qint64 chartRangeMs(ChartRange range)
{
    constexpr qint64 hour = 3600 * 1000;
    switch (range) {
    case ChartRange::OneHour:
        return hour;
    case ChartRange::SixHours:
        return 6 * hour;
    case ChartRange::OneDay:
        return 24 * hour;
    case ChartRange::SevenDays:
        break;
    }
    return 7 * 24 * hour;
}

QString chartRangeLabel(ChartRange range)
{
    switch (range) {
    case ChartRange::OneHour:
        return QStringLiteral("1h");
    case ChartRange::SixHours:
        return QStringLiteral("6h");
    case ChartRange::OneDay:
        return QStringLiteral("24h");
    case ChartRange::SevenDays:
        break;
    }
    return QStringLiteral("7d");
}

QString hpaChartLabel(const history::HpaKey& key)
{
    return key.cluster + QLatin1Char(' ') + key.nameSpace + QLatin1Char('/') + key.name;
}

qsizetype HpaChartSeries::pointCount() const
{
    qsizetype n = current.size() + desired.size() + minReplicas.size() + maxReplicas.size();
    for (const HpaChartMetric& m : metrics)
        n += m.current.size() + m.target.size();
    return n;
}

HpaChartSeries HpaChartSeries::of(const history::HpaTimeline& timeline, qint64 fromMs, qint64 toMs, qint64 maxGapMs)
{
    HpaChartSeries s;
    s.key = timeline.key;
    s.label = hpaChartLabel(timeline.key);
    s.fromSeconds = seconds(fromMs);
    s.toSeconds = seconds(toMs);
    for (const QString& label : timeline.metricLabels)
        s.metrics.append(HpaChartMetric { label, {}, {} });

    LineBuilder current(s.current, true);
    LineBuilder desired(s.desired, true);
    LineBuilder minimum(s.minReplicas, true);
    LineBuilder maximum(s.maxReplicas, true);
    std::vector<LineBuilder> metricCurrent;
    std::vector<LineBuilder> metricTarget;
    for (HpaChartMetric& m : s.metrics) {
        metricCurrent.emplace_back(m.current, false);
        metricTarget.emplace_back(m.target, true);
    }

    qint64 previous = -1;
    for (const history::HpaSample& sample : timeline.samples) {
        if (sample.timeMs < fromMs || sample.timeMs > toMs)
            continue;
        if (maxGapMs > 0 && previous >= 0 && sample.timeMs - previous > maxGapMs) {
            // Nothing was recorded in between: end every line half way.
            const double mid = seconds(previous + (sample.timeMs - previous) / 2);
            current.breakAt(mid);
            desired.breakAt(mid);
            minimum.breakAt(mid);
            maximum.breakAt(mid);
            for (LineBuilder& b : metricCurrent)
                b.breakAt(mid);
            for (LineBuilder& b : metricTarget)
                b.breakAt(mid);
        }
        previous = sample.timeMs;
        const double t = seconds(sample.timeMs);
        current.add(t, replicas(sample.currentReplicas));
        desired.add(t, replicas(sample.desiredReplicas));
        // The band needs both bounds at the same x: a sample missing one leaves a hole in both.
        const bool bounds = sample.minReplicas >= 0 && sample.maxReplicas >= 0;
        minimum.add(t, bounds ? replicas(sample.minReplicas) : Nan);
        maximum.add(t, bounds ? replicas(sample.maxReplicas) : Nan);
        for (qsizetype m = 0; m < s.metrics.size(); ++m) {
            metricCurrent[std::size_t(m)].add(t, sample.metricCurrent.value(m, Nan));
            metricTarget[std::size_t(m)].add(t, sample.metricTarget.value(m, Nan));
        }
    }

    for (const history::HpaMark& mark : timeline.marks) {
        if (mark.timeMs < fromMs || mark.timeMs > toMs)
            continue;
        HpaChartMarker marker = markerOf(mark);
        // On the current line: the count in force at the mark.
        for (const history::HpaSample& sample : timeline.samples) {
            if (sample.timeMs > mark.timeMs)
                break;
            if (sample.timeMs >= fromMs)
                marker.replicas = replicas(sample.currentReplicas);
        }
        if (mark.kind == history::HpaMark::Kind::Event)
            s.events.append(marker);
        else
            s.changes.append(marker);
    }
    return s;
}

QList<HpaChartSeries> HpaChartSeries::overlay(
    const QList<history::HpaTimeline>& timelines, qint64 fromMs, qint64 toMs, qint64 maxGapMs)
{
    QList<HpaChartSeries> out;
    out.reserve(timelines.size());
    for (const history::HpaTimeline& timeline : timelines)
        out.append(of(timeline, fromMs, toMs, maxGapMs));
    return out;
}

} // namespace minato::items
