// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace minato::sim {

class ObjectStore;

// What kube-state-metrics v2 would export for one cluster's HorizontalPodAutoscalers, rendered
// from the objects the cluster's API serves right now, so a Prometheus scraping it records
// exactly the history a watch of the API would have seen. Only the HPA families: the sim has
// no other use for a metrics exporter.
class KubeStateMetrics
{
public:
    // The Prometheus text exposition format 0.0.4 (# HELP, # TYPE, one line per series).
    static QByteArray render(const ObjectStore& store);
    static QByteArray contentType() { return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"); }
};

} // namespace minato::sim
