// SPDX-License-Identifier: Apache-2.0
#include "sim/systemworkloads.h"

namespace minato::sim {

namespace {

    WorkloadSpec component(
        const QString& name, const QString& nameSpace, WorkloadKind kind, const QString& image, const QString& appLabel)
    {
        WorkloadSpec w;
        w.name = name;
        w.nameSpace = nameSpace;
        w.kind = kind;
        w.image = image;
        w.labels.insert(QStringLiteral("k8s-app"), appLabel);
        w.priorityClassName = kind == WorkloadKind::DaemonSet ? QStringLiteral("system-node-critical")
                                                              : QStringLiteral("system-cluster-critical");
        w.service = false;
        w.cpuLoad = 0.15;
        return w;
    }

    HostPathSpec hostPath(const char* path, const char* mountPath, const char* type = "")
    {
        return HostPathSpec { QString::fromLatin1(path), QString::fromLatin1(mountPath), QString::fromLatin1(type) };
    }

} // namespace

int SystemWorkloads::minorVersion(const QString& version)
{
    const QString v = version.startsWith(QLatin1Char('v')) ? version.mid(1) : version;
    return v.section(QLatin1Char('.'), 1, 1).section(QLatin1Char('-'), 0, 0).section(QLatin1Char('+'), 0, 0).toInt();
}

QString SystemWorkloads::registry(const QString& kubernetesVersion)
{
    return minorVersion(kubernetesVersion) < 25 ? QStringLiteral("k8s.gcr.io") : QStringLiteral("registry.k8s.io");
}

QList<WorkloadSpec> SystemWorkloads::forCluster(const ClusterSpec& cluster)
{
    QList<WorkloadSpec> out;
    if (!cluster.systemWorkloads)
        return out;
    const QString registry = SystemWorkloads::registry(cluster.kubernetesVersion);
    const int minor = minorVersion(cluster.kubernetesVersion);
    const QString kubeSystem = QStringLiteral("kube-system");

    WorkloadSpec dns = component(QStringLiteral("coredns"), kubeSystem, WorkloadKind::Deployment,
        registry
            + (minor < 21        ? QStringLiteral("/coredns:1.7.0")
                    : minor < 25 ? QStringLiteral("/coredns/coredns:v1.8.6")
                                 : QStringLiteral("/coredns/coredns:v1.11.1")),
        QStringLiteral("kube-dns"));
    dns.replicas = 2;
    dns.containerPort = 53;
    dns.requests = { QStringLiteral("100m"), QStringLiteral("70Mi") };
    dns.limits = { {}, QStringLiteral("170Mi") };
    dns.liveness = { ProbeSpec::Kind::HttpGet, QStringLiteral("/health"), 8080, {}, 60, 10 };
    dns.readiness = { ProbeSpec::Kind::HttpGet, QStringLiteral("/ready"), 8181, {}, 0, 10 };
    dns.service = true;
    dns.serviceName = QStringLiteral("kube-dns");
    out.append(dns);

    WorkloadSpec proxy = component(QStringLiteral("kube-proxy"), kubeSystem, WorkloadKind::DaemonSet,
        registry + QStringLiteral("/kube-proxy:") + cluster.kubernetesVersion, QStringLiteral("kube-proxy"));
    proxy.privileged = true;
    proxy.hostNetwork = true;
    proxy.hostPaths = { hostPath("/run/xtables.lock", "/run/xtables.lock", "FileOrCreate"),
        hostPath("/lib/modules", "/lib/modules") };
    out.append(proxy);

    if (cluster.cni.plugin == CniPlugin::Calico) {
        const QString version = cluster.cni.calico.version;
        WorkloadSpec node = component(QStringLiteral("calico-node"), kubeSystem, WorkloadKind::DaemonSet,
            QStringLiteral("docker.io/calico/node:") + version, QStringLiteral("calico-node"));
        node.requests = { QStringLiteral("250m"), {} };
        node.privileged = true;
        node.hostNetwork = true;
        node.liveness = { ProbeSpec::Kind::Exec, {}, 0,
            { QStringLiteral("/bin/calico-node"), QStringLiteral("-felix-live"), QStringLiteral("-bird-live") }, 10,
            10 };
        node.readiness = { ProbeSpec::Kind::Exec, {}, 0,
            { QStringLiteral("/bin/calico-node"), QStringLiteral("-felix-ready"), QStringLiteral("-bird-ready") }, 0,
            10 };
        node.hostPaths = { hostPath("/lib/modules", "/lib/modules"),
            hostPath("/var/run/calico", "/var/run/calico", "DirectoryOrCreate"),
            hostPath("/var/lib/calico", "/var/lib/calico", "DirectoryOrCreate"),
            hostPath("/run/xtables.lock", "/run/xtables.lock", "FileOrCreate"),
            hostPath("/opt/cni/bin", "/host/opt/cni/bin", "DirectoryOrCreate"),
            hostPath("/etc/cni/net.d", "/host/etc/cni/net.d") };
        out.append(node);
        WorkloadSpec controllers = component(QStringLiteral("calico-kube-controllers"), kubeSystem,
            WorkloadKind::Deployment, QStringLiteral("docker.io/calico/kube-controllers:") + version,
            QStringLiteral("calico-kube-controllers"));
        controllers.readiness = { ProbeSpec::Kind::Exec, {}, 0,
            { QStringLiteral("/usr/bin/check-status"), QStringLiteral("-r") }, 0, 10 };
        out.append(controllers);
    } else {
        const FlannelSpec& flannel = cluster.cni.flannel;
        WorkloadSpec ds = component(QStringLiteral("kube-flannel-ds"), flannel.nameSpace, WorkloadKind::DaemonSet,
            QStringLiteral("docker.io/flannel/flannel:") + flannel.version, QStringLiteral("flannel"));
        ds.labels.insert(QStringLiteral("app"), QStringLiteral("flannel"));
        ds.requests = { QStringLiteral("100m"), QStringLiteral("50Mi") };
        ds.privileged = true;
        ds.hostNetwork = true;
        ds.hostPaths = { hostPath("/run/flannel", "/run/flannel"), hostPath("/opt/cni/bin", "/opt/cni/bin"),
            hostPath("/etc/cni/net.d", "/etc/cni/net.d"),
            hostPath("/run/xtables.lock", "/run/xtables.lock", "FileOrCreate") };
        out.append(ds);
    }

    if (cluster.metricsServer) {
        WorkloadSpec ms = component(QStringLiteral("metrics-server"), kubeSystem, WorkloadKind::Deployment,
            registry + QStringLiteral("/metrics-server/metrics-server:v0.7.1"), QStringLiteral("metrics-server"));
        ms.containerPort = 10250;
        ms.servicePort = 443;
        ms.requests = { QStringLiteral("100m"), QStringLiteral("200Mi") };
        ms.liveness = { ProbeSpec::Kind::HttpGet, QStringLiteral("/livez"), 10250, {}, 0, 10 };
        ms.readiness = { ProbeSpec::Kind::HttpGet, QStringLiteral("/readyz"), 10250, {}, 20, 10 };
        ms.service = true;
        out.append(ms);
    }
    if (cluster.customMetricsAdapter) {
        WorkloadSpec adapter = component(QStringLiteral("prometheus-adapter"), QStringLiteral("monitoring"),
            WorkloadKind::Deployment, registry + QStringLiteral("/prometheus-adapter/prometheus-adapter:v0.11.2"),
            QStringLiteral("prometheus-adapter"));
        adapter.containerPort = 6443;
        adapter.servicePort = 443;
        adapter.requests = { QStringLiteral("102m"), QStringLiteral("180Mi") };
        adapter.service = true;
        out.append(adapter);
    }
    if (cluster.externalMetricsAdapter) {
        WorkloadSpec keda = component(QStringLiteral("keda-operator-metrics-apiserver"), QStringLiteral("keda"),
            WorkloadKind::Deployment, QStringLiteral("ghcr.io/kedacore/keda-metrics-apiserver:2.14.0"),
            QStringLiteral("keda-operator-metrics-apiserver"));
        keda.containerPort = 6443;
        keda.servicePort = 443;
        keda.requests = { QStringLiteral("100m"), QStringLiteral("100Mi") };
        keda.limits = { QStringLiteral("1"), QStringLiteral("1000Mi") };
        keda.service = true;
        out.append(keda);
    }
    return out;
}

} // namespace minato::sim
