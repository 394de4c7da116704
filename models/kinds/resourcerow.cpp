// SPDX-License-Identifier: Apache-2.0
#include "resourcerow.h"

namespace minato::kinds {

QString formatAge(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 120)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10)
        return seconds % 60 ? QStringLiteral("%1m%2s").arg(minutes).arg(seconds % 60) : QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 3)
        return QStringLiteral("%1m").arg(minutes);
    if (hours < 8)
        return minutes % 60 ? QStringLiteral("%1h%2m").arg(hours).arg(minutes % 60) : QStringLiteral("%1h").arg(hours);
    const qint64 days = hours / 24;
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (days < 8)
        return hours % 24 ? QStringLiteral("%1d%2h").arg(days).arg(hours % 24) : QStringLiteral("%1d").arg(days);
    if (days < 365 * 2)
        return QStringLiteral("%1d").arg(days);
    return QStringLiteral("%1y").arg(days / 365);
}

} // namespace minato::kinds
