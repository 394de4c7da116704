// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"
#include "kube/payloaddecoder.h"
#include "util/kubeerror.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

namespace minato::fleet {

class KindTableBase;
// Makes the store's table for a payload's kind, the first time one arrives (KindDecoder sets it).
using KindTableMaker = std::unique_ptr<KindTableBase> (*)(WatchedKind kind);
template <typename T> std::unique_ptr<KindTableBase> makeKindTable(WatchedKind kind); // fleet/kindtable.h

// One decoded page of a List response, as KindDecoder hands it over from the I/O thread.
// The reflector reads only this untyped part; the ClusterStore's table of the kind reads the
// items (ListPageOf<T>).
struct ListPage : kube::DecodedPayload
{
    WatchedKind kind = WatchedKind::Pods;
    KindTableMaker makeTable = nullptr;
    std::optional<KubeError> error; // Parse: the body was not a list of the kind
    QByteArray resourceVersion;
    QByteArray continueToken; // empty: the last page
    qint64 remainingItemCount = -1;

    virtual qsizetype itemCount() const = 0;
};

template <typename T> struct ListPageOf : ListPage
{
    ListPageOf() { makeTable = &makeKindTable<T>; }
    QList<T> items;

    qsizetype itemCount() const override { return items.size(); }
};

} // namespace minato::fleet
