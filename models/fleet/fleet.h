// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetcluster.h"
#include "fleet/fleetconfig.h"

namespace minato::fleet {

// The fleet: one FleetCluster per context of the merged kubeconfig plus fleet.yaml's manual
// entries, classified by fleet.yaml, with duplicates (same server, same user credentials)
// folded into one. A pure function of its inputs; nothing here touches files or the network.
struct Fleet
{
    QList<FleetCluster> clusters; // kubeconfig precedence order, then manual entries
    QString currentContext;
    QList<kube::Diagnostic> diagnostics; // everything: kubeconfig, fleet.yaml and fleet-level notes

    const FleetCluster* find(const QString& context) const;

    static Fleet build(const kube::Kubeconfig& kubeconfig, const FleetConfig& config);
};

} // namespace minato::fleet
