// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QStringList>

namespace minato::analysis {

// What one evaluation of one cluster changed, for item models: new findings, findings still
// present (with their new lastSeen, and any new title, severity or evidence), and the keys of
// those that resolved.
struct FindingsDelta
{
    QString cluster;
    QDateTime evaluatedAt;
    QList<Finding> added;
    QList<Finding> updated;
    QStringList removed; // Finding::key()

    bool isEmpty() const { return added.isEmpty() && updated.isEmpty() && removed.isEmpty(); }
};

} // namespace minato::analysis

Q_DECLARE_METATYPE(minato::analysis::FindingsDelta)
