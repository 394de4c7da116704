// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHashFunctions>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>

namespace minato::history {

// One series of numbers over time: what it describes (kind "hpa", later "nodes", "runtimes"),
// in which cluster, and which object. The same key with another field layout is the same series.
struct SeriesKey
{
    QString kind;
    QString cluster;
    QString nameSpace;
    QString name;

    bool operator==(const SeriesKey&) const = default;
};

inline size_t qHash(const SeriesKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.kind, key.cluster, key.nameSpace, key.name);
}

// How a field's samples fold into one when old samples are downsampled. Last keeps the level a
// gauge ended at; Max keeps a short peak (a replica flap) that a mean would flatten away.
enum class Aggregation : quint8
{
    Last,
    Max,
    Min,
    Mean,
};

struct SeriesField
{
    QString name; // stable within the series: "current", "m0.current"
    Aggregation aggregation = Aggregation::Last;
    QString label; // what the user reads: "cpu utilization %"; may be empty

    bool operator==(const SeriesField&) const = default;
};

// The fields every sample of a chunk carries, in order. A series whose layout changes (an HPA
// whose metric list changed) starts a new chunk; old chunks keep the layout they were written with.
using SeriesLayout = QList<SeriesField>;

// Samples of one layout, column by column: values[i * layout.size() + f] is field f of sample i.
// resolutionMs is 0 for samples as observed, else the width of the downsampled buckets.
struct SeriesSegment
{
    SeriesLayout layout;
    qint64 resolutionMs = 0;
    QList<qint64> times; // ascending
    QList<double> values;

    qsizetype size() const { return times.size(); }
    double value(qsizetype sample, qsizetype field) const { return values.at(sample * layout.size() + field); }
};

// Something that happened to a series' object at one moment. Sparse, kept row by row; the
// meaning of kind and the texts belong to the layer above (HpaHistory maps HpaMark onto it).
struct HistoryMark
{
    qint64 timeMs = 0;
    quint8 kind = 0;
    quint8 source = 0;
    qint32 count = 1;
    QString type;
    QString reason;
    QString status;
    QString message;
};

// A series the store knows, with the time of its newest sample (0: marks only).
struct SeriesInfo
{
    SeriesKey key;
    qint64 lastSampleMs = 0;
};

struct HistoryOptions
{
    QString filePath; // empty: HistoryStore::defaultFilePath()
    qint64 chunkMs = 3600 * 1000; // one row per series and hour of raw samples
    qint64 flushIntervalMs = 10 * 1000;
    qsizetype flushQueueSize = 50000; // queued samples that trigger an early flush
    qint64 retentionMs = 14LL * 24 * 3600 * 1000;
    qint64 downsampleAfterMs = 48LL * 3600 * 1000;
    qint64 downsampleBucketMs = 5 * 60 * 1000;
    qint64 sizeCapBytes = 512LL * 1024 * 1024;
    qint64 maintenanceIntervalMs = 3600 * 1000; // 0: only at open and when asked
    int busyTimeoutMs = 3000;
    std::function<qint64()> clock; // ms since the epoch; empty: the wall clock
};

} // namespace minato::history

Q_DECLARE_METATYPE(minato::history::SeriesKey)
