// SPDX-License-Identifier: Apache-2.0
#include "analysis/runtimestarts.h"

#include "fleet/clusterstore.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace minato::analysis {

namespace {

    double nearestRank(const QList<double>& sorted, double percentile)
    {
        const qsizetype rank = qsizetype(std::ceil(percentile / 100.0 * double(sorted.size())));
        return sorted.at(std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1));
    }

} // namespace

LatencyDistribution LatencyDistribution::of(QList<double> seconds)
{
    LatencyDistribution d;
    d.count = int(seconds.size());
    if (seconds.isEmpty())
        return d;
    std::sort(seconds.begin(), seconds.end());
    d.median = nearestRank(seconds, 50);
    d.p90 = nearestRank(seconds, 90);
    d.p99 = nearestRank(seconds, 99);
    d.max = seconds.last();
    return d;
}

QList<PodStart> podStarts(const fleet::StoreContent& store, qint64 sinceEpochSeconds)
{
    QHash<QString, const fleet::NodeInfo*> nodes;
    for (const fleet::NodeInfo& node : store.nodes())
        nodes.insert(node.meta.name, &node);
    QList<PodStart> starts;
    for (const fleet::PodInfo& pod : store.pods()) {
        if (pod.start.startedAfter < 0 || !pod.scheduled.isTrue() || pod.scheduled.lastTransitionTime < sinceEpochSeconds)
            continue;
        const auto& containers = pod.containers();
        if (std::any_of(containers.begin(), containers.end(), [](const fleet::ContainerInfo& c) { return c.isInit(); }))
            continue;
        PodStart start;
        start.pod = pod.meta.id();
        start.node = pod.nodeName.toString();
        if (const fleet::NodeInfo* node = nodes.value(start.node)) {
            start.runtime = node->runtimeName.toString();
            start.runtimeVersion = node->runtimeVersion;
        }
        start.runtimeClass = pod.runtimeClassName().toString();
        start.scheduledAt = pod.scheduled.lastTransitionTime;
        start.seconds = pod.start.startedAfter;
        starts.append(std::move(start));
    }
    std::sort(starts.begin(), starts.end(), [](const PodStart& a, const PodStart& b) {
        return std::tie(a.scheduledAt, a.pod) < std::tie(b.scheduledAt, b.pod);
    });
    return starts;
}

QList<StartLatencyGroup> groupStarts(const QList<PodStart>& starts)
{
    std::map<std::tuple<QString, QString, QString>, QList<double>> groups;
    for (const PodStart& s : starts)
        groups[{ s.runtime, s.runtimeVersion, s.runtimeClass }].append(s.seconds);
    QList<StartLatencyGroup> result;
    for (auto& [key, seconds] : groups)
        result.append({ std::get<0>(key), std::get<1>(key), std::get<2>(key), LatencyDistribution::of(std::move(seconds)) });
    return result;
}

} // namespace minato::analysis
