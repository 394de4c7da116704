// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/schemafindings.h"
#include "export/schemaindex.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>

#include <memory>

namespace minato::changes {

// Checks a manifest against its cluster's OpenAPI schema the way the API server would read
// it: fields the schema does not have (unless the object is open: additionalProperties,
// x-kubernetes-preserve-unknown-fields, or a free-form object), values of the wrong type
// (string, integer, number, boolean, object, array, int-or-string) and required fields that
// are missing; for custom resources also values outside an "enum", and integers outside
// "format: int32" (both enforced by the API server for CRDs). Each finding carries the JSON path of the value, e.g.
// "spec.replicas", "spec.template.spec.containers[0].name", "metadata.labels[\"app.kubernetes.io/name\"]".
class OpenApiValidator
{
public:
    explicit OpenApiValidator(std::shared_ptr<const SchemaIndex> index);
    // Several indexes: the first that knows a manifest's kind validates it (a cluster's
    // CustomResourceDefinitions before its OpenAPI document). Null entries are skipped.
    explicit OpenApiValidator(QList<std::shared_ptr<const SchemaIndex>> indexes);

    // Findings for one manifest; the items of a v1 List each against their own kind, with
    // paths under "items[n]". A kind the schema does not know is an error, not a finding.
    Expected<QList<SchemaFinding>> validate(const QJsonObject& manifest) const;

    const QList<std::shared_ptr<const SchemaIndex>>& indexes() const { return m_indexes; }

private:
    static void check(
        const SchemaIndex& index, const QJsonValue& value, int node, const QString& path, QList<SchemaFinding>& out);
    static void checkObject(const SchemaIndex& index, const QJsonObject& object, const SchemaNode& schema,
        const QString& path, QList<SchemaFinding>& out);

    QList<std::shared_ptr<const SchemaIndex>> m_indexes;
};

} // namespace minato::changes
