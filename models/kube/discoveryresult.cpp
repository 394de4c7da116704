// SPDX-License-Identifier: Apache-2.0
#include "discoveryresult.h"

namespace minato::kube {

const ApiGroupInfo* DiscoveryResult::group(const QString& name) const
{
    for (const ApiGroupInfo& g : groups) {
        if (g.name == name)
            return &g;
    }
    return nullptr;
}

bool DiscoveryResult::servesGroupVersion(const QString& groupName, const QString& version) const
{
    const ApiGroupInfo* g = group(groupName);
    return g && g->versions.contains(version);
}

QString DiscoveryResult::firstServed(const QString& groupName, const QStringList& preference) const
{
    const ApiGroupInfo* g = group(groupName);
    if (!g)
        return {};
    for (const QString& version : preference) {
        if (g->versions.contains(version))
            return version;
    }
    return {};
}

std::optional<ApiResourceInfo> DiscoveryResult::resource(
    const QString& groupName, const QString& version, const QString& plural) const
{
    const auto it = resources.constFind(groupVersion(groupName, version));
    if (it == resources.cend())
        return std::nullopt;
    for (const ApiResourceInfo& info : *it) {
        if (info.name == plural)
            return info;
    }
    return std::nullopt;
}

} // namespace minato::kube
