// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small API JSON for reflector and store tests: pods with chosen uids and versions, lists
// of them, and watch event lines; PodFeeder puts them into a ClusterStore through the real
// decoder, as a reflector would.

#include "fleet/clusterstore.h"
#include "testkinds.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUuid>

namespace reflectorfixtures {

inline QString uidText(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0'));
}

inline QUuid uid(int n)
{
    return QUuid::fromString(uidText(n));
}

inline QByteArray pod(int n, int resourceVersion, const char* phase = "Running")
{
    return QStringLiteral(R"({"metadata":{"name":"pod-%1","namespace":"default","uid":"%2","resourceVersion":"%3"},)"
                          R"("spec":{"nodeName":"node-1","containers":[{"name":"app","image":"nginx:1.25"}]},)"
                          R"("status":{"phase":"%4"}})")
        .arg(n)
        .arg(uidText(n))
        .arg(resourceVersion)
        .arg(QLatin1StringView(phase))
        .toUtf8();
}

inline QByteArray podList(const QList<QByteArray>& items, int resourceVersion, const QByteArray& continueToken = {})
{
    QByteArray meta = "\"resourceVersion\":\"" + QByteArray::number(resourceVersion) + '"';
    if (!continueToken.isEmpty())
        meta += ",\"continue\":\"" + continueToken + '"';
    return "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{" + meta + "},\"items\":[" + items.join(',')
        + "]}";
}

inline QByteArray watchLine(const char* type, const QByteArray& object)
{
    return "{\"type\":\"" + QByteArray(type) + "\",\"object\":" + object + "}\n";
}

inline QByteArray bookmark(int resourceVersion)
{
    return watchLine("BOOKMARK",
        R"({"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":")" + QByteArray::number(resourceVersion)
            + "\"}}");
}

inline QByteArray expired(int requested)
{
    return watchLine("ERROR",
        R"x({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: )x"
            + QByteArray::number(requested) + R"x( (900)","reason":"Expired","code":410})x");
}

class PodFeeder
{
public:
    PodFeeder()
        : m_decoder(testCatalog().makeDecoder(
              minato::fleet::WatchedKind::Pods, std::make_shared<minato::fleet::ProjectionDecoder>()))
    { }
    // Watch event lines (watchLine(...) joined), applied as one chunk.
    void events(minato::fleet::ClusterStore& store, const QByteArray& lines)
    {
        const auto payload = m_decoder->decodeStreamLines(lines);
        const auto& chunk = static_cast<const minato::fleet::WatchChunk&>(*payload);
        store.applyEvents(chunk, chunk.eventCount());
    }
    // A complete list: objects not in it leave the store.
    void list(minato::fleet::ClusterStore& store, const QList<QByteArray>& items)
    {
        const auto payload = m_decoder->decodeBody(podList(items, 1));
        QSet<QUuid> seen;
        store.applyPage(static_cast<const minato::fleet::ListPage&>(*payload), seen);
        store.finishList(minato::fleet::WatchedKind::Pods, seen, {});
    }

private:
    std::shared_ptr<minato::kube::PayloadDecoder> m_decoder;
};

} // namespace reflectorfixtures
