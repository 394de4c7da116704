// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historytypes.h"

#include <QHash>
#include <QMutex>

#include <atomic>
#include <span>
#include <vector>

namespace minato::history {

// A series and layout as the writer learns it; handles are dense indexes into the queue's table.
using SeriesHandle = qint32;
inline constexpr SeriesHandle InvalidSeries = -1;

struct HandleDefinition
{
    SeriesHandle handle = InvalidSeries;
    SeriesKey key;
    SeriesLayout layout;
};

struct QueuedSample
{
    SeriesHandle handle = InvalidSeries;
    qint64 timeMs = 0;
    qsizetype valueOffset = 0; // into WriteBatch::values
};

struct QueuedMark
{
    SeriesHandle handle = InvalidSeries;
    HistoryMark mark;
};

// What one flush writes, in the order it was appended.
struct WriteBatch
{
    std::vector<HandleDefinition> handles;
    std::vector<QueuedSample> samples;
    std::vector<double> values;
    std::vector<QueuedMark> marks;

    bool isEmpty() const { return handles.empty() && samples.empty() && marks.empty(); }
};

// The hand-over between the threads that append and the writer: appends only copy numbers
// under a mutex the writer holds just long enough to swap the batch out, never across SQL.
class WriteQueue
{
public:
    // The same key and layout give the same handle; a new layout gives a new handle.
    SeriesHandle handle(const SeriesKey& key, const SeriesLayout& layout);
    int fieldCount(SeriesHandle handle) const;

    // False when the handle is unknown or values has the wrong size (the sample is dropped).
    // needsFlush becomes true once per batch, when it grows past flushSize.
    bool append(SeriesHandle handle, qint64 timeMs, std::span<const double> values, bool& needsFlush);
    bool appendMark(SeriesHandle handle, const HistoryMark& mark);

    WriteBatch take();
    qsizetype pendingSamples() const;
    bool isEmpty() const;
    void setFlushSize(qsizetype size) { m_flushSize = size; }

private:
    mutable QMutex m_mutex;
    WriteBatch m_batch;
    QHash<QString, SeriesHandle> m_handles;
    std::vector<int> m_fieldCounts;
    qsizetype m_flushSize = 50000;
    bool m_flushAsked = false;
};

} // namespace minato::history
