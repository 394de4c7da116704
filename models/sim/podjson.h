// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/podlifecycle.h"
#include "sim/worldcontext.h"
#include "sim/worldmodel.h"

#include <QHash>
#include <QJsonObject>

namespace minato::sim {

// Pods as the API server returns them, and the pod template their controllers carry.
// The template of each workload is built once and reused for every pod and status change.
class PodJson
{
public:
    PodJson(WorldContext& context, const PodLifecycle& lifecycle);

    // spec.template of the workload's controller (metadata + spec, no node).
    QJsonObject podTemplate(const SimWorkload& workload, int workloadIndex);
    QJsonObject pod(const SimPod& pod, const SimWorkload& workload, int workloadIndex, const SimNode* node,
        const QString& unschedulableMessage);

    QMap<QString, QString> podLabels(const SimPod& pod, const SimWorkload& workload) const;
    static QString qosClass(const SimWorkload& workload);
    QString containerId(const SimPod& pod, const SimNode& node, quint32 sequence) const;
    QString imageId(const SimWorkload& workload, const SimNode& node) const;
    static QString qualifiedImage(const QString& image); // "nginx:1.25" -> "docker.io/library/nginx:1.25"
    static int priority(const QString& priorityClassName);

private:
    const QJsonObject& containerTemplate(const SimWorkload& workload, int workloadIndex);
    QJsonObject podSpec(const SimPod& pod, const SimWorkload& workload, int workloadIndex, const SimNode* node);
    QJsonObject status(
        const SimPod& pod, const SimWorkload& workload, const SimNode* node, const QString& unschedulable) const;
    QJsonObject containerStatus(const SimPod& pod, const SimWorkload& workload, const SimNode& node) const;

    WorldContext& m_context;
    const PodLifecycle& m_lifecycle;
    QHash<int, QJsonObject> m_containers; // per workload
};

} // namespace minato::sim
