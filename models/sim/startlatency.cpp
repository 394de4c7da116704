// SPDX-License-Identifier: Apache-2.0
#include "sim/startlatency.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace minato::sim {

namespace {

    StartLatencySpec latency(qint64 medianMs, double sigma)
    {
        StartLatencySpec l;
        l.median = Millis(medianMs);
        l.sigma = sigma;
        return l;
    }

    bool isKata(const QString& handler)
    {
        return handler.startsWith(QLatin1String("kata"));
    }
    bool isGvisor(const QString& handler)
    {
        return handler == QLatin1String("runsc") || handler == QLatin1String("gvisor");
    }

    const RuntimeClassSpec* runtimeClassOf(const ClusterSpec& cluster, const WorkloadSpec& workload)
    {
        if (workload.runtimeClass.isEmpty())
            return nullptr;
        for (const RuntimeClassSpec& rc : cluster.runtimeClasses)
            if (rc.name == workload.runtimeClass)
                return &rc;
        return nullptr;
    }

} // namespace

StartLatencySpec StartLatency::defaultFor(ContainerRuntime runtime)
{
    switch (runtime) {
    case ContainerRuntime::Containerd:
        return latency(1000, 0.35);
    case ContainerRuntime::CriO:
        return latency(1300, 0.35);
    case ContainerRuntime::Docker:
        return latency(2000, 0.4);
    }
    return latency(1000, 0.35);
}

StartLatencySpec StartLatency::defaultForHandler(const QString& handler)
{
    if (isKata(handler))
        return latency(4000, 0.45);
    if (isGvisor(handler))
        return latency(2500, 0.4);
    return {};
}

QString StartLatency::handlerOf(const ClusterSpec& cluster, const WorkloadSpec& workload)
{
    const RuntimeClassSpec* rc = runtimeClassOf(cluster, workload);
    return rc ? rc->handler : QStringLiteral("runc");
}

StartLatencySpec StartLatency::resolve(
    const ClusterSpec& cluster, const WorkloadSpec& workload, const NodeGroupSpec& group)
{
    StartLatencySpec base = defaultFor(group.runtime);
    StartLatencySpec chosen = group.startLatency;
    if (const RuntimeClassSpec* rc = runtimeClassOf(cluster, workload)) {
        const StartLatencySpec handler = defaultForHandler(rc->handler);
        if (handler.isSet()) {
            base = handler;
            chosen = {};
        }
        if (rc->startLatency.isSet())
            chosen = rc->startLatency;
    }
    if (!chosen.isSet())
        return base;
    if (chosen.sigma < 0)
        chosen.sigma = base.sigma;
    return chosen;
}

qint64 StartLatency::sample(const StartLatencySpec& latency, const IdGenerator& ids, quint64 key)
{
    // Box–Muller from two uniforms of the key; 1 - u keeps the logarithm finite.
    const double u1 = 1.0 - ids.unit(key);
    const double u2 = ids.unit(IdGenerator::mix(key + 1));
    const double z = std::clamp(std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2), -2.5, 3.5);
    const double sigma = std::max(0.0, latency.sigma);
    return std::max<qint64>(1, std::llround(double(latency.median.count()) * std::exp(sigma * z)));
}

double StartLatency::sandboxShare(const ClusterSpec& cluster, const WorkloadSpec& workload)
{
    const QString handler = handlerOf(cluster, workload);
    if (isKata(handler))
        return 0.75;
    if (isGvisor(handler))
        return 0.6;
    return 0.5;
}

} // namespace minato::sim
