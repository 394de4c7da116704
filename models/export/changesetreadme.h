// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"

#include <QByteArray>

namespace minato::changes {

class SchemaFindings;

// The README.md of an exported change set, also shown as the panel's preview: what (the
// summaries), why (the reason), who, when (created, UTC), which clusters, the warnings, the
// schema findings and the commands that apply it. Same change set, same bytes.
QByteArray changeSetReadme(const ChangeSet& set, const SchemaFindings* findings = nullptr);

// A word for a shell command line: unchanged when it is plain, single-quoted otherwise.
QString shellWord(const QString& word);

} // namespace minato::changes
