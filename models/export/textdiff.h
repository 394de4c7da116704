// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace minato::changes {

struct DiffLine
{
    enum class Op { Same, Removed, Added };
    Op op = Op::Same;
    QString text; // without the newline

    friend bool operator==(const DiffLine&, const DiffLine&) = default;
};

// Line diff of two texts (a longest common subsequence after trimming the common head and
// tail). Manifests are a few hundred lines; above a few million cells of the middle part the
// middle is shown as removed-then-added rather than spending seconds on it.
QList<DiffLine> diffLines(const QString& before, const QString& after);

// The same as `diff -u` prints it (---/+++ header, @@ hunks with `context` lines around
// each change); empty when the texts are equal.
QString unifiedDiff(const QString& before, const QString& after, const QString& beforeName,
    const QString& afterName, int context = 3);

} // namespace minato::changes
