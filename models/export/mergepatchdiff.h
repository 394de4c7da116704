// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>

namespace minato::changes {

// The RFC 7386 merge patch that turns `before` into `after`: changed keys with their new
// values, removed keys as null, objects recursed into (arrays replace whole). A hand-edited
// manifest in the change set panel gets its patch this way.
QJsonObject createMergePatch(const QJsonObject& before, const QJsonObject& after);

} // namespace minato::changes
