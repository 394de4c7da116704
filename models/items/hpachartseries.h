// SPDX-License-Identifier: Apache-2.0
#pragma once

// The timeline types come through the analysis header: items sit over analysis (tst_includerules).
#include "analysis/autoscalingreport.h"

#include <QList>
#include <QPointF>
#include <QString>

namespace minato::items {

// The time spans the autoscaling chart offers as buttons.
enum class ChartRange : quint8
{
    OneHour,
    SixHours,
    OneDay,
    SevenDays,
};
QList<ChartRange> allChartRanges();
qint64 chartRangeMs(ChartRange range);
QString chartRangeLabel(ChartRange range); // "1h", "6h", "24h", "7d"

// Something to mark on the time axis: an event, a condition change or a spec change.
struct HpaChartMarker
{
    double time = 0; // seconds since the epoch
    double replicas = history::UnknownValue; // the current replicas in force then (where the marker sits), NaN: none
    QString title; // "SuccessfulRescale", "ScalingActive → False"
    QString text; // the tooltip: time, title, message
    bool warning = false;
    history::HpaMark::Kind kind = history::HpaMark::Kind::Event;
};

// One metric of an HPA over time, in the chart's unit (percent for utilization).
struct HpaChartMetric
{
    QString label; // "cpu utilization"
    QList<QPointF> current; // NaN y: not known there, the line breaks
    QList<QPointF> target;
};

// What a chart draws for one HPA over a range, without widgets: x is seconds since the epoch
// (QCustomPlot's date axis), y replicas or the metric's value. A NaN y breaks a line (a gap in
// the recording, an unknown value); it is never drawn as 0.
struct HpaChartSeries
{
    history::HpaKey key;
    QString label; // "cluster ns/name"
    double fromSeconds = 0;
    double toSeconds = 0;
    // Step lines: each change of the count is a vertical step at the sample that saw it.
    QList<QPointF> current;
    QList<QPointF> desired;
    // The band between minReplicas and maxReplicas, also stepped; same x in both.
    QList<QPointF> minReplicas;
    QList<QPointF> maxReplicas;
    QList<HpaChartMetric> metrics;
    QList<HpaChartMarker> events; // Event marks
    QList<HpaChartMarker> changes; // Condition and Spec marks

    bool hasData() const { return !current.isEmpty() || !desired.isEmpty(); }
    // Points of every line, for tests and the empty-state decision.
    qsizetype pointCount() const;

    // The timeline's samples and marks within [fromMs, toMs]. Two samples further apart than
    // maxGapMs (0: never) are not joined: the recording stopped between them.
    static HpaChartSeries of(const history::HpaTimeline& timeline, qint64 fromMs, qint64 toMs, qint64 maxGapMs = 0);
    // Several HPAs overlaid, each labelled "cluster ns/name".
    static QList<HpaChartSeries> overlay(
        const QList<history::HpaTimeline>& timelines, qint64 fromMs, qint64 toMs, qint64 maxGapMs = 0);
};

QString hpaChartLabel(const history::HpaKey& key); // "cluster ns/name"

} // namespace minato::items
