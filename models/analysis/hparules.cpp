// SPDX-License-Identifier: Apache-2.0
#include "analysis/hparules.h"

#include "analysis/hpaactivity.h"
#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

namespace {

    void conditionEvidence(Finding& f, const QString& type, const fleet::DetailedCondition& condition)
    {
        f.evidence.append({ QStringLiteral("condition"), type });
        f.evidence.append(
            { QStringLiteral("status"), condition.isTrue() ? QStringLiteral("True") : QStringLiteral("False") });
        f.evidence.append({ QStringLiteral("reason"), condition.reason.toString() });
        if (!condition.message.isEmpty())
            f.evidence.append({ QStringLiteral("message"), evidenceMessage(condition.message) });
    }

    QString target(const fleet::HpaInfo& hpa)
    {
        return hpa.targetKind.toString() + QLatin1Char('/') + hpa.targetName;
    }

    // Up and down and up again within half an hour: the load is noisy against a tight target, or
    // scale-down has no stabilization. Judged from the controller's SuccessfulRescale events.
    void flapping(RuleInput& input, const fleet::HpaInfo& hpa)
    {
        constexpr qint64 WindowMs = 30 * 60 * 1000;
        constexpr int Changes = 4;
        const qint64 nowMs = input.nowSecs * 1000;
        const HpaActivity activity = HpaActivity::ofEvents(input.store, hpa, nowMs - WindowMs, nowMs);
        if (!activity.isFlapping(Changes))
            return;
        const qint64 firstSecs = activity.steps.isEmpty() ? 0 : activity.steps.constFirst().timeMs / 1000;
        Finding& f = input.add(Severity::Warning, QStringLiteral("hpa.flapping"),
            QStringLiteral("HorizontalPodAutoscaler"), hpa.meta,
            QStringLiteral("HPA flapping: %1 direction changes in 30m").arg(activity.directionChanges), firstSecs);
        f.evidence = { { QStringLiteral("rescales"), QString::number(activity.rescales) },
            { QStringLiteral("directionChanges"), QString::number(activity.directionChanges) },
            { QStringLiteral("scaleDown.stabilizationWindowSeconds"),
                hpa.scaleDown.stabilizationWindowSeconds >= 0 ? QString::number(hpa.scaleDown.stabilizationWindowSeconds)
                                                              : QStringLiteral("300 (default)") },
            { QStringLiteral("target"), target(hpa) } };
    }

} // namespace

void hpaRules(RuleInput& input)
{
    const QString kind = QStringLiteral("HorizontalPodAutoscaler");
    for (const fleet::HpaInfo& hpa : input.store.hpas()) {
        if (hpa.scalingActive.isFalse()) {
            const QString reason = hpa.scalingActive.reason.toString();
            const bool disabled = reason == QLatin1StringView("ScalingDisabled");
            Finding& f = input.add(disabled ? Severity::Info : Severity::Warning,
                QStringLiteral("hpa.scaling-inactive"), kind, hpa.meta,
                QStringLiteral("HPA cannot compute replicas: ") + reason, hpa.scalingActive.lastTransitionTime);
            conditionEvidence(f, QStringLiteral("ScalingActive"), hpa.scalingActive);
            f.evidence.append({ QStringLiteral("target"), target(hpa) });
        }
        if (hpa.ableToScale.isFalse()) {
            Finding& f = input.add(Severity::Warning, QStringLiteral("hpa.cannot-scale"), kind, hpa.meta,
                QStringLiteral("HPA cannot scale its target: ") + hpa.ableToScale.reason.toString(),
                hpa.ableToScale.lastTransitionTime);
            conditionEvidence(f, QStringLiteral("AbleToScale"), hpa.ableToScale);
            f.evidence.append({ QStringLiteral("target"), target(hpa) });
        }
        // At the ceiling and not asking to come down: more load gets no more pods.
        if (hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas && hpa.desiredReplicas >= hpa.maxReplicas) {
            const bool limited
                = hpa.scalingLimited.isTrue() && hpa.scalingLimited.reason == QLatin1StringView("TooManyReplicas");
            Finding& f = input.add(Severity::Warning, QStringLiteral("hpa.at-max"), kind, hpa.meta,
                QStringLiteral("HPA pinned at maxReplicas (%1)").arg(hpa.maxReplicas),
                limited ? hpa.scalingLimited.lastTransitionTime : 0);
            f.evidence = { { QStringLiteral("currentReplicas"), QString::number(hpa.currentReplicas) },
                { QStringLiteral("desiredReplicas"), QString::number(hpa.desiredReplicas) },
                { QStringLiteral("maxReplicas"), QString::number(hpa.maxReplicas) } };
            if (hpa.scalingLimited.isTrue())
                f.evidence.append({ QStringLiteral("ScalingLimited"), hpa.scalingLimited.reason.toString() });
            f.evidence.append({ QStringLiteral("target"), target(hpa) });
        }
        flapping(input, hpa);
    }
}

} // namespace minato::analysis
