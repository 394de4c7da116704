// SPDX-License-Identifier: Apache-2.0
#include "sim/podjson.h"

#include "sim/cidr.h"

#include <QJsonArray>

namespace minato::sim {

namespace {

    QJsonObject probeJson(const ProbeSpec& probe, int containerPort)
    {
        QJsonObject o;
        const int port = probe.port > 0 ? probe.port : containerPort;
        switch (probe.kind) {
        case ProbeSpec::Kind::HttpGet:
            o.insert(QStringLiteral("httpGet"),
                QJsonObject { { QStringLiteral("path"), probe.path }, { QStringLiteral("port"), port },
                    { QStringLiteral("scheme"), QStringLiteral("HTTP") } });
            break;
        case ProbeSpec::Kind::TcpSocket:
            o.insert(QStringLiteral("tcpSocket"), QJsonObject { { QStringLiteral("port"), port } });
            break;
        case ProbeSpec::Kind::Exec:
            o.insert(QStringLiteral("exec"),
                QJsonObject { { QStringLiteral("command"), QJsonArray::fromStringList(probe.command) } });
            break;
        case ProbeSpec::Kind::None:
            return o;
        }
        o.insert(QStringLiteral("initialDelaySeconds"), probe.initialDelaySeconds);
        o.insert(QStringLiteral("periodSeconds"), probe.periodSeconds);
        o.insert(QStringLiteral("timeoutSeconds"), 1);
        o.insert(QStringLiteral("successThreshold"), 1);
        o.insert(QStringLiteral("failureThreshold"), 3);
        return o;
    }

    QJsonObject resourceList(const ResourceListSpec& r)
    {
        QJsonObject o;
        if (!r.cpu.isEmpty())
            o.insert(QStringLiteral("cpu"), r.cpu);
        if (!r.memory.isEmpty())
            o.insert(QStringLiteral("memory"), r.memory);
        return o;
    }

    QString volumeName(const QString& path)
    {
        QString name = path;
        name.replace(QLatin1Char('/'), QLatin1Char('-'));
        name.replace(QLatin1Char('.'), QLatin1Char('-'));
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        return name.toLower().left(60);
    }

    QString portName(int port)
    {
        switch (port) {
        case 53:
            return QStringLiteral("dns");
        case 3306:
            return QStringLiteral("mysql");
        case 5432:
            return QStringLiteral("postgres");
        case 6379:
            return QStringLiteral("redis");
        case 9092:
            return QStringLiteral("kafka");
        case 27017:
            return QStringLiteral("mongodb");
        case 443:
        case 6443:
        case 8443:
        case 10250:
            return QStringLiteral("https");
        default:
            return QStringLiteral("http");
        }
    }

    QJsonObject toleration(const char* key, const char* effect, int seconds = -1)
    {
        QJsonObject t {
            { QStringLiteral("key"), QLatin1String(key) },
            { QStringLiteral("operator"), QStringLiteral("Exists") },
            { QStringLiteral("effect"), QLatin1String(effect) },
        };
        if (seconds >= 0)
            t.insert(QStringLiteral("tolerationSeconds"), seconds);
        return t;
    }

} // namespace

PodJson::PodJson(WorldContext& context, const PodLifecycle& lifecycle)
    : m_context(context)
    , m_lifecycle(lifecycle)
{ }

int PodJson::priority(const QString& priorityClassName)
{
    if (priorityClassName == QLatin1String("system-node-critical"))
        return 2000001000;
    if (priorityClassName == QLatin1String("system-cluster-critical"))
        return 2000000000;
    return 0;
}

QString PodJson::qosClass(const SimWorkload& w)
{
    if (w.spec.requests.isEmpty() && w.spec.limits.isEmpty())
        return QStringLiteral("BestEffort");
    const QString cpuRequest = w.spec.requests.cpu.isEmpty() ? w.spec.limits.cpu : w.spec.requests.cpu;
    const QString memoryRequest = w.spec.requests.memory.isEmpty() ? w.spec.limits.memory : w.spec.requests.memory;
    if (!w.spec.limits.cpu.isEmpty() && !w.spec.limits.memory.isEmpty() && cpuRequest == w.spec.limits.cpu
        && memoryRequest == w.spec.limits.memory)
        return QStringLiteral("Guaranteed");
    return QStringLiteral("Burstable");
}

QMap<QString, QString> PodJson::podLabels(const SimPod& pod, const SimWorkload& w) const
{
    QMap<QString, QString> labels = w.selector;
    switch (w.spec.kind) {
    case WorkloadKind::Deployment:
        labels.insert(QStringLiteral("pod-template-hash"), w.templateHash);
        break;
    case WorkloadKind::StatefulSet:
        labels.insert(QStringLiteral("controller-revision-hash"), w.templateHash);
        labels.insert(QStringLiteral("statefulset.kubernetes.io/pod-name"), pod.name);
        if (m_context.minorVersion >= 28)
            labels.insert(QStringLiteral("apps.kubernetes.io/pod-index"), QString::number(pod.ordinal));
        break;
    case WorkloadKind::DaemonSet:
        labels.insert(QStringLiteral("controller-revision-hash"), w.templateHash.section(QLatin1Char('-'), -1));
        labels.insert(QStringLiteral("pod-template-generation"), QStringLiteral("1"));
        break;
    }
    return labels;
}

QString PodJson::containerId(const SimPod& pod, const SimNode& node, quint32 sequence) const
{
    const QString scheme = node.runtime == ContainerRuntime::CriO ? QStringLiteral("cri-o") : runtimeName(node.runtime);
    return scheme + QStringLiteral("://")
        + m_context.ids.hex(m_context.ids.key(pod.uid, QStringLiteral("container"), {}, sequence), 64);
}

QString PodJson::qualifiedImage(const QString& image)
{
    const qsizetype slash = image.indexOf(QLatin1Char('/'));
    const QString first = slash < 0 ? QString() : image.left(slash);
    const bool hasRegistry
        = first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) || first == QLatin1String("localhost");
    if (hasRegistry)
        return image;
    return QStringLiteral("docker.io/") + (slash < 0 ? QStringLiteral("library/") : QString()) + image;
}

QString PodJson::imageId(const SimWorkload& w, const SimNode& node) const
{
    // The repository is everything before the tag's colon (a registry may have a port).
    QString repository = w.spec.image.section(QLatin1Char('@'), 0, 0);
    const qsizetype slash = repository.lastIndexOf(QLatin1Char('/'));
    const qsizetype colon = repository.lastIndexOf(QLatin1Char(':'));
    if (colon > slash)
        repository.truncate(colon);
    const QString digest
        = QStringLiteral("@sha256:") + m_context.ids.hex(m_context.ids.key(QStringLiteral("image"), w.spec.image), 64);
    if (node.runtime == ContainerRuntime::Docker)
        return QStringLiteral("docker-pullable://") + repository + digest;
    return qualifiedImage(repository) + digest;
}

const QJsonObject& PodJson::containerTemplate(const SimWorkload& w, int workloadIndex)
{
    auto found = m_containers.constFind(workloadIndex);
    if (found != m_containers.cend())
        return *found;
    const WorkloadSpec& s = w.spec;
    QJsonObject c {
        { QStringLiteral("name"), PodLifecycle::containerName(w) },
        { QStringLiteral("image"), s.image },
        { QStringLiteral("imagePullPolicy"),
            s.image.endsWith(QLatin1String(":latest")) ? QStringLiteral("Always") : QStringLiteral("IfNotPresent") },
        { QStringLiteral("resources"), QJsonObject {} },
        { QStringLiteral("terminationMessagePath"), QStringLiteral("/dev/termination-log") },
        { QStringLiteral("terminationMessagePolicy"), QStringLiteral("File") },
    };
    QJsonObject resources;
    if (!s.requests.isEmpty())
        resources.insert(QStringLiteral("requests"), resourceList(s.requests));
    if (!s.limits.isEmpty())
        resources.insert(QStringLiteral("limits"), resourceList(s.limits));
    c.insert(QStringLiteral("resources"), resources);
    if (s.containerPort > 0)
        c.insert(QStringLiteral("ports"),
            QJsonArray { QJsonObject {
                { QStringLiteral("containerPort"), s.containerPort },
                { QStringLiteral("name"), portName(s.containerPort) },
                { QStringLiteral("protocol"), s.containerPort == 53 ? QStringLiteral("UDP") : QStringLiteral("TCP") },
            } });
    if (s.liveness.isSet())
        c.insert(QStringLiteral("livenessProbe"), probeJson(s.liveness, s.containerPort));
    if (s.readiness.isSet())
        c.insert(QStringLiteral("readinessProbe"), probeJson(s.readiness, s.containerPort));
    if (s.privileged)
        c.insert(QStringLiteral("securityContext"), QJsonObject { { QStringLiteral("privileged"), true } });
    QJsonArray mounts;
    for (const VolumeClaimSpec& claim : s.volumeClaims)
        mounts.append(
            QJsonObject { { QStringLiteral("name"), claim.name }, { QStringLiteral("mountPath"), claim.mountPath } });
    for (const HostPathSpec& h : s.hostPaths)
        mounts.append(QJsonObject {
            { QStringLiteral("name"), volumeName(h.path) }, { QStringLiteral("mountPath"), h.mountPath } });
    c.insert(QStringLiteral("volumeMounts"), mounts);
    return *m_containers.insert(workloadIndex, c);
}

QJsonObject PodJson::podSpec(const SimPod& pod, const SimWorkload& w, int workloadIndex, const SimNode* node)
{
    const WorkloadSpec& s = w.spec;
    QJsonObject container = containerTemplate(w, workloadIndex);
    QJsonArray volumes;
    for (const VolumeClaimSpec& claim : s.volumeClaims) {
        const QString claimName = s.kind == WorkloadKind::StatefulSet ? QString(claim.name + QLatin1Char('-') + s.name
                                      + QLatin1Char('-') + QString::number(std::max(0, pod.ordinal)))
                                                                      : QString(s.name + QLatin1Char('-') + claim.name);
        volumes.append(QJsonObject { { QStringLiteral("name"), claim.name },
            { QStringLiteral("persistentVolumeClaim"), QJsonObject { { QStringLiteral("claimName"), claimName } } } });
    }
    for (const HostPathSpec& h : s.hostPaths) {
        QJsonObject hostPath { { QStringLiteral("path"), h.path } };
        if (!h.type.isEmpty())
            hostPath.insert(QStringLiteral("type"), h.type);
        volumes.append(
            QJsonObject { { QStringLiteral("name"), volumeName(h.path) }, { QStringLiteral("hostPath"), hostPath } });
    }
    if (!pod.name.isEmpty()) {
        // Since 1.21 the service account token is a projected volume with a per-pod name.
        const QString tokenVolume
            = (m_context.minorVersion >= 21 ? QStringLiteral("kube-api-access-") : QStringLiteral("default-token-"))
            + m_context.ids.suffix(m_context.ids.key(pod.uid, QStringLiteral("token")), 5);
        QJsonArray mounts = container.value(QLatin1String("volumeMounts")).toArray();
        mounts.append(QJsonObject { { QStringLiteral("name"), tokenVolume },
            { QStringLiteral("mountPath"), QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount") },
            { QStringLiteral("readOnly"), true } });
        container.insert(QStringLiteral("volumeMounts"), mounts);
        if (m_context.minorVersion >= 21)
            volumes.append(QJsonObject {
                { QStringLiteral("name"), tokenVolume },
                { QStringLiteral("projected"),
                    QJsonObject {
                        { QStringLiteral("defaultMode"), 420 },
                        { QStringLiteral("sources"),
                            QJsonArray {
                                QJsonObject { { QStringLiteral("serviceAccountToken"),
                                    QJsonObject { { QStringLiteral("expirationSeconds"), 3607 },
                                        { QStringLiteral("path"), QStringLiteral("token") } } } },
                                QJsonObject { { QStringLiteral("configMap"),
                                    QJsonObject { { QStringLiteral("name"), QStringLiteral("kube-root-ca.crt") },
                                        { QStringLiteral("items"),
                                            QJsonArray {
                                                QJsonObject { { QStringLiteral("key"), QStringLiteral("ca.crt") },
                                                    { QStringLiteral("path"), QStringLiteral("ca.crt") } } } } } } },
                            } },
                    } },
            });
        else
            volumes.append(QJsonObject { { QStringLiteral("name"), tokenVolume },
                { QStringLiteral("secret"),
                    QJsonObject {
                        { QStringLiteral("defaultMode"), 420 }, { QStringLiteral("secretName"), tokenVolume } } } });
    }
    QJsonArray tolerations;
    if (s.kind == WorkloadKind::DaemonSet) {
        // What the DaemonSet controller adds so its pods survive node trouble.
        tolerations = QJsonArray { toleration("node.kubernetes.io/not-ready", "NoExecute"),
            toleration("node.kubernetes.io/unreachable", "NoExecute"),
            toleration("node.kubernetes.io/disk-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/memory-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/pid-pressure", "NoSchedule"),
            toleration("node.kubernetes.io/unschedulable", "NoSchedule") };
        if (s.hostNetwork)
            tolerations.append(toleration("node.kubernetes.io/network-unavailable", "NoSchedule"));
        if (w.system)
            tolerations.append(QJsonObject { { QStringLiteral("operator"), QStringLiteral("Exists") } });
    } else {
        tolerations = QJsonArray { toleration("node.kubernetes.io/not-ready", "NoExecute", 300),
            toleration("node.kubernetes.io/unreachable", "NoExecute", 300) };
    }
    const QString serviceAccount = w.system ? s.name : QStringLiteral("default");
    QJsonObject spec {
        { QStringLiteral("containers"), QJsonArray { container } },
        { QStringLiteral("dnsPolicy"),
            s.hostNetwork
                ? QStringLiteral("ClusterFirstWithHostNet")
                : (s.name == QLatin1String("coredns") ? QStringLiteral("Default") : QStringLiteral("ClusterFirst")) },
        { QStringLiteral("enableServiceLinks"), true },
        { QStringLiteral("preemptionPolicy"), QStringLiteral("PreemptLowerPriority") },
        { QStringLiteral("priority"), priority(s.priorityClassName) },
        { QStringLiteral("restartPolicy"), QStringLiteral("Always") },
        { QStringLiteral("schedulerName"), QStringLiteral("default-scheduler") },
        { QStringLiteral("securityContext"), QJsonObject {} },
        { QStringLiteral("serviceAccount"), serviceAccount },
        { QStringLiteral("serviceAccountName"), serviceAccount },
        { QStringLiteral("terminationGracePeriodSeconds"), 30 },
        { QStringLiteral("tolerations"), tolerations },
        { QStringLiteral("volumes"), volumes },
    };
    if (s.hostNetwork)
        spec.insert(QStringLiteral("hostNetwork"), true);
    if (!s.priorityClassName.isEmpty())
        spec.insert(QStringLiteral("priorityClassName"), s.priorityClassName);
    if (!s.runtimeClass.isEmpty()) {
        spec.insert(QStringLiteral("runtimeClassName"), s.runtimeClass);
        for (const RuntimeClassSpec& rc : m_context.spec.runtimeClasses) {
            if (rc.name != s.runtimeClass)
                continue;
            if (!rc.overhead.isEmpty())
                spec.insert(QStringLiteral("overhead"), resourceList(rc.overhead));
            if (!rc.nodeSelector.isEmpty())
                spec.insert(QStringLiteral("nodeSelector"), KubeJson::stringMap(rc.nodeSelector));
        }
    }
    if (s.kind == WorkloadKind::StatefulSet && !pod.name.isEmpty()) {
        spec.insert(QStringLiteral("hostname"), pod.name);
        spec.insert(QStringLiteral("subdomain"), s.serviceName.isEmpty() ? s.name : s.serviceName);
    }
    if (node) {
        spec.insert(QStringLiteral("nodeName"), node->name);
        if (s.kind == WorkloadKind::DaemonSet)
            spec.insert(QStringLiteral("affinity"),
                QJsonObject { { QStringLiteral("nodeAffinity"),
                    QJsonObject { { QStringLiteral("requiredDuringSchedulingIgnoredDuringExecution"),
                        QJsonObject { { QStringLiteral("nodeSelectorTerms"),
                            QJsonArray { QJsonObject { { QStringLiteral("matchFields"),
                                QJsonArray { QJsonObject { { QStringLiteral("key"), QStringLiteral("metadata.name") },
                                    { QStringLiteral("operator"), QStringLiteral("In") },
                                    { QStringLiteral("values"), QJsonArray { node->name } } } } } } } } } } } } });
    }
    return spec;
}

QJsonObject PodJson::podTemplate(const SimWorkload& w, int workloadIndex)
{
    SimPod none;
    QJsonObject spec = podSpec(none, w, workloadIndex, nullptr);
    spec.remove(QStringLiteral("serviceAccount"));
    QMap<QString, QString> labels = w.selector;
    if (w.spec.kind == WorkloadKind::Deployment)
        labels.insert(QStringLiteral("pod-template-hash"), w.templateHash);
    return QJsonObject {
        { QStringLiteral("metadata"),
            QJsonObject { { QStringLiteral("creationTimestamp"), QJsonValue::Null },
                { QStringLiteral("labels"),
                    KubeJson::stringMap(w.spec.kind == WorkloadKind::Deployment ? w.selector : labels) } } },
        { QStringLiteral("spec"), spec },
    };
}

QJsonObject PodJson::containerStatus(const SimPod& pod, const SimWorkload& w, const SimNode& node) const
{
    const KubeJson& j = m_context.json;
    // containerd and CRI-O report Docker Hub images fully qualified; Docker keeps them short.
    const QString image = node.runtime == ContainerRuntime::Docker ? w.spec.image : qualifiedImage(w.spec.image);
    const bool everStarted = pod.containerSequence > 0;
    QJsonObject s {
        { QStringLiteral("name"), PodLifecycle::containerName(w) },
        { QStringLiteral("image"), image },
        { QStringLiteral("imageID"), everStarted || pod.stage == PodStage::CreateError ? imageId(w, node) : QString() },
        { QStringLiteral("ready"), pod.ready },
        { QStringLiteral("restartCount"), pod.restartCount },
        { QStringLiteral("started"), pod.stage == PodStage::Running },
        { QStringLiteral("lastState"), QJsonObject {} },
    };
    const auto waiting = [](const QString& reason, const QString& message = {}) {
        QJsonObject w { { QStringLiteral("reason"), reason } };
        if (!message.isEmpty())
            w.insert(QStringLiteral("message"), message);
        return QJsonObject { { QStringLiteral("waiting"), w } };
    };
    switch (pod.stage) {
    case PodStage::Unschedulable:
    case PodStage::Scheduling:
    case PodStage::Creating:
        s.insert(QStringLiteral("state"), waiting(QStringLiteral("ContainerCreating")));
        break;
    case PodStage::Running:
        s.insert(QStringLiteral("state"),
            QJsonObject { { QStringLiteral("running"),
                QJsonObject { { QStringLiteral("startedAt"), j.time(pod.startedMs) } } } });
        break;
    case PodStage::CrashBackOff:
        s.insert(
            QStringLiteral("state"), waiting(QStringLiteral("CrashLoopBackOff"), m_lifecycle.backOffMessage(pod, w)));
        break;
    case PodStage::ErrImagePull:
        s.insert(QStringLiteral("state"), waiting(QStringLiteral("ErrImagePull"), m_lifecycle.pullError(w, node)));
        break;
    case PodStage::ImagePullBackOff:
        s.insert(QStringLiteral("state"),
            waiting(
                QStringLiteral("ImagePullBackOff"), QStringLiteral("Back-off pulling image \"%1\"").arg(w.spec.image)));
        break;
    case PodStage::CreateError:
        s.insert(QStringLiteral("state"),
            waiting(QStringLiteral("CreateContainerError"), m_lifecycle.createError(pod, w, node)));
        break;
    case PodStage::RunError:
        s.insert(
            QStringLiteral("state"), waiting(QStringLiteral("RunContainerError"), m_lifecycle.startError(w, node)));
        break;
    }
    if (pod.stage == PodStage::Running)
        s.insert(QStringLiteral("containerID"), containerId(pod, node, pod.containerSequence));
    if (pod.lastExit != LastExit::None) {
        const quint32 lastSequence = pod.stage == PodStage::Running ? pod.containerSequence - 1 : pod.containerSequence;
        QJsonObject terminated {
            { QStringLiteral("containerID"), containerId(pod, node, lastSequence) },
            { QStringLiteral("finishedAt"), j.time(pod.lastFinishedMs) },
        };
        switch (pod.lastExit) {
        case LastExit::OOMKilled:
            terminated.insert(QStringLiteral("exitCode"), 137);
            terminated.insert(QStringLiteral("reason"), QStringLiteral("OOMKilled"));
            terminated.insert(QStringLiteral("startedAt"), j.time(pod.lastStartedMs));
            break;
        case LastExit::StartError:
            terminated.insert(QStringLiteral("exitCode"), 128);
            terminated.insert(QStringLiteral("reason"), QStringLiteral("StartError"));
            terminated.insert(QStringLiteral("message"), m_lifecycle.startError(w, node));
            terminated.insert(QStringLiteral("startedAt"), QStringLiteral("1970-01-01T00:00:00Z"));
            break;
        default:
            terminated.insert(QStringLiteral("exitCode"), 1);
            terminated.insert(QStringLiteral("reason"), QStringLiteral("Error"));
            terminated.insert(QStringLiteral("startedAt"), j.time(pod.lastStartedMs));
            break;
        }
        s.insert(QStringLiteral("lastState"), QJsonObject { { QStringLiteral("terminated"), terminated } });
        if (pod.stage != PodStage::Running && !s.contains(QLatin1String("containerID")))
            s.insert(QStringLiteral("containerID"), containerId(pod, node, lastSequence));
    }
    return s;
}

QJsonObject PodJson::status(
    const SimPod& pod, const SimWorkload& w, const SimNode* node, const QString& unschedulable) const
{
    const KubeJson& j = m_context.json;
    const QString notReady = QStringLiteral("containers with unready status: [%1]").arg(PodLifecycle::containerName(w));
    const auto condition
        = [&](const char* type, bool ok, qint64 at, const QString& reason = {}, const QString& message = {}) {
              QJsonObject c {
                  { QStringLiteral("type"), QLatin1String(type) },
                  { QStringLiteral("status"), ok ? QStringLiteral("True") : QStringLiteral("False") },
                  { QStringLiteral("lastProbeTime"), QJsonValue::Null },
                  { QStringLiteral("lastTransitionTime"), j.time(at) },
              };
              if (!reason.isEmpty())
                  c.insert(QStringLiteral("reason"), reason);
              if (!message.isEmpty())
                  c.insert(QStringLiteral("message"), message);
              return c;
          };
    QJsonObject status { { QStringLiteral("qosClass"), qosClass(w) } };
    if (!node && pod.stage == PodStage::Scheduling) {
        // Just created: the scheduler has not written its binding yet.
        status.insert(QStringLiteral("phase"), QStringLiteral("Pending"));
        return status;
    }
    if (!node) {
        status.insert(QStringLiteral("phase"), QStringLiteral("Pending"));
        status.insert(QStringLiteral("conditions"),
            QJsonArray {
                condition("PodScheduled", false, pod.createdMs, QStringLiteral("Unschedulable"), unschedulable) });
        return status;
    }
    const bool containersReady = pod.ready && !pod.nodeLost;
    const bool running = pod.stage == PodStage::Running || pod.stage == PodStage::CrashBackOff
        || (pod.stage == PodStage::RunError && pod.restartCount > 0);
    QJsonArray conditions;
    if (m_context.minorVersion >= 29) {
        // True once the sandbox is up (its network too), before any container starts.
        const bool sandbox = pod.sandboxReadyMs >= 0 || pod.stage != PodStage::Creating || pod.containerSequence > 0;
        conditions.append(condition("PodReadyToStartContainers", sandbox,
            pod.sandboxReadyMs >= 0 ? pod.sandboxReadyMs : pod.scheduledMs + (sandbox ? 1000 : 0)));
    }
    conditions.append(condition("Initialized", true, pod.scheduledMs));
    conditions.append(containersReady
            ? condition("Ready", true, pod.readyChangedMs)
            : condition("Ready", false, pod.readyChangedMs,
                pod.nodeLost ? QString() : QStringLiteral("ContainersNotReady"), pod.nodeLost ? QString() : notReady));
    conditions.append(pod.ready
            ? condition("ContainersReady", true, pod.readyChangedMs)
            : condition("ContainersReady", false, pod.readyChangedMs, QStringLiteral("ContainersNotReady"), notReady));
    conditions.append(condition("PodScheduled", true, pod.scheduledMs));
    status.insert(QStringLiteral("phase"), running ? QStringLiteral("Running") : QStringLiteral("Pending"));
    status.insert(QStringLiteral("conditions"), conditions);
    const QString hostIp = Cidr::address(node->ip);
    status.insert(QStringLiteral("hostIP"), hostIp);
    if (m_context.minorVersion >= 28)
        status.insert(QStringLiteral("hostIPs"), QJsonArray { QJsonObject { { QStringLiteral("ip"), hostIp } } });
    if (pod.ip != 0 && (pod.containerSequence > 0 || pod.sandboxReadyMs >= 0 || pod.stage != PodStage::Creating)) {
        const QString podIp = Cidr::address(pod.ip);
        status.insert(QStringLiteral("podIP"), podIp);
        status.insert(QStringLiteral("podIPs"), QJsonArray { QJsonObject { { QStringLiteral("ip"), podIp } } });
    }
    status.insert(QStringLiteral("startTime"), j.time(pod.scheduledMs));
    status.insert(QStringLiteral("containerStatuses"), QJsonArray { containerStatus(pod, w, *node) });
    return status;
}

QJsonObject PodJson::pod(const SimPod& pod, const SimWorkload& w, int workloadIndex, const SimNode* node,
    const QString& unschedulableMessage)
{
    const KubeJson& j = m_context.json;
    QMap<QString, QString> annotations;
    if (w.spec.kind == WorkloadKind::DaemonSet && w.system && w.spec.name == QLatin1String("calico-node"))
        annotations.insert(QStringLiteral("kubectl.kubernetes.io/default-container"), QStringLiteral("calico-node"));
    if ((!node || !w.spec.hostNetwork) && pod.stage != PodStage::Scheduling) {
        if (m_context.spec.cni.plugin == CniPlugin::Calico && pod.ip != 0) {
            annotations.insert(
                QStringLiteral("cni.projectcalico.org/podIP"), Cidr::address(pod.ip) + QStringLiteral("/32"));
            annotations.insert(
                QStringLiteral("cni.projectcalico.org/podIPs"), Cidr::address(pod.ip) + QStringLiteral("/32"));
            annotations.insert(QStringLiteral("cni.projectcalico.org/containerID"),
                m_context.ids.hex(m_context.ids.key(pod.uid, QStringLiteral("sandbox")), 64));
        }
    }
    QJsonObject metadata
        = j.metadata(pod.name, w.spec.nameSpace, pod.uid, pod.createdMs, podLabels(pod, w), annotations);
    if (w.spec.kind == WorkloadKind::Deployment) {
        metadata.insert(QStringLiteral("generateName"), QString(w.replicaSetName + QLatin1Char('-')));
        metadata.insert(QStringLiteral("ownerReferences"),
            QJsonArray { KubeJson::ownerReference(
                QStringLiteral("apps/v1"), QStringLiteral("ReplicaSet"), w.replicaSetName, w.replicaSetUid) });
    } else {
        if (w.spec.kind == WorkloadKind::DaemonSet)
            metadata.insert(QStringLiteral("generateName"), QString(w.spec.name + QLatin1Char('-')));
        metadata.insert(QStringLiteral("ownerReferences"),
            QJsonArray { KubeJson::ownerReference(
                QStringLiteral("apps/v1"), workloadKindName(w.spec.kind), w.spec.name, w.uid) });
    }
    if (pod.deletedMs >= 0) {
        metadata.insert(QStringLiteral("deletionTimestamp"), j.time(pod.deletedMs + 30000));
        metadata.insert(QStringLiteral("deletionGracePeriodSeconds"), 30);
    }
    metadata.insert(QStringLiteral("managedFields"),
        j.managedFields(QStringLiteral("kubelet"), QStringLiteral("v1"), std::max(pod.readyChangedMs, pod.createdMs),
            QStringLiteral("status")));
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("v1") },
        { QStringLiteral("kind"), QStringLiteral("Pod") },
        { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"), podSpec(pod, w, workloadIndex, node) },
        { QStringLiteral("status"), status(pod, w, node, unschedulableMessage) },
    };
}

} // namespace minato::sim
