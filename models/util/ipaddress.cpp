// SPDX-License-Identifier: Apache-2.0
#include "ipaddress.h"

#include <arpa/inet.h>
#include <cstring>

namespace minato {

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    // inet_pton wants a NUL-terminated string; addresses are short, so copy to the stack.
    char buffer[INET6_ADDRSTRLEN + 1];
    if (text.empty() || text.size() >= sizeof buffer)
        return std::nullopt;
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    IpAddress address;
    const bool v6 = text.find(':') != std::string_view::npos;
    if (inet_pton(v6 ? AF_INET6 : AF_INET, buffer, address.m_bytes.data()) != 1)
        return std::nullopt;
    address.m_family = v6 ? Family::IPv6 : Family::IPv4;
    return address;
}

std::optional<IpAddress> IpAddress::parse(QStringView text)
{
    const QByteArray latin = text.toLatin1();
    return parse(std::string_view(latin.constData(), std::size_t(latin.size())));
}

IpAddress IpAddress::fromIPv4(quint32 hostOrder)
{
    IpAddress address;
    address.m_family = Family::IPv4;
    address.m_bytes[0] = quint8(hostOrder >> 24);
    address.m_bytes[1] = quint8(hostOrder >> 16);
    address.m_bytes[2] = quint8(hostOrder >> 8);
    address.m_bytes[3] = quint8(hostOrder);
    return address;
}

IpAddress IpAddress::fromBytes(Family family, const std::array<quint8, 16>& bytes)
{
    IpAddress address;
    address.m_family = family;
    if (family != Family::None)
        std::memcpy(address.m_bytes.data(), bytes.data(), family == Family::IPv6 ? 16 : 4);
    return address;
}

quint32 IpAddress::toIPv4() const
{
    if (m_family != Family::IPv4)
        return 0;
    return quint32(m_bytes[0]) << 24 | quint32(m_bytes[1]) << 16 | quint32(m_bytes[2]) << 8 | quint32(m_bytes[3]);
}

QString IpAddress::toString() const
{
    if (m_family == Family::None)
        return QString();
    char buffer[INET6_ADDRSTRLEN];
    if (!inet_ntop(m_family == Family::IPv6 ? AF_INET6 : AF_INET, m_bytes.data(), buffer, sizeof buffer))
        return QString();
    return QString::fromLatin1(buffer);
}

} // namespace minato
