// SPDX-License-Identifier: Apache-2.0
#include "ipnetwork.h"

#include <algorithm>

namespace minato {

namespace {

    IpAddress masked(const IpAddress& address, int prefix)
    {
        std::array<quint8, 16> bytes = address.bytes();
        const int total = address.isIPv6() ? 16 : 4;
        for (int i = 0; i < total; ++i) {
            const int keep = std::clamp(prefix - i * 8, 0, 8);
            bytes[std::size_t(i)] &= quint8(0xff00u >> keep);
        }
        return IpAddress::fromBytes(address.family(), bytes);
    }

    std::optional<std::pair<IpAddress, int>> split(QStringView text)
    {
        text = text.trimmed();
        const qsizetype slash = text.indexOf(QLatin1Char('/'));
        const auto address = IpAddress::parse(slash < 0 ? text : text.left(slash));
        if (!address)
            return std::nullopt;
        const int bits = address->isIPv6() ? 128 : 32;
        if (slash < 0)
            return std::pair { *address, bits };
        bool ok = false;
        const int prefix = text.mid(slash + 1).toInt(&ok);
        if (!ok || prefix < 0 || prefix > bits)
            return std::nullopt;
        return std::pair { *address, prefix };
    }

} // namespace

std::optional<IpNetwork> IpNetwork::parse(QStringView text)
{
    const auto parts = split(text);
    if (!parts)
        return std::nullopt;
    return of(parts->first, parts->second);
}

IpNetwork IpNetwork::of(const IpAddress& address, int prefix)
{
    IpNetwork network;
    if (address.isNull())
        return network;
    network.m_prefix = std::clamp(prefix, 0, address.isIPv6() ? 128 : 32);
    network.m_address = masked(address, network.m_prefix);
    return network;
}

bool IpNetwork::contains(const IpAddress& address) const
{
    return !isNull() && address.family() == m_address.family() && masked(address, m_prefix) == m_address;
}

bool IpNetwork::contains(const IpNetwork& other) const
{
    return other.m_prefix >= m_prefix && contains(other.m_address);
}

bool IpNetwork::overlaps(const IpNetwork& other) const
{
    // Two aligned networks overlap exactly when the larger one contains the smaller.
    return contains(other) || other.contains(*this);
}

QString IpNetwork::toString() const
{
    return isNull() ? QString() : m_address.toString() + QLatin1Char('/') + QString::number(m_prefix);
}

std::optional<IpInterface> IpInterface::parse(QStringView text)
{
    const auto parts = split(text);
    if (!parts)
        return std::nullopt;
    IpInterface out;
    out.address = parts->first;
    if (text.contains(QLatin1Char('/')))
        out.network = IpNetwork::of(parts->first, parts->second);
    return out;
}

} // namespace minato
