// SPDX-License-Identifier: Apache-2.0
#include "historydatabase.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

Q_LOGGING_CATEGORY(lcHistory, "minato.history", QtInfoMsg)

namespace minato::history {

namespace {

enum class Problem
{
    None,
    Damaged,
    Locked,
    Newer,
    Failed, // cannot even open: moving it aside would not help
};

struct Attempt
{
    Problem problem = Problem::None;
    QString detail;
};

bool isBusy(const QSqlError& error)
{
    const QString code = error.nativeErrorCode();
    return code == u"5" || code == u"6" || error.databaseText().contains(u"locked");
}

Attempt fromError(const QSqlError& error)
{
    return { isBusy(error) ? Problem::Locked : Problem::Damaged, error.databaseText() };
}

const char* const SchemaStatements[] = {
    "CREATE TABLE series(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, cluster TEXT NOT NULL,"
    " namespace TEXT NOT NULL, name TEXT NOT NULL, UNIQUE(kind, cluster, namespace, name))",
    "CREATE TABLE layouts(id INTEGER PRIMARY KEY, fields TEXT NOT NULL UNIQUE)",
    // One row per series and time bucket; resolution_ms 0 holds samples as observed.
    "CREATE TABLE chunks(id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, start_ms INTEGER NOT NULL,"
    " end_ms INTEGER NOT NULL, layout_id INTEGER NOT NULL, resolution_ms INTEGER NOT NULL,"
    " sample_count INTEGER NOT NULL, data BLOB NOT NULL)",
    // end_ms too: overlap tests and the newest sample per series come from the index alone.
    "CREATE INDEX chunks_by_series ON chunks(series_id, start_ms, end_ms)",
    "CREATE INDEX chunks_by_start ON chunks(start_ms)",
    "CREATE TABLE marks(id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, time_ms INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, source INTEGER NOT NULL, count INTEGER NOT NULL, type TEXT NOT NULL,"
    " reason TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL)",
    "CREATE INDEX marks_by_series ON marks(series_id, time_ms)",
};

Attempt checkAndMigrate(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return fromError(q.lastError());
    const int version = q.value(0).toInt();
    if (version > SchemaVersion)
        return { Problem::Newer, QStringLiteral("schema version %1, this Minato knows %2").arg(version).arg(SchemaVersion) };
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
        return fromError(q.lastError());
    if (q.value(0).toString() != u"ok")
        return { Problem::Damaged, q.value(0).toString() };
    if (version == 0) {
        if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !q.next())
            return fromError(q.lastError());
        if (q.value(0).toInt() > 0)
            return { Problem::Damaged, QStringLiteral("a database, but not a Minato history") };
        // Only takes effect before the first table; later it would need a full VACUUM.
        if (!q.exec(QStringLiteral("PRAGMA auto_vacuum=INCREMENTAL")))
            return fromError(q.lastError());
    }
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return fromError(q.lastError());
    // The write lock, within the busy timeout: a store another process keeps locked is of no use.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fromError(q.lastError());
    if (version == 0) {
        for (const char* statement : SchemaStatements) {
            if (!q.exec(QString::fromLatin1(statement))) {
                const Attempt failed = fromError(q.lastError());
                q.exec(QStringLiteral("ROLLBACK"));
                return failed;
            }
        }
        q.exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion));
    }
    // Migrations from older versions go here, inside the same transaction.
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const Attempt failed = fromError(q.lastError());
        q.exec(QStringLiteral("ROLLBACK"));
        return failed;
    }
    return {};
}

Attempt attempt(const QString& path, int busyTimeoutMs)
{
    const QString name = uniqueConnectionName("open");
    Attempt result;
    {
        QSqlDatabase db = openConnection(name, path, busyTimeoutMs);
        if (!db.isOpen())
            result = { Problem::Failed, db.lastError().text() };
        else
            result = checkAndMigrate(db);
        db.close();
    }
    closeConnection(name);
    return result;
}

QString moveAside(const QString& path, const QString& why)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString aside = path + u'.' + why + u'-' + stamp;
    for (int n = 2; QFileInfo::exists(aside); ++n)
        aside = path + u'.' + why + u'-' + stamp + u'-' + QString::number(n);
    if (!QFile::rename(path, aside))
        return {};
    // The WAL may hold committed pages: it travels with its database.
    for (const char* suffix : { "-wal", "-shm" }) {
        const QString side = path + QLatin1String(suffix);
        if (QFileInfo::exists(side))
            QFile::rename(side, aside + QLatin1String(suffix));
    }
    return aside;
}

} // namespace

QString uniqueConnectionName(const char* purpose)
{
    static std::atomic<quint64> counter { 0 };
    return QStringLiteral("minato-history-%1-%2").arg(QLatin1String(purpose)).arg(++counter);
}

QSqlDatabase openConnection(const QString& name, const QString& path, int busyTimeoutMs)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs));
    if (db.open()) {
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    }
    return db;
}

void closeConnection(const QString& name)
{
    QSqlDatabase::removeDatabase(name);
}

PreparedFile prepareDatabaseFile(const QString& path, int busyTimeoutMs)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return { false, QStringLiteral("History is off: cannot create the folder of %1.").arg(path) };
    const Attempt first = attempt(path, busyTimeoutMs);
    if (first.problem == Problem::None)
        return { true, {} };
    if (first.problem == Problem::Failed)
        return { false, QStringLiteral("History is off: cannot open %1 (%2).").arg(path, first.detail) };

    QString why;
    QString what;
    switch (first.problem) {
    case Problem::Locked:
        why = QStringLiteral("locked");
        what = QStringLiteral("stayed locked by another program");
        break;
    case Problem::Newer:
        why = QStringLiteral("newer");
        what = QStringLiteral("was written by a newer Minato");
        break;
    case Problem::Damaged:
    case Problem::None:
    case Problem::Failed:
        why = QStringLiteral("corrupt");
        what = QStringLiteral("could not be read");
        break;
    }
    const QString aside = moveAside(path, why);
    if (aside.isEmpty()) {
        return { false,
            QStringLiteral("History is off: %1 %2 (%3) and could not be moved aside.").arg(path, what, first.detail) };
    }
    qCWarning(lcHistory) << "history file" << path << what << first.detail << "- moved to" << aside;
    const Attempt fresh = attempt(path, busyTimeoutMs);
    if (fresh.problem != Problem::None) {
        return { false,
            QStringLiteral("History is off: %1 %2 (%3); it was moved to %4, but a new one could not be created (%5).")
                .arg(path, what, first.detail, aside, fresh.detail) };
    }
    return { true,
        QStringLiteral("The history file %1 %2 (%3). It was moved to %4 and a new history was started.")
            .arg(path, what, first.detail, aside) };
}

QString layoutToText(const SeriesLayout& layout)
{
    QStringList lines;
    for (const SeriesField& field : layout) {
        QChar letter;
        switch (field.aggregation) {
        case Aggregation::Last:
            letter = u'L';
            break;
        case Aggregation::Max:
            letter = u'X';
            break;
        case Aggregation::Min:
            letter = u'N';
            break;
        case Aggregation::Mean:
            letter = u'M';
            break;
        }
        lines << letter + field.name + u'\t' + field.label;
    }
    return lines.join(u'\n');
}

SeriesLayout layoutFromText(const QString& text)
{
    SeriesLayout layout;
    if (text.isEmpty())
        return layout;
    for (const QString& line : text.split(u'\n')) {
        SeriesField field;
        const QChar letter = line.isEmpty() ? u'L' : line.at(0);
        field.aggregation = letter == u'X' ? Aggregation::Max
            : letter == u'N'              ? Aggregation::Min
            : letter == u'M'              ? Aggregation::Mean
                                          : Aggregation::Last;
        const qsizetype tab = line.indexOf(u'\t');
        field.name = line.mid(1, tab < 0 ? -1 : tab - 1);
        field.label = tab < 0 ? QString() : line.mid(tab + 1);
        layout.append(field);
    }
    return layout;
}

} // namespace minato::history
