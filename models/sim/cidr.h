// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace minato::sim {

// An IPv4 network. The simulator hands out node addresses, pod CIDRs, Calico blocks and
// ClusterIPs from the ranges a scenario declares, so all of them stay consistent.
class Cidr
{
public:
    Cidr() = default;
    Cidr(quint32 base, int prefix);

    static std::optional<Cidr> parse(QStringView text, QString* problem = nullptr);
    static QString address(quint32 ip);
    static std::optional<quint32> parseAddress(QStringView text);

    quint32 base() const { return m_base; }
    int prefix() const { return m_prefix; }
    quint64 size() const { return quint64(1) << (32 - m_prefix); }
    bool contains(quint32 ip) const;
    // The n-th network of length `prefix` inside this one (wraps around when n is too large).
    Cidr subnet(quint64 n, int prefix) const;
    quint32 host(quint64 n) const; // base + n, wrapping inside the network
    QString toString() const;

private:
    quint32 m_base = 0;
    int m_prefix = 32;
};

} // namespace minato::sim
