// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/idgenerator.h"
#include "sim/kubejson.h"
#include "sim/objectsink.h"

#include <QHash>
#include <QString>

#include <vector>

namespace minato::sim {

struct InvolvedObject
{
    QString kind;
    QString apiVersion;
    QString nameSpace; // empty for cluster-scoped objects (their events live in "default")
    QString name;
    QString uid;
    QString fieldPath; // "spec.containers{app}" for container events
};

// Records events the way client-go's recorder does: a repeat of the same event bumps count
// and lastTimestamp instead of creating another object; events expire after an hour (the
// apiserver's --event-ttl). Events are written as core/v1 only: like the real apiserver, the
// store serves one stored Event under both APIs (events.k8s.io/v1 is its conversion).
class EventRecorder
{
public:
    EventRecorder(const KubeJson& json, const IdGenerator& ids);

    void record(qint64 nowMs, const InvolvedObject& object, bool warning, const QString& reason, const QString& message,
        const QString& component, const QString& host = {});
    void expire(qint64 nowMs);
    void flush(ObjectSink& sink);
    int liveCount() const { return int(m_index.size()); }

    static constexpr qint64 TtlMs = 60 * 60 * 1000;

private:
    struct Event
    {
        QString key;
        QString name;
        QString nameSpace;
        QString uid;
        InvolvedObject object;
        bool warning = false;
        QString reason;
        QString message;
        QString component;
        QString host;
        qint64 firstMs = 0;
        qint64 lastMs = 0;
        int count = 0;
        bool dirty = false;
        bool live = false;
    };
    QJsonObject coreJson(const Event& e) const;

    const KubeJson& m_json;
    const IdGenerator& m_ids;
    std::vector<Event> m_events;
    std::vector<int> m_free;
    std::vector<int> m_dirty;
    QHash<QString, int> m_index;
    QList<QPair<QString, QString>> m_removed;
    quint64 m_sequence = 0;
};

} // namespace minato::sim
