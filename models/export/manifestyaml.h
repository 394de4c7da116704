// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>

#include "export/change.h"

namespace minato::changes {

// One YAML document (no leading "---"), stable key order (apiVersion, kind, metadata, spec,
// then alphabetical), ending with a newline: the bytes every exported file and `minato plan -o
// yaml` use, so repeated exports are byte-identical.
QByteArray manifestYaml(const QJsonObject& object);

// The change's patch as a file or `minato plan` shows it: a patch of a Secret carries
// placeholders, never the values (a patch has no `kind` of its own to tell manifestYaml).
QByteArray patchYaml(const Change& change);

} // namespace minato::changes
