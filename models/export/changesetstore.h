// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QString>

namespace minato::changes {

// Keeps the open change set across restarts as one JSON file (changeSetToJson), by default
// <AppDataLocation>/open-change-set.json. Writes are atomic (QSaveFile). A file that cannot be
// read back is moved aside, never overwritten or deleted: load() names where it went.
class ChangeSetStore
{
public:
    explicit ChangeSetStore(QString filePath = defaultFilePath());

    static QString defaultFilePath();
    QString filePath() const;

    // No file yet: an empty change set. A corrupt file: an error naming the file it was moved to.
    Expected<ChangeSet> load();
    Expected<bool> save(const ChangeSet& set) const;
    // Forgets the open change set (after an export the user confirmed, or "discard").
    Expected<bool> clear() const;

private:
    QString asidePath() const;

    QString m_filePath;
};

} // namespace minato::changes
