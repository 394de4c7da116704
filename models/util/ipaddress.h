// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

#include <array>
#include <optional>
#include <string_view>

namespace minato {

// An IPv4 or IPv6 address in 17 bytes without a heap allocation: pods keep one each, and a
// QString of "10.244.12.7" costs four times as much. Parsing and printing follow inet_pton
// and inet_ntop, so the text round-trips in canonical form.
class IpAddress
{
public:
    enum class Family : quint8
    {
        None,
        IPv4,
        IPv6
    };

    IpAddress() = default;
    static std::optional<IpAddress> parse(std::string_view text);
    static std::optional<IpAddress> parse(QStringView text);
    static IpAddress fromIPv4(quint32 hostOrder);
    // Network-order bytes; an IPv4 address uses the first 4.
    static IpAddress fromBytes(Family family, const std::array<quint8, 16>& bytes);

    bool isNull() const { return m_family == Family::None; }
    Family family() const { return m_family; }
    bool isIPv4() const { return m_family == Family::IPv4; }
    bool isIPv6() const { return m_family == Family::IPv6; }
    // Host byte order; 0 for IPv6 and null addresses.
    quint32 toIPv4() const;
    // The canonical text; empty for a null address.
    QString toString() const;
    const std::array<quint8, 16>& bytes() const { return m_bytes; } // network order; IPv4 in the first 4

    friend bool operator==(const IpAddress&, const IpAddress&) = default;

private:
    std::array<quint8, 16> m_bytes {};
    Family m_family = Family::None;
};

} // namespace minato
