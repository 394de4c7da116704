// SPDX-License-Identifier: Apache-2.0
#include "historyreader.h"

#include "history/chunkcodec.h"
#include "history/historydatabase.h"

#include <QSqlError>

#include <algorithm>
#include <numeric>

namespace minato::history {

namespace {

// No chunk spans more than this (raw ones a bucket, downsampled ones a day): it bounds the
// index range a query scans to the chunks that can overlap.
constexpr qint64 MaxChunkSpanMs = 24LL * 3600 * 1000;

// Overlapping chunks (a backfill beside live samples) leave a segment out of order.
void sortSegment(SeriesSegment& segment)
{
    if (std::is_sorted(segment.times.cbegin(), segment.times.cend()))
        return;
    const qsizetype fields = segment.layout.size();
    std::vector<qsizetype> order(size_t(segment.times.size()));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](qsizetype a, qsizetype b) { return segment.times.at(a) < segment.times.at(b); });
    QList<qint64> times;
    QList<double> values;
    times.reserve(segment.times.size());
    values.reserve(segment.values.size());
    for (qsizetype i : order) {
        times.append(segment.times.at(i));
        for (qsizetype f = 0; f < fields; ++f)
            values.append(segment.values.at(i * fields + f));
    }
    segment.times = std::move(times);
    segment.values = std::move(values);
}

// Keeps fromMs <= time <= toMs of the samples appended since `first`.
void clip(SeriesSegment& segment, qsizetype first, qint64 fromMs, qint64 toMs)
{
    const qsizetype fields = segment.layout.size();
    qsizetype out = first;
    for (qsizetype i = first; i < segment.times.size(); ++i) {
        const qint64 t = segment.times.at(i);
        if (t < fromMs || t > toMs)
            continue;
        if (out != i) {
            segment.times[out] = t;
            for (qsizetype f = 0; f < fields; ++f)
                segment.values[out * fields + f] = segment.values.at(i * fields + f);
        }
        ++out;
    }
    segment.times.resize(out);
    segment.values.resize(out * fields);
}

} // namespace

HistoryReader::HistoryReader(const QString& path, int busyTimeoutMs)
    : m_connection(uniqueConnectionName("reader"))
{
    QSqlDatabase db = openConnection(m_connection, path, busyTimeoutMs);
    m_open = db.isOpen();
    if (!m_open)
        return;
    m_findSeries.emplace(db);
    m_findSeries->prepare(
        QStringLiteral("SELECT id FROM series WHERE kind = ? AND cluster = ? AND namespace = ? AND name = ?"));
    m_chunks.emplace(db);
    m_chunks->setForwardOnly(true);
    m_chunks->prepare(QStringLiteral("SELECT layout_id, resolution_ms, data FROM chunks"
                                     " WHERE series_id = ? AND start_ms >= ? AND start_ms <= ? AND end_ms >= ?"
                                     " ORDER BY start_ms"));
    m_marks.emplace(db);
    m_marks->setForwardOnly(true);
    m_marks->prepare(QStringLiteral("SELECT time_ms, kind, source, count, type, reason, status, message FROM marks"
                                    " WHERE series_id = ? AND time_ms >= ? AND time_ms <= ? ORDER BY time_ms, id"));
}

HistoryReader::~HistoryReader()
{
    m_findSeries.reset();
    m_chunks.reset();
    m_marks.reset();
    QSqlDatabase::database(m_connection, false).close();
    closeConnection(m_connection);
}

qint64 HistoryReader::seriesId(const SeriesKey& key)
{
    if (!m_open)
        return 0;
    QSqlQuery& q = *m_findSeries;
    q.bindValue(0, key.kind);
    q.bindValue(1, key.cluster);
    q.bindValue(2, key.nameSpace);
    q.bindValue(3, key.name);
    const qint64 id = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    return id;
}

const SeriesLayout* HistoryReader::layout(qint64 layoutId)
{
    auto found = m_layouts.find(layoutId);
    if (found == m_layouts.end()) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("SELECT fields FROM layouts WHERE id = ?"));
        q.addBindValue(layoutId);
        if (!q.exec() || !q.next())
            return nullptr;
        found = m_layouts.insert(layoutId, layoutFromText(q.value(0).toString()));
    }
    return &*found;
}

QList<SeriesSegment> HistoryReader::samples(const SeriesKey& key, qint64 fromMs, qint64 toMs)
{
    QList<SeriesSegment> segments;
    const qint64 id = seriesId(key);
    if (id == 0)
        return segments;
    QSqlQuery& q = *m_chunks;
    q.bindValue(0, id);
    q.bindValue(1, fromMs - MaxChunkSpanMs);
    q.bindValue(2, toMs);
    q.bindValue(3, fromMs);
    if (!q.exec()) {
        qCWarning(lcHistory) << "history query failed:" << q.lastError().text();
        return segments;
    }
    qint64 currentLayout = -1;
    while (q.next()) {
        const qint64 layoutId = q.value(0).toLongLong();
        const qint64 resolution = q.value(1).toLongLong();
        const SeriesLayout* fields = layout(layoutId);
        if (!fields)
            continue;
        if (segments.isEmpty() || layoutId != currentLayout || segments.last().resolutionMs != resolution) {
            segments.append({ *fields, resolution, {}, {} });
            currentLayout = layoutId;
        }
        SeriesSegment& segment = segments.last();
        const qsizetype first = segment.times.size();
        if (!decodeChunk(q.value(2).toByteArray(), int(fields->size()), segment.times, segment.values)) {
            qCWarning(lcHistory) << "skipping an unreadable chunk of" << key.kind << key.cluster << key.name;
            continue;
        }
        clip(segment, first, fromMs, toMs);
    }
    q.finish();
    segments.removeIf([](const SeriesSegment& segment) { return segment.times.isEmpty(); });
    for (SeriesSegment& segment : segments)
        sortSegment(segment);
    return segments;
}

QList<HistoryMark> HistoryReader::marks(const SeriesKey& key, qint64 fromMs, qint64 toMs)
{
    QList<HistoryMark> marks;
    const qint64 id = seriesId(key);
    if (id == 0)
        return marks;
    QSqlQuery& q = *m_marks;
    q.bindValue(0, id);
    q.bindValue(1, fromMs);
    q.bindValue(2, toMs);
    if (!q.exec())
        return marks;
    while (q.next()) {
        marks.append({ q.value(0).toLongLong(), quint8(q.value(1).toInt()), quint8(q.value(2).toInt()),
            q.value(3).toInt(), q.value(4).toString(), q.value(5).toString(), q.value(6).toString(),
            q.value(7).toString() });
    }
    q.finish();
    return marks;
}

QList<SeriesInfo> HistoryReader::seriesList(const QString& kind, const QString& cluster)
{
    QList<SeriesInfo> list;
    if (!m_open)
        return list;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT s.kind, s.cluster, s.namespace, s.name,"
                             " (SELECT MAX(c.end_ms) FROM chunks c WHERE c.series_id = s.id)"
                             " FROM series s WHERE s.kind = ? AND (? = '' OR s.cluster = ?)"
                             " ORDER BY s.cluster, s.namespace, s.name"));
    q.addBindValue(kind);
    q.addBindValue(cluster.isNull() ? QStringLiteral("") : cluster);
    q.addBindValue(cluster.isNull() ? QStringLiteral("") : cluster);
    if (!q.exec())
        return list;
    while (q.next()) {
        list.append({ { q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString() },
            q.value(4).toLongLong() });
    }
    return list;
}

} // namespace minato::history
