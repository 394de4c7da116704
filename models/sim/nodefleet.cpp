// SPDX-License-Identifier: Apache-2.0
#include "sim/nodefleet.h"

#include "sim/quantity.h"
#include "sim/systemworkloads.h"

#include <QJsonArray>

#include <climits>

namespace minato::sim {

namespace {

    constexpr qint64 Day = 24LL * 3600 * 1000;

    QString defaultOsImage(ContainerRuntime runtime, int minor)
    {
        switch (runtime) {
        case ContainerRuntime::CriO:
            return QStringLiteral("Rocky Linux 9.3 (Blue Onyx)");
        case ContainerRuntime::Docker:
            return minor < 22 ? QStringLiteral("Ubuntu 18.04.6 LTS") : QStringLiteral("Ubuntu 20.04.6 LTS");
        case ContainerRuntime::Containerd:
            break;
        }
        return minor < 26 ? QStringLiteral("Ubuntu 20.04.6 LTS") : QStringLiteral("Ubuntu 22.04.4 LTS");
    }

    QString defaultKernel(const QString& osImage)
    {
        if (osImage.startsWith(QLatin1String("Rocky")) || osImage.startsWith(QLatin1String("Red Hat")))
            return QStringLiteral("5.14.0-362.18.1.el9_3.x86_64");
        if (osImage.contains(QLatin1String("18.04")))
            return QStringLiteral("4.15.0-213-generic");
        if (osImage.contains(QLatin1String("20.04")))
            return QStringLiteral("5.4.0-182-generic");
        return QStringLiteral("5.15.0-105-generic");
    }

} // namespace

NodeFleet::NodeFleet(WorldContext& context)
    : m_context(context)
{ }

QString NodeFleet::defaultRuntimeVersion(ContainerRuntime runtime, int kubeletMinor)
{
    switch (runtime) {
    case ContainerRuntime::Containerd:
        return kubeletMinor < 24 ? QStringLiteral("1.5.11")
            : kubeletMinor < 27  ? QStringLiteral("1.6.28")
            : kubeletMinor < 32  ? QStringLiteral("1.7.13")
                                 : QStringLiteral("2.0.5");
    case ContainerRuntime::CriO: // CRI-O versions follow Kubernetes minors
        return QStringLiteral("1.%1.2").arg(kubeletMinor);
    case ContainerRuntime::Docker:
        return kubeletMinor < 20 ? QStringLiteral("19.3.15") : QStringLiteral("20.10.24");
    }
    return {};
}

QString NodeFleet::criSocket(ContainerRuntime runtime, int kubeletMinor)
{
    switch (runtime) {
    case ContainerRuntime::Containerd:
        return QStringLiteral("unix:///run/containerd/containerd.sock");
    case ContainerRuntime::CriO:
        return QStringLiteral("unix:///var/run/crio/crio.sock");
    case ContainerRuntime::Docker: // dockershim left the kubelet in 1.24; cri-dockerd took over
        return kubeletMinor < 24 ? QStringLiteral("/var/run/dockershim.sock")
                                 : QStringLiteral("unix:///var/run/cri-dockerd.sock");
    }
    return {};
}

void NodeFleet::build()
{
    const ClusterSpec& spec = m_context.spec;
    const IdGenerator& ids = m_context.ids;
    const int minor = m_context.minorVersion;
    // The cluster was created months ago; its nodes were (re)created since, as upgrades do.
    const qint64 clusterAge = ids.range(ids.key(spec.name, QStringLiteral("cluster-age")), 40, 700) * Day;
    QHash<QString, int> perSubnet;
    for (int g = 0; g < spec.nodeGroups.size(); ++g) {
        const NodeGroupSpec& group = spec.nodeGroups.at(g);
        for (int i = 0; i < group.count; ++i) {
            SimNode node;
            node.group = g;
            node.indexInGroup = i;
            node.name = spec.name + QLatin1Char('-') + group.name + QLatin1Char('-')
                + QStringLiteral("%1").arg(i + 1, 2, 10, QLatin1Char('0'));
            const quint64 key = ids.key(QStringLiteral("node"), node.name);
            node.uid = ids.uid(key);
            node.createdMs = group.controlPlane
                ? -clusterAge + ids.range(key, 60, 600) * 1000
                : -ids.range(key + 1, 1, int(clusterAge / Day)) * Day - ids.range(key + 2, 0, 86399) * 1000;
            if (!group.zones.isEmpty())
                node.zone = group.zones.at(i % group.zones.size());
            if (!group.racks.isEmpty())
                node.rack = group.racks.at(i % group.racks.size());
            const QString subnetText
                = group.subnets.isEmpty() ? QStringLiteral("10.0.0.0/16") : group.subnets.at(i % group.subnets.size());
            node.subnet = *Cidr::parse(subnetText);
            node.ip = node.subnet.host(10 + perSubnet[subnetText]++);
            node.controlPlane = group.controlPlane;
            node.routeReflector = group.routeReflector;
            node.runtime = group.runtime;
            node.kubeletVersion = group.kubeletVersion.isEmpty() ? spec.kubernetesVersion : group.kubeletVersion;
            const int kubeletMinor = SystemWorkloads::minorVersion(node.kubeletVersion);
            node.runtimeVersion = group.runtimeVersion.isEmpty() ? defaultRuntimeVersion(group.runtime, kubeletMinor)
                                                                 : group.runtimeVersion;
            node.osImage = group.osImage.isEmpty() ? defaultOsImage(group.runtime, kubeletMinor) : group.osImage;
            node.kernelVersion = group.kernelVersion.isEmpty() ? defaultKernel(node.osImage) : group.kernelVersion;
            node.architecture = group.architecture;
            node.handlers = group.runtimeHandlers;
            node.cpu = group.cpu;
            node.memory = Quantity::parse(group.memory).value_or(32.0 * 1024 * 1024 * 1024);
            node.maxPods = group.maxPods;
            node.readyChangedMs = node.memoryChangedMs = node.diskChangedMs = node.pidChangedMs
                = node.createdMs + 20000;
            node.problemDetector = group.nodeProblemDetector.value_or(spec.nodeProblemDetector);
            node.runtimeHealthChangedMs = node.createdMs + 60000; // NPD's first report after it started

            QMap<QString, QString>& l = node.labels;
            l.insert(QStringLiteral("beta.kubernetes.io/arch"), node.architecture);
            l.insert(QStringLiteral("beta.kubernetes.io/os"), QStringLiteral("linux"));
            l.insert(QStringLiteral("kubernetes.io/arch"), node.architecture);
            l.insert(QStringLiteral("kubernetes.io/hostname"), node.name);
            l.insert(QStringLiteral("kubernetes.io/os"), QStringLiteral("linux"));
            if (!node.zone.isEmpty()) {
                l.insert(QStringLiteral("topology.kubernetes.io/zone"), node.zone);
                if (minor < 21)
                    l.insert(QStringLiteral("failure-domain.beta.kubernetes.io/zone"), node.zone);
            }
            if (!spec.region.isEmpty())
                l.insert(QStringLiteral("topology.kubernetes.io/region"), spec.region);
            if (!node.rack.isEmpty())
                l.insert(QStringLiteral("rack"), node.rack);
            if (node.controlPlane) {
                if (minor >= 20)
                    l.insert(QStringLiteral("node-role.kubernetes.io/control-plane"), QString());
                if (minor < 24)
                    l.insert(QStringLiteral("node-role.kubernetes.io/master"), QString());
                l.insert(QStringLiteral("node.kubernetes.io/exclude-from-external-load-balancers"), QString());
            } else {
                l.insert(QStringLiteral("node-role.kubernetes.io/worker"), QString());
            }
            if (node.routeReflector)
                l.insert(QStringLiteral("route-reflector"), QStringLiteral("true"));
            for (const QString& handler : std::as_const(node.handlers)) {
                if (handler.startsWith(QLatin1String("kata")))
                    l.insert(QStringLiteral("katacontainers.io/kata-runtime"), QStringLiteral("true"));
                else if (handler == QLatin1String("runsc") || handler == QLatin1String("gvisor"))
                    l.insert(QStringLiteral("sandbox.gke.io/runtime"), QStringLiteral("gvisor"));
            }
            for (auto it = group.labels.cbegin(); it != group.labels.cend(); ++it)
                l.insert(it.key(), it.value());
            m_byName.insert(node.name, int(m_nodes.size()));
            m_nodes.push_back(node);
        }
    }
}

int NodeFleet::indexOf(const QString& name) const
{
    return m_byName.value(name, -1);
}

bool NodeFleet::isSchedulable(const SimNode& node) const
{
    return isReady(node) && !node.controlPlane && node.memoryPressure == 0 && node.diskPressure == 0
        && node.pidPressure == 0;
}

void NodeFleet::nodeEvent(
    const SimNode& node, const QString& reason, bool fromKubelet, bool warning, const QString& message)
{
    // The kubelet names its node by name, uid included; the node controller uses the real uid.
    InvolvedObject object { QStringLiteral("Node"), QString(), QString(), node.name, fromKubelet ? node.name : node.uid,
        {} };
    m_context.events.record(m_context.clock.now(), object, warning, reason,
        message.isEmpty() ? QStringLiteral("Node %1 status is now: %2").arg(node.name, reason) : message,
        fromKubelet ? QStringLiteral("kubelet") : QStringLiteral("node-controller"),
        fromKubelet ? node.name : QString());
}

bool NodeFleet::applyFault(int index, FaultType type, bool on)
{
    SimNode& node = m_nodes[index];
    const qint64 now = m_context.clock.now();
    const int delta = on ? 1 : -1;
    node.dirty = true;
    switch (type) {
    case FaultType::NodeNotReady: {
        const bool wasReady = isReady(node);
        node.notReady = std::max(0, node.notReady + delta);
        if (wasReady == isReady(node))
            return false;
        node.readyChangedMs = now;
        ++node.evictionGeneration;
        if (!isReady(node)) {
            nodeEvent(node, QStringLiteral("NodeNotReady"), false);
            // The taint manager evicts pods that do not tolerate unreachable after 300 s.
            m_context.clock.schedule(now + 300000, TimerKind::Eviction, index, node.evictionGeneration);
        } else {
            nodeEvent(node, QStringLiteral("NodeReady"), true);
        }
        return true;
    }
    case FaultType::NodeMemoryPressure:
        node.memoryPressure = std::max(0, node.memoryPressure + delta);
        if ((node.memoryPressure > 0) == on && (node.memoryPressure == 1 || !on)) {
            node.memoryChangedMs = now;
            nodeEvent(node,
                on ? QStringLiteral("NodeHasInsufficientMemory") : QStringLiteral("NodeHasSufficientMemory"), true);
            if (on)
                nodeEvent(node, QStringLiteral("EvictionThresholdMet"), true, true,
                    QStringLiteral("Attempting to reclaim memory"));
        }
        return false;
    case FaultType::NodeDiskPressure:
        node.diskPressure = std::max(0, node.diskPressure + delta);
        if ((node.diskPressure > 0) == on && (node.diskPressure == 1 || !on)) {
            node.diskChangedMs = now;
            nodeEvent(node, on ? QStringLiteral("NodeHasDiskPressure") : QStringLiteral("NodeHasNoDiskPressure"), true);
            if (on)
                nodeEvent(node, QStringLiteral("EvictionThresholdMet"), true, true,
                    QStringLiteral("Attempting to reclaim ephemeral-storage"));
        }
        return false;
    case FaultType::NodePIDPressure:
        node.pidPressure = std::max(0, node.pidPressure + delta);
        if ((node.pidPressure > 0) == on && (node.pidPressure == 1 || !on)) {
            node.pidChangedMs = now;
            nodeEvent(
                node, on ? QStringLiteral("NodeHasInsufficientPID") : QStringLiteral("NodeHasSufficientPID"), true);
            if (on)
                nodeEvent(node, QStringLiteral("EvictionThresholdMet"), true, true,
                    QStringLiteral("Attempting to reclaim pids"));
        }
        return false;
    default:
        return false;
    }
}

void NodeFleet::applyRuntimeHealthFault(int index, const FaultSpec& fault, bool on)
{
    SimNode& node = m_nodes[index];
    const bool was = node.runtimeUnhealthy > 0;
    node.runtimeUnhealthy = std::max(0, node.runtimeUnhealthy + (on ? 1 : -1));
    const bool unhealthy = node.runtimeUnhealthy > 0;
    if (was == unhealthy || !node.problemDetector)
        return;
    const qint64 now = m_context.clock.now();
    node.dirty = true;
    node.runtimeHealthChangedMs = now;
    if (unhealthy) {
        // The reasons of NPD's health-checker-containerd.json / health-checker-docker.json, and
        // the health checker's own output as the message.
        QString reason = QStringLiteral("ContainerdUnhealthy");
        QString message = QStringLiteral("cri:containerd was found unhealthy; repair flag : true");
        if (node.runtime == ContainerRuntime::Docker) {
            reason = QStringLiteral("DockerUnhealthy");
            message = QStringLiteral("docker:docker was found unhealthy; repair flag : true");
        } else if (node.runtime == ContainerRuntime::CriO) {
            reason = QStringLiteral("CrioUnhealthy");
            message = QStringLiteral("cri:crio was found unhealthy; repair flag : true");
        }
        node.runtimeUnhealthyReason = fault.reason.isEmpty() ? reason : fault.reason;
        node.runtimeUnhealthyMessage = fault.message.isEmpty() ? message : fault.message;
    }
    // NPD reports a condition change as an event of its monitor, about the node by name.
    const InvolvedObject object { QStringLiteral("Node"), QString(), QString(), node.name, node.name, {} };
    m_context.events.record(now, object, unhealthy,
        unhealthy ? node.runtimeUnhealthyReason : QStringLiteral("ContainerRuntimeIsHealthy"),
        unhealthy ? node.runtimeUnhealthyMessage
                  : QStringLiteral("Container runtime on the node is functioning properly"),
        QStringLiteral("health-checker"), node.name);
}

void NodeFleet::appendProblemDetectorConditions(const SimNode& node, QJsonArray& out) const
{
    const KubeJson& j = m_context.json;
    // NPD lives on the node: when the node is lost its conditions keep their last heartbeat.
    const QString heartbeat = j.time(isReady(node) ? m_context.clock.now() : node.readyChangedMs);
    const auto condition
        = [&](const char* type, bool problem, qint64 changedMs, const QString& reason, const QString& message) {
              out.append(QJsonObject {
                  { QStringLiteral("type"), QLatin1String(type) },
                  { QStringLiteral("status"), problem ? QStringLiteral("True") : QStringLiteral("False") },
                  { QStringLiteral("lastHeartbeatTime"), heartbeat },
                  { QStringLiteral("lastTransitionTime"), j.time(changedMs) },
                  { QStringLiteral("reason"), reason },
                  { QStringLiteral("message"), message },
              });
          };
    const qint64 started = node.createdMs + 60000;
    // kernel-monitor.json, then systemd-monitor-counter.json, then the runtime health checker.
    condition("KernelDeadlock", false, started, QStringLiteral("KernelHasNoDeadlock"),
        QStringLiteral("kernel has no deadlock"));
    condition("ReadonlyFilesystem", false, started, QStringLiteral("FilesystemIsNotReadOnly"),
        QStringLiteral("Filesystem is not read-only"));
    condition("FrequentKubeletRestart", false, started, QStringLiteral("NoFrequentKubeletRestart"),
        QStringLiteral("kubelet is functioning properly"));
    condition("FrequentDockerRestart", false, started, QStringLiteral("NoFrequentDockerRestart"),
        QStringLiteral("docker is functioning properly"));
    condition("FrequentContainerdRestart", false, started, QStringLiteral("NoFrequentContainerdRestart"),
        QStringLiteral("containerd is functioning properly"));
    const bool unhealthy = node.runtimeUnhealthy > 0;
    condition("ContainerRuntimeUnhealthy", unhealthy, node.runtimeHealthChangedMs,
        unhealthy ? node.runtimeUnhealthyReason : QStringLiteral("ContainerRuntimeIsHealthy"),
        unhealthy ? node.runtimeUnhealthyMessage
                  : QStringLiteral("Container runtime on the node is functioning properly"));
}

QJsonArray NodeFleet::conditions(const SimNode& node, const QString& networkReason, const QString& networkMessage) const
{
    const KubeJson& j = m_context.json;
    const qint64 now = m_context.clock.now();
    const bool lost = !isReady(node);
    // A node that stopped posting status keeps its last heartbeat; the controller marks all Unknown.
    const QString heartbeat = j.time(lost ? node.readyChangedMs : now);
    const auto condition = [&](const char* type, bool problem, qint64 changedMs, const char* okReason,
                               const char* okMessage, const char* badReason, const char* badMessage, bool healthyTrue) {
        QJsonObject c {
            { QStringLiteral("type"), QLatin1String(type) },
            { QStringLiteral("lastHeartbeatTime"), heartbeat },
        };
        if (lost) {
            c.insert(QStringLiteral("status"), QStringLiteral("Unknown"));
            c.insert(QStringLiteral("reason"), QStringLiteral("NodeStatusUnknown"));
            c.insert(QStringLiteral("message"), QStringLiteral("Kubelet stopped posting node status."));
            c.insert(QStringLiteral("lastTransitionTime"), j.time(node.readyChangedMs));
            return c;
        }
        const bool status = healthyTrue ? !problem : problem;
        c.insert(QStringLiteral("status"), status ? QStringLiteral("True") : QStringLiteral("False"));
        c.insert(QStringLiteral("reason"), QLatin1String(problem ? badReason : okReason));
        c.insert(QStringLiteral("message"), QLatin1String(problem ? badMessage : okMessage));
        c.insert(QStringLiteral("lastTransitionTime"), j.time(changedMs));
        return c;
    };
    QJsonArray out;
    if (node.problemDetector)
        appendProblemDetectorConditions(node, out);
    if (!networkReason.isEmpty()) {
        // Written once by the CNI agent, so no kubelet heartbeat.
        out.append(QJsonObject {
            { QStringLiteral("type"), QStringLiteral("NetworkUnavailable") },
            { QStringLiteral("status"), QStringLiteral("False") },
            { QStringLiteral("reason"), networkReason },
            { QStringLiteral("message"), networkMessage },
            { QStringLiteral("lastHeartbeatTime"), j.time(node.createdMs + 30000) },
            { QStringLiteral("lastTransitionTime"), j.time(node.createdMs + 30000) },
        });
    }
    out.append(condition("MemoryPressure", node.memoryPressure > 0, node.memoryChangedMs, "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available", "KubeletHasInsufficientMemory",
        "kubelet has insufficient memory available", false));
    out.append(condition("DiskPressure", node.diskPressure > 0, node.diskChangedMs, "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure", "KubeletHasDiskPressure", "kubelet has disk pressure", false));
    out.append(condition("PIDPressure", node.pidPressure > 0, node.pidChangedMs, "KubeletHasSufficientPID",
        "kubelet has sufficient PID available", "KubeletHasInsufficientPID", "kubelet has insufficient PID available",
        false));
    out.append(condition("Ready", false, node.readyChangedMs, "KubeletReady", "kubelet is posting ready status",
        "KubeletNotReady", "", true));
    return out;
}

QJsonArray NodeFleet::taints(const SimNode& node) const
{
    QJsonArray out;
    const KubeJson& j = m_context.json;
    const auto taint = [&](const QString& key, const char* effect, qint64 addedMs) {
        QJsonObject t { { QStringLiteral("key"), key }, { QStringLiteral("effect"), QLatin1String(effect) } };
        if (addedMs != LLONG_MIN)
            t.insert(QStringLiteral("timeAdded"), j.time(addedMs));
        out.append(t);
    };
    if (node.controlPlane) {
        if (m_context.minorVersion >= 24)
            taint(QStringLiteral("node-role.kubernetes.io/control-plane"), "NoSchedule", LLONG_MIN);
        if (m_context.minorVersion < 25)
            taint(QStringLiteral("node-role.kubernetes.io/master"), "NoSchedule", LLONG_MIN);
    }
    if (!isReady(node)) {
        taint(QStringLiteral("node.kubernetes.io/unreachable"), "NoSchedule", node.readyChangedMs);
        taint(QStringLiteral("node.kubernetes.io/unreachable"), "NoExecute", node.readyChangedMs + 5000);
    }
    if (node.memoryPressure > 0)
        taint(QStringLiteral("node.kubernetes.io/memory-pressure"), "NoSchedule", node.memoryChangedMs);
    if (node.diskPressure > 0)
        taint(QStringLiteral("node.kubernetes.io/disk-pressure"), "NoSchedule", node.diskChangedMs);
    if (node.pidPressure > 0)
        taint(QStringLiteral("node.kubernetes.io/pid-pressure"), "NoSchedule", node.pidChangedMs);
    return out;
}

QJsonObject NodeFleet::json(const SimNode& node, const QMap<QString, QString>& networkAnnotations,
    const QString& networkReason, const QString& networkMessage) const
{
    const KubeJson& j = m_context.json;
    const IdGenerator& ids = m_context.ids;
    const int kubeletMinor = SystemWorkloads::minorVersion(node.kubeletVersion);
    const quint64 key = ids.key(QStringLiteral("node"), node.name);

    QMap<QString, QString> annotations = networkAnnotations;
    annotations.insert(QStringLiteral("kubeadm.alpha.kubernetes.io/cri-socket"), criSocket(node.runtime, kubeletMinor));
    annotations.insert(QStringLiteral("node.alpha.kubernetes.io/ttl"), QStringLiteral("0"));
    annotations.insert(
        QStringLiteral("volumes.kubernetes.io/controller-managed-attach-detach"), QStringLiteral("true"));
    QJsonObject metadata = j.metadata(node.name, {}, node.uid, node.createdMs, node.labels, annotations);
    metadata.insert(QStringLiteral("managedFields"),
        j.managedFields(
            QStringLiteral("kubelet"), QStringLiteral("v1"), node.readyChangedMs, QStringLiteral("status")));

    QJsonObject spec;
    if (node.podCidr.prefix() < 32) {
        spec.insert(QStringLiteral("podCIDR"), node.podCidr.toString());
        spec.insert(QStringLiteral("podCIDRs"), QJsonArray { node.podCidr.toString() });
    }
    const QJsonArray taintList = taints(node);
    if (!taintList.isEmpty())
        spec.insert(QStringLiteral("taints"), taintList);

    const qint64 memKi = qint64(node.memory / 1024);
    const int reservedMilli = 90 + int(node.cpu) * 10;
    const QJsonObject capacity {
        { QStringLiteral("cpu"), QString::number(int(node.cpu)) },
        { QStringLiteral("ephemeral-storage"), QStringLiteral("101430960Ki") },
        { QStringLiteral("hugepages-1Gi"), QStringLiteral("0") },
        { QStringLiteral("hugepages-2Mi"), QStringLiteral("0") },
        { QStringLiteral("memory"), QString(QString::number(memKi) + QStringLiteral("Ki")) },
        { QStringLiteral("pods"), QString::number(node.maxPods) },
    };
    const QJsonObject allocatable {
        { QStringLiteral("cpu"), QString(QString::number(int(node.cpu * 1000) - reservedMilli) + QLatin1Char('m')) },
        { QStringLiteral("ephemeral-storage"), QStringLiteral("93478772582") },
        { QStringLiteral("hugepages-1Gi"), QStringLiteral("0") },
        { QStringLiteral("hugepages-2Mi"), QStringLiteral("0") },
        { QStringLiteral("memory"), QString(QString::number(memKi - 1024 * 512) + QStringLiteral("Ki")) },
        { QStringLiteral("pods"), QString::number(node.maxPods) },
    };
    QJsonObject nodeInfo {
        { QStringLiteral("architecture"), node.architecture },
        { QStringLiteral("bootID"), ids.uid(key + 7) },
        { QStringLiteral("containerRuntimeVersion"),
            QString(runtimeName(node.runtime) + QStringLiteral("://") + node.runtimeVersion) },
        { QStringLiteral("kernelVersion"), node.kernelVersion },
        { QStringLiteral("kubeProxyVersion"), node.kubeletVersion },
        { QStringLiteral("kubeletVersion"), node.kubeletVersion },
        { QStringLiteral("machineID"), ids.hex(key + 8, 32) },
        { QStringLiteral("operatingSystem"), QStringLiteral("linux") },
        { QStringLiteral("osImage"), node.osImage },
        { QStringLiteral("systemUUID"), ids.uid(key + 9).toUpper() },
    };
    QJsonObject status {
        { QStringLiteral("addresses"),
            QJsonArray {
                QJsonObject { { QStringLiteral("type"), QStringLiteral("InternalIP") },
                    { QStringLiteral("address"), Cidr::address(node.ip) } },
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("Hostname") }, { QStringLiteral("address"), node.name } },
            } },
        { QStringLiteral("allocatable"), allocatable },
        { QStringLiteral("capacity"), capacity },
        { QStringLiteral("conditions"), conditions(node, networkReason, networkMessage) },
        { QStringLiteral("daemonEndpoints"),
            QJsonObject { { QStringLiteral("kubeletEndpoint"), QJsonObject { { QStringLiteral("Port"), 10250 } } } } },
        { QStringLiteral("nodeInfo"), nodeInfo },
    };
    if (kubeletMinor >= 30) {
        // The CRI reports its handlers since 1.30; the default handler has the empty name.
        QJsonArray handlers;
        QStringList names { QString(), QStringLiteral("runc") };
        names += node.handlers;
        for (const QString& name : std::as_const(names))
            handlers.append(QJsonObject {
                { QStringLiteral("name"), name },
                { QStringLiteral("features"),
                    QJsonObject {
                        { QStringLiteral("recursiveReadOnlyMounts"), node.runtime == ContainerRuntime::Containerd },
                        { QStringLiteral("userNamespaces"), false } } },
            });
        status.insert(QStringLiteral("runtimeHandlers"), handlers);
    }
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("Node") },
        { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"), spec },
        { QStringLiteral("status"), status },
    };
}

} // namespace minato::sim
