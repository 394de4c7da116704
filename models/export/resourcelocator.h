// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "kube/discoveryresult.h"

#include <QStringList>

#include <optional>

namespace minato::changes {

// Where an object of a kind lives on one cluster's API.
struct ResourceLocation
{
    QString group; // "" for the core group
    QString version;
    QString plural;
    bool namespaced = true;

    QString groupVersion() const { return kube::DiscoveryResult::groupVersion(group, version); }
    // "/apis/apps/v1/namespaces/shop/deployments/web"
    QString objectPath(const QString& nameSpace, const QString& name) const;
};

// Finds ref.kind in the resource lists discovery read: at ref.apiVersion when it is given,
// otherwise at the first of `preferredGroupVersions` serving the kind (the session's watch plan
// chose them: autoscaling/v2 over v1), then the group's preferred version, then any.
std::optional<ResourceLocation> locateResource(
    const kube::DiscoveryResult& discovery, const ObjectRef& ref, const QStringList& preferredGroupVersions = {});

} // namespace minato::changes
