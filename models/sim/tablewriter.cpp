// SPDX-License-Identifier: Apache-2.0
#include "tablewriter.h"

#include "objectstore.h"
#include "tablecolumns.h"

#include <QJsonDocument>

namespace minato::sim {

QByteArray TableWriter::negotiate(const QByteArray& accept)
{
    for (const QByteArray& option : accept.split(',')) {
        const QByteArray type = option.trimmed();
        if (!type.contains("as=Table") || !type.contains("g=meta.k8s.io"))
            continue;
        if (type.contains("v=v1beta1"))
            return "application/json;as=Table;v=v1beta1;g=meta.k8s.io";
        if (type.contains("v=v1"))
            return "application/json;as=Table;v=v1;g=meta.k8s.io";
    }
    return {};
}

TableWriter::TableWriter(
    const ObjectStore& store, int resource, const QByteArray& mediaType, const QByteArray& includeObject)
    : m_store(store)
    , m_resource(resource)
    , m_apiVersion(mediaType.contains("v=v1beta1") ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1")
    , m_includeObject(includeObject.isEmpty() ? QByteArray("Metadata") : includeObject)
    , m_columns(QJsonDocument(TableColumns::definitions(store.catalog().at(resource))).toJson(QJsonDocument::Compact))
{ }

QByteArray TableWriter::table(const QList<ObjectPtr>& items, const QByteArray& listMeta) const
{
    const ResourceInfo& info = m_store.catalog().at(m_resource);
    const QByteArray& prefix = m_store.catalog().typePrefix(m_resource);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QByteArray body = "{\"kind\":\"Table\",\"apiVersion\":\"" + m_apiVersion + "\",\"metadata\":" + listMeta
        + ",\"columnDefinitions\":" + m_columns + ",\"rows\":[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        const ObjectPtr& item = items[i];
        const QJsonObject object = QJsonDocument::fromJson(item->body).object();
        if (i > 0)
            body += ',';
        body += "{\"cells\":" + QJsonDocument(TableColumns::cells(info, object, now)).toJson(QJsonDocument::Compact);
        if (m_includeObject == "Object") {
            body += ",\"object\":" + prefix + item->body.mid(1);
        } else if (m_includeObject != "None") {
            QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
            metadata.remove(QStringLiteral("managedFields"));
            body += ",\"object\":{\"kind\":\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":"
                + QJsonDocument(metadata).toJson(QJsonDocument::Compact) + '}';
        }
        body += '}';
    }
    return body + "]}";
}

QByteArray TableWriter::list(const QList<ObjectPtr>& items, const QByteArray& listMeta) const
{
    return table(items, listMeta);
}

QByteArray TableWriter::single(const ObjectPtr& object) const
{
    return table({ object }, "{\"resourceVersion\":\"" + QByteArray::number(object->resourceVersion) + "\"}");
}

} // namespace minato::sim
