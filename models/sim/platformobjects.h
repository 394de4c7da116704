// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/objectsink.h"
#include "sim/workloadcontroller.h"
#include "sim/worldcontext.h"

#include <QJsonObject>

namespace minato::sim {

// The cluster-scoped furniture: namespaces, RuntimeClasses, the APIServices of every served
// group (built-in ones Local, metrics-server and the metrics adapters with a live
// Available condition), and the scenario's literal objects, served verbatim.
class PlatformObjects
{
public:
    PlatformObjects(WorldContext& context, const WorkloadController& workloads);

    void seed(ObjectSink& sink);
    void flush(ObjectSink& sink);
    // metrics-server's APIService: Available, or why not (FailedDiscoveryCheck, MissingEndpoints).
    void setMetricsAvailability(bool available, const QString& reason, const QString& message);
    // The custom/external metrics adapters' APIServices exist only while they are installed.
    void setAdaptersInstalled(bool installed);

private:
    QJsonObject apiService(const QString& group, const QString& version, int groupPriority, int versionPriority,
        const QString& automanaged) const;
    QJsonObject remoteApiService(const QString& group, const QString& version, const QString& nameSpace,
        const QString& service, int versionPriority, bool available, const QString& reason, const QString& message,
        qint64 transitionMs) const;
    QList<QJsonObject> adapterServices() const;

    WorldContext& m_context;
    const WorkloadController& m_workloads;
    qint64 m_clusterCreatedMs = 0;
    bool m_metricsAvailable = true;
    QString m_metricsReason;
    QString m_metricsMessage;
    qint64 m_metricsChangedMs = 0;
    bool m_metricsDirty = false;
    bool m_adaptersInstalled = true;
    bool m_adaptersDirty = false;
};

} // namespace minato::sim
