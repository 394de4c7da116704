// SPDX-License-Identifier: Apache-2.0
#include "eventconversion.h"

#include <utility>

namespace minato::sim {

namespace {

    // core/v1 name → events.k8s.io/v1 name, for the top-level fields whose meaning is the same.
    const std::pair<const char*, const char*> Renames[] = {
        { "involvedObject", "regarding" },
        { "related", "related" },
        { "message", "note" },
        { "reason", "reason" },
        { "type", "type" },
        { "action", "action" },
        { "reportingComponent", "reportingController" },
        { "reportingInstance", "reportingInstance" },
        { "eventTime", "eventTime" },
        { "series", "series" },
        { "source", "deprecatedSource" },
        { "firstTimestamp", "deprecatedFirstTimestamp" },
        { "lastTimestamp", "deprecatedLastTimestamp" },
        { "count", "deprecatedCount" },
        { "metadata", "metadata" },
    };

    QJsonObject convert(const QJsonObject& from, bool forward)
    {
        QJsonObject to;
        for (const auto& [core, v1] : Renames) {
            const QString source = QString::fromLatin1(forward ? core : v1);
            const QString target = QString::fromLatin1(forward ? v1 : core);
            if (from.contains(source))
                to.insert(target, from.value(source));
        }
        return to;
    }

} // namespace

QJsonObject EventConversion::toEventsV1(const QJsonObject& core)
{
    QJsonObject result = convert(core, true);
    result.insert(QStringLiteral("apiVersion"), QStringLiteral("events.k8s.io/v1"));
    result.insert(QStringLiteral("kind"), QStringLiteral("Event"));
    // events.k8s.io/v1 requires eventTime; the apiserver fills a zero MicroTime for old events.
    if (!result.contains(QStringLiteral("eventTime")))
        result.insert(QStringLiteral("eventTime"), QJsonValue::Null);
    return result;
}

QJsonObject EventConversion::toCore(const QJsonObject& eventsV1)
{
    QJsonObject result = convert(eventsV1, false);
    result.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    result.insert(QStringLiteral("kind"), QStringLiteral("Event"));
    return result;
}

} // namespace minato::sim
