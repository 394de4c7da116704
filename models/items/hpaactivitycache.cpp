// SPDX-License-Identifier: Apache-2.0
#include "items/hpaactivitycache.h"

#include "history/historyreader.h"
#include "history/historystore.h"
#include "history/hpahistory.h"
#include "items/hparecorder.h"

#include <QDateTime>
#include <QPointer>
#include <QThread>

#include <algorithm>

namespace minato::items {

namespace {

    bool sameMark(const history::HpaMark& a, const history::HpaMark& b)
    {
        return a.timeMs == b.timeMs && a.kind == b.kind && a.type == b.type && a.reason == b.reason
            && a.status == b.status && a.count == b.count;
    }

} // namespace

bool HpaActivityCache::Run::sameCounts(const history::HpaSample& s) const
{
    return minReplicas == s.minReplicas && maxReplicas == s.maxReplicas && currentReplicas == s.currentReplicas
        && desiredReplicas == s.desiredReplicas;
}

HpaActivityCache::HpaActivityCache(history::HistoryStore* store, HpaRecorder* recorder, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    if (recorder) {
        connect(recorder, &HpaRecorder::sampleRecorded, this, &HpaActivityCache::addSample);
        connect(recorder, &HpaRecorder::markRecorded, this, &HpaActivityCache::addMark);
        connect(recorder, &HpaRecorder::backfillFinished, this,
            [this](const QString& cluster, int samples, const QString&) {
                if (samples > 0)
                    reload(cluster);
            });
    }
    connect(store, &history::HistoryStore::flushed, this, [this] {
        const QSet<QString> clusters = std::exchange(m_flushWaiting, {});
        for (const QString& cluster : clusters)
            startLoad(cluster);
    });
}

HpaActivityCache::~HpaActivityCache()
{
    if (m_loader) {
        m_loader->wait();
        delete m_loader;
    }
}

QString HpaActivityCache::keyText(const history::HpaKey& key)
{
    return key.cluster + QLatin1Char('\x1f') + key.nameSpace + QLatin1Char('\x1f') + key.name;
}

void HpaActivityCache::appendSample(QList<Run>& runs, const history::HpaSample& sample)
{
    if (!runs.isEmpty()) {
        Run& last = runs.last();
        if (sample.timeMs < last.lastMs)
            return; // callers feed samples in time order; an older one is the file's to keep
        if (last.sameCounts(sample) && sample.timeMs - last.lastMs <= MaxGapMs) {
            last.lastMs = sample.timeMs;
            return;
        }
    }
    runs.append({ sample.timeMs, sample.timeMs, sample.minReplicas, sample.maxReplicas, sample.currentReplicas,
        sample.desiredReplicas });
}

void HpaActivityCache::prune(Entry& entry, qint64 nowMs) const
{
    const qint64 oldest = nowMs - m_spanMs;
    const auto run = std::find_if(entry.runs.begin(), entry.runs.end(), [&](const Run& r) { return r.lastMs >= oldest; });
    entry.runs.erase(entry.runs.begin(), run);
    const auto mark = std::find_if(
        entry.marks.begin(), entry.marks.end(), [&](const history::HpaMark& m) { return m.timeMs >= oldest; });
    entry.marks.erase(entry.marks.begin(), mark);
}

void HpaActivityCache::addSample(const history::HpaKey& key, const history::HpaSample& sample)
{
    Entry& entry = m_entries[keyText(key)];
    appendSample(entry.runs, sample);
    prune(entry, sample.timeMs);
}

void HpaActivityCache::addMark(const history::HpaKey& key, const history::HpaMark& mark)
{
    Entry& entry = m_entries[keyText(key)];
    const auto at = std::upper_bound(entry.marks.begin(), entry.marks.end(), mark.timeMs,
        [](qint64 t, const history::HpaMark& m) { return t < m.timeMs; });
    entry.marks.insert(at, mark);
}

qsizetype HpaActivityCache::runCount() const
{
    qsizetype n = 0;
    for (const Entry& entry : m_entries)
        n += entry.runs.size();
    return n;
}

std::optional<history::HpaTimeline> HpaActivityCache::timeline(
    const history::HpaKey& key, qint64 fromMs, qint64 toMs) const
{
    const auto found = m_entries.constFind(keyText(key));
    if (found == m_entries.cend())
        return std::nullopt;
    history::HpaTimeline out;
    out.key = key;
    for (const Run& run : found->runs) {
        if (run.lastMs < fromMs)
            continue;
        if (run.firstMs > toMs)
            break;
        history::HpaSample sample;
        sample.minReplicas = run.minReplicas;
        sample.maxReplicas = run.maxReplicas;
        sample.currentReplicas = run.currentReplicas;
        sample.desiredReplicas = run.desiredReplicas;
        sample.timeMs = std::max(run.firstMs, fromMs);
        out.samples.append(sample);
        const qint64 end = std::min(run.lastMs, toMs);
        if (end > sample.timeMs) {
            sample.timeMs = end;
            out.samples.append(sample);
        }
    }
    for (const history::HpaMark& mark : found->marks)
        if (mark.timeMs >= fromMs && mark.timeMs <= toMs)
            out.marks.append(mark);
    if (out.samples.isEmpty() && out.marks.isEmpty())
        return std::nullopt;
    return out;
}

analysis::HpaHistoryLookup HpaActivityCache::lookup() const
{
    return [this](const history::HpaKey& key, qint64 fromMs, qint64 toMs) { return timeline(key, fromMs, toMs); };
}

void HpaActivityCache::load()
{
    startLoad({});
}

void HpaActivityCache::reload(const QString& cluster)
{
    // A backfill's samples are queued, not committed: read the cluster after the next flush.
    m_flushWaiting.insert(cluster);
    m_store->requestFlush();
}

void HpaActivityCache::startLoad(const QString& cluster)
{
    if (!m_store->isOpen()) {
        m_loaded = true;
        Q_EMIT loaded();
        return;
    }
    if (m_loader) {
        m_pendingClusters.insert(cluster);
        return;
    }
    const QString path = m_store->filePath();
    const int busyTimeoutMs = m_store->options().busyTimeoutMs;
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = toMs - m_spanMs;
    QPointer<HpaActivityCache> self(this);
    m_loader = QThread::create([self, path, busyTimeoutMs, cluster, fromMs, toMs] {
        // A connection of its own: QtSql connections belong to the thread that made them.
        history::HistoryReader reader(path, busyTimeoutMs);
        Loaded result;
        for (const history::SeriesInfo& info : reader.seriesList(history::HpaHistory::Kind, cluster)) {
            if (info.lastSampleMs != 0 && info.lastSampleMs < fromMs)
                continue;
            const history::HpaKey key { info.key.cluster, info.key.nameSpace, info.key.name };
            history::HpaTimeline timeline = history::HpaHistory::timelineOf(
                key, reader.samples(info.key, fromMs, toMs), reader.marks(info.key, fromMs, toMs));
            if (!timeline.samples.isEmpty() || !timeline.marks.isEmpty())
                result.insert(keyText(key), std::move(timeline));
        }
        QMetaObject::invokeMethod(
            self, [self, result = std::move(result)] {
                if (self)
                    self->merge(result);
            },
            Qt::QueuedConnection);
    });
    m_loader->start();
}

void HpaActivityCache::merge(const Loaded& fromFile)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (auto it = fromFile.cbegin(); it != fromFile.cend(); ++it) {
        Entry& entry = m_entries[it.key()];
        // The file's samples and what was appended meanwhile, in time order: an equal sample
        // seen twice only lengthens its run.
        QList<history::HpaSample> samples = it->samples;
        for (const Run& run : std::as_const(entry.runs)) {
            history::HpaSample s;
            s.minReplicas = run.minReplicas;
            s.maxReplicas = run.maxReplicas;
            s.currentReplicas = run.currentReplicas;
            s.desiredReplicas = run.desiredReplicas;
            s.timeMs = run.firstMs;
            samples.append(s);
            s.timeMs = run.lastMs;
            samples.append(s);
        }
        std::stable_sort(samples.begin(), samples.end(),
            [](const history::HpaSample& a, const history::HpaSample& b) { return a.timeMs < b.timeMs; });
        QList<Run> runs;
        for (const history::HpaSample& s : std::as_const(samples))
            appendSample(runs, s);
        entry.runs = std::move(runs);
        QList<history::HpaMark> marks = it->marks;
        for (const history::HpaMark& mark : std::as_const(entry.marks))
            if (std::none_of(marks.cbegin(), marks.cend(), [&](const history::HpaMark& m) { return sameMark(m, mark); }))
                marks.append(mark);
        std::stable_sort(marks.begin(), marks.end(),
            [](const history::HpaMark& a, const history::HpaMark& b) { return a.timeMs < b.timeMs; });
        entry.marks = std::move(marks);
        prune(entry, now);
    }
    m_loader->wait();
    delete m_loader;
    m_loader = nullptr;
    m_loaded = true;
    Q_EMIT loaded();
    if (!m_pendingClusters.isEmpty()) {
        const QSet<QString> pending = std::exchange(m_pendingClusters, {});
        if (pending.contains(QString()))
            startLoad({});
        else
            for (const QString& cluster : pending)
                startLoad(cluster);
    }
}

} // namespace minato::items
