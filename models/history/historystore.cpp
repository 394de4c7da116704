// SPDX-License-Identifier: Apache-2.0
#include "historystore.h"

#include "history/historydatabase.h"
#include "history/historyreader.h"
#include "history/historywriter.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

namespace minato::history {

HistoryStore::HistoryStore(HistoryOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_queue(std::make_shared<WriteQueue>())
{
    if (m_options.filePath.isEmpty())
        m_options.filePath = defaultFilePath();
    m_queue->setFlushSize(m_options.flushQueueSize);
    qRegisterMetaType<minato::history::MaintenanceReport>();
}

HistoryStore::~HistoryStore()
{
    if (m_writer) {
        QMetaObject::invokeMethod(m_writer, &HistoryWriter::stop, Qt::BlockingQueuedConnection);
        m_thread->quit();
        m_thread->wait();
        delete m_writer;
    }
    m_reader.reset();
}

QString HistoryStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/history.sqlite");
}

bool HistoryStore::open()
{
    if (m_open)
        return true;
    const PreparedFile prepared = prepareDatabaseFile(m_options.filePath, m_options.busyTimeoutMs);
    m_diagnostic = prepared.diagnostic;
    if (!m_diagnostic.isEmpty())
        Q_EMIT openProblem(m_diagnostic);
    if (!prepared.ok)
        return false;
    m_reader = std::make_unique<HistoryReader>(m_options.filePath, m_options.busyTimeoutMs);
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("minato-history"));
    m_writer = new HistoryWriter(m_queue, m_options);
    m_writer->moveToThread(m_thread);
    connect(m_writer, &HistoryWriter::flushed, this, &HistoryStore::flushed);
    connect(m_writer, &HistoryWriter::maintained, this, &HistoryStore::maintained);
    connect(m_writer, &HistoryWriter::writeFailed, this, &HistoryStore::writeFailed);
    m_thread->start();
    // Queued: the writer's first maintenance runs in its thread, not while open() waits.
    QMetaObject::invokeMethod(m_writer, &HistoryWriter::start, Qt::QueuedConnection);
    m_open = true;
    return true;
}

SeriesHandle HistoryStore::series(const SeriesKey& key, const SeriesLayout& layout)
{
    return m_queue->handle(key, layout);
}

void HistoryStore::append(SeriesHandle series, qint64 timeMs, std::span<const double> values)
{
    bool needsFlush = false;
    if (m_queue->append(series, timeMs, values, needsFlush) && needsFlush && m_writer)
        QMetaObject::invokeMethod(m_writer, &HistoryWriter::flush, Qt::QueuedConnection);
}

void HistoryStore::appendMark(SeriesHandle series, const HistoryMark& mark)
{
    m_queue->appendMark(series, mark);
}

qsizetype HistoryStore::pendingSamples() const
{
    return m_queue->pendingSamples();
}

void HistoryStore::flush()
{
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, &HistoryWriter::flush, Qt::BlockingQueuedConnection);
}

void HistoryStore::requestFlush()
{
    if (m_writer)
        QMetaObject::invokeMethod(m_writer, &HistoryWriter::flush, Qt::QueuedConnection);
}

MaintenanceReport HistoryStore::runMaintenance(qint64 nowMs)
{
    MaintenanceReport report;
    if (m_writer) {
        QMetaObject::invokeMethod(
            m_writer, [this, nowMs] { return m_writer->runMaintenance(nowMs); }, Qt::BlockingQueuedConnection,
            &report);
    }
    return report;
}

QList<SeriesSegment> HistoryStore::samples(const SeriesKey& key, qint64 fromMs, qint64 toMs) const
{
    Q_ASSERT(QThread::currentThread() == thread());
    return m_reader ? m_reader->samples(key, fromMs, toMs) : QList<SeriesSegment> {};
}

QList<HistoryMark> HistoryStore::marks(const SeriesKey& key, qint64 fromMs, qint64 toMs) const
{
    Q_ASSERT(QThread::currentThread() == thread());
    return m_reader ? m_reader->marks(key, fromMs, toMs) : QList<HistoryMark> {};
}

QList<SeriesInfo> HistoryStore::seriesList(const QString& kind, const QString& cluster) const
{
    Q_ASSERT(QThread::currentThread() == thread());
    return m_reader ? m_reader->seriesList(kind, cluster) : QList<SeriesInfo> {};
}

qint64 HistoryStore::fileBytes() const
{
    return QFileInfo(m_options.filePath).size() + QFileInfo(m_options.filePath + QLatin1String("-wal")).size();
}

} // namespace minato::history
