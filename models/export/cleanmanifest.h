// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QStringList>

namespace minato::changes {

// A full object as fetched by GET turned into the manifest a person would commit to Git:
// server-owned and cluster-assigned fields removed, safe server defaults dropped, Secret data
// replaced by placeholders (with a warning appended). The rules are listed in docs/change-sets.md.
QJsonObject cleanManifest(const QJsonObject& object, QStringList* warnings = nullptr);

} // namespace minato::changes
