// SPDX-License-Identifier: Apache-2.0
#include "fleet/kinddecoders.h"
#include "fleet/podinfo.h"
#include "fleet/podspecdecoder.h"
#include "fleet/podstatusprinter.h"

#include <limits>

namespace minato::fleet {

const PodShape& PodInfo::emptyShape()
{
    static const PodShape empty;
    return empty;
}

} // namespace minato::fleet

namespace minato::fleet::detail {

namespace {

    struct ContainerStatusScratch
    {
        PodPrinterContainer printer;
        std::string_view lastTerminatedReason;
        qint32 lastExitCode = 0;
        qint64 runningSince = 0; // state.running.startedAt
    };

    struct PodStatusScratch
    {
        std::string_view phase;
        std::string_view reason;
        std::string_view podIP;
        std::string_view qosClass;
        qint64 startTime = 0;
        ConditionScratch scheduled;
        ConditionScratch ready;
        bool initializedTrue = false;
        qint64 initializedAt = 0;
        qint64 containersReadyAt = 0;
        std::vector<ContainerStatusScratch> statuses;
        std::vector<ContainerStatusScratch> initStatuses;
    };

    void decodeState(od::value& value, PodPrinterContainer& c, bool* lastTerminated, std::string_view* lastReason,
        qint32* lastExit, bool isLastState, qint64* runningSince = nullptr)
    {
        forEachField(value, [&](std::string_view kind, od::value& detail) {
            if (!isOfType(detail, od::json_type::object))
                return;
            if (kind == "terminated") {
                std::string_view reason;
                qint32 exitCode = 0, signal = 0;
                qint64 finishedAt = 0;
                forEachField(detail, [&](std::string_view key, od::value& member) {
                    if (key == "reason")
                        reason = stringOf(member);
                    else if (key == "exitCode")
                        exitCode = int32Of(member);
                    else if (key == "signal")
                        signal = int32Of(member);
                    else if (key == "finishedAt")
                        finishedAt = timeOf(member);
                });
                if (isLastState) {
                    *lastTerminated = true;
                    *lastReason = reason;
                    *lastExit = exitCode;
                    c.lastTerminatedFinishedAt = finishedAt;
                } else {
                    c.state = PodPrinterContainer::State::Terminated;
                    c.reason = reason;
                    c.exitCode = exitCode;
                    c.signal = signal;
                }
            } else if (isLastState) {
                return;
            } else if (kind == "waiting") {
                c.state = PodPrinterContainer::State::Waiting;
                forEachField(detail, [&](std::string_view key, od::value& member) {
                    if (key == "reason")
                        c.reason = stringOf(member);
                });
            } else if (kind == "running") {
                c.state = PodPrinterContainer::State::Running;
                if (runningSince)
                    forEachField(detail, [&](std::string_view key, od::value& member) {
                        if (key == "startedAt")
                            *runningSince = timeOf(member);
                    });
            }
        });
    }

    ContainerStatusScratch decodeContainerStatus(od::value& value)
    {
        ContainerStatusScratch s;
        bool lastTerminated = false;
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "name")
                s.printer.name = stringOf(member);
            else if (key == "ready")
                s.printer.ready = boolOf(member);
            else if (key == "started")
                s.printer.started = boolOf(member);
            else if (key == "restartCount")
                s.printer.restartCount = quint32(integerOf(member));
            else if (key == "state")
                decodeState(member, s.printer, nullptr, nullptr, nullptr, false, &s.runningSince);
            else if (key == "lastState")
                decodeState(member, s.printer, &lastTerminated, &s.lastTerminatedReason, &s.lastExitCode, true);
        });
        return s;
    }

    void decodePodStatus(od::value& value, PodStatusScratch& out)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "phase") {
                out.phase = stringOf(member);
            } else if (key == "reason") {
                out.reason = stringOf(member);
            } else if (key == "podIP") {
                out.podIP = stringOf(member);
            } else if (key == "podIPs") {
                if (!out.podIP.empty())
                    return;
                forEachElement(member, [&](od::value& entry) {
                    forEachField(entry, [&](std::string_view ipKey, od::value& ip) {
                        if (ipKey == "ip" && out.podIP.empty())
                            out.podIP = stringOf(ip);
                    });
                });
            } else if (key == "qosClass") {
                out.qosClass = stringOf(member);
            } else if (key == "startTime") {
                out.startTime = timeOf(member);
            } else if (key == "conditions") {
                forEachCondition(member, [&](const ConditionScratch& c) {
                    if (c.type == "PodScheduled")
                        out.scheduled = c;
                    else if (c.type == "Ready")
                        out.ready = c;
                    else if (c.type == "Initialized") {
                        out.initializedTrue = c.status == "True";
                        out.initializedAt = out.initializedTrue ? c.lastTransitionTime : 0;
                    } else if (c.type == "ContainersReady" && c.status == "True")
                        out.containersReadyAt = c.lastTransitionTime;
                });
            } else if (key == "containerStatuses" || key == "initContainerStatuses") {
                auto& target = key == "containerStatuses" ? out.statuses : out.initStatuses;
                forEachElement(member, [&](od::value& status) { target.push_back(decodeContainerStatus(status)); });
            }
        });
    }

    PodPhase phaseOf(std::string_view phase)
    {
        if (phase == "Running")
            return PodPhase::Running;
        if (phase == "Pending")
            return PodPhase::Pending;
        if (phase == "Succeeded")
            return PodPhase::Succeeded;
        if (phase == "Failed")
            return PodPhase::Failed;
        return PodPhase::Unknown;
    }

    QosClass qosOf(std::string_view qos)
    {
        if (qos == "BestEffort")
            return QosClass::BestEffort;
        if (qos == "Burstable")
            return QosClass::Burstable;
        if (qos == "Guaranteed")
            return QosClass::Guaranteed;
        return QosClass::Unknown;
    }

    PodStartOffsets startOffsets(const PodStatusScratch& status)
    {
        PodStartOffsets start;
        const qint64 scheduled = status.scheduled.status == "True" ? status.scheduled.lastTransitionTime : 0;
        if (scheduled <= 0)
            return start;
        const auto after = [scheduled](qint64 at) {
            return at >= scheduled && at - scheduled < std::numeric_limits<qint32>::max() ? qint32(at - scheduled) : -1;
        };
        if (status.initializedAt > 0)
            start.initializedAfter = after(status.initializedAt);
        if (status.containersReadyAt > 0)
            start.readyAfter = after(status.containersReadyAt);
        qint64 first = 0;
        for (const ContainerStatusScratch& s : status.statuses) {
            if (s.printer.restartCount > 0)
                return start; // the first start is gone: not measured
            if (s.runningSince > 0 && (first == 0 || s.runningSince < first))
                first = s.runningSince;
        }
        if (first > 0)
            start.startedAfter = after(first);
        return start;
    }

    const ContainerStatusScratch* findStatus(const std::vector<ContainerStatusScratch>& statuses, std::string_view name)
    {
        for (const ContainerStatusScratch& s : statuses) {
            if (s.printer.name == name)
                return &s;
        }
        return nullptr;
    }

    ContainerInfo makeContainer(
        const ContainerSpecScratch& spec, const ContainerStatusScratch* status, DecodeContext& ctx)
    {
        ContainerInfo c;
        c.name = ctx.pool.intern(spec.name);
        c.image = ctx.pool.intern(spec.image);
        if (spec.init)
            c.flags |= ContainerInfo::Init;
        if (spec.sidecar)
            c.flags |= ContainerInfo::Sidecar;
        if (!status)
            return c;
        const PodPrinterContainer& p = status->printer;
        switch (p.state) {
        case PodPrinterContainer::State::None:
            c.state = ContainerState::Unknown;
            break;
        case PodPrinterContainer::State::Waiting:
            c.state = ContainerState::Waiting;
            break;
        case PodPrinterContainer::State::Running:
            c.state = ContainerState::Running;
            break;
        case PodPrinterContainer::State::Terminated:
            c.state = ContainerState::Terminated;
            c.exitCode = p.exitCode;
            break;
        }
        c.reason = ctx.pool.intern(p.reason);
        c.lastTerminationReason = ctx.pool.intern(status->lastTerminatedReason);
        c.lastExitCode = status->lastExitCode;
        c.restartCount = p.restartCount;
        if (p.ready)
            c.flags |= ContainerInfo::Ready;
        if (p.started)
            c.flags |= ContainerInfo::Started;
        return c;
    }

    template <typename T> void appendRaw(std::string& key, const T& value)
    {
        key.append(reinterpret_cast<const char*>(&value), sizeof value);
    }

    // Builds the pod's shape and swaps it for the pool's copy of an equal one.
    void internShape(PodInfo& out, PodShape&& shape, DecodeContext& ctx)
    {
        std::string& key = ctx.keyScratch;
        key.assign(1, 'P');
        appendRaw(key, shape.runtimeClassName.identity());
        appendRaw(key, shape.resources);
        appendRaw(key, shape.specFlags.toInt());
        appendRaw(key, shape.pvcNames.size());
        for (const InternedString& claim : shape.pvcNames)
            appendRaw(key, claim.identity());
        for (const ContainerInfo& c : shape.containers) {
            appendRaw(key, c.name.identity());
            appendRaw(key, c.image.identity());
            appendRaw(key, c.reason.identity());
            appendRaw(key, c.lastTerminationReason.identity());
            appendRaw(key, c.exitCode);
            appendRaw(key, c.lastExitCode);
            appendRaw(key, c.restartCount);
            appendRaw(key, c.state);
            appendRaw(key, c.flags);
        }
        out.shape = ctx.pool.internShared(key, std::move(shape));
    }

} // namespace

void decodeInto(od::value& object, PodInfo& out, DecodeContext& ctx)
{
    PodSpecScratch spec;
    PodStatusScratch status;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata")
            decodeMetadata(member, out.meta, ctx, true);
        else if (key == "spec")
            decodePodSpec(member, spec, ctx);
        else if (key == "status")
            decodePodStatus(member, status);
    });

    out.nodeName = ctx.pool.intern(spec.nodeName);
    PodShape shape;
    shape.runtimeClassName = ctx.pool.intern(spec.runtimeClassName);
    out.podIP = IpAddress::parse(status.podIP).value_or(IpAddress());
    out.phase = phaseOf(status.phase);
    out.qosClass = qosOf(status.qosClass);
    out.startTime = status.startTime;
    fillCondition(out.scheduled, status.scheduled, ctx);
    fillCondition(out.ready, status.ready, ctx);
    out.start = startOffsets(status);
    shape.specFlags = spec.summaryFlags();
    shape.resources = spec.totals();
    if (!spec.pvcClaims.empty()) {
        shape.pvcNames.reserve(qsizetype(spec.pvcClaims.size()));
        for (std::string_view claim : spec.pvcClaims)
            shape.pvcNames.append(ctx.pool.intern(claim));
    }

    shape.containers.reserve(qsizetype(spec.containers.size()));
    for (int pass = 0; pass < 2; ++pass) {
        const bool init = pass == 1;
        for (const ContainerSpecScratch& c : spec.containers) {
            if (c.init == init)
                shape.containers.append(
                    makeContainer(c, findStatus(init ? status.initStatuses : status.statuses, c.name), ctx));
        }
    }

    internShape(out, std::move(shape), ctx);

    PodPrinterInput printer;
    printer.phase = status.phase;
    printer.statusReason = status.reason;
    printer.deleting = out.meta.deletionTimestamp != 0;
    printer.scheduledGated = status.scheduled.reason == "SchedulingGated";
    printer.initializedTrue = status.initializedTrue;
    printer.readyTrue = status.ready.status == "True";
    printer.specContainers = spec.appContainers;
    printer.specInitContainers = spec.initContainers;
    for (const ContainerSpecScratch& c : spec.containers) {
        if (c.sidecar)
            printer.restartableInitNames.push_back(c.name);
    }
    printer.initStatuses.reserve(status.initStatuses.size());
    for (const ContainerStatusScratch& s : status.initStatuses)
        printer.initStatuses.push_back(s.printer);
    printer.statuses.reserve(status.statuses.size());
    for (const ContainerStatusScratch& s : status.statuses)
        printer.statuses.push_back(s.printer);

    const PodPrinterResult printed = printPodStatus(printer);
    out.status = ctx.pool.intern(printed.status);
    out.readyContainers = quint16(printed.ready);
    out.totalContainers = quint16(printed.total);
    out.restarts = printed.restarts;
    out.lastRestartTime = printed.lastRestart;
}

} // namespace minato::fleet::detail
