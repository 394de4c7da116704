// SPDX-License-Identifier: Apache-2.0
#include "analysis/hpaactivity.h"

#include "fleet/clusterstore.h"

#include <QRegularExpression>

#include <algorithm>

namespace minato::analysis {

bool parseRescaleMessage(const QString& message, qint32* newSize, QString* reason)
{
    static const QRegularExpression pattern(QStringLiteral("^New size: (\\d+); reason: (.*)$"));
    const QRegularExpressionMatch match = pattern.match(message);
    if (!match.hasMatch())
        return false;
    *newSize = match.captured(1).toInt();
    *reason = match.captured(2);
    return true;
}

namespace {

    // "above target" scales up, "below target" down: the controller's wording since 1.6.
    int directionOf(const HpaScaleStep& step)
    {
        if (step.from >= 0)
            return step.to > step.from ? 1 : (step.to < step.from ? -1 : 0);
        if (step.reason.contains(QLatin1StringView("above")))
            return 1;
        if (step.reason.contains(QLatin1StringView("below")))
            return -1;
        return 0;
    }

    int countDirectionChanges(const QList<HpaScaleStep>& steps)
    {
        int changes = 0;
        int last = 0;
        for (const HpaScaleStep& step : steps) {
            const int direction = directionOf(step);
            if (direction == 0)
                continue;
            if (last != 0 && direction != last)
                ++changes;
            last = direction;
        }
        return changes;
    }

} // namespace

HpaActivity HpaActivity::ofTimeline(const history::HpaTimeline& timeline, qint64 fromMs, qint64 toMs)
{
    HpaActivity activity;
    activity.fromMs = fromMs;
    activity.toMs = toMs;
    activity.fromHistory = true;
    qint32 previous = -1;
    for (const history::HpaSample& sample : timeline.samples) {
        if (sample.timeMs > toMs)
            break;
        if (sample.currentReplicas < 0)
            continue;
        if (sample.timeMs >= fromMs && previous >= 0 && sample.currentReplicas != previous)
            activity.steps.append({ sample.timeMs, previous, sample.currentReplicas, {} });
        previous = sample.currentReplicas;
        const bool atMax = sample.maxReplicas > 0 && sample.currentReplicas >= sample.maxReplicas;
        const bool atMin = sample.minReplicas > 0 && sample.currentReplicas <= sample.minReplicas;
        if (!atMax)
            activity.atMaxSinceMs = 0;
        else if (activity.atMaxSinceMs == 0)
            activity.atMaxSinceMs = sample.timeMs;
        if (!atMin)
            activity.atMinSinceMs = 0;
        else if (activity.atMinSinceMs == 0)
            activity.atMinSinceMs = sample.timeMs;
    }
    // The controller's own words for why it rescaled, where an event sits next to the step.
    for (const history::HpaMark& mark : timeline.marks) {
        if (mark.kind != history::HpaMark::Kind::Event || mark.reason != QLatin1StringView("SuccessfulRescale"))
            continue;
        qint32 size = 0;
        QString reason;
        if (!parseRescaleMessage(mark.message, &size, &reason))
            continue;
        for (HpaScaleStep& step : activity.steps) {
            if (step.to == size && step.reason.isEmpty() && std::abs(step.timeMs - mark.timeMs) <= 60000) {
                step.reason = reason;
                break;
            }
        }
    }
    activity.rescales = int(activity.steps.size());
    activity.directionChanges = countDirectionChanges(activity.steps);
    if (!activity.steps.isEmpty())
        activity.lastScaleMs = activity.steps.constLast().timeMs;
    return activity;
}

HpaActivity HpaActivity::ofEvents(
    const fleet::StoreContent& store, const fleet::HpaInfo& hpa, qint64 fromMs, qint64 toMs)
{
    QList<const fleet::EventInfo*> about;
    for (const fleet::EventInfo& event : store.events())
        if (event.objectKind == QLatin1StringView("HorizontalPodAutoscaler") && event.objectName == hpa.meta.name
            && event.objectNamespace == hpa.meta.namespaceName)
            about.append(&event);
    return ofEvents(about, hpa, fromMs, toMs);
}

HpaActivity HpaActivity::ofEvents(
    const QList<const fleet::EventInfo*>& eventsAbout, const fleet::HpaInfo& hpa, qint64 fromMs, qint64 toMs)
{
    HpaActivity activity;
    activity.fromMs = fromMs;
    activity.toMs = toMs;
    QList<std::pair<HpaScaleStep, int>> found;
    for (const fleet::EventInfo* event : eventsAbout) {
        if (event->reason != QLatin1StringView("SuccessfulRescale"))
            continue;
        const qint64 lastMs = event->lastTimestamp * 1000;
        // Not bounded above: a cluster whose clock runs ahead still reports recent rescales.
        if (lastMs < fromMs)
            continue;
        qint32 size = 0;
        QString reason;
        if (!parseRescaleMessage(event->message, &size, &reason))
            continue;
        // An aggregated event's earlier occurrences fell in the window only if it began there.
        const int count = event->firstTimestamp * 1000 >= fromMs ? std::max(1, int(event->count)) : 1;
        found.append({ { lastMs, -1, size, reason }, count });
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first.timeMs < b.first.timeMs; });
    QList<int> counts;
    for (const auto& [step, count] : std::as_const(found)) {
        activity.steps.append(step);
        counts.append(count);
        activity.rescales += count;
    }
    activity.directionChanges = countDirectionChanges(activity.steps);
    if (hpa.lastScaleTime > 0)
        activity.lastScaleMs = hpa.lastScaleTime * 1000;
    else if (!activity.steps.isEmpty())
        activity.lastScaleMs = activity.steps.constLast().timeMs;
    // Aggregation hides the order: N rescales up and M down alternate at most 2·min(N, M) − 1 times,
    // which is what a flapping HPA does.
    if (activity.rescales > int(activity.steps.size())) {
        int ups = 0;
        int downs = 0;
        for (qsizetype i = 0; i < activity.steps.size(); ++i)
            (directionOf(activity.steps[i]) > 0 ? ups : downs) += counts[i];
        activity.directionChanges = std::max(activity.directionChanges, 2 * std::min(ups, downs) - 1);
    }
    return activity;
}

bool HpaActivity::isFlapping(int changes) const
{
    return directionChanges >= changes;
}

} // namespace minato::analysis
