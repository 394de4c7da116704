// SPDX-License-Identifier: Apache-2.0
#include "util/duration.h"

#include <QString>

#include <cmath>

namespace minato {

std::optional<qint64> parseDuration(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    double total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && (text[i].isDigit() || text[i] == QLatin1Char('.')))
            ++i;
        if (i == start)
            return std::nullopt;
        bool ok = false;
        const double number = text.mid(start, i - start).toDouble(&ok);
        if (!ok)
            return std::nullopt;
        const qsizetype unitStart = i;
        while (i < text.size() && text[i].isLetter())
            ++i;
        const QStringView unit = text.mid(unitStart, i - unitStart);
        double scale = 0;
        if (unit == u"ms")
            scale = 1;
        else if (unit == u"s")
            scale = 1000;
        else if (unit == u"m")
            scale = 60 * 1000;
        else if (unit == u"h")
            scale = 3600 * 1000;
        else if (unit == u"d")
            scale = 24 * 3600 * 1000;
        else if (unit == u"w")
            scale = 7 * 24 * 3600 * 1000;
        else
            return std::nullopt;
        total += number * scale;
    }
    if (!std::isfinite(total) || total < 0 || total > 9e15)
        return std::nullopt;
    return qint64(std::llround(total));
}

} // namespace minato
