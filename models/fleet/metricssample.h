// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QHash>
#include <QMetaType>
#include <QString>

namespace minato::fleet {

struct ResourceUsage
{
    qint64 cpuMilli = 0;
    qint64 memoryBytes = 0;
};

// One poll of metrics.k8s.io (metrics-server): current usage of nodes and pods. The API
// cannot be watched, so it is sampled; each sample replaces the previous one.
struct MetricsSample
{
    QDateTime taken; // invalid: no sample yet
    QHash<QString, ResourceUsage> nodes; // by node name
    QHash<QString, ResourceUsage> pods; // by "namespace/name", containers summed

    bool isEmpty() const { return !taken.isValid(); }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::MetricsSample)
