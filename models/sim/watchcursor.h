// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fieldselector.h"
#include "labelselector.h"
#include "storedobject.h"

#include <functional>

namespace minato::sim {

class ObjectStore;

// What a watch request asked for, decided by ClusterApi before the stream starts.
struct WatchPlan
{
    int resource = -1;
    QByteArray keyPrefix; // "namespace/" for a namespaced watch, empty for all
    LabelSelector labels;
    FieldSelector fields;
    quint64 fromVersion = 0; // send changes newer than this
    bool initialEvents = false; // first synthetic ADDED events for the current state
    bool initialEventsEndBookmark = false; // sendInitialEvents=true: mark their end with a bookmark
    bool bookmarks = false; // allowWatchBookmarks
    int timeoutSeconds = 0;
    // Renders one object for an event; the default is the full JSON object.
    std::function<QByteArray(const ObjectPtr&)> encode;
};

// The server side of one watch: turns the store's change log into watch event lines
// ({"type":…,"object":…}\n), filtered by namespace and selectors. It holds the last revision
// sent, so the stream can be drained whenever the store reports a change. Beast-free.
class WatchCursor
{
public:
    WatchCursor(const ObjectStore& store, WatchPlan plan);

    // The first bytes of the stream: initial events, or an ERROR (410 Expired) when
    // fromVersion is already compacted.
    QByteArray start();
    // Everything that changed since the last call; an ERROR if the client fell behind the window.
    QByteArray drain();
    // drain() followed by a BOOKMARK at the store's current revision.
    QByteArray bookmark();

    bool finished() const { return m_finished; }
    const WatchPlan& plan() const { return m_plan; }
    quint64 position() const { return m_position; }

private:
    bool matches(const ObjectPtr& object) const;
    QByteArray line(const char* type, const QByteArray& object) const;
    QByteArray expired(quint64 requested);
    QByteArray bookmarkLine(quint64 version, bool initialEventsEnd) const;

    const ObjectStore& m_store;
    WatchPlan m_plan;
    quint64 m_position = 0;
    bool m_finished = false;
};

} // namespace minato::sim
