// SPDX-License-Identifier: Apache-2.0
#include "collectionrequest.h"

#include "apistatus.h"
#include "continuetoken.h"
#include "objectstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

namespace minato::sim {

namespace {

    ApiResponse failure(int code, const QString& reason, const QString& message, const QJsonObject& details = {},
        const QString& continueToken = {})
    {
        ApiResponse response;
        response.status = code;
        response.body = ApiStatus::failure(code, reason, message, details, continueToken);
        return response;
    }

    ApiResponse badRequest(const QString& message)
    {
        return failure(400, QStringLiteral("BadRequest"), message);
    }

    std::optional<quint64> parseVersion(const QByteArray& text)
    {
        bool ok = false;
        const quint64 value = text.toULongLong(&ok);
        return ok ? std::optional<quint64>(value) : std::nullopt;
    }

    // The apiserver's messages for a continue token whose snapshot was compacted away.
    const char* const ContinueExpired
        = "The provided continue parameter is too old to display a consistent list result. "
          "You can start a new list without the continue parameter, or use the continue "
          "token in this response to retrieve the remainder of the results. Continuing with "
          "the provided token results in an inconsistent list - objects that were created, "
          "modified, or deleted between the time the first chunk was returned and now may "
          "show up in the list.";

} // namespace

CollectionRequest::CollectionRequest(
    const ObjectStore& store, int resource, const QByteArray& nameSpace, const QMap<QByteArray, QByteArray>& query)
    : m_store(store)
    , m_resource(resource)
    , m_keyPrefix(nameSpace.isEmpty() ? QByteArray() : nameSpace + '/')
    , m_query(query)
{ }

std::optional<ApiResponse> CollectionRequest::parseSelectors(LabelSelector& labels, FieldSelector& fields) const
{
    const auto parsedLabels = LabelSelector::parse(m_query.value("labelSelector"));
    if (!parsedLabels)
        return badRequest(parsedLabels.error().message);
    const auto parsedFields
        = FieldSelector::parse(m_query.value("fieldSelector"), m_store.catalog().at(m_resource).selectableFields);
    if (!parsedFields)
        return badRequest(parsedFields.error().message);
    labels = *parsedLabels;
    fields = *parsedFields;
    return std::nullopt;
}

QByteArray CollectionRequest::defaultList(const QList<ObjectPtr>& items, const QByteArray& listMeta) const
{
    const ResourceCatalog& catalog = m_store.catalog();
    const ResourceInfo& info = catalog.at(m_resource);
    const QByteArray& prefix = catalog.typePrefix(m_resource);
    const bool typed = info.listItemsCarryType();
    qsizetype size = 128;
    for (const ObjectPtr& item : items)
        size += item->body.size() + (typed ? prefix.size() : 0) + 1;
    QByteArray body;
    body.reserve(size);
    body += "{\"kind\":\"" + info.listKind().toLatin1() + "\",\"apiVersion\":\"" + info.groupVersion().toLatin1()
        + "\",\"metadata\":" + listMeta + ",\"items\":[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            body += ',';
        if (typed) {
            body += prefix;
            body += QByteArrayView(items[i]->body).sliced(1);
        } else {
            body += items[i]->body;
        }
    }
    body += "]}";
    return body;
}

ApiResponse CollectionRequest::list() const
{
    LabelSelector labels;
    FieldSelector fields;
    if (auto error = parseSelectors(labels, fields))
        return *error;
    const qint64 limit = m_query.value("limit").toLongLong();
    const quint64 current = m_store.resourceVersion();
    const quint64 compacted = m_store.compactedVersion(m_resource);
    const QByteArray requested = m_query.value("resourceVersion");
    const QByteArray match = m_query.value("resourceVersionMatch");

    quint64 snapshot = current;
    QByteArray from;
    const QByteArray continueParameter = m_query.value("continue");
    if (!continueParameter.isEmpty()) {
        const auto token = ContinueToken::decode(continueParameter);
        if (!token || token->resourceVersion > qint64(current) || token->resourceVersion == 0)
            return badRequest(QStringLiteral(
                "invalid continue token: continue key is not valid: incorrect encoded start resourceVersion "
                "(version meta.k8s.io/v1)"));
        from = token->startKey;
        // rv -1 continues at the newest revision: the inconsistent remainder a 410 offers.
        if (token->resourceVersion > 0) {
            snapshot = quint64(token->resourceVersion);
            if (snapshot < compacted) {
                const ContinueToken inconsistent { -1, from };
                return failure(410, QStringLiteral("Expired"), QString::fromLatin1(ContinueExpired), {},
                    QString::fromLatin1(inconsistent.encode()));
            }
        }
    } else if (!requested.isEmpty() && requested != "0") {
        const auto version = parseVersion(requested);
        if (!version)
            return badRequest(QStringLiteral("resourceVersion: Invalid value: \"%1\": must be a positive integer")
                                  .arg(QString::fromUtf8(requested)));
        if (*version > current) {
            const QJsonObject cause { { QStringLiteral("reason"), QStringLiteral("ResourceVersionTooLarge") },
                { QStringLiteral("message"), QStringLiteral("Too large resource version") } };
            ApiResponse response = failure(504, QStringLiteral("Timeout"),
                QStringLiteral("Timeout: Too large resource version: %1, current: %2").arg(*version).arg(current),
                QJsonObject {
                    { QStringLiteral("causes"), QJsonArray { cause } }, { QStringLiteral("retryAfterSeconds"), 1 } });
            return response;
        }
        if (match == "Exact") {
            if (*version < compacted)
                // Exact lists are served by etcd, not the watch cache: etcd3 storage's wording.
                return failure(410, QStringLiteral("Expired"),
                    QStringLiteral("The resourceVersion for the provided list is too old."));
            snapshot = *version;
        }
    }

    const bool selective = !labels.isEmpty() || !fields.isEmpty();
    QList<ObjectPtr> items;
    bool more = false;
    qint64 remaining = 0;
    m_store.visitSnapshot(m_resource, snapshot, m_keyPrefix, from, [&](const ObjectPtr& object) {
        const bool matches = labels.matches(object->labels) && fields.matches(*object);
        if (limit > 0 && items.size() >= limit) {
            if (!matches)
                return true;
            more = true;
            ++remaining;
            return !selective;
        }
        if (matches)
            items.append(object);
        return true;
    });

    QByteArray listMeta = "{\"resourceVersion\":\"" + QByteArray::number(snapshot) + '"';
    if (more) {
        const ContinueToken next { qint64(snapshot), items.constLast()->key + '\0' };
        listMeta += ",\"continue\":\"" + next.encode() + '"';
        if (!selective)
            listMeta += ",\"remainingItemCount\":" + QByteArray::number(remaining);
    }
    listMeta += '}';
    ApiResponse response;
    response.body = m_listEncoder ? m_listEncoder(items, listMeta) : defaultList(items, listMeta);
    return response;
}

ApiResponse CollectionRequest::watch() const
{
    auto plan = std::make_shared<WatchPlan>();
    if (auto error = parseSelectors(plan->labels, plan->fields))
        return *error;
    plan->resource = m_resource;
    plan->keyPrefix = m_keyPrefix;
    plan->encode = m_objectEncoder;
    plan->bookmarks = m_query.value("allowWatchBookmarks") == "true" || m_query.value("allowWatchBookmarks") == "1";
    const QByteArray requested = m_query.value("resourceVersion");
    const QByteArray initial = m_query.value("sendInitialEvents");
    const quint64 current = m_store.resourceVersion();
    if (initial == "true" || initial == "1") {
        // The streaming list: current state as ADDED, then a bookmark marking its end.
        plan->initialEvents = true;
        plan->initialEventsEndBookmark = true;
    } else if (requested.isEmpty() || requested == "0") {
        plan->initialEvents = initial != "false";
        plan->fromVersion = current;
    } else {
        const auto version = parseVersion(requested);
        if (!version)
            return badRequest(QStringLiteral("resourceVersion: Invalid value: \"%1\": must be a positive integer")
                                  .arg(QString::fromUtf8(requested)));
        plan->fromVersion = std::min(*version, current);
    }
    bool ok = false;
    plan->timeoutSeconds = m_query.value("timeoutSeconds").toInt(&ok);
    // Without a timeout the apiserver picks one between its minimum request timeout and twice that.
    if (!ok || plan->timeoutSeconds <= 0)
        plan->timeoutSeconds = 1800 + int(QRandomGenerator::global()->bounded(1800));
    ApiResponse response;
    response.watch = plan;
    return response;
}

} // namespace minato::sim
