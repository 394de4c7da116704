// SPDX-License-Identifier: Apache-2.0
#include "export/textdiff.h"

#include <QStringList>

#include <algorithm>
#include <vector>

namespace minato::changes {

namespace {

constexpr qsizetype kMaxCells = 4'000'000;

QStringList splitLines(const QString& text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast(); // a final newline ends the last line, it does not start another
    return lines;
}

// LCS table over the middle parts a[0..n) and b[0..m); walks it forwards into diff lines.
void diffMiddle(const QStringList& a, qsizetype aBegin, qsizetype n, const QStringList& b, qsizetype bBegin,
    qsizetype m, QList<DiffLine>& out)
{
    if (n * m > kMaxCells) {
        for (qsizetype i = 0; i < n; ++i)
            out.append({ DiffLine::Op::Removed, a.at(aBegin + i) });
        for (qsizetype j = 0; j < m; ++j)
            out.append({ DiffLine::Op::Added, b.at(bBegin + j) });
        return;
    }
    // lcs[i][j]: length of the LCS of a[i..n) and b[j..m), so the walk can go forwards.
    std::vector<int> lcs(static_cast<size_t>((n + 1) * (m + 1)), 0);
    const auto at = [m](qsizetype i, qsizetype j) { return static_cast<size_t>(i * (m + 1) + j); };
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j) {
            lcs[at(i, j)] = a.at(aBegin + i) == b.at(bBegin + j) ? lcs[at(i + 1, j + 1)] + 1
                                                                : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
        }
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a.at(aBegin + i) == b.at(bBegin + j)) {
            out.append({ DiffLine::Op::Same, a.at(aBegin + i) });
            ++i;
            ++j;
        } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
            out.append({ DiffLine::Op::Removed, a.at(aBegin + i++) });
        } else {
            out.append({ DiffLine::Op::Added, b.at(bBegin + j++) });
        }
    }
    for (; i < n; ++i)
        out.append({ DiffLine::Op::Removed, a.at(aBegin + i) });
    for (; j < m; ++j)
        out.append({ DiffLine::Op::Added, b.at(bBegin + j) });
}

QString hunkRange(qsizetype start, qsizetype count)
{
    // diff -u numbers lines from 1; an empty range names the line before it.
    const qsizetype first = count == 0 ? start : start + 1;
    return count == 1 ? QString::number(first) : QStringLiteral("%1,%2").arg(first).arg(count);
}

} // namespace

QList<DiffLine> diffLines(const QString& before, const QString& after)
{
    const QStringList a = splitLines(before);
    const QStringList b = splitLines(after);
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a.at(head) == b.at(head))
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
        && a.at(a.size() - 1 - tail) == b.at(b.size() - 1 - tail))
        ++tail;

    QList<DiffLine> out;
    out.reserve(std::max(a.size(), b.size()));
    for (qsizetype i = 0; i < head; ++i)
        out.append({ DiffLine::Op::Same, a.at(i) });
    diffMiddle(a, head, a.size() - head - tail, b, head, b.size() - head - tail, out);
    for (qsizetype i = a.size() - tail; i < a.size(); ++i)
        out.append({ DiffLine::Op::Same, a.at(i) });
    return out;
}

QString unifiedDiff(const QString& before, const QString& after, const QString& beforeName,
    const QString& afterName, int context)
{
    const QList<DiffLine> lines = diffLines(before, after);
    QString out;
    qsizetype index = 0;
    qsizetype aLine = 0; // lines of `before` consumed so far
    qsizetype bLine = 0;
    while (index < lines.size()) {
        // Find the next change; a hunk starts `context` lines before it.
        qsizetype change = index;
        while (change < lines.size() && lines.at(change).op == DiffLine::Op::Same)
            ++change;
        if (change == lines.size())
            break;
        const qsizetype lead = std::min<qsizetype>(context, change - index);
        aLine += change - index - lead;
        bLine += change - index - lead;
        qsizetype end = change;
        // Extend the hunk while the next change is within 2 × context same lines.
        while (true) {
            while (end < lines.size() && lines.at(end).op != DiffLine::Op::Same)
                ++end;
            qsizetype same = end;
            while (same < lines.size() && lines.at(same).op == DiffLine::Op::Same)
                ++same;
            if (same < lines.size() && same - end <= 2 * context) {
                end = same;
                continue;
            }
            end = std::min(end + context, same);
            break;
        }
        const qsizetype start = change - lead;
        qsizetype aCount = 0;
        qsizetype bCount = 0;
        QString body;
        for (qsizetype k = start; k < end; ++k) {
            const DiffLine& line = lines.at(k);
            switch (line.op) {
            case DiffLine::Op::Same:
                body += QLatin1Char(' ') + line.text + QLatin1Char('\n');
                ++aCount;
                ++bCount;
                break;
            case DiffLine::Op::Removed:
                body += QLatin1Char('-') + line.text + QLatin1Char('\n');
                ++aCount;
                break;
            case DiffLine::Op::Added:
                body += QLatin1Char('+') + line.text + QLatin1Char('\n');
                ++bCount;
                break;
            }
        }
        if (out.isEmpty())
            out = QStringLiteral("--- %1\n+++ %2\n").arg(beforeName, afterName);
        out += QStringLiteral("@@ -%1 +%2 @@\n").arg(hunkRange(aLine, aCount), hunkRange(bLine, bCount));
        out += body;
        aLine += aCount;
        bLine += bCount;
        index = end;
    }
    return out;
}

} // namespace minato::changes
