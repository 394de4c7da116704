// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QStringList>

namespace minato {

// Rows as kubectl prints them: each column padded to its widest cell plus `gap` blanks, the
// last column left as it is. One line per row, without the newline.
QStringList alignedLines(const QList<QStringList>& rows, qsizetype gap);

} // namespace minato
