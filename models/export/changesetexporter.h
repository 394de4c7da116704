// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace minato::changes {

class SchemaFindings; // validation results per change, see openapivalidator.h

// The files of an exported change set, by path relative to the change set folder:
//   README.md, <cluster>/kustomization.yaml, <cluster>/<namespace>/<kind>-<name>.yaml,
//   <cluster>/<namespace>/<kind>-<name>.patch.yaml, plans as <kind>-<name>.<operation>-plan.yaml
// (cluster-scoped objects under <cluster>/_cluster/). Pure function: same change set, same bytes.
QMap<QString, QByteArray> changeSetFiles(const ChangeSet& set, const SchemaFindings* findings = nullptr);

// The folder name an export of this set gets: its title as a lowercase slug ("change-set"
// when the title has no letters or digits).
QString changeSetFolderName(const ChangeSet& set);

struct ExportOptions
{
    bool overwrite = false; // an existing folder is replaced only when asked
};

// Writes changeSetFiles() into <parentDir>/<slug of title>, atomically (a temporary folder
// beside it, then rename). Returns the folder written, or why nothing was written.
Expected<QString> exportChangeSet(const ChangeSet& set, const QString& parentDir,
    const ExportOptions& options = {}, const SchemaFindings* findings = nullptr);

} // namespace minato::changes
