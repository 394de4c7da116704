// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "resourcecatalog.h"

#include <QByteArray>

#include <functional>

namespace minato::sim {

// Discovery documents for the resources one cluster serves right now: legacy
// (/api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>) and aggregated
// (APIGroupDiscoveryList, apidiscovery.k8s.io v2 or v2beta1).
class Discovery
{
public:
    using Served = std::function<bool(int resource)>; // false: not served at all (missing CRD)
    using Available = std::function<bool(int resource)>; // false: listed, but its backend is down

    Discovery(const ResourceCatalog& catalog, Served served, Available available);

    QByteArray apiVersions(const QByteArray& serverAddress) const; // GET /api
    QByteArray groupList() const; // GET /apis
    // GET /apis/<group>; empty if the group is not served
    QByteArray group(const QString& group) const;
    // GET /api/v1 or /apis/<group>/<version>; empty if not served
    QByteArray resourceList(const QString& group, const QString& version) const;
    // Aggregated discovery of the core group (legacy = true, /api) or of all named groups (/apis).
    QByteArray aggregated(bool legacy, const QByteArray& apiVersion) const;

    // The storageVersionHash discovery reports: 8 bytes of sha256 over "group/version/kind", base64.
    static QByteArray storageVersionHash(const ResourceInfo& info);

private:
    QList<int> servedResources(const QString& group, const QString& version = {}) const;

    const ResourceCatalog& m_catalog;
    Served m_served;
    Available m_available;
};

} // namespace minato::sim
