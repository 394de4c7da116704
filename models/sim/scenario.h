// SPDX-License-Identifier: Apache-2.0
#pragma once

// A scenario describes a simulated fleet: its clusters, what runs in them, how load moves
// over time and which faults strike when. docs/scenario.md documents every key. The structs
// hold parsed, validated values; the world (ClusterWorld) turns them into API objects.

#include "util/expected.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace minato::sim {

using Millis = std::chrono::milliseconds;

enum class ContainerRuntime
{
    Containerd,
    CriO,
    Docker
};
enum class CniPlugin
{
    Calico,
    Flannel
};
enum class EncapsulationMode
{
    Never,
    Always,
    CrossSubnet
}; // Calico ipipMode / vxlanMode
enum class FlannelBackend
{
    Vxlan,
    HostGw,
    Wireguard,
    // net-conf.json without a Backend: flannel falls back to udp (a misconfiguration to show)
    Unset,
};
enum class WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet
};
enum class MetricSourceType
{
    Resource,
    Pods,
    External
};
enum class MetricTargetType
{
    Utilization,
    AverageValue,
    Value
};

enum class FaultType
{
    NodeNotReady,
    NodeMemoryPressure,
    NodeDiskPressure,
    NodePIDPressure,
    CrashLoopBackOff,
    ImagePullBackOff,
    CreateContainerError,
    RunContainerError,
    OOMKilled,
    MetricsApiUnavailable, // metrics-server down: HPAs report FailedGetResourceMetric
    CustomMetricsAdapterMissing, // custom/external metrics APIs gone: FailedGetPodsMetric / FailedGetExternalMetric
    Unreachable,
    TokenRevoked,
    Forbidden,
    SlowResponses,
    Throttled,
    BgpPeerDown, // a scenario BGP peer (a top-of-rack router) stops answering
    ContainerRuntimeUnhealthy, // node-problem-detector's health checker finds the runtime unhealthy
};

// Names as written in scenario files ("containerd", "CrossSubnet", "host-gw", "NodeNotReady" …).
QString runtimeName(ContainerRuntime runtime);
QString encapsulationModeName(EncapsulationMode mode);
QString flannelBackendName(FlannelBackend backend);
QString workloadKindName(WorkloadKind kind);
QString metricSourceTypeName(MetricSourceType type);
QString metricTargetTypeName(MetricTargetType type);
QString faultTypeName(FaultType type);
QList<FaultType> allFaultTypes();

struct ResourceListSpec
{
    QString cpu; // Kubernetes quantities as written: "250m", "1", "512Mi"; empty = not set
    QString memory;
    bool isEmpty() const { return cpu.isEmpty() && memory.isEmpty(); }
};

// How long a pod takes from PodScheduled to its containers' state.running.startedAt when its
// image is already on the node: the sandbox (volumes excepted) plus creating and starting the
// containers. Lognormal: half the starts are faster than the median, sigma sets the tail.
struct StartLatencySpec
{
    Millis median { 0 }; // 0: not set (the runtime's or handler's default applies)
    double sigma = -1; // < 0: the default's spread
    bool isSet() const { return median.count() > 0; }
};

struct NodeGroupSpec
{
    QString name; // nodes are named "<cluster>-<group>-<NN>", NN from 01
    int count = 0;
    bool controlPlane = false;
    QStringList zones; // node i is in zones[i % size]
    QStringList racks; // node i is in racks[i % size]
    QStringList subnets; // node i takes its InternalIP from subnets[i % size]
    QString kubeletVersion; // empty: the cluster's version
    ContainerRuntime runtime = ContainerRuntime::Containerd;
    QString runtimeVersion; // empty: a version typical for the runtime
    QStringList runtimeHandlers; // extra CRI handlers on these nodes, e.g. "kata", "runsc"
    QString osImage;
    QString kernelVersion;
    QString architecture = QStringLiteral("amd64");
    int cpu = 8; // cores
    QString memory = QStringLiteral("32Gi");
    int maxPods = 110;
    bool routeReflector = false; // Calico: these nodes reflect routes (label route-reflector=true)
    QMap<QString, QString> labels;
    std::optional<bool> nodeProblemDetector; // unset: the cluster's nodeProblemDetector
    StartLatencySpec startLatency; // pods on the runtime's default handler (runc); unset: the runtime's default
    int line = 0;
};

struct IpPoolSpec
{
    QString name;
    QString cidr;
    EncapsulationMode ipipMode = EncapsulationMode::Never;
    EncapsulationMode vxlanMode = EncapsulationMode::Never;
    bool natOutgoing = true;
    int blockSize = 26;
    QString nodeSelector = QStringLiteral("all()");
    bool disabled = false;
    int line = 0;
};

struct BgpPeerSpec
{
    QString name;
    QString peerIP; // an external router; empty when peerSelector names Calico nodes
    quint32 asNumber = 0;
    QString nodeSelector; // Calico selector; empty = every node (a global peer)
    QString peerSelector; // route-reflector pattern: peer with the Calico nodes selected
    QString state = QStringLiteral("Established"); // BIRD state as CalicoNodeStatus reports it
    int line = 0;
};

struct CalicoSpec
{
    QString version = QStringLiteral("v3.27.3");
    QList<IpPoolSpec> ipPools;
    bool nodeToNodeMesh = true;
    quint32 asNumber = 64512;
    QString routeReflectorClusterID; // set on nodes with routeReflector
    QList<BgpPeerSpec> peers;
    int vethMtu = 0; // 0 = auto-detect, as calico-config's veth_mtu
    bool wireguard = false;
};

struct FlannelSpec
{
    QString version = QStringLiteral("v0.25.6");
    FlannelBackend backend = FlannelBackend::Vxlan;
    QString network = QStringLiteral("10.244.0.0/16");
    int subnetLen = 24;
    int vni = 1;
    bool directRouting = false;
    QString nameSpace = QStringLiteral("kube-flannel"); // older installs used kube-system
};

struct CniSpec
{
    CniPlugin plugin = CniPlugin::Calico;
    CalicoSpec calico;
    FlannelSpec flannel;
};

struct RuntimeClassSpec
{
    QString name;
    QString handler;
    ResourceListSpec overhead;
    QMap<QString, QString> nodeSelector;
    StartLatencySpec startLatency; // unset: the handler's default (kata*, runsc) or the node's
    int line = 0;
};

struct ProbeSpec
{
    enum class Kind
    {
        None,
        HttpGet,
        TcpSocket,
        Exec
    };
    Kind kind = Kind::None;
    QString path; // HttpGet
    int port = 0; // HttpGet / TcpSocket; 0 = the container port
    QStringList command; // Exec
    int initialDelaySeconds = 0;
    int periodSeconds = 10;
    bool isSet() const { return kind != Kind::None; }
};

struct VolumeClaimSpec
{
    QString name;
    QString size = QStringLiteral("10Gi");
    QString storageClass = QStringLiteral("standard");
    QString accessMode = QStringLiteral("ReadWriteOnce");
    QString mountPath;
};

struct HostPathSpec
{
    QString path;
    QString mountPath;
    QString type; // "", Directory, DirectoryOrCreate, File, Socket …
};

struct WorkloadSpec
{
    QString name;
    QString nameSpace = QStringLiteral("default");
    WorkloadKind kind = WorkloadKind::Deployment;
    int replicas = 1;
    QString image;
    int containerPort = 0; // 0 = none
    ResourceListSpec requests;
    ResourceListSpec limits;
    ProbeSpec liveness;
    ProbeSpec readiness;
    QList<VolumeClaimSpec> volumeClaims; // StatefulSet: claim templates; Deployment: one shared claim each
    QList<HostPathSpec> hostPaths;
    bool privileged = false;
    bool hostNetwork = false; // the pod uses the node's address
    bool service = true; // a ClusterIP Service in front (headless for StatefulSets)
    QString serviceName; // empty: the workload's name
    int servicePort = 0; // 0: the container port
    QString runtimeClass; // spec.runtimeClassName
    QString priorityClassName;
    QMap<QString, QString> labels; // also the selector; empty: app.kubernetes.io/name=<name>
    double cpuLoad = 0.3; // fraction of the CPU request used when no HPA drives it
    Millis churn { 0 }; // > 0: each pod is deleted after about this long and replaced (pod churn)
    int line = 0;
};

struct MetricSpec
{
    MetricSourceType type = MetricSourceType::Resource;
    QString name; // Resource: cpu | memory; Pods/External: the metric name
    MetricTargetType targetType = MetricTargetType::Utilization;
    double target = 0; // percent for Utilization; base units (cores, bytes, plain) otherwise
    QMap<QString, QString> selector; // Pods/External metric selector (matchLabels)
    double share = 1.0; // this metric's demand relative to the load curve
    int line = 0;
};

struct ScalingPolicySpec
{
    QString type; // Pods | Percent
    int value = 0;
    int periodSeconds = 15;
};

struct ScalingRulesSpec
{
    int stabilizationWindowSeconds = -1; // -1: the Kubernetes default (0 up, 300 down)
    QString selectPolicy; // empty: Max
    QList<ScalingPolicySpec> policies; // empty: the Kubernetes defaults
};

struct LoadPoint
{
    Millis at { 0 };
    double demand = 0;
};

// Demand is measured in "pods running exactly at the metric target": with demand 6 an HPA
// settles at 6 replicas. Points are interpolated linearly; with a period the curve repeats.
struct LoadCurve
{
    QList<LoadPoint> points;
    Millis period { 0 };
    Millis offset { 0 }; // the world starts this far into the curve
    double noise = 0; // relative jitter, deterministic per seed
    double demandAt(Millis t) const;
    bool isEmpty() const { return points.isEmpty(); }
};

struct HpaSpec
{
    QString name;
    QString nameSpace;
    QString target; // workload name in the same namespace
    int minReplicas = 1;
    int maxReplicas = 0;
    QList<MetricSpec> metrics;
    ScalingRulesSpec scaleUp;
    ScalingRulesSpec scaleDown;
    LoadCurve load;
    int line = 0;
};

struct FaultSpec
{
    FaultType type = FaultType::NodeNotReady;
    Millis at { 0 }; // start, from the world's start
    Millis duration { -1 }; // negative: until the end
    Millis repeat { 0 }; // > 0: the window recurs with this period
    QString node; // node faults: full node name or "<group>-<NN>"
    QString workload; // pod faults
    QString nameSpace;
    int pods = 1; // pod faults: how many pods of the workload; 0 = all
    QStringList resources; // Forbidden: resource keys as ObjectSink names them
    int latencyMs = 0; // SlowResponses
    int retryAfterSeconds = 1; // Throttled
    QString message; // optional override of the runtime's message
    int line = 0;
    QString peer; // BgpPeerDown: the peer's name in the cni section
    QString reason; // ContainerRuntimeUnhealthy: the condition's reason (default by runtime)
    bool activeAt(Millis t) const;
};

// An object served verbatim: a YAML or JSON document from the scenario.
struct LiteralObject
{
    QString resource; // "pods", "widgets.example.com" …
    QJsonObject object;
    int line = 0;
};

struct ClusterSpec
{
    QString name, team, environment, kubernetesVersion;
    QString region;
    QMap<QString, QString> labels;
    QList<NodeGroupSpec> nodeGroups;
    CniSpec cni;
    QString serviceCidr = QStringLiteral("10.96.0.0/12");
    QList<RuntimeClassSpec> runtimeClasses;
    bool metricsServer = true;
    bool customMetricsAdapter = false; // custom.metrics.k8s.io (e.g. prometheus-adapter)
    bool externalMetricsAdapter = false; // external.metrics.k8s.io (e.g. KEDA)
    bool systemWorkloads = true; // coredns, kube-proxy, CNI agents, metrics-server
    bool nodeProblemDetector = false; // node-problem-detector on every node (node groups may override)
    QList<WorkloadSpec> workloads;
    QList<HpaSpec> hpas;
    QList<FaultSpec> faults;
    QList<LiteralObject> objects;
    int line = 0;

    int nodeCount() const;
    int workloadReplicaCount() const; // the initial replicas of the scenario's own workloads
    bool hasFault(FaultType type) const;
};

struct Scenario
{
    QString name;
    QString description;
    quint64 seed = 1;
    QString fileName;
    QList<ClusterSpec> clusters;

    // Errors are KubeError{ErrorKind::Config}: message "file:line: what" (the first problem),
    // detail every problem found, one per line.
    static minato::Expected<Scenario> load(const QString& path);
    static minato::Expected<Scenario> parse(const QByteArray& yaml, const QString& fileName);
    // The same, reporting every problem in errors (empty on success).
    static Scenario parse(const QByteArray& yaml, const QString& fileName, QStringList* errors);
    // A fleet grown for benchmarks: `clusters` clusters cycling through base's, each with
    // about podsPerCluster pods; nodes, HPAs and workloads grow proportionally.
    static Scenario scaled(const Scenario& base, int clusters, int podsPerCluster);
};

} // namespace minato::sim
