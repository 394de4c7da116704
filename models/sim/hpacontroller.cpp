// SPDX-License-Identifier: Apache-2.0
#include "sim/hpacontroller.h"

#include <climits>
#include <cmath>

namespace minato::sim {

namespace {

    QString selectorText(const QMap<QString, QString>& selector)
    {
        // Go's %+v of a *metav1.LabelSelector, as the controller prints it.
        if (selector.isEmpty())
            return QStringLiteral("nil");
        QString labels;
        for (auto it = selector.cbegin(); it != selector.cend(); ++it)
            labels += it.key() + QStringLiteral(": ") + it.value() + QLatin1Char(',');
        return QStringLiteral(
            "&LabelSelector{MatchLabels:map[string]string{%1},MatchExpressions:[]LabelSelectorRequirement{},}")
            .arg(labels);
    }

} // namespace

HpaController::HpaController(const HpaSpec& spec)
    : m_spec(spec)
    , m_up(effectiveRules(spec.scaleUp, true))
    , m_down(effectiveRules(spec.scaleDown, false))
{ }

ScalingRulesSpec HpaController::effectiveRules(const ScalingRulesSpec& rules, bool scaleUp)
{
    // The API server's defaults for behavior (autoscaling/v2 SetDefaults).
    ScalingRulesSpec out = rules;
    if (out.stabilizationWindowSeconds < 0)
        out.stabilizationWindowSeconds = scaleUp ? 0 : 300;
    if (out.selectPolicy.isEmpty())
        out.selectPolicy = QStringLiteral("Max");
    if (out.policies.isEmpty()) {
        if (scaleUp)
            out.policies = { { QStringLiteral("Pods"), 4, 15 }, { QStringLiteral("Percent"), 100, 15 } };
        else
            out.policies = { { QStringLiteral("Percent"), 100, 15 } };
    }
    return out;
}

QString HpaController::metricName(const MetricSpec& metric)
{
    switch (metric.type) {
    case MetricSourceType::Resource:
        return metric.targetType == MetricTargetType::Utilization
            ? metric.name + QStringLiteral(" resource utilization (percentage of request)")
            : metric.name + QStringLiteral(" resource");
    case MetricSourceType::Pods:
        return QStringLiteral("pods metric ") + metric.name;
    case MetricSourceType::External:
        return QStringLiteral("external metric %1(%2)").arg(metric.name, selectorText(metric.selector));
    }
    return {};
}

int HpaController::replicasForRatio(int currentReplicas, double usageRatio, double tolerance)
{
    if (std::abs(1.0 - usageRatio) <= tolerance)
        return currentReplicas;
    return int(std::ceil(usageRatio * currentReplicas));
}

int HpaController::replicasForPods(
    int currentReplicas, double usageRatio, int ready, int unready, int missing, double tolerance)
{
    const bool scaleUpWithUnready = unready > 0 && usageRatio > 1.0;
    if (!scaleUpWithUnready && missing == 0) {
        if (std::abs(1.0 - usageRatio) <= tolerance)
            return currentReplicas;
        return int(std::ceil(usageRatio * ready));
    }
    // Missing pods are assumed at the target when scaling down and idle when scaling up;
    // unready pods idle when scaling up. Then recompute, and do not flip direction.
    double total = usageRatio * ready;
    int count = ready + missing;
    if (usageRatio < 1.0)
        total += missing * 1.0;
    if (scaleUpWithUnready)
        count += unready;
    const double newRatio = count > 0 ? total / count : 0;
    if (std::abs(1.0 - newRatio) <= tolerance || (usageRatio < 1.0 && newRatio > 1.0)
        || (usageRatio > 1.0 && newRatio < 1.0))
        return currentReplicas;
    const int replicas = int(std::ceil(newRatio * count));
    if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas))
        return currentReplicas;
    return replicas;
}

HpaController::Proposal HpaController::propose(const MetricSpec& m, const HpaMetricSample& s, int currentReplicas) const
{
    Proposal p;
    if (!s.available)
        return p;
    p.valid = true;
    switch (m.type) {
    case MetricSourceType::Resource:
    case MetricSourceType::Pods: {
        if (m.targetType == MetricTargetType::Utilization) {
            // The controller works on whole percents.
            const int utilization = int(s.average);
            p.current.averageUtilization = utilization;
            p.current.averageValue = s.averageRaw;
            p.replicas = replicasForPods(
                currentReplicas, double(utilization) / m.target, s.readyPods, s.unreadyPods, s.missingPods);
        } else {
            p.current.averageValue = s.average;
            p.replicas
                = replicasForPods(currentReplicas, s.average / m.target, s.readyPods, s.unreadyPods, s.missingPods);
        }
        break;
    }
    case MetricSourceType::External:
        if (m.targetType == MetricTargetType::Value) {
            p.current.value = s.value;
            const double ratio = s.value / m.target;
            p.replicas = std::abs(1.0 - ratio) <= Tolerance ? currentReplicas : int(std::ceil(ratio * s.readyPods));
        } else {
            p.current.averageValue = currentReplicas > 0 ? s.value / currentReplicas : 0;
            const double ratio = currentReplicas > 0 ? s.value / (m.target * currentReplicas) : 0;
            p.replicas = std::abs(1.0 - ratio) <= Tolerance ? currentReplicas : int(std::ceil(s.value / m.target));
        }
        break;
    }
    p.current.valid = true;
    return p;
}

HpaDecision HpaController::sync(
    qint64 nowMs, int currentReplicas, int previousDesired, const QList<HpaMetricSample>& samples)
{
    HpaDecision d;
    d.currentReplicas = currentReplicas;
    d.desiredReplicas = previousDesired;
    d.ableToScale = { QStringLiteral("True"), QStringLiteral("SucceededGetScale"),
        QStringLiteral("the HPA controller was able to get the target's current scale") };
    for (int i = 0; i < m_spec.metrics.size(); ++i)
        d.currentMetrics.append(HpaCurrentMetric {});
    if (!m_initialized) {
        // The controller seeds the down-stabilization window with the last desired count.
        m_recommendations.push_back({ nowMs, previousDesired > 0 ? previousDesired : currentReplicas });
        m_initialized = true;
    }

    if (currentReplicas == 0 && m_spec.minReplicas != 0) {
        d.desiredReplicas = 0;
        d.scalingActive = { QStringLiteral("False"), QStringLiteral("ScalingDisabled"),
            QStringLiteral("scaling is disabled since the replica count of the target is zero") };
        return d;
    }
    int desired = 0;
    if (currentReplicas > m_spec.maxReplicas) {
        d.rescaleReason = QStringLiteral("Current number of replicas above Spec.MaxReplicas");
        desired = m_spec.maxReplicas;
    } else if (currentReplicas < m_spec.minReplicas) {
        d.rescaleReason = QStringLiteral("Current number of replicas below Spec.MinReplicas");
        desired = m_spec.minReplicas;
    } else {
        int metricDesired = 0;
        QString rescaleMetric;
        int invalid = 0;
        QString firstError;
        for (int i = 0; i < m_spec.metrics.size(); ++i) {
            const MetricSpec& metric = m_spec.metrics.at(i);
            const HpaMetricSample sample = i < samples.size() ? samples.at(i) : HpaMetricSample {};
            const Proposal p = propose(metric, sample, currentReplicas);
            if (!p.valid) {
                ++invalid;
                d.warnings.append({ sample.failureReason, sample.failureMessage });
                if (firstError.isEmpty()) {
                    const QString prefix = metric.type == MetricSourceType::Resource
                        ? QStringLiteral("failed to get %1 resource metric value: ").arg(metric.name)
                        : metric.type == MetricSourceType::Pods
                        ? QStringLiteral("failed to get pods metric value: ")
                        : QStringLiteral("failed to get %1 external metric value: ").arg(metric.name);
                    firstError = prefix + sample.failureMessage;
                    d.scalingActive = { QStringLiteral("False"), sample.failureReason,
                        QStringLiteral("the HPA was unable to compute the replica count: ") + sample.failureMessage };
                }
                continue;
            }
            d.currentMetrics[i] = p.current;
            if (p.replicas > metricDesired) {
                metricDesired = p.replicas;
                rescaleMetric = metricName(metric);
            }
        }
        if (invalid > 0)
            d.warnings.append({ QStringLiteral("FailedComputeMetricsReplicas"),
                QStringLiteral("invalid metrics (%1 invalid out of %2), first error is: %3")
                    .arg(invalid)
                    .arg(m_spec.metrics.size())
                    .arg(firstError) });
        if (invalid == m_spec.metrics.size())
            return d; // nothing to act on: desiredReplicas and ScalingLimited stay as they were
        // With some metrics missing, never scale down: the missing one might want more.
        if (invalid > 0 && metricDesired < currentReplicas)
            metricDesired = currentReplicas;
        d.scalingActive = { QStringLiteral("True"), QStringLiteral("ValidMetricFound"),
            QStringLiteral("the HPA was able to successfully calculate a replica count from ") + rescaleMetric };
        if (metricDesired > currentReplicas)
            d.rescaleReason = rescaleMetric + QStringLiteral(" above target");
        else if (metricDesired < currentReplicas)
            d.rescaleReason = QStringLiteral("All metrics below target");
        desired = normalize(nowMs, currentReplicas, metricDesired, d);
    }
    d.desiredReplicas = desired;
    d.rescale = desired != currentReplicas;
    if (d.rescale) {
        d.ableToScale = { QStringLiteral("True"), QStringLiteral("SucceededRescale"),
            QStringLiteral("the HPA controller was able to update the target scale to %1").arg(desired) };
        m_events.push_back({ nowMs, std::abs(desired - currentReplicas), desired > currentReplicas });
    }
    // Forget what no window or policy period can still see.
    qint64 horizon = std::max(m_up.stabilizationWindowSeconds, m_down.stabilizationWindowSeconds) * 1000LL;
    for (const ScalingPolicySpec& p : m_up.policies + m_down.policies)
        horizon = std::max<qint64>(horizon, p.periodSeconds * 1000LL);
    while (!m_events.empty() && m_events.front().atMs < nowMs - horizon)
        m_events.pop_front();
    return d;
}

int HpaController::normalize(qint64 nowMs, int currentReplicas, int desired, HpaDecision& d)
{
    // Stabilization: the lowest recommendation within the scale-up window bounds a scale-up,
    // the highest within the scale-down window bounds a scale-down.
    const qint64 upCutoff = nowMs - m_up.stabilizationWindowSeconds * 1000LL;
    const qint64 downCutoff = nowMs - m_down.stabilizationWindowSeconds * 1000LL;
    int up = desired;
    int down = desired;
    int oldSample = -1;
    for (int i = 0; i < int(m_recommendations.size()); ++i) {
        const Recommendation& r = m_recommendations[i];
        if (r.atMs > upCutoff)
            up = std::min(up, r.replicas);
        if (r.atMs > downCutoff)
            down = std::max(down, r.replicas);
        if (r.atMs < upCutoff && r.atMs < downCutoff)
            oldSample = i;
    }
    int stabilized = currentReplicas;
    if (stabilized < up)
        stabilized = up;
    if (stabilized > down)
        stabilized = down;
    if (oldSample >= 0)
        m_recommendations[oldSample] = { nowMs, desired };
    else
        m_recommendations.push_back({ nowMs, desired });

    if (stabilized != desired) {
        d.ableToScale = desired >= currentReplicas
            ? HpaCondition { QStringLiteral("True"), QStringLiteral("ScaleUpStabilized"),
                  QStringLiteral(
                      "recent recommendations were lower than current one, applying the lowest recent recommendation") }
            : HpaCondition { QStringLiteral("True"), QStringLiteral("ScaleDownStabilized"),
                  QStringLiteral("recent recommendations were higher than current one, applying the highest recent "
                                 "recommendation") };
    } else {
        d.ableToScale = { QStringLiteral("True"), QStringLiteral("ReadyForNewScale"),
            QStringLiteral("recommended size matches current size") };
    }

    // Rate limits and bounds.
    int result = stabilized;
    QString reason = QStringLiteral("DesiredWithinRange");
    QString message = QStringLiteral("the desired count is within the acceptable range");
    if (stabilized > currentReplicas) {
        const int limit = std::max(scaleUpLimit(nowMs, currentReplicas), currentReplicas);
        int maximum = m_spec.maxReplicas;
        QString limitReason = QStringLiteral("TooManyReplicas");
        QString limitMessage = QStringLiteral("the desired replica count is more than the maximum replica count");
        if (maximum > limit) {
            maximum = limit;
            limitReason = QStringLiteral("ScaleUpLimit");
            limitMessage = QStringLiteral("the desired replica count is increasing faster than the maximum scale rate");
        }
        if (stabilized > maximum) {
            result = maximum;
            reason = limitReason;
            message = limitMessage;
        }
    } else if (stabilized < currentReplicas) {
        const int limit = std::min(scaleDownLimit(nowMs, currentReplicas), currentReplicas);
        int minimum = m_spec.minReplicas;
        QString limitReason = QStringLiteral("TooFewReplicas");
        QString limitMessage = QStringLiteral("the desired replica count is less than the minimum replica count");
        if (minimum < limit) {
            minimum = limit;
            limitReason = QStringLiteral("ScaleDownLimit");
            limitMessage = QStringLiteral("the desired replica count is decreasing faster than the maximum scale rate");
        }
        if (stabilized < minimum) {
            result = minimum;
            reason = limitReason;
            message = limitMessage;
        }
    }
    d.scalingLimited = { result == stabilized ? QStringLiteral("False") : QStringLiteral("True"), reason, message };
    return result;
}

int HpaController::changedWithin(qint64 nowMs, int periodSeconds, bool up) const
{
    int sum = 0;
    const qint64 cutoff = nowMs - periodSeconds * 1000LL;
    for (const ScaleEvent& e : m_events)
        if (e.up == up && e.atMs > cutoff)
            sum += e.change;
    return sum;
}

int HpaController::scaleUpLimit(qint64 nowMs, int currentReplicas) const
{
    if (m_up.selectPolicy == QLatin1String("Disabled"))
        return currentReplicas;
    const bool pickMin = m_up.selectPolicy == QLatin1String("Min");
    int result = pickMin ? INT_MAX : INT_MIN;
    for (const ScalingPolicySpec& p : m_up.policies) {
        const int periodStart = currentReplicas - changedWithin(nowMs, p.periodSeconds, true)
            + changedWithin(nowMs, p.periodSeconds, false);
        const int proposed = p.type == QLatin1String("Pods") ? periodStart + p.value
                                                             : int(std::ceil(periodStart * (1.0 + p.value / 100.0)));
        result = pickMin ? std::min(result, proposed) : std::max(result, proposed);
    }
    return result;
}

int HpaController::scaleDownLimit(qint64 nowMs, int currentReplicas) const
{
    if (m_down.selectPolicy == QLatin1String("Disabled"))
        return currentReplicas;
    const bool pickMin = m_down.selectPolicy == QLatin1String("Min"); // the smallest change keeps the most pods
    int result = pickMin ? INT_MIN : INT_MAX;
    for (const ScalingPolicySpec& p : m_down.policies) {
        const int periodStart = currentReplicas - changedWithin(nowMs, p.periodSeconds, true)
            + changedWithin(nowMs, p.periodSeconds, false);
        const int proposed
            = p.type == QLatin1String("Pods") ? periodStart - p.value : int(periodStart * (1.0 - p.value / 100.0));
        result = pickMin ? std::max(result, proposed) : std::min(result, proposed);
    }
    return result;
}

} // namespace minato::sim
