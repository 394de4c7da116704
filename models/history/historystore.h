// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historymaintenance.h"
#include "history/historytypes.h"
#include "history/writequeue.h"

#include <QObject>

#include <memory>
#include <span>

class QThread;

namespace minato::history {

class HistoryReader;
class HistoryWriter;

// A local time-series store in one SQLite file (WAL): series of numeric fields, kept in
// chunks of one hour per series (one row, a compact blob), downsampled after two days,
// expired after two weeks, capped in size; plus sparse marks per series.
//
// Thread rules:
// - open(), flush(), runMaintenance() and the queries run in the thread that created the
//   store (the GUI thread); open() is the only call that may wait on the file (at most about
//   twice the busy timeout), the queries read committed data through their own connection.
// - series(), append() and appendMark() may be called from any thread; they copy numbers
//   into a queue under a mutex and never touch SQL.
// - One writer thread owns the write connection: it flushes the queue in one transaction
//   every flushIntervalMs (or when flushQueueSize samples wait) and runs the maintenance at
//   open and every maintenanceIntervalMs. The destructor flushes and stops it.
class HistoryStore : public QObject
{
    Q_OBJECT
public:
    explicit HistoryStore(HistoryOptions options = {}, QObject* parent = nullptr);
    ~HistoryStore() override;

    // <AppDataLocation>/history.sqlite.
    static QString defaultFilePath();

    // Opens or creates the file; a damaged, newer or locked one is moved aside and a fresh
    // store started (openDiagnostic() says so). False only when no store could be had at all:
    // then appends are dropped and queries return nothing.
    bool open();
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_options.filePath; }
    // What went wrong at open, for the user; empty when the file opened as it was.
    QString openDiagnostic() const { return m_diagnostic; }
    const HistoryOptions& options() const { return m_options; }

    // Any thread. The handle for a series with a layout; cheap after the first call.
    SeriesHandle series(const SeriesKey& key, const SeriesLayout& layout);
    // Any thread. values.size() must be the layout's size (else the sample is dropped).
    void append(SeriesHandle series, qint64 timeMs, std::span<const double> values);
    void appendMark(SeriesHandle series, const HistoryMark& mark);
    qsizetype pendingSamples() const;

    // Writes everything appended so far and returns when it is committed (tests, shutdown).
    void flush();
    // Asks for a flush without waiting; flushed() follows.
    void requestFlush();
    // Flushes, then retention, downsampling and the size cap as of nowMs; waits for it.
    MaintenanceReport runMaintenance(qint64 nowMs);

    QList<SeriesSegment> samples(const SeriesKey& key, qint64 fromMs, qint64 toMs) const;
    QList<HistoryMark> marks(const SeriesKey& key, qint64 fromMs, qint64 toMs) const;
    QList<SeriesInfo> seriesList(const QString& kind, const QString& cluster = {}) const;
    // The file and its WAL on disk, in bytes.
    qint64 fileBytes() const;

Q_SIGNALS:
    // open() moved the file aside or could not open it; the message is for the user.
    void openProblem(const QString& message);
    void flushed(qint64 samples);
    void maintained(const minato::history::MaintenanceReport& report);
    void writeFailed(const QString& message);

private:
    HistoryOptions m_options;
    std::shared_ptr<WriteQueue> m_queue;
    std::unique_ptr<HistoryReader> m_reader;
    QThread* m_thread = nullptr;
    HistoryWriter* m_writer = nullptr;
    QString m_diagnostic;
    bool m_open = false;
};

} // namespace minato::history
