// SPDX-License-Identifier: Apache-2.0
#include "fuzzymatch.h"

namespace minato::items {

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
    return score * 100 - int(text.size());
}

} // namespace minato::items
