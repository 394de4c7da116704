// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringView>

namespace minato::fleet {
struct ContainerInfo;
struct PodInfo;
} // namespace minato::fleet

namespace minato::analysis {

// How one pod is doing: the one verdict that the fleet overview, the browser's rows,
// `minato report` and the triage rules share, so that none of them counts a pod as failing
// that another calls fine.
struct PodHealth
{
    enum class Level : quint8
    {
        Fine,
        Progressing, // Pending, or Running with containers not yet ready
        Failing,
    };
    Level level = Level::Fine;
    // When Failing: why, as kubectl's STATUS column says it (CrashLoopBackOff, ImagePullBackOff,
    // Error, Evicted …), or the scheduler's reason (Unschedulable).
    QString reason;

    bool isFailing() const { return level == Level::Failing; }
};

PodHealth podHealth(const fleet::PodInfo& pod);

// What one container's state says went wrong; the triage rules raise one finding per problem.
enum class ContainerProblem : quint8
{
    None,
    CrashLoop,
    RuntimeError, // the runtime could not create or start it (also a crash loop behind StartError)
    ImagePull,
    ConfigError,
    OomKilled, // terminated now by the OOM killer (a past OOM kill is judged by its age)
};

ContainerProblem containerProblem(const fleet::ContainerInfo& container);

// How a container ends when the runtime failed to start its process (docker's
// ContainerCannotRun, containerd's and CRI-O's StartError, exit code 128).
bool isStartFailure(QStringView reason);

} // namespace minato::analysis
