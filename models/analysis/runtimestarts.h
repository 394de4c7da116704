// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

#include <limits>

namespace minato::fleet {
class StoreContent;
}

namespace minato::analysis {

// Median, p90 and p99 (nearest rank) of a set of latencies in seconds; NaN when empty.
struct LatencyDistribution
{
    int count = 0;
    double median = std::numeric_limits<double>::quiet_NaN();
    double p90 = std::numeric_limits<double>::quiet_NaN();
    double p99 = std::numeric_limits<double>::quiet_NaN();
    double max = std::numeric_limits<double>::quiet_NaN();

    static LatencyDistribution of(QList<double> seconds);
};

// One pod start measured from its status: PodScheduled turned True, the first app container
// running (startedAt). Pods with init containers are left out (their app containers start
// after the init work, which is not the runtime's), and so are pods whose containers restarted
// (the first start is overwritten). The time includes image pulls: Kubernetes' own pod start
// SLI leaves them out, which the status alone cannot.
struct PodStart
{
    QString pod; // namespace/name
    QString node;
    QString runtime; // the node's: containerd, cri-o, docker …
    QString runtimeVersion;
    QString runtimeClass; // spec.runtimeClassName; empty: the node's default handler
    qint64 scheduledAt = 0; // seconds since the epoch
    double seconds = 0;
};

// The starts the store's pods record, scheduled at or after `sinceEpochSeconds`.
QList<PodStart> podStarts(const fleet::StoreContent& store, qint64 sinceEpochSeconds = 0);

// Starts by runtime, version and RuntimeClass, with their distribution.
struct StartLatencyGroup
{
    QString runtime;
    QString runtimeVersion;
    QString runtimeClass;
    LatencyDistribution latency;
};

QList<StartLatencyGroup> groupStarts(const QList<PodStart>& starts);

} // namespace minato::analysis
