// SPDX-License-Identifier: Apache-2.0
#include "sim/clusterworld.h"

#include "sim/eventrecorder.h"
#include "sim/faulttimeline.h"
#include "sim/hpaset.h"
#include "sim/leaseobjects.h"
#include "sim/idgenerator.h"
#include "sim/kubejson.h"
#include "sim/metricsserver.h"
#include "sim/networkobjects.h"
#include "sim/nodefleet.h"
#include "sim/platformobjects.h"
#include "sim/systemworkloads.h"
#include "sim/workloadcontroller.h"
#include "sim/worldclock.h"

namespace minato::sim {

namespace {

    constexpr qint64 HousekeepingPeriodMs = 60000;

    QString normalizedVersion(const QString& version)
    {
        QString v = version.isEmpty() ? QStringLiteral("v1.29.0") : version;
        if (!v.startsWith(QLatin1Char('v')))
            v.prepend(QLatin1Char('v'));
        return v;
    }

} // namespace

// Everything one cluster's world holds, wired together. The parts talk through the clock
// (timers), the event recorder and a few direct calls made here, never behind each other's back.
class WorldState
{
public:
    WorldState(const ClusterSpec& clusterSpec, quint64 seedValue, const QDateTime& start)
        : spec(clusterSpec)
        , json(start)
        , ids(IdGenerator(seedValue).key(clusterSpec.name))
        , events(json, ids)
        , context { spec, json, ids, clock, events,
            SystemWorkloads::minorVersion(normalizedVersion(clusterSpec.kubernetesVersion)) }
        , nodes(context)
        , leases(context, nodes)
        , network(context, nodes)
        , workloads(context, nodes, network)
        , hpas(context, workloads)
        , metrics(context, nodes, workloads)
        , platform(context, workloads)
        , timeline(clusterSpec.faults)
    {
        spec.kubernetesVersion = normalizedVersion(spec.kubernetesVersion);
        nodes.build();
        network.assign();
        workloads.build();
        hpas.build();
        metricsServer = workloads.indexOf(QStringLiteral("kube-system"), QStringLiteral("metrics-server"));
    }

    void seed(ObjectSink& sink);
    void advance(qint64 ms, ObjectSink& sink);

    ClusterSpec spec;
    KubeJson json;
    IdGenerator ids;
    WorldClock clock;
    EventRecorder events;
    WorldContext context;
    NodeFleet nodes;
    LeaseObjects leases;
    NetworkObjects network;
    WorkloadController workloads;
    HpaSet hpas;
    MetricsServer metrics;
    PlatformObjects platform;
    FaultTimeline timeline;
    ApiFaults api;
    int metricsServer = -1;
    int metricsFaults = 0;
    int adapterFaults = 0;
    bool seeded = false;
    bool seeding = false;

private:
    void dispatch(const Timer& timer);
    void applyFault(int index, bool on);
    void updateAvailability();
    void flush(ObjectSink& sink);
};

void WorldState::seed(ObjectSink& sink)
{
    if (seeded)
        return;
    seeding = true;
    hpas.start();
    timeline.start(clock);
    clock.schedule(MetricsServer::ScrapePeriodMs, TimerKind::Metrics, 0);
    clock.schedule(HousekeepingPeriodMs, TimerKind::Housekeeping, 0);
    clock.schedule(LeaseObjects::RenewPeriodMs, TimerKind::Leases, 0);
    // Faults already in force at the start shape the initial objects.
    while (const auto timer = clock.next(0))
        dispatch(*timer);
    updateAvailability();
    hpas.updateUsage();
    metrics.requestScrape();

    platform.seed(sink);
    for (SimNode& node : nodes.nodes()) {
        sink.put(QStringLiteral("nodes"),
            nodes.json(node, network.nodeAnnotations(node), network.networkReason(), network.networkMessage()));
        node.dirty = false;
    }
    leases.seed(sink);
    network.seed(sink);
    workloads.seed(sink);
    hpas.seed(sink);
    metrics.flush(sink, api.metricsApiAvailable);
    events.flush(sink);
    seeding = false;
    seeded = true;
}

void WorldState::advance(qint64 ms, ObjectSink& sink)
{
    if (!seeded)
        seed(sink);
    const qint64 until = clock.now() + std::max<qint64>(0, ms);
    while (const auto timer = clock.next(until))
        dispatch(*timer);
    clock.advanceTo(until);
    updateAvailability();
    flush(sink);
}

void WorldState::dispatch(const Timer& timer)
{
    switch (timer.kind) {
    case TimerKind::Pod:
        workloads.onPodTimer(timer.index, timer.generation);
        break;
    case TimerKind::PodRemoval:
        workloads.onPodRemoval(timer.index, timer.generation);
        break;
    case TimerKind::Hpa:
        updateAvailability();
        hpas.sync(timer.index);
        break;
    case TimerKind::Fault:
        applyFault(timer.index, timeline.edge(timer.index, clock));
        break;
    case TimerKind::Metrics:
        hpas.updateUsage();
        metrics.requestScrape();
        clock.schedule(clock.now() + MetricsServer::ScrapePeriodMs, TimerKind::Metrics, 0);
        break;
    case TimerKind::Eviction:
        workloads.onEviction(timer.index, timer.generation);
        break;
    case TimerKind::Housekeeping:
        events.expire(clock.now());
        clock.schedule(clock.now() + HousekeepingPeriodMs, TimerKind::Housekeeping, 0);
        break;
    case TimerKind::Leases:
        leases.renewDue();
        clock.schedule(clock.now() + LeaseObjects::RenewPeriodMs, TimerKind::Leases, 0);
        break;
    case TimerKind::Churn:
        workloads.onChurn(timer.index, timer.generation);
        break;
    }
}

void WorldState::applyFault(int index, bool on)
{
    const FaultSpec& fault = timeline.fault(index);
    const bool steady = seeding && on && clock.now() == 0;
    switch (fault.type) {
    case FaultType::NodeNotReady:
    case FaultType::NodeMemoryPressure:
    case FaultType::NodeDiskPressure:
    case FaultType::NodePIDPressure: {
        const int node = nodes.indexOf(fault.node);
        if (node < 0)
            break;
        if (nodes.applyFault(node, fault.type, on)) {
            workloads.nodeReadinessChanged(node);
            network.nodeReadinessChanged(node);
        } else if (!on) {
            workloads.retryPending();
        }
        break;
    }
    case FaultType::CrashLoopBackOff:
    case FaultType::ImagePullBackOff:
    case FaultType::CreateContainerError:
    case FaultType::RunContainerError:
    case FaultType::OOMKilled:
        workloads.applyPodFault(fault, on, steady);
        break;
    case FaultType::MetricsApiUnavailable:
        metricsFaults = std::max(0, metricsFaults + (on ? 1 : -1));
        // metrics-server stops answering its readiness probe: its Service loses its endpoints.
        if (metricsServer >= 0)
            workloads.setProbeFailing(metricsServer, metricsFaults > 0);
        break;
    case FaultType::CustomMetricsAdapterMissing:
        adapterFaults = std::max(0, adapterFaults + (on ? 1 : -1));
        platform.setAdaptersInstalled(adapterFaults == 0);
        break;
    case FaultType::BgpPeerDown:
        network.setPeerDown(fault.peer, on);
        break;
    case FaultType::ContainerRuntimeUnhealthy:
        if (const int node = nodes.indexOf(fault.node); node >= 0)
            nodes.applyRuntimeHealthFault(node, fault, on);
        break;
    case FaultType::Unreachable:
    case FaultType::TokenRevoked:
    case FaultType::Forbidden:
    case FaultType::SlowResponses:
    case FaultType::Throttled:
        break; // API-level: read through faults()
    }
    updateAvailability();
}

void WorldState::updateAvailability()
{
    const bool installed = spec.metricsServer;
    const bool endpoints = metricsServer < 0 || workloads.counts(metricsServer).ready > 0;
    const bool available = installed && metricsFaults == 0 && endpoints;
    QString reason;
    QString message;
    if (installed && !endpoints) {
        reason = QStringLiteral("MissingEndpoints");
        message = QStringLiteral(
            "endpoints for service/metrics-server in \"kube-system\" have no addresses with port name \"https\"");
    } else if (installed && !available) {
        const QString ip
            = metricsServer >= 0 ? workloads.workloads()[metricsServer].serviceIp : QStringLiteral("10.96.0.20");
        const QString url = QStringLiteral("https://%1:443/apis/metrics.k8s.io/v1beta1").arg(ip);
        reason = QStringLiteral("FailedDiscoveryCheck");
        message = QStringLiteral(
            "failing or missing response from %1: Get \"%1\": dial tcp %2:443: connect: connection refused")
                      .arg(url, ip);
    }
    platform.setMetricsAvailability(available, reason, message);
    MetricsAvailability availability;
    availability.resource = available;
    availability.resourceError = installed
        ? QStringLiteral("the server is currently unable to handle the request (get pods.metrics.k8s.io)")
        : QStringLiteral("the server could not find the requested resource (get pods.metrics.k8s.io)");
    availability.custom = spec.customMetricsAdapter && adapterFaults == 0;
    availability.external = spec.externalMetricsAdapter && adapterFaults == 0;
    hpas.setAvailability(availability);
    api = timeline.apiFaults(available);
}

void WorldState::flush(ObjectSink& sink)
{
    platform.flush(sink);
    for (SimNode& node : nodes.nodes()) {
        if (!node.dirty)
            continue;
        node.dirty = false;
        sink.put(QStringLiteral("nodes"),
            nodes.json(node, network.nodeAnnotations(node), network.networkReason(), network.networkMessage()));
    }
    leases.flush(sink);
    network.flush(sink);
    workloads.flush(sink);
    hpas.flush(sink);
    metrics.flush(sink, api.metricsApiAvailable);
    events.flush(sink);
}

ClusterWorld::ClusterWorld(const ClusterSpec& spec, quint64 seed)
    : ClusterWorld(spec, seed, QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC))
{ }

ClusterWorld::ClusterWorld(const ClusterSpec& spec, quint64 seed, const QDateTime& startTime)
    : m_state(std::make_unique<WorldState>(spec, seed, startTime))
{ }

ClusterWorld::~ClusterWorld() = default;
ClusterWorld::ClusterWorld(ClusterWorld&&) noexcept = default;
ClusterWorld& ClusterWorld::operator=(ClusterWorld&&) noexcept = default;

QString ClusterWorld::name() const
{
    return m_state->spec.name;
}

QString ClusterWorld::gitVersion() const
{
    return m_state->spec.kubernetesVersion;
}

QJsonObject ClusterWorld::versionInfo() const
{
    const QString git = gitVersion();
    const QString core = git.mid(1).section(QLatin1Char('-'), 0, 0).section(QLatin1Char('+'), 0, 0);
    const int minor = SystemWorkloads::minorVersion(git);
    // The Go release each Kubernetes minor was built with.
    static const QMap<int, QString> go { { 19, QStringLiteral("go1.15.15") }, { 20, QStringLiteral("go1.15.15") },
        { 21, QStringLiteral("go1.16.15") }, { 22, QStringLiteral("go1.16.15") }, { 23, QStringLiteral("go1.17.13") },
        { 24, QStringLiteral("go1.18.10") }, { 25, QStringLiteral("go1.19.10") }, { 26, QStringLiteral("go1.19.13") },
        { 27, QStringLiteral("go1.20.12") }, { 28, QStringLiteral("go1.20.13") }, { 29, QStringLiteral("go1.21.9") },
        { 30, QStringLiteral("go1.22.2") }, { 31, QStringLiteral("go1.22.5") }, { 32, QStringLiteral("go1.23.3") },
        { 33, QStringLiteral("go1.24.0") } };
    const IdGenerator& ids = m_state->ids;
    // Releases are built a few weeks before the cluster was created; any stable date will do.
    const QDateTime built
        = m_state->json.dateTime(-ids.range(ids.key(git, QStringLiteral("build")), 60, 900) * 86400000LL);
    return QJsonObject {
        { QStringLiteral("major"), core.section(QLatin1Char('.'), 0, 0) },
        { QStringLiteral("minor"), core.section(QLatin1Char('.'), 1, 1) },
        { QStringLiteral("gitVersion"), git },
        { QStringLiteral("gitCommit"), IdGenerator(0).hex(IdGenerator(0).key(git), 40) },
        { QStringLiteral("gitTreeState"), QStringLiteral("clean") },
        { QStringLiteral("buildDate"), built.toString(Qt::ISODate) },
        { QStringLiteral("goVersion"),
            go.value(minor, minor < 19 ? QStringLiteral("go1.15.15") : QStringLiteral("go1.24.0")) },
        { QStringLiteral("compiler"), QStringLiteral("gc") },
        { QStringLiteral("platform"), QStringLiteral("linux/amd64") },
    };
}

void ClusterWorld::seed(ObjectSink& sink)
{
    m_state->seed(sink);
}

void ClusterWorld::advance(std::chrono::milliseconds simulated, ObjectSink& sink)
{
    m_state->advance(simulated.count(), sink);
}

const ApiFaults& ClusterWorld::faults() const
{
    return m_state->api;
}

const ClusterSpec& ClusterWorld::spec() const
{
    return m_state->spec;
}

std::chrono::milliseconds ClusterWorld::elapsed() const
{
    return std::chrono::milliseconds(m_state->clock.now());
}

QDateTime ClusterWorld::now() const
{
    return m_state->json.dateTime(m_state->clock.now());
}

int ClusterWorld::podCount() const
{
    return m_state->workloads.livePodCount();
}

} // namespace minato::sim
