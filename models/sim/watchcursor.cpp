// SPDX-License-Identifier: Apache-2.0
#include "watchcursor.h"

#include "apistatus.h"
#include "objectstore.h"

namespace minato::sim {

WatchCursor::WatchCursor(const ObjectStore& store, WatchPlan plan)
    : m_store(store)
    , m_plan(std::move(plan))
    , m_position(m_plan.fromVersion)
{
    if (!m_plan.encode) {
        const QByteArray prefix = store.catalog().typePrefix(m_plan.resource);
        m_plan.encode = [prefix](const ObjectPtr& object) -> QByteArray { return prefix + object->body.mid(1); };
    }
}

bool WatchCursor::matches(const ObjectPtr& object) const
{
    return (m_plan.keyPrefix.isEmpty() || object->key.startsWith(m_plan.keyPrefix))
        && m_plan.labels.matches(object->labels) && m_plan.fields.matches(*object);
}

QByteArray WatchCursor::line(const char* type, const QByteArray& object) const
{
    return "{\"type\":\"" + QByteArray(type) + "\",\"object\":" + object + "}\n";
}

QByteArray WatchCursor::expired(quint64 requested)
{
    m_finished = true;
    // The watch cache's wording: the requested version, then the newest one compacted away.
    const QString message = QStringLiteral("too old resource version: %1 (%2)")
                                .arg(requested)
                                .arg(m_store.compactedVersion(m_plan.resource));
    return line("ERROR", ApiStatus::failure(410, QStringLiteral("Expired"), message));
}

QByteArray WatchCursor::bookmarkLine(quint64 version, bool initialEventsEnd) const
{
    const ResourceInfo& info = m_store.catalog().at(m_plan.resource);
    QByteArray object = "{\"kind\":\"" + info.kind.toLatin1() + "\",\"apiVersion\":\"" + info.groupVersion().toLatin1()
        + "\",\"metadata\":{\"resourceVersion\":\"" + QByteArray::number(version) + '"';
    if (initialEventsEnd)
        object += ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}";
    object += "}}";
    return line("BOOKMARK", object);
}

QByteArray WatchCursor::start()
{
    if (!m_plan.initialEvents) {
        if (m_position < m_store.compactedVersion(m_plan.resource))
            return expired(m_position);
        return drain();
    }
    QByteArray out;
    m_position = m_store.resourceVersion();
    m_store.visitSnapshot(m_plan.resource, m_position, m_plan.keyPrefix, {}, [&](const ObjectPtr& object) {
        if (matches(object))
            out += line("ADDED", m_plan.encode(object));
        return true;
    });
    if (m_plan.initialEventsEndBookmark)
        out += bookmarkLine(m_position, true);
    return out;
}

QByteArray WatchCursor::drain()
{
    if (m_finished)
        return {};
    if (m_position < m_store.compactedVersion(m_plan.resource))
        return expired(m_position);
    QByteArray out;
    m_store.visitChanges(m_plan.resource, m_position, [&](const StoreEvent& event) {
        // With selectors, an object that starts or stops matching is ADDED or DELETED for this watch.
        const bool now = matches(event.object);
        const bool before = event.previous && event.type != ChangeType::Added && matches(event.previous);
        const char* type = nullptr;
        if (event.type == ChangeType::Deleted)
            type = before ? "DELETED" : nullptr;
        else if (now && before)
            type = "MODIFIED";
        else if (now)
            type = "ADDED";
        else if (before)
            type = "DELETED";
        if (type)
            out += line(type, m_plan.encode(event.object));
        m_position = event.resourceVersion;
    });
    return out;
}

QByteArray WatchCursor::bookmark()
{
    QByteArray out = drain();
    if (m_finished)
        return out;
    m_position = std::max(m_position, m_store.resourceVersion());
    return out + bookmarkLine(m_position, false);
}

} // namespace minato::sim
