// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>

namespace minato::changes {

// The JSON form of a change set, as kept across restarts (ChangeSetStore). Secret values are
// replaced by placeholders on the way out, so the file on disk never holds one.
QJsonObject changeSetToJson(const ChangeSet& set);
Expected<ChangeSet> changeSetFromJson(const QJsonObject& json);

QString patchTypeName(PatchType type); // "none", "strategic", "merge" (kubectl patch --type)

} // namespace minato::changes
