// SPDX-License-Identifier: Apache-2.0
#include "tablecolumns.h"

#include <QMap>
#include <QStringList>

#include <algorithm>

namespace minato::sim {

namespace {

    using Column = std::tuple<const char*, const char*, int>; // name, type, priority

    QJsonArray columns(std::initializer_list<Column> list)
    {
        QJsonArray result;
        for (const auto& [name, type, priority] : list) {
            const QString columnName = QString::fromLatin1(name);
            QJsonObject column { { QStringLiteral("name"), columnName },
                { QStringLiteral("type"), QString::fromLatin1(type) },
                { QStringLiteral("format"), columnName == QLatin1String("Name") ? QStringLiteral("name") : QString() },
                { QStringLiteral("description"), QString() }, { QStringLiteral("priority"), priority } };
            result.append(column);
        }
        return result;
    }

    QJsonValue at(const QJsonObject& object, const char* path)
    {
        QJsonValue value = object;
        for (const QString& part : QString::fromLatin1(path).split(QLatin1Char('.')))
            value = value.toObject().value(part);
        return value;
    }

    QString text(const QJsonObject& object, const char* path, const QString& fallback = QStringLiteral("<none>"))
    {
        const QJsonValue value = at(object, path);
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
        if (value.isDouble())
            return QString::number(value.toInteger());
        return fallback;
    }

    qint64 number(const QJsonObject& object, const char* path, qint64 fallback = 0)
    {
        const QJsonValue value = at(object, path);
        return value.isDouble() ? value.toInteger() : fallback;
    }

    QString age(const QJsonValue& timestamp, const QDateTime& now)
    {
        const QDateTime time = QDateTime::fromString(timestamp.toString(), Qt::ISODateWithMs);
        if (!time.isValid())
            return QStringLiteral("<unknown>");
        return TableColumns::humanDuration(time.secsTo(now));
    }

    QString labelsText(const QJsonObject& labels)
    {
        QStringList pairs;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            pairs.append(it.key() + QLatin1Char('=') + it.value().toString());
        return pairs.isEmpty() ? QStringLiteral("<none>") : pairs.join(QLatin1Char(','));
    }

    QString containerNames(const QJsonObject& podSpec, const char* field)
    {
        QStringList names;
        for (const QJsonValue& container : podSpec.value(QStringLiteral("containers")).toArray())
            names.append(container.toObject().value(QString::fromLatin1(field)).toString());
        return names.join(QLatin1Char(','));
    }

    QJsonArray workloadWide(const QJsonObject& object)
    {
        const QJsonObject podSpec = at(object, "spec.template.spec").toObject();
        const QJsonObject selector = at(object, "spec.selector.matchLabels").toObject();
        return { containerNames(podSpec, "name"), containerNames(podSpec, "image"), labelsText(selector) };
    }

    QString podStatus(const QJsonObject& pod)
    {
        QString reason = text(pod, "status.reason", text(pod, "status.phase", QStringLiteral("Unknown")));
        const QJsonArray initStatuses = at(pod, "status.initContainerStatuses").toArray();
        const int initCount = int(at(pod, "spec.initContainers").toArray().size());
        for (int i = 0; i < initStatuses.size(); ++i) {
            const QJsonObject state = initStatuses[i].toObject().value(QStringLiteral("state")).toObject();
            const QJsonObject terminated = state.value(QStringLiteral("terminated")).toObject();
            if (!terminated.isEmpty() && terminated.value(QStringLiteral("exitCode")).toInt() == 0)
                continue;
            const QString waiting
                = state.value(QStringLiteral("waiting")).toObject().value(QStringLiteral("reason")).toString();
            if (!waiting.isEmpty() && waiting != QLatin1String("PodInitializing"))
                return QStringLiteral("Init:") + waiting;
            return QStringLiteral("Init:%1/%2").arg(i).arg(initCount);
        }
        const QJsonArray statuses = at(pod, "status.containerStatuses").toArray();
        bool running = false;
        for (qsizetype i = statuses.size() - 1; i >= 0; --i) {
            const QJsonObject container = statuses[i].toObject();
            const QJsonObject state = container.value(QStringLiteral("state")).toObject();
            const QJsonObject waiting = state.value(QStringLiteral("waiting")).toObject();
            const QJsonObject terminated = state.value(QStringLiteral("terminated")).toObject();
            if (!waiting.value(QStringLiteral("reason")).toString().isEmpty())
                reason = waiting.value(QStringLiteral("reason")).toString();
            else if (!terminated.isEmpty())
                reason
                    = terminated.value(QStringLiteral("reason"))
                          .toString(
                              QStringLiteral("ExitCode:%1").arg(terminated.value(QStringLiteral("exitCode")).toInt()));
            else if (container.value(QStringLiteral("ready")).toBool())
                running = true;
        }
        if (running && reason == QLatin1String("Completed"))
            reason = QStringLiteral("Running");
        if (at(pod, "metadata.deletionTimestamp").isString())
            reason = QStringLiteral("Terminating");
        return reason;
    }

    QJsonArray podCells(const QJsonObject& pod, const QDateTime& now)
    {
        const QJsonArray statuses = at(pod, "status.containerStatuses").toArray();
        int ready = 0;
        qint64 restarts = 0;
        QDateTime lastRestart;
        for (const QJsonValue& value : statuses) {
            const QJsonObject container = value.toObject();
            ready += container.value(QStringLiteral("ready")).toBool() ? 1 : 0;
            restarts += container.value(QStringLiteral("restartCount")).toInteger();
            const QDateTime finished
                = QDateTime::fromString(at(container, "lastState.terminated.finishedAt").toString(), Qt::ISODateWithMs);
            if (finished.isValid() && (!lastRestart.isValid() || finished > lastRestart))
                lastRestart = finished;
        }
        const int total = int(at(pod, "spec.containers").toArray().size());
        QString restartText = QString::number(restarts);
        if (restarts > 0 && lastRestart.isValid())
            restartText += QStringLiteral(" (%1 ago)").arg(TableColumns::humanDuration(lastRestart.secsTo(now)));
        const QJsonArray gates = at(pod, "spec.readinessGates").toArray();
        return { pod.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")),
            QStringLiteral("%1/%2").arg(ready).arg(total), podStatus(pod), restartText,
            age(at(pod, "metadata.creationTimestamp"), now), text(pod, "status.podIP"), text(pod, "spec.nodeName"),
            text(pod, "status.nominatedNodeName"),
            gates.isEmpty() ? QStringLiteral("<none>") : QStringLiteral("0/%1").arg(gates.size()) };
    }

    QJsonArray nodeCells(const QJsonObject& node, const QDateTime& now)
    {
        QString status = QStringLiteral("Unknown");
        for (const QJsonValue& value : at(node, "status.conditions").toArray()) {
            const QJsonObject condition = value.toObject();
            if (condition.value(QStringLiteral("type")).toString() == QLatin1String("Ready"))
                status = condition.value(QStringLiteral("status")).toString() == QLatin1String("True")
                    ? QStringLiteral("Ready")
                    : QStringLiteral("NotReady");
        }
        if (at(node, "spec.unschedulable").toBool())
            status += QStringLiteral(",SchedulingDisabled");
        QStringList roles;
        const QJsonObject labels = at(node, "metadata.labels").toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            if (it.key().startsWith(QLatin1String("node-role.kubernetes.io/")))
                roles.append(it.key().mid(24));
            else if (it.key() == QLatin1String("kubernetes.io/role"))
                roles.append(it.value().toString());
        }
        std::sort(roles.begin(), roles.end());
        QString internal = QStringLiteral("<none>");
        QString external = QStringLiteral("<none>");
        for (const QJsonValue& value : at(node, "status.addresses").toArray()) {
            const QJsonObject address = value.toObject();
            if (address.value(QStringLiteral("type")).toString() == QLatin1String("InternalIP")
                && internal.startsWith(QLatin1Char('<')))
                internal = address.value(QStringLiteral("address")).toString();
            if (address.value(QStringLiteral("type")).toString() == QLatin1String("ExternalIP")
                && external.startsWith(QLatin1Char('<')))
                external = address.value(QStringLiteral("address")).toString();
        }
        return { at(node, "metadata.name"), status,
            roles.isEmpty() ? QStringLiteral("<none>") : roles.join(QLatin1Char(',')),
            age(at(node, "metadata.creationTimestamp"), now), text(node, "status.nodeInfo.kubeletVersion", QString()),
            internal, external, text(node, "status.nodeInfo.osImage", QStringLiteral("<unknown>")),
            text(node, "status.nodeInfo.kernelVersion", QStringLiteral("<unknown>")),
            text(node, "status.nodeInfo.containerRuntimeVersion", QStringLiteral("<unknown>")) };
    }

    QJsonArray serviceCells(const QJsonObject& service, const QDateTime& now)
    {
        const QString type = text(service, "spec.type", QStringLiteral("ClusterIP"));
        QStringList ports;
        for (const QJsonValue& value : at(service, "spec.ports").toArray()) {
            const QJsonObject port = value.toObject();
            QString entry = QString::number(port.value(QStringLiteral("port")).toInt());
            if (port.contains(QStringLiteral("nodePort")))
                entry += QLatin1Char(':') + QString::number(port.value(QStringLiteral("nodePort")).toInt());
            ports.append(
                entry + QLatin1Char('/') + port.value(QStringLiteral("protocol")).toString(QStringLiteral("TCP")));
        }
        QStringList external;
        for (const QJsonValue& value : at(service, "status.loadBalancer.ingress").toArray())
            external.append(value.toObject().value(QStringLiteral("ip")).toString());
        QString externalText = external.isEmpty() ? QStringLiteral("<none>") : external.join(QLatin1Char(','));
        if (type == QLatin1String("LoadBalancer") && external.isEmpty())
            externalText = QStringLiteral("<pending>");
        return { at(service, "metadata.name"), type, text(service, "spec.clusterIP"), externalText,
            ports.isEmpty() ? QStringLiteral("<none>") : ports.join(QLatin1Char(',')),
            age(at(service, "metadata.creationTimestamp"), now), labelsText(at(service, "spec.selector").toObject()) };
    }

    QJsonArray hpaCells(const QJsonObject& hpa, const QDateTime& now)
    {
        QStringList targets;
        const QJsonArray current = at(hpa, "status.currentMetrics").toArray();
        for (const QJsonValue& value : at(hpa, "spec.metrics").toArray()) {
            const QJsonObject metric = value.toObject();
            const QString type = metric.value(QStringLiteral("type")).toString();
            const QString source = type.left(1).toLower() + type.mid(1);
            const QJsonObject spec = metric.value(source).toObject();
            const QString name
                = spec.value(QStringLiteral("name"))
                      .toString(
                          spec.value(QStringLiteral("metric")).toObject().value(QStringLiteral("name")).toString());
            const QJsonObject target = spec.value(QStringLiteral("target")).toObject();
            QString actual = QStringLiteral("<unknown>");
            for (const QJsonValue& status : current) {
                const QJsonObject reported = status.toObject().value(source).toObject();
                const QString reportedName = reported.value(QStringLiteral("name"))
                                                 .toString(reported.value(QStringLiteral("metric"))
                                                               .toObject()
                                                               .value(QStringLiteral("name"))
                                                               .toString());
                if (reportedName != name)
                    continue;
                const QJsonObject value = reported.value(QStringLiteral("current")).toObject();
                actual = value.contains(QStringLiteral("averageUtilization"))
                    ? QString::number(value.value(QStringLiteral("averageUtilization")).toInt()) + QLatin1Char('%')
                    : value.value(QStringLiteral("averageValue"))
                          .toString(value.value(QStringLiteral("value")).toString());
            }
            const QString wanted = target.contains(QStringLiteral("averageUtilization"))
                ? QString::number(target.value(QStringLiteral("averageUtilization")).toInt()) + QLatin1Char('%')
                : target.value(QStringLiteral("averageValue"))
                      .toString(target.value(QStringLiteral("value")).toString());
            targets.append(name + QStringLiteral(": ") + actual + QLatin1Char('/') + wanted);
        }
        const QJsonObject ref = at(hpa, "spec.scaleTargetRef").toObject();
        return { at(hpa, "metadata.name"),
            QString(ref.value(QStringLiteral("kind")).toString() + QLatin1Char('/')
                + ref.value(QStringLiteral("name")).toString()),
            targets.isEmpty() ? QStringLiteral("<none>") : targets.join(QStringLiteral(", ")),
            number(hpa, "spec.minReplicas", 1), number(hpa, "spec.maxReplicas"), number(hpa, "status.currentReplicas"),
            age(at(hpa, "metadata.creationTimestamp"), now) };
    }

    QJsonArray eventCells(const QJsonObject& event, const QDateTime& now, bool core)
    {
        const QJsonObject regarding
            = event.value(core ? QStringLiteral("involvedObject") : QStringLiteral("regarding")).toObject();
        QJsonValue last
            = event.value(core ? QStringLiteral("lastTimestamp") : QStringLiteral("deprecatedLastTimestamp"));
        if (!last.isString())
            last = event.value(QStringLiteral("eventTime"));
        const QJsonValue first
            = event.value(core ? QStringLiteral("firstTimestamp") : QStringLiteral("deprecatedFirstTimestamp"));
        const QJsonObject source
            = event.value(core ? QStringLiteral("source") : QStringLiteral("deprecatedSource")).toObject();
        return { age(last, now), event.value(QStringLiteral("type")), event.value(QStringLiteral("reason")),
            QString(regarding.value(QStringLiteral("kind")).toString().toLower() + QLatin1Char('/')
                + regarding.value(QStringLiteral("name")).toString()),
            regarding.value(QStringLiteral("fieldPath")).toString(),
            source.value(QStringLiteral("component")).toString(),
            event.value(core ? QStringLiteral("message") : QStringLiteral("note")),
            first.isString() ? age(first, now) : QStringLiteral("<unknown>"),
            event.value(core ? QStringLiteral("count") : QStringLiteral("deprecatedCount")).toInt(1),
            at(event, "metadata.name") };
    }

    QString conditionStatus(const QJsonObject& object, const QString& type)
    {
        for (const QJsonValue& value : at(object, "status.conditions").toArray()) {
            const QJsonObject condition = value.toObject();
            if (condition.value(QStringLiteral("type")).toString() != type)
                continue;
            const QString status = condition.value(QStringLiteral("status")).toString();
            if (status == QLatin1String("True"))
                return status;
            return QStringLiteral("%1 (%2)").arg(status, condition.value(QStringLiteral("reason")).toString());
        }
        return QStringLiteral("Unknown");
    }

} // namespace

QString TableColumns::humanDuration(qint64 seconds)
{
    if (seconds < -1)
        return QStringLiteral("<invalid>");
    if (seconds < 0)
        return QStringLiteral("0s");
    if (seconds < 120)
        return QStringLiteral("%1s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 10)
        return seconds % 60 == 0 ? QStringLiteral("%1m").arg(minutes)
                                 : QStringLiteral("%1m%2s").arg(minutes).arg(seconds % 60);
    if (minutes < 180)
        return QStringLiteral("%1m").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 8)
        return minutes % 60 == 0 ? QStringLiteral("%1h").arg(hours)
                                 : QStringLiteral("%1h%2m").arg(hours).arg(minutes % 60);
    if (hours < 48)
        return QStringLiteral("%1h").arg(hours);
    if (hours < 24 * 8)
        return hours % 24 == 0 ? QStringLiteral("%1d").arg(hours / 24)
                               : QStringLiteral("%1d%2h").arg(hours / 24).arg(hours % 24);
    if (hours < 24 * 365 * 2)
        return QStringLiteral("%1d").arg(hours / 24);
    if (hours < 24 * 365 * 8) {
        const qint64 days = (hours / 24) % 365;
        return days == 0 ? QStringLiteral("%1y").arg(hours / 24 / 365)
                         : QStringLiteral("%1y%2d").arg(hours / 24 / 365).arg(days);
    }
    return QStringLiteral("%1y").arg(hours / 24 / 365);
}

QJsonArray TableColumns::definitions(const ResourceInfo& info)
{
    const QString& kind = info.kind;
    if (info.origin == ResourceOrigin::CustomResource)
        return columns({ { "Name", "string", 0 }, { "Age", "date", 0 } });
    if (kind == QLatin1String("Pod"))
        return columns({ { "Name", "string", 0 }, { "Ready", "string", 0 }, { "Status", "string", 0 },
            { "Restarts", "string", 0 }, { "Age", "string", 0 }, { "IP", "string", 1 }, { "Node", "string", 1 },
            { "Nominated Node", "string", 1 }, { "Readiness Gates", "string", 1 } });
    if (kind == QLatin1String("Node"))
        return columns(
            { { "Name", "string", 0 }, { "Status", "string", 0 }, { "Roles", "string", 0 }, { "Age", "string", 0 },
                { "Version", "string", 0 }, { "Internal-IP", "string", 1 }, { "External-IP", "string", 1 },
                { "OS-Image", "string", 1 }, { "Kernel-Version", "string", 1 }, { "Container-Runtime", "string", 1 } });
    if (kind == QLatin1String("Namespace"))
        return columns({ { "Name", "string", 0 }, { "Status", "string", 0 }, { "Age", "string", 0 } });
    if (kind == QLatin1String("Service"))
        return columns({ { "Name", "string", 0 }, { "Type", "string", 0 }, { "Cluster-IP", "string", 0 },
            { "External-IP", "string", 0 }, { "Port(s)", "string", 0 }, { "Age", "string", 0 },
            { "Selector", "string", 1 } });
    if (kind == QLatin1String("Deployment"))
        return columns({ { "Name", "string", 0 }, { "Ready", "string", 0 }, { "Up-to-date", "integer", 0 },
            { "Available", "integer", 0 }, { "Age", "string", 0 }, { "Containers", "string", 1 },
            { "Images", "string", 1 }, { "Selector", "string", 1 } });
    if (kind == QLatin1String("ReplicaSet"))
        return columns({ { "Name", "string", 0 }, { "Desired", "integer", 0 }, { "Current", "integer", 0 },
            { "Ready", "integer", 0 }, { "Age", "string", 0 }, { "Containers", "string", 1 }, { "Images", "string", 1 },
            { "Selector", "string", 1 } });
    if (kind == QLatin1String("StatefulSet"))
        return columns({ { "Name", "string", 0 }, { "Ready", "string", 0 }, { "Age", "string", 0 },
            { "Containers", "string", 1 }, { "Images", "string", 1 } });
    if (kind == QLatin1String("DaemonSet"))
        return columns({ { "Name", "string", 0 }, { "Desired", "integer", 0 }, { "Current", "integer", 0 },
            { "Ready", "integer", 0 }, { "Up-to-date", "integer", 0 }, { "Available", "integer", 0 },
            { "Node Selector", "string", 0 }, { "Age", "string", 0 }, { "Containers", "string", 1 },
            { "Images", "string", 1 }, { "Selector", "string", 1 } });
    if (kind == QLatin1String("PersistentVolumeClaim"))
        return columns({ { "Name", "string", 0 }, { "Status", "string", 0 }, { "Volume", "string", 0 },
            { "Capacity", "string", 0 }, { "Access Modes", "string", 0 }, { "StorageClass", "string", 0 },
            { "Age", "string", 0 }, { "VolumeMode", "string", 1 } });
    if (kind == QLatin1String("ConfigMap"))
        return columns({ { "Name", "string", 0 }, { "Data", "string", 0 }, { "Age", "string", 0 } });
    if (kind == QLatin1String("Event"))
        return columns({ { "Last Seen", "string", 0 }, { "Type", "string", 0 }, { "Reason", "string", 0 },
            { "Object", "string", 0 }, { "Subobject", "string", 1 }, { "Source", "string", 1 },
            { "Message", "string", 0 }, { "First Seen", "string", 1 }, { "Count", "string", 1 },
            { "Name", "string", 1 } });
    if (kind == QLatin1String("HorizontalPodAutoscaler"))
        return columns({ { "Name", "string", 0 }, { "Reference", "string", 0 }, { "Targets", "string", 0 },
            { "MinPods", "string", 0 }, { "MaxPods", "integer", 0 }, { "Replicas", "integer", 0 },
            { "Age", "string", 0 } });
    if (kind == QLatin1String("Lease"))
        return columns({ { "Name", "string", 0 }, { "Holder", "string", 0 }, { "Age", "string", 0 } });
    if (kind == QLatin1String("RuntimeClass"))
        return columns({ { "Name", "string", 0 }, { "Handler", "string", 0 }, { "Age", "string", 0 } });
    if (kind == QLatin1String("APIService"))
        return columns({ { "Name", "string", 0 }, { "Service", "string", 0 }, { "Available", "string", 0 },
            { "Age", "string", 0 } });
    if (kind == QLatin1String("NodeMetrics") || kind == QLatin1String("PodMetrics"))
        return columns(
            { { "Name", "string", 0 }, { "CPU", "string", 0 }, { "Memory", "string", 0 }, { "Window", "string", 0 } });
    // The apiserver's default for kinds without printers, CustomResourceDefinition among them.
    return columns({ { "Name", "string", 0 }, { "Created At", "date", 0 } });
}

QJsonArray TableColumns::cells(const ResourceInfo& info, const QJsonObject& object, const QDateTime& now)
{
    const QString& kind = info.kind;
    const QJsonValue name = at(object, "metadata.name");
    const QJsonValue created = at(object, "metadata.creationTimestamp");
    const QString ageText = age(created, now);
    // The apiextensions table convertor renders date columns as ages; the built-in default
    // ("Created At") keeps the RFC 3339 timestamp.
    if (info.origin == ResourceOrigin::CustomResource)
        return { name, ageText };
    if (kind == QLatin1String("Pod"))
        return podCells(object, now);
    if (kind == QLatin1String("Node"))
        return nodeCells(object, now);
    if (kind == QLatin1String("Namespace"))
        return { name, text(object, "status.phase", QStringLiteral("Active")), ageText };
    if (kind == QLatin1String("Service"))
        return serviceCells(object, now);
    if (kind == QLatin1String("Deployment")) {
        QJsonArray row { name,
            QStringLiteral("%1/%2").arg(number(object, "status.readyReplicas")).arg(number(object, "spec.replicas", 1)),
            number(object, "status.updatedReplicas"), number(object, "status.availableReplicas"), ageText };
        for (const QJsonValue& cell : workloadWide(object))
            row.append(cell);
        return row;
    }
    if (kind == QLatin1String("ReplicaSet")) {
        QJsonArray row { name, number(object, "spec.replicas", 1), number(object, "status.replicas"),
            number(object, "status.readyReplicas"), ageText };
        for (const QJsonValue& cell : workloadWide(object))
            row.append(cell);
        return row;
    }
    if (kind == QLatin1String("StatefulSet")) {
        const QJsonArray wide = workloadWide(object);
        return { name,
            QStringLiteral("%1/%2").arg(number(object, "status.readyReplicas")).arg(number(object, "spec.replicas", 1)),
            ageText, wide[0], wide[1] };
    }
    if (kind == QLatin1String("DaemonSet")) {
        QJsonArray row { name, number(object, "status.desiredNumberScheduled"),
            number(object, "status.currentNumberScheduled"), number(object, "status.numberReady"),
            number(object, "status.updatedNumberScheduled"), number(object, "status.numberAvailable"),
            labelsText(at(object, "spec.template.spec.nodeSelector").toObject()), ageText };
        for (const QJsonValue& cell : workloadWide(object))
            row.append(cell);
        return row;
    }
    if (kind == QLatin1String("PersistentVolumeClaim")) {
        static const QMap<QString, QString> modes { { QStringLiteral("ReadWriteOnce"), QStringLiteral("RWO") },
            { QStringLiteral("ReadOnlyMany"), QStringLiteral("ROX") },
            { QStringLiteral("ReadWriteMany"), QStringLiteral("RWX") },
            { QStringLiteral("ReadWriteOncePod"), QStringLiteral("RWOP") } };
        QStringList access;
        for (const QJsonValue& mode : at(object, "status.accessModes").toArray())
            access.append(modes.value(mode.toString(), mode.toString()));
        return { name, text(object, "status.phase", QStringLiteral("Pending")),
            text(object, "spec.volumeName", QString()), text(object, "status.capacity.storage", QString()),
            access.join(QLatin1Char(',')), text(object, "spec.storageClassName", QString()), ageText,
            text(object, "spec.volumeMode", QStringLiteral("Filesystem")) };
    }
    if (kind == QLatin1String("ConfigMap"))
        return { name,
            QString::number(object.value(QStringLiteral("data")).toObject().size()
                + object.value(QStringLiteral("binaryData")).toObject().size()),
            ageText };
    if (kind == QLatin1String("Event"))
        return eventCells(object, now, info.group.isEmpty());
    if (kind == QLatin1String("HorizontalPodAutoscaler"))
        return hpaCells(object, now);
    if (kind == QLatin1String("Lease"))
        return { name, text(object, "spec.holderIdentity", QStringLiteral("<none>")), ageText };
    if (kind == QLatin1String("RuntimeClass"))
        return { name, object.value(QStringLiteral("handler")), ageText };
    if (kind == QLatin1String("APIService")) {
        const QJsonObject service = at(object, "spec.service").toObject();
        const QString serviceText = service.isEmpty() ? QStringLiteral("Local")
                                                      : service.value(QStringLiteral("namespace")).toString()
                + QLatin1Char('/') + service.value(QStringLiteral("name")).toString();
        return { name, serviceText, conditionStatus(object, QStringLiteral("Available")), ageText };
    }
    if (kind == QLatin1String("NodeMetrics") || kind == QLatin1String("PodMetrics")) {
        QJsonObject usage = object.value(QStringLiteral("usage")).toObject();
        if (usage.isEmpty()) {
            // PodMetrics: the sum over containers is what kubectl top shows; one container is enough here.
            usage = object.value(QStringLiteral("containers"))
                        .toArray()
                        .first()
                        .toObject()
                        .value(QStringLiteral("usage"))
                        .toObject();
        }
        return { name, usage.value(QStringLiteral("cpu")), usage.value(QStringLiteral("memory")),
            object.value(QStringLiteral("window")) };
    }
    return { name, created };
}

} // namespace minato::sim
