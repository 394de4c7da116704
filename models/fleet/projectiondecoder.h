// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/apiserviceinfo.h"
#include "fleet/eventinfo.h"
#include "fleet/hpainfo.h"
#include "fleet/namespaceinfo.h"
#include "fleet/networkinfo.h"
#include "fleet/nodeinfo.h"
#include "fleet/podinfo.h"
#include "fleet/pvcinfo.h"
#include "fleet/runtimeclassinfo.h"
#include "fleet/stringpool.h"
#include "fleet/workloadinfo.h"
#include "util/expected.h"

#include <QByteArray>
#include <QList>

#include <memory>

namespace minato::fleet {

enum class WatchEventType : quint8
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error
};

// A meta.k8s.io Status body: what a watch ERROR event carries (code 410, reason Expired …).
struct ApiStatus
{
    qint32 code = 0;
    QString status; // Success, Failure
    QString reason; // Expired, Gone, NotFound …
    QString message;
};

// One page of a List response, decoded.
template <typename T> struct ProjectionList
{
    QList<T> items;
    QByteArray resourceVersion; // opaque; start the watch from here
    QByteArray continueToken; // empty: this was the last page
    qint64 remainingItemCount = -1; // -1: the server did not say (it is an estimate anyway)
};

template <typename T> struct WatchEvent
{
    WatchEventType type = WatchEventType::Added;
    T object; // for Added, Modified, Deleted (Deleted carries the last state)
    QByteArray resourceVersion; // the object's or the bookmark's: the RV to resume from
    bool initialEventsEnd = false; // a BOOKMARK annotated k8s.io/initial-events-end
    ApiStatus status; // for Error; the resume RV does not move
};

// Decodes API JSON straight into projections with simdjson's on-demand parser: the JSON is
// walked once, unknown fields are skipped without being materialised, and repeated strings
// are interned in the per-cluster StringPool. One decoder per cluster session (it holds the
// session's pool); it is cheap and may be called from any thread, because the parser buffers
// (about five times the largest document, dropped after documents over 4 MiB) belong to the
// calling thread: one I/O thread keeps one set whatever the number of clusters.
//
// Supported T: every kind's projection; each kind descriptor (models/kinds/) instantiates its
// own with MINATO_PROJECTION(T) (fleet/projectiondecoderimpl.h).
//
// Errors are values: broken or truncated JSON, a document that is not an object, or items
// that are not an array give ErrorKind::Parse with the byte offset; nothing throws.
class ProjectionDecoder
{
public:
    // simdjson reads up to this many bytes past the end of the input; when a QByteArray has
    // that much spare capacity the decoder parses it in place instead of copying it.
    static constexpr qsizetype Padding = 64;

    explicit ProjectionDecoder(std::shared_ptr<StringPool> pool = {});
    ~ProjectionDecoder();
    ProjectionDecoder(const ProjectionDecoder&) = delete;
    ProjectionDecoder& operator=(const ProjectionDecoder&) = delete;

    // One object: the body of a GET, or any single-object JSON.
    template <typename T> Expected<T> decodeObject(const QByteArray& json);

    // A List body: items plus metadata.resourceVersion, continue and remainingItemCount.
    template <typename T> Expected<ProjectionList<T>> decodeList(const QByteArray& json);

    // One line of a watch stream: {"type":"ADDED","object":{…}}. BOOKMARK gives only the RV
    // (and the initial-events-end flag); ERROR gives the Status.
    template <typename T> Expected<WatchEvent<T>> decodeWatchEvent(const QByteArray& line);

    const std::shared_ptr<StringPool>& pool() const;

    // The simdjson kernels in use, e.g. "haswell (navigation: fallback)", for diagnostics.
    static QString implementationName();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace minato::fleet
