// SPDX-License-Identifier: Apache-2.0
#include "sim/podlifecycle.h"

#include "sim/startlatency.h"

#include <algorithm>
#include <cmath>

namespace minato::sim {

PodLifecycle::PodLifecycle(WorldContext& context)
    : m_context(context)
{ }

PodFault PodLifecycle::faultFor(FaultType type)
{
    switch (type) {
    case FaultType::CrashLoopBackOff:
        return PodFault::CrashLoop;
    case FaultType::OOMKilled:
        return PodFault::OOMKilled;
    case FaultType::ImagePullBackOff:
        return PodFault::ImagePull;
    case FaultType::CreateContainerError:
        return PodFault::CreateContainer;
    case FaultType::RunContainerError:
        return PodFault::RunContainer;
    default:
        return PodFault::None;
    }
}

QString PodLifecycle::containerName(const SimWorkload& workload)
{
    if (workload.spec.name == QLatin1String("kube-flannel-ds"))
        return QStringLiteral("kube-flannel");
    return workload.spec.name;
}

bool PodLifecycle::pullsAlways(const SimWorkload& workload)
{
    return workload.spec.image.endsWith(QLatin1String(":latest"));
}

qint64 PodLifecycle::startLatency(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const
{
    const ClusterSpec& spec = m_context.spec;
    const NodeGroupSpec& group = spec.nodeGroups.at(std::clamp(node.group, 0, int(spec.nodeGroups.size()) - 1));
    const IdGenerator& ids = m_context.ids;
    return StartLatency::sample(
        StartLatency::resolve(spec, workload.spec, group), ids, ids.key(pod.uid, QStringLiteral("start-latency")));
}

qint64 PodLifecycle::sandboxTime(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const
{
    return std::llround(
        double(startLatency(pod, workload, node)) * StartLatency::sandboxShare(m_context.spec, workload.spec));
}

qint64 PodLifecycle::volumeTime(const SimWorkload& workload)
{
    // The kubelet waits for the claims to be attached and mounted before it asks for a sandbox.
    return workload.spec.volumeClaims.isEmpty() ? 0 : 2000;
}

QString PodLifecycle::goDuration(qint64 ms)
{
    const qint64 s = ms / 1000;
    if (s < 60)
        return QString::number(s) + QLatin1Char('s');
    return QStringLiteral("%1m%2s").arg(s / 60).arg(s % 60);
}

void PodLifecycle::schedule(SimPod& pod, int index, PodAction action, qint64 delayMs)
{
    pod.next = action;
    m_context.clock.schedule(
        m_context.clock.now() + std::max<qint64>(0, delayMs), TimerKind::Pod, index, ++pod.generation);
}

void PodLifecycle::event(const SimPod& pod, const SimWorkload& workload, const SimNode& node, bool warning,
    const QString& reason, const QString& message)
{
    const InvolvedObject object { QStringLiteral("Pod"), QStringLiteral("v1"), workload.spec.nameSpace, pod.name,
        pod.uid, QStringLiteral("spec.containers{") + containerName(workload) + QLatin1Char('}') };
    m_context.events.record(
        m_context.clock.now(), object, warning, reason, message, QStringLiteral("kubelet"), node.name);
}

qint64 PodLifecycle::readinessDelay(const SimPod& pod, const SimWorkload& workload) const
{
    const ProbeSpec& probe = workload.spec.readiness;
    if (!probe.isSet())
        return 0;
    const IdGenerator& ids = m_context.ids;
    return probe.initialDelaySeconds * 1000LL
        + ids.range(
            ids.key(pod.uid, QStringLiteral("ready"), {}, pod.containerSequence), 500, probe.periodSeconds * 1000);
}

qint64 PodLifecycle::runTime(const SimPod& pod) const
{
    const IdGenerator& ids = m_context.ids;
    const quint64 key = ids.key(pod.uid, QStringLiteral("run"), {}, pod.containerSequence);
    // A crashing process dies within seconds; a leaking one takes a while to reach its limit.
    return pod.fault == PodFault::OOMKilled ? ids.range(key, 8000, 40000) : ids.range(key, 1000, 6000);
}

QString PodLifecycle::backOffMessage(const SimPod& pod, const SimWorkload& workload) const
{
    return QStringLiteral("back-off %1 restarting failed container=%2 pod=%3_%4(%5)")
        .arg(goDuration(pod.backoffMs), containerName(workload), pod.name, workload.spec.nameSpace, pod.uid);
}

QString PodLifecycle::pullError(const SimWorkload& workload, const SimNode& node) const
{
    if (!workload.faultMessage.isEmpty())
        return workload.faultMessage;
    const QString image = workload.spec.image;
    const QString repository = image.section(QLatin1Char(':'), 0, 0);
    const QString tag
        = image.contains(QLatin1Char(':')) ? image.section(QLatin1Char(':'), -1) : QStringLiteral("latest");
    switch (node.runtime) {
    case ContainerRuntime::Containerd:
        return QStringLiteral("rpc error: code = NotFound desc = failed to pull and unpack image \"%1\": failed to "
                              "resolve reference \"%1\": %1: not found")
            .arg(image);
    case ContainerRuntime::CriO:
        return QStringLiteral("rpc error: code = Unknown desc = reading manifest %1 in %2: manifest unknown")
            .arg(tag, repository);
    case ContainerRuntime::Docker:
        return QStringLiteral("rpc error: code = Unknown desc = Error response from daemon: manifest for %1 not found: "
                              "manifest unknown: manifest unknown")
            .arg(image);
    }
    return {};
}

QString PodLifecycle::createError(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const
{
    if (!workload.faultMessage.isEmpty())
        return workload.faultMessage;
    // The classic runtime refusal: a container of the same name is still registered.
    const QString name
        = QStringLiteral("%1_%2_%3_%4_0").arg(containerName(workload), pod.name, workload.spec.nameSpace, pod.uid);
    const QString holder = m_context.ids.hex(m_context.ids.key(pod.uid, QStringLiteral("holder")), 64);
    switch (node.runtime) {
    case ContainerRuntime::Containerd:
        return QStringLiteral("failed to reserve container name \"%1\": name \"%1\" is reserved for \"%2\"")
            .arg(name, holder);
    case ContainerRuntime::CriO:
        return QStringLiteral("the container name \"k8s_%1\" is already in use by %2. You have to remove that "
                              "container to be able to reuse that name: that name is already in use")
            .arg(name, holder);
    case ContainerRuntime::Docker:
        return QStringLiteral(
            "Error response from daemon: Conflict. The container name \"/k8s_%1\" is already in use by container "
            "\"%2\". You have to remove (or rename) that container to be able to reuse that name.")
            .arg(name, holder);
    }
    return {};
}

QString PodLifecycle::startError(const SimWorkload& workload, const SimNode& node) const
{
    if (!workload.faultMessage.isEmpty())
        return workload.faultMessage;
    const QString oci = QStringLiteral("OCI runtime create failed: runc create failed: unable to start container "
                                       "process: exec: \"/docker-entrypoint.sh\": permission denied: unknown");
    switch (node.runtime) {
    case ContainerRuntime::Containerd:
        return QStringLiteral("failed to create containerd task: failed to create shim task: ") + oci;
    case ContainerRuntime::CriO:
        return QStringLiteral("container create failed: runc create failed: unable to start container process: exec: "
                              "\"/docker-entrypoint.sh\": permission denied");
    case ContainerRuntime::Docker:
        return QStringLiteral("Error response from daemon: failed to create shim task: ") + oci;
    }
    return {};
}

void PodLifecycle::beginCreating(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node)
{
    pod.stage = PodStage::Creating;
    pod.waitingSinceMs = m_context.clock.now();
    pod.sandboxReadyMs = -1;
    pod.pullTookMs = -1;
    schedule(pod, index, PodAction::Sandbox, volumeTime(workload) + sandboxTime(pod, workload, node));
}

void PodLifecycle::settle(SimPod& pod, const SimWorkload& workload, const SimNode& node)
{
    pod.stage = PodStage::Running;
    const qint64 latency = startLatency(pod, workload, node);
    pod.sandboxReadyMs = pod.scheduledMs + volumeTime(workload) + sandboxTime(pod, workload, node);
    pod.startedMs = pod.scheduledMs + volumeTime(workload) + latency;
    pod.ready = true;
    pod.readyChangedMs = pod.startedMs + readinessDelay(pod, workload);
    pod.containerSequence = 1;
    // Long-running pods have restarted now and then (node reboots, the odd crash).
    const IdGenerator& ids = m_context.ids;
    if (ids.unit(ids.key(pod.uid, QStringLiteral("old-restarts"))) < 0.08)
        pod.restartCount = ids.range(ids.key(pod.uid, QStringLiteral("restarts")), 1, 4);
}

void PodLifecycle::failPull(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node)
{
    event(pod, workload, node, false, QStringLiteral("Pulling"),
        QStringLiteral("Pulling image \"%1\"").arg(workload.spec.image));
    event(pod, workload, node, true, QStringLiteral("Failed"),
        QStringLiteral("Failed to pull image \"%1\": %2").arg(workload.spec.image, pullError(workload, node)));
    event(pod, workload, node, true, QStringLiteral("Failed"), QStringLiteral("Error: ErrImagePull"));
    pod.stage = PodStage::ErrImagePull;
    pod.waitingSinceMs = m_context.clock.now();
    schedule(pod, index, PodAction::PullRetry, 1500);
}

bool PodLifecycle::startContainer(
    SimPod& pod, int index, const SimWorkload& workload, const SimNode& node, bool restart)
{
    const qint64 now = m_context.clock.now();
    const QString image = workload.spec.image;
    if (!restart) {
        if (pod.pullTookMs >= 0) {
            const QString seconds = QString::number(double(pod.pullTookMs) / 1000.0, 'f', 3) + QLatin1Char('s');
            event(pod, workload, node, false, QStringLiteral("Pulled"),
                m_context.minorVersion >= 26
                    ? QStringLiteral("Successfully pulled image \"%1\" in %2 (%2 including waiting)")
                          .arg(image, seconds)
                    : QStringLiteral("Successfully pulled image \"%1\" in %2").arg(image, seconds));
        } else {
            event(pod, workload, node, false, QStringLiteral("Pulled"),
                QStringLiteral("Container image \"%1\" already present on machine").arg(image));
        }
    }
    if (pod.fault == PodFault::CreateContainer) {
        pod.stage = PodStage::CreateError;
        pod.waitingSinceMs = now;
        event(pod, workload, node, true, QStringLiteral("Failed"),
            QStringLiteral("Error: ") + createError(pod, workload, node));
        schedule(pod, index, PodAction::CreateRetry,
            10000 + m_context.ids.range(m_context.ids.key(pod.uid, {}, {}, quint64(now)), 0, 10000));
        return false;
    }
    if (pod.fault == PodFault::RunContainer) {
        // The container is created but the runtime cannot start its process.
        ++pod.containerSequence;
        if (restart || pod.lastExit != LastExit::None)
            ++pod.restartCount;
        pod.stage = PodStage::RunError;
        pod.lastExit = LastExit::StartError;
        pod.lastStartedMs = -1;
        pod.lastFinishedMs = now;
        pod.waitingSinceMs = now;
        event(pod, workload, node, true, QStringLiteral("Failed"),
            QStringLiteral("Error: ") + startError(workload, node));
        schedule(pod, index, PodAction::BackOff, 1000);
        return false;
    }
    const bool wasReady = pod.ready;
    if (restart) {
        ++pod.restartCount;
        event(pod, workload, node, false, QStringLiteral("Pulled"),
            QStringLiteral("Container image \"%1\" already present on machine").arg(image));
    }
    event(pod, workload, node, false, QStringLiteral("Created"),
        QStringLiteral("Created container ") + containerName(workload));
    event(pod, workload, node, false, QStringLiteral("Started"),
        QStringLiteral("Started container ") + containerName(workload));
    ++pod.containerSequence;
    pod.stage = PodStage::Running;
    pod.startedMs = now;
    const qint64 readyIn = readinessDelay(pod, workload);
    const bool crashes = pod.fault == PodFault::CrashLoop || pod.fault == PodFault::OOMKilled;
    if (crashes && runTime(pod) <= readyIn) {
        schedule(pod, index, PodAction::Crash, runTime(pod));
    } else if (readyIn == 0 && !pod.nodeLost && !pod.probeFailing) {
        pod.ready = true;
        pod.readyChangedMs = now;
        if (crashes)
            schedule(pod, index, PodAction::Crash, runTime(pod));
        else
            pod.next = PodAction::None;
    } else {
        schedule(pod, index, PodAction::Ready, readyIn);
    }
    return wasReady != pod.ready;
}

void PodLifecycle::crash(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node)
{
    const qint64 now = m_context.clock.now();
    pod.lastExit = pod.fault == PodFault::OOMKilled ? LastExit::OOMKilled : LastExit::Error;
    pod.lastStartedMs = pod.startedMs;
    pod.lastFinishedMs = now;
    pod.ready = false;
    pod.readyChangedMs = now;
    backOff(pod, index, workload, node);
}

void PodLifecycle::backOff(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node)
{
    // The kubelet's container back-off: 10 s, doubling per crash, capped at five minutes.
    pod.backoffMs = std::min<qint64>(MaxBackOffMs, 10000LL << std::min<int>(pod.backoffLevel, 5));
    ++pod.backoffLevel;
    pod.stage = PodStage::CrashBackOff;
    pod.waitingSinceMs = m_context.clock.now();
    event(pod, workload, node, true, QStringLiteral("BackOff"),
        QStringLiteral("Back-off restarting failed container %1 in pod %2_%3(%4)")
            .arg(containerName(workload), pod.name, workload.spec.nameSpace, pod.uid));
    schedule(pod, index, PodAction::Restart, pod.backoffMs);
}

void PodLifecycle::applyFault(SimPod& pod, int index, const SimWorkload& workload, const SimNode& node, bool steady)
{
    const IdGenerator& ids = m_context.ids;
    const qint64 now = m_context.clock.now();
    if (steady
        && (pod.fault == PodFault::CrashLoop || pod.fault == PodFault::OOMKilled
            || pod.fault == PodFault::RunContainer)) {
        // Crash-looping for a good while already: many restarts, back-off at its cap.
        const quint64 key = ids.key(pod.uid, QStringLiteral("steady"));
        pod.restartCount = ids.range(key, 14, 180);
        pod.backoffLevel = 6;
        pod.backoffMs = MaxBackOffMs;
        pod.lastExit = pod.fault == PodFault::OOMKilled ? LastExit::OOMKilled
            : pod.fault == PodFault::RunContainer       ? LastExit::StartError
                                                        : LastExit::Error;
        pod.lastFinishedMs = now - ids.range(key + 1, 5000, MaxBackOffMs - 5000);
        pod.lastStartedMs = pod.lastExit == LastExit::StartError ? -1 : pod.lastFinishedMs - runTime(pod);
        pod.startedMs = pod.lastStartedMs;
        pod.containerSequence = quint32(pod.restartCount + 1);
        pod.stage = PodStage::CrashBackOff;
        pod.waitingSinceMs = pod.lastFinishedMs;
        pod.ready = false;
        pod.readyChangedMs = pod.lastFinishedMs;
        schedule(pod, index, PodAction::Restart, pod.lastFinishedMs + MaxBackOffMs - now);
        return;
    }
    switch (pod.fault) {
    case PodFault::CrashLoop:
    case PodFault::OOMKilled:
    case PodFault::RunContainer:
        if (pod.stage == PodStage::Running)
            schedule(pod, index, PodAction::Crash, std::min<qint64>(runTime(pod), 3000));
        break;
    case PodFault::ImagePull:
    case PodFault::CreateContainer:
        if (steady) { // a pod of a broken rollout that never started
            pod.stage = pod.fault == PodFault::ImagePull ? PodStage::ImagePullBackOff : PodStage::CreateError;
            pod.ready = false;
            pod.containerSequence = 0;
            pod.restartCount = 0;
            pod.backoffLevel = 6;
            pod.backoffMs = MaxBackOffMs;
            pod.waitingSinceMs = now - ids.range(ids.key(pod.uid, QStringLiteral("steady")), 5000, 60000);
            schedule(
                pod, index, pod.fault == PodFault::ImagePull ? PodAction::PullRetry : PodAction::CreateRetry, 20000);
        }
        break;
    case PodFault::None:
        break;
    }
    Q_UNUSED(workload);
    Q_UNUSED(node);
}

void PodLifecycle::resume(SimPod& pod, int index)
{
    if (pod.next != PodAction::None)
        schedule(pod, index, pod.next, 1000);
}

bool PodLifecycle::step(SimPod& pod, int index, const SimWorkload& workload, SimNode& node)
{
    const PodAction action = pod.next;
    pod.next = PodAction::None;
    const qint64 now = m_context.clock.now();
    const IdGenerator& ids = m_context.ids;
    switch (action) {
    case PodAction::None:
    case PodAction::Schedule:
        return false;
    case PodAction::Sandbox: {
        pod.sandboxReadyMs = now;
        if (pod.fault == PodFault::ImagePull) {
            failPull(pod, index, workload, node);
            return false;
        }
        // The kubelet pulls what the node lacks, and always for imagePullPolicy Always (a quick
        // manifest check when the layers are there).
        const bool present = node.images.contains(workload.spec.image);
        const quint64 key = ids.key(pod.uid, QStringLiteral("pull"));
        pod.pullTookMs = -1;
        if (!present || pullsAlways(workload)) {
            pod.pullTookMs = present ? ids.range(key, 300, 1200) : ids.range(key, 1500, 6000);
            event(pod, workload, node, false, QStringLiteral("Pulling"),
                QStringLiteral("Pulling image \"%1\"").arg(workload.spec.image));
            pod.waitingSinceMs = now;
        }
        const qint64 latency = startLatency(pod, workload, node);
        schedule(pod, index, PodAction::Start,
            std::max<qint32>(0, pod.pullTookMs) + latency - sandboxTime(pod, workload, node));
        return false;
    }
    case PodAction::Start:
        if (pod.fault == PodFault::ImagePull) {
            failPull(pod, index, workload, node);
            return false;
        }
        if (pod.pullTookMs >= 0)
            node.images.insert(workload.spec.image);
        return startContainer(pod, index, workload, node, false);
    case PodAction::Ready:
        if (pod.stage != PodStage::Running)
            return false;
        if (pod.fault == PodFault::CrashLoop || pod.fault == PodFault::OOMKilled)
            schedule(pod, index, PodAction::Crash, pod.startedMs + runTime(pod) - now);
        if (pod.ready || pod.nodeLost || pod.probeFailing)
            return false;
        pod.ready = true;
        pod.readyChangedMs = now;
        return true;
    case PodAction::Crash: {
        const bool stillFaulty = pod.fault == PodFault::CrashLoop || pod.fault == PodFault::OOMKilled
            || pod.fault == PodFault::RunContainer;
        if (pod.stage != PodStage::Running || !stillFaulty)
            return false;
        const bool wasReady = pod.ready;
        crash(pod, index, workload, node);
        return wasReady;
    }
    case PodAction::BackOff:
        backOff(pod, index, workload, node);
        return false;
    case PodAction::Restart:
        return startContainer(pod, index, workload, node, true);
    case PodAction::PullRetry:
        if (pod.stage == PodStage::ErrImagePull) {
            pod.backoffMs = std::min<qint64>(MaxBackOffMs, 10000LL << std::min<int>(pod.backoffLevel, 5));
            ++pod.backoffLevel;
            pod.stage = PodStage::ImagePullBackOff;
            pod.waitingSinceMs = now;
            event(pod, workload, node, false, QStringLiteral("BackOff"),
                QStringLiteral("Back-off pulling image \"%1\"").arg(workload.spec.image));
            event(pod, workload, node, true, QStringLiteral("Failed"), QStringLiteral("Error: ImagePullBackOff"));
            schedule(pod, index, PodAction::PullRetry, pod.backoffMs);
            return false;
        }
        if (pod.fault == PodFault::ImagePull) {
            pod.next = PodAction::Start;
            return step(pod, index, workload, node);
        }
        // The image is there now: the next attempt pulls it.
        event(pod, workload, node, false, QStringLiteral("Pulling"),
            QStringLiteral("Pulling image \"%1\"").arg(workload.spec.image));
        pod.pullTookMs = ids.range(ids.key(pod.uid, QStringLiteral("pull-ok")), 800, 4000);
        pod.waitingSinceMs = now - pod.pullTookMs;
        pod.backoffLevel = 0;
        node.images.insert(workload.spec.image);
        return startContainer(pod, index, workload, node, false);
    case PodAction::CreateRetry:
        if (pod.fault == PodFault::CreateContainer) {
            event(pod, workload, node, true, QStringLiteral("Failed"),
                QStringLiteral("Error: ") + createError(pod, workload, node));
            schedule(pod, index, PodAction::CreateRetry,
                15000 + ids.range(ids.key(pod.uid, {}, {}, quint64(now)), 0, 15000));
            return false;
        }
        pod.waitingSinceMs = now - 1000;
        pod.pullTookMs = -1; // pulled before the first attempt to create the container
        return startContainer(pod, index, workload, node, false);
    }
    return false;
}

} // namespace minato::sim
