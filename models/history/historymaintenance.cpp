// SPDX-License-Identifier: Apache-2.0
#include "historymaintenance.h"

#include "history/chunkcodec.h"
#include "history/historydatabase.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace minato::history {

namespace {

constexpr qint64 DayMs = 24LL * 3600 * 1000;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

struct ChunkRow
{
    qint64 id = 0;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 layoutId = 0;
    qint64 resolutionMs = 0;
    QByteArray data;
};

void exec(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        qCWarning(lcHistory) << sql << q.lastError().text();
}

// incremental_vacuum frees one page per sqlite3_step, and a statement without result columns
// is stepped once by QtSql: run it once per free page, in one transaction.
void vacuumFreePages(QSqlDatabase& db)
{
    QSqlQuery q(db);
    const qint64 free = q.exec(QStringLiteral("PRAGMA freelist_count")) && q.next() ? q.value(0).toLongLong() : 0;
    q.finish();
    if (free == 0)
        return;
    db.transaction();
    for (qint64 i = 0; i < free; ++i) {
        const bool ok = q.exec(QStringLiteral("PRAGMA incremental_vacuum(1)"));
        q.finish(); // an unfinished statement would keep the commit from happening
        if (!ok)
            break;
    }
    if (!db.commit())
        qCWarning(lcHistory) << "incremental vacuum:" << db.lastError().text();
}

bool isMilli(double v)
{
    const double milli = std::round(v * 1000.0);
    return std::fabs(milli) < 4503599627370496.0 && milli / 1000.0 == v;
}

} // namespace

void downsample(const SeriesLayout& layout, qint64 bucketMs, const QList<qint64>& times, const QList<double>& values,
    QList<qint64>& outTimes, QList<double>& outValues)
{
    const qsizetype fields = layout.size();
    std::vector<double> acc { std::vector<double>(size_t(fields)) };
    std::vector<int> counts { std::vector<int>(size_t(fields)) };
    std::vector<char> milliInputs { std::vector<char>(size_t(fields)) };
    qsizetype i = 0;
    while (i < times.size()) {
        const qint64 bucket = floorDiv(times.at(i), bucketMs);
        std::fill(acc.begin(), acc.end(), std::numeric_limits<double>::quiet_NaN());
        std::fill(counts.begin(), counts.end(), 0);
        std::fill(milliInputs.begin(), milliInputs.end(), char(1));
        qint64 last = times.at(i);
        for (; i < times.size() && floorDiv(times.at(i), bucketMs) == bucket; ++i) {
            last = times.at(i);
            for (qsizetype f = 0; f < fields; ++f) {
                const double v = values.at(i * fields + f);
                double& a = acc[size_t(f)];
                if (std::isnan(v))
                    continue; // a known value beats an unknown one
                const bool first = counts[size_t(f)]++ == 0;
                switch (layout.at(f).aggregation) {
                case Aggregation::Last:
                    a = v;
                    break;
                case Aggregation::Max:
                    a = first ? v : std::max(a, v);
                    break;
                case Aggregation::Min:
                    a = first ? v : std::min(a, v);
                    break;
                case Aggregation::Mean:
                    a = first ? v : a + v;
                    milliInputs[size_t(f)] = milliInputs[size_t(f)] && isMilli(v);
                    break;
                }
            }
        }
        outTimes.append(last);
        for (qsizetype f = 0; f < fields; ++f) {
            double v = acc[size_t(f)];
            if (layout.at(f).aggregation == Aggregation::Mean && counts[size_t(f)] > 0) {
                v /= counts[size_t(f)];
                // Inputs in milli units (utilization %, Kubernetes quantities) carry no finer
                // precision: a mean rounded to them stores as a small varint, not a double.
                if (milliInputs[size_t(f)])
                    v = std::round(v * 1000.0) / 1000.0;
            }
            outValues.append(v);
        }
    }
}

HistoryMaintenance::HistoryMaintenance(QSqlDatabase db, const HistoryOptions& options)
    : m_db(std::move(db))
    , m_options(options)
{ }

qint64 HistoryMaintenance::usedBytes(QSqlDatabase& db)
{
    QSqlQuery q(db);
    const auto pragma = [&q](const char* name) {
        return q.exec(QLatin1String(name)) && q.next() ? q.value(0).toLongLong() : 0;
    };
    const qint64 pages = pragma("PRAGMA page_count");
    const qint64 free = pragma("PRAGMA freelist_count");
    const qint64 pageSize = pragma("PRAGMA page_size");
    q.finish();
    return (pages - free) * pageSize;
}

SeriesLayout HistoryMaintenance::layout(qint64 layoutId)
{
    const auto found = m_layouts.constFind(layoutId);
    if (found != m_layouts.constEnd())
        return *found;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT fields FROM layouts WHERE id = ?"));
    q.addBindValue(layoutId);
    const SeriesLayout result = q.exec() && q.next() ? layoutFromText(q.value(0).toString()) : SeriesLayout {};
    m_layouts.insert(layoutId, result);
    return result;
}

MaintenanceReport HistoryMaintenance::run(qint64 nowMs, const QSet<qint64>& openChunks, const QSet<qint64>& liveSeries)
{
    MaintenanceReport report;
    report.bytesBefore = usedBytes(m_db);
    report.expiredChunks = expire(nowMs, liveSeries, report.expiredMarks);
    report.downsampledChunks = downsampleOld(nowMs, openChunks);
    report.cappedChunks = enforceCap(openChunks);
    if (report.expiredChunks + report.expiredMarks + report.downsampledChunks + report.cappedChunks > 0) {
        // Free pages go back to the file system; in WAL mode the file shrinks at the checkpoint.
        vacuumFreePages(m_db);
        exec(m_db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    report.bytesAfter = usedBytes(m_db);
    return report;
}

qint64 HistoryMaintenance::expire(qint64 nowMs, const QSet<qint64>& liveSeries, qint64& marks)
{
    const qint64 cutoff = nowMs - m_options.retentionMs;
    m_db.transaction();
    QSqlQuery q(m_db);
    // start_ms < cutoff first, so that the index bounds the scan.
    q.prepare(QStringLiteral("DELETE FROM chunks WHERE start_ms < :cutoff AND end_ms < :cutoff"));
    q.bindValue(QStringLiteral(":cutoff"), cutoff);
    q.exec();
    const qint64 chunks = q.numRowsAffected();
    q.prepare(QStringLiteral("DELETE FROM marks WHERE time_ms < ?"));
    q.addBindValue(cutoff);
    q.exec();
    marks = q.numRowsAffected();
    QList<qint64> orphans;
    q.exec(QStringLiteral("SELECT id FROM series WHERE id NOT IN (SELECT series_id FROM chunks)"
                          " AND id NOT IN (SELECT series_id FROM marks)"));
    while (q.next()) {
        if (!liveSeries.contains(q.value(0).toLongLong()))
            orphans.append(q.value(0).toLongLong());
    }
    q.prepare(QStringLiteral("DELETE FROM series WHERE id = ?"));
    for (qint64 id : std::as_const(orphans)) {
        q.bindValue(0, id);
        q.exec();
    }
    if (!m_db.commit())
        qCWarning(lcHistory) << "retention:" << m_db.lastError().text();
    return chunks;
}

qint64 HistoryMaintenance::downsampleOld(qint64 nowMs, const QSet<qint64>& openChunks)
{
    const qint64 cutoff = nowMs - m_options.downsampleAfterMs;
    QList<QPair<qint64, qint64>> seriesIds; // and the oldest raw chunk's start
    {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT series_id, MIN(start_ms) FROM chunks"
                                 " WHERE start_ms < :cutoff AND end_ms < :cutoff AND resolution_ms = 0 GROUP BY series_id"));
        q.bindValue(QStringLiteral(":cutoff"), cutoff);
        q.exec();
        while (q.next())
            seriesIds.append({ q.value(0).toLongLong(), q.value(1).toLongLong() });
    }
    qint64 folded = 0;
    // Small transactions: a reader or the next flush never waits long behind maintenance.
    constexpr qsizetype SeriesPerTransaction = 100;
    for (qsizetype i = 0; i < seriesIds.size(); i += SeriesPerTransaction) {
        m_db.transaction();
        qint64 foldedHere = 0;
        bool ok = true;
        for (qsizetype k = i; k < std::min(seriesIds.size(), i + SeriesPerTransaction) && ok; ++k)
            ok = downsampleSeries(seriesIds.at(k).first, seriesIds.at(k).second, cutoff, openChunks, foldedHere);
        if (ok && m_db.commit()) {
            folded += foldedHere;
        } else {
            qCWarning(lcHistory) << "downsampling:" << m_db.lastError().text();
            m_db.rollback();
        }
    }
    return folded;
}

bool HistoryMaintenance::downsampleSeries(
    qint64 seriesId, qint64 oldestRawMs, qint64 cutoff, const QSet<qint64>& openChunks, qint64& folded)
{
    const qint64 bucketMs = m_options.downsampleBucketMs;
    QList<ChunkRow> rows;
    {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT id, start_ms, end_ms, layout_id, resolution_ms, data FROM chunks"
                                 " WHERE series_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms"));
        // From the day of the oldest raw chunk on: older days are folded already.
        q.addBindValue(seriesId);
        q.addBindValue(floorDiv(oldestRawMs, DayMs) * DayMs);
        q.addBindValue(cutoff);
        if (!q.exec())
            return false;
        while (q.next()) {
            ChunkRow row { q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toByteArray() };
            const bool rawAndOld = row.resolutionMs == 0 && row.endMs < cutoff && !openChunks.contains(row.id);
            if (rawAndOld || row.resolutionMs == bucketMs)
                rows.append(row);
        }
    }
    // One downsampled chunk per day and layout; an earlier run's chunk of that day joins in,
    // and folding its buckets again leaves them as they were.
    QHash<QPair<qint64, qint64>, QList<qsizetype>> groups;
    QList<QPair<qint64, qint64>> order;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QPair<qint64, qint64> group { floorDiv(rows.at(i).startMs, DayMs), rows.at(i).layoutId };
        if (!groups.contains(group))
            order.append(group);
        groups[group].append(i);
    }
    QSqlQuery insert(m_db);
    insert.prepare(QStringLiteral("INSERT INTO chunks(series_id, start_ms, end_ms, layout_id, resolution_ms,"
                                  " sample_count, data) VALUES(?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery remove(m_db);
    remove.prepare(QStringLiteral("DELETE FROM chunks WHERE id = ?"));
    for (const auto& group : std::as_const(order)) {
        const QList<qsizetype>& members = groups.value(group);
        const bool hasRaw = std::any_of(members.begin(), members.end(), [&](qsizetype i) { return rows.at(i).resolutionMs == 0; });
        if (!hasRaw)
            continue;
        const SeriesLayout fields = layout(group.second);
        QList<qint64> times;
        QList<double> values;
        for (qsizetype i : members) {
            if (!decodeChunk(rows.at(i).data, int(fields.size()), times, values))
                qCWarning(lcHistory) << "dropping an unreadable chunk" << rows.at(i).id;
        }
        // Chunks may overlap (a backfill beside live samples): fold in time order.
        std::vector<qsizetype> byTime(size_t(times.size()));
        std::iota(byTime.begin(), byTime.end(), 0);
        std::stable_sort(byTime.begin(), byTime.end(), [&](qsizetype a, qsizetype b) { return times.at(a) < times.at(b); });
        QList<qint64> sortedTimes;
        QList<double> sortedValues;
        sortedTimes.reserve(times.size());
        sortedValues.reserve(values.size());
        for (qsizetype i : byTime) {
            sortedTimes.append(times.at(i));
            for (qsizetype f = 0; f < fields.size(); ++f)
                sortedValues.append(values.at(i * fields.size() + f));
        }
        QList<qint64> outTimes;
        QList<double> outValues;
        downsample(fields, bucketMs, sortedTimes, sortedValues, outTimes, outValues);
        if (!outTimes.isEmpty()) {
            ChunkEncoder encoder(int(fields.size()));
            for (qsizetype i = 0; i < outTimes.size(); ++i)
                encoder.add(outTimes.at(i), outValues.constData() + i * fields.size());
            insert.bindValue(0, seriesId);
            insert.bindValue(1, encoder.minTimeMs());
            insert.bindValue(2, encoder.maxTimeMs());
            insert.bindValue(3, group.second);
            insert.bindValue(4, bucketMs);
            insert.bindValue(5, qint64(encoder.count()));
            insert.bindValue(6, encoder.blob(true));
            if (!insert.exec())
                return false;
        }
        for (qsizetype i : members) {
            remove.bindValue(0, rows.at(i).id);
            if (!remove.exec())
                return false;
            if (rows.at(i).resolutionMs == 0)
                ++folded;
        }
    }
    return true;
}

qint64 HistoryMaintenance::enforceCap(const QSet<qint64>& openChunks)
{
    if (m_options.sizeCapBytes <= 0)
        return 0;
    qint64 dropped = 0;
    // A few rounds at most: each deletes what the blob sizes say is over, plus page overhead.
    for (int round = 0; round < 20; ++round) {
        const qint64 used = usedBytes(m_db);
        if (used <= m_options.sizeCapBytes)
            break;
        // Aim below the cap, so that the next hours of samples do not trigger it again at once.
        const qint64 excess = used - m_options.sizeCapBytes * 9 / 10;
        QList<qint64> victims;
        qint64 freed = 0;
        {
            QSqlQuery q(m_db);
            q.setForwardOnly(true);
            q.prepare(QStringLiteral("SELECT id, length(data) FROM chunks ORDER BY start_ms LIMIT ?"));
            q.addBindValue(qint64(20000));
            q.exec();
            while (freed < excess && q.next()) {
                if (openChunks.contains(q.value(0).toLongLong()))
                    continue;
                victims.append(q.value(0).toLongLong());
                freed += q.value(1).toLongLong() + 48;
            }
        }
        if (victims.isEmpty())
            break;
        m_db.transaction();
        QSqlQuery remove(m_db);
        remove.prepare(QStringLiteral("DELETE FROM chunks WHERE id = ?"));
        for (qint64 id : std::as_const(victims)) {
            remove.bindValue(0, id);
            remove.exec();
        }
        if (!m_db.commit()) {
            qCWarning(lcHistory) << "size cap:" << m_db.lastError().text();
            m_db.rollback();
            break;
        }
        dropped += victims.size();
    }
    return dropped;
}

} // namespace minato::history
