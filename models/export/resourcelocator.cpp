// SPDX-License-Identifier: Apache-2.0
#include "resourcelocator.h"

#include "fleet/watchplan.h"

#include <algorithm>

namespace minato::changes {

QString ResourceLocation::objectPath(const QString& nameSpace, const QString& name) const
{
    return fleet::WatchPlan::collectionPath(group, version, plural, namespaced ? nameSpace : QString())
        + QLatin1Char('/') + name;
}

std::optional<ResourceLocation> locateResource(
    const kube::DiscoveryResult& discovery, const ObjectRef& ref, const QStringList& preferredGroupVersions)
{
    struct Candidate
    {
        ResourceLocation location;
        int rank = 0; // lower is better
    };
    QList<Candidate> candidates;
    for (auto it = discovery.resources.cbegin(); it != discovery.resources.cend(); ++it) {
        const QString& groupVersion = it.key();
        if (!ref.apiVersion.isEmpty() && groupVersion != ref.apiVersion)
            continue;
        for (const kube::ApiResourceInfo& info : it.value()) {
            if (info.kind != ref.kind)
                continue;
            const qsizetype slash = groupVersion.indexOf(QLatin1Char('/'));
            ResourceLocation location { slash < 0 ? QString() : groupVersion.left(slash),
                slash < 0 ? groupVersion : groupVersion.mid(slash + 1), info.name, info.namespaced };
            const kube::ApiGroupInfo* group = discovery.group(location.group);
            int rank = 2;
            if (preferredGroupVersions.contains(groupVersion))
                rank = 0;
            else if (group && group->preferredVersion == location.version)
                rank = 1;
            candidates.append({ location, rank });
        }
    }
    if (candidates.isEmpty())
        return std::nullopt;
    // QHash order is arbitrary: rank, then the name, so every run picks the same.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        return a.rank != b.rank ? a.rank < b.rank : a.location.groupVersion() < b.location.groupVersion();
    });
    return candidates.constFirst().location;
}

} // namespace minato::changes
