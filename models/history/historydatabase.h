// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historytypes.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QString>

Q_DECLARE_LOGGING_CATEGORY(lcHistory)

namespace minato::history {

// PRAGMA user_version of the schema this build writes. A file with a higher one comes from a
// newer Minato; it is moved aside rather than read with the wrong assumptions.
inline constexpr int SchemaVersion = 1;

// A connection name no other thread or store uses: QtSql connections belong to one thread.
QString uniqueConnectionName(const char* purpose);

// Adds and opens a QSQLITE connection on an existing store with the per-connection pragmas
// (busy timeout, synchronous=NORMAL). Check isOpen(); release with closeConnection(name).
QSqlDatabase openConnection(const QString& name, const QString& path, int busyTimeoutMs);
void closeConnection(const QString& name);

struct PreparedFile
{
    bool ok = false;
    QString diagnostic; // empty when the file opened as it was
};

// Makes path a usable store in the calling thread: creates it (auto_vacuum=INCREMENTAL before
// the first table, WAL), or checks it (quick_check, schema version, a write lock within the
// busy timeout). A file that is not a store, is damaged, is from a newer schema or stays locked
// is moved aside with its -wal/-shm and a fresh one is created; the diagnostic says so.
PreparedFile prepareDatabaseFile(const QString& path, int busyTimeoutMs);

// The layouts table's text form: one line per field, "<aggregation letter><name>\t<label>".
QString layoutToText(const SeriesLayout& layout);
SeriesLayout layoutFromText(const QString& text);

} // namespace minato::history
