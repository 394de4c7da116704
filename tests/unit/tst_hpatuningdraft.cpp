// SPDX-License-Identifier: Apache-2.0
// The HPA tuning draft: a real HPA (decoded as the engine decodes it), a recorded history whose
// load flaps, the settings being tried replayed over it, and the tuning it turns into: only what
// differs, and a patch the export layer accepts in the HPA's own version.
#include "export/cleanmanifest.h"
#include "export/operationshpa.h"
#include "fleet/projectiondecoder.h"
#include "items/hpatuningdraft.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace minato;
using namespace minato::items;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Start = 1'700'000'000'000LL;
constexpr int Steps = 24 * 60 * 4; // 24 h of 15 s samples

QJsonObject limitedHpa()
{
    return QJsonDocument::fromJson(readFixture(u"hpa_v2_limited.json"_s)).object();
}

fleet::HpaInfo decoded(const QJsonObject& object)
{
    fleet::ProjectionDecoder decoder;
    auto hpa = decoder.decodeObject<fleet::HpaInfo>(QJsonDocument(object).toJson());
    if (!hpa)
        qFatal("%s", qPrintable(hpa.error().message));
    return std::move(hpa).value();
}

// What was recorded on 4 pods while the queue came in bursts: 300 messages every other minute,
// 40 in between (the external metric is an average per pod, target 30); the other two metrics
// reported nothing.
history::HpaTimeline burstyQueue()
{
    history::HpaTimeline timeline;
    timeline.metricLabels = { u"external/sqs_messages_visible"_s, u"containerResource/cpu"_s, u"object/requests"_s };
    for (int i = 0; i < Steps; ++i) {
        history::HpaSample sample;
        sample.timeMs = Start + i * 15000LL;
        sample.minReplicas = 2;
        sample.maxReplicas = 20;
        sample.currentReplicas = 4;
        sample.desiredReplicas = 4;
        const bool busy = (i / 4) % 2 == 0;
        sample.metricCurrent = { (busy ? 300.0 : 40.0) / 4, history::UnknownValue, history::UnknownValue };
        sample.metricTarget = { 30, 60, 10000 };
        timeline.samples.append(sample);
    }
    return timeline;
}

HpaTuningDraft draftOf(const QJsonObject& object)
{
    return HpaTuningDraft(u"shop-prod"_s, decoded(object), burstyQueue(), Start, Start + Steps * 15000LL);
}

} // namespace

class TestHpaTuningDraft : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void currentSettingsComeFromTheSpec()
    {
        const HpaTuningDraft draft = draftOf(limitedHpa());
        QCOMPARE(draft.current().minReplicas, 2);
        QCOMPARE(draft.current().maxReplicas, 20);
        QCOMPARE(draft.current().targets, (QList<double> { 30, 60, 10000 }));
        QCOMPARE(draft.current().scaleDownWindowSeconds, 300); // not set: the controller's default
        QVERIFY(draft.hasBehavior());
        QCOMPARE(draft.samplesWithMetrics(), Steps);
        QVERIFY(draft.tuning().isEmpty());
        QVERIFY(draft.changeLines().isEmpty());
        const analysis::HpaReplay did = draft.recorded();
        QCOMPARE(did.points.size(), Steps);
        QCOMPARE(did.rescales, 0); // recorded on 4 pods throughout
        QCOMPARE(did.peak, 4);
        QCOMPARE(did.replicaSeconds, 4LL * (Steps - 1) * 15);
        QCOMPARE(draft.target().kind, u"HorizontalPodAutoscaler"_s);
        QCOMPARE(draft.target().namespaceName, u"batch"_s);
        QCOMPARE(draft.target().name, u"queue-consumer"_s);
        QVERIFY(draft.target().apiVersion.isEmpty()); // the planner picks the cluster's version
    }

    // Without a scale-down window the bursts make it flap; the default 300 s holds it up.
    void aWindowStopsTheFlapping()
    {
        HpaTuningDraft draft = draftOf(limitedHpa());
        analysis::HpaReplaySettings settings = draft.current();
        settings.scaleDownWindowSeconds = 0;
        draft.setProposed(settings);
        const analysis::HpaReplay now = draft.replayCurrent();
        const analysis::HpaReplay without = draft.replayProposed();
        QVERIFY2(without.directionChanges > 100, qPrintable(QString::number(without.directionChanges)));
        QVERIFY2(now.directionChanges < without.directionChanges / 10,
            qPrintable(u"%1 vs %2"_s.arg(now.directionChanges).arg(without.directionChanges)));
        QVERIFY(now.replicaSeconds > without.replicaSeconds); // the window costs pods

        const changes::HpaTuning tuning = draft.tuning();
        QCOMPARE(tuning.scaleDown.stabilizationSeconds, std::optional<int>(0));
        QVERIFY(tuning.scaleUp.isEmpty());
        QVERIFY(!tuning.minReplicas && !tuning.maxReplicas && tuning.metricTargets.isEmpty());
        const changes::OperationRequest request = draft.request();
        QCOMPARE(request.kind, changes::OperationKind::HpaTune);
        const auto change = changes::hpaTuneChange(u"shop-prod"_s, changes::cleanManifest(limitedHpa()), request.hpa);
        QVERIFY2(change, change ? "" : qPrintable(change.error().message));
        QCOMPARE(QJsonDocument(change->patch).toJson(QJsonDocument::Compact),
            R"({"spec":{"behavior":{"scaleDown":{"stabilizationWindowSeconds":0}}}})");
    }

    void boundsAndTargetsReplay()
    {
        HpaTuningDraft draft = draftOf(limitedHpa());
        QCOMPARE(draft.replayCurrent().peak, 10); // 300 messages / 30 per pod

        analysis::HpaReplaySettings capped = draft.current();
        capped.maxReplicas = 6;
        draft.setProposed(capped);
        QCOMPARE(draft.replayProposed().peak, 6);
        QVERIFY(draft.replayProposed().atMaxMs > 3600 * 1000);
        QCOMPARE(draft.tuning().maxReplicas, std::optional<int>(6));

        analysis::HpaReplaySettings lower = draft.current();
        lower.targets[0] = 15;
        draft.setProposed(lower);
        QCOMPARE(draft.replayProposed().peak, 20); // 300 / 15, at max
        QCOMPARE(draft.tuning().metricTargets, (QList<changes::HpaMetricTarget> { { 0, 15 } }));

        analysis::HpaReplaySettings policies = draft.current();
        policies.scaleUpPolicies = { { true, 1, 60 } }; // one pod a minute
        policies.scaleUpSelect = u"Min"_s;
        draft.setProposed(policies);
        // 4 → 10 within 30 s by default (Pods 4 or Percent 100 per 15 s). A pod a minute, and only
        // in the busy minutes (every other one), needs 10 min.
        const auto firstAt = [](const analysis::HpaReplay& replay, int replicas) {
            for (const analysis::HpaReplayPoint& point : replay.points)
                if (point.replicas >= replicas)
                    return point.timeMs;
            return qint64(-1);
        };
        QCOMPARE(firstAt(draft.replayCurrent(), 10), Start + 15000);
        QCOMPARE(firstAt(draft.replayProposed(), 10), Start + 10 * 60000);
        QCOMPARE(draft.tuning().scaleUp.policies, std::optional(policies.scaleUpPolicies));
        QCOMPARE(draft.tuning().scaleUp.selectPolicy, std::optional(u"Min"_s));
        QCOMPARE(draft.changeLines(),
            (QStringList { u"scaleUp selectPolicy Max → Min"_s, u"scaleUp policies default → Pods 1/60s"_s }));

        lower.maxReplicas = 30;
        lower.scaleDownWindowSeconds = 60;
        draft.setProposed(lower);
        QCOMPARE(draft.changeLines(),
            (QStringList { u"max 20 → 30"_s, u"external/sqs_messages_visible target 30 → 15"_s,
                u"scaleDown window 300 s → 60 s"_s }));
    }

    // v2beta1 has no behavior: the draft does not offer what the HPA cannot hold.
    void noBehaviorBeforeV2beta2()
    {
        QJsonObject object = limitedHpa();
        object.insert(u"apiVersion"_s, u"autoscaling/v2beta1"_s);
        QJsonObject spec = object.value(u"spec").toObject();
        spec.insert(u"metrics"_s,
            QJsonArray { QJsonObject { { u"type"_s, u"External"_s },
                { u"external"_s,
                    QJsonObject { { u"metricName"_s, u"sqs_messages_visible"_s }, { u"targetAverageValue"_s, u"30"_s } } } } });
        object.insert(u"spec"_s, spec);
        HpaTuningDraft draft = draftOf(object);
        QVERIFY(!draft.hasBehavior());
        analysis::HpaReplaySettings settings = draft.current();
        settings.scaleDownWindowSeconds = 0;
        settings.maxReplicas = 8;
        draft.setProposed(settings);
        QCOMPARE(draft.proposed().scaleDownWindowSeconds, 300);
        QVERIFY(draft.tuning().scaleDown.isEmpty());
        QCOMPARE(draft.tuning().maxReplicas, std::optional<int>(8));
    }

    void policiesText()
    {
        const QList<fleet::HpaScalingPolicy> policies { { true, 4, 15 }, { false, 100, 15 } };
        QCOMPARE(scalingPoliciesText(policies), u"Pods 4/15s + Percent 100/15s"_s);
        QCOMPARE(parseScalingPolicies(u"Pods 4/15s + Percent 100/15s"_s), std::optional(policies));
        QCOMPARE(parseScalingPolicies(u" percent 10 / 60, pods 2/30s"_s),
            std::optional(QList<fleet::HpaScalingPolicy> { { false, 10, 60 }, { true, 2, 30 } }));
        QCOMPARE(parseScalingPolicies(u""_s), std::optional(QList<fleet::HpaScalingPolicy> {}));
        QVERIFY(!parseScalingPolicies(u"Pods four/15s"_s));
        QVERIFY(!parseScalingPolicies(u"Pods 4"_s));
    }
};

QTEST_GUILESS_MAIN(TestHpaTuningDraft)
#include "tst_hpatuningdraft.moc"
