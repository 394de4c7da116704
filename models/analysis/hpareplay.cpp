// SPDX-License-Identifier: Apache-2.0
#include "analysis/hpareplay.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <deque>

namespace minato::analysis {

namespace {

    QList<fleet::HpaScalingPolicy> defaultPolicies(bool up)
    {
        if (up)
            return { { true, 4, 15 }, { false, 100, 15 } };
        return { { false, 100, 15 } };
    }

    struct ScaleEvent
    {
        qint64 atMs;
        int change;
        bool up;
    };

    // The controller's normalizeDesiredReplicasWithBehaviors: stabilization windows over the
    // recommendations, then the policies' rate limits over the recent scale events, then bounds.
    class Controller
    {
    public:
        explicit Controller(const HpaReplaySettings& s)
            : m_s(s)
        {
            if (m_s.scaleUpPolicies.isEmpty())
                m_s.scaleUpPolicies = defaultPolicies(true);
            if (m_s.scaleDownPolicies.isEmpty())
                m_s.scaleDownPolicies = defaultPolicies(false);
        }

        int decide(qint64 now, int current, int proposal)
        {
            m_recommendations.push_back({ now, proposal });
            const qint64 upCut = now - m_s.scaleUpWindowSeconds * 1000LL;
            const qint64 downCut = now - m_s.scaleDownWindowSeconds * 1000LL;
            int up = proposal;
            int down = proposal;
            // Strictly inside the window, as the controller's rec.timestamp.After(cutoff).
            for (const auto& [at, replicas] : m_recommendations) {
                if (at > upCut)
                    up = std::min(up, replicas);
                if (at > downCut)
                    down = std::max(down, replicas);
            }
            int stabilized = std::clamp(current, up, std::max(up, down));
            int result = stabilized;
            if (stabilized > current)
                result = std::min({ stabilized, upLimit(now, current), m_s.maxReplicas });
            else if (stabilized < current)
                result = std::max({ stabilized, downLimit(now, current), m_s.minReplicas });
            result = std::clamp(result, m_s.minReplicas, std::max(m_s.minReplicas, m_s.maxReplicas));
            if (result != current)
                m_events.push_back({ now, std::abs(result - current), result > current });
            forget(now);
            return result;
        }

    private:
        int changedWithin(qint64 now, int periodSeconds, bool up) const
        {
            int sum = 0;
            for (const ScaleEvent& e : m_events)
                if (e.up == up && e.atMs > now - periodSeconds * 1000LL)
                    sum += e.change;
            return sum;
        }

        int upLimit(qint64 now, int current) const
        {
            if (m_s.scaleUpSelect == QLatin1StringView("Disabled"))
                return current;
            const bool pickMin = m_s.scaleUpSelect == QLatin1StringView("Min");
            int result = pickMin ? INT_MAX : INT_MIN;
            for (const fleet::HpaScalingPolicy& p : m_s.scaleUpPolicies) {
                const int start = current - changedWithin(now, p.periodSeconds, true)
                    + changedWithin(now, p.periodSeconds, false);
                const int proposed = p.pods ? start + p.value : int(std::ceil(start * (1.0 + p.value / 100.0)));
                result = pickMin ? std::min(result, proposed) : std::max(result, proposed);
            }
            return std::max(result, current);
        }

        int downLimit(qint64 now, int current) const
        {
            if (m_s.scaleDownSelect == QLatin1StringView("Disabled"))
                return current;
            const bool pickMin = m_s.scaleDownSelect == QLatin1StringView("Min");
            int result = pickMin ? INT_MIN : INT_MAX;
            for (const fleet::HpaScalingPolicy& p : m_s.scaleDownPolicies) {
                const int start = current - changedWithin(now, p.periodSeconds, true)
                    + changedWithin(now, p.periodSeconds, false);
                const int proposed = p.pods ? start - p.value : int(start * (1.0 - p.value / 100.0));
                result = pickMin ? std::max(result, proposed) : std::min(result, proposed);
            }
            return std::min(result, current);
        }

        void forget(qint64 now)
        {
            qint64 horizon = std::max(m_s.scaleUpWindowSeconds, m_s.scaleDownWindowSeconds) * 1000LL;
            for (const fleet::HpaScalingPolicy& p : m_s.scaleUpPolicies + m_s.scaleDownPolicies)
                horizon = std::max<qint64>(horizon, p.periodSeconds * 1000LL);
            while (!m_recommendations.empty() && m_recommendations.front().first < now - horizon)
                m_recommendations.pop_front();
            while (!m_events.empty() && m_events.front().atMs < now - horizon)
                m_events.pop_front();
        }

        HpaReplaySettings m_s;
        std::deque<std::pair<qint64, int>> m_recommendations;
        std::deque<ScaleEvent> m_events;
    };

} // namespace

HpaReplaySettings HpaReplaySettings::of(const fleet::HpaInfo& hpa, qsizetype metricCount)
{
    HpaReplaySettings s;
    s.minReplicas = std::max(1, hpa.minReplicas);
    s.maxReplicas = std::max(s.minReplicas, hpa.maxReplicas);
    for (qsizetype i = 0; i < metricCount; ++i)
        s.targets << history::UnknownValue;
    s.scaleUpWindowSeconds = std::max(0, hpa.scaleUp.stabilizationWindowSeconds);
    s.scaleDownWindowSeconds = hpa.scaleDown.stabilizationWindowSeconds >= 0 ? hpa.scaleDown.stabilizationWindowSeconds : 300;
    s.scaleUpPolicies = hpa.scaleUp.policies;
    s.scaleDownPolicies = hpa.scaleDown.policies;
    if (!hpa.scaleUp.selectPolicy.isEmpty())
        s.scaleUpSelect = hpa.scaleUp.selectPolicy;
    if (!hpa.scaleDown.selectPolicy.isEmpty())
        s.scaleDownSelect = hpa.scaleDown.selectPolicy;
    return s;
}

HpaReplay HpaReplay::run(
    const history::HpaTimeline& timeline, const HpaReplaySettings& settings, qint64 fromMs, qint64 toMs)
{
    HpaReplay replay;
    Controller controller(settings);
    int replicas = -1;
    int lastDirection = 0;
    qint64 previousMs = 0;
    for (const history::HpaSample& sample : timeline.samples) {
        if (sample.timeMs < fromMs || sample.timeMs > toMs || sample.currentReplicas <= 0)
            continue;
        if (replicas < 0)
            replicas = std::clamp(sample.currentReplicas, settings.minReplicas, settings.maxReplicas);
        else {
            const qint64 span = sample.timeMs - previousMs;
            replay.replicaSeconds += replicas * span / 1000;
            if (replicas >= settings.maxReplicas)
                replay.atMaxMs += span;
        }
        previousMs = sample.timeMs;
        // The largest proposal over the metrics wins, as in computeReplicasForMetrics.
        int proposal = -1;
        for (qsizetype m = 0; m < sample.metricCurrent.size(); ++m) {
            const double measured = sample.metricCurrent.at(m);
            double target = m < settings.targets.size() ? settings.targets.at(m) : history::UnknownValue;
            if (std::isnan(target) && m < sample.metricTarget.size())
                target = sample.metricTarget.at(m);
            if (std::isnan(measured) || !(target > 0))
                continue;
            // The demand measured on the recorded replicas, spread over the replayed ones.
            const double usage = measured * sample.currentReplicas / replicas;
            const double ratio = usage / target;
            const int wanted = std::abs(ratio - 1.0) <= settings.tolerance ? replicas : int(std::ceil(replicas * ratio));
            proposal = std::max(proposal, wanted);
        }
        if (proposal < 0)
            proposal = replicas; // no metric: the controller keeps the scale
        const int next = controller.decide(sample.timeMs, replicas, proposal);
        if (next != replicas) {
            const int direction = next > replicas ? 1 : -1;
            if (lastDirection != 0 && direction != lastDirection)
                ++replay.directionChanges;
            lastDirection = direction;
            ++replay.rescales;
        }
        replicas = next;
        replay.peak = std::max(replay.peak, replicas);
        replay.points.append({ sample.timeMs, replicas });
    }
    return replay;
}

} // namespace minato::analysis
