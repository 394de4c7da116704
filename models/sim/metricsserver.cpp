// SPDX-License-Identifier: Apache-2.0
#include "sim/metricsserver.h"

#include "sim/quantity.h"

#include <QJsonArray>

#include <cmath>

namespace minato::sim {

namespace {

    // Idle pods drift slowly: their usage is re-drawn every five minutes, at a per-pod phase.
    constexpr qint64 DriftPeriodMs = 300000;

} // namespace

MetricsServer::MetricsServer(WorldContext& context, NodeFleet& nodes, const WorkloadController& workloads)
    : m_context(context)
    , m_nodes(nodes)
    , m_workloads(workloads)
{ }

QString MetricsServer::window(quint64 key) const
{
    return QStringLiteral("%1.%2s")
        .arg(15 + m_context.ids.range(key, 0, 5))
        .arg(m_context.ids.range(key + 1, 0, 999), 3, 10, QLatin1Char('0'));
}

void MetricsServer::flush(ObjectSink& sink, bool available)
{
    if (!m_due || !available)
        return;
    m_due = false;
    scrape(sink);
}

void MetricsServer::scrape(ObjectSink& sink)
{
    const KubeJson& j = m_context.json;
    const IdGenerator& ids = m_context.ids;
    const qint64 now = m_context.clock.now();
    const QString timestamp = j.time(now);
    const std::vector<SimPod>& pods = m_workloads.pods();
    const std::vector<SimNode>& nodes = m_nodes.nodes();
    if (m_pods.size() < pods.size())
        m_pods.resize(pods.size());
    if (m_nodeMetrics.size() < nodes.size())
        m_nodeMetrics.resize(nodes.size());
    std::vector<double> nodeCpu(nodes.size(), 0.0);
    std::vector<double> nodeMemory(nodes.size(), 0.0);

    for (size_t slot = 0; slot < pods.size(); ++slot) {
        const SimPod& pod = pods[slot];
        Published& published = m_pods[slot];
        const bool eligible
            = pod.live && pod.deletedMs < 0 && pod.node >= 0 && !pod.nodeLost && pod.stage == PodStage::Running;
        const SimWorkload* w = eligible ? &m_workloads.workloads()[pod.workload] : nullptr;
        if (!published.name.isEmpty()
            && (!eligible || published.name != pod.name || published.nameSpace != w->spec.nameSpace)) {
            sink.remove(QStringLiteral("pods.metrics.k8s.io"), published.nameSpace, published.name);
            published = Published {};
        }
        if (!eligible)
            continue;
        const quint64 podKey = ids.key(pod.uid, QStringLiteral("metrics"));
        const qint64 phase = ids.range(podKey, 0, int(DriftPeriodMs - 1));
        const quint64 bucket = quint64((now + phase) / DriftPeriodMs);
        const double u = ids.unit(podKey ^ (bucket * 0x9e3779b97f4a7c15ULL)) * 2.0 - 1.0;
        double cpu = w->cpuPerPod * (1.0 + 0.06 * u) * (pod.ready ? 1.0 : 0.3);
        double memory = w->memoryPerPod * (1.0 + 0.02 * u);
        if (pod.fault == PodFault::OOMKilled) // climbing towards its limit
            memory = w->memoryLimit > 0 ? w->memoryLimit * 0.97 : memory * 1.5;
        if (w->cpuLimit > 0)
            cpu = std::min(cpu, w->cpuLimit);
        nodeCpu[pod.node] += cpu;
        nodeMemory[pod.node] += memory;
        const qint64 nanocores
            = std::llround(cpu * 1000.0) * 1000000LL; // metrics-server resolution is finer; 1m keeps churn low
        const qint64 kib = std::llround(memory / 1024.0);
        // metrics-server refreshes every object each scrape; writing only moves of more than
        // 5% (or a new drift period) keeps a fleet of autoscaled pods from flooding watchers.
        const bool moved
            = std::abs(nanocores - published.cpuNanocores) > std::max<qint64>(published.cpuNanocores / 20, 1000000)
            || std::abs(kib - published.memoryKi) > std::max<qint64>(published.memoryKi / 20, 1024);
        if (published.name == pod.name && published.bucket == bucket && !moved)
            continue;
        published = { w->spec.nameSpace, pod.name, nanocores, kib, bucket };
        QJsonObject metadata {
            { QStringLiteral("name"), pod.name },
            { QStringLiteral("namespace"), w->spec.nameSpace },
            { QStringLiteral("creationTimestamp"), timestamp },
        };
        sink.put(QStringLiteral("pods.metrics.k8s.io"),
            QJsonObject {
                { QStringLiteral("kind"), QStringLiteral("PodMetrics") },
                { QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1") },
                { QStringLiteral("metadata"), metadata },
                { QStringLiteral("timestamp"), timestamp },
                { QStringLiteral("window"), window(podKey + bucket) },
                { QStringLiteral("containers"),
                    QJsonArray { QJsonObject {
                        { QStringLiteral("name"), PodLifecycle::containerName(*w) },
                        { QStringLiteral("usage"),
                            QJsonObject { { QStringLiteral("cpu"),
                                              QString(QString::number(nanocores + ids.range(podKey + bucket, 0, 999999))
                                                  + QLatin1Char('n')) },
                                { QStringLiteral("memory"), QString(QString::number(kib) + QStringLiteral("Ki")) } } },
                    } } },
            });
    }

    for (size_t n = 0; n < nodes.size(); ++n) {
        const SimNode& node = nodes[n];
        Published& published = m_nodeMetrics[n];
        if (!NodeFleet::isReady(node)) {
            if (!published.name.isEmpty()) // the kubelet is gone, so is its summary
                sink.remove(QStringLiteral("nodes.metrics.k8s.io"), {}, node.name);
            published = Published {};
            continue;
        }
        // The node itself (kubelet, runtime, system daemons) uses something too.
        const double cpu = nodeCpu[n] + 0.12 + 0.01 * node.pods;
        const double memory = nodeMemory[n] + 900.0 * 1024 * 1024 + 20.0 * 1024 * 1024 * node.pods;
        const qint64 nanocores = std::llround(cpu * 1000.0) * 1000000LL;
        const qint64 kib = std::llround(memory / 1024.0);
        const quint64 bucket
            = quint64((now + ids.range(ids.key(node.name, QStringLiteral("phase")), 0, 59999)) / 60000);
        const bool moved
            = std::abs(nanocores - published.cpuNanocores) > std::max<qint64>(published.cpuNanocores / 20, 1000000)
            || std::abs(kib - published.memoryKi) > std::max<qint64>(published.memoryKi / 20, 1024);
        if (published.name == node.name && published.bucket == bucket && !moved)
            continue;
        published = { {}, node.name, nanocores, kib, bucket };
        QJsonObject metadata {
            { QStringLiteral("name"), node.name },
            { QStringLiteral("creationTimestamp"), timestamp },
            { QStringLiteral("labels"), KubeJson::stringMap(node.labels) },
        };
        const quint64 key = ids.key(node.name, QStringLiteral("node-metrics"), {}, quint64(now / ScrapePeriodMs));
        sink.put(QStringLiteral("nodes.metrics.k8s.io"),
            QJsonObject {
                { QStringLiteral("kind"), QStringLiteral("NodeMetrics") },
                { QStringLiteral("apiVersion"), QStringLiteral("metrics.k8s.io/v1beta1") },
                { QStringLiteral("metadata"), metadata },
                { QStringLiteral("timestamp"), timestamp },
                { QStringLiteral("window"), window(key) },
                { QStringLiteral("usage"),
                    QJsonObject { { QStringLiteral("cpu"), Quantity::formatNanocores(cpu) },
                        { QStringLiteral("memory"), QString(QString::number(kib) + QStringLiteral("Ki")) } } },
            });
    }
}

} // namespace minato::sim
