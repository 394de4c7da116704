// SPDX-License-Identifier: Apache-2.0
#include "analysis/reportrenderer.h"

#include "fleet/jsonyaml.h"
#include "util/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace minato::analysis {

using namespace fleet;

namespace {

// Failing pods listed per cluster under the table; the JSON has them all.
constexpr int MaxFailingShown = 10;

QJsonObject countsObject(const QMap<QString, int>& counts)
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject cniObject(const CniSummary& cni)
{
    QJsonObject object { { QStringLiteral("plugin"), cni.pluginName() } };
    if (!cni.version.isEmpty())
        object.insert(QStringLiteral("version"), cni.version);
    if (cni.plugin == CniSummary::Plugin::Calico) {
        object.insert(QStringLiteral("encapsulation"), cni.encapsulation);
        object.insert(QStringLiteral("bgp"), cni.bgpMode);
        object.insert(QStringLiteral("externalPeers"), cni.externalPeers);
        QJsonArray pools;
        for (const CniSummary::Pool& pool : cni.pools) {
            pools.append(QJsonObject { { QStringLiteral("name"), pool.name }, { QStringLiteral("cidr"), pool.cidr },
                { QStringLiteral("encapsulation"), pool.encapsulation },
                { QStringLiteral("disabled"), pool.disabled } });
        }
        object.insert(QStringLiteral("pools"), pools);
    }
    if (cni.plugin == CniSummary::Plugin::Flannel || cni.alsoFlannel) {
        object.insert(QStringLiteral("backend"), cni.backend);
        object.insert(QStringLiteral("network"), cni.network);
        object.insert(QStringLiteral("source"), cni.source);
    }
    return object;
}

QString podsCell(const ClusterSummary& c)
{
    return QStringLiteral("%1/%2/%3")
        .arg(c.podsByPhase.value(QStringLiteral("Running")))
        .arg(c.podsByPhase.value(QStringLiteral("Pending")))
        .arg(c.podsByPhase.value(QStringLiteral("Failed")));
}

// Nothing to show for a cluster that never synced: a dash, not misleading zeros.
bool hasData(const ClusterSummary& c)
{
    return c.nodesTotal > 0 || c.podsTotal > 0 || !c.version.isEmpty();
}

} // namespace

QJsonObject ReportRenderer::clusterObject(const ClusterSummary& c)
{
    QJsonObject object = baseObject(c);
    if (c.findings) {
        object.insert(QStringLiteral("findings"),
            QJsonObject { { QStringLiteral("critical"), c.findings->critical },
                { QStringLiteral("warning"), c.findings->warning }, { QStringLiteral("info"), c.findings->info } });
    }
    return object;
}

QJsonObject ReportRenderer::baseObject(const ClusterSummary& c)
{
    QJsonArray failing;
    for (const ClusterSummary::FailingPod& pod : c.failingPods) {
        failing.append(QJsonObject { { QStringLiteral("namespace"), pod.nameSpace },
            { QStringLiteral("name"), pod.name }, { QStringLiteral("reason"), pod.reason },
            { QStringLiteral("node"), pod.node }, { QStringLiteral("restarts"), qint64(pod.restarts) } });
    }
    QJsonArray runtimes;
    for (const ClusterSummary::Runtime& r : c.runtimes) {
        runtimes.append(QJsonObject { { QStringLiteral("name"), r.name }, { QStringLiteral("version"), r.version },
            { QStringLiteral("nodes"), r.nodes } });
    }
    QJsonObject metrics;
    for (const ClusterSummary::MetricsApi& api : c.metricsApis)
        metrics.insert(api.name, api.status);
    return QJsonObject {
        { QStringLiteral("name"), c.name },
        { QStringLiteral("team"), c.team },
        { QStringLiteral("environment"), c.environment },
        { QStringLiteral("server"), c.server },
        { QStringLiteral("state"), sessionStateName(c.status.state) },
        { QStringLiteral("reason"), c.status.reason },
        { QStringLiteral("since"), c.status.since.toUTC().toString(Qt::ISODate) },
        { QStringLiteral("version"), c.version },
        { QStringLiteral("nodes"),
            QJsonObject { { QStringLiteral("ready"), c.nodesReady }, { QStringLiteral("total"), c.nodesTotal } } },
        { QStringLiteral("pods"),
            QJsonObject { { QStringLiteral("total"), c.podsTotal },
                { QStringLiteral("byPhase"), countsObject(c.podsByPhase) }, { QStringLiteral("failing"), failing },
                { QStringLiteral("failingByReason"), countsObject(c.failingByReason) } } },
        { QStringLiteral("cni"), cniObject(c.cni) },
        { QStringLiteral("runtimes"), runtimes },
        { QStringLiteral("hpas"),
            QJsonObject { { QStringLiteral("total"), c.hpas.total }, { QStringLiteral("atMax"), c.hpas.atMax },
                { QStringLiteral("unableToScale"), c.hpas.unableToScale },
                { QStringLiteral("problems"), QJsonArray::fromStringList(c.hpas.problems) } } },
        { QStringLiteral("metricsApis"), metrics },
        { QStringLiteral("forbidden"), QJsonArray::fromStringList(c.forbidden) },
        { QStringLiteral("warnings"), c.warnings },
    };
}

QJsonObject ReportRenderer::document(const QList<ClusterSummary>& clusters)
{
    QJsonArray items;
    QMap<QString, int> byState;
    for (const ClusterSummary& c : clusters) {
        items.append(clusterObject(c));
        ++byState[sessionStateName(c.status.state)];
    }
    const int live = byState.value(sessionStateName(SessionState::Live));
    return QJsonObject {
        { QStringLiteral("clusters"), items },
        { QStringLiteral("summary"),
            QJsonObject { { QStringLiteral("clusters"), int(clusters.size()) }, { QStringLiteral("live"), live },
                { QStringLiteral("allLive"), live == clusters.size() && !clusters.isEmpty() },
                { QStringLiteral("byState"), countsObject(byState) } } },
    };
}

QString ReportRenderer::table(const QList<ClusterSummary>& clusters)
{
    const bool withFindings = std::any_of(
        clusters.cbegin(), clusters.cend(), [](const ClusterSummary& c) { return c.findings.has_value(); });
    QStringList header { QStringLiteral("CLUSTER"), QStringLiteral("STATE"), QStringLiteral("VERSION"),
        QStringLiteral("NODES"), QStringLiteral("PODS RUN/PEND/FAIL"), QStringLiteral("FAILING"),
        QStringLiteral("HPAS (MAX/UNABLE)"), QStringLiteral("CNI"), QStringLiteral("RUNTIMES") };
    if (withFindings)
        header << QStringLiteral("FINDINGS C/W/I");
    header << QStringLiteral("REASON");
    QList<QStringList> rows { header };
    for (const ClusterSummary& c : clusters) {
        const bool data = hasData(c);
        const QString dash = QStringLiteral("-");
        QStringList row { c.name, sessionStateName(c.status.state), c.version.isEmpty() ? dash : c.version,
            data ? QStringLiteral("%1/%2").arg(c.nodesReady).arg(c.nodesTotal) : dash, data ? podsCell(c) : dash,
            data ? QString::number(c.failingPods.size()) : dash,
            data ? QStringLiteral("%1 (%2/%3)").arg(c.hpas.total).arg(c.hpas.atMax).arg(c.hpas.unableToScale) : dash,
            data ? c.cni.describe() : dash, data && !c.runtimes.isEmpty() ? c.runtimesText() : dash };
        if (withFindings) {
            row << (c.findings ? QStringLiteral("%1/%2/%3")
                                     .arg(c.findings->critical)
                                     .arg(c.findings->warning)
                                     .arg(c.findings->info)
                               : dash);
        }
        row << c.status.reason;
        rows.append(row);
    }
    QString out;
    for (const QString& line : alignedLines(rows, 2))
        out += line + QLatin1Char('\n');
    for (const ClusterSummary& c : clusters) {
        if (c.failingPods.isEmpty() && c.hpas.problems.isEmpty())
            continue;
        out += QLatin1Char('\n') + c.name + QLatin1Char(':') + QLatin1Char('\n');
        for (qsizetype i = 0; i < c.failingPods.size() && i < MaxFailingShown; ++i) {
            const ClusterSummary::FailingPod& pod = c.failingPods.at(i);
            out += QStringLiteral("  pod %1/%2: %3 (restarts %4%5)\n")
                       .arg(pod.nameSpace, pod.name, pod.reason)
                       .arg(pod.restarts)
                       .arg(pod.node.isEmpty() ? QString() : QStringLiteral(", node ") + pod.node);
        }
        if (c.failingPods.size() > MaxFailingShown)
            out += QStringLiteral("  … and %1 more failing pods\n").arg(c.failingPods.size() - MaxFailingShown);
        for (const QString& problem : c.hpas.problems)
            out += QStringLiteral("  hpa %1\n").arg(problem);
    }
    return out;
}

QString ReportRenderer::render(Format format, const QList<ClusterSummary>& clusters)
{
    return format == Format::Table ? table(clusters) : renderDocument(format, document(clusters));
}

QString ReportRenderer::renderDocument(Format format, const QJsonObject& document)
{
    if (format == Format::Json)
        return QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
    // Every string quoted, so versions such as "1.30" and labels such as "true" stay strings.
    return jsonToYaml(document, JsonYamlStyle { {}, true });
}

} // namespace minato::analysis
