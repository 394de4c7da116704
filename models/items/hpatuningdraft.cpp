// SPDX-License-Identifier: Apache-2.0
#include "items/hpatuningdraft.h"

#include "analysis/hpadiagnosis.h"

#include <QRegularExpression>

#include <cmath>

namespace minato::items {

namespace {

    bool sameValue(double a, double b)
    {
        if (std::isnan(a) || std::isnan(b))
            return std::isnan(a) && std::isnan(b);
        return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(a));
    }

    // The direction's rules as a tuning: only what differs from the HPA's own.
    changes::HpaRulesTuning rulesDelta(int currentWindow, int proposedWindow, const QString& currentSelect,
        const QString& proposedSelect, const QList<fleet::HpaScalingPolicy>& currentPolicies,
        const QList<fleet::HpaScalingPolicy>& proposedPolicies)
    {
        changes::HpaRulesTuning rules;
        if (proposedWindow != currentWindow)
            rules.stabilizationSeconds = proposedWindow;
        if (proposedSelect != currentSelect)
            rules.selectPolicy = proposedSelect;
        if (proposedPolicies != currentPolicies)
            rules.policies = proposedPolicies;
        return rules;
    }

} // namespace

HpaTuningDraft::HpaTuningDraft(
    QString cluster, fleet::HpaInfo hpa, history::HpaTimeline timeline, qint64 fromMs, qint64 toMs)
    : m_cluster(std::move(cluster))
    , m_hpa(std::move(hpa))
    , m_timeline(std::move(timeline))
    , m_fromMs(fromMs)
    , m_toMs(toMs)
    , m_current(analysis::HpaReplaySettings::of(m_hpa, m_hpa.metrics.size()))
{
    for (qsizetype i = 0; i < m_hpa.metrics.size(); ++i)
        m_current.targets[i] = analysis::hpaMetricTargetValue(m_hpa.metrics.at(i));
    m_proposed = m_current;
}

bool HpaTuningDraft::hasBehavior() const
{
    return m_hpa.apiVersion == fleet::HpaApiVersion::V2beta2 || m_hpa.apiVersion == fleet::HpaApiVersion::V2;
}

int HpaTuningDraft::samplesWithMetrics() const
{
    int count = 0;
    for (const history::HpaSample& sample : m_timeline.samples) {
        if (sample.timeMs < m_fromMs || sample.timeMs > m_toMs)
            continue;
        if (std::any_of(sample.metricCurrent.begin(), sample.metricCurrent.end(), [](double v) { return !std::isnan(v); }))
            ++count;
    }
    return count;
}

void HpaTuningDraft::setProposed(const analysis::HpaReplaySettings& settings)
{
    m_proposed = settings;
    m_proposed.minReplicas = std::max(1, m_proposed.minReplicas);
    m_proposed.maxReplicas = std::max(m_proposed.minReplicas, m_proposed.maxReplicas);
    if (!hasBehavior()) {
        // Nothing to tune there: the controller keeps its defaults for these versions.
        m_proposed.scaleUpWindowSeconds = m_current.scaleUpWindowSeconds;
        m_proposed.scaleDownWindowSeconds = m_current.scaleDownWindowSeconds;
        m_proposed.scaleUpPolicies = m_current.scaleUpPolicies;
        m_proposed.scaleDownPolicies = m_current.scaleDownPolicies;
        m_proposed.scaleUpSelect = m_current.scaleUpSelect;
        m_proposed.scaleDownSelect = m_current.scaleDownSelect;
    }
}

analysis::HpaReplay HpaTuningDraft::recorded() const
{
    analysis::HpaReplay did;
    int replicas = -1;
    int lastDirection = 0;
    qint64 previousMs = 0;
    for (const history::HpaSample& sample : m_timeline.samples) {
        if (sample.timeMs < m_fromMs || sample.timeMs > m_toMs || sample.currentReplicas <= 0)
            continue;
        if (replicas >= 0) {
            const qint64 span = sample.timeMs - previousMs;
            did.replicaSeconds += replicas * span / 1000;
            if (sample.maxReplicas > 0 && replicas >= sample.maxReplicas)
                did.atMaxMs += span;
            if (sample.currentReplicas != replicas) {
                const int direction = sample.currentReplicas > replicas ? 1 : -1;
                if (lastDirection != 0 && direction != lastDirection)
                    ++did.directionChanges;
                lastDirection = direction;
                ++did.rescales;
            }
        }
        replicas = sample.currentReplicas;
        previousMs = sample.timeMs;
        did.peak = std::max(did.peak, replicas);
        did.points.append({ sample.timeMs, replicas });
    }
    return did;
}

analysis::HpaReplay HpaTuningDraft::replayCurrent() const
{
    return analysis::HpaReplay::run(m_timeline, m_current, m_fromMs, m_toMs);
}

analysis::HpaReplay HpaTuningDraft::replayProposed() const
{
    return analysis::HpaReplay::run(m_timeline, m_proposed, m_fromMs, m_toMs);
}

changes::HpaTuning HpaTuningDraft::tuning() const
{
    changes::HpaTuning tuning;
    if (m_proposed.minReplicas != m_current.minReplicas)
        tuning.minReplicas = m_proposed.minReplicas;
    if (m_proposed.maxReplicas != m_current.maxReplicas)
        tuning.maxReplicas = m_proposed.maxReplicas;
    for (qsizetype i = 0; i < m_current.targets.size() && i < m_proposed.targets.size(); ++i) {
        const double value = m_proposed.targets.at(i);
        if (!std::isnan(value) && !sameValue(value, m_current.targets.at(i)))
            tuning.metricTargets.append({ i, value });
    }
    if (hasBehavior()) {
        tuning.scaleUp = rulesDelta(m_current.scaleUpWindowSeconds, m_proposed.scaleUpWindowSeconds,
            m_current.scaleUpSelect, m_proposed.scaleUpSelect, m_current.scaleUpPolicies, m_proposed.scaleUpPolicies);
        tuning.scaleDown = rulesDelta(m_current.scaleDownWindowSeconds, m_proposed.scaleDownWindowSeconds,
            m_current.scaleDownSelect, m_proposed.scaleDownSelect, m_current.scaleDownPolicies,
            m_proposed.scaleDownPolicies);
    }
    return tuning;
}

QStringList HpaTuningDraft::changeLines() const
{
    const changes::HpaTuning t = tuning();
    QStringList lines;
    if (t.minReplicas)
        lines << QStringLiteral("min %1 → %2").arg(m_current.minReplicas).arg(*t.minReplicas);
    if (t.maxReplicas)
        lines << QStringLiteral("max %1 → %2").arg(m_current.maxReplicas).arg(*t.maxReplicas);
    for (const changes::HpaMetricTarget& target : t.metricTargets) {
        const fleet::HpaMetric& metric = m_hpa.metrics.at(target.index);
        lines << QStringLiteral("%1 target %2 → %3")
                     .arg(analysis::hpaMetricLabel(metric),
                         analysis::hpaMetricValueText(metric, m_current.targets.at(target.index)),
                         analysis::hpaMetricValueText(metric, target.value));
    }
    const auto rules = [&lines](const QString& direction, const changes::HpaRulesTuning& r, int window,
                           const QString& select, const QList<fleet::HpaScalingPolicy>& policies) {
        if (r.stabilizationSeconds)
            lines << QStringLiteral("%1 window %2 s → %3 s").arg(direction).arg(window).arg(*r.stabilizationSeconds);
        if (r.selectPolicy)
            lines << QStringLiteral("%1 selectPolicy %2 → %3").arg(direction, select, *r.selectPolicy);
        if (r.policies) {
            const auto text = [](const QList<fleet::HpaScalingPolicy>& p) {
                return p.isEmpty() ? QStringLiteral("default") : scalingPoliciesText(p);
            };
            lines << QStringLiteral("%1 policies %2 → %3").arg(direction, text(policies), text(*r.policies));
        }
    };
    rules(QStringLiteral("scaleUp"), t.scaleUp, m_current.scaleUpWindowSeconds, m_current.scaleUpSelect,
        m_current.scaleUpPolicies);
    rules(QStringLiteral("scaleDown"), t.scaleDown, m_current.scaleDownWindowSeconds, m_current.scaleDownSelect,
        m_current.scaleDownPolicies);
    return lines;
}

changes::OperationRequest HpaTuningDraft::request() const
{
    changes::OperationRequest request;
    request.kind = changes::OperationKind::HpaTune;
    request.hpa = tuning();
    return request;
}

changes::ObjectRef HpaTuningDraft::target() const
{
    return { m_cluster, QString(), QStringLiteral("HorizontalPodAutoscaler"), m_hpa.meta.namespaceName.toString(),
        m_hpa.meta.name };
}

QString scalingPoliciesText(const QList<fleet::HpaScalingPolicy>& policies)
{
    QStringList parts;
    for (const fleet::HpaScalingPolicy& policy : policies)
        parts << QStringLiteral("%1 %2/%3s")
                     .arg(policy.pods ? QStringLiteral("Pods") : QStringLiteral("Percent"))
                     .arg(policy.value)
                     .arg(policy.periodSeconds);
    return parts.join(QStringLiteral(" + "));
}

std::optional<QList<fleet::HpaScalingPolicy>> parseScalingPolicies(const QString& text)
{
    static const QRegularExpression one(QStringLiteral(R"(^\s*(Pods|Percent)\s+(\d+)\s*/\s*(\d+)\s*s?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    QList<fleet::HpaScalingPolicy> policies;
    if (text.trimmed().isEmpty())
        return policies;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[+,]")))) {
        const QRegularExpressionMatch match = one.match(part);
        if (!match.hasMatch())
            return std::nullopt;
        policies.append({ match.captured(1).compare(QLatin1String("Pods"), Qt::CaseInsensitive) == 0,
            match.captured(2).toInt(), match.captured(3).toInt() });
    }
    return policies;
}

} // namespace minato::items
