// SPDX-License-Identifier: Apache-2.0
#include "podstatusprinter.h"

#include <algorithm>

namespace minato::fleet {

namespace {

    bool isRestartable(const PodPrinterInput& input, std::string_view name)
    {
        return std::find(input.restartableInitNames.begin(), input.restartableInitNames.end(), name)
            != input.restartableInitNames.end();
    }

    // Terminal phases do not turn into "Terminating" (podutil.IsPodPhaseTerminal).
    bool isTerminalPhase(std::string_view phase)
    {
        return phase == "Succeeded" || phase == "Failed";
    }

} // namespace

PodPrinterResult printPodStatus(const PodPrinterInput& input)
{
    PodPrinterResult r;
    r.total = input.specContainers + int(input.restartableInitNames.size());

    std::string reason(input.statusReason.empty() ? input.phase : input.statusReason);
    if (input.scheduledGated)
        reason = "SchedulingGated";

    quint32 restarts = 0;
    quint32 sidecarRestarts = 0;
    qint64 lastRestart = 0;
    qint64 lastSidecarRestart = 0;
    bool initializing = false;

    // Walk init containers until the first one that is neither done nor a started sidecar.
    for (std::size_t i = 0; i < input.initStatuses.size(); ++i) {
        const PodPrinterContainer& c = input.initStatuses[i];
        const bool restartable = isRestartable(input, c.name);
        restarts += c.restartCount;
        lastRestart = std::max(lastRestart, c.lastTerminatedFinishedAt);
        if (restartable) {
            sidecarRestarts += c.restartCount;
            lastSidecarRestart = std::max(lastSidecarRestart, c.lastTerminatedFinishedAt);
        }
        if (c.state == PodPrinterContainer::State::Terminated && c.exitCode == 0)
            continue;
        if (restartable && c.started) {
            if (c.ready)
                ++r.ready;
            continue;
        }
        if (c.state == PodPrinterContainer::State::Terminated) {
            if (c.reason.empty()) {
                reason = c.signal != 0 ? "Init:Signal:" + std::to_string(c.signal)
                                       : "Init:ExitCode:" + std::to_string(c.exitCode);
            } else {
                reason = "Init:" + std::string(c.reason);
            }
        } else if (c.state == PodPrinterContainer::State::Waiting && !c.reason.empty()
            && c.reason != "PodInitializing") {
            reason = "Init:" + std::string(c.reason);
        } else {
            reason = "Init:" + std::to_string(i) + '/' + std::to_string(input.specInitContainers);
        }
        initializing = true;
        break;
    }

    if (!initializing || input.initializedTrue) {
        restarts = sidecarRestarts;
        lastRestart = lastSidecarRestart;
        bool hasRunning = false;
        for (auto it = input.statuses.rbegin(); it != input.statuses.rend(); ++it) {
            const PodPrinterContainer& c = *it;
            restarts += c.restartCount;
            lastRestart = std::max(lastRestart, c.lastTerminatedFinishedAt);
            if (c.state == PodPrinterContainer::State::Waiting && !c.reason.empty()) {
                reason = c.reason;
            } else if (c.state == PodPrinterContainer::State::Terminated && !c.reason.empty()) {
                reason = c.reason;
            } else if (c.state == PodPrinterContainer::State::Terminated) {
                reason
                    = c.signal != 0 ? "Signal:" + std::to_string(c.signal) : "ExitCode:" + std::to_string(c.exitCode);
            } else if (c.ready && c.state == PodPrinterContainer::State::Running) {
                hasRunning = true;
                ++r.ready;
            }
        }
        // A completed container next to one still running: the pod is not "Completed".
        if (reason == "Completed" && hasRunning)
            reason = input.readyTrue ? "Running" : "NotReady";
    }

    if (input.deleting && input.statusReason == "NodeLost")
        reason = "Unknown";
    else if (input.deleting && !isTerminalPhase(input.phase))
        reason = "Terminating";

    r.status = std::move(reason);
    r.restarts = restarts;
    r.lastRestart = lastRestart;
    return r;
}

} // namespace minato::fleet
