// SPDX-License-Identifier: Apache-2.0
#include "analysis/eventrules.h"

#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

#include <QHash>

#include <cmath>

namespace minato::analysis {

namespace {

    struct Burst
    {
        qint64 count = 0;
        qint64 first = 0;
        qint64 last = 0;
        const fleet::EventInfo* latest = nullptr;
    };

    // How many of the event's occurrences fall inside [windowStart, …).
    qint64 occurrencesSince(const fleet::EventInfo& event, qint64 windowStart)
    {
        const qint64 last = event.lastTimestamp > 0
            ? event.lastTimestamp
            : (event.firstTimestamp > 0 ? event.firstTimestamp : event.meta.creationTimestamp);
        if (last < windowStart)
            return 0;
        const qint64 first = event.firstTimestamp > 0 ? event.firstTimestamp : last;
        const qint64 count = std::max<qint64>(1, event.count);
        if (count == 1 || first >= windowStart || last <= first)
            return count;
        return qint64(std::ceil(double(count) * double(last - windowStart) / double(last - first)));
    }

    void fold(Burst& burst, const fleet::EventInfo& event, qint64 occurrences)
    {
        const qint64 first = event.firstTimestamp > 0 ? event.firstTimestamp : event.meta.creationTimestamp;
        const qint64 last = event.lastTimestamp > 0 ? event.lastTimestamp : first;
        burst.count += occurrences;
        if (burst.first == 0 || (first > 0 && first < burst.first))
            burst.first = first;
        if (!burst.latest || last > burst.last) {
            burst.last = last;
            burst.latest = &event;
        }
    }

    QString objectLabel(const fleet::EventInfo& event)
    {
        return event.objectKind.toString() + QLatin1Char('/')
            + (event.objectNamespace.isEmpty()
                    ? event.objectName
                    : event.objectNamespace.toString() + QLatin1Char('/') + event.objectName);
    }

} // namespace

void eventRules(RuleInput& input)
{
    const qint64 windowStart = input.nowSecs - input.options.eventWindowSeconds;
    const QString window = shortDuration(input.options.eventWindowSeconds);
    QHash<QString, Burst> perObject; // kind, namespace, name, reason
    for (const fleet::EventInfo& event : input.store.events()) {
        if (!event.isWarning())
            continue;
        const qint64 occurrences = occurrencesSince(event, windowStart);
        if (occurrences == 0)
            continue;
        static const QChar Sep(0x1f);
        const QString key = event.objectKind.toString() + Sep + event.objectNamespace.toString() + Sep
            + event.objectName + Sep + event.reason.toString();
        fold(perObject[key], event, occurrences);
    }

    struct ClusterBurst
    {
        Burst burst;
        QStringList objects;
    };
    QHash<QString, ClusterBurst> perReason;
    for (const Burst& burst : std::as_const(perObject)) {
        const fleet::EventInfo& event = *burst.latest;
        ClusterBurst& cluster = perReason[event.reason.toString()];
        cluster.burst.count += burst.count;
        if (cluster.burst.first == 0 || burst.first < cluster.burst.first)
            cluster.burst.first = burst.first;
        if (!cluster.burst.latest || burst.last > cluster.burst.last) {
            cluster.burst.last = burst.last;
            cluster.burst.latest = burst.latest;
        }
        cluster.objects << objectLabel(event);
        if (burst.count < input.options.eventBurstCount)
            continue;
        Finding& f = input.add(Severity::Warning, QStringLiteral("events.warning-burst"), event.objectKind.toString(),
            event.objectNamespace.toString(), event.objectName,
            QStringLiteral("%1 Warning events %2 in %3").arg(burst.count).arg(event.reason.toString(), window),
            burst.first);
        f.object.uid = event.objectUid;
        f.qualifier = event.reason.toString();
        f.evidence = { { QStringLiteral("reason"), event.reason.toString() },
            { QStringLiteral("events"), QString::number(burst.count) }, { QStringLiteral("window"), window },
            { QStringLiteral("source"), event.sourceComponent.toString() },
            { QStringLiteral("lastTimestamp"), evidenceTime(burst.last) },
            { QStringLiteral("message"), evidenceMessage(event.message) } };
    }

    for (auto it = perReason.begin(); it != perReason.end(); ++it) {
        ClusterBurst& cluster = it.value();
        if (cluster.burst.count < input.options.clusterEventBurstCount
            || cluster.objects.size() < input.options.clusterEventBurstObjects)
            continue;
        cluster.objects.sort(); // hash order is not stable; examples should be
        Finding& f = input.add(Severity::Warning, QStringLiteral("events.warning-burst-cluster"),
            QStringLiteral("Cluster"), QString(), input.cluster.name,
            QStringLiteral("%1 Warning events %2 on %3 objects in %4")
                .arg(cluster.burst.count)
                .arg(it.key())
                .arg(cluster.objects.size())
                .arg(window),
            cluster.burst.first);
        f.qualifier = it.key();
        f.evidence = { { QStringLiteral("reason"), it.key() },
            { QStringLiteral("events"), QString::number(cluster.burst.count) },
            { QStringLiteral("objects"), QString::number(cluster.objects.size()) },
            { QStringLiteral("window"), window },
            { QStringLiteral("examples"), cluster.objects.mid(0, 3).join(QLatin1Char(',')) },
            { QStringLiteral("lastTimestamp"), evidenceTime(cluster.burst.last) },
            { QStringLiteral("message"), evidenceMessage(cluster.burst.latest->message) } };
    }
}

} // namespace minato::analysis
