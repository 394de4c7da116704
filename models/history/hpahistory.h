// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historystore.h"
#include "history/hpatimeline.h"

#include <QHash>

namespace minato::history {

// HPA samples and marks in a HistoryStore: series kind "hpa", fields min, max, current,
// desired, source, then per spec metric m<i>.current and m<i>.target labelled with the metric.
// When old samples are downsampled the replica counts keep their maximum, so a flap or a short
// peak survives; metric values keep their mean, targets and spec bounds their last value.
// Appends follow HistoryStore's rules (cheap, no SQL); keep one HpaHistory per thread that
// appends, and query from the store's thread.
class HpaHistory
{
public:
    explicit HpaHistory(HistoryStore& store);

    static inline const QString Kind = QStringLiteral("hpa");
    static SeriesKey seriesKey(const HpaKey& key);
    static SeriesLayout layout(const QStringList& metricLabels);

    // labels name sample's metrics in order; another list than last time starts a new layout.
    void append(const HpaKey& key, const QStringList& metricLabels, const HpaSample& sample);
    void appendMark(const HpaKey& key, const HpaMark& mark);

    // Samples and marks with fromMs <= time <= toMs. metricLabels is the newest layout's list,
    // then labels only older samples had; every sample's metric lists follow it (NaN where a
    // sample's layout lacked the metric).
    HpaTimeline timeline(const HpaKey& key, qint64 fromMs, qint64 toMs) const;
    // The same from what a reader returned for the series (a reader of its own, in another thread).
    static HpaTimeline timelineOf(
        const HpaKey& key, const QList<SeriesSegment>& segments, const QList<HistoryMark>& marks);
    // The HPAs with history in a cluster (empty: every cluster).
    QList<HpaKey> hpas(const QString& cluster) const;

private:
    struct Cached
    {
        QStringList labels;
        SeriesHandle handle = InvalidSeries;
    };
    SeriesHandle handleFor(const HpaKey& key, const QStringList& labels);

    HistoryStore& m_store;
    QHash<SeriesKey, Cached> m_handles;
    std::vector<double> m_values;
};

} // namespace minato::history
