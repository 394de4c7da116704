// SPDX-License-Identifier: Apache-2.0
#include "analysis/runtimesreport.h"

#include "util/texttable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

#include <cmath>

namespace minato::analysis {

namespace {

    QString orDash(const QString& text)
    {
        return text.isEmpty() ? QStringLiteral("-") : text;
    }

    QString secondsText(double seconds)
    {
        return std::isnan(seconds) ? QStringLiteral("-") : QString::number(seconds, 'f', seconds < 10 ? 1 : 0) + u's';
    }

    QString classText(const QString& runtimeClass)
    {
        return runtimeClass.isEmpty() ? QStringLiteral("(default)") : runtimeClass;
    }

    QString reasonsText(const QMap<QString, int>& counts)
    {
        QStringList parts;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
        return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
    }

    QJsonObject verdictObject(const PolicyVerdict& verdict)
    {
        return { { QStringLiteral("level"), supportLevelName(verdict.level) }, { QStringLiteral("reason"), verdict.reason } };
    }

    QJsonObject countsObject(const QMap<QString, int>& counts)
    {
        QJsonObject o;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            o.insert(it.key(), it.value());
        return o;
    }

    QJsonValue number(double value)
    {
        return std::isnan(value) ? QJsonValue() : QJsonValue(value);
    }

    QString tableText(const QList<QStringList>& rows)
    {
        return alignedLines(rows, 2).join(QLatin1Char('\n')) + QLatin1Char('\n');
    }

} // namespace

RuntimesReport RuntimesReport::build(
    const QList<ReportCluster>& clusters, qint64 nowSeconds, qint64 windowSeconds, qint64 startsSinceSeconds)
{
    RuntimesReport report;
    const QDate today = QDateTime::fromSecsSinceEpoch(nowSeconds, QTimeZone::utc()).date();
    for (const ReportCluster& cluster : clusters) {
        if (!cluster.store)
            continue;
        report.clusters.append(ClusterRuntimes::of(cluster.facts, *cluster.store, today));
        for (RuntimeFailureGroup& group : runtimeFailures(*cluster.store, nowSeconds, windowSeconds))
            report.failures.append({ cluster.facts.name, std::move(group) });
        report.starts += podStarts(*cluster.store, startsSinceSeconds);
    }
    report.latency = groupStarts(report.starts);
    return report;
}

QString RuntimesRenderer::table(const RuntimesReport& report)
{
    if (report.clusters.isEmpty())
        return QStringLiteral("No cluster to show.\n");
    QList<QStringList> matrix { { QStringLiteral("CLUSTER"), QStringLiteral("VERSION"), QStringLiteral("RUNTIME"),
        QStringLiteral("RUNTIME VERSION"), QStringLiteral("NODES"), QStringLiteral("VERDICT"), QStringLiteral("REASON") } };
    for (const ClusterRuntimes& c : report.clusters) {
        const QString cluster = c.isMixed() ? c.cluster + QStringLiteral(" (mixed)") : c.cluster;
        for (const RuntimeGroup& g : c.groups)
            matrix.append({ cluster, orDash(c.serverVersion), orDash(g.runtime), orDash(g.runtimeVersion),
                QString::number(g.nodes.size()), supportLevelName(g.worst), g.reason });
        if (c.groups.isEmpty())
            matrix.append({ cluster, orDash(c.serverVersion), QStringLiteral("-"), QStringLiteral("-"), QStringLiteral("0"),
                QStringLiteral("-"), QStringLiteral("no nodes visible") });
    }
    QString out = tableText(matrix);

    QList<QStringList> problems { { QStringLiteral("CLUSTER"), QStringLiteral("NODE"), QStringLiteral("KUBELET"),
        QStringLiteral("RUNTIME"), QStringLiteral("VERDICT"), QStringLiteral("WHY") } };
    for (const ClusterRuntimes& c : report.clusters) {
        // The runtime's own support is the matrix's; here what sets a node apart from its group.
        for (const RuntimeNode& n : c.nodes) {
            QStringList why;
            SupportLevel level = SupportLevel::Warning;
            for (const PolicyVerdict* v : { &n.kubelet, &n.kubeProxy }) {
                if (!v->isProblem())
                    continue;
                why << v->reason;
                if (v->level == SupportLevel::Unsupported)
                    level = SupportLevel::Unsupported;
            }
            if (!n.ready)
                why << QStringLiteral("not Ready");
            if (!n.problems.isEmpty())
                why << n.problems.join(QStringLiteral(", "));
            if (why.isEmpty())
                continue;
            problems.append({ c.cluster, n.name, n.kubeletVersion, n.runtime + u' ' + n.runtimeVersion,
                supportLevelName(level), why.join(QStringLiteral("; ")) });
        }
    }
    if (problems.size() > 1)
        out += QStringLiteral("\nNodes to look at\n") + tableText(problems);

    QList<QStringList> classes { { QStringLiteral("CLUSTER"), QStringLiteral("RUNTIMECLASS"), QStringLiteral("HANDLER"),
        QStringLiteral("SANDBOX"), QStringLiteral("NODES"), QStringLiteral("PODS"), QStringLiteral("PENDING"),
        QStringLiteral("VERDICT") } };
    for (const ClusterRuntimes& c : report.clusters)
        for (const RuntimeClassRow& r : c.classes)
            classes.append({ c.cluster, r.name, r.handler, r.family, QString::number(r.nodes.size()), QString::number(r.pods),
                QString::number(r.pendingPods), r.verdict.isProblem() ? r.verdict.reason : supportLevelName(r.verdict.level) });
    if (classes.size() > 1)
        out += QStringLiteral("\nRuntimeClasses\n") + tableText(classes);

    QList<QStringList> failures { { QStringLiteral("CLUSTER"), QStringLiteral("RUNTIME"), QStringLiteral("CLASS"),
        QStringLiteral("FAILING PODS"), QStringLiteral("EVENTS/H"), QStringLiteral("REASONS") } };
    for (const RuntimesReport::ClusterFailures& f : report.failures) {
        QMap<QString, int> reasons = f.group.podsByReason;
        for (auto it = f.group.eventsByReason.begin(); it != f.group.eventsByReason.end(); ++it)
            reasons[it.key()] += it.value();
        failures.append({ f.cluster, orDash(f.group.runtime) + u' ' + f.group.runtimeVersion, classText(f.group.runtimeClass),
            QString::number(f.group.failingPods()), QString::number(f.group.eventsPerHour, 'f', 1), reasonsText(reasons) });
    }
    if (failures.size() > 1)
        out += QStringLiteral("\nRuntime failures\n") + tableText(failures);

    QList<QStringList> latency { { QStringLiteral("RUNTIME"), QStringLiteral("VERSION"), QStringLiteral("CLASS"),
        QStringLiteral("STARTS"), QStringLiteral("MEDIAN"), QStringLiteral("P90"), QStringLiteral("P99") } };
    for (const StartLatencyGroup& g : report.latency)
        latency.append({ orDash(g.runtime), orDash(g.runtimeVersion), classText(g.runtimeClass),
            QString::number(g.latency.count), secondsText(g.latency.median), secondsText(g.latency.p90),
            secondsText(g.latency.p99) });
    if (latency.size() > 1)
        out += QStringLiteral("\nPod start latency (PodScheduled to the first container running)\n") + tableText(latency);
    return out;
}

QJsonObject RuntimesRenderer::document(const RuntimesReport& report)
{
    QJsonArray clusters;
    for (const ClusterRuntimes& c : report.clusters) {
        QJsonArray nodes;
        for (const RuntimeNode& n : c.nodes)
            nodes.append(QJsonObject { { QStringLiteral("name"), n.name }, { QStringLiteral("runtime"), n.runtime },
                { QStringLiteral("runtimeVersion"), n.runtimeVersion }, { QStringLiteral("kubeletVersion"), n.kubeletVersion },
                { QStringLiteral("kubeProxyVersion"), n.kubeProxyVersion }, { QStringLiteral("osImage"), n.osImage },
                { QStringLiteral("kernelVersion"), n.kernelVersion }, { QStringLiteral("architecture"), n.architecture },
                { QStringLiteral("criSocket"), n.criSocket }, { QStringLiteral("ready"), n.ready },
                { QStringLiteral("kubeletSkew"), verdictObject(n.kubelet) },
                { QStringLiteral("kubeProxySkew"), verdictObject(n.kubeProxy) },
                { QStringLiteral("support"), verdictObject(n.support) },
                { QStringLiteral("runtimeClasses"), QJsonArray::fromStringList(n.runtimeClasses) },
                { QStringLiteral("problems"), QJsonArray::fromStringList(n.problems) } });
        QJsonArray groups;
        for (const RuntimeGroup& g : c.groups)
            groups.append(QJsonObject { { QStringLiteral("runtime"), g.runtime },
                { QStringLiteral("runtimeVersion"), g.runtimeVersion }, { QStringLiteral("nodes"), QJsonArray::fromStringList(g.nodes) },
                { QStringLiteral("verdict"), supportLevelName(g.worst) }, { QStringLiteral("reason"), g.reason } });
        QJsonArray classes;
        for (const RuntimeClassRow& r : c.classes)
            classes.append(QJsonObject { { QStringLiteral("name"), r.name }, { QStringLiteral("handler"), r.handler },
                { QStringLiteral("sandbox"), r.family }, { QStringLiteral("nodeSelector"), r.nodeSelector },
                { QStringLiteral("tolerations"), r.tolerations },
                { QStringLiteral("overheadCpuMilli"), double(r.overheadCpuMilli) },
                { QStringLiteral("overheadMemoryBytes"), double(r.overheadMemoryBytes) },
                { QStringLiteral("nodes"), QJsonArray::fromStringList(r.nodes) }, { QStringLiteral("pods"), r.pods },
                { QStringLiteral("pendingPods"), r.pendingPods }, { QStringLiteral("verdict"), verdictObject(r.verdict) } });
        clusters.append(QJsonObject { { QStringLiteral("cluster"), c.cluster }, { QStringLiteral("team"), c.team },
            { QStringLiteral("environment"), c.environment }, { QStringLiteral("serverVersion"), c.serverVersion },
            { QStringLiteral("mixedRuntimes"), c.isMixed() }, { QStringLiteral("runtimes"), groups },
            { QStringLiteral("nodes"), nodes }, { QStringLiteral("runtimeClasses"), classes },
            { QStringLiteral("podsWithoutRuntimeClass"), c.podsWithoutClass } });
    }
    QJsonArray failures;
    for (const RuntimesReport::ClusterFailures& f : report.failures)
        failures.append(QJsonObject { { QStringLiteral("cluster"), f.cluster }, { QStringLiteral("runtime"), f.group.runtime },
            { QStringLiteral("runtimeVersion"), f.group.runtimeVersion }, { QStringLiteral("runtimeClass"), f.group.runtimeClass },
            { QStringLiteral("failingPods"), QJsonArray::fromStringList(f.group.pods) },
            { QStringLiteral("podsByReason"), countsObject(f.group.podsByReason) },
            { QStringLiteral("eventsByReason"), countsObject(f.group.eventsByReason) },
            { QStringLiteral("eventsPerHour"), f.group.eventsPerHour } });
    QJsonArray latency;
    for (const StartLatencyGroup& g : report.latency)
        latency.append(QJsonObject { { QStringLiteral("runtime"), g.runtime }, { QStringLiteral("runtimeVersion"), g.runtimeVersion },
            { QStringLiteral("runtimeClass"), g.runtimeClass }, { QStringLiteral("starts"), g.latency.count },
            { QStringLiteral("medianSeconds"), number(g.latency.median) }, { QStringLiteral("p90Seconds"), number(g.latency.p90) },
            { QStringLiteral("p99Seconds"), number(g.latency.p99) }, { QStringLiteral("maxSeconds"), number(g.latency.max) } });
    return { { QStringLiteral("clusters"), clusters }, { QStringLiteral("failures"), failures },
        { QStringLiteral("startLatency"), latency } };
}

} // namespace minato::analysis
