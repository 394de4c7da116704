// SPDX-License-Identifier: Apache-2.0
#include "historywriter.h"

#include "history/historydatabase.h"

#include <QDateTime>
#include <QSqlError>
#include <QTimer>

namespace minato::history {

namespace {

// Beyond this a chunk is sealed even inside its bucket, so that no blob grows without bound
// for a series sampled far more often than HPAs are.
constexpr qsizetype MaxChunkSamples = 8192;

// The marks table's text columns are NOT NULL, and a null QString binds as NULL.
QString notNull(const QString& text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

} // namespace

HistoryWriter::HistoryWriter(std::shared_ptr<WriteQueue> queue, HistoryOptions options)
    : m_queue(std::move(queue))
    , m_options(std::move(options))
    , m_connection(uniqueConnectionName("writer"))
{ }

HistoryWriter::~HistoryWriter()
{
    stop();
}

qint64 HistoryWriter::now() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentMSecsSinceEpoch();
}

void HistoryWriter::start()
{
    QSqlDatabase db = openConnection(m_connection, m_options.filePath, m_options.busyTimeoutMs);
    if (!db.isOpen()) {
        Q_EMIT writeFailed(QStringLiteral("History is off: %1").arg(db.lastError().text()));
        return;
    }
    m_open = true;
    m_insertChunk.emplace(db);
    m_insertChunk->prepare(QStringLiteral("INSERT INTO chunks(series_id, start_ms, end_ms, layout_id, resolution_ms,"
                                          " sample_count, data) VALUES(?, ?, ?, ?, 0, ?, ?)"));
    m_updateChunk.emplace(db);
    m_updateChunk->prepare(
        QStringLiteral("UPDATE chunks SET start_ms = ?, end_ms = ?, sample_count = ?, data = ? WHERE id = ?"));
    m_insertMark.emplace(db);
    m_insertMark->prepare(QStringLiteral("INSERT INTO marks(series_id, time_ms, kind, source, count, type, reason,"
                                         " status, message) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    runMaintenance(now());
    m_flushTimer = new QTimer(this);
    connect(m_flushTimer, &QTimer::timeout, this, &HistoryWriter::flush);
    m_flushTimer->start(int(std::max<qint64>(m_options.flushIntervalMs, 10)));
    if (m_options.maintenanceIntervalMs > 0) {
        m_maintenanceTimer = new QTimer(this);
        connect(m_maintenanceTimer, &QTimer::timeout, this, [this] { runMaintenance(now()); });
        m_maintenanceTimer->start(int(std::min<qint64>(m_options.maintenanceIntervalMs, INT_MAX)));
    }
}

void HistoryWriter::stop()
{
    if (!m_open)
        return;
    flush();
    if (m_flushTimer)
        m_flushTimer->stop();
    if (m_maintenanceTimer)
        m_maintenanceTimer->stop();
    m_insertChunk.reset();
    m_updateChunk.reset();
    m_insertMark.reset();
    QSqlDatabase::database(m_connection, false).close();
    closeConnection(m_connection);
    m_open = false;
}

bool HistoryWriter::resolve(Resolved& resolved)
{
    if (resolved.seriesId != 0)
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    qint64 seriesId = m_seriesIds.value(resolved.key);
    if (seriesId == 0) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO series(kind, cluster, namespace, name) VALUES(?, ?, ?, ?)"));
        q.addBindValue(resolved.key.kind);
        q.addBindValue(resolved.key.cluster);
        q.addBindValue(resolved.key.nameSpace);
        q.addBindValue(resolved.key.name);
        if (!q.exec())
            return false;
        q.prepare(QStringLiteral("SELECT id FROM series WHERE kind = ? AND cluster = ? AND namespace = ? AND name = ?"));
        q.addBindValue(resolved.key.kind);
        q.addBindValue(resolved.key.cluster);
        q.addBindValue(resolved.key.nameSpace);
        q.addBindValue(resolved.key.name);
        if (!q.exec() || !q.next())
            return false;
        seriesId = q.value(0).toLongLong();
        m_seriesIds.insert(resolved.key, seriesId);
    }
    qint64 layoutId = 0;
    if (!resolved.layout.isEmpty()) {
        const QString text = layoutToText(resolved.layout);
        layoutId = m_layoutIds.value(text);
        if (layoutId == 0) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT OR IGNORE INTO layouts(fields) VALUES(?)"));
            q.addBindValue(text);
            if (!q.exec())
                return false;
            q.prepare(QStringLiteral("SELECT id FROM layouts WHERE fields = ?"));
            q.addBindValue(text);
            if (!q.exec() || !q.next())
                return false;
            layoutId = q.value(0).toLongLong();
            m_layoutIds.insert(text, layoutId);
        }
    }
    resolved.seriesId = seriesId;
    resolved.layoutId = layoutId;
    return true;
}

bool HistoryWriter::writeChunk(qint64 seriesId, OpenChunk& chunk, bool sealed)
{
    const ChunkEncoder& e = chunk.encoder;
    // Only a sealed chunk is compressed: the open one is rewritten at every flush.
    const QByteArray blob = e.blob(sealed);
    if (chunk.rowId == 0) {
        QSqlQuery& q = *m_insertChunk;
        q.bindValue(0, seriesId);
        q.bindValue(1, e.minTimeMs());
        q.bindValue(2, e.maxTimeMs());
        q.bindValue(3, chunk.layoutId);
        q.bindValue(4, qint64(e.count()));
        q.bindValue(5, blob);
        if (!q.exec())
            return false;
        chunk.rowId = q.lastInsertId().toLongLong();
    } else {
        QSqlQuery& q = *m_updateChunk;
        q.bindValue(0, e.minTimeMs());
        q.bindValue(1, e.maxTimeMs());
        q.bindValue(2, qint64(e.count()));
        q.bindValue(3, blob);
        q.bindValue(4, chunk.rowId);
        if (!q.exec())
            return false;
    }
    chunk.dirty = false;
    return true;
}

bool HistoryWriter::writeBatch(WriteBatch& batch, qint64& samples)
{
    for (HandleDefinition& definition : batch.handles) {
        if (size_t(definition.handle) >= m_handles.size())
            m_handles.resize(size_t(definition.handle) + 1);
        m_handles[size_t(definition.handle)] = { std::move(definition.key), std::move(definition.layout), 0, 0 };
    }
    for (const QueuedSample& sample : batch.samples) {
        Resolved& resolved = m_handles[size_t(sample.handle)];
        if (!resolve(resolved))
            return false;
        const qint64 bucket = floorDiv(sample.timeMs, m_options.chunkMs);
        auto found = m_openChunks.find(resolved.seriesId);
        if (found != m_openChunks.end()
            && (found->layoutId != resolved.layoutId || found->bucket != bucket
                || found->encoder.count() >= MaxChunkSamples)) {
            if (!writeChunk(resolved.seriesId, *found, true))
                return false;
            m_openChunks.erase(found);
            found = m_openChunks.end();
        }
        if (found == m_openChunks.end()) {
            found = m_openChunks.insert(resolved.seriesId,
                { 0, bucket, resolved.layoutId, ChunkEncoder(int(resolved.layout.size())), false });
        }
        found->encoder.add(sample.timeMs, batch.values.data() + sample.valueOffset);
        found->dirty = true;
        ++samples;
    }
    for (auto it = m_openChunks.begin(); it != m_openChunks.end(); ++it) {
        if (it->dirty && !writeChunk(it.key(), *it, false))
            return false;
    }
    QSqlQuery& insertMark = *m_insertMark;
    for (const QueuedMark& queued : batch.marks) {
        Resolved& resolved = m_handles[size_t(queued.handle)];
        if (!resolve(resolved))
            return false;
        const HistoryMark& mark = queued.mark;
        insertMark.bindValue(0, resolved.seriesId);
        insertMark.bindValue(1, mark.timeMs);
        insertMark.bindValue(2, int(mark.kind));
        insertMark.bindValue(3, int(mark.source));
        insertMark.bindValue(4, mark.count);
        insertMark.bindValue(5, notNull(mark.type));
        insertMark.bindValue(6, notNull(mark.reason));
        insertMark.bindValue(7, notNull(mark.status));
        insertMark.bindValue(8, notNull(mark.message));
        if (!insertMark.exec())
            return false;
    }
    return true;
}

void HistoryWriter::forgetUncommitted()
{
    // Ids handed out inside a rolled-back transaction mean nothing: start those over. The
    // samples of the failed batch are lost; the open chunks' earlier rows stay as committed.
    m_seriesIds.clear();
    m_layoutIds.clear();
    for (Resolved& resolved : m_handles)
        resolved.seriesId = resolved.layoutId = 0;
    m_openChunks.clear();
}

void HistoryWriter::flush()
{
    if (!m_open)
        return;
    if (m_queue->isEmpty()) {
        Q_EMIT flushed(0);
        return;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    // The write lock before the batch is taken: another process holding the file past the
    // busy timeout costs a retry at the next flush, not the samples.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
        qCWarning(lcHistory) << "history busy, flush postponed:" << q.lastError().text();
        Q_EMIT writeFailed(QStringLiteral("The history file is busy: %1").arg(q.lastError().text()));
        return;
    }
    WriteBatch batch = m_queue->take();
    qint64 samples = 0;
    if (!writeBatch(batch, samples) || !q.exec(QStringLiteral("COMMIT"))) {
        const QString error = q.lastError().text() + u' ' + m_insertChunk->lastError().text() + u' '
            + m_updateChunk->lastError().text() + u' ' + m_insertMark->lastError().text();
        q.exec(QStringLiteral("ROLLBACK"));
        forgetUncommitted();
        qCWarning(lcHistory) << "history write failed:" << error;
        Q_EMIT writeFailed(QStringLiteral("Could not write the history: %1").arg(error.trimmed()));
        samples = 0;
    }
    Q_EMIT flushed(samples);
}

void HistoryWriter::sealIdle(qint64 nowMs)
{
    // A series that stopped (an HPA deleted, a cluster gone) keeps no open chunk, so that the
    // maintenance can fold and expire it like any other.
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    db.transaction();
    for (auto it = m_openChunks.begin(); it != m_openChunks.end();) {
        if (it->encoder.maxTimeMs() < nowMs - m_options.chunkMs) {
            writeChunk(it.key(), *it, true);
            it = m_openChunks.erase(it);
        } else {
            ++it;
        }
    }
    db.commit();
}

MaintenanceReport HistoryWriter::runMaintenance(qint64 nowMs)
{
    if (!m_open)
        return {};
    flush();
    sealIdle(nowMs);
    QSet<qint64> openChunks;
    for (const OpenChunk& chunk : std::as_const(m_openChunks))
        openChunks.insert(chunk.rowId);
    QSet<qint64> liveSeries;
    for (const Resolved& resolved : m_handles) {
        if (resolved.seriesId != 0)
            liveSeries.insert(resolved.seriesId);
    }
    HistoryMaintenance maintenance(QSqlDatabase::database(m_connection, false), m_options);
    const MaintenanceReport report = maintenance.run(nowMs, openChunks, liveSeries);
    Q_EMIT maintained(report);
    return report;
}

} // namespace minato::history
