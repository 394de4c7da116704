// SPDX-License-Identifier: Apache-2.0
#include "analysis/runtimefailures.h"

#include "fleet/clusterstore.h"

#include <map>
#include <tuple>

namespace minato::analysis {

namespace {

    using GroupKey = std::tuple<QString, QString, QString>;

    struct NodeRuntime
    {
        QString runtime;
        QString version;
    };

} // namespace

bool isRuntimeFailureReason(QStringView reason)
{
    static const QStringList reasons { QStringLiteral("CreateContainerError"),
        QStringLiteral("CreateContainerConfigError"), QStringLiteral("RunContainerError"), QStringLiteral("StartError"),
        QStringLiteral("ContainerCannotRun"), QStringLiteral("CreatePodSandboxError"),
        QStringLiteral("ConfigPodSandboxError"), QStringLiteral("KillPodSandboxError"), QStringLiteral("ErrImagePull"),
        QStringLiteral("ImagePullBackOff"), QStringLiteral("RegistryUnavailable"), QStringLiteral("OOMKilled") };
    return reasons.contains(reason);
}

bool isRuntimeEventReason(QStringView reason)
{
    return reason == u"FailedCreatePodSandBox" || reason == u"FailedKillPod";
}

QList<RuntimeFailureGroup> runtimeFailures(const fleet::StoreContent& store, qint64 nowSeconds, qint64 windowSeconds)
{
    QHash<QString, NodeRuntime> nodes;
    for (const fleet::NodeInfo& node : store.nodes())
        nodes.insert(node.meta.name, { node.runtimeName.toString(), node.runtimeVersion });
    QHash<QString, const fleet::PodInfo*> podsById;
    std::map<GroupKey, RuntimeFailureGroup> groups;
    const auto groupOf = [&](const fleet::PodInfo& pod, const QString& nodeName) -> RuntimeFailureGroup& {
        const NodeRuntime runtime = nodes.value(nodeName);
        const QString runtimeClass = pod.runtimeClassName().toString();
        RuntimeFailureGroup& g = groups[{ runtime.runtime, runtime.version, runtimeClass }];
        g.runtime = runtime.runtime;
        g.runtimeVersion = runtime.version;
        g.runtimeClass = runtimeClass;
        return g;
    };

    for (const fleet::PodInfo& pod : store.pods()) {
        podsById.insert(pod.meta.id(), &pod);
        QStringList reasons;
        for (const fleet::ContainerInfo& c : pod.containers()) {
            for (const fleet::InternedString& reason : { c.reason, c.lastTerminationReason }) {
                const QString text = reason.toString();
                // OOMKilled as the last termination counts while the container restarts from it.
                if (isRuntimeFailureReason(text) && !reasons.contains(text))
                    reasons << text;
            }
        }
        if (reasons.isEmpty())
            continue;
        RuntimeFailureGroup& g = groupOf(pod, pod.nodeName.toString());
        for (const QString& reason : std::as_const(reasons))
            ++g.podsByReason[reason];
        g.pods << pod.meta.id();
    }

    const qint64 from = nowSeconds - windowSeconds;
    for (const fleet::EventInfo& event : store.events()) {
        if (!isRuntimeEventReason(event.reason.toString()) || event.objectKind != QLatin1StringView("Pod"))
            continue;
        const qint64 last = event.lastTimestamp ? event.lastTimestamp : event.meta.creationTimestamp;
        if (last < from || last > nowSeconds + 60)
            continue;
        const fleet::PodInfo* pod
            = podsById.value(event.objectNamespace.toString() + QLatin1Char('/') + event.objectName);
        static const fleet::PodInfo gone;
        // A deleted pod's event still names the node it failed on.
        const QString node = pod && !pod->nodeName.isEmpty() ? pod->nodeName.toString() : event.sourceHost.toString();
        RuntimeFailureGroup& g = groupOf(pod ? *pod : gone, node);
        g.eventsByReason[event.reason.toString()] += std::max(1, event.count);
    }

    QList<RuntimeFailureGroup> result;
    for (auto& [key, g] : groups) {
        int events = 0;
        for (const int count : std::as_const(g.eventsByReason))
            events += count;
        g.eventsPerHour = windowSeconds > 0 ? events * 3600.0 / double(windowSeconds) : 0;
        g.pods.sort();
        result.append(std::move(g));
    }
    return result;
}

} // namespace minato::analysis
