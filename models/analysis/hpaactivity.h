// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/hpatimeline.h"

#include <QList>
#include <QString>

namespace minato::fleet {
class StoreContent;
struct EventInfo;
struct HpaInfo;
} // namespace minato::fleet

namespace minato::analysis {

// One rescale the controller made: from how many replicas to how many, and when.
struct HpaScaleStep
{
    qint64 timeMs = 0;
    qint32 from = -1; // -1: not known (an event tells only the new size)
    qint32 to = 0;
    QString reason; // SuccessfulRescale's "cpu resource utilization (percentage of request) above target"
};

// What an HPA did over a window of time, from the recorded history when there is one, else from
// the controller's SuccessfulRescale events in the store (which the API server aggregates: one
// event per new size, with a count, so rescales are counted but their order is approximate).
struct HpaActivity
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    bool fromHistory = false;
    QList<HpaScaleStep> steps; // by time
    int rescales = 0; // events counted: >= steps.size() when events were aggregated
    int directionChanges = 0; // up then down or down then up
    qint64 lastScaleMs = 0;
    qint64 atMaxSinceMs = 0; // at max replicas continuously since; 0: not at max at the end
    qint64 atMinSinceMs = 0;

    // A timeline's replica steps: where currentReplicas changed between samples.
    static HpaActivity ofTimeline(const history::HpaTimeline& timeline, qint64 fromMs, qint64 toMs);
    // The SuccessfulRescale events about the HPA in the store whose last time is in the window.
    static HpaActivity ofEvents(
        const fleet::StoreContent& store, const fleet::HpaInfo& hpa, qint64 fromMs, qint64 toMs);
    // The same from the events about the HPA, already picked out of the store (HpaStoreIndex).
    static HpaActivity ofEvents(const QList<const fleet::EventInfo*>& eventsAbout, const fleet::HpaInfo& hpa,
        qint64 fromMs, qint64 toMs);

    // Flapping: the direction changed at least `changes` times in the window (kube-state-metrics
    // dashboards call the same thing "HPA flapping"), or, from aggregated events that cannot
    // tell the order, both directions were taken at least `changes` times each.
    bool isFlapping(int changes = 4) const;
};

// "New size: 5; reason: cpu resource utilization (percentage of request) above target".
bool parseRescaleMessage(const QString& message, qint32* newSize, QString* reason);

} // namespace minato::analysis
