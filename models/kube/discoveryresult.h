// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/discoverytypes.h"
#include "util/kubeerror.h"

#include <QDateTime>
#include <QHash>
#include <QMetaType>

#include <optional>

namespace minato::kube {

// What one cluster serves, as far as a client asked: its groups and versions (/api, /apis)
// and the resources of the group-versions it looked into.
struct DiscoveryResult
{
    QList<ApiGroupInfo> groups; // the core group first, named ""
    QHash<QString, QList<ApiResourceInfo>> resources; // by group-version ("v1", "apps/v1")
    QHash<QString, KubeError> failures; // group-versions whose resource list could not be read
    QDateTime fetched;

    static QString groupVersion(const QString& group, const QString& version)
    {
        return group.isEmpty() ? version : group + QLatin1Char('/') + version;
    }

    const ApiGroupInfo* group(const QString& name) const;
    bool servesGroupVersion(const QString& group, const QString& version) const;
    // The first of `preference` the server lists for the group; empty when it lists none.
    QString firstServed(const QString& group, const QStringList& preference) const;
    // The resource `plural` in group/version, when its resource list was read and has it.
    std::optional<ApiResourceInfo> resource(const QString& group, const QString& version, const QString& plural) const;
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::DiscoveryResult)
