// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/chunkcodec.h"
#include "history/historymaintenance.h"
#include "history/historytypes.h"
#include "history/writequeue.h"

#include <QHash>
#include <QObject>
#include <QSqlQuery>

#include <memory>
#include <optional>

class QTimer;

namespace minato::history {

// The one thread that writes a store: it drains the WriteQueue in one transaction per flush,
// appends each sample to its series' open chunk (sealing and compressing a chunk when its time
// bucket ends or its layout changes), rewrites the open chunks' rows so readers see them, and
// runs the maintenance. Lives in HistoryStore's writer thread; everything here runs there.
class HistoryWriter : public QObject
{
    Q_OBJECT
public:
    HistoryWriter(std::shared_ptr<WriteQueue> queue, HistoryOptions options);
    ~HistoryWriter() override;

public Q_SLOTS:
    // Opens the writer's connection, runs the maintenance once and starts the timers.
    void start();
    // Writes everything queued so far; emits flushed.
    void flush();
    MaintenanceReport runMaintenance(qint64 nowMs);
    // The last flush, then the connection closes. Nothing is written afterwards.
    void stop();

Q_SIGNALS:
    void flushed(qint64 samples);
    void maintained(const minato::history::MaintenanceReport& report);
    void writeFailed(const QString& message);

private:
    struct Resolved
    {
        SeriesKey key;
        SeriesLayout layout;
        qint64 seriesId = 0;
        qint64 layoutId = 0;
    };
    struct OpenChunk
    {
        qint64 rowId = 0; // 0: not yet in the table
        qint64 bucket = 0;
        qint64 layoutId = 0;
        ChunkEncoder encoder;
        bool dirty = false;
    };

    bool resolve(Resolved& resolved);
    bool writeChunk(qint64 seriesId, OpenChunk& chunk, bool sealed);
    bool writeBatch(WriteBatch& batch, qint64& samples);
    void forgetUncommitted();
    void sealIdle(qint64 nowMs);
    qint64 now() const;

    std::shared_ptr<WriteQueue> m_queue;
    HistoryOptions m_options;
    QString m_connection;
    bool m_open = false;
    QTimer* m_flushTimer = nullptr;
    QTimer* m_maintenanceTimer = nullptr;
    std::vector<Resolved> m_handles; // by SeriesHandle
    QHash<SeriesKey, qint64> m_seriesIds;
    QHash<QString, qint64> m_layoutIds;
    QHash<qint64, OpenChunk> m_openChunks; // by series id
    std::optional<QSqlQuery> m_insertChunk;
    std::optional<QSqlQuery> m_updateChunk;
    std::optional<QSqlQuery> m_insertMark;
};

} // namespace minato::history
