// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "util/expected.h"

#include <QDateTime>
#include <QJsonObject>

namespace minato::changes {

// kubectl scale: spec.replicas of a Deployment, StatefulSet or ReplicaSet. The patch is the
// one a GitOps repository needs ({"spec":{"replicas":N}}), not kubectl's /scale subresource call.
Expected<Change> scaleChange(const QString& cluster, const QJsonObject& before, int replicas);

// kubectl rollout restart: the pod template annotation kubectl.kubernetes.io/restartedAt set to
// `at` in RFC 3339 (UTC here; kubectl writes local time), which makes the controller roll every
// pod. Deployments (not paused), StatefulSets and DaemonSets.
Expected<Change> restartChange(const QString& cluster, const QJsonObject& before, const QDateTime& at);

} // namespace minato::changes
