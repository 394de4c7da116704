// SPDX-License-Identifier: Apache-2.0
#include "operationshpa.h"

#include "export/operations.h"

#include <QJsonArray>

#include <cmath>

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

    // The key of a metric's source object in spec.metrics[]: "resource", "pods", "object" …
    QString sourceKey(const QJsonObject& metric)
    {
        QString type = metric.value(QLatin1String("type")).toString();
        if (!type.isEmpty())
            type[0] = type.at(0).toLower();
        return type;
    }

    // Canonical quantity text for `milli` milli-units, in the family of the text it replaces:
    // binary suffixes where the old target had one and the value is whole kibibytes, else plain
    // units or milli-units ("500m"). Never rounds more than to a milli-unit.
    QString quantityText(qint64 milli, const QString& previous)
    {
        if (milli % 1000 != 0)
            return QString::number(milli) + QLatin1Char('m');
        qint64 units = milli / 1000;
        if (previous.endsWith(QLatin1Char('i')) && units != 0) {
            static const char* const suffixes[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi" };
            int power = 0;
            while (power < 5 && units % 1024 == 0) {
                units /= 1024;
                ++power;
            }
            return QString::number(units) + QLatin1String(suffixes[power]);
        }
        return QString::number(units);
    }

    // The metric with its target set to `value` (see HpaMetricTarget), in the version's shape;
    // the old target's text for the summary goes to `was`.
    std::optional<QJsonObject> withTarget(QJsonObject metric, double value, HpaShape shape, QString* was)
    {
        const QString key = sourceKey(metric);
        QJsonObject source = metric.value(key).toObject();
        if (key.isEmpty() || source.isEmpty())
            return std::nullopt;
        const qint64 milli = qint64(std::llround(value * 1000.0));
        if (shape == HpaShape::V2Beta1) {
            for (const char* field : { "targetAverageUtilization", "targetAverageValue", "targetValue" }) {
                const QJsonValue old = source.value(QLatin1String(field));
                if (old.isUndefined())
                    continue;
                *was = old.isString() ? old.toString() : QString::number(old.toInt());
                if (old.isString())
                    source.insert(QLatin1String(field), quantityText(milli, old.toString()));
                else
                    source.insert(QLatin1String(field), int(std::lround(value)));
                metric.insert(key, source);
                return metric;
            }
            return std::nullopt;
        }
        QJsonObject target = source.value(QLatin1String("target")).toObject();
        const QString type = target.value(QLatin1String("type")).toString();
        if (type == QLatin1String("Utilization")) {
            *was = QString::number(target.value(QLatin1String("averageUtilization")).toInt()) + QLatin1Char('%');
            target.insert(QStringLiteral("averageUtilization"), int(std::lround(value)));
        } else if (type == QLatin1String("AverageValue") || type == QLatin1String("Value")) {
            const QLatin1String field(type == QLatin1String("Value") ? "value" : "averageValue");
            *was = target.value(field).toString();
            target.insert(field, quantityText(milli, *was));
        } else {
            return std::nullopt;
        }
        source.insert(QStringLiteral("target"), target);
        metric.insert(key, source);
        return metric;
    }

    QString metricName(const QJsonObject& metric)
    {
        const QString key = sourceKey(metric);
        const QJsonObject source = metric.value(key).toObject();
        QString name = source.value(QLatin1String("name")).toString();
        if (name.isEmpty()) // v2beta2/v2 keep the name in .metric
            name = source.value(QLatin1String("metric")).toObject().value(QLatin1String("name")).toString();
        if (name.isEmpty()) // v2beta1 pods/object/external
            name = source.value(QLatin1String("metricName")).toString();
        return key + QLatin1Char('/') + name;
    }

    QJsonArray policiesJson(const QList<fleet::HpaScalingPolicy>& policies)
    {
        QJsonArray list;
        for (const fleet::HpaScalingPolicy& policy : policies)
            list.append(QJsonObject { { QStringLiteral("type"), policy.pods ? QStringLiteral("Pods") : QStringLiteral("Percent") },
                { QStringLiteral("value"), policy.value }, { QStringLiteral("periodSeconds"), policy.periodSeconds } });
        return list;
    }

    QString policiesText(const QJsonArray& policies)
    {
        if (policies.isEmpty())
            return QStringLiteral("default");
        QStringList parts;
        for (const QJsonValue& value : policies) {
            const QJsonObject policy = value.toObject();
            parts << QStringLiteral("%1 %2/%3s")
                         .arg(policy.value(QLatin1String("type")).toString())
                         .arg(policy.value(QLatin1String("value")).toInt())
                         .arg(policy.value(QLatin1String("periodSeconds")).toInt());
        }
        return parts.join(QStringLiteral(" + "));
    }

    std::optional<QString> checkRules(const HpaRulesTuning& rules)
    {
        if (rules.stabilizationSeconds && (*rules.stabilizationSeconds < 0 || *rules.stabilizationSeconds > 3600))
            return QStringLiteral("a stabilization window is 0 to 3600 seconds");
        if (rules.selectPolicy && *rules.selectPolicy != QLatin1String("Max") && *rules.selectPolicy != QLatin1String("Min")
            && *rules.selectPolicy != QLatin1String("Disabled"))
            return QStringLiteral("selectPolicy is Max, Min or Disabled, not %1").arg(*rules.selectPolicy);
        if (rules.policies) {
            for (const fleet::HpaScalingPolicy& policy : *rules.policies) {
                if (policy.value < 1)
                    return QStringLiteral("a scaling policy's value must be at least 1");
                if (policy.periodSeconds < 1 || policy.periodSeconds > 1800)
                    return QStringLiteral("a scaling policy's period is 1 to 1800 seconds");
            }
        }
        return std::nullopt;
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
        for (const HpaMetricTarget& target : tuning.metricTargets) {
            if (!(target.value > 0))
                return QStringLiteral("a metric target must be above 0");
        }
        if (const auto problem = checkRules(tuning.scaleUp))
            return problem;
        return checkRules(tuning.scaleDown);
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
    const bool behavior = !tuning.scaleUp.isEmpty() || !tuning.scaleDown.isEmpty();
    if (*shape != HpaShape::V2 && behavior)
        return operationRefused(
            QStringLiteral("%1 has no behavior; stabilization windows and policies need autoscaling/v2").arg(apiVersion));

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

    if (*shape == HpaShape::V1) {
        // v1 has one target, the CPU percentage: metric 0 of the list Minato decodes from it.
        std::optional<int> cpu = tuning.cpuUtilization;
        for (const HpaMetricTarget& target : tuning.metricTargets) {
            if (target.index != 0)
                return operationRefused(QStringLiteral("autoscaling/v1 HPAs have one target, the CPU utilization"));
            cpu = int(std::lround(target.value));
        }
        if (cpu) {
            specPatch.insert(QStringLiteral("targetCPUUtilizationPercentage"), *cpu);
            steps << fromTo(QStringLiteral("cpu"), spec.value(QLatin1String("targetCPUUtilizationPercentage")).toInt(-1),
                *cpu, QStringLiteral("%"));
        }
    } else if (tuning.cpuUtilization || tuning.memoryUtilization || !tuning.metricTargets.isEmpty()) {
        QJsonArray metrics = spec.value(QLatin1String("metrics")).toArray();
        for (const HpaMetricTarget& target : tuning.metricTargets) {
            if (target.index < 0 || target.index >= metrics.size())
                return operationRefused(QStringLiteral("the HPA has no metric %1").arg(target.index + 1));
            const QJsonObject metric = metrics.at(target.index).toObject();
            QString was;
            const auto changed = withTarget(metric, target.value, *shape, &was);
            if (!changed)
                return operationRefused(QStringLiteral("metric %1 (%2) has no target to change")
                                            .arg(target.index + 1)
                                            .arg(metricName(metric)));
            metrics.replace(target.index, *changed);
            QString now;
            withTarget(*changed, target.value, *shape, &now);
            steps << QStringLiteral("%1 %2 → %3").arg(metricName(metric), was, now);
        }
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
        const QList<std::pair<QString, const HpaRulesTuning*>> directions { { QStringLiteral("scaleUp"), &tuning.scaleUp },
            { QStringLiteral("scaleDown"), &tuning.scaleDown } };
        for (const auto& [direction, rules] : directions) {
            if (rules->isEmpty())
                continue;
            const QJsonObject now = current.value(direction).toObject();
            QJsonObject rulesPatch;
            if (rules->stabilizationSeconds) {
                rulesPatch.insert(QStringLiteral("stabilizationWindowSeconds"), *rules->stabilizationSeconds);
                steps << fromTo(direction + QStringLiteral(" window"),
                    now.value(QLatin1String("stabilizationWindowSeconds")).toInt(-1), *rules->stabilizationSeconds,
                    QStringLiteral("s"));
            }
            if (rules->selectPolicy) {
                rulesPatch.insert(QStringLiteral("selectPolicy"), *rules->selectPolicy);
                steps << QStringLiteral("%1 selectPolicy %2 → %3")
                             .arg(direction, now.value(QLatin1String("selectPolicy")).toString(QStringLiteral("Max")),
                                 *rules->selectPolicy);
            }
            if (rules->policies) {
                const QJsonArray policies = policiesJson(*rules->policies);
                rulesPatch.insert(QStringLiteral("policies"), policies);
                steps << QStringLiteral("%1 policies %2 → %3")
                             .arg(direction, policiesText(now.value(QLatin1String("policies")).toArray()),
                                 policiesText(policies));
            }
            behaviorPatch.insert(direction, rulesPatch);
        }
        specPatch.insert(QStringLiteral("behavior"), behaviorPatch);
    }

    const QJsonObject patch { { QStringLiteral("spec"), specPatch } };
    return patchChange(QStringLiteral("hpa-tune"), cluster, before, patch, steps.join(QStringLiteral(", ")));
}

} // namespace minato::changes
