// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

// The values the API server fills in when a manifest leaves them out. Dropping them from an
// exported manifest changes nothing when it is applied and keeps the review diff to what a person
// chose. Only values that are the default whatever the cluster are listed (docs/change-sets.md).
namespace minato::changes::serverdefaults {

// A PodSpec as found in a Pod or a pod template: pod-level and per-container defaults.
void dropPodSpecDefaults(QJsonObject& podSpec);

// The spec of a workload or Service by kind (Deployment, StatefulSet, DaemonSet, ReplicaSet,
// Job, CronJob, Pod, Service, PersistentVolumeClaim), including its pod template.
void dropSpecDefaults(const QString& kind, QJsonObject& spec);

// The pull policy the server picks when none is given: Always for ":latest" or no tag,
// IfNotPresent otherwise (a digest counts as a tag).
QString defaultImagePullPolicy(const QString& image);

} // namespace minato::changes::serverdefaults
