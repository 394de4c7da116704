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

    // A CustomResourceDefinition's served versions, each the root of its group/version/kind.
    // Returns how many versions it added, or why it could not read the definition.
    Expected<int> addCustomResource(const QJsonObject& definition)
    {
        const QString name
            = definition.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        if (definition.value(QLatin1String("apiVersion")).toString() != QLatin1String("apiextensions.k8s.io/v1")
            || definition.value(QLatin1String("kind")).toString() != QLatin1String("CustomResourceDefinition")) {
            return KubeError::make(ErrorKind::Parse,
                QStringLiteral("%1 is not an apiextensions.k8s.io/v1 CustomResourceDefinition")
                    .arg(name.isEmpty() ? QStringLiteral("the document") : name));
        }
        const QJsonObject spec = definition.value(QLatin1String("spec")).toObject();
        const QString group = spec.value(QLatin1String("group")).toString();
        const QString kind = spec.value(QLatin1String("names")).toObject().value(QLatin1String("kind")).toString();
        if (group.isEmpty() || kind.isEmpty())
            return KubeError::make(
                ErrorKind::Parse, QStringLiteral("CustomResourceDefinition %1 has no group or kind").arg(name));
        int added = 0;
        // The API server enforces a custom resource's enums; only they are kept (see SchemaNode).
        const bool enums = m_enums;
        m_enums = true;
        for (const QJsonValue& value : spec.value(QLatin1String("versions")).toArray()) {
            const QJsonObject version = value.toObject();
            const QJsonObject schema
                = version.value(QLatin1String("schema")).toObject().value(QLatin1String("openAPIV3Schema")).toObject();
            if (!version.value(QLatin1String("served")).toBool(true) || schema.isEmpty())
                continue;
            const int root = nodeOf(withObjectMeta(schema));
            m_index.m_roots.insert(
                group + QLatin1Char('/') + version.value(QLatin1String("name")).toString() + QLatin1Char('/') + kind,
                root);
            ++added;
        }
        m_enums = enums;
        if (added == 0)
            return KubeError::make(ErrorKind::Parse,
                QStringLiteral("CustomResourceDefinition %1 serves no version with an openAPIV3Schema").arg(name));
        return added;
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

    // What the API server itself validates of every object: apiVersion and kind are strings,
    // metadata is an ObjectMeta. A CRD's schema says only "metadata: type: object".
    static QJsonObject withObjectMeta(QJsonObject schema)
    {
        const QJsonObject string { { QStringLiteral("type"), QStringLiteral("string") } };
        const QJsonObject integer { { QStringLiteral("type"), QStringLiteral("integer") },
            { QStringLiteral("format"), QStringLiteral("int64") } };
        const QJsonObject stringMap { { QStringLiteral("type"), QStringLiteral("object") },
            { QStringLiteral("additionalProperties"), string } };
        const QJsonObject openObject { { QStringLiteral("type"), QStringLiteral("object") },
            { QStringLiteral("x-kubernetes-preserve-unknown-fields"), true } };
        QJsonObject metaProperties {
            { QStringLiteral("name"), string },
            { QStringLiteral("generateName"), string },
            { QStringLiteral("namespace"), string },
            { QStringLiteral("uid"), string },
            { QStringLiteral("resourceVersion"), string },
            { QStringLiteral("selfLink"), string },
            { QStringLiteral("creationTimestamp"), string },
            { QStringLiteral("deletionTimestamp"), string },
            { QStringLiteral("generation"), integer },
            { QStringLiteral("deletionGracePeriodSeconds"), integer },
            { QStringLiteral("labels"), stringMap },
            { QStringLiteral("annotations"), stringMap },
            { QStringLiteral("finalizers"),
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("array") }, { QStringLiteral("items"), string } } },
            { QStringLiteral("ownerReferences"),
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("array") }, { QStringLiteral("items"), openObject } } },
            { QStringLiteral("managedFields"),
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("array") }, { QStringLiteral("items"), openObject } } },
        };
        QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        // What the CRD says of metadata (some constrain the name) comes on top.
        QJsonObject meta = properties.value(QLatin1String("metadata")).toObject();
        const QJsonObject own = meta.value(QLatin1String("properties")).toObject();
        for (auto it = own.begin(); it != own.end(); ++it)
            metaProperties.insert(it.key(), it.value());
        meta.insert(QStringLiteral("type"), QStringLiteral("object"));
        meta.insert(QStringLiteral("properties"), metaProperties);
        meta.insert(QStringLiteral("x-kubernetes-preserve-unknown-fields"), true);
        properties.insert(QStringLiteral("metadata"), meta);
        for (const char* field : { "apiVersion", "kind" }) {
            if (!properties.contains(QLatin1String(field)))
                properties.insert(QLatin1String(field), string);
        }
        schema.insert(QStringLiteral("properties"), properties);
        if (!schema.contains(QLatin1String("type")))
            schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        return schema;
    }

    SchemaNode build(const QJsonObject& schema)
    {
        SchemaNode node;
        node.type = typeOf(schema);
        node.int32 = node.type == SchemaType::Integer
            && schema.value(QLatin1String("format")).toString() == QLatin1String("int32");
        if (m_enums) {
            const QJsonArray allowed = schema.value(QLatin1String("enum")).toArray();
            for (const QJsonValue& value : allowed)
                node.allowed.append(value);
        }
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
    bool m_enums = false;
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

Expected<std::shared_ptr<const SchemaIndex>> SchemaIndex::fromCustomResourceDefinitions(
    const QList<QJsonObject>& definitions)
{
    auto index = std::make_shared<SchemaIndex>();
    SchemaIndexBuilder builder(*index);
    for (const QJsonObject& definition : definitions) {
        const Expected<int> added = builder.addCustomResource(definition);
        if (!added)
            return added.error();
    }
    if (index->kindCount() == 0)
        return KubeError::make(ErrorKind::Parse, QStringLiteral("no CustomResourceDefinition to read"));
    return std::shared_ptr<const SchemaIndex>(std::move(index));
}

int SchemaIndex::rootOf(const QString& apiVersion, const QString& kind) const
{
    return m_roots.value(apiVersion + QLatin1Char('/') + kind, -1);
}

} // namespace minato::changes
