// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// Whether a container reason points at the runtime (or what it runs): CreateContainerError,
// CreateContainerConfigError, RunContainerError, StartError, ContainerCannotRun,
// CreatePodSandboxError, the image pull reasons, OOMKilled.
bool isRuntimeFailureReason(QStringView reason);
// Whether an event reason does: FailedCreatePodSandBox, FailedKillPod.
bool isRuntimeEventReason(QStringView reason);

// Failures of one runtime, version and RuntimeClass in a cluster: pods failing now, by
// reason, and the runtime's warning events in the window, per hour.
struct RuntimeFailureGroup
{
    QString runtime;
    QString runtimeVersion;
    QString runtimeClass; // empty: the default handler
    QMap<QString, int> podsByReason; // pods failing now (a pod counts once per reason)
    QMap<QString, int> eventsByReason; // event counts with lastTimestamp in the window
    QStringList pods; // namespace/name of the failing pods, sorted
    double eventsPerHour = 0;

    int failingPods() const { return int(pods.size()); }
};

// Every group with a failure, by runtime, version and class. Events count when their last
// occurrence falls in [nowSeconds − windowSeconds, nowSeconds]; pod failures are as of now.
QList<RuntimeFailureGroup> runtimeFailures(const fleet::StoreContent& store, qint64 nowSeconds, qint64 windowSeconds);

} // namespace minato::analysis
