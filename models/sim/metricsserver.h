// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/nodefleet.h"
#include "sim/objectsink.h"
#include "sim/workloadcontroller.h"
#include "sim/worldcontext.h"

#include <vector>

namespace minato::sim {

// metrics-server's view: PodMetrics and NodeMetrics (metrics.k8s.io/v1beta1) scraped every
// 15 s from the usage the load curves imply. An object is rewritten only when its usage
// moved, so idle pods cost nothing between scrapes.
class MetricsServer
{
public:
    MetricsServer(WorldContext& context, NodeFleet& nodes, const WorkloadController& workloads);

    void requestScrape() { m_due = true; }
    // Scrapes if one is due and metrics-server answers; writes what changed.
    void flush(ObjectSink& sink, bool available);
    static constexpr qint64 ScrapePeriodMs = 15000;

private:
    struct Published
    {
        QString nameSpace;
        QString name;
        qint64 cpuNanocores = -1;
        qint64 memoryKi = -1;
        quint64 bucket = 0; // the drift period of the last write
    };
    void scrape(ObjectSink& sink);
    QString window(quint64 key) const;

    WorldContext& m_context;
    NodeFleet& m_nodes;
    const WorkloadController& m_workloads;
    std::vector<Published> m_pods; // by pod slot
    std::vector<Published> m_nodeMetrics; // by node index
    bool m_due = false;
};

} // namespace minato::sim
