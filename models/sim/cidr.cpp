// SPDX-License-Identifier: Apache-2.0
#include "sim/cidr.h"

#include <QStringList>

namespace minato::sim {

Cidr::Cidr(quint32 base, int prefix)
    : m_base(base)
    , m_prefix(prefix)
{ }

std::optional<quint32> Cidr::parseAddress(QStringView text)
{
    const auto parts = text.split(QLatin1Char('.'));
    if (parts.size() != 4)
        return std::nullopt;
    quint32 ip = 0;
    for (const QStringView part : parts) {
        bool ok = false;
        const uint octet = part.toUInt(&ok);
        if (!ok || octet > 255 || part.isEmpty())
            return std::nullopt;
        ip = (ip << 8) | octet;
    }
    return ip;
}

std::optional<Cidr> Cidr::parse(QStringView text, QString* problem)
{
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    const auto fail = [&](const QString& why) -> std::optional<Cidr> {
        if (problem)
            *problem = why;
        return std::nullopt;
    };
    if (slash < 0)
        return fail(QStringLiteral("expected an IPv4 CIDR such as 10.0.0.0/16, got '") + text + QLatin1Char('\''));
    const auto ip = parseAddress(text.left(slash));
    bool ok = false;
    const int prefix = text.mid(slash + 1).toInt(&ok);
    if (!ip || !ok || prefix < 0 || prefix > 32)
        return fail(QStringLiteral("expected an IPv4 CIDR such as 10.0.0.0/16, got '") + text + QLatin1Char('\''));
    const quint32 mask = prefix == 0 ? 0 : ~quint32(0) << (32 - prefix);
    if ((*ip & ~mask) != 0)
        return fail(QStringLiteral("CIDR '") + text + QStringLiteral("' has host bits set (it should be ")
            + Cidr(*ip & mask, prefix).toString() + QLatin1Char(')'));
    return Cidr(*ip, prefix);
}

QString Cidr::address(quint32 ip)
{
    return QStringLiteral("%1.%2.%3.%4").arg(ip >> 24).arg((ip >> 16) & 255).arg((ip >> 8) & 255).arg(ip & 255);
}

bool Cidr::contains(quint32 ip) const
{
    const quint32 mask = m_prefix == 0 ? 0 : ~quint32(0) << (32 - m_prefix);
    return (ip & mask) == m_base;
}

Cidr Cidr::subnet(quint64 n, int prefix) const
{
    if (prefix < m_prefix)
        prefix = m_prefix;
    const quint64 count = quint64(1) << (prefix - m_prefix);
    return Cidr(m_base + quint32((n % count) << (32 - prefix)), prefix);
}

quint32 Cidr::host(quint64 n) const
{
    return m_base + quint32(n % size());
}

QString Cidr::toString() const
{
    return address(m_base) + QLatin1Char('/') + QString::number(m_prefix);
}

} // namespace minato::sim
