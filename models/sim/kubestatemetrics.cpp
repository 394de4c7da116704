// SPDX-License-Identifier: Apache-2.0
#include "kubestatemetrics.h"

#include "objectstore.h"
#include "quantity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>

#include <cmath>

namespace minato::sim {

namespace {

    using Labels = QList<QPair<QByteArray, QString>>;

    struct Family
    {
        const char* name;
        const char* help;
        QByteArray lines;
    };

    // Label values escape backslash, double quote and newline (exposition format 0.0.4).
    QByteArray escape(const QString& value)
    {
        QByteArray out;
        for (const char c : value.toUtf8()) {
            if (c == '\\')
                out += "\\\\";
            else if (c == '"')
                out += "\\\"";
            else if (c == '\n')
                out += "\\n";
            else
                out += c;
        }
        return out;
    }

    // Integers print without a fraction, as Go's strconv.FormatFloat(v, 'f', -1, 64) does.
    QByteArray number(double value)
    {
        if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < 1e15)
            return QByteArray::number(qint64(value));
        return QByteArray::number(value, 'g', 17);
    }

    void add(Family& family, const Labels& labels, double value)
    {
        family.lines += family.name;
        family.lines += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                family.lines += ',';
            family.lines += labels.at(i).first + "=\"" + escape(labels.at(i).second) + '"';
        }
        family.lines += "} " + number(value) + '\n';
    }

    // A target's quantity as kube-state-metrics reads it (MilliValue / 1000).
    double targetQuantity(const QJsonValue& value)
    {
        if (value.isDouble())
            return value.toDouble();
        return Quantity::parse(value.toString()).value_or(0.0);
    }

    void addTargets(Family& family, const Labels& base, const QJsonArray& metrics)
    {
        for (const QJsonValue& item : metrics) {
            const QJsonObject metric = item.toObject();
            const QString type = metric.value(QLatin1String("type")).toString();
            QJsonObject source;
            QString name;
            if (type == QLatin1String("Resource")) {
                source = metric.value(QLatin1String("resource")).toObject();
                name = source.value(QLatin1String("name")).toString();
            } else if (type == QLatin1String("Pods") || type == QLatin1String("External")
                || type == QLatin1String("Object")) {
                source = metric.value(type.toLower()).toObject();
                name = source.value(QLatin1String("metric")).toObject().value(QLatin1String("name")).toString();
            } else {
                continue; // kube-state-metrics skips source types it does not know
            }
            const QJsonObject target = source.value(QLatin1String("target")).toObject();
            // In kube-state-metrics' order: value, utilization, average.
            const auto addTarget = [&](const char* key, const char* targetType, bool quantity) {
                const QJsonValue v = target.value(QLatin1String(key));
                if (v.isUndefined() || v.isNull())
                    return;
                Labels labels = base;
                labels.append({ "metric_name", name });
                labels.append({ "metric_target_type", QString::fromLatin1(targetType) });
                add(family, labels, quantity ? targetQuantity(v) : v.toDouble());
            };
            addTarget("value", "value", true);
            addTarget("averageUtilization", "utilization", false);
            addTarget("averageValue", "average", true);
        }
    }

} // namespace

QByteArray KubeStateMetrics::render(const ObjectStore& store)
{
    Family info { "kube_horizontalpodautoscaler_info", "Information about this autoscaler.", {} };
    Family generation { "kube_horizontalpodautoscaler_metadata_generation",
        "The generation observed by the HorizontalPodAutoscaler controller.", {} };
    Family maxReplicas { "kube_horizontalpodautoscaler_spec_max_replicas",
        "Upper limit for the number of pods that can be set by the autoscaler; cannot be smaller than MinReplicas.",
        {} };
    Family minReplicas { "kube_horizontalpodautoscaler_spec_min_replicas",
        "Lower limit for the number of pods that can be set by the autoscaler, default 1.", {} };
    Family targets { "kube_horizontalpodautoscaler_spec_target_metric",
        "The metric specifications used by this autoscaler when calculating the desired replica count.", {} };
    Family current { "kube_horizontalpodautoscaler_status_current_replicas",
        "Current number of replicas of pods managed by this autoscaler.", {} };
    Family desired { "kube_horizontalpodautoscaler_status_desired_replicas",
        "Desired number of replicas of pods managed by this autoscaler.", {} };
    Family conditions { "kube_horizontalpodautoscaler_status_condition", "The condition of this autoscaler.", {} };

    const int resource = store.catalog().indexOf(
        QStringLiteral("autoscaling"), QStringLiteral("v2"), QStringLiteral("horizontalpodautoscalers"));
    if (resource >= 0) {
        store.visitSnapshot(resource, store.resourceVersion(), {}, {}, [&](const ObjectPtr& object) {
            const QJsonObject hpa = QJsonDocument::fromJson(object->body).object();
            const QJsonObject metadata = hpa.value(QLatin1String("metadata")).toObject();
            const QJsonObject spec = hpa.value(QLatin1String("spec")).toObject();
            const QJsonObject status = hpa.value(QLatin1String("status")).toObject();
            const Labels base { { "namespace", QString::fromUtf8(object->nameSpace) },
                { "horizontalpodautoscaler", QString::fromUtf8(object->name) } };

            const QJsonObject ref = spec.value(QLatin1String("scaleTargetRef")).toObject();
            Labels infoLabels = base;
            const QString apiVersion = ref.value(QLatin1String("apiVersion")).toString();
            if (!apiVersion.isEmpty())
                infoLabels.append({ "scaletargetref_api_version", apiVersion });
            infoLabels.append({ "scaletargetref_kind", ref.value(QLatin1String("kind")).toString() });
            infoLabels.append({ "scaletargetref_name", ref.value(QLatin1String("name")).toString() });
            add(info, infoLabels, 1);
            add(generation, base, metadata.value(QLatin1String("generation")).toDouble(1));
            add(maxReplicas, base, spec.value(QLatin1String("maxReplicas")).toDouble());
            add(minReplicas, base, spec.value(QLatin1String("minReplicas")).toDouble(1));
            addTargets(targets, base, spec.value(QLatin1String("metrics")).toArray());
            add(current, base, status.value(QLatin1String("currentReplicas")).toDouble());
            add(desired, base, status.value(QLatin1String("desiredReplicas")).toDouble());
            for (const QJsonValue& item : status.value(QLatin1String("conditions")).toArray()) {
                const QJsonObject condition = item.toObject();
                const QString type = condition.value(QLatin1String("type")).toString();
                const QString value = condition.value(QLatin1String("status")).toString().toLower();
                for (const char* s : { "true", "false", "unknown" }) {
                    Labels labels = base;
                    labels.append({ "condition", type });
                    labels.append({ "status", QString::fromLatin1(s) });
                    add(conditions, labels, value == QLatin1String(s) ? 1 : 0);
                }
            }
            return true;
        });
    }

    QByteArray out;
    for (const Family* family :
        { &info, &generation, &maxReplicas, &minReplicas, &targets, &current, &desired, &conditions }) {
        out += QByteArray("# HELP ") + family->name + ' ' + family->help + '\n';
        out += QByteArray("# TYPE ") + family->name + " gauge\n";
        out += family->lines;
    }
    return out;
}

} // namespace minato::sim
