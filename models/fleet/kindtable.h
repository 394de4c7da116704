// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/kinddelta.h"
#include "fleet/listpage.h"
#include "fleet/watchchunk.h"

#include <QHash>
#include <QSet>
#include <QUuid>

#include <memory>

namespace minato::fleet {

// The objects of one kind in one cluster, by uid, and how decoded pages and watch events
// change them. Untyped here so that reflectors can drive any kind; KindTable<T> holds the
// projections.
class KindTableBase
{
public:
    explicit KindTableBase(WatchedKind kind)
        : m_kind(kind)
    { }
    virtual ~KindTableBase() = default;

    WatchedKind kind() const { return m_kind; }
    virtual qsizetype size() const = 0;
    // A copy sharing the objects until either side changes (QHash is implicitly shared).
    virtual std::unique_ptr<KindTableBase> clone() const = 0;

    // Upserts the page's items and adds their uids to `seen`.
    virtual void applyPage(const ListPage& page, QSet<QUuid>& seen, KindDelta& delta) = 0;
    // After the last page: drops objects the list did not contain (the synthetic deletes of
    // a relist), only within `namespaceScope` when one is given.
    virtual void removeUnseen(const QSet<QUuid>& seen, const QString& namespaceScope, KindDelta& delta) = 0;
    // Applies the first `count` events of the chunk (ADDED, MODIFIED, DELETED; the others
    // carry no object).
    virtual void applyEvents(const WatchChunk& chunk, qsizetype count, KindDelta& delta) = 0;
    // Drops everything (or one namespace's objects).
    virtual void clear(const QString& namespaceScope, KindDelta& delta) = 0;

private:
    WatchedKind m_kind;
};

template <typename T> class KindTable : public KindTableBase
{
public:
    using KindTableBase::KindTableBase;

    const QHash<QUuid, T>& objects() const { return m_objects; }
    qsizetype size() const override { return m_objects.size(); }
    std::unique_ptr<KindTableBase> clone() const override { return std::make_unique<KindTable<T>>(*this); }

    void applyPage(const ListPage& page, QSet<QUuid>& seen, KindDelta& delta) override
    {
        const auto& typed = static_cast<const ListPageOf<T>&>(page);
        m_objects.reserve(m_objects.size() + typed.items.size());
        for (const T& item : typed.items) {
            seen.insert(item.meta.uid);
            upsert(item, delta);
        }
    }

    void removeUnseen(const QSet<QUuid>& seen, const QString& namespaceScope, KindDelta& delta) override
    {
        for (auto it = m_objects.begin(); it != m_objects.end();) {
            if (!seen.contains(it.key()) && inScope(it.value(), namespaceScope)) {
                delta.erased(it.key());
                it = m_objects.erase(it);
            } else {
                ++it;
            }
        }
    }

    void applyEvents(const WatchChunk& chunk, qsizetype count, KindDelta& delta) override
    {
        const auto& typed = static_cast<const WatchChunkOf<T>&>(chunk);
        for (qsizetype i = 0; i < count && i < typed.events.size(); ++i) {
            const WatchEvent<T>& event = typed.events.at(i);
            switch (event.type) {
            case WatchEventType::Added:
            case WatchEventType::Modified:
                upsert(event.object, delta);
                break;
            case WatchEventType::Deleted:
                if (m_objects.remove(event.object.meta.uid))
                    delta.erased(event.object.meta.uid);
                break;
            case WatchEventType::Bookmark:
            case WatchEventType::Error:
                break;
            }
        }
    }

    void clear(const QString& namespaceScope, KindDelta& delta) override { removeUnseen({}, namespaceScope, delta); }

private:
    static bool inScope(const T& object, const QString& namespaceScope)
    {
        return namespaceScope.isEmpty() || object.meta.namespaceName == QStringView(namespaceScope);
    }

    void upsert(const T& item, KindDelta& delta)
    {
        auto it = m_objects.find(item.meta.uid);
        if (it == m_objects.end()) {
            m_objects.insert(item.meta.uid, item);
            delta.upserted(item.meta.uid, false, true);
            return;
        }
        // A relist hands back every unchanged object; equal versions mean nothing to report.
        const bool changed
            = item.meta.resourceVersion.isEmpty() || !(it->meta.resourceVersion == item.meta.resourceVersion);
        if (changed)
            *it = item;
        delta.upserted(item.meta.uid, true, changed);
    }

    QHash<QUuid, T> m_objects;
};

template <typename T> std::unique_ptr<KindTableBase> makeKindTable(WatchedKind kind)
{
    return std::make_unique<KindTable<T>>(kind);
}

} // namespace minato::fleet
