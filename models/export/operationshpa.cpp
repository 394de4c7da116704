// SPDX-License-Identifier: Apache-2.0
#include "operationshpa.h"

#include "export/operations.h"

#include <QJsonArray>

namespace minato::changes {

namespace {

    enum class HpaShape
    {
        V1,
        V2Beta1,
        V2, // v2beta2 and v2 share the metric and behavior shape
    };

    std::optional<HpaShape> shapeOf(const QString& apiVersion)
    {
        if (apiVersion == QLatin1String("autoscaling/v1"))
            return HpaShape::V1;
        if (apiVersion == QLatin1String("autoscaling/v2beta1"))
            return HpaShape::V2Beta1;
        if (apiVersion == QLatin1String("autoscaling/v2beta2") || apiVersion == QLatin1String("autoscaling/v2"))
            return HpaShape::V2;
        return std::nullopt;
    }

    // The utilization a Resource metric of `resource` targets, or -1.
    int utilizationOf(const QJsonArray& metrics, const QString& resource, HpaShape shape)
    {
        for (const QJsonValue& value : metrics) {
            const QJsonObject metric = value.toObject();
            const QJsonObject source = metric.value(QLatin1String("resource")).toObject();
            if (metric.value(QLatin1String("type")).toString() != QLatin1String("Resource")
                || source.value(QLatin1String("name")).toString() != resource)
                continue;
            if (shape == HpaShape::V2Beta1)
                return source.value(QLatin1String("targetAverageUtilization")).toInt(-1);
            return source.value(QLatin1String("target"))
                .toObject()
                .value(QLatin1String("averageUtilization"))
                .toInt(-1);
        }
        return -1;
    }

    // Sets the Resource metric of `resource` to a utilization target, adding it when absent.
    QJsonArray withUtilization(QJsonArray metrics, const QString& resource, int percent, HpaShape shape)
    {
        const QJsonObject target = shape == HpaShape::V2Beta1
            ? QJsonObject { { QStringLiteral("name"), resource },
                  { QStringLiteral("targetAverageUtilization"), percent } }
            : QJsonObject { { QStringLiteral("name"), resource },
                  { QStringLiteral("target"),
                      QJsonObject { { QStringLiteral("type"), QStringLiteral("Utilization") },
                          { QStringLiteral("averageUtilization"), percent } } } };
        const QJsonObject metric { { QStringLiteral("type"), QStringLiteral("Resource") },
            { QStringLiteral("resource"), target } };
        for (qsizetype i = 0; i < metrics.size(); ++i) {
            const QJsonObject existing = metrics.at(i).toObject();
            if (existing.value(QLatin1String("type")).toString() == QLatin1String("Resource")
                && existing.value(QLatin1String("resource")).toObject().value(QLatin1String("name")).toString()
                    == resource) {
                metrics.replace(i, metric);
                return metrics;
            }
        }
        metrics.append(metric);
        return metrics;
    }

    QString fromTo(const QString& what, int from, int to, const QString& unit = {})
    {
        const QString old = from < 0 ? QStringLiteral("unset") : QString::number(from) + unit;
        return QStringLiteral("%1 %2 → %3%4").arg(what, old).arg(to).arg(unit);
    }

    std::optional<QString> checkRanges(const HpaTuning& tuning)
    {
        if (tuning.minReplicas && *tuning.minReplicas < 1)
            return QStringLiteral("minReplicas must be at least 1");
        if (tuning.maxReplicas && *tuning.maxReplicas < 1)
            return QStringLiteral("maxReplicas must be at least 1");
        for (const auto& percent : { tuning.cpuUtilization, tuning.memoryUtilization }) {
            if (percent && *percent < 1)
                return QStringLiteral("a utilization target must be at least 1 %");
        }
        for (const auto& seconds : { tuning.scaleUpStabilizationSeconds, tuning.scaleDownStabilizationSeconds }) {
            if (seconds && (*seconds < 0 || *seconds > 3600))
                return QStringLiteral("a stabilization window is 0 to 3600 seconds");
        }
        return std::nullopt;
    }

} // namespace

Expected<Change> hpaTuneChange(const QString& cluster, const QJsonObject& before, const HpaTuning& tuning)
{
    const QString kind = before.value(QLatin1String("kind")).toString();
    if (kind != QLatin1String("HorizontalPodAutoscaler"))
        return operationRefused(QStringLiteral("cannot tune a %1 as an HPA").arg(kind));
    const QString apiVersion = before.value(QLatin1String("apiVersion")).toString();
    const auto shape = shapeOf(apiVersion);
    if (!shape)
        return operationRefused(QStringLiteral("unknown HPA version %1").arg(apiVersion));
    if (tuning.isEmpty())
        return operationRefused(QStringLiteral("nothing to tune: give min, max, a utilization target or a window"));
    if (const auto problem = checkRanges(tuning))
        return operationRefused(*problem);
    if (*shape == HpaShape::V1 && tuning.memoryUtilization)
        return operationRefused(QStringLiteral("autoscaling/v1 HPAs scale on CPU only"));
    const bool behavior = tuning.scaleUpStabilizationSeconds || tuning.scaleDownStabilizationSeconds;
    if (*shape != HpaShape::V2 && behavior)
        return operationRefused(
            QStringLiteral("%1 has no behavior; stabilization windows need autoscaling/v2").arg(apiVersion));

    const QJsonObject spec = before.value(QLatin1String("spec")).toObject();
    QJsonObject specPatch;
    QStringList steps;
    const int currentMin = spec.value(QLatin1String("minReplicas")).toInt(1); // the API's default
    const int currentMax = spec.value(QLatin1String("maxReplicas")).toInt(-1);
    if (tuning.minReplicas) {
        specPatch.insert(QStringLiteral("minReplicas"), *tuning.minReplicas);
        steps << fromTo(QStringLiteral("min"), currentMin, *tuning.minReplicas);
    }
    if (tuning.maxReplicas) {
        specPatch.insert(QStringLiteral("maxReplicas"), *tuning.maxReplicas);
        steps << fromTo(QStringLiteral("max"), currentMax, *tuning.maxReplicas);
    }
    if (tuning.minReplicas.value_or(currentMin) > tuning.maxReplicas.value_or(currentMax) && currentMax >= 0)
        return operationRefused(QStringLiteral("minReplicas %1 would exceed maxReplicas %2")
                                    .arg(tuning.minReplicas.value_or(currentMin))
                                    .arg(tuning.maxReplicas.value_or(currentMax)));

    if (*shape == HpaShape::V1 && tuning.cpuUtilization) {
        specPatch.insert(QStringLiteral("targetCPUUtilizationPercentage"), *tuning.cpuUtilization);
        steps << fromTo(QStringLiteral("cpu"), spec.value(QLatin1String("targetCPUUtilizationPercentage")).toInt(-1),
            *tuning.cpuUtilization, QStringLiteral("%"));
    } else if (tuning.cpuUtilization || tuning.memoryUtilization) {
        QJsonArray metrics = spec.value(QLatin1String("metrics")).toArray();
        const QList<std::pair<QString, std::optional<int>>> targets { { QStringLiteral("cpu"), tuning.cpuUtilization },
            { QStringLiteral("memory"), tuning.memoryUtilization } };
        for (const auto& [resource, percent] : targets) {
            if (!percent)
                continue;
            steps << fromTo(resource, utilizationOf(metrics, resource, *shape), *percent, QStringLiteral("%"));
            metrics = withUtilization(metrics, resource, *percent, *shape);
        }
        specPatch.insert(QStringLiteral("metrics"), metrics);
    }

    if (behavior) {
        const QJsonObject current = spec.value(QLatin1String("behavior")).toObject();
        QJsonObject behaviorPatch;
        const QList<std::pair<QString, std::optional<int>>> windows { { QStringLiteral("scaleUp"),
                                                                          tuning.scaleUpStabilizationSeconds },
            { QStringLiteral("scaleDown"), tuning.scaleDownStabilizationSeconds } };
        for (const auto& [direction, seconds] : windows) {
            if (!seconds)
                continue;
            behaviorPatch.insert(direction, QJsonObject { { QStringLiteral("stabilizationWindowSeconds"), *seconds } });
            steps << fromTo(direction + QStringLiteral(" window"),
                current.value(direction).toObject().value(QLatin1String("stabilizationWindowSeconds")).toInt(-1),
                *seconds, QStringLiteral("s"));
        }
        specPatch.insert(QStringLiteral("behavior"), behaviorPatch);
    }

    const QJsonObject patch { { QStringLiteral("spec"), specPatch } };
    return patchChange(QStringLiteral("hpa-tune"), cluster, before, patch, steps.join(QStringLiteral(", ")));
}

} // namespace minato::changes
