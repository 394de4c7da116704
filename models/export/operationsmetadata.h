// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QStringList>

namespace minato::changes {

// kubectl label / annotate arguments: "key=value" sets (adding or overwriting), "key-" removes.
// Keys must be qualified names ("app", "example.com/owner"); label values follow the label
// value syntax, annotation values are free text. Works on any kind; the patch is
// {"metadata":{"labels":{"key":"value","gone":null}}} (annotations alike).
Expected<Change> labelChange(const QString& cluster, const QJsonObject& before, const QStringList& edits);
Expected<Change> annotateChange(const QString& cluster, const QJsonObject& before, const QStringList& edits);

} // namespace minato::changes
