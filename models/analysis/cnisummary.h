// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// Which pod network a cluster runs, read from what the API shows (kubernetes-domain.md §3,
// §4): Calico from its IPPools, BGPConfiguration and BGPPeers; flannel from kube-flannel-cfg,
// else from its node annotations.
struct CniSummary
{
    enum class Plugin
    {
        Unknown,
        Calico,
        Flannel,
    };
    struct Pool
    {
        QString name;
        QString cidr;
        QString encapsulation; // "IPIP Always", "IPIP CrossSubnet", "VXLAN", "VXLAN CrossSubnet", "none (BGP)"
        bool disabled = false;
        bool operator==(const Pool&) const = default;
    };

    Plugin plugin = Plugin::Unknown;
    QString version; // the calico-node / kube-flannel image tag, when a DaemonSet shows it

    // Calico
    QList<Pool> pools;
    QString encapsulation; // of the enabled pools, distinct ones joined with ", "
    QString bgpMode; // "node-to-node mesh", "route reflectors", "external peers (2)", "disabled" …
    int externalPeers = 0;
    bool alsoFlannel = false; // Canal: Calico policy over flannel networking
    bool bgp = false; // BIRD runs: calico_backend is bird (or unset)

    // flannel
    QString backend; // vxlan, host-gw, wireguard …; "udp" when net-conf.json names none
    QString network; // 10.244.0.0/16
    QString source; // where it was read: "kube-flannel/kube-flannel-cfg", "node annotations"

    QString pluginName() const; // "Calico", "flannel", "unknown"
    // One line for a table: "Calico IPIP CrossSubnet; BGP route reflectors", "flannel vxlan".
    QString describe() const;
    // The plugin and how it carries pod traffic, for a narrow column: "Calico IPIP CrossSubnet".
    QString brief() const;

    static CniSummary detect(const fleet::StoreContent& store);

    bool operator==(const CniSummary&) const = default;
};

} // namespace minato::analysis
