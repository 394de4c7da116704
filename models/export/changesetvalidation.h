// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/schemafindings.h"

#include <QHash>
#include <QString>

#include <memory>

namespace minato::changes {

class OpenApiValidator;

// Validates what an export writes as manifests (per object, the last change's "after") against
// the validator of its cluster. A cluster without a validator, and kinds its schema does not
// know, become notes: never silently "valid".
SchemaFindings validateChangeSet(
    const ChangeSet& set, const QHash<QString, std::shared_ptr<const OpenApiValidator>>& validators);

} // namespace minato::changes
