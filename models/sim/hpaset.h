// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/hpacontroller.h"
#include "sim/objectsink.h"
#include "sim/workloadcontroller.h"
#include "sim/worldcontext.h"

#include <QJsonObject>

#include <vector>

namespace minato::sim {

// Which metrics APIs answer right now, and how the failing one fails.
struct MetricsAvailability
{
    bool resource = true;
    QString resourceError; // "the server is currently unable to handle the request (get pods.metrics.k8s.io)"
    bool custom = false;
    bool external = false;
};

// A cluster's HorizontalPodAutoscalers: each syncs every 15 s, measures its target's pods
// against the load curve, lets HpaController decide, scales the target and writes its
// status, conditions and events as the real controller does.
class HpaSet
{
public:
    HpaSet(WorldContext& context, WorkloadController& workloads);

    void build();
    void start(); // schedules the first syncs
    void seed(ObjectSink& sink);
    void flush(ObjectSink& sink);
    void setAvailability(const MetricsAvailability& availability) { m_availability = availability; }
    void sync(int index); // an Hpa timer fired
    // Per-pod usage of autoscaled workloads at the current time, for metrics-server.
    void updateUsage();

    int size() const { return int(m_states.size()); }
    double demand(int index, qint64 nowMs) const; // the load curve with its noise
    static constexpr qint64 SyncPeriodMs = 15000;

private:
    struct Condition
    {
        HpaCondition value;
        qint64 transitionMs = 0;
    };
    struct State
    {
        HpaSpec spec;
        int workload = -1;
        QString uid;
        qint64 createdMs = 0;
        HpaController controller;
        int current = 0;
        int desired = 0;
        qint64 lastScaleMs = 0;
        QList<HpaCurrentMetric> metrics;
        Condition ableToScale;
        Condition scalingActive;
        Condition scalingLimited;
        QJsonObject lastStatus;
        bool dirty = false;
    };
    struct PodGroups
    {
        int ready = 0;
        int unready = 0;
        int missing = 0;
        QString firstPod;
    };
    PodGroups groups(const SimWorkload& workload) const;
    QList<HpaMetricSample> samples(const State& state) const;
    void setCondition(Condition& condition, const HpaCondition& value);
    QJsonObject status(const State& state) const;
    QJsonObject json(const State& state) const;
    QJsonObject metricSpec(const MetricSpec& metric) const;
    QString quantity(const MetricSpec& metric, double value) const;

    WorldContext& m_context;
    WorkloadController& m_workloads;
    std::vector<State> m_states;
    MetricsAvailability m_availability;
};

} // namespace minato::sim
