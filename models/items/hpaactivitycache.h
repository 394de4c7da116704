// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/autoscalingreport.h"
#include "history/hpatimeline.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <optional>

class QThread;

namespace minato::history {
class HistoryStore;
}

namespace minato::items {

class HpaRecorder;

// What the autoscaling table needs of each HPA's recorded history, kept in memory: the replica
// counts as runs of equal samples, and the marks, over the last span (25 h: the table's 24 h
// window and the flapping window before it). Reading 24 h of 15 s samples from SQLite costs
// about 2 ms per HPA, so a table of 2,000 HPAs re-evaluated every 15 s cannot read the file.
//
// Filled once from the file by a reader of its own on a worker thread (the table shows the
// store's events until loaded() arrives), then kept current from what the recorder appends. A
// Prometheus backfill inserts older samples: its cluster is read again once they are committed.
//
// The timelines it answers hold the runs' first and last samples only (no metric values): every
// replica step at its exact time, so HpaActivity::ofTimeline counts the same steps and direction
// changes as on the full timeline. A run is split where samples are more than MaxGapMs apart, so
// a window that starts inside one begins at most that much before its first real sample.
// Charts and the tuning dialog read the full history, not this.
class HpaActivityCache : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxGapMs = 60 * 1000;

    HpaActivityCache(history::HistoryStore* store, HpaRecorder* recorder, QObject* parent = nullptr);
    ~HpaActivityCache() override;

    void setSpan(qint64 milliseconds) { m_spanMs = milliseconds; }
    qint64 span() const { return m_spanMs; }
    // Reads every HPA's span from the file on a worker thread; loaded() follows.
    void load();
    bool isLoaded() const { return m_loaded; }
    // Reads a cluster again from the file once what is queued has been committed (after a
    // backfill added older samples); loaded() follows.
    void reload(const QString& cluster);

    // The runs and marks of [fromMs, toMs]; nullopt when nothing is kept for the HPA there.
    std::optional<history::HpaTimeline> timeline(const history::HpaKey& key, qint64 fromMs, qint64 toMs) const;
    analysis::HpaHistoryLookup lookup() const;

    // What the recorder appended (connected to its signals; public for tests).
    void addSample(const history::HpaKey& key, const history::HpaSample& sample);
    void addMark(const history::HpaKey& key, const history::HpaMark& mark);

    qsizetype hpaCount() const { return m_entries.size(); }
    qsizetype runCount() const;

Q_SIGNALS:
    // A load from the file ended (the first, or a cluster's after a backfill): rows read again.
    void loaded();

private:
    struct Run
    {
        qint64 firstMs = 0;
        qint64 lastMs = 0;
        qint32 minReplicas = -1;
        qint32 maxReplicas = -1;
        qint32 currentReplicas = -1;
        qint32 desiredReplicas = -1;
        bool sameCounts(const history::HpaSample& s) const;
    };
    struct Entry
    {
        QList<Run> runs; // by time
        QList<history::HpaMark> marks; // by time
    };
    using Loaded = QHash<QString, history::HpaTimeline>;

    static QString keyText(const history::HpaKey& key);
    static void appendSample(QList<Run>& runs, const history::HpaSample& sample);
    void prune(Entry& entry, qint64 nowMs) const;
    void startLoad(const QString& cluster); // empty: every cluster
    void merge(const Loaded& fromFile);

    history::HistoryStore* m_store;
    qint64 m_spanMs = 25LL * 3600 * 1000;
    QHash<QString, Entry> m_entries;
    bool m_loaded = false;
    QThread* m_loader = nullptr;
    QSet<QString> m_pendingClusters; // loads asked while one ran; "" for all
    QSet<QString> m_flushWaiting; // backfilled clusters waiting for their samples to be committed
};

} // namespace minato::items
