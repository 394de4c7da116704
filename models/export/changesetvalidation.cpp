// SPDX-License-Identifier: Apache-2.0
#include "changesetvalidation.h"

#include "changesetlayout.h"
#include "openapivalidator.h"

namespace minato::changes {

SchemaFindings validateChangeSet(
    const ChangeSet& set, const QHash<QString, std::shared_ptr<const OpenApiValidator>>& validators)
{
    SchemaFindings findings;
    const ChangeSetLayout layout(set);
    for (const QString& cluster : layout.clusters()) {
        const std::shared_ptr<const OpenApiValidator> validator = validators.value(cluster);
        const QList<ChangeSetFile> manifests = layout.files(cluster, ChangeSetFile::Role::Manifest);
        if (!validator) {
            if (!manifests.isEmpty())
                findings.addNote(cluster, QStringLiteral("no OpenAPI schema: the manifests were not validated"));
            continue;
        }
        for (const ChangeSetFile& file : manifests) {
            const Expected<QList<SchemaFinding>> result = validator->validate(set.changes.at(file.changeIndex).after);
            if (result)
                findings.add(file.target, *result);
            else
                findings.addNote(cluster, file.path + QLatin1String(" not validated: ") + result.error().message);
        }
    }
    return findings;
}

} // namespace minato::changes
