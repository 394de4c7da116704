// SPDX-License-Identifier: Apache-2.0
#include "kubestatehistory.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace minato::fleet {

using history::HistorySource;
using history::HpaMark;
using history::HpaSample;
using history::HpaTimeline;

namespace {

    struct Builder
    {
        QMap<qint64, HpaSample> samples;
        QStringList labels;
        QMap<QString, QMap<qint64, double>> targets; // by label
        QMap<QString, QMap<qint64, QString>> conditions; // by condition type: the status that is 1
    };

    using Key = QPair<QString, QString>; // namespace, name

    std::optional<Key> keyOf(const PrometheusSeries& series)
    {
        const QString nameSpace = series.labels.value(QStringLiteral("namespace"));
        const QString name = series.labels.value(QStringLiteral("horizontalpodautoscaler"));
        if (nameSpace.isEmpty() || name.isEmpty())
            return std::nullopt;
        return Key { nameSpace, name };
    }

    qint32 HpaSample::*replicaField(KubeStateSeries series)
    {
        switch (series) {
        case KubeStateSeries::CurrentReplicas:
            return &HpaSample::currentReplicas;
        case KubeStateSeries::DesiredReplicas:
            return &HpaSample::desiredReplicas;
        case KubeStateSeries::MinReplicas:
            return &HpaSample::minReplicas;
        case KubeStateSeries::MaxReplicas:
            return &HpaSample::maxReplicas;
        case KubeStateSeries::Condition:
        case KubeStateSeries::TargetMetric:
            break;
        }
        return nullptr;
    }

    QString conditionStatus(const QString& label)
    {
        if (label == QLatin1String("true"))
            return QStringLiteral("True");
        if (label == QLatin1String("false"))
            return QStringLiteral("False");
        return QStringLiteral("Unknown");
    }

    void addSpecMarks(HpaTimeline& timeline, const char* field, qint32 HpaSample::*member)
    {
        qint32 previous = -1;
        for (const HpaSample& sample : std::as_const(timeline.samples)) {
            const qint32 value = sample.*member;
            if (value < 0)
                continue;
            if (previous >= 0 && value != previous) {
                HpaMark mark;
                mark.timeMs = sample.timeMs;
                mark.kind = HpaMark::Kind::Spec;
                mark.type = QString::fromLatin1(field);
                mark.status = QString::number(value);
                mark.source = HistorySource::Prometheus;
                timeline.marks.append(mark);
            }
            previous = value;
        }
    }

} // namespace

QString KubeStateHistory::metricName(KubeStateSeries series)
{
    switch (series) {
    case KubeStateSeries::CurrentReplicas:
        return QStringLiteral("kube_horizontalpodautoscaler_status_current_replicas");
    case KubeStateSeries::DesiredReplicas:
        return QStringLiteral("kube_horizontalpodautoscaler_status_desired_replicas");
    case KubeStateSeries::MinReplicas:
        return QStringLiteral("kube_horizontalpodautoscaler_spec_min_replicas");
    case KubeStateSeries::MaxReplicas:
        return QStringLiteral("kube_horizontalpodautoscaler_spec_max_replicas");
    case KubeStateSeries::Condition:
        return QStringLiteral("kube_horizontalpodautoscaler_status_condition");
    case KubeStateSeries::TargetMetric:
        return QStringLiteral("kube_horizontalpodautoscaler_spec_target_metric");
    }
    return {};
}

QString KubeStateHistory::metricLabel(const QString& metricName, const QString& targetType)
{
    if (targetType == QLatin1String("utilization"))
        return metricName + QStringLiteral(" utilization %");
    return metricName + QLatin1Char(' ') + targetType;
}

QList<HpaTimeline> KubeStateHistory::timelines(const QString& cluster, const Matrices& matrices)
{
    QMap<Key, Builder> builders;
    for (int index = 0; index < KubeStateSeriesCount; ++index) {
        const auto kind = KubeStateSeries(index);
        // Per HPA and label, the first series wins; later duplicates only fill gaps.
        for (const PrometheusSeries& series : matrices.at(index).series) {
            const std::optional<Key> key = keyOf(series);
            if (!key)
                continue;
            Builder& b = builders[*key];
            const qsizetype n = std::min(series.timesMs.size(), series.values.size());
            if (qint32 HpaSample::*field = replicaField(kind)) {
                for (qsizetype i = 0; i < n; ++i) {
                    const double v = series.values.at(i);
                    HpaSample& sample = b.samples[series.timesMs.at(i)];
                    if (std::isfinite(v) && sample.*field < 0)
                        sample.*field = qint32(std::llround(v));
                }
            } else if (kind == KubeStateSeries::TargetMetric) {
                const QString label = metricLabel(series.labels.value(QStringLiteral("metric_name")),
                    series.labels.value(QStringLiteral("metric_target_type")));
                if (!b.labels.contains(label))
                    b.labels.append(label);
                QMap<qint64, double>& target = b.targets[label];
                for (qsizetype i = 0; i < n; ++i) {
                    b.samples[series.timesMs.at(i)]; // a target alone still makes a sample
                    target.insert(series.timesMs.at(i), series.values.at(i));
                }
            } else {
                const QString type = series.labels.value(QStringLiteral("condition"));
                const QString status = conditionStatus(series.labels.value(QStringLiteral("status")));
                if (type.isEmpty())
                    continue;
                QMap<qint64, QString>& condition = b.conditions[type];
                for (qsizetype i = 0; i < n; ++i) {
                    if (series.values.at(i) >= 0.5)
                        condition.insert(series.timesMs.at(i), status);
                }
            }
        }
    }

    QList<HpaTimeline> out;
    out.reserve(builders.size());
    for (auto it = builders.begin(); it != builders.end(); ++it) {
        Builder& b = it.value();
        HpaTimeline timeline;
        timeline.key = history::HpaKey { cluster, it.key().first, it.key().second };
        timeline.metricLabels = b.labels;
        timeline.samples.reserve(b.samples.size());
        for (auto s = b.samples.begin(); s != b.samples.end(); ++s) {
            HpaSample sample = s.value();
            sample.timeMs = s.key();
            sample.source = HistorySource::Prometheus;
            for (const QString& label : std::as_const(b.labels)) {
                sample.metricTarget.append(b.targets.value(label).value(s.key(), history::UnknownValue));
                sample.metricCurrent.append(history::UnknownValue);
            }
            timeline.samples.append(std::move(sample));
        }
        // A flip of the status that reads 1 is a condition change; the state the range starts in
        // is not one, and a gap (the condition not exported) does not reset it.
        for (auto c = b.conditions.cbegin(); c != b.conditions.cend(); ++c) {
            QString previous;
            for (auto p = c.value().cbegin(); p != c.value().cend(); ++p) {
                if (!previous.isEmpty() && p.value() != previous) {
                    HpaMark mark;
                    mark.timeMs = p.key();
                    mark.kind = HpaMark::Kind::Condition;
                    mark.type = c.key();
                    mark.status = p.value();
                    mark.source = HistorySource::Prometheus;
                    timeline.marks.append(mark);
                }
                previous = p.value();
            }
        }
        addSpecMarks(timeline, "minReplicas", &HpaSample::minReplicas);
        addSpecMarks(timeline, "maxReplicas", &HpaSample::maxReplicas);
        std::stable_sort(timeline.marks.begin(), timeline.marks.end(),
            [](const HpaMark& a, const HpaMark& b) { return a.timeMs < b.timeMs; });
        out.append(std::move(timeline));
    }
    return out;
}

} // namespace minato::fleet
