// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace minato::fleet {

// Every kind a cluster session can keep in its ClusterStore (fleet/kindlist.h lists them).
enum class WatchedKind : quint8
{
#define MINATO_KIND(id, plural) id,
#include "fleet/kindlist.h"
#undef MINATO_KIND
};
inline constexpr int WatchedKindCount = 0
#define MINATO_KIND(id, plural) +1
#include "fleet/kindlist.h"
#undef MINATO_KIND
    ;

// Where a kind can be read from: a group and its acceptable versions, newest first.
struct KindSource
{
    QString group; // "" is the core group
    QStringList versions;
};

enum class WatchPolicy : quint8
{
    Always, // listed and watched as soon as the cluster is connected
    OnDemand, // only while someone looks at it (ClusterSession::want): cheap to keep idle
};

// How to find and list one kind. Sources are tried in order; the first one discovery shows
// serving the resource wins (events.k8s.io/v1 before core/v1 Events).
struct KindSpec
{
    WatchedKind kind = WatchedKind::Pods;
    QString plural; // the resource name, the same in every source
    QList<KindSource> sources;
    bool namespaced = true;
    // Listed only in these namespaces (one reflector each); empty: cluster-wide.
    QStringList namespaces;
    // Normal to be missing (Calico's CRDs on a flannel cluster): absence is not a problem.
    bool optional = false;
    WatchPolicy watch = WatchPolicy::Always;
};

// The plural resource name people know the kind by: "pods", "horizontalpodautoscalers", "ippools".
QString watchedKindName(WatchedKind kind);
QList<WatchedKind> allWatchedKinds();

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::WatchedKind)
