// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QString>

// The operations of a change set are pure functions: a clean `before` manifest (as
// cleanManifest makes it) plus parameters give one Change, with the patch kubectl would send,
// the manifest after it and a one-line summary. They never touch a cluster; the planner
// (changeplanner.h) fetches what they need. Invalid parameters, or an operation that does not
// apply to the kind, come back as a KubeError of kind Refused.
namespace minato::changes {

// Strategic merge for the API server's built-in groups; JSON merge for everything else,
// because custom resources (and aggregated APIs) reject strategic-merge patches with 415.
PatchType patchTypeFor(const QString& apiVersion);

// The ObjectRef of a manifest in `cluster`.
ObjectRef objectRefOf(const QString& cluster, const QJsonObject& manifest);

// "Deployment shop/web", "Node worker-1": how summaries and messages name an object.
QString describe(const ObjectRef& ref);

// A Change whose `after` is `before` with `patch` applied (RFC 7386; see jsonmergepatch.h).
Change patchChange(const QString& operation, const QString& cluster, const QJsonObject& before,
    const QJsonObject& patch, const QString& summaryTail);

// A Change that creates `manifest` (an object the cluster does not have yet): no before, no
// patch, PatchType::None; the export writes the manifest alone.
Change creationChange(
    const QString& operation, const QString& cluster, const QJsonObject& manifest, const QString& summary);

// A plan document (drain, delete): what a person reviews instead of a patch. Not a Kubernetes
// object; apiVersion plan.minato.io/v1alpha1 keeps it apart from manifests in a change set.
QJsonObject planDocument(const QString& planKind, const ObjectRef& target, const QJsonObject& spec);

// "kubectl --context prod -n shop VERB deployment/web": the command a plan names.
QString kubectlCommand(const ObjectRef& target, const QString& verb);

// The error operations return for wrong parameters or a kind they do not apply to.
KubeError operationRefused(const QString& message);

} // namespace minato::changes
