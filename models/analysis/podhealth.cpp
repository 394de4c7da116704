// SPDX-License-Identifier: Apache-2.0
#include "analysis/podhealth.h"

#include "fleet/podinfo.h"

#include <QStringList>

namespace minato::analysis {

namespace {

    // STATUS values (kubectl's printer) that mean a pod is broken rather than on its way.
    bool isFailureStatus(const QString& status)
    {
        static const QStringList bad {
            QStringLiteral("CrashLoopBackOff"),
            QStringLiteral("ImagePullBackOff"),
            QStringLiteral("ErrImagePull"),
            QStringLiteral("ErrImageNeverPull"),
            QStringLiteral("InvalidImageName"),
            QStringLiteral("RegistryUnavailable"),
            QStringLiteral("CreateContainerConfigError"),
            QStringLiteral("CreateContainerError"),
            QStringLiteral("RunContainerError"),
            QStringLiteral("PreStartHookError"),
            QStringLiteral("PostStartHookError"),
            QStringLiteral("CreatePodSandboxError"),
            QStringLiteral("ContainerStatusUnknown"),
            QStringLiteral("OOMKilled"),
            QStringLiteral("Error"),
            QStringLiteral("Evicted"),
            QStringLiteral("Unknown"),
        };
        if (bad.contains(status) || status.startsWith(QLatin1String("ExitCode:")))
            return true;
        // "Init:CrashLoopBackOff", "Init:ErrImagePull" — but not the progress form "Init:0/2".
        if (status.startsWith(QLatin1String("Init:")))
            return isFailureStatus(status.mid(5)) || status.mid(5).startsWith(QLatin1String("ExitCode"));
        return false;
    }

    QString failureReason(const fleet::PodInfo& pod)
    {
        const QString status = pod.status.toString();
        if (pod.phase == fleet::PodPhase::Succeeded || status == QLatin1String("Completed"))
            return {};
        if (isFailureStatus(status))
            return status;
        if (pod.phase == fleet::PodPhase::Failed)
            return status.isEmpty() ? QStringLiteral("Failed") : status;
        if (pod.phase == fleet::PodPhase::Pending && pod.scheduled.isFalse())
            return pod.scheduled.reason.isEmpty() ? QStringLiteral("Unschedulable") : pod.scheduled.reason.toString();
        return {};
    }

    ContainerProblem waitingProblem(QStringView reason)
    {
        if (reason == u"CrashLoopBackOff")
            return ContainerProblem::CrashLoop;
        if (reason == u"ErrImagePull" || reason == u"ImagePullBackOff" || reason == u"ErrImageNeverPull"
            || reason == u"InvalidImageName" || reason == u"RegistryUnavailable"
            || reason == u"SignatureValidationFailed")
            return ContainerProblem::ImagePull;
        if (reason == u"CreateContainerError" || reason == u"RunContainerError" || reason == u"CreatePodSandboxError"
            || reason == u"ConfigPodSandboxError" || reason == u"KillPodSandboxError"
            || reason == u"KillContainerError")
            return ContainerProblem::RuntimeError;
        if (reason == u"CreateContainerConfigError")
            return ContainerProblem::ConfigError;
        return ContainerProblem::None;
    }

} // namespace

PodHealth podHealth(const fleet::PodInfo& pod)
{
    if (QString reason = failureReason(pod); !reason.isEmpty())
        return { PodHealth::Level::Failing, std::move(reason) };
    if (pod.phase == fleet::PodPhase::Pending
        || (pod.phase == fleet::PodPhase::Running && pod.readyContainers < pod.totalContainers))
        return { PodHealth::Level::Progressing, {} };
    return {};
}

bool isStartFailure(QStringView reason)
{
    return reason == u"StartError" || reason == u"ContainerCannotRun";
}

ContainerProblem containerProblem(const fleet::ContainerInfo& container)
{
    if (container.state == fleet::ContainerState::Waiting) {
        const ContainerProblem problem = waitingProblem(container.reason.view());
        // RunContainerError lasts one sync; then the kubelet backs off and the pod reads
        // CrashLoopBackOff. When the runtime could not start the process at all, the loop
        // is the runtime's, not the application's.
        if (problem == ContainerProblem::CrashLoop && isStartFailure(container.lastTerminationReason.view()))
            return ContainerProblem::RuntimeError;
        return problem;
    }
    if (container.state == fleet::ContainerState::Terminated) {
        if (container.reason == QLatin1StringView("OOMKilled"))
            return ContainerProblem::OomKilled;
        if (isStartFailure(container.reason.view()))
            return ContainerProblem::RuntimeError;
    }
    return ContainerProblem::None;
}

} // namespace minato::analysis
