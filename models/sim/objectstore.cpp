// SPDX-License-Identifier: Apache-2.0
#include "objectstore.h"

#include "apidocuments.h"
#include "eventconversion.h"

#include "util/logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

namespace minato::sim {

namespace {

    QByteArray serialize(const QJsonObject& object)
    {
        // toJson() grows its buffer by doubling; stored bodies live long, so give the slack back.
        QByteArray bytes = QJsonDocument(object).toJson(QJsonDocument::Compact);
        bytes.squeeze();
        return bytes;
    }

    QByteArray makeKey(const QByteArray& nameSpace, const QByteArray& name)
    {
        return nameSpace.isEmpty() ? name : nameSpace + '/' + name;
    }

    QByteArray scalarText(const QJsonValue& value)
    {
        switch (value.type()) {
        case QJsonValue::String:
            return value.toString().toUtf8();
        case QJsonValue::Bool:
            return value.toBool() ? "true" : "false";
        case QJsonValue::Double:
            return QByteArray::number(value.toDouble(), 'g', 17);
        default:
            return {};
        }
    }

    // The value a field selector compares against. Absent booleans read as "false" and the core
    // Event's "source" means source.component, as in the apiserver's field label functions.
    QByteArray selectableValue(const QJsonObject& object, const QString& field)
    {
        const QString path = field == QLatin1String("source") ? QStringLiteral("source.component") : field;
        QJsonValue value = object;
        for (const QString& part : path.split(QLatin1Char('.')))
            value = value.toObject().value(part);
        if (value.isUndefined()
            && (field == QLatin1String("spec.unschedulable") || field == QLatin1String("spec.hostNetwork")))
            return "false";
        return scalarText(value);
    }

    QByteArray nowTimestamp()
    {
        return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toLatin1();
    }

} // namespace

ObjectStore::ObjectStore(StoreLimits limits, const ResourceCatalog& catalog)
    : m_catalog(catalog)
    , m_limits(limits)
    , m_tables(catalog.size())
{
    m_coreEvents = catalog.indexOfKey(QStringLiteral("events"));
    m_eventsV1 = catalog.indexOfKey(QStringLiteral("events.events.k8s.io"));
    m_definitions = catalog.indexOfKey(QStringLiteral("customresourcedefinitions.apiextensions.k8s.io"));
}

ObjectStore::~ObjectStore() = default;

int ObjectStore::resolve(const QString& resource)
{
    const int index = m_catalog.indexOfKey(resource);
    if (index < 0 && !m_warnedUnknown.contains(resource)) {
        m_warnedUnknown.append(resource);
        qCWarning(lcSim) << "the simulated apiserver does not serve" << resource << "- objects ignored";
    }
    return index;
}

void ObjectStore::put(const QString& resource, QJsonObject object)
{
    const int index = resolve(resource);
    if (index < 0)
        return;
    const ResourceInfo& info = m_catalog.at(index);
    if (info.origin == ResourceOrigin::CustomResource && !hasCustomResourceDefinition(info))
        installDefinitions(info);
    const quint64 version = m_resourceVersion + 1;
    // One stored Event, two API versions: both forms change at the same revision.
    if (index == m_coreEvents || index == m_eventsV1) {
        const bool core = index == m_coreEvents;
        QJsonObject other = core ? EventConversion::toEventsV1(object) : EventConversion::toCore(object);
        store(index, object, version);
        if (m_resourceVersion != version)
            return;
        const ObjectPtr stored = m_tables[index].log.back().object;
        QJsonObject metadata = other.value(QStringLiteral("metadata")).toObject();
        metadata.insert(QStringLiteral("uid"), QString::fromUtf8(stored->uid));
        metadata.insert(QStringLiteral("creationTimestamp"), QString::fromUtf8(stored->creationTimestamp));
        other.insert(QStringLiteral("metadata"), metadata);
        store(core ? m_eventsV1 : m_coreEvents, other, version);
        return;
    }
    store(index, std::move(object), version);
}

void ObjectStore::store(int resource, QJsonObject object, quint64 version)
{
    const ResourceInfo& info = m_catalog.at(resource);
    Table& table = m_tables[resource];
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    const QByteArray name = metadata.value(QStringLiteral("name")).toString().toUtf8();
    if (name.isEmpty()) {
        qCWarning(lcSim) << "ignoring a" << info.key() << "without metadata.name";
        return;
    }
    QByteArray nameSpace;
    if (info.namespaced) {
        nameSpace = metadata.value(QStringLiteral("namespace")).toString().toUtf8();
        if (nameSpace.isEmpty())
            nameSpace = "default";
        metadata.insert(QStringLiteral("namespace"), QString::fromUtf8(nameSpace));
    } else {
        metadata.remove(QStringLiteral("namespace"));
    }
    const QByteArray key = makeKey(nameSpace, name);
    const auto existing = table.objects.find(key);
    const ObjectPtr previous = existing == table.objects.end() ? nullptr : existing->second;

    // uid and creationTimestamp belong to the object's lifetime, not to one write.
    QByteArray uid = metadata.value(QStringLiteral("uid")).toString().toUtf8();
    if (uid.isEmpty())
        uid = previous ? previous->uid : QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    QByteArray created = metadata.value(QStringLiteral("creationTimestamp")).toString().toUtf8();
    if (created.isEmpty())
        created = previous ? previous->creationTimestamp : nowTimestamp();
    metadata.insert(QStringLiteral("uid"), QString::fromUtf8(uid));
    metadata.insert(QStringLiteral("creationTimestamp"), QString::fromUtf8(created));
    object.remove(QStringLiteral("kind"));
    object.remove(QStringLiteral("apiVersion"));

    if (previous) {
        // Writing an identical object is a no-op for the apiserver: no new version, no event.
        metadata.insert(QStringLiteral("resourceVersion"), QString::number(previous->resourceVersion));
        object.insert(QStringLiteral("metadata"), metadata);
        if (serialize(object) == previous->body)
            return;
    }
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(version));
    object.insert(QStringLiteral("metadata"), metadata);

    auto stored = std::make_shared<StoredObject>();
    stored->key = key;
    stored->nameSpace = nameSpace;
    stored->name = name;
    stored->uid = uid;
    stored->creationTimestamp = created;
    const QJsonObject labels = metadata.value(QStringLiteral("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        stored->labels.append({ it.key().toUtf8(), it.value().toString().toUtf8() });
    // Only non-empty values: an absent field reads as "" when a selector compares it.
    for (const QString& field : info.selectableFields) {
        QByteArray value = selectableValue(object, field);
        if (!value.isEmpty())
            stored->fields.append({ field.toUtf8(), std::move(value) });
    }
    stored->body = serialize(object);
    stored->resourceVersion = version;

    m_resourceVersion = version;
    table.objects[key] = stored;
    record(resource,
        StoreEvent { version, previous ? ChangeType::Modified : ChangeType::Added, stored, previous,
            std::chrono::steady_clock::now() });
    if (resource == m_definitions)
        learnDefinition(object);
}

void ObjectStore::learnDefinition(const QJsonObject& definition)
{
    const auto info = ResourceCatalog::fromDefinition(definition);
    if (!info || m_catalog.indexOf(info->group, info->version, info->plural) >= 0)
        return;
    // From now on the new resource is served, listed in discovery, and accepts puts.
    m_catalog.add(*info);
    m_tables.emplace_back();
    m_warnedUnknown.removeAll(info->key());
}

void ObjectStore::remove(const QString& resource, const QString& nameSpace, const QString& name)
{
    const int index = resolve(resource);
    if (index < 0)
        return;
    const ResourceInfo& info = m_catalog.at(index);
    const QByteArray key = makeKey(info.namespaced ? nameSpace.toUtf8() : QByteArray(), name.toUtf8());
    if (m_tables[index].objects.find(key) == m_tables[index].objects.end())
        return;
    const quint64 version = m_resourceVersion + 1;
    erase(index, key, version);
    if (index == m_coreEvents)
        erase(m_eventsV1, key, version);
    else if (index == m_eventsV1)
        erase(m_coreEvents, key, version);
}

void ObjectStore::erase(int resource, const QByteArray& key, quint64 version)
{
    Table& table = m_tables[resource];
    const auto existing = table.objects.find(key);
    if (existing == table.objects.end())
        return;
    const ObjectPtr previous = existing->second;
    table.objects.erase(existing);

    // The DELETED event carries the last state, stamped with the deletion's revision.
    QJsonObject object = QJsonDocument::fromJson(previous->body).object();
    QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("resourceVersion"), QString::number(version));
    object.insert(QStringLiteral("metadata"), metadata);
    auto deleted = std::make_shared<StoredObject>(*previous);
    deleted->body = serialize(object);
    deleted->resourceVersion = version;

    m_resourceVersion = version;
    record(resource, StoreEvent { version, ChangeType::Deleted, deleted, previous, std::chrono::steady_clock::now() });
}

void ObjectStore::record(int resource, StoreEvent event)
{
    Table& table = m_tables[resource];
    table.log.push_back(std::move(event));
    while (int(table.log.size()) > std::max(1, m_limits.maxEventsPerResource)) {
        table.compactedVersion = table.log.front().resourceVersion;
        table.log.pop_front();
    }
    // Indexing (not iterators) stays valid even if a listener subscribes or unsubscribes.
    for (std::size_t i = 0; i < table.listeners.size(); ++i)
        table.listeners[i].second();
}

void ObjectStore::installDefinitions(const ResourceInfo& info)
{
    for (const QJsonObject& definition : ApiDocuments::customResourceDefinitions(info.group))
        store(m_definitions, definition, m_resourceVersion + 1);
}

bool ObjectStore::hasCustomResourceDefinition(const ResourceInfo& info) const
{
    return m_tables.at(m_definitions).objects.count(info.crdName().toUtf8()) > 0;
}

ObjectPtr ObjectStore::get(int resource, const QByteArray& nameSpace, const QByteArray& name) const
{
    const Table& table = m_tables.at(resource);
    const auto it = table.objects.find(makeKey(nameSpace, name));
    return it == table.objects.end() ? nullptr : it->second;
}

bool ObjectStore::visitSnapshot(int resource, quint64 snapshotVersion, const QByteArray& keyPrefix,
    const QByteArray& from, const std::function<bool(const ObjectPtr&)>& visit) const
{
    const Table& table = m_tables.at(resource);
    if (snapshotVersion < table.compactedVersion)
        return false;

    // Keys changed after the snapshot, mapped to their state at the snapshot (null: absent).
    std::map<QByteArray, ObjectPtr> overrides;
    visitChanges(resource, snapshotVersion,
        [&overrides](const StoreEvent& event) { overrides.try_emplace(event.object->key, event.previous); });

    const QByteArray start = std::max(from, keyPrefix);
    auto current = table.objects.lower_bound(start);
    auto changed = overrides.lower_bound(start);
    while (current != table.objects.end() || changed != overrides.end()) {
        const ObjectPtr* candidate = nullptr;
        const QByteArray* key = nullptr;
        if (changed == overrides.end() || (current != table.objects.end() && current->first < changed->first)) {
            key = &current->first;
            candidate = &current->second;
            ++current;
        } else {
            if (current != table.objects.end() && current->first == changed->first)
                ++current;
            key = &changed->first;
            candidate = &changed->second;
            ++changed;
        }
        if (!keyPrefix.isEmpty() && !key->startsWith(keyPrefix))
            break;
        if (*candidate && !visit(*candidate))
            break;
    }
    return true;
}

void ObjectStore::visitChanges(int resource, quint64 after, const std::function<void(const StoreEvent&)>& visit) const
{
    const std::deque<StoreEvent>& log = m_tables.at(resource).log;
    auto it = std::upper_bound(log.begin(), log.end(), after,
        [](quint64 version, const StoreEvent& event) { return version < event.resourceVersion; });
    for (; it != log.end(); ++it)
        visit(*it);
}

quint64 ObjectStore::subscribe(int resource, std::function<void()> listener)
{
    const quint64 id = m_nextListenerId++;
    m_tables[resource].listeners.emplace_back(id, std::move(listener));
    return id;
}

void ObjectStore::unsubscribe(int resource, quint64 id)
{
    auto& listeners = m_tables[resource].listeners;
    listeners.erase(std::remove_if(listeners.begin(), listeners.end(), [id](const auto& l) { return l.first == id; }),
        listeners.end());
}

void ObjectStore::compact(std::chrono::steady_clock::time_point now)
{
    const auto horizon = now - m_limits.maxEventAge;
    for (Table& table : m_tables) {
        while (!table.log.empty() && table.log.front().time < horizon) {
            table.compactedVersion = table.log.front().resourceVersion;
            table.log.pop_front();
        }
    }
}

} // namespace minato::sim
