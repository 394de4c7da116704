// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/fleetconfig.h"
#include "kube/kubeconfigtypes.h"

#include <QMap>

namespace minato::fleet {

// One cluster of the fleet as Minato will connect to it: a kubeconfig context (or a manual
// entry from fleet.yaml) with its cluster and user resolved, classified, and with every
// diagnostic that concerns it. The user entry holds secrets in memory only.
struct FleetCluster
{
    kube::ContextEntry context;
    kube::ClusterEntry cluster; // empty name when the context's cluster is not defined
    kube::UserEntry user; // empty name when the context names no (known) user
    QString nameSpace; // effective namespace: "default" when the context names none
    QList<kube::AuthKind> authKinds;
    QStringList authLabels; // for people: "client-certificate", "exec (kubelogin)", "token (keychain)"
    QString team;
    QString environment;
    QMap<QString, QString> labels;
    std::optional<PrometheusSource> prometheus; // fleet.yaml: where its HPA history can be backfilled from
    bool isCurrent = false;
    bool isManual = false; // from fleet.yaml `manual:`
    QString keychainKey; // manual contexts: the keychain entry holding the secret
    QStringList aliases; // other contexts reaching the same server as the same user, folded into this one
    QList<kube::Diagnostic> diagnostics;

    const QString& name() const { return context.name; }
    // An Error-level diagnostic means the entry itself is broken (session state Misconfigured).
    bool isMisconfigured() const;
};

} // namespace minato::fleet
