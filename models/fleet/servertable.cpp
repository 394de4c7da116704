// SPDX-License-Identifier: Apache-2.0
#include "fleet/servertable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::fleet {

namespace {

// As kubectl prints a cell: null is "<none>", numbers without a trailing ".0", lists joined.
QString cellText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("<none>");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 15);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue& item : value.toArray())
            parts << cellText(item);
        return parts.join(QLatin1Char(','));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

} // namespace

Expected<ServerTable> ServerTable::parse(const QByteArray& body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject root = document.object();
    if (parseError.error != QJsonParseError::NoError || root.value(QLatin1String("kind")).toString() != QLatin1String("Table"))
        return KubeError::make(ErrorKind::Parse, QStringLiteral("the server did not answer with a Table"),
            parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                          : root.value(QLatin1String("kind")).toString());
    ServerTable table;
    const QJsonObject metadata = root.value(QLatin1String("metadata")).toObject();
    table.resourceVersion = metadata.value(QLatin1String("resourceVersion")).toString();
    table.continueToken = metadata.value(QLatin1String("continue")).toString();
    for (const QJsonValue& value : root.value(QLatin1String("columnDefinitions")).toArray()) {
        const QJsonObject column = value.toObject();
        table.columns.append({ column.value(QLatin1String("name")).toString(),
            column.value(QLatin1String("type")).toString(), column.value(QLatin1String("format")).toString(),
            column.value(QLatin1String("priority")).toInt() });
    }
    const QJsonArray rows = root.value(QLatin1String("rows")).toArray();
    table.rows.reserve(rows.size());
    for (const QJsonValue& value : rows) {
        const QJsonObject row = value.toObject();
        Row out;
        const QJsonArray cells = row.value(QLatin1String("cells")).toArray();
        out.cells.reserve(table.columns.size());
        for (qsizetype i = 0; i < table.columns.size(); ++i)
            out.cells << cellText(i < cells.size() ? cells.at(i) : QJsonValue(QJsonValue::Null));
        const QJsonObject meta = row.value(QLatin1String("object")).toObject().value(QLatin1String("metadata")).toObject();
        out.nameSpace = meta.value(QLatin1String("namespace")).toString();
        out.name = meta.value(QLatin1String("name")).toString();
        out.uid = QUuid::fromString(meta.value(QLatin1String("uid")).toString());
        if (out.name.isEmpty()) { // includeObject=None: the name column is all there is
            for (qsizetype i = 0; i < table.columns.size(); ++i) {
                if (table.columns[i].format == QLatin1String("name"))
                    out.name = out.cells[i];
            }
        }
        table.rows.append(std::move(out));
    }
    return table;
}

kube::DecodedPayloadPtr ServerTableDecoder::decodeBody(const QByteArray& body)
{
    auto payload = std::make_shared<ServerTablePayload>();
    Expected<ServerTable> table = ServerTable::parse(body);
    if (table)
        payload->table = std::move(table).value();
    else
        payload->error = table.error();
    return payload;
}

kube::DecodedPayloadPtr ServerTableDecoder::decodeStreamLines(const QByteArray&)
{
    auto payload = std::make_shared<ServerTablePayload>();
    payload->error = KubeError::make(ErrorKind::Parse, QStringLiteral("a Table is read with GET, not watched"));
    return payload;
}

} // namespace minato::fleet
