// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QJsonObject>
#include <QList>

namespace minato::changes {

// Delete as a plan only: a DeletePlan document naming the object, the kubectl command, what the
// garbage collector would delete with it and what survives, and no patch. `uid` is the fetched
// object's metadata.uid (the clean manifest has none); `related` are full objects that may be
// its dependents (the ReplicaSets and Pods of its namespace): those whose ownerReferences lead
// to `uid`, directly or through another dependent, are counted by kind.
Expected<Change> deletePlanChange(
    const QString& cluster, const QJsonObject& before, const QString& uid, const QList<QJsonObject>& related = {});

} // namespace minato::changes
