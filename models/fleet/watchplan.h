// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/kindcatalog.h"
#include "fleet/reflector.h"
#include "kube/clusterdiscovery.h"
#include "kube/discoveryresult.h"

#include <QList>

namespace minato::fleet {

// What a session watches, decided from discovery: one ReflectorTarget per kind (per namespace
// for namespace-restricted kinds), at the newest version the cluster serves. Kinds the
// cluster does not serve are left out: an optional or on-demand one (Calico's CRDs, Leases)
// silently, a required one is listed in `missing`.
struct WatchPlan
{
    QList<ReflectorTarget> targets;
    QList<WatchedKind> missing;
    // The chosen "autoscaling/v2" … per served kind, on-demand kinds nobody watches included.
    QHash<WatchedKind, QString> groupVersions;

    // On-demand kinds are planned only when `wanted` names them.
    static WatchPlan fromDiscovery(const KindCatalog& kinds, const kube::DiscoveryResult& discovery,
        const QString& endpoint, const QSet<WatchedKind>& wanted = {});
    // The groups and versions discovery must look into for fromDiscovery (and metrics).
    static QList<kube::ClusterDiscovery::Wanted> wantedGroups(const KindCatalog& kinds);
    // "/apis/autoscaling/v2/horizontalpodautoscalers", "/api/v1/namespaces/kube-system/configmaps".
    static QString collectionPath(
        const QString& group, const QString& version, const QString& plural, const QString& nameSpace = {});
};

} // namespace minato::fleet
