// SPDX-License-Identifier: Apache-2.0
#include "serverdefaults.h"

#include "jsonedit.h"

#include <QJsonArray>

namespace minato::changes::serverdefaults {

using json::editEach;
using json::editObject;
using json::removeIfEmpty;
using json::removeIfEquals;

namespace {

    QJsonValue str(const char* text)
    {
        return QJsonValue(QLatin1String(text));
    }

    void dropProbeDefaults(QJsonObject& probe)
    {
        removeIfEquals(probe, QLatin1String("timeoutSeconds"), 1);
        removeIfEquals(probe, QLatin1String("periodSeconds"), 10);
        removeIfEquals(probe, QLatin1String("successThreshold"), 1);
        removeIfEquals(probe, QLatin1String("failureThreshold"), 3);
        editObject(probe, QLatin1String("httpGet"),
            [](QJsonObject& get) { removeIfEquals(get, QLatin1String("scheme"), str("HTTP")); });
    }

    void dropContainerDefaults(QJsonObject& container)
    {
        removeIfEquals(container, QLatin1String("terminationMessagePath"), str("/dev/termination-log"));
        removeIfEquals(container, QLatin1String("terminationMessagePolicy"), str("File"));
        removeIfEquals(container, QLatin1String("imagePullPolicy"),
            defaultImagePullPolicy(container.value(QLatin1String("image")).toString()));
        editEach(container, QLatin1String("ports"),
            [](QJsonObject& port) { removeIfEquals(port, QLatin1String("protocol"), str("TCP")); });
        editEach(container, QLatin1String("env"), [](QJsonObject& env) {
            editObject(env, QLatin1String("valueFrom"), [](QJsonObject& from) {
                editObject(from, QLatin1String("fieldRef"),
                    [](QJsonObject& ref) { removeIfEquals(ref, QLatin1String("apiVersion"), str("v1")); });
            });
        });
        for (const char* probe : { "livenessProbe", "readinessProbe", "startupProbe" })
            editObject(container, QLatin1String(probe), dropProbeDefaults);
        removeIfEmpty(container, QLatin1String("resources"));
        removeIfEmpty(container, QLatin1String("securityContext"));
    }

    // configMap, secret, projected and downwardAPI volumes get mode 0644 (420) when none is given.
    void dropVolumeDefaults(QJsonObject& volume)
    {
        for (const char* source : { "configMap", "secret", "projected", "downwardAPI" }) {
            editObject(volume, QLatin1String(source),
                [](QJsonObject& s) { removeIfEquals(s, QLatin1String("defaultMode"), 420); });
        }
    }

    void dropTemplateDefaults(QJsonObject& spec)
    {
        editObject(spec, QLatin1String("template"), [](QJsonObject& podTemplate) {
            editObject(podTemplate, QLatin1String("metadata"),
                [](QJsonObject& meta) { removeIfEmpty(meta, QLatin1String("creationTimestamp")); });
            editObject(podTemplate, QLatin1String("spec"), dropPodSpecDefaults);
        });
    }

    // The strategy objects are dropped only when they are exactly the default as a whole, so a
    // changed maxSurge keeps the whole strategy readable in one place.
    void removeIfStrategy(QJsonObject& spec, const char* key, const QJsonObject& defaultStrategy)
    {
        removeIfEquals(spec, QLatin1String(key), defaultStrategy);
    }

    QJsonObject rollingUpdate(const QJsonObject& parameters)
    {
        QJsonObject strategy { { QStringLiteral("type"), QStringLiteral("RollingUpdate") } };
        if (!parameters.isEmpty())
            strategy.insert(QStringLiteral("rollingUpdate"), parameters);
        return strategy;
    }

    void dropDeploymentDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("progressDeadlineSeconds"), 600);
        removeIfEquals(spec, QLatin1String("revisionHistoryLimit"), 10);
        removeIfStrategy(spec, "strategy",
            rollingUpdate({ { QStringLiteral("maxSurge"), QStringLiteral("25%") },
                { QStringLiteral("maxUnavailable"), QStringLiteral("25%") } }));
    }

    void dropStatefulSetDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("podManagementPolicy"), str("OrderedReady"));
        removeIfEquals(spec, QLatin1String("revisionHistoryLimit"), 10);
        removeIfStrategy(spec, "updateStrategy", rollingUpdate({ { QStringLiteral("partition"), 0 } }));
        removeIfStrategy(spec, "updateStrategy", rollingUpdate({}));
        removeIfEquals(spec, QLatin1String("persistentVolumeClaimRetentionPolicy"),
            QJsonObject { { QStringLiteral("whenDeleted"), QStringLiteral("Retain") },
                { QStringLiteral("whenScaled"), QStringLiteral("Retain") } });
        editEach(spec, QLatin1String("volumeClaimTemplates"), [](QJsonObject& claim) {
            claim.remove(QLatin1String("status"));
            editObject(claim, QLatin1String("metadata"),
                [](QJsonObject& meta) { removeIfEmpty(meta, QLatin1String("creationTimestamp")); });
            editObject(claim, QLatin1String("spec"), [](QJsonObject& claimSpec) {
                removeIfEquals(claimSpec, QLatin1String("volumeMode"), str("Filesystem"));
            });
        });
    }

    void dropDaemonSetDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("revisionHistoryLimit"), 10);
        removeIfStrategy(spec, "updateStrategy",
            rollingUpdate({ { QStringLiteral("maxSurge"), 0 }, { QStringLiteral("maxUnavailable"), 1 } }));
    }

    void dropJobDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("backoffLimit"), 6);
        removeIfEquals(spec, QLatin1String("completionMode"), str("NonIndexed"));
        removeIfEquals(spec, QLatin1String("suspend"), false);
        if (!spec.contains(QLatin1String("podFailurePolicy")))
            removeIfEquals(spec, QLatin1String("podReplacementPolicy"), str("TerminatingOrFailed"));
    }

    void dropCronJobDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("concurrencyPolicy"), str("Allow"));
        removeIfEquals(spec, QLatin1String("suspend"), false);
        removeIfEquals(spec, QLatin1String("successfulJobsHistoryLimit"), 3);
        removeIfEquals(spec, QLatin1String("failedJobsHistoryLimit"), 1);
        editObject(spec, QLatin1String("jobTemplate"), [](QJsonObject& jobTemplate) {
            editObject(jobTemplate, QLatin1String("metadata"),
                [](QJsonObject& meta) { removeIfEmpty(meta, QLatin1String("creationTimestamp")); });
            editObject(jobTemplate, QLatin1String("spec"), [](QJsonObject& jobSpec) {
                dropJobDefaults(jobSpec);
                dropTemplateDefaults(jobSpec);
            });
        });
    }

    void dropServiceDefaults(QJsonObject& spec)
    {
        removeIfEquals(spec, QLatin1String("type"), str("ClusterIP"));
        removeIfEquals(spec, QLatin1String("sessionAffinity"), str("None"));
        removeIfEquals(spec, QLatin1String("internalTrafficPolicy"), str("Cluster"));
        removeIfEquals(spec, QLatin1String("externalTrafficPolicy"), str("Cluster"));
        removeIfEquals(spec, QLatin1String("allocateLoadBalancerNodePorts"), true);
        editEach(spec, QLatin1String("ports"), [](QJsonObject& port) {
            removeIfEquals(port, QLatin1String("protocol"), str("TCP"));
            // targetPort defaults to port; a named targetPort is always the user's.
            if (port.value(QLatin1String("targetPort")) == port.value(QLatin1String("port")))
                port.remove(QLatin1String("targetPort"));
        });
    }

} // namespace

QString defaultImagePullPolicy(const QString& image)
{
    if (image.contains(QLatin1Char('@')))
        return QStringLiteral("IfNotPresent");
    const qsizetype colon = image.lastIndexOf(QLatin1Char(':'));
    const bool hasTag = colon > image.lastIndexOf(QLatin1Char('/'));
    const bool latest = !hasTag || QStringView(image).mid(colon + 1) == QLatin1String("latest");
    return latest ? QStringLiteral("Always") : QStringLiteral("IfNotPresent");
}

void dropPodSpecDefaults(QJsonObject& podSpec)
{
    removeIfEquals(podSpec, QLatin1String("dnsPolicy"), str("ClusterFirst"));
    removeIfEquals(podSpec, QLatin1String("restartPolicy"), str("Always"));
    removeIfEquals(podSpec, QLatin1String("schedulerName"), str("default-scheduler"));
    removeIfEquals(podSpec, QLatin1String("terminationGracePeriodSeconds"), 30);
    removeIfEquals(podSpec, QLatin1String("enableServiceLinks"), true);
    removeIfEquals(podSpec, QLatin1String("preemptionPolicy"), str("PreemptLowerPriority"));
    removeIfEmpty(podSpec, QLatin1String("securityContext"));
    removeIfEquals(podSpec, QLatin1String("serviceAccountName"), str("default"));
    // serviceAccount is the deprecated alias the server copies from serviceAccountName.
    const QJsonValue account = podSpec.value(QLatin1String("serviceAccount"));
    if (account == podSpec.value(QLatin1String("serviceAccountName")) || account == str("default"))
        podSpec.remove(QLatin1String("serviceAccount"));
    // Priority admission computes priority from priorityClassName; sending both must agree.
    if (podSpec.contains(QLatin1String("priorityClassName")))
        podSpec.remove(QLatin1String("priority"));
    removeIfEquals(podSpec, QLatin1String("priority"), 0);
    for (const char* list : { "initContainers", "containers", "ephemeralContainers" })
        editEach(podSpec, QLatin1String(list), dropContainerDefaults);
    editEach(podSpec, QLatin1String("volumes"), dropVolumeDefaults);
}

void dropSpecDefaults(const QString& kind, QJsonObject& spec)
{
    if (kind == QLatin1String("Pod")) {
        dropPodSpecDefaults(spec);
    } else if (kind == QLatin1String("Service")) {
        dropServiceDefaults(spec);
    } else if (kind == QLatin1String("PersistentVolumeClaim")) {
        removeIfEquals(spec, QLatin1String("volumeMode"), str("Filesystem"));
    } else if (kind == QLatin1String("CronJob")) {
        dropCronJobDefaults(spec);
    } else {
        if (kind == QLatin1String("Deployment"))
            dropDeploymentDefaults(spec);
        else if (kind == QLatin1String("StatefulSet"))
            dropStatefulSetDefaults(spec);
        else if (kind == QLatin1String("DaemonSet"))
            dropDaemonSetDefaults(spec);
        else if (kind == QLatin1String("Job"))
            dropJobDefaults(spec);
        else if (kind != QLatin1String("ReplicaSet"))
            return;
        dropTemplateDefaults(spec);
    }
}

} // namespace minato::changes::serverdefaults
