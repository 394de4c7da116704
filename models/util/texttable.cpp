// SPDX-License-Identifier: Apache-2.0
#include "texttable.h"

#include <algorithm>

namespace minato {

QStringList alignedLines(const QList<QStringList>& rows, qsizetype gap)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        if (widths.size() < row.size())
            widths.resize(row.size(), 0);
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths.at(i), row.at(i).size());
    }
    QStringList lines;
    lines.reserve(rows.size());
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row.at(i).leftJustified(widths.at(i) + gap) : row.at(i);
        lines.append(line);
    }
    return lines;
}

} // namespace minato
