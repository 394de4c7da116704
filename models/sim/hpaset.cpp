// SPDX-License-Identifier: Apache-2.0
#include "sim/hpaset.h"

#include "sim/quantity.h"

#include <QJsonArray>

#include <cmath>

namespace minato::sim {

HpaSet::HpaSet(WorldContext& context, WorkloadController& workloads)
    : m_context(context)
    , m_workloads(workloads)
{ }

void HpaSet::build()
{
    for (const HpaSpec& spec : m_context.spec.hpas) {
        const int workload = m_workloads.indexOf(spec.nameSpace, spec.target);
        if (workload < 0)
            continue; // the parser reports this; a hand-made spec may still get here
        State s { spec, workload, {}, 0, HpaController(spec), 0, 0, 0, {}, {}, {}, {}, {}, false };
        const quint64 key = m_context.ids.key(QStringLiteral("hpa"), spec.nameSpace, spec.name);
        s.uid = m_context.ids.uid(key);
        const SimWorkload& w = m_workloads.workloads()[workload];
        s.createdMs = w.createdMs + 60000;
        s.current = s.desired = w.desired;
        s.lastScaleMs = -m_context.ids.range(key + 1, 600, 6 * 3600) * 1000LL;
        m_workloads.workloads()[workload].hpa = int(m_states.size());
        m_states.push_back(std::move(s));
    }
}

void HpaSet::start()
{
    // The controller works through its queue every 15 s; HPAs are spread over that period.
    for (int i = 0; i < int(m_states.size()); ++i) {
        const State& s = m_states[i];
        const qint64 phase = m_context.ids.range(
            m_context.ids.key(QStringLiteral("hpa-phase"), s.spec.nameSpace, s.spec.name), 0, int(SyncPeriodMs - 1));
        m_context.clock.schedule(m_context.clock.now() + phase + 1, TimerKind::Hpa, i);
    }
}

double HpaSet::demand(int index, qint64 nowMs) const
{
    const State& s = m_states[index];
    if (s.spec.load.isEmpty())
        return m_workloads.workloads()[s.workload].spec.replicas;
    double d = s.spec.load.demandAt(Millis(nowMs));
    if (s.spec.load.noise > 0) {
        // Jitter changes once per sync period, so repeated reads within one agree.
        const quint64 bucket = quint64(std::max<qint64>(0, nowMs) / SyncPeriodMs);
        const double u
            = m_context.ids.unit(m_context.ids.key(s.spec.nameSpace, s.spec.name, QStringLiteral("noise"), bucket))
                * 2.0
            - 1.0;
        d *= 1.0 + s.spec.load.noise * u;
    }
    return std::max(0.0, d);
}

HpaSet::PodGroups HpaSet::groups(const SimWorkload& w) const
{
    PodGroups g;
    for (const int p : w.pods) {
        const SimPod& pod = m_workloads.pods()[p];
        if (pod.deletedMs >= 0)
            continue; // being deleted: ignored by the controller
        if (g.firstPod.isEmpty())
            g.firstPod = pod.name;
        if (pod.ready && !pod.nodeLost)
            ++g.ready;
        else if (pod.containerSequence > 0 && pod.stage != PodStage::Creating)
            ++g.missing; // it ran, but has no fresh metric now
        else
            ++g.unready;
    }
    return g;
}

QList<HpaMetricSample> HpaSet::samples(const State& s) const
{
    const SimWorkload& w = m_workloads.workloads()[s.workload];
    const PodGroups g = groups(w);
    const int index = int(&s - m_states.data());
    const double d = demand(index, m_context.clock.now());
    QList<HpaMetricSample> out;
    for (const MetricSpec& m : s.spec.metrics) {
        HpaMetricSample sample;
        sample.readyPods = g.ready;
        sample.unreadyPods = g.unready;
        sample.missingPods = g.missing;
        const double demandShare = d * m.share;
        const double perPod = m.target * demandShare / std::max(1, g.ready);
        switch (m.type) {
        case MetricSourceType::Resource: {
            const bool utilization = m.targetType == MetricTargetType::Utilization;
            const QString what
                = QStringLiteral("failed to get %1 %2: ")
                      .arg(m.name, utilization ? QStringLiteral("utilization") : QStringLiteral("usage"));
            const double request = m.name == QLatin1String("cpu") ? w.cpuRequest : w.memoryRequest;
            const double limit = m.name == QLatin1String("cpu") ? w.cpuLimit : w.memoryLimit;
            sample.failureReason = QStringLiteral("FailedGetResourceMetric");
            if (!m_availability.resource) {
                sample.available = false;
                sample.failureMessage = what
                    + QStringLiteral(
                        "unable to get metrics for resource %1: unable to fetch metrics from resource metrics API: %2")
                          .arg(m.name, m_availability.resourceError);
            } else if (g.ready == 0) {
                sample.available = false;
                sample.failureMessage
                    = what + QStringLiteral("did not receive metrics for targeted pods (pods might be unready)");
            } else if (utilization && request <= 0) {
                sample.available = false;
                sample.failureMessage = what
                    + QStringLiteral("missing request for %1 in container %2 of Pod %3")
                          .arg(m.name, PodLifecycle::containerName(w), g.firstPod);
            } else if (utilization) {
                // A container cannot use more than its limit, so utilization saturates there.
                const double cap = limit > 0 && request > 0 ? limit / request * 100.0 : 1e9;
                sample.average = std::min(perPod, cap);
                sample.averageRaw = sample.average / 100.0 * request;
            } else {
                sample.average = limit > 0 ? std::min(perPod, limit) : perPod;
            }
            break;
        }
        case MetricSourceType::Pods:
            sample.failureReason = QStringLiteral("FailedGetPodsMetric");
            if (!m_availability.custom) {
                sample.available = false;
                sample.failureMessage
                    = QStringLiteral("unable to get metric %1: unable to fetch metrics from custom metrics API: no "
                                     "custom metrics API (custom.metrics.k8s.io) registered")
                          .arg(m.name);
            } else if (g.ready == 0) {
                sample.available = false;
                sample.failureMessage
                    = QStringLiteral("unable to get metric %1: no metrics returned from custom metrics API")
                          .arg(m.name);
            } else {
                sample.average = perPod;
            }
            break;
        case MetricSourceType::External:
            sample.failureReason = QStringLiteral("FailedGetExternalMetric");
            if (!m_availability.external) {
                sample.available = false;
                const QString selector = HpaController::metricName(m).section(QLatin1Char('('), 1).chopped(1);
                sample.failureMessage = QStringLiteral(
                    "unable to get external metric %1/%2/%3: unable to fetch metrics from external metrics API: the "
                    "server could not find the requested resource (get %2.external.metrics.k8s.io)")
                                            .arg(w.spec.nameSpace, m.name, selector);
            } else {
                // A queue drains faster with more consumers: Value shrinks as pods are added.
                sample.value = m.targetType == MetricTargetType::Value ? perPod : m.target * demandShare;
            }
            break;
        }
        out.append(sample);
    }
    return out;
}

void HpaSet::setCondition(Condition& condition, const HpaCondition& value)
{
    if (value.status.isEmpty())
        return; // this sync did not decide it
    if (condition.value.status != value.status)
        condition.transitionMs = m_context.clock.now();
    condition.value = value;
}

void HpaSet::sync(int index)
{
    State& s = m_states[index];
    const qint64 now = m_context.clock.now();
    m_context.clock.schedule(now + SyncPeriodMs, TimerKind::Hpa, index);
    const WorkloadCounts counts = m_workloads.counts(s.workload);
    const SimWorkload& w = m_workloads.workloads()[s.workload];
    // The scale subresource reports spec.replicas and status.replicas; the controller uses status.
    const int current = w.desired == 0 ? 0 : counts.replicas;
    const HpaDecision d = s.controller.sync(now, current, s.desired, samples(s));
    s.current = d.currentReplicas;
    s.desired = d.desiredReplicas;
    s.metrics = d.currentMetrics;
    setCondition(s.ableToScale, d.ableToScale);
    setCondition(s.scalingActive, d.scalingActive);
    setCondition(s.scalingLimited, d.scalingLimited);
    const InvolvedObject object { QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("autoscaling/v2"),
        s.spec.nameSpace, s.spec.name, s.uid, {} };
    for (const auto& [reason, message] : d.warnings)
        m_context.events.record(now, object, true, reason, message, QStringLiteral("horizontal-pod-autoscaler"));
    if (d.rescale) {
        s.lastScaleMs = now;
        m_context.events.record(now, object, false, QStringLiteral("SuccessfulRescale"),
            QStringLiteral("New size: %1; reason: %2").arg(d.desiredReplicas).arg(d.rescaleReason),
            QStringLiteral("horizontal-pod-autoscaler"));
        m_workloads.scale(s.workload, d.desiredReplicas);
    }
    const QJsonObject st = status(s);
    if (st != s.lastStatus) {
        s.lastStatus = st;
        s.dirty = true;
    }
}

void HpaSet::updateUsage()
{
    const qint64 now = m_context.clock.now();
    for (int i = 0; i < int(m_states.size()); ++i) {
        const State& s = m_states[i];
        SimWorkload& w = m_workloads.workloads()[s.workload];
        const int ready = std::max(1, groups(w).ready);
        const double d = demand(i, now);
        const double baseCpu = w.cpuRequest > 0 ? w.cpuRequest * w.spec.cpuLoad : 0.02;
        bool cpuDriven = false;
        for (const MetricSpec& m : s.spec.metrics) {
            if (m.type != MetricSourceType::Resource)
                continue;
            const double perPod = m.target * d * m.share / ready;
            const bool cpu = m.name == QLatin1String("cpu");
            const double request = cpu ? w.cpuRequest : w.memoryRequest;
            double usage = m.targetType == MetricTargetType::Utilization ? perPod / 100.0 * request : perPod;
            const double limit = cpu ? w.cpuLimit : w.memoryLimit;
            if (limit > 0)
                usage = std::min(usage, limit);
            if (usage <= 0)
                continue;
            (cpu ? w.cpuPerPod : w.memoryPerPod) = usage;
            cpuDriven = cpuDriven || cpu;
        }
        if (!cpuDriven) // driven by a custom or external metric: CPU follows the load per pod
            w.cpuPerPod = baseCpu * std::clamp(d / ready, 0.2, 4.0);
    }
}

QString HpaSet::quantity(const MetricSpec& m, double value) const
{
    if (m.type == MetricSourceType::Resource && m.name == QLatin1String("memory"))
        return QString::number(std::llround(value));
    return Quantity::formatMilli(value);
}

QJsonObject HpaSet::metricSpec(const MetricSpec& m) const
{
    QJsonObject target { { QStringLiteral("type"), metricTargetTypeName(m.targetType) } };
    if (m.targetType == MetricTargetType::Utilization)
        target.insert(QStringLiteral("averageUtilization"), int(m.target));
    else if (m.targetType == MetricTargetType::AverageValue)
        target.insert(QStringLiteral("averageValue"),
            m.type == MetricSourceType::Resource && m.name == QLatin1String("memory")
                ? Quantity::formatBytes(m.target)
                : Quantity::formatMilli(m.target));
    else
        target.insert(QStringLiteral("value"), Quantity::formatMilli(m.target));
    QJsonObject metric { { QStringLiteral("name"), m.name } };
    if (!m.selector.isEmpty())
        metric.insert(QStringLiteral("selector"),
            QJsonObject { { QStringLiteral("matchLabels"), KubeJson::stringMap(m.selector) } });
    switch (m.type) {
    case MetricSourceType::Resource:
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("Resource") },
            { QStringLiteral("resource"),
                QJsonObject { { QStringLiteral("name"), m.name }, { QStringLiteral("target"), target } } } };
    case MetricSourceType::Pods:
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("Pods") },
            { QStringLiteral("pods"),
                QJsonObject { { QStringLiteral("metric"), metric }, { QStringLiteral("target"), target } } } };
    case MetricSourceType::External:
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("External") },
            { QStringLiteral("external"),
                QJsonObject { { QStringLiteral("metric"), metric }, { QStringLiteral("target"), target } } } };
    }
    return {};
}

QJsonObject HpaSet::status(const State& s) const
{
    const KubeJson& j = m_context.json;
    QJsonArray current;
    for (int i = 0; i < s.spec.metrics.size(); ++i) {
        const MetricSpec& m = s.spec.metrics.at(i);
        const HpaCurrentMetric c = i < s.metrics.size() ? s.metrics.at(i) : HpaCurrentMetric {};
        if (!c.valid) {
            current.append(QJsonObject {
                { QStringLiteral("type"), QString() } }); // what the controller writes for a failed metric
            continue;
        }
        QJsonObject value;
        if (m.targetType == MetricTargetType::Utilization) {
            value.insert(QStringLiteral("averageUtilization"), c.averageUtilization);
            value.insert(QStringLiteral("averageValue"), quantity(m, c.averageValue));
        } else if (m.targetType == MetricTargetType::AverageValue) {
            value.insert(QStringLiteral("averageValue"), quantity(m, c.averageValue));
        } else {
            value.insert(QStringLiteral("value"), quantity(m, c.value));
        }
        QJsonObject metric { { QStringLiteral("name"), m.name } };
        if (!m.selector.isEmpty())
            metric.insert(QStringLiteral("selector"),
                QJsonObject { { QStringLiteral("matchLabels"), KubeJson::stringMap(m.selector) } });
        if (m.type == MetricSourceType::Resource)
            current.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Resource") },
                { QStringLiteral("resource"),
                    QJsonObject { { QStringLiteral("name"), m.name }, { QStringLiteral("current"), value } } } });
        else if (m.type == MetricSourceType::Pods)
            current.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("Pods") },
                { QStringLiteral("pods"),
                    QJsonObject { { QStringLiteral("metric"), metric }, { QStringLiteral("current"), value } } } });
        else
            current.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("External") },
                { QStringLiteral("external"),
                    QJsonObject { { QStringLiteral("metric"), metric }, { QStringLiteral("current"), value } } } });
    }
    QJsonArray conditions;
    const auto add = [&](const char* type, const Condition& c) {
        if (!c.value.status.isEmpty())
            conditions.append(
                j.condition(QLatin1String(type), c.value.status, c.transitionMs, c.value.reason, c.value.message));
    };
    add("AbleToScale", s.ableToScale);
    add("ScalingActive", s.scalingActive);
    add("ScalingLimited", s.scalingLimited);
    QJsonObject status {
        { QStringLiteral("observedGeneration"), 1 },
        { QStringLiteral("currentReplicas"), s.current },
        { QStringLiteral("desiredReplicas"), s.desired },
        { QStringLiteral("currentMetrics"), current },
        { QStringLiteral("conditions"), conditions },
    };
    if (s.lastScaleMs != 0)
        status.insert(QStringLiteral("lastScaleTime"), j.time(s.lastScaleMs));
    return status;
}

QJsonObject HpaSet::json(const State& s) const
{
    const KubeJson& j = m_context.json;
    const SimWorkload& w = m_workloads.workloads()[s.workload];
    QJsonArray metrics;
    for (const MetricSpec& m : s.spec.metrics)
        metrics.append(metricSpec(m));
    const auto rules = [](const ScalingRulesSpec& r) {
        QJsonArray policies;
        for (const ScalingPolicySpec& p : r.policies)
            policies.append(QJsonObject { { QStringLiteral("type"), p.type }, { QStringLiteral("value"), p.value },
                { QStringLiteral("periodSeconds"), p.periodSeconds } });
        return QJsonObject { { QStringLiteral("stabilizationWindowSeconds"), r.stabilizationWindowSeconds },
            { QStringLiteral("selectPolicy"), r.selectPolicy }, { QStringLiteral("policies"), policies } };
    };
    QJsonObject metadata = j.metadata(s.spec.name, s.spec.nameSpace, s.uid, s.createdMs);
    QJsonArray managed
        = j.managedFields(QStringLiteral("kubectl-client-side-apply"), QStringLiteral("autoscaling/v2"), s.createdMs);
    managed.append(j.managedFields(QStringLiteral("kube-controller-manager"), QStringLiteral("autoscaling/v2"),
                        std::max(s.lastScaleMs, s.createdMs), QStringLiteral("status"))
                       .first());
    metadata.insert(QStringLiteral("managedFields"), managed);
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("autoscaling/v2") },
        { QStringLiteral("kind"), QStringLiteral("HorizontalPodAutoscaler") },
        { QStringLiteral("metadata"), metadata },
        { QStringLiteral("spec"),
            QJsonObject {
                { QStringLiteral("scaleTargetRef"),
                    QJsonObject { { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
                        { QStringLiteral("kind"), workloadKindName(w.spec.kind) },
                        { QStringLiteral("name"), w.spec.name } } },
                { QStringLiteral("minReplicas"), s.spec.minReplicas },
                { QStringLiteral("maxReplicas"), s.spec.maxReplicas },
                { QStringLiteral("metrics"), metrics },
                { QStringLiteral("behavior"),
                    QJsonObject {
                        { QStringLiteral("scaleUp"), rules(HpaController::effectiveRules(s.spec.scaleUp, true)) },
                        { QStringLiteral("scaleDown"),
                            rules(HpaController::effectiveRules(s.spec.scaleDown, false)) } } },
            } },
        { QStringLiteral("status"), s.lastStatus },
    };
}

void HpaSet::seed(ObjectSink& sink)
{
    // The status the controller left at its last sync before the world started: settled.
    for (State& s : m_states) {
        HpaController probe = s.controller;
        const HpaDecision d = probe.sync(m_context.clock.now(), s.current, s.desired, samples(s));
        s.metrics = d.currentMetrics;
        const qint64 settled = std::max(s.createdMs + 30000, s.lastScaleMs);
        s.ableToScale = { { QStringLiteral("True"), QStringLiteral("ReadyForNewScale"),
                              QStringLiteral("recommended size matches current size") },
            settled };
        s.scalingActive = { d.scalingActive, settled };
        // An HPA already at a bound when the world starts says so, as a settled one would.
        const bool bounded = !d.scalingLimited.status.isEmpty() && d.scalingLimited.status == QLatin1String("True")
            && d.desiredReplicas == s.current;
        s.scalingLimited = bounded ? Condition { d.scalingLimited, settled }
                                   : Condition { { QStringLiteral("False"), QStringLiteral("DesiredWithinRange"),
                                                     QStringLiteral("the desired count is within the acceptable range") },
                                         settled };
        s.lastStatus = status(s);
        sink.put(QStringLiteral("horizontalpodautoscalers.autoscaling"), json(s));
        s.dirty = false;
    }
}

void HpaSet::flush(ObjectSink& sink)
{
    for (State& s : m_states) {
        if (!s.dirty)
            continue;
        s.dirty = false;
        sink.put(QStringLiteral("horizontalpodautoscalers.autoscaling"), json(s));
    }
}

} // namespace minato::sim
