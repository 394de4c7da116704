// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historytypes.h"

#include <QMetaType>
#include <QSet>
#include <QSqlDatabase>

namespace minato::history {

struct MaintenanceReport
{
    qint64 expiredChunks = 0; // older than the retention
    qint64 expiredMarks = 0;
    qint64 downsampledChunks = 0; // raw chunks folded into coarser ones
    qint64 cappedChunks = 0; // oldest chunks dropped to stay under the size cap
    qint64 bytesBefore = 0; // pages in use, not the file size
    qint64 bytesAfter = 0;
};

// Folds samples (sorted by time) into buckets of bucketMs: one sample per bucket, at the time
// of its last sample, each field by its aggregation; NaN counts only when a bucket has nothing else.
// A mean of values that are all whole milli-units is rounded to milli-units.
void downsample(const SeriesLayout& layout, qint64 bucketMs, const QList<qint64>& times, const QList<double>& values,
    QList<qint64>& outTimes, QList<double>& outValues);

// Retention, downsampling and the size cap over a writer's connection (its thread). Chunks the
// writer still appends to, and series it has cached ids for, are left alone.
class HistoryMaintenance
{
public:
    HistoryMaintenance(QSqlDatabase db, const HistoryOptions& options);

    MaintenanceReport run(qint64 nowMs, const QSet<qint64>& openChunks, const QSet<qint64>& liveSeries);

    // Bytes of the pages in use (page_count minus the free list, times the page size).
    static qint64 usedBytes(QSqlDatabase& db);

private:
    qint64 expire(qint64 nowMs, const QSet<qint64>& liveSeries, qint64& marks);
    qint64 downsampleOld(qint64 nowMs, const QSet<qint64>& openChunks);
    bool downsampleSeries(qint64 seriesId, qint64 oldestRawMs, qint64 cutoff, const QSet<qint64>& openChunks, qint64& folded);
    qint64 enforceCap(const QSet<qint64>& openChunks);
    SeriesLayout layout(qint64 layoutId);

    QSqlDatabase m_db;
    HistoryOptions m_options;
    QHash<qint64, SeriesLayout> m_layouts;
};

} // namespace minato::history

Q_DECLARE_METATYPE(minato::history::MaintenanceReport)
