// SPDX-License-Identifier: Apache-2.0
#include "sim/eventrecorder.h"

#include <algorithm>

namespace minato::sim {

EventRecorder::EventRecorder(const KubeJson& json, const IdGenerator& ids)
    : m_json(json)
    , m_ids(ids)
{ }

void EventRecorder::record(qint64 nowMs, const InvolvedObject& object, bool warning, const QString& reason,
    const QString& message, const QString& component, const QString& host)
{
    const QString key = object.uid + QLatin1Char('|') + object.fieldPath + QLatin1Char('|') + reason + QLatin1Char('|')
        + message + QLatin1Char('|') + component + (warning ? QStringLiteral("|W") : QStringLiteral("|N"));
    const auto found = m_index.constFind(key);
    if (found != m_index.cend()) {
        Event& e = m_events[*found];
        ++e.count;
        e.lastMs = nowMs;
        if (!e.dirty) {
            e.dirty = true;
            m_dirty.push_back(*found);
        }
        return;
    }
    int slot;
    if (!m_free.empty()) {
        slot = m_free.back();
        m_free.pop_back();
    } else {
        slot = int(m_events.size());
        m_events.emplace_back();
    }
    Event& e = m_events[slot];
    e = Event {};
    e.key = key;
    // client-go names events "<object>.<UnixNano in hex>".
    const quint64 nanos = quint64(m_json.startMs() + nowMs) * 1000000ULL + (m_sequence++ % 1000000ULL);
    e.name = object.name + QLatin1Char('.') + QString::number(nanos, 16);
    e.nameSpace = object.nameSpace.isEmpty() ? QStringLiteral("default") : object.nameSpace;
    e.uid = m_ids.uid(m_ids.key(QStringLiteral("event"), e.nameSpace, e.name));
    e.object = object;
    e.warning = warning;
    e.reason = reason;
    e.message = message;
    e.component = component;
    e.host = host;
    e.firstMs = e.lastMs = nowMs;
    e.count = 1;
    e.dirty = true;
    e.live = true;
    m_dirty.push_back(slot);
    m_index.insert(key, slot);
}

void EventRecorder::expire(qint64 nowMs)
{
    for (auto it = m_index.begin(); it != m_index.end();) {
        Event& e = m_events[*it];
        if (nowMs - e.lastMs < TtlMs) {
            ++it;
            continue;
        }
        m_removed.append({ e.nameSpace, e.name });
        e.live = false;
        m_free.push_back(*it);
        it = m_index.erase(it);
    }
}

void EventRecorder::flush(ObjectSink& sink)
{
    std::sort(m_removed.begin(), m_removed.end());
    for (const auto& [nameSpace, name] : std::as_const(m_removed)) {
        sink.remove(QStringLiteral("events"), nameSpace, name);
    }
    m_removed.clear();
    for (const int slot : m_dirty) {
        Event& e = m_events[slot];
        if (!e.dirty)
            continue;
        e.dirty = false;
        if (!e.live)
            continue;
        sink.put(QStringLiteral("events"), coreJson(e));
    }
    m_dirty.clear();
}

namespace {

    QJsonObject reference(const InvolvedObject& o)
    {
        QJsonObject r {
            { QStringLiteral("kind"), o.kind },
            { QStringLiteral("name"), o.name },
            { QStringLiteral("uid"), o.uid },
            { QStringLiteral("apiVersion"), o.apiVersion },
        };
        if (!o.nameSpace.isEmpty())
            r.insert(QStringLiteral("namespace"), o.nameSpace);
        if (!o.fieldPath.isEmpty())
            r.insert(QStringLiteral("fieldPath"), o.fieldPath);
        return r;
    }

} // namespace

QJsonObject EventRecorder::coreJson(const Event& e) const
{
    QJsonObject source { { QStringLiteral("component"), e.component } };
    if (!e.host.isEmpty())
        source.insert(QStringLiteral("host"), e.host);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("Event") },
        { QStringLiteral("metadata"), m_json.metadata(e.name, e.nameSpace, e.uid, e.firstMs) },
        { QStringLiteral("involvedObject"), reference(e.object) },
        { QStringLiteral("reason"), e.reason },
        { QStringLiteral("message"), e.message },
        { QStringLiteral("source"), source },
        { QStringLiteral("firstTimestamp"), m_json.time(e.firstMs) },
        { QStringLiteral("lastTimestamp"), m_json.time(e.lastMs) },
        { QStringLiteral("count"), e.count },
        { QStringLiteral("type"), e.warning ? QStringLiteral("Warning") : QStringLiteral("Normal") },
        { QStringLiteral("eventTime"), QJsonValue::Null },
        { QStringLiteral("reportingComponent"), e.component },
        { QStringLiteral("reportingInstance"), e.host },
    };
}

} // namespace minato::sim
