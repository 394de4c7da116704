// SPDX-License-Identifier: Apache-2.0
#include "fleet/eventinfo.h"
#include "fleet/kinddecoders.h"

namespace minato::fleet::detail {

namespace {

    struct EventScratch
    {
        qint64 firstTimestamp = 0, lastTimestamp = 0, eventTime = 0, seriesLast = 0;
        qint64 deprecatedFirst = 0, deprecatedLast = 0;
        qint32 count = 0, seriesCount = 0, deprecatedCount = 0;
        std::string_view sourceComponent, sourceHost, reportingComponent, reportingInstance;
        std::string_view deprecatedComponent, deprecatedHost;
    };

    void decodeObjectRef(od::value& value, EventInfo& out, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "kind")
                out.objectKind = internedOf(member, ctx);
            else if (key == "namespace")
                out.objectNamespace = internedOf(member, ctx);
            else if (key == "name")
                out.objectName = qstringOf(member);
            else if (key == "uid")
                out.objectUid = uidFromText(stringOf(member));
            else if (key == "fieldPath")
                out.objectFieldPath = qstringOf(member);
        });
    }

    void decodeSource(od::value& value, std::string_view& component, std::string_view& host)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "component")
                component = stringOf(member);
            else if (key == "host")
                host = stringOf(member);
        });
    }

    void setMessage(EventInfo& out, std::string_view text)
    {
        // Cut in UTF-8 first so a megabyte message never becomes a megabyte QString.
        const std::size_t byteCap = std::size_t(EventInfo::MaxMessageLength) * 4;
        const bool longBytes = text.size() > byteCap;
        out.message = toQString(longBytes ? text.substr(0, byteCap) : text);
        if (longBytes || out.message.size() > EventInfo::MaxMessageLength) {
            qsizetype cut = std::min(out.message.size(), EventInfo::MaxMessageLength);
            if (cut > 0 && out.message.at(cut - 1).isHighSurrogate())
                --cut;
            out.message.truncate(cut);
            out.message.append(QChar(0x2026)); // …
            out.messageTruncated = true;
        }
    }

} // namespace

void decodeInto(od::value& object, EventInfo& out, DecodeContext& ctx)
{
    EventScratch s;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "type") {
            out.type = internedOf(member, ctx);
        } else if (key == "reason") {
            out.reason = internedOf(member, ctx);
        } else if (key == "message" || key == "note") {
            setMessage(out, stringOf(member));
        } else if (key == "involvedObject" || key == "regarding") {
            out.fromEventsApi = key == "regarding";
            decodeObjectRef(member, out, ctx);
        } else if (key == "count") {
            s.count = int32Of(member);
        } else if (key == "deprecatedCount") {
            s.deprecatedCount = int32Of(member);
        } else if (key == "firstTimestamp") {
            s.firstTimestamp = timeOf(member);
        } else if (key == "lastTimestamp") {
            s.lastTimestamp = timeOf(member);
        } else if (key == "deprecatedFirstTimestamp") {
            s.deprecatedFirst = timeOf(member);
        } else if (key == "deprecatedLastTimestamp") {
            s.deprecatedLast = timeOf(member);
        } else if (key == "eventTime") {
            s.eventTime = timeOf(member);
        } else if (key == "series") {
            forEachField(member, [&](std::string_view seriesKey, od::value& seriesValue) {
                if (seriesKey == "count")
                    s.seriesCount = int32Of(seriesValue);
                else if (seriesKey == "lastObservedTime")
                    s.seriesLast = timeOf(seriesValue);
            });
        } else if (key == "source") {
            decodeSource(member, s.sourceComponent, s.sourceHost);
        } else if (key == "deprecatedSource") {
            decodeSource(member, s.deprecatedComponent, s.deprecatedHost);
        } else if (key == "reportingComponent" || key == "reportingController") {
            s.reportingComponent = stringOf(member);
        } else if (key == "reportingInstance") {
            s.reportingInstance = stringOf(member);
        }
    });

    // Prefer the fields of the API the event came from, then fall back to the other's.
    const qint32 count
        = out.fromEventsApi ? (s.seriesCount ? s.seriesCount : s.deprecatedCount) : (s.count ? s.count : s.seriesCount);
    out.count = std::max<qint32>(count, 1);
    const qint64 first = out.fromEventsApi ? (s.eventTime ? s.eventTime : s.deprecatedFirst)
                                           : (s.firstTimestamp ? s.firstTimestamp : s.eventTime);
    out.firstTimestamp = first ? first : out.meta.creationTimestamp;
    qint64 last = out.fromEventsApi ? (s.seriesLast ? s.seriesLast : s.deprecatedLast) : s.lastTimestamp;
    if (!last)
        last = out.fromEventsApi ? s.eventTime : (s.seriesLast ? s.seriesLast : s.eventTime);
    out.lastTimestamp = last ? last : out.firstTimestamp;

    const std::string_view component = out.fromEventsApi
        ? (!s.reportingComponent.empty() ? s.reportingComponent : s.deprecatedComponent)
        : (!s.sourceComponent.empty() ? s.sourceComponent : s.reportingComponent);
    const std::string_view host = out.fromEventsApi
        ? (!s.deprecatedHost.empty() ? s.deprecatedHost : s.reportingInstance)
        : (!s.sourceHost.empty() ? s.sourceHost : s.reportingInstance);
    out.sourceComponent = ctx.pool.intern(component);
    out.sourceHost = ctx.pool.intern(host);
}

} // namespace minato::fleet::detail
