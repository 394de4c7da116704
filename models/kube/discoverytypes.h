// SPDX-License-Identifier: Apache-2.0
#pragma once

// Values read from the discovery endpoints: /version, /api, /apis and the APIResourceList of
// one group-version (kubernetes-domain.md §1.2).

#include "util/serverversion.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace minato::kube {

// One entry of an APIGroupList (/apis); the core group ("") is built from /api.
struct ApiGroupInfo
{
    QString name;
    QStringList versions; // as listed: preferred first on real servers, but not guaranteed
    QString preferredVersion;
};

// One entry of an APIResourceList (/api/v1, /apis/{group}/{version}); subresources
// ("pods/status") are left out.
struct ApiResourceInfo
{
    QString name; // the plural: "pods"
    QString kind; // "Pod"
    bool namespaced = false;
    QStringList verbs;
    QString singularName; // "pod"; empty on old servers, where kubectl lowercases the kind
    QStringList shortNames; // "po"

    bool supports(QStringView verb) const { return verbs.contains(verb); }
};

} // namespace minato::kube
