// SPDX-License-Identifier: Apache-2.0
#include "fleet/hpainfo.h"
#include "fleet/kinddecoders.h"

namespace minato::fleet::detail {

namespace {

    MetricSourceType sourceOf(std::string_view name)
    {
        if (name == "Resource" || name == "resource")
            return MetricSourceType::Resource;
        if (name == "Pods" || name == "pods")
            return MetricSourceType::Pods;
        if (name == "Object" || name == "object")
            return MetricSourceType::Object;
        if (name == "External" || name == "external")
            return MetricSourceType::External;
        if (name == "ContainerResource" || name == "containerResource")
            return MetricSourceType::ContainerResource;
        return MetricSourceType::Unknown;
    }

    MetricTargetType targetTypeOf(std::string_view name)
    {
        if (name == "Utilization")
            return MetricTargetType::Utilization;
        if (name == "Value")
            return MetricTargetType::Value;
        if (name == "AverageValue")
            return MetricTargetType::AverageValue;
        return MetricTargetType::Unknown;
    }

    QString selectorOf(od::value& value, DecodeContext& ctx)
    {
        QString text;
        bool expressions = false;
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "matchLabels")
                text = readLabelSet(member, ctx).toString();
            else if (key == "matchExpressions")
                forEachElement(member, [&](od::value&) { expressions = true; });
        });
        if (expressions)
            text += text.isEmpty() ? QStringLiteral("(expressions)") : QStringLiteral(",(expressions)");
        return text;
    }

    void setAverageValue(HpaMetric& m, od::value& v)
    {
        m.averageValue = qstringOf(v);
        m.averageValueMilli = milliQuantityOf(v);
    }

    void setValue(HpaMetric& m, od::value& v)
    {
        m.value = qstringOf(v);
        m.valueMilli = milliQuantityOf(v);
    }

    // A value block: v2 "target"/"current" ({type, averageUtilization, averageValue, value}), which
    // for v2beta1 Object metrics is instead the described object ({kind, name, apiVersion}).
    void decodeValueBlock(od::value& value, HpaMetric& m)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "type")
                m.targetType = targetTypeOf(stringOf(member));
            else if (key == "averageUtilization")
                m.averageUtilization = int32Of(member, -1);
            else if (key == "averageValue")
                setAverageValue(m, member);
            else if (key == "value")
                setValue(m, member);
            else if (key == "kind")
                m.objectKind = qstringOf(member);
            else if (key == "name")
                m.objectName = qstringOf(member);
        });
    }

    // The member object of one metric ("resource": {...}, "pods": {...} …), any API version.
    void decodeSource(od::value& value, HpaMetric& m, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "name" || key == "metricName") {
                m.name = qstringOf(member);
            } else if (key == "container") {
                m.container = qstringOf(member);
            } else if (key == "metric") {
                forEachField(member, [&](std::string_view metricKey, od::value& metricValue) {
                    if (metricKey == "name")
                        m.name = qstringOf(metricValue);
                    else if (metricKey == "selector")
                        m.selector = selectorOf(metricValue, ctx);
                });
            } else if (key == "selector" || key == "metricSelector") {
                m.selector = selectorOf(member, ctx);
            } else if (key == "describedObject") {
                forEachField(member, [&](std::string_view objKey, od::value& objValue) {
                    if (objKey == "kind")
                        m.objectKind = qstringOf(objValue);
                    else if (objKey == "name")
                        m.objectName = qstringOf(objValue);
                });
            } else if (key == "target" || key == "current") {
                decodeValueBlock(member, m);
            } else if (key == "targetAverageUtilization" || key == "currentAverageUtilization") {
                m.averageUtilization = int32Of(member, -1);
            } else if (key == "targetAverageValue" || key == "currentAverageValue" || key == "averageValue") {
                setAverageValue(m, member);
            } else if (key == "targetValue" || key == "currentValue") {
                setValue(m, member);
            }
        });
    }

    HpaMetric decodeMetric(od::value& value, DecodeContext& ctx, bool isSpec)
    {
        HpaMetric m;
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "type") {
                m.source = sourceOf(stringOf(member));
                return;
            }
            const MetricSourceType source = sourceOf(key);
            if (source == MetricSourceType::Unknown)
                return;
            if (m.source == MetricSourceType::Unknown)
                m.source = source;
            decodeSource(member, m, ctx);
        });
        // v2beta1 has no target type: infer it from which value is set.
        if (isSpec && m.targetType == MetricTargetType::Unknown) {
            if (m.averageUtilization >= 0)
                m.targetType = MetricTargetType::Utilization;
            else if (!m.averageValue.isEmpty())
                m.targetType = MetricTargetType::AverageValue;
            else if (!m.value.isEmpty())
                m.targetType = MetricTargetType::Value;
        }
        if (!isSpec)
            m.targetType = MetricTargetType::Unknown;
        return m;
    }

    void applyCondition(HpaInfo& out, const ConditionScratch& c, DecodeContext& ctx)
    {
        if (c.type == "AbleToScale")
            fillCondition(out.ableToScale, c, ctx);
        else if (c.type == "ScalingActive")
            fillCondition(out.scalingActive, c, ctx);
        else if (c.type == "ScalingLimited")
            fillCondition(out.scalingLimited, c, ctx);
    }

    void decodeRules(od::value& value, HpaScalingRules& rules)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "stabilizationWindowSeconds")
                rules.stabilizationWindowSeconds = int32Of(member, -1);
            else if (key == "selectPolicy")
                rules.selectPolicy = qstringOf(member);
            else if (key == "policies")
                forEachElement(member, [&](od::value& element) {
                    ++rules.policyCount;
                    HpaScalingPolicy policy;
                    forEachField(element, [&](std::string_view field, od::value& v) {
                        if (field == "type")
                            policy.pods = qstringOf(v) == QLatin1StringView("Pods");
                        else if (field == "value")
                            policy.value = int32Of(v, 0);
                        else if (field == "periodSeconds")
                            policy.periodSeconds = int32Of(v, 0);
                    });
                    rules.policies.append(policy);
                });
        });
    }

    void decodeHpaSpec(od::value& value, HpaInfo& out, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "scaleTargetRef") {
                forEachField(member, [&](std::string_view refKey, od::value& refValue) {
                    if (refKey == "apiVersion")
                        out.targetApiVersion = qstringOf(refValue);
                    else if (refKey == "kind")
                        out.targetKind = internedOf(refValue, ctx);
                    else if (refKey == "name")
                        out.targetName = qstringOf(refValue);
                });
            } else if (key == "minReplicas") {
                out.minReplicas = int32Of(member, 1);
            } else if (key == "maxReplicas") {
                out.maxReplicas = int32Of(member);
            } else if (key == "metrics") {
                forEachElement(member, [&](od::value& metric) { out.metrics.append(decodeMetric(metric, ctx, true)); });
            } else if (key == "targetCPUUtilizationPercentage") {
                HpaMetric cpu;
                cpu.source = MetricSourceType::Resource;
                cpu.targetType = MetricTargetType::Utilization;
                cpu.name = QStringLiteral("cpu");
                cpu.averageUtilization = int32Of(member, -1);
                out.metrics.append(cpu);
            } else if (key == "behavior") {
                forEachField(member, [&](std::string_view direction, od::value& rules) {
                    if (direction == "scaleUp")
                        decodeRules(rules, out.scaleUp);
                    else if (direction == "scaleDown")
                        decodeRules(rules, out.scaleDown);
                });
            }
        });
    }

    void decodeHpaStatus(od::value& value, HpaInfo& out, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "currentReplicas") {
                out.currentReplicas = int32Of(member);
            } else if (key == "desiredReplicas") {
                out.desiredReplicas = int32Of(member);
            } else if (key == "lastScaleTime") {
                out.lastScaleTime = timeOf(member);
            } else if (key == "observedGeneration") {
                out.observedGeneration = integerOf(member);
            } else if (key == "currentMetrics") {
                forEachElement(
                    member, [&](od::value& metric) { out.currentMetrics.append(decodeMetric(metric, ctx, false)); });
            } else if (key == "currentCPUUtilizationPercentage") {
                HpaMetric cpu;
                cpu.source = MetricSourceType::Resource;
                cpu.name = QStringLiteral("cpu");
                cpu.averageUtilization = int32Of(member, -1);
                out.currentMetrics.append(cpu);
            } else if (key == "conditions") {
                forEachCondition(member, [&](const ConditionScratch& c) { applyCondition(out, c, ctx); });
            }
        });
    }

    HpaApiVersion apiVersionOf(std::string_view apiVersion)
    {
        if (apiVersion == "autoscaling/v2")
            return HpaApiVersion::V2;
        if (apiVersion == "autoscaling/v2beta2")
            return HpaApiVersion::V2beta2;
        if (apiVersion == "autoscaling/v2beta1")
            return HpaApiVersion::V2beta1;
        if (apiVersion == "autoscaling/v1")
            return HpaApiVersion::V1;
        return HpaApiVersion::Unknown;
    }

} // namespace

void decodeInto(od::value& object, HpaInfo& out, DecodeContext& ctx)
{
    std::string_view conditionsAnnotation, metricsAnnotation, currentMetricsAnnotation;
    out.apiVersion = apiVersionOf(ctx.apiVersionHint); // list items carry no apiVersion of their own
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "apiVersion") {
            out.apiVersion = apiVersionOf(stringOf(member));
        } else if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false, [&](std::string_view k, std::string_view v) {
                if (k == "autoscaling.alpha.kubernetes.io/conditions")
                    conditionsAnnotation = v;
                else if (k == "autoscaling.alpha.kubernetes.io/metrics")
                    metricsAnnotation = v;
                else if (k == "autoscaling.alpha.kubernetes.io/current-metrics")
                    currentMetricsAnnotation = v;
            });
        } else if (key == "spec") {
            decodeHpaSpec(member, out, ctx);
        } else if (key == "status") {
            decodeHpaStatus(member, out, ctx);
        }
    });
    // autoscaling/v1 keeps everything v2 knows in annotations, in v2beta1 shapes.
    if (!conditionsAnnotation.empty()) {
        parseEmbeddedJson(conditionsAnnotation, ctx, [&](od::value& root) {
            forEachCondition(root, [&](const ConditionScratch& c) { applyCondition(out, c, ctx); });
        });
    }
    if (!metricsAnnotation.empty()) {
        parseEmbeddedJson(metricsAnnotation, ctx, [&](od::value& root) {
            forEachElement(root, [&](od::value& metric) { out.metrics.append(decodeMetric(metric, ctx, true)); });
        });
    }
    if (!currentMetricsAnnotation.empty()) {
        parseEmbeddedJson(currentMetricsAnnotation, ctx, [&](od::value& root) {
            forEachElement(
                root, [&](od::value& metric) { out.currentMetrics.append(decodeMetric(metric, ctx, false)); });
        });
    }
}

} // namespace minato::fleet::detail
