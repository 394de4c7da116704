// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

namespace minato::fleet {

// kubectl's pod printer (printPod in kubernetes pkg/printers/internalversion/printers.go,
// the code behind the STATUS, READY and RESTARTS columns of `kubectl get pods`, server-side
// printing included), over plain inputs so it can be tested without JSON.
struct PodPrinterContainer
{
    enum class State : quint8
    {
        None,
        Waiting,
        Running,
        Terminated
    };

    std::string_view name;
    State state = State::None;
    std::string_view reason; // waiting or terminated reason
    qint32 exitCode = 0;
    qint32 signal = 0;
    bool ready = false;
    bool started = false; // status.started (absent = false)
    quint32 restartCount = 0;
    qint64 lastTerminatedFinishedAt = 0; // lastState.terminated.finishedAt, 0 = none
};

struct PodPrinterInput
{
    std::string_view phase;
    std::string_view statusReason; // status.reason: Evicted, NodeLost, DeadlineExceeded …
    bool deleting = false; // metadata.deletionTimestamp set
    bool scheduledGated = false; // PodScheduled condition with reason SchedulingGated
    bool initializedTrue = false; // Initialized condition True
    bool readyTrue = false; // Ready condition True
    int specContainers = 0;
    std::vector<std::string_view> restartableInitNames; // spec.initContainers with restartPolicy Always
    int specInitContainers = 0;
    std::vector<PodPrinterContainer> initStatuses;
    std::vector<PodPrinterContainer> statuses;
};

struct PodPrinterResult
{
    std::string status;
    int ready = 0;
    int total = 0;
    quint32 restarts = 0;
    qint64 lastRestart = 0;
};

PodPrinterResult printPodStatus(const PodPrinterInput& input);

} // namespace minato::fleet
