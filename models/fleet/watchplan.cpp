// SPDX-License-Identifier: Apache-2.0
#include "watchplan.h"

#include "kube/resourcename.h"

namespace minato::fleet {

QString WatchPlan::collectionPath(
    const QString& group, const QString& version, const QString& plural, const QString& nameSpace)
{
    return kube::collectionPath(group, version, plural, nameSpace);
}

QList<kube::ClusterDiscovery::Wanted> WatchPlan::wantedGroups(const KindCatalog& kinds)
{
    QList<kube::ClusterDiscovery::Wanted> wanted;
    const auto add = [&wanted](const QString& group, const QStringList& versions) {
        for (kube::ClusterDiscovery::Wanted& w : wanted) {
            if (w.group == group) {
                for (const QString& v : versions) {
                    if (!w.versions.contains(v))
                        w.versions << v;
                }
                return;
            }
        }
        wanted.append({ group, versions });
    };
    for (const KindBinding& binding : kinds.bindings()) {
        for (const KindSource& source : binding.spec.sources)
            add(source.group, source.versions);
    }
    // Not watched (it cannot be), but its resource list tells whether node and pod metrics
    // are served. custom/external metrics are judged by their APIService alone: their
    // resource lists can be enormous.
    add(QStringLiteral("metrics.k8s.io"), { QStringLiteral("v1beta1") });
    return wanted;
}

WatchPlan WatchPlan::fromDiscovery(const KindCatalog& kinds, const kube::DiscoveryResult& discovery,
    const QString& endpoint, const QSet<WatchedKind>& wanted)
{
    WatchPlan plan;
    for (const KindBinding& binding : kinds.bindings()) {
        const KindSpec& spec = binding.spec;
        QString group;
        QString version;
        for (const KindSource& source : spec.sources) {
            const QString candidate = discovery.firstServed(source.group, source.versions);
            if (candidate.isEmpty())
                continue;
            const QString groupVersion = kube::DiscoveryResult::groupVersion(source.group, candidate);
            // A resource list that could not be read is no proof of absence: try the kind.
            if (discovery.resource(source.group, candidate, spec.plural)
                || (!discovery.resources.contains(groupVersion) && discovery.failures.contains(groupVersion))) {
                group = source.group;
                version = candidate;
                break;
            }
        }
        if (version.isEmpty()) {
            // What is only watched on demand is, like an optional kind, no problem when absent.
            if (!spec.optional && spec.watch == WatchPolicy::Always)
                plan.missing << spec.kind;
            continue;
        }
        plan.groupVersions.insert(spec.kind, kube::DiscoveryResult::groupVersion(group, version));
        if (spec.watch == WatchPolicy::OnDemand && !wanted.contains(spec.kind))
            continue; // served, and watched once someone looks
        if (spec.namespaces.isEmpty()) {
            plan.targets.append({ spec.kind, endpoint, collectionPath(group, version, spec.plural), {} });
            continue;
        }
        for (const QString& nameSpace : spec.namespaces)
            plan.targets.append(
                { spec.kind, endpoint, collectionPath(group, version, spec.plural, nameSpace), nameSpace });
    }
    return plan;
}

} // namespace minato::fleet
