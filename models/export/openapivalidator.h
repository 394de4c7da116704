// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/schemafindings.h"
#include "export/schemaindex.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QJsonValue>

#include <memory>

namespace minato::changes {

// Checks a manifest against its cluster's OpenAPI schema the way the API server would read
// it: fields the schema does not have (unless the object is open: additionalProperties,
// x-kubernetes-preserve-unknown-fields, or a free-form object), values of the wrong type
// (string, integer, number, boolean, object, array, int-or-string) and required fields that
// are missing. Each finding carries the JSON path of the value, e.g. "spec.replicas",
// "spec.template.spec.containers[0].name", "metadata.labels[\"app.kubernetes.io/name\"]".
class OpenApiValidator
{
public:
    explicit OpenApiValidator(std::shared_ptr<const SchemaIndex> index);

    // Findings for one manifest; the items of a v1 List each against their own kind, with
    // paths under "items[n]". A kind the schema does not know is an error, not a finding.
    Expected<QList<SchemaFinding>> validate(const QJsonObject& manifest) const;

    const SchemaIndex& index() const { return *m_index; }

private:
    void check(const QJsonValue& value, int node, const QString& path, QList<SchemaFinding>& out) const;
    void checkObject(
        const QJsonObject& object, const SchemaNode& schema, const QString& path, QList<SchemaFinding>& out) const;

    std::shared_ptr<const SchemaIndex> m_index;
};

} // namespace minato::changes
