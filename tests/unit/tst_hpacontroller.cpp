// SPDX-License-Identifier: Apache-2.0
// The simulator's HPA controller against the Kubernetes rules: the replica formula with its
// tolerance, min/max bounds, scale-rate policies, stabilization windows and failing metrics.
#include "sim/hpacontroller.h"

#include <QTest>

using namespace minato::sim;

namespace {

HpaSpec cpuHpa(int minReplicas, int maxReplicas, int targetUtilization, int downWindowSeconds = -1)
{
    HpaSpec spec;
    spec.name = QStringLiteral("web");
    spec.nameSpace = QStringLiteral("shop");
    spec.target = QStringLiteral("web");
    spec.minReplicas = minReplicas;
    spec.maxReplicas = maxReplicas;
    MetricSpec cpu;
    cpu.type = MetricSourceType::Resource;
    cpu.name = QStringLiteral("cpu");
    cpu.targetType = MetricTargetType::Utilization;
    cpu.target = targetUtilization;
    spec.metrics = { cpu };
    spec.scaleDown.stabilizationWindowSeconds = downWindowSeconds;
    return spec;
}

HpaMetricSample utilization(double percent, int ready)
{
    HpaMetricSample s;
    s.readyPods = ready;
    s.average = percent;
    s.averageRaw = percent / 100.0 * 0.25;
    return s;
}

} // namespace

class TestHpaController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formula_data()
    {
        QTest::addColumn<int>("current");
        QTest::addColumn<double>("ratio");
        QTest::addColumn<int>("expected");
        QTest::newRow("scale up: ceil(3 x 1.5)") << 3 << 1.5 << 5;
        QTest::newRow("scale up: ceil(4 x 1.11)") << 4 << 1.11 << 5;
        QTest::newRow("scale down: ceil(10 x 0.42)") << 10 << 0.42 << 5;
        QTest::newRow("inside tolerance above") << 6 << 1.09 << 6;
        QTest::newRow("inside tolerance below") << 6 << 0.91 << 6;
        QTest::newRow("inside tolerance, large") << 20 << 1.08 << 20;
        QTest::newRow("just outside the tolerance") << 10 << 1.11 << 12;
        QTest::newRow("idle") << 5 << 0.0 << 0;
    }
    void formula()
    {
        QFETCH(int, current);
        QFETCH(double, ratio);
        QFETCH(int, expected);
        QCOMPARE(HpaController::replicasForRatio(current, ratio), expected);
    }

    void unreadyAndMissingPods()
    {
        // Scaling up with unready pods: they count as idle, so 2 ready pods at 2x with 2
        // unready average out at exactly the target and nothing changes.
        QCOMPARE(HpaController::replicasForPods(4, 2.0, 2, 2, 0), 4);
        // Without unready pods the same load doubles the ready pods.
        QCOMPARE(HpaController::replicasForPods(2, 2.0, 2, 0, 0), 4);
        // Scaling down with missing pods: they are assumed at the target, which damps the move.
        QCOMPARE(HpaController::replicasForPods(4, 0.5, 2, 0, 2), 3);
        // A recomputed ratio that flips direction keeps the current count.
        QCOMPARE(HpaController::replicasForPods(4, 1.2, 2, 0, 2), 4);
    }

    void scalesUpWithRealReasons()
    {
        HpaController controller(cpuHpa(2, 10, 50));
        const HpaDecision d = controller.sync(0, 4, 4, { utilization(100, 4) });
        QVERIFY(d.rescale);
        QCOMPARE(d.desiredReplicas, 8);
        QCOMPARE(d.rescaleReason, QStringLiteral("cpu resource utilization (percentage of request) above target"));
        QCOMPARE(d.ableToScale.reason, QStringLiteral("SucceededRescale"));
        QCOMPARE(d.ableToScale.message, QStringLiteral("the HPA controller was able to update the target scale to 8"));
        QCOMPARE(d.scalingActive.status, QStringLiteral("True"));
        QCOMPARE(d.scalingActive.reason, QStringLiteral("ValidMetricFound"));
        QCOMPARE(d.scalingActive.message,
            QStringLiteral("the HPA was able to successfully calculate a replica count from cpu resource utilization "
                           "(percentage of request)"));
        QCOMPARE(d.scalingLimited.status, QStringLiteral("False"));
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("DesiredWithinRange"));
        QCOMPARE(d.currentMetrics.size(), 1);
        QCOMPARE(d.currentMetrics.first().averageUtilization, 100);
        QVERIFY(d.warnings.isEmpty());
    }

    void toleranceBandDoesNothing()
    {
        HpaController controller(cpuHpa(2, 10, 50));
        const HpaDecision d = controller.sync(0, 4, 4, { utilization(54, 4) });
        QVERIFY(!d.rescale);
        QCOMPARE(d.desiredReplicas, 4);
        QCOMPARE(d.ableToScale.reason, QStringLiteral("ReadyForNewScale"));
        QCOMPARE(d.ableToScale.message, QStringLiteral("recommended size matches current size"));
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("DesiredWithinRange"));
    }

    void clampsToMaxReplicas()
    {
        HpaController controller(cpuHpa(2, 10, 50));
        // 8 pods at 150%: 24 wanted; the rate limit allows 16, the maximum only 10.
        const HpaDecision d = controller.sync(0, 8, 8, { utilization(150, 8) });
        QCOMPARE(d.desiredReplicas, 10);
        QCOMPARE(d.scalingLimited.status, QStringLiteral("True"));
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("TooManyReplicas"));
        QCOMPARE(d.scalingLimited.message,
            QStringLiteral("the desired replica count is more than the maximum replica count"));
    }

    void limitsTheScaleUpRate()
    {
        HpaController controller(cpuHpa(1, 100, 50));
        // 2 pods at 500%: 20 wanted; the default policies allow max(2+4, 2x2) = 6 per 15 s.
        const HpaDecision d = controller.sync(0, 2, 2, { utilization(500, 2) });
        QCOMPARE(d.desiredReplicas, 6);
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("ScaleUpLimit"));
        QCOMPARE(d.scalingLimited.message,
            QStringLiteral("the desired replica count is increasing faster than the maximum scale rate"));
        // Within the same 15 s period the 4 pods already added count against the budget.
        const HpaDecision again = controller.sync(5000, 6, 6, { utilization(500, 6) });
        QCOMPARE(again.desiredReplicas, 6);
        QVERIFY(!again.rescale);
        // Once the period has passed it may grow again: max(6+4, 6x2) = 12.
        const HpaDecision later = controller.sync(16000, 6, 6, { utilization(500, 6) });
        QCOMPARE(later.desiredReplicas, 12);
    }

    void clampsToMinReplicas()
    {
        HpaController controller(cpuHpa(3, 10, 50, 0));
        const HpaDecision d = controller.sync(0, 5, 5, { utilization(10, 5) });
        QCOMPARE(d.desiredReplicas, 3);
        QVERIFY(d.rescale);
        QCOMPARE(d.rescaleReason, QStringLiteral("All metrics below target"));
        QCOMPARE(d.scalingLimited.status, QStringLiteral("True"));
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("TooFewReplicas"));
    }

    void outOfBoundsReplicasAreCorrected()
    {
        HpaController controller(cpuHpa(3, 10, 50));
        const HpaDecision below = controller.sync(0, 1, 1, { utilization(50, 1) });
        QCOMPARE(below.desiredReplicas, 3);
        QCOMPARE(below.rescaleReason, QStringLiteral("Current number of replicas below Spec.MinReplicas"));
        HpaController other(cpuHpa(3, 10, 50));
        const HpaDecision above = other.sync(0, 14, 14, { utilization(50, 14) });
        QCOMPARE(above.desiredReplicas, 10);
        QCOMPARE(above.rescaleReason, QStringLiteral("Current number of replicas above Spec.MaxReplicas"));
    }

    void stabilizationKeepsTheHighestRecommendation()
    {
        HpaController controller(cpuHpa(2, 20, 50)); // the default 300 s scale-down window
        QCOMPARE(controller.sync(0, 4, 4, { utilization(100, 4) }).desiredReplicas, 8);
        // Load falls away at once: the recommendation (2) is held back by the recent 8.
        const HpaDecision held = controller.sync(15000, 8, 8, { utilization(10, 8) });
        QVERIFY(!held.rescale);
        QCOMPARE(held.desiredReplicas, 8);
        QCOMPARE(held.ableToScale.reason, QStringLiteral("ScaleDownStabilized"));
        QCOMPARE(held.ableToScale.message,
            QStringLiteral(
                "recent recommendations were higher than current one, applying the highest recent recommendation"));
        // A middling recommendation of 6 inside the window.
        QCOMPARE(controller.sync(200000, 8, 8, { utilization(37, 8) }).desiredReplicas, 8);
        // After 300 s the 8 has left the window; the highest left is 6, not the current 2.
        const HpaDecision later = controller.sync(320000, 8, 8, { utilization(10, 8) });
        QVERIFY(later.rescale);
        QCOMPARE(later.desiredReplicas, 6);
        QCOMPARE(later.rescaleReason, QStringLiteral("All metrics below target"));
        // And once the 6 is older than the window as well, it goes down to 2.
        QCOMPARE(controller.sync(520000, 6, 6, { utilization(10, 6) }).desiredReplicas, 2);
    }

    void scaleDownPolicyLimitsTheRate()
    {
        HpaSpec spec = cpuHpa(1, 20, 50, 0);
        spec.scaleDown.policies = { { QStringLiteral("Pods"), 2, 60 } };
        HpaController controller(spec);
        const HpaDecision d = controller.sync(0, 10, 10, { utilization(5, 10) });
        QCOMPARE(d.desiredReplicas, 8);
        QCOMPARE(d.scalingLimited.reason, QStringLiteral("ScaleDownLimit"));
        QCOMPARE(d.scalingLimited.message,
            QStringLiteral("the desired replica count is decreasing faster than the maximum scale rate"));
        QCOMPARE(controller.sync(30000, 8, 8, { utilization(5, 8) }).desiredReplicas, 8);
        QCOMPARE(controller.sync(61000, 8, 8, { utilization(5, 8) }).desiredReplicas, 6);
    }

    void missingMetricsDoNotScale()
    {
        HpaController controller(cpuHpa(2, 10, 50));
        HpaMetricSample failed;
        failed.available = false;
        failed.failureReason = QStringLiteral("FailedGetResourceMetric");
        failed.failureMessage = QStringLiteral(
            "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from "
            "resource metrics API: the server is currently unable to handle the request (get pods.metrics.k8s.io)");
        const HpaDecision d = controller.sync(0, 4, 5, { failed });
        QVERIFY(!d.rescale);
        QCOMPARE(d.desiredReplicas, 5); // status.desiredReplicas is left as it was
        QCOMPARE(d.ableToScale.reason, QStringLiteral("SucceededGetScale"));
        QCOMPARE(d.scalingActive.status, QStringLiteral("False"));
        QCOMPARE(d.scalingActive.reason, QStringLiteral("FailedGetResourceMetric"));
        QCOMPARE(d.scalingActive.message,
            QStringLiteral("the HPA was unable to compute the replica count: ") + failed.failureMessage);
        QVERIFY(d.scalingLimited.status.isEmpty());
        QCOMPARE(d.warnings.size(), 2);
        QCOMPARE(d.warnings.at(0).first, QStringLiteral("FailedGetResourceMetric"));
        QCOMPARE(d.warnings.at(1).first, QStringLiteral("FailedComputeMetricsReplicas"));
        QCOMPARE(d.warnings.at(1).second,
            QStringLiteral(
                "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ")
                + failed.failureMessage);
        QVERIFY(!d.currentMetrics.first().valid);
    }

    void partlyMissingMetricsNeverScaleDown()
    {
        HpaSpec spec = cpuHpa(1, 10, 50, 0);
        MetricSpec requests;
        requests.type = MetricSourceType::Pods;
        requests.name = QStringLiteral("http_requests_per_second");
        requests.targetType = MetricTargetType::AverageValue;
        requests.target = 100;
        spec.metrics.append(requests);
        HpaController controller(spec);
        HpaMetricSample missing;
        missing.available = false;
        missing.failureReason = QStringLiteral("FailedGetPodsMetric");
        missing.failureMessage
            = QStringLiteral("unable to get metric http_requests_per_second: unable to fetch metrics from custom "
                             "metrics API: no custom metrics API (custom.metrics.k8s.io) registered");
        const HpaDecision d = controller.sync(0, 6, 6, { utilization(10, 6), missing });
        QCOMPARE(d.desiredReplicas, 6);
        QVERIFY(!d.rescale);
        QCOMPARE(d.scalingActive.reason, QStringLiteral("ValidMetricFound"));
        QCOMPARE(d.warnings.first().first, QStringLiteral("FailedGetPodsMetric"));
        // It still scales up on the metric it has.
        QCOMPARE(controller.sync(15000, 6, 6, { utilization(100, 6), missing }).desiredReplicas, 10);
    }

    void externalMetrics()
    {
        HpaSpec spec = cpuHpa(1, 20, 50);
        MetricSpec queue;
        queue.type = MetricSourceType::External;
        queue.name = QStringLiteral("queue_messages_ready");
        queue.selector = { { QStringLiteral("queue"), QStringLiteral("orders") } };
        queue.targetType = MetricTargetType::AverageValue;
        queue.target = 30;
        spec.metrics = { queue };
        QCOMPARE(HpaController::metricName(queue),
            QStringLiteral("external metric queue_messages_ready(&LabelSelector{MatchLabels:map[string]string{queue: "
                           "orders,},MatchExpressions:[]LabelSelectorRequirement{},})"));
        HpaController controller(spec);
        HpaMetricSample sample;
        sample.readyPods = 2;
        sample.value = 150; // 150 messages at 30 per pod: 5 pods
        const HpaDecision d = controller.sync(0, 2, 2, { sample });
        QCOMPARE(d.desiredReplicas, 5);
        QCOMPARE(d.currentMetrics.first().averageValue, 75.0);
        QVERIFY(d.rescaleReason.startsWith(QStringLiteral("external metric queue_messages_ready(")));
    }

    void defaultsOfBehavior()
    {
        const ScalingRulesSpec up = HpaController::effectiveRules({}, true);
        QCOMPARE(up.stabilizationWindowSeconds, 0);
        QCOMPARE(up.selectPolicy, QStringLiteral("Max"));
        QCOMPARE(up.policies.size(), 2);
        const ScalingRulesSpec down = HpaController::effectiveRules({}, false);
        QCOMPARE(down.stabilizationWindowSeconds, 300);
        QCOMPARE(down.policies.size(), 1);
        QCOMPARE(down.policies.first().type, QStringLiteral("Percent"));
        QCOMPARE(down.policies.first().value, 100);
    }
};

QTEST_GUILESS_MAIN(TestHpaController)
#include "tst_hpacontroller.moc"
