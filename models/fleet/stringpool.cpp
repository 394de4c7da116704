// SPDX-License-Identifier: Apache-2.0
#include "stringpool.h"

#include <QAnyStringView>
#include <QUtf8StringView>

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace minato::fleet {

const QString& InternedString::emptyString()
{
    static const QString empty;
    return empty;
}

namespace {

    // Heterogeneous lookup: find by string_view without building a std::string per probe.
    struct TransparentHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
    };

} // namespace

struct StringPool::Private
{
    using StringData = InternedString::Data;
    // The string table holds only the shared data: its hash is stored in it and equality compares
    // the UTF-8 probe with the UTF-16 text, so no second (UTF-8) copy of every string is kept.
    struct DataHash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view> {}(s); }
        size_t operator()(const StringData* d) const noexcept { return d->utf8Hash; }
    };
    struct DataEqual
    {
        using is_transparent = void;
        bool operator()(const StringData* a, const StringData* b) const noexcept { return a == b; }
        bool operator()(std::string_view a, const StringData* b) const noexcept
        {
            return QAnyStringView::equal(QUtf8StringView(a.data(), qsizetype(a.size())), b->text);
        }
        bool operator()(const StringData* a, std::string_view b) const noexcept { return (*this)(b, a); }
    };

    mutable std::mutex mutex;
    std::unordered_set<StringData*, DataHash, DataEqual> strings; // each holds one reference
    std::unordered_map<std::string, LabelSet, TransparentHash, std::equal_to<>> labelSets;
    std::unordered_map<std::string, std::unique_ptr<SharedHolderBase>, TransparentHash, std::equal_to<>> shared;
    std::string scratchKey;

    // Caller holds the mutex.
    InternedString internLocked(std::string_view utf8)
    {
        if (utf8.empty())
            return {};
        const auto it = strings.find(utf8);
        if (it != strings.end())
            return InternedString(*it);
        auto* data = new StringData;
        data->text = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        data->utf8Hash = DataHash {}(utf8);
        data->ref.ref(); // the table's reference
        strings.insert(data);
        return InternedString(data);
    }
};

StringPool::StringPool()
    : d(std::make_unique<Private>())
{ }

StringPool::~StringPool()
{
    // Drop the table's references; strings still used by projections live on without the pool.
    for (Private::StringData* data : d->strings) {
        if (!data->ref.deref())
            delete data;
    }
}

InternedString StringPool::intern(std::string_view utf8)
{
    std::lock_guard lock(d->mutex);
    return d->internLocked(utf8);
}

InternedString StringPool::intern(QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    return intern(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

LabelSet StringPool::internLabels(std::span<std::pair<std::string_view, std::string_view>> labels)
{
    if (labels.empty())
        return {};
    std::sort(labels.begin(), labels.end());

    std::lock_guard lock(d->mutex);
    // Key: the labels joined with separators that cannot occur in label keys and values.
    std::string& key = d->scratchKey;
    key.clear();
    for (const auto& [k, v] : labels) {
        key.append(k);
        key.push_back('\x1f');
        key.append(v);
        key.push_back('\x1e');
    }
    const auto it = d->labelSets.find(std::string_view(key));
    if (it != d->labelSets.end())
        return it->second;

    auto* data = new LabelSet::Data;
    data->labels.reserve(qsizetype(labels.size()));
    for (const auto& [k, v] : labels)
        data->labels.append(Label { d->internLocked(k), d->internLocked(v) });
    LabelSet set(data);
    d->labelSets.emplace(key, set);
    return set;
}

void StringPool::withSharedSlotImpl(
    std::string_view key, void (*f)(std::unique_ptr<SharedHolderBase>&, void*), void* context)
{
    std::lock_guard lock(d->mutex);
    auto it = d->shared.find(key);
    if (it == d->shared.end())
        it = d->shared.emplace(std::string(key), nullptr).first;
    f(it->second, context);
}

qsizetype StringPool::purge()
{
    std::lock_guard lock(d->mutex);
    qsizetype removed = 0;
    // Shared values and label sets first: they hold references to strings.
    for (auto it = d->shared.begin(); it != d->shared.end();) {
        if (!it->second || it->second->isUnused()) {
            it = d->shared.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    for (auto it = d->labelSets.begin(); it != d->labelSets.end();) {
        if (it->second.m_data->ref.loadAcquire() == 1) {
            it = d->labelSets.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    for (auto it = d->strings.begin(); it != d->strings.end();) {
        Private::StringData* data = *it;
        if (data->ref.loadAcquire() == 1) {
            it = d->strings.erase(it);
            delete data;
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

qsizetype StringPool::stringCount() const
{
    std::lock_guard lock(d->mutex);
    return qsizetype(d->strings.size());
}

qsizetype StringPool::sharedValueCount() const
{
    std::lock_guard lock(d->mutex);
    return qsizetype(d->shared.size());
}

qsizetype StringPool::labelSetCount() const
{
    std::lock_guard lock(d->mutex);
    return qsizetype(d->labelSets.size());
}

} // namespace minato::fleet
