// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private: the template bodies of ProjectionDecoder. Included by the files that bind a kind to
// its projection (models/kinds/*), each instantiating its types with MINATO_PROJECTION(T);
// decodeInto(od::value&, T&, DecodeContext&) must be declared before that.

#include "fleet/decodesupport.h"
#include "fleet/kinddecoders.h"
#include "fleet/projectiondecoder.h"

#include <QScopeGuard>

#include <cstring>

namespace minato::fleet {

namespace detail {

// Thrown inside the decoder for structural problems simdjson itself accepts (items that are
// not objects, an unknown watch event type); caught with simdjson_error at the entry points.
struct ShapeError
{
    QString message;
};

inline QString describe(simdjson::error_code code)
{
    return QString::fromUtf8(simdjson::error_message(code));
}

// The List kind minus "List": "DeploymentList" -> "Deployment".
inline std::string_view itemKindOf(std::string_view listKind)
{
    constexpr std::string_view Suffix = "List";
    return listKind.ends_with(Suffix) ? listKind.substr(0, listKind.size() - Suffix.size()) : std::string_view();
}

inline std::string_view peekString(od::object& object, std::string_view key)
{
    std::string_view text;
    od::value value;
    if (object.find_field_unordered(key).get(value) != simdjson::SUCCESS
        || value.get_string().get(text) != simdjson::SUCCESS)
        return {};
    return text;
}

template <typename T> void decodeItem(od::value& value, T& out, DecodeContext& ctx)
{
    if (!isOfType(value, od::json_type::object))
        throw ShapeError { QStringLiteral("expected an object") };
    decodeInto(value, out, ctx);
}

inline ApiStatus decodeStatus(od::value& value)
{
    ApiStatus status;
    forEachField(value, [&](std::string_view key, od::value& member) {
        if (key == "code")
            status.code = int32Of(member);
        else if (key == "status")
            status.status = qstringOf(member);
        else if (key == "reason")
            status.reason = qstringOf(member);
        else if (key == "message")
            status.message = qstringOf(member);
    });
    return status;
}

// A BOOKMARK object: only metadata.resourceVersion and the initial-events-end annotation count.
inline void decodeBookmark(od::value& value, QByteArray& resourceVersion, bool& initialEventsEnd)
{
    forEachField(value, [&](std::string_view key, od::value& member) {
        if (key != "metadata")
            return;
        forEachField(member, [&](std::string_view metaKey, od::value& metaValue) {
            if (metaKey == "resourceVersion") {
                resourceVersion = bytesOf(metaValue);
            } else if (metaKey == "annotations") {
                forEachField(metaValue, [&](std::string_view annotation, od::value& text) {
                    if (annotation == "k8s.io/initial-events-end")
                        initialEventsEnd = stringOf(text) == "true";
                });
            }
        });
    });
}

inline std::optional<WatchEventType> watchTypeOf(std::string_view type)
{
    if (type == "ADDED")
        return WatchEventType::Added;
    if (type == "MODIFIED")
        return WatchEventType::Modified;
    if (type == "DELETED")
        return WatchEventType::Deleted;
    if (type == "BOOKMARK")
        return WatchEventType::Bookmark;
    if (type == "ERROR")
        return WatchEventType::Error;
    return std::nullopt;
}

} // namespace detail

// The helpers above, for the template bodies below (this header is private to kind files).
using namespace detail;


// simdjson parsers keep buffers of about five times the largest document they have seen, so
// they belong to the thread, not to each cluster's decoder: one I/O thread, one set, however
// many clusters. Buffers grown for an unusually large document are dropped right after it.
struct ThreadParsers
{
    static constexpr std::size_t KeepBuffersUpTo = 4 * 1024 * 1024; // a page of 500 pods is ~1.5 MB

    od::parser parser;
    od::parser nested;
    std::vector<char> padded; // copy of inputs without spare capacity

    static ThreadParsers& local(); // this thread's

    simdjson::padded_string_view prepare(const QByteArray& json)
    {
        const std::size_t size = std::size_t(json.size());
        // Parse in place when the buffer already has room for simdjson's over-reads.
        // (data_ptr() is non-const in Qt 6.4 but only reads here; it does not detach.)
        if (const_cast<QByteArray&>(json).data_ptr().freeSpaceAtEnd() >= ProjectionDecoder::Padding)
            return simdjson::padded_string_view(json.constData(), size, size + ProjectionDecoder::Padding);
        if (padded.size() < size + ProjectionDecoder::Padding)
            padded.resize(size + ProjectionDecoder::Padding);
        if (size)
            std::memcpy(padded.data(), json.constData(), size);
        std::memset(padded.data() + size, ' ', ProjectionDecoder::Padding);
        return simdjson::padded_string_view(padded.data(), size, size + ProjectionDecoder::Padding);
    }

    void releaseIfLarge(std::size_t documentSize)
    {
        if (documentSize <= KeepBuffersUpTo)
            return;
        parser = od::parser();
        padded = std::vector<char>();
    }
};

struct ProjectionDecoder::Private
{
    std::shared_ptr<StringPool> pool;

    DecodeContext context() { return DecodeContext { *pool, ThreadParsers::local().nested, {}, {}, {}, {} }; }

    // Runs body(document) and turns every failure into a Parse error naming `what`.
    template <typename R, typename Body> Expected<R> run(const QByteArray& json, const char* what, Body&& body)
    {
        ThreadParsers& parsers = ThreadParsers::local();
        const auto release = qScopeGuard([&] { parsers.releaseIfLarge(std::size_t(json.size())); });
        const simdjson::padded_string_view input = parsers.prepare(json);
        od::document doc;
        const simdjson::error_code started = parsers.parser.iterate(input).get(doc);
        if (started != simdjson::SUCCESS)
            return failure(what, describe(started), -1);
        try {
            R result = body(doc);
            // Anything but whitespace after the document is an error (current_location fails at the end).
            const char* rest = nullptr;
            if (doc.current_location().get(rest) == simdjson::SUCCESS)
                return failure(
                    what, QStringLiteral("unexpected content after the JSON document"), offsetOf(doc, input));
            return result;
        } catch (const simdjson::simdjson_error& e) {
            return failure(what, describe(e.error()), offsetOf(doc, input));
        } catch (const ShapeError& e) {
            return failure(what, e.message, offsetOf(doc, input));
        }
    }

    static qsizetype offsetOf(od::document& doc, const simdjson::padded_string_view& input)
    {
        const char* location = nullptr;
        if (doc.current_location().get(location) != simdjson::SUCCESS || !location)
            return -1;
        return qsizetype(location - input.data());
    }

    static KubeError failure(const char* what, const QString& reason, qsizetype offset)
    {
        QString message = QStringLiteral("cannot decode %1: %2").arg(QLatin1StringView(what), reason);
        if (offset >= 0)
            message += QStringLiteral(" (near byte %1)").arg(offset);
        return KubeError::make(ErrorKind::Parse, message);
    }
};

template <typename T> Expected<T> ProjectionDecoder::decodeObject(const QByteArray& json)
{
    return d->run<T>(json, "object", [&](od::document& doc) {
        od::value root = doc.get_value();
        DecodeContext ctx = d->context();
        T out;
        decodeItem(root, out, ctx);
        return out;
    });
}

template <typename T> Expected<ProjectionList<T>> ProjectionDecoder::decodeList(const QByteArray& json)
{
    return d->run<ProjectionList<T>>(json, "list", [&](od::document& doc) {
        ProjectionList<T> list;
        od::object top = doc.get_object();
        DecodeContext ctx = d->context();
        // Items carry no kind or apiVersion of their own; the List's apply to all of them.
        // The API server writes these first, so the peeks cost nothing in practice.
        ctx.kindHint = itemKindOf(peekString(top, "kind"));
        ctx.apiVersionHint = peekString(top, "apiVersion");
        top.reset();
        qsizetype index = 0;
        for (auto field : top) {
            const std::string_view key = field.unescaped_key();
            od::value member = field.value();
            if (key == "metadata") {
                forEachField(member, [&](std::string_view metaKey, od::value& metaValue) {
                    if (metaKey == "resourceVersion")
                        list.resourceVersion = bytesOf(metaValue);
                    else if (metaKey == "continue")
                        list.continueToken = bytesOf(metaValue);
                    else if (metaKey == "remainingItemCount")
                        list.remainingItemCount = integerOf(metaValue, -1);
                });
            } else if (key == "items") {
                if (isOfType(member, od::json_type::null))
                    continue;
                if (!isOfType(member, od::json_type::array))
                    throw ShapeError { QStringLiteral("\"items\" is not an array") };
                od::array items = member.get_array();
                for (auto element : items) {
                    od::value item = element.value();
                    T out;
                    try {
                        decodeItem(item, out, ctx);
                    } catch (const ShapeError& e) {
                        throw ShapeError { QStringLiteral("items[%1]: %2").arg(index).arg(e.message) };
                    }
                    list.items.append(std::move(out));
                    ++index;
                }
            }
        }
        list.items.squeeze(); // growth slack would otherwise stay for the store's lifetime
        return list;
    });
}

template <typename T> Expected<WatchEvent<T>> ProjectionDecoder::decodeWatchEvent(const QByteArray& line)
{
    return d->run<WatchEvent<T>>(line, "watch event", [&](od::document& doc) {
        WatchEvent<T> event;
        od::object top = doc.get_object();
        const std::string_view typeName = peekString(top, "type");
        const std::optional<WatchEventType> type = watchTypeOf(typeName);
        if (!type)
            throw ShapeError { QStringLiteral("unknown watch event type \"%1\"").arg(toQString(typeName)) };
        event.type = *type;
        top.reset();
        bool sawObject = false;
        for (auto field : top) {
            const std::string_view key = field.unescaped_key();
            if (key != "object")
                continue;
            sawObject = true;
            od::value object = field.value();
            DecodeContext ctx = d->context();
            switch (event.type) {
            case WatchEventType::Bookmark:
                decodeBookmark(object, event.resourceVersion, event.initialEventsEnd);
                break;
            case WatchEventType::Error:
                event.status = decodeStatus(object);
                break;
            default:
                decodeItem(object, event.object, ctx);
                event.resourceVersion = event.object.meta.resourceVersion.toByteArray();
                break;
            }
        }
        if (!sawObject)
            throw ShapeError { QStringLiteral("watch event without an object") };
        return event;
    });
}

#define MINATO_PROJECTION(T)                                                                                           \
    template Expected<T> ProjectionDecoder::decodeObject<T>(const QByteArray&);                                        \
    template Expected<ProjectionList<T>> ProjectionDecoder::decodeList<T>(const QByteArray&);                          \
    template Expected<WatchEvent<T>> ProjectionDecoder::decodeWatchEvent<T>(const QByteArray&);

} // namespace minato::fleet
