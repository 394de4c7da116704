// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

#include <limits>

namespace minato::history {

// Where a point of history came from: Minato's own watch of the cluster, or a backfill from the
// cluster's Prometheus (kube-state-metrics), which reaches back before Minato was running.
enum class HistorySource : quint8
{
    Watch,
    Prometheus,
};

// Which HPA a series belongs to. The uid separates an HPA deleted and created again under the
// same name; empty when unknown (a Prometheus backfill only knows the name).
struct HpaKey
{
    QString cluster; // the context name
    QString nameSpace;
    QString name;

    bool operator==(const HpaKey&) const = default;
};

inline constexpr double UnknownValue = std::numeric_limits<double>::quiet_NaN();

// One observation of an HPA: the replica counts and, per spec metric in spec order, its current
// value and its target, in the unit the chart shows (percent of request for Utilization, the
// quantity in base units for values: cores, bytes, requests per second). NaN: not known.
struct HpaSample
{
    qint64 timeMs = 0;
    qint32 minReplicas = -1;
    qint32 maxReplicas = -1;
    qint32 currentReplicas = -1;
    qint32 desiredReplicas = -1;
    QList<double> metricCurrent;
    QList<double> metricTarget;
    HistorySource source = HistorySource::Watch;
};

// Something that happened to an HPA at one moment: an event the controller recorded
// (SuccessfulRescale, FailedGetResourceMetric …), a condition that changed (AbleToScale,
// ScalingActive, ScalingLimited with its status and reason), or a spec change.
struct HpaMark
{
    enum class Kind : quint8
    {
        Event,
        Condition,
        Spec,
    };
    qint64 timeMs = 0;
    Kind kind = Kind::Event;
    QString type; // Event: Normal/Warning; Condition: its type; Spec: the field ("maxReplicas")
    QString reason; // Event and Condition reason; Condition also gets "True"/"False" in status
    QString status; // Condition: True/False/Unknown; Spec: the new value
    QString message;
    qint32 count = 1; // Event: how many times the event was counted at this moment
    HistorySource source = HistorySource::Watch;
};

// The metric labels the samples' columns stand for, e.g. "cpu utilization %",
// "pods/http_requests_per_second", "external/queue_depth". A spec change that alters the metric
// list starts a new layout; samples keep their own.
struct HpaTimeline
{
    HpaKey key;
    QStringList metricLabels;
    QList<HpaSample> samples; // by time
    QList<HpaMark> marks; // by time
};

} // namespace minato::history
