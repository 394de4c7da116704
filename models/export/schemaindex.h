// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace minato::changes {

// What a manifest value must be, as far as validation needs it.
enum class SchemaType
{
    Any, // no type given (JSON, RawExtension-like): anything goes
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    IntOrString,
    Quantity, // a string, or a number the API server reads as one ("cpu: 1")
};

// One schema of the compact index. Properties and items point at other nodes by index, so a
// "$ref" costs nothing and recursive types (JSONSchemaProps) need no special case.
struct SchemaNode
{
    SchemaType type = SchemaType::Any;
    QHash<QString, int> properties;
    QStringList required;
    int items = -1; // Array: the element schema
    int additionalProperties = -1; // Object: the schema of map values
    bool openObject = true; // Object: fields outside properties are allowed
    bool int32 = false; // Integer with "format: int32": the API server rejects values outside its range
    // The "enum" of a custom resource's schema, which the API server enforces (empty: any value).
    // Built-in kinds' OpenAPI enums only describe: their Go validation decides, so they are not kept.
    QList<QJsonValue> allowed;
};

// The part of a cluster's OpenAPI document that validation needs, built once from the 5 MB
// swagger (or the per group-version v3 documents) and kept instead of the JSON: types,
// properties, required fields, and the definition of each group/version/kind.
class SchemaIndex
{
public:
    static Expected<std::shared_ptr<const SchemaIndex>> fromSwaggerV2(const QByteArray& document);
    // v3 comes per group-version (/openapi/v3/apis/apps/v1): all of them make one index.
    static Expected<std::shared_ptr<const SchemaIndex>> fromOpenApiV3(const QList<QByteArray>& documents);
    // The custom resources of CustomResourceDefinition objects (apiextensions.k8s.io/v1): each
    // served version's spec.versions[].schema.openAPIV3Schema is the root of group/version +
    // names.kind, its metadata read as an open ObjectMeta (name, labels, annotations … typed).
    static Expected<std::shared_ptr<const SchemaIndex>> fromCustomResourceDefinitions(
        const QList<QJsonObject>& definitions);

    // The node of the top-level schema of apiVersion + kind, or -1.
    int rootOf(const QString& apiVersion, const QString& kind) const;
    const SchemaNode& node(int index) const { return m_nodes.at(index); }
    int kindCount() const { return int(m_roots.size()); }
    int nodeCount() const { return int(m_nodes.size()); }

private:
    friend class SchemaIndexBuilder;

    QList<SchemaNode> m_nodes;
    QHash<QString, int> m_roots; // "apps/v1/Deployment", "v1/Pod"
};

} // namespace minato::changes
