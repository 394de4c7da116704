// SPDX-License-Identifier: Apache-2.0
#include "sim/quantity.h"

#include <cmath>

namespace minato::sim {

std::optional<double> Quantity::parse(QStringView text)
{
    const QStringView t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    struct Suffix
    {
        const char* text;
        double factor;
    };
    // Longest suffixes first so "Mi" is not read as "M" followed by junk.
    static const Suffix suffixes[] = {
        { "Ki", 1024.0 },
        { "Mi", 1024.0 * 1024 },
        { "Gi", 1024.0 * 1024 * 1024 },
        { "Ti", 1024.0 * 1024 * 1024 * 1024 },
        { "Pi", 1024.0 * 1024 * 1024 * 1024 * 1024 },
        { "n", 1e-9 },
        { "u", 1e-6 },
        { "m", 1e-3 },
        { "k", 1e3 },
        { "M", 1e6 },
        { "G", 1e9 },
        { "T", 1e12 },
        { "P", 1e15 },
    };
    double factor = 1.0;
    QStringView number = t;
    for (const Suffix& s : suffixes) {
        const QLatin1StringView suffix(s.text);
        if (t.endsWith(suffix)) {
            factor = s.factor;
            number = t.chopped(suffix.size());
            break;
        }
    }
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value * factor;
}

QString Quantity::formatMilli(double value)
{
    const qint64 milli = std::llround(value * 1000.0);
    if (milli % 1000 == 0)
        return QString::number(milli / 1000);
    return QString::number(milli) + QLatin1Char('m');
}

QString Quantity::formatNanocores(double cores)
{
    return QString::number(std::llround(std::max(0.0, cores) * 1e9)) + QLatin1Char('n');
}

QString Quantity::formatKibibytes(double bytes)
{
    return QString::number(std::llround(std::max(0.0, bytes) / 1024.0)) + QStringLiteral("Ki");
}

QString Quantity::formatBytes(double bytes)
{
    const qint64 b = std::llround(bytes);
    static const char* const units[] = { "Ti", "Gi", "Mi", "Ki" };
    qint64 factor = qint64(1) << 40;
    for (const char* unit : units) {
        if (b != 0 && b % factor == 0)
            return QString::number(b / factor) + QLatin1StringView(unit);
        factor >>= 10;
    }
    return QString::number(b);
}

} // namespace minato::sim
