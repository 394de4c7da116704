// SPDX-License-Identifier: Apache-2.0
#include "schemaindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace minato::changes {

// Turns the JSON schemas of one or more documents into SchemaNodes. Named definitions get
// their node index up front, so a $ref to one not built yet already has its index.
class SchemaIndexBuilder
{
public:
    explicit SchemaIndexBuilder(SchemaIndex& index)
        : m_index(index)
    { }

    void addDefinitions(const QJsonObject& definitions, const QString& refPrefix)
    {
        struct Pending
        {
            int slot;
            QString ref;
            QJsonObject schema;
        };
        QList<Pending> pending;
        for (auto it = definitions.begin(); it != definitions.end(); ++it) {
            const QString ref = refPrefix + it.key();
            if (m_definitions.contains(ref))
                continue; // v3 documents repeat the shared meta types
            const int slot = int(m_index.m_nodes.size());
            m_index.m_nodes.append(SchemaNode {});
            m_definitions.insert(ref, slot);
            pending.append({ slot, ref, it.value().toObject() });
        }
        for (const Pending& definition : std::as_const(pending)) {
            SchemaNode node = build(definition.schema);
            // Declared a string, yet the API server reads "cpu: 1" as the quantity "1".
            if (definition.ref.endsWith(QLatin1String(".pkg.api.resource.Quantity")))
                node.type = SchemaType::Quantity;
            m_index.m_nodes[definition.slot] = std::move(node);
            registerKinds(definition.slot, definition.schema);
        }
    }

private:
    static QString refOf(const QJsonObject& schema)
    {
        if (schema.contains(QLatin1String("$ref")))
            return schema.value(QLatin1String("$ref")).toString();
        // v3 wraps a property's $ref in allOf to give it a description and a default.
        const QJsonArray allOf = schema.value(QLatin1String("allOf")).toArray();
        if (allOf.size() == 1)
            return allOf.first().toObject().value(QLatin1String("$ref")).toString();
        return {};
    }

    // The node index of a schema: a referenced definition's, or a new node for an inline one.
    int nodeOf(const QJsonObject& schema)
    {
        const QString ref = refOf(schema);
        if (!ref.isEmpty())
            return m_definitions.value(ref, anyNode());
        // The slot is taken before building: the children append their own nodes.
        const int slot = int(m_index.m_nodes.size());
        m_index.m_nodes.append(SchemaNode {});
        SchemaNode node = build(schema);
        m_index.m_nodes[slot] = std::move(node);
        return slot;
    }

    int anyNode()
    {
        if (m_any < 0) {
            m_any = int(m_index.m_nodes.size());
            m_index.m_nodes.append(SchemaNode {});
        }
        return m_any;
    }

    static SchemaType typeOf(const QJsonObject& schema)
    {
        const QString format = schema.value(QLatin1String("format")).toString();
        if (format == QLatin1String("int-or-string")
            || schema.value(QLatin1String("x-kubernetes-int-or-string")).toBool())
            return SchemaType::IntOrString;
        const QString type = schema.value(QLatin1String("type")).toString();
        if (type == QLatin1String("object"))
            return SchemaType::Object;
        if (type == QLatin1String("array"))
            return SchemaType::Array;
        if (type == QLatin1String("string"))
            return SchemaType::String;
        if (type == QLatin1String("integer"))
            return SchemaType::Integer;
        if (type == QLatin1String("number"))
            return SchemaType::Number;
        if (type == QLatin1String("boolean"))
            return SchemaType::Boolean;
        // A schema with properties but no type is an object all the same.
        return schema.contains(QLatin1String("properties")) ? SchemaType::Object : SchemaType::Any;
    }

    SchemaNode build(const QJsonObject& schema)
    {
        SchemaNode node;
        node.type = typeOf(schema);
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            node.properties.insert(it.key(), nodeOf(it.value().toObject()));
        for (const QJsonValue& name : schema.value(QLatin1String("required")).toArray())
            node.required.append(name.toString());
        if (node.type == SchemaType::Array && schema.value(QLatin1String("items")).isObject())
            node.items = nodeOf(schema.value(QLatin1String("items")).toObject());
        const QJsonValue additional = schema.value(QLatin1String("additionalProperties"));
        if (additional.isObject())
            node.additionalProperties = nodeOf(additional.toObject());
        // Only an object that lists its properties and allows nothing else is closed: a bare
        // "type: object" (RawExtension, FieldsV1) is free-form.
        node.openObject = properties.isEmpty() || additional.isObject() || additional.toBool()
            || schema.value(QLatin1String("x-kubernetes-preserve-unknown-fields")).toBool();
        return node;
    }

    void registerKinds(int slot, const QJsonObject& schema)
    {
        for (const QJsonValue& value : schema.value(QLatin1String("x-kubernetes-group-version-kind")).toArray()) {
            const QJsonObject gvk = value.toObject();
            const QString group = gvk.value(QLatin1String("group")).toString();
            const QString version = gvk.value(QLatin1String("version")).toString();
            const QString apiVersion = group.isEmpty() ? version : group + QLatin1Char('/') + version;
            m_index.m_roots.insert(apiVersion + QLatin1Char('/') + gvk.value(QLatin1String("kind")).toString(), slot);
        }
    }

    SchemaIndex& m_index;
    QHash<QString, int> m_definitions;
    int m_any = -1;
};

namespace {

    Expected<QJsonObject> parseDocument(const QByteArray& document)
    {
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(document, &error);
        if (!json.isObject()) {
            return KubeError::make(
                ErrorKind::Parse, QStringLiteral("cannot read the OpenAPI document: %1").arg(error.errorString()));
        }
        return json.object();
    }

} // namespace

Expected<std::shared_ptr<const SchemaIndex>> SchemaIndex::fromSwaggerV2(const QByteArray& document)
{
    const Expected<QJsonObject> json = parseDocument(document);
    if (!json)
        return json.error();
    if (!json->value(QLatin1String("definitions")).isObject())
        return KubeError::make(ErrorKind::Parse, QStringLiteral("the OpenAPI v2 document has no definitions"));
    auto index = std::make_shared<SchemaIndex>();
    SchemaIndexBuilder(*index).addDefinitions(
        json->value(QLatin1String("definitions")).toObject(), QStringLiteral("#/definitions/"));
    return std::shared_ptr<const SchemaIndex>(std::move(index));
}

Expected<std::shared_ptr<const SchemaIndex>> SchemaIndex::fromOpenApiV3(const QList<QByteArray>& documents)
{
    auto index = std::make_shared<SchemaIndex>();
    SchemaIndexBuilder builder(*index);
    for (const QByteArray& document : documents) {
        const Expected<QJsonObject> json = parseDocument(document);
        if (!json)
            return json.error();
        const QJsonObject schemas
            = json->value(QLatin1String("components")).toObject().value(QLatin1String("schemas")).toObject();
        if (schemas.isEmpty())
            return KubeError::make(ErrorKind::Parse, QStringLiteral("an OpenAPI v3 document has no component schemas"));
        builder.addDefinitions(schemas, QStringLiteral("#/components/schemas/"));
    }
    return std::shared_ptr<const SchemaIndex>(std::move(index));
}

int SchemaIndex::rootOf(const QString& apiVersion, const QString& kind) const
{
    return m_roots.value(apiVersion + QLatin1Char('/') + kind, -1);
}

} // namespace minato::changes
