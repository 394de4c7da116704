// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/kindtable.h"
#include "fleet/listpage.h"
#include "fleet/projectiondecoder.h"
#include "fleet/watchchunk.h"
#include "kube/payloaddecoder.h"

#include <memory>

namespace minato::fleet {

// The transport's decoder for one kind: list bodies become ListPageOf<T>, watch lines
// WatchChunkOf<T>, in the I/O thread. The ProjectionDecoder (parser buffers, the cluster's
// string pool) is shared by all kinds of one cluster session; the I/O thread is its only
// user once requests are submitted, and it decodes one payload at a time.
template <typename T> class KindDecoder : public kube::PayloadDecoder
{
public:
    KindDecoder(WatchedKind kind, std::shared_ptr<ProjectionDecoder> decoder)
        : m_kind(kind)
        , m_decoder(std::move(decoder))
    { }

    kube::DecodedPayloadPtr decodeBody(const QByteArray& body) override
    {
        auto page = std::make_shared<ListPageOf<T>>();
        page->kind = m_kind;
        Expected<ProjectionList<T>> list = m_decoder->template decodeList<T>(body);
        if (!list) {
            page->error = list.error();
            return page;
        }
        page->resourceVersion = std::move(list->resourceVersion);
        page->continueToken = std::move(list->continueToken);
        page->remainingItemCount = list->remainingItemCount;
        page->items = std::move(list->items);
        return page;
    }

    kube::DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override
    {
        auto chunk = std::make_shared<WatchChunkOf<T>>();
        chunk->kind = m_kind;
        qsizetype start = 0;
        while (start < lines.size()) {
            qsizetype end = lines.indexOf('\n', start);
            if (end < 0)
                end = lines.size();
            const QByteArray line = lines.mid(start, end - start).trimmed();
            start = end + 1;
            if (line.isEmpty())
                continue;
            Expected<WatchEvent<T>> event = m_decoder->template decodeWatchEvent<T>(line);
            if (!event) {
                chunk->malformed = event.error().message;
                break;
            }
            chunk->events.append(std::move(event).value());
        }
        return chunk;
    }

private:
    WatchedKind m_kind;
    std::shared_ptr<ProjectionDecoder> m_decoder;
};

} // namespace minato::fleet
