// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/internedstring.h"
#include "fleet/labelset.h"

#include <QExplicitlySharedDataPointer>

#include <memory>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace minato::fleet {

// The per-cluster intern table for the decoders: namespaces, node names, images, owner
// names, reasons, label keys and values. Only bounded vocabularies go through it; strings
// unique to one object (its name, IP, messages) are plain QStrings.
//
// Thread-safe: the I/O thread interns while the GUI thread copies and drops handles. Nothing
// is freed while referenced; purge() releases entries no projection uses any more (after a
// relist, or periodically), so churn (job names, ReplicaSet hashes) does not accumulate.
class StringPool
{
public:
    StringPool();
    ~StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    // An empty input gives a null handle: absent and empty are the same for projections.
    InternedString intern(std::string_view utf8);
    InternedString intern(QStringView text);

    // Sorts `labels` by key (in place) and returns the shared set with that content.
    LabelSet internLabels(std::span<std::pair<std::string_view, std::string_view>> labels);

    // Shares equal values between projections (a flyweight): the pods of a healthy ReplicaSet
    // have the same containers, volumes and requests, so they keep one PodShape between them.
    // T derives from QSharedData. `key` must identify the content completely (identity() of
    // interned members plus the plain values) and start with a tag unique to T.
    template <typename T> QExplicitlySharedDataPointer<const T> internShared(std::string_view key, T&& value)
    {
        QExplicitlySharedDataPointer<const T> result;
        withSharedSlot(key, [&](std::unique_ptr<SharedHolderBase>& slot) {
            if (!slot)
                slot = std::make_unique<SharedHolder<T>>(new T(std::move(value)));
            result = static_cast<const SharedHolder<T>&>(*slot).shared;
        });
        return result;
    }

    // Drops every string, label set and shared value only the pool still holds; returns how many
    // went.
    qsizetype purge();

    qsizetype stringCount() const;
    qsizetype labelSetCount() const;
    qsizetype sharedValueCount() const;

private:
    struct SharedHolderBase
    {
        virtual ~SharedHolderBase() = default;
        virtual bool isUnused() const = 0;
    };
    template <typename T> struct SharedHolder final : SharedHolderBase
    {
        explicit SharedHolder(const T* value)
            : shared(value)
        { }
        bool isUnused() const override { return shared->ref.loadAcquire() == 1; }
        QExplicitlySharedDataPointer<const T> shared;
    };
    // Runs f on the slot for key with the pool locked (f must not call back into the pool).
    template <typename F> void withSharedSlot(std::string_view key, F&& f)
    {
        withSharedSlotImpl(
            key, [](std::unique_ptr<SharedHolderBase>& slot, void* context) { (*static_cast<std::remove_reference_t<F>*>(context))(slot); }, &f);
    }
    void withSharedSlotImpl(std::string_view key, void (*f)(std::unique_ptr<SharedHolderBase>&, void*), void* context);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace minato::fleet
