// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "objectsink.h"
#include "resourcecatalog.h"
#include "storedobject.h"

#include <QJsonObject>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <vector>

namespace minato::sim {

// How much history a cluster keeps for watches and paged lists, like etcd's compaction window.
struct StoreLimits
{
    int maxEventsPerResource = 4096;
    std::chrono::milliseconds maxEventAge = std::chrono::minutes(5);
};

enum class ChangeType : quint8
{
    Added,
    Modified,
    Deleted
};

struct StoreEvent
{
    quint64 resourceVersion = 0;
    ChangeType type = ChangeType::Added;
    ObjectPtr object; // the new state; for Deleted the last state, stamped with the deletion's version
    ObjectPtr previous; // the state before the change; null for Added
    std::chrono::steady_clock::time_point time;
};

// One simulated cluster's storage: the current objects of every served resource, a single
// resourceVersion counter (etcd's revision), and a per-resource change log trimmed to the
// compaction window. Not thread-safe: it lives on the server's I/O thread.
class ObjectStore : public ObjectSink
{
public:
    explicit ObjectStore(StoreLimits limits = {}, const ResourceCatalog& catalog = ResourceCatalog::standard());
    ~ObjectStore() override;

    void put(const QString& resource, QJsonObject object) override;
    void remove(const QString& resource, const QString& nameSpace, const QString& name) override;

    const ResourceCatalog& catalog() const { return m_catalog; }
    quint64 resourceVersion() const { return m_resourceVersion; }
    ObjectPtr get(int resource, const QByteArray& nameSpace, const QByteArray& name) const;
    int count(int resource) const { return int(m_tables.at(resource).objects.size()); }
    bool hasCustomResourceDefinition(const ResourceInfo& info) const;

    // Every change of the resource after this version is still in the log; older versions
    // are compacted away and answer 410.
    quint64 compactedVersion(int resource) const { return m_tables.at(resource).compactedVersion; }

    // Visits the objects as they were at snapshotVersion, in key order, starting at the first
    // key >= from and restricted to keyPrefix ("ns/" or empty), until visit returns false.
    // Returns false when the snapshot is older than the compaction window.
    bool visitSnapshot(int resource, quint64 snapshotVersion, const QByteArray& keyPrefix, const QByteArray& from,
        const std::function<bool(const ObjectPtr&)>& visit) const;

    // Visits the logged changes of one resource newer than `after`, oldest first.
    void visitChanges(int resource, quint64 after, const std::function<void(const StoreEvent&)>& visit) const;

    // Listeners run synchronously after each change of the resource; they should only schedule work.
    quint64 subscribe(int resource, std::function<void()> listener);
    void unsubscribe(int resource, quint64 id);

    // Drops log entries older than the age limit (the count limit applies on every write).
    void compact(std::chrono::steady_clock::time_point now);
    void setLimits(StoreLimits limits) { m_limits = limits; }

private:
    struct Table
    {
        std::map<QByteArray, ObjectPtr> objects;
        std::deque<StoreEvent> log;
        quint64 compactedVersion = 0;
        std::vector<std::pair<quint64, std::function<void()>>> listeners;
    };

    void store(int resource, QJsonObject object, quint64 version);
    void erase(int resource, const QByteArray& key, quint64 version);
    void record(int resource, StoreEvent event);
    void installDefinitions(const ResourceInfo& info);
    int resolve(const QString& resource);
    void learnDefinition(const QJsonObject& definition);

    // A copy: custom resources join it when their definition is stored.
    ResourceCatalog m_catalog;
    StoreLimits m_limits;
    std::vector<Table> m_tables;
    quint64 m_resourceVersion = 0;
    quint64 m_nextListenerId = 1;
    int m_coreEvents = -1;
    int m_eventsV1 = -1;
    int m_definitions = -1;
    QStringList m_warnedUnknown;
};

} // namespace minato::sim
