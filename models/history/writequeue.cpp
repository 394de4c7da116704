// SPDX-License-Identifier: Apache-2.0
#include "writequeue.h"

#include "history/historydatabase.h"

#include <QMutexLocker>

namespace minato::history {

SeriesHandle WriteQueue::handle(const SeriesKey& key, const SeriesLayout& layout)
{
    const QString id = key.kind + u'\x1f' + key.cluster + u'\x1f' + key.nameSpace + u'\x1f' + key.name + u'\x1e'
        + layoutToText(layout);
    QMutexLocker lock(&m_mutex);
    const auto found = m_handles.constFind(id);
    if (found != m_handles.constEnd())
        return *found;
    const SeriesHandle handle = SeriesHandle(m_fieldCounts.size());
    m_fieldCounts.push_back(int(layout.size()));
    m_handles.insert(id, handle);
    m_batch.handles.push_back({ handle, key, layout });
    return handle;
}

int WriteQueue::fieldCount(SeriesHandle handle) const
{
    QMutexLocker lock(&m_mutex);
    return handle >= 0 && size_t(handle) < m_fieldCounts.size() ? m_fieldCounts[size_t(handle)] : -1;
}

bool WriteQueue::append(SeriesHandle handle, qint64 timeMs, std::span<const double> values, bool& needsFlush)
{
    QMutexLocker lock(&m_mutex);
    needsFlush = false;
    if (handle < 0 || size_t(handle) >= m_fieldCounts.size() || m_fieldCounts[size_t(handle)] != int(values.size())
        || values.empty())
        return false;
    m_batch.samples.push_back({ handle, timeMs, qsizetype(m_batch.values.size()) });
    m_batch.values.insert(m_batch.values.end(), values.begin(), values.end());
    if (!m_flushAsked && qsizetype(m_batch.samples.size()) >= m_flushSize) {
        m_flushAsked = true;
        needsFlush = true;
    }
    return true;
}

bool WriteQueue::appendMark(SeriesHandle handle, const HistoryMark& mark)
{
    QMutexLocker lock(&m_mutex);
    if (handle < 0 || size_t(handle) >= m_fieldCounts.size())
        return false;
    m_batch.marks.push_back({ handle, mark });
    return true;
}

WriteBatch WriteQueue::take()
{
    WriteBatch taken;
    QMutexLocker lock(&m_mutex);
    std::swap(taken, m_batch);
    m_flushAsked = false;
    // The next batch likely grows as large: spare the appending thread the reallocations.
    m_batch.samples.reserve(taken.samples.size());
    m_batch.values.reserve(taken.values.size());
    return taken;
}

qsizetype WriteQueue::pendingSamples() const
{
    QMutexLocker lock(&m_mutex);
    return qsizetype(m_batch.samples.size());
}

bool WriteQueue::isEmpty() const
{
    QMutexLocker lock(&m_mutex);
    return m_batch.isEmpty();
}

} // namespace minato::history
