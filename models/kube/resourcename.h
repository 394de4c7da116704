// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/discoveryresult.h"

#include <QPair>
#include <QString>

#include <optional>

namespace minato::kube {

// "/api/v1", "/apis/apps/v1": where a group-version's resource list is read, and the root of
// its collections' paths.
QString groupVersionPath(const QString& group, const QString& version);

// "/api/v1/namespaces/shop/pods", "/apis/apps/v1/deployments": where a collection is read
// (every namespace when `nameSpace` is empty). The one place the client builds such paths.
QString collectionPath(const QString& group, const QString& version, const QString& plural, const QString& nameSpace = {});

// A kind as a user types it, read the way `kubectl get` reads it: "svc", "services", "Service",
// "ipamblocks.crd.projectcalico.org", "deployments.v1.apps".
struct ResourceQuery
{
    QString name; // lowercased: a plural, singular, short name or kind
    QString qualifier; // what followed the first dot ("crd.projectcalico.org", "v1.apps"); empty: any group

    static ResourceQuery parse(QStringView text);
    bool isEmpty() const { return name.isEmpty(); }
    // Whether the qualifier names this version of the group ("v1.apps"), not only the group.
    bool namesVersion(const QString& group, const QString& version) const;
    bool matches(const ApiResourceInfo& resource) const;
};

// One resource a cluster serves, as discovery lists it, with the paths to read it.
struct ServedResource
{
    QString group;
    QString version;
    ApiResourceInfo info;

    QString groupVersion() const { return DiscoveryResult::groupVersion(group, version); }
    // "services" for the core group, "ipamblocks.crd.projectcalico.org" otherwise: what kubectl
    // prints and accepts back.
    QString qualifiedName() const;
    // "/api/v1/namespaces/shop/services"; every namespace when `nameSpace` is empty.
    QString collectionPath(const QString& nameSpace = {}) const;
    QString objectPath(const QString& nameSpace, const QString& name) const;
};

// The group-versions whose resource lists can answer the query, in kubectl's order (the core
// group, then the groups as /apis lists them), each at the version the qualifier names or the
// group's preferred one. Only lists readable with `get` are worth fetching.
QList<QPair<QString, QString>> candidateGroupVersions(const ResourceQuery& query, const DiscoveryResult& discovery);

// The first resource in candidateGroupVersions() order whose list discovery holds and that
// the query names: by plural, singular or short name, or by kind. nullopt: none of them.
std::optional<ServedResource> findResource(const ResourceQuery& query, const DiscoveryResult& discovery);

} // namespace minato::kube
