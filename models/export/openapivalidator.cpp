// SPDX-License-Identifier: Apache-2.0
#include "openapivalidator.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace minato::changes {

namespace {

    QString childPath(const QString& path, const QString& key)
    {
        static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$-]*$"));
        if (!plain.match(key).hasMatch()) {
            QString quoted = key;
            quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
            return path + QLatin1String("[\"") + quoted + QLatin1String("\"]");
        }
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    QString indexPath(const QString& path, qsizetype index)
    {
        return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }

    bool isInteger(const QJsonValue& value)
    {
        if (!value.isDouble())
            return false;
        const double d = value.toDouble();
        return std::isfinite(d) && std::floor(d) == d;
    }

    QString typeName(const QJsonValue& value)
    {
        switch (value.type()) {
        case QJsonValue::Bool:
            return QStringLiteral("boolean");
        case QJsonValue::Double:
            return isInteger(value) ? QStringLiteral("integer") : QStringLiteral("number");
        case QJsonValue::String:
            return QStringLiteral("string");
        case QJsonValue::Array:
            return QStringLiteral("array");
        case QJsonValue::Object:
            return QStringLiteral("object");
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            break;
        }
        return QStringLiteral("null");
    }

    QString expectedName(SchemaType type)
    {
        switch (type) {
        case SchemaType::Object:
            return QStringLiteral("object");
        case SchemaType::Array:
            return QStringLiteral("array");
        case SchemaType::String:
            return QStringLiteral("string");
        case SchemaType::Integer:
            return QStringLiteral("integer");
        case SchemaType::Number:
            return QStringLiteral("number");
        case SchemaType::Boolean:
            return QStringLiteral("boolean");
        case SchemaType::IntOrString:
            return QStringLiteral("integer or string");
        case SchemaType::Quantity:
            return QStringLiteral("quantity (string or number)");
        case SchemaType::Any:
            break;
        }
        return QStringLiteral("any");
    }

    bool matches(SchemaType type, const QJsonValue& value)
    {
        switch (type) {
        case SchemaType::Any:
            return true;
        case SchemaType::Object:
            return value.isObject();
        case SchemaType::Array:
            return value.isArray();
        case SchemaType::String:
            return value.isString();
        case SchemaType::Integer:
            return isInteger(value);
        case SchemaType::Number:
            return value.isDouble();
        case SchemaType::Boolean:
            return value.isBool();
        case SchemaType::IntOrString:
            return value.isString() || isInteger(value);
        case SchemaType::Quantity:
            return value.isString() || value.isDouble();
        }
        return false;
    }

    // A value as the API server quotes it in its messages: "Always", 3, true.
    QString literal(const QJsonValue& value)
    {
        if (value.isString())
            return QLatin1Char('"') + value.toString() + QLatin1Char('"');
        if (value.isDouble())
            return isInteger(value) ? QString::number(value.toInteger()) : QString::number(value.toDouble());
        if (value.isBool())
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return typeName(value);
    }

} // namespace

OpenApiValidator::OpenApiValidator(std::shared_ptr<const SchemaIndex> index)
    : OpenApiValidator(QList<std::shared_ptr<const SchemaIndex>> { std::move(index) })
{ }

OpenApiValidator::OpenApiValidator(QList<std::shared_ptr<const SchemaIndex>> indexes)
{
    for (std::shared_ptr<const SchemaIndex>& index : indexes) {
        if (index)
            m_indexes.append(std::move(index));
    }
}

Expected<QList<SchemaFinding>> OpenApiValidator::validate(const QJsonObject& manifest) const
{
    const QString apiVersion = manifest.value(QLatin1String("apiVersion")).toString();
    const QString kind = manifest.value(QLatin1String("kind")).toString();
    if (apiVersion == QLatin1String("v1") && kind == QLatin1String("List")) {
        QList<SchemaFinding> findings;
        const QJsonArray items = manifest.value(QLatin1String("items")).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const Expected<QList<SchemaFinding>> item = validate(items.at(i).toObject());
            if (!item)
                return item.error();
            const QString prefix = indexPath(QStringLiteral("items"), i);
            for (const SchemaFinding& finding : *item) {
                const QString separator = finding.path.startsWith(QLatin1Char('[')) ? QString() : QStringLiteral(".");
                findings.append({ prefix + separator + finding.path, finding.message });
            }
        }
        return findings;
    }
    if (apiVersion.isEmpty() || kind.isEmpty())
        return KubeError::make(ErrorKind::Parse, QStringLiteral("the manifest has no apiVersion or kind"));
    for (const std::shared_ptr<const SchemaIndex>& index : m_indexes) {
        const int root = index->rootOf(apiVersion, kind);
        if (root < 0)
            continue;
        QList<SchemaFinding> findings;
        check(*index, manifest, root, QString(), findings);
        return findings;
    }
    return KubeError::make(
        ErrorKind::NotFound, QStringLiteral("the cluster's OpenAPI schema has no %1 %2").arg(apiVersion, kind));
}

void OpenApiValidator::check(
    const SchemaIndex& index, const QJsonValue& value, int node, const QString& path, QList<SchemaFinding>& out)
{
    // null and absent mean the same to the API server.
    if (value.isNull() || node < 0)
        return;
    const SchemaNode& schema = index.node(node);
    if (!matches(schema.type, value)) {
        out.append({ path, QStringLiteral("expected %1, got %2").arg(expectedName(schema.type), typeName(value)) });
        return;
    }
    if (schema.int32
        && (value.toDouble() < std::numeric_limits<qint32>::min()
            || value.toDouble() > std::numeric_limits<qint32>::max())) {
        out.append({ path, QStringLiteral("must be of type int32, got %1").arg(QString::number(value.toInteger())) });
        return;
    }
    if (!schema.allowed.isEmpty() && !schema.allowed.contains(value)) {
        QStringList supported;
        for (const QJsonValue& allowed : schema.allowed)
            supported << literal(allowed);
        out.append({ path,
            QStringLiteral("unsupported value %1: supported values %2")
                .arg(literal(value), supported.join(QLatin1String(", "))) });
        return;
    }
    if (value.isObject()) {
        checkObject(index, value.toObject(), schema, path, out);
    } else if (value.isArray() && schema.items >= 0) {
        const QJsonArray items = value.toArray();
        for (qsizetype i = 0; i < items.size(); ++i)
            check(index, items.at(i), schema.items, indexPath(path, i), out);
    }
}

void OpenApiValidator::checkObject(const SchemaIndex& index, const QJsonObject& object, const SchemaNode& schema,
    const QString& path, QList<SchemaFinding>& out)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString fieldPath = childPath(path, it.key());
        const auto property = schema.properties.constFind(it.key());
        if (property != schema.properties.constEnd())
            check(index, it.value(), property.value(), fieldPath, out);
        else if (schema.additionalProperties >= 0)
            check(index, it.value(), schema.additionalProperties, fieldPath, out);
        else if (!schema.openObject)
            out.append({ fieldPath, QStringLiteral("unknown field \"%1\"").arg(it.key()) });
    }
    for (const QString& name : schema.required) {
        if (object.value(name).isNull() || object.value(name).isUndefined())
            out.append({ childPath(path, name), QStringLiteral("required field missing") });
    }
}

} // namespace minato::changes
