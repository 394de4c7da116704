// SPDX-License-Identifier: Apache-2.0
#include "clusterstore.h"

#include <QThread>

namespace minato::fleet {

StoreContent::StoreContent(const StoreContent& other)
    : m_metrics(other.m_metrics)
{
    for (std::size_t i = 0; i < m_tables.size(); ++i)
        m_tables[i] = other.m_tables[i] ? other.m_tables[i]->clone() : nullptr;
}

StoreContent& StoreContent::operator=(const StoreContent& other)
{
    if (this != &other)
        *this = StoreContent(other);
    return *this;
}

StoreContent::~StoreContent() = default;

qsizetype StoreContent::totalObjects() const
{
    qsizetype total = 0;
    for (const auto& table : m_tables)
        total += table ? table->size() : 0;
    return total;
}

ClusterStore::ClusterStore(QObject* parent)
    : QObject(parent)
    , m_timer(this)
{
    qRegisterMetaType<StoreChange>();
    m_timer.setSingleShot(true);
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ClusterStore::flush);
}

ClusterStore::~ClusterStore() = default;

void ClusterStore::applyPage(const ListPage& page, QSet<QUuid>& seen)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const auto index = std::size_t(page.kind);
    tableFor(page.kind, page.makeTable).applyPage(page, seen, m_deltas.at(index));
    m_listed += page.itemCount();
    touched();
}

void ClusterStore::finishList(WatchedKind kind, const QSet<QUuid>& seen, const QString& namespaceScope)
{
    Q_ASSERT(QThread::currentThread() == thread());
    const auto index = std::size_t(kind);
    if (KindTableBase* table = m_tables.at(index).get())
        table->removeUnseen(seen, namespaceScope, m_deltas.at(index));
    touched();
}

void ClusterStore::applyEvents(const WatchChunk& chunk, qsizetype count)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (count <= 0)
        return;
    const auto index = std::size_t(chunk.kind);
    tableFor(chunk.kind, chunk.makeTable).applyEvents(chunk, count, m_deltas.at(index));
    touched();
}

void ClusterStore::clearKind(WatchedKind kind, const QString& namespaceScope)
{
    const auto index = std::size_t(kind);
    if (KindTableBase* table = m_tables.at(index).get())
        table->clear(namespaceScope, m_deltas.at(index));
    touched();
}

KindTableBase& ClusterStore::tableFor(WatchedKind kind, KindTableMaker make)
{
    std::unique_ptr<KindTableBase>& table = m_tables.at(std::size_t(kind));
    if (!table) {
        Q_ASSERT(make);
        table = make(kind);
    }
    return *table;
}

void ClusterStore::setMetrics(const MetricsSample& sample)
{
    m_metrics = sample;
    m_metricsChanged = true;
    touched();
}

void ClusterStore::clear()
{
    for (int i = 0; i < WatchedKindCount; ++i) {
        if (KindTableBase* table = m_tables[std::size_t(i)].get())
            table->clear({}, m_deltas[std::size_t(i)]);
    }
    if (!m_metrics.isEmpty()) {
        m_metrics = MetricsSample();
        m_metricsChanged = true;
    }
    touched();
}

void ClusterStore::setBatchInterval(int milliseconds)
{
    m_timer.setInterval(std::max(0, milliseconds));
}

void ClusterStore::touched()
{
    // Started by the first change after a notification and not restarted by later ones: a
    // steady stream of events still yields exactly one notification per interval.
    if (!m_timer.isActive())
        m_timer.start();
}

void ClusterStore::flush()
{
    m_timer.stop();
    StoreChange change;
    for (int i = 0; i < WatchedKindCount; ++i) {
        KindDelta& delta = m_deltas[std::size_t(i)];
        if (!delta.isEmpty())
            change.kinds.append(delta.take(WatchedKind(i)));
    }
    change.metricsChanged = std::exchange(m_metricsChanged, false);
    if (change.kinds.isEmpty() && !change.metricsChanged)
        return;
    Q_EMIT changed(change);
}

} // namespace minato::fleet
