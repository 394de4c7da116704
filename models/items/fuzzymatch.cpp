// SPDX-License-Identifier: Apache-2.0
#include "fuzzymatch.h"

namespace minato::items {

namespace {

// 2 when a word of the text is the pattern, 1 when one starts with it, else 0: k9s aliases
// ("dp", "deploy") are typed whole, and the greedy scan below can find their letters
// scattered earlier in a worse entry (":pods po" holds d…p too).
int wordMatch(QStringView pattern, QStringView text)
{
    int best = 0;
    qsizetype start = 0;
    while (start < text.size()) {
        while (start < text.size() && !text[start].isLetterOrNumber())
            ++start;
        qsizetype end = start;
        while (end < text.size() && text[end].isLetterOrNumber())
            ++end;
        const QStringView word = text.mid(start, end - start);
        if (word.compare(pattern, Qt::CaseInsensitive) == 0)
            return 2;
        if (word.startsWith(pattern, Qt::CaseInsensitive))
            best = 1;
        start = end;
    }
    return best;
}

} // namespace

int fuzzyScore(QStringView pattern, QStringView text)
{
    if (pattern.isEmpty())
        return 0;
    int score = 0;
    qsizetype t = 0;
    qsizetype previous = -2;
    for (const QChar p : pattern) {
        const QChar wanted = p.toLower();
        while (t < text.size() && text[t].toLower() != wanted)
            ++t;
        if (t == text.size())
            return -1;
        score += 1;
        if (t == previous + 1)
            score += 5;
        if (t == 0)
            score += 10;
        else if (!text[t - 1].isLetterOrNumber() || (text[t].isUpper() && text[t - 1].isLower()))
            score += 8;
        previous = t;
        ++t;
    }
    // Shorter texts with the same match read as closer.
    return wordMatch(pattern, text) * 100000 + score * 100 - int(text.size());
}

} // namespace minato::items
