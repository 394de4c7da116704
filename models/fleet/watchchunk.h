// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/listpage.h"
#include "fleet/projectiondecoder.h"
#include "fleet/watchedkind.h"
#include "kube/payloaddecoder.h"

#include <QList>

#include <optional>

namespace minato::fleet {

// The watch events decoded from some lines of one stream, in order. The reflector reads the
// untyped view (types, resume versions, ERROR statuses); the ClusterStore's table of the kind
// applies the objects (WatchChunkOf<T>).
struct WatchChunk : kube::DecodedPayload
{
    WatchedKind kind = WatchedKind::Pods;
    KindTableMaker makeTable = nullptr;
    // Decoding stopped at a line that is not a watch event: why. Lines after it were dropped,
    // since the stream can no longer be trusted; the events before it are good.
    std::optional<QString> malformed;

    virtual qsizetype eventCount() const = 0;
    virtual WatchEventType typeAt(qsizetype index) const = 0;
    // The object's resourceVersion, or the bookmark's: where to resume. Empty for ERROR.
    virtual QByteArray resourceVersionAt(qsizetype index) const = 0;
    virtual const ApiStatus& statusAt(qsizetype index) const = 0; // ERROR events
};

template <typename T> struct WatchChunkOf : WatchChunk
{
    WatchChunkOf() { makeTable = &makeKindTable<T>; }
    QList<WatchEvent<T>> events;

    qsizetype eventCount() const override { return events.size(); }
    WatchEventType typeAt(qsizetype index) const override { return events.at(index).type; }
    QByteArray resourceVersionAt(qsizetype index) const override { return events.at(index).resourceVersion; }
    const ApiStatus& statusAt(qsizetype index) const override { return events.at(index).status; }
};

} // namespace minato::fleet
