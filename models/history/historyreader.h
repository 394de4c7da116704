// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "history/historytypes.h"

#include <QHash>
#include <QSqlQuery>

#include <optional>

namespace minato::history {

// Reads a store through a connection of its own, in the thread that created it (QtSql
// connections belong to one thread). WAL lets it read beside the writer: it sees what the
// writer's last flush committed, the open chunks included.
class HistoryReader
{
public:
    // path must already be a store (HistoryStore::open made it one).
    HistoryReader(const QString& path, int busyTimeoutMs);
    ~HistoryReader();
    HistoryReader(const HistoryReader&) = delete;
    HistoryReader& operator=(const HistoryReader&) = delete;

    bool isOpen() const { return m_open; }

    // Samples with fromMs <= time <= toMs, decoding only the chunks that overlap. Consecutive
    // chunks of one layout and resolution form one segment; a layout change starts another.
    QList<SeriesSegment> samples(const SeriesKey& key, qint64 fromMs, qint64 toMs);
    QList<HistoryMark> marks(const SeriesKey& key, qint64 fromMs, qint64 toMs);
    // Every series of a kind, in one cluster or (empty) all, with the time of its newest sample.
    QList<SeriesInfo> seriesList(const QString& kind, const QString& cluster = {});

private:
    qint64 seriesId(const SeriesKey& key);
    const SeriesLayout* layout(qint64 layoutId);

    QString m_connection;
    bool m_open = false;
    QHash<qint64, SeriesLayout> m_layouts;
    std::optional<QSqlQuery> m_findSeries;
    std::optional<QSqlQuery> m_chunks;
    std::optional<QSqlQuery> m_marks;
};

} // namespace minato::history
