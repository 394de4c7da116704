// SPDX-License-Identifier: Apache-2.0
#include "sim/scenario.h"

#include "sim/scenarioparser.h"
#include "sim/systemworkloads.h"

#include <QFile>
#include <QSet>

#include <cmath>

namespace minato::sim {

QString runtimeName(ContainerRuntime runtime)
{
    switch (runtime) {
    case ContainerRuntime::Containerd:
        return QStringLiteral("containerd");
    case ContainerRuntime::CriO:
        return QStringLiteral("cri-o");
    case ContainerRuntime::Docker:
        return QStringLiteral("docker");
    }
    return {};
}

QString encapsulationModeName(EncapsulationMode mode)
{
    switch (mode) {
    case EncapsulationMode::Never:
        return QStringLiteral("Never");
    case EncapsulationMode::Always:
        return QStringLiteral("Always");
    case EncapsulationMode::CrossSubnet:
        return QStringLiteral("CrossSubnet");
    }
    return {};
}

QString flannelBackendName(FlannelBackend backend)
{
    switch (backend) {
    case FlannelBackend::Vxlan:
        return QStringLiteral("vxlan");
    case FlannelBackend::HostGw:
        return QStringLiteral("host-gw");
    case FlannelBackend::Wireguard:
        return QStringLiteral("wireguard");
    case FlannelBackend::Unset:
        return QStringLiteral("unset");
    }
    return {};
}

QString workloadKindName(WorkloadKind kind)
{
    switch (kind) {
    case WorkloadKind::Deployment:
        return QStringLiteral("Deployment");
    case WorkloadKind::StatefulSet:
        return QStringLiteral("StatefulSet");
    case WorkloadKind::DaemonSet:
        return QStringLiteral("DaemonSet");
    }
    return {};
}

QString metricSourceTypeName(MetricSourceType type)
{
    switch (type) {
    case MetricSourceType::Resource:
        return QStringLiteral("Resource");
    case MetricSourceType::Pods:
        return QStringLiteral("Pods");
    case MetricSourceType::External:
        return QStringLiteral("External");
    }
    return {};
}

QString metricTargetTypeName(MetricTargetType type)
{
    switch (type) {
    case MetricTargetType::Utilization:
        return QStringLiteral("Utilization");
    case MetricTargetType::AverageValue:
        return QStringLiteral("AverageValue");
    case MetricTargetType::Value:
        return QStringLiteral("Value");
    }
    return {};
}

QString faultTypeName(FaultType type)
{
    switch (type) {
    case FaultType::NodeNotReady:
        return QStringLiteral("NodeNotReady");
    case FaultType::NodeMemoryPressure:
        return QStringLiteral("NodeMemoryPressure");
    case FaultType::NodeDiskPressure:
        return QStringLiteral("NodeDiskPressure");
    case FaultType::NodePIDPressure:
        return QStringLiteral("NodePIDPressure");
    case FaultType::CrashLoopBackOff:
        return QStringLiteral("CrashLoopBackOff");
    case FaultType::ImagePullBackOff:
        return QStringLiteral("ImagePullBackOff");
    case FaultType::CreateContainerError:
        return QStringLiteral("CreateContainerError");
    case FaultType::RunContainerError:
        return QStringLiteral("RunContainerError");
    case FaultType::OOMKilled:
        return QStringLiteral("OOMKilled");
    case FaultType::MetricsApiUnavailable:
        return QStringLiteral("MetricsApiUnavailable");
    case FaultType::CustomMetricsAdapterMissing:
        return QStringLiteral("CustomMetricsAdapterMissing");
    case FaultType::Unreachable:
        return QStringLiteral("Unreachable");
    case FaultType::TokenRevoked:
        return QStringLiteral("TokenRevoked");
    case FaultType::Forbidden:
        return QStringLiteral("Forbidden");
    case FaultType::SlowResponses:
        return QStringLiteral("SlowResponses");
    case FaultType::Throttled:
        return QStringLiteral("Throttled");
    case FaultType::BgpPeerDown:
        return QStringLiteral("BgpPeerDown");
    case FaultType::ContainerRuntimeUnhealthy:
        return QStringLiteral("ContainerRuntimeUnhealthy");
    }
    return {};
}

QList<FaultType> allFaultTypes()
{
    return { FaultType::NodeNotReady, FaultType::NodeMemoryPressure, FaultType::NodeDiskPressure,
        FaultType::NodePIDPressure, FaultType::CrashLoopBackOff, FaultType::ImagePullBackOff,
        FaultType::CreateContainerError, FaultType::RunContainerError, FaultType::OOMKilled,
        FaultType::MetricsApiUnavailable, FaultType::CustomMetricsAdapterMissing, FaultType::Unreachable,
        FaultType::TokenRevoked, FaultType::Forbidden, FaultType::SlowResponses, FaultType::Throttled,
        FaultType::BgpPeerDown, FaultType::ContainerRuntimeUnhealthy };
}

double LoadCurve::demandAt(Millis t) const
{
    if (points.isEmpty())
        return 0;
    qint64 ms = t.count() + offset.count();
    if (period.count() > 0) {
        ms %= period.count();
        if (ms < 0)
            ms += period.count();
    }
    if (ms <= points.first().at.count())
        return points.first().demand;
    for (qsizetype i = 1; i < points.size(); ++i) {
        const LoadPoint& a = points.at(i - 1);
        const LoadPoint& b = points.at(i);
        if (ms <= b.at.count()) {
            const double f = double(ms - a.at.count()) / double(b.at.count() - a.at.count());
            return a.demand + f * (b.demand - a.demand);
        }
    }
    const LoadPoint& last = points.last();
    if (period.count() <= 0)
        return last.demand;
    // Wrap towards the first point so a repeating curve has no jump.
    const double span = double(period.count() - last.at.count());
    const double f = span <= 0 ? 1.0 : double(ms - last.at.count()) / span;
    return last.demand + f * (points.first().demand - last.demand);
}

bool FaultSpec::activeAt(Millis t) const
{
    if (t < at)
        return false;
    if (repeat.count() > 0)
        return (t - at).count() % repeat.count() < duration.count();
    return duration.count() < 0 || t < at + duration;
}

int ClusterSpec::nodeCount() const
{
    int n = 0;
    for (const NodeGroupSpec& g : nodeGroups)
        n += g.count;
    return n;
}

int ClusterSpec::workloadReplicaCount() const
{
    int n = 0;
    for (const WorkloadSpec& w : workloads)
        n += w.kind == WorkloadKind::DaemonSet ? nodeCount() : w.replicas;
    return n;
}

bool ClusterSpec::hasFault(FaultType type) const
{
    for (const FaultSpec& f : faults)
        if (f.type == type)
            return true;
    return false;
}

minato::Expected<Scenario> Scenario::load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return KubeError::make(
            ErrorKind::Config, path + QStringLiteral(":0: cannot read the scenario: ") + file.errorString());
    return parse(file.readAll(), path);
}

minato::Expected<Scenario> Scenario::parse(const QByteArray& yaml, const QString& fileName)
{
    QStringList errors;
    Scenario scenario = parse(yaml, fileName, &errors);
    if (!errors.isEmpty()) {
        QString message = errors.first();
        if (errors.size() > 1)
            message += QStringLiteral(" (and %1 more problems)").arg(errors.size() - 1);
        return KubeError::make(ErrorKind::Config, message, errors.join(QLatin1Char('\n')));
    }
    return scenario;
}

Scenario Scenario::parse(const QByteArray& yaml, const QString& fileName, QStringList* errors)
{
    ScenarioParser parser(fileName);
    Scenario scenario = parser.parse(yaml);
    if (errors)
        *errors = parser.errors();
    return scenario;
}

namespace {

    // Grows (or shrinks) one cluster towards podsPerCluster pods: one node per ~30 pods, and the
    // scenario's workloads (with their HPAs) cloned until their replicas add up.
    void grow(ClusterSpec& cluster, int podsPerCluster)
    {
        const int wantedNodes = std::max(cluster.nodeCount(), int(std::ceil(podsPerCluster / 30.0)));
        int workerGroup = -1;
        for (int i = 0; i < cluster.nodeGroups.size(); ++i)
            if (!cluster.nodeGroups.at(i).controlPlane
                && (workerGroup < 0 || cluster.nodeGroups.at(i).count > cluster.nodeGroups.at(workerGroup).count))
                workerGroup = i;
        if (workerGroup >= 0)
            cluster.nodeGroups[workerGroup].count += wantedNodes - cluster.nodeCount();

        int systemPods = 0;
        for (const WorkloadSpec& w : SystemWorkloads::forCluster(cluster))
            systemPods += w.kind == WorkloadKind::DaemonSet ? cluster.nodeCount() : w.replicas;
        const int wanted = std::max(1, podsPerCluster - systemPods);
        const QList<WorkloadSpec> base = cluster.workloads;
        const QList<HpaSpec> baseHpas = cluster.hpas;
        const qsizetype hpaBudget = std::max<qsizetype>(baseHpas.size(), podsPerCluster / 100);
        if (base.isEmpty())
            return;
        int current = cluster.workloadReplicaCount();
        if (current > wanted) {
            const double factor = double(wanted) / current;
            for (WorkloadSpec& w : cluster.workloads)
                if (w.kind != WorkloadKind::DaemonSet)
                    w.replicas = std::max(1, int(std::floor(w.replicas * factor)));
            return;
        }
        for (int copy = 1; current < wanted; ++copy) {
            for (const WorkloadSpec& original : base) {
                if (current >= wanted || original.kind == WorkloadKind::DaemonSet)
                    continue;
                WorkloadSpec w = original;
                w.name = QStringLiteral("%1-s%2").arg(original.name.left(50)).arg(copy);
                w.replicas = std::min(std::max(1, original.replicas), wanted - current);
                current += w.replicas;
                cluster.workloads.append(w);
                // About one HPA per hundred pods, as in busy real clusters; the other copies keep
                // fixed replicas. Each clone's load curve is shifted so they do not move in step.
                for (const HpaSpec& hpa : baseHpas) {
                    if (hpa.target != original.name || hpa.nameSpace != original.nameSpace
                        || cluster.hpas.size() >= hpaBudget)
                        continue;
                    HpaSpec clone = hpa;
                    clone.name = QStringLiteral("%1-s%2").arg(hpa.name.left(50)).arg(copy);
                    clone.target = w.name;
                    clone.load.offset = Millis((copy * 37000LL) % std::max<qint64>(60000, clone.load.period.count()));
                    cluster.hpas.append(clone);
                }
            }
        }
    }

} // namespace

Scenario Scenario::scaled(const Scenario& base, int clusters, int podsPerCluster)
{
    Scenario out = base;
    out.clusters.clear();
    if (base.clusters.isEmpty() || clusters <= 0)
        return out;
    QSet<QString> names;
    for (int i = 0; i < clusters; ++i) {
        ClusterSpec cluster = base.clusters.at(i % base.clusters.size());
        if (i >= base.clusters.size())
            cluster.name = QStringLiteral("%1-%2")
                               .arg(cluster.name.left(56))
                               .arg(i / base.clusters.size(), 3, 10, QLatin1Char('0'));
        if (podsPerCluster > 0)
            grow(cluster, podsPerCluster);
        names.insert(cluster.name);
        out.clusters.append(cluster);
    }
    return out;
}

} // namespace minato::sim
