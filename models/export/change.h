// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace minato::changes {

// The object a change is about, named the way `kubectl` and a GitOps folder name it.
struct ObjectRef
{
    QString cluster; // the fleet's cluster (context) name
    QString apiVersion; // "apps/v1", "v1"
    QString kind; // "Deployment"
    QString namespaceName; // empty for cluster-scoped kinds
    QString name;

    friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

enum class PatchType {
    None, // plan-only documents (drain plan, delete plan)
    StrategicMerge, // built-in kinds that support it (kubectl patch --type strategic)
    JsonMerge, // custom resources and anything without a strategic-merge schema
};

// One prepared operation on one object. Never sent to a cluster: it becomes files of an
// exported change set (the clean manifest after the change, the patch beside it, and a plan
// document for operations that cannot be expressed as a manifest). A change that creates an
// object has no `before` and no patch: only its manifest is exported.
struct Change
{
    QString operation; // "scale", "cordon", "uncordon", "drain", "restart", "label", "annotate",
                       // "hpa-tune", "delete"; network changes: "encapsulation", "bgp-mesh",
                       // "bgp-peer", "route-reflector", "mtu" (networkchanges.h)
    QString summary; // one line for lists and the README: "scale Deployment web 3 → 5"
    ObjectRef target;
    QJsonObject before; // clean manifest as fetched (empty when not fetched)
    QJsonObject after; // clean manifest after the change (empty for delete and pure plans)
    PatchType patchType = PatchType::None;
    QJsonObject patch; // the patch body (empty when patchType is None)
    QJsonObject plan; // plan document (drain, delete), empty otherwise
    QStringList warnings; // shown in the panel and the export's README

    // A new object: nothing was fetched, the manifest is the whole change.
    bool isCreation() const { return before.isEmpty() && !after.isEmpty() && plan.isEmpty(); }
};

// What the user is preparing: a titled, reasoned list of changes, kept across restarts.
struct ChangeSet
{
    QString title; // typed by the user; also the export folder's name (slugged)
    QString reason;
    QString author; // defaults to the login name
    QDateTime created; // UTC
    QList<Change> changes;
};

} // namespace minato::changes

// Declared here, once, because signals in several models carry them.
Q_DECLARE_METATYPE(minato::changes::ObjectRef)
Q_DECLARE_METATYPE(minato::changes::Change)
