// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QMap>
#include <QString>

namespace minato::changes {

// Writes files (relative path → bytes) as the folder <parentDir>/<name>, all or nothing: every
// file goes through QSaveFile into a temporary folder beside the target, which is then renamed.
// An existing folder is an error unless overwrite, in which case it is renamed aside, the new
// folder renamed in, and only then the old one removed (restored if the second rename fails).
// Returns the folder's absolute path.
Expected<QString> writeFolderAtomically(
    const QString& parentDir, const QString& name, const QMap<QString, QByteArray>& files, bool overwrite);

} // namespace minato::changes
