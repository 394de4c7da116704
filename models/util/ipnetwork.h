// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ipaddress.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace minato {

// An IPv4 or IPv6 network: an address with its host bits cleared, and a prefix length.
// Pools, blocks, pod and service CIDRs and node subnets are compared as these.
class IpNetwork
{
public:
    IpNetwork() = default;
    // "10.0.0.0/16", "fd00::/64"; host bits are cleared ("10.0.0.5/24" is 10.0.0.0/24). A bare
    // address is a /32 or /128.
    static std::optional<IpNetwork> parse(QStringView text);
    static IpNetwork of(const IpAddress& address, int prefix);

    bool isNull() const { return m_address.isNull(); }
    bool isIPv4() const { return m_address.isIPv4(); }
    const IpAddress& address() const { return m_address; }
    int prefix() const { return m_prefix; }
    int addressBits() const { return m_address.isIPv6() ? 128 : 32; }
    // log2 of the number of addresses: 8 for a /24.
    int hostBits() const { return addressBits() - m_prefix; }

    bool contains(const IpAddress& address) const;
    bool contains(const IpNetwork& other) const;
    bool overlaps(const IpNetwork& other) const;
    QString toString() const;

    friend bool operator==(const IpNetwork&, const IpNetwork&) = default;

private:
    IpAddress m_address;
    int m_prefix = 0;
};

// An address as interfaces and Calico's node annotations write it, "10.192.0.2/16": the
// host address and the subnet it sits in.
struct IpInterface
{
    IpAddress address;
    IpNetwork network;

    // "10.192.0.2/16"; a bare address has no known subnet (network stays null).
    static std::optional<IpInterface> parse(QStringView text);
};

} // namespace minato
