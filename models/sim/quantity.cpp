// SPDX-License-Identifier: Apache-2.0
#include "sim/quantity.h"

#include "util/quantity.h"

#include <cmath>

namespace minato::sim {

std::optional<double> Quantity::parse(QStringView text)
{
    // One grammar for the whole project: the client's parser lives in util, which the
    // simulator may share (it is not client logic, just apimachinery's number format).
    const auto quantity = minato::Quantity::parse(text.trimmed());
    if (!quantity)
        return std::nullopt;
    return quantity->toDouble();
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
