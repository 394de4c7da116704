// SPDX-License-Identifier: Apache-2.0
#include "analysis/findingsreport.h"

#include "analysis/findings.h"
#include "analysis/networktopology.h"
#include "analysis/ruleinput.h"
#include "util/texttable.h"

#include <QJsonDocument>

#include <algorithm>

namespace minato::analysis {

namespace {

    QString isoUtc(const QDateTime& time)
    {
        return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
    }

} // namespace

QList<Finding> FindingsReport::evaluate(const QList<ReportCluster>& clusters, const QDateTime& now)
{
    // First every cluster's address ranges, so each evaluation sees the whole fleet.
    FleetAddresses fleet;
    for (const ReportCluster& cluster : clusters)
        if (cluster.store)
            fleet.append(ClusterAddresses::of(cluster.facts.name, NetworkTopology::build(*cluster.store)));
    QList<Finding> all;
    for (const ReportCluster& cluster : clusters) {
        if (cluster.store)
            all += evaluateCluster(cluster.facts, *cluster.store, now, {}, fleet).findings;
    }
    std::stable_sort(all.begin(), all.end(), findingBefore);
    return all;
}

ClusterSummary::FindingCounts FindingsReport::count(const QList<Finding>& findings, const QString& cluster)
{
    ClusterSummary::FindingCounts counts;
    for (const Finding& finding : findings) {
        if (!cluster.isEmpty() && finding.object.cluster != cluster)
            continue;
        switch (finding.severity) {
        case Severity::Critical:
            ++counts.critical;
            break;
        case Severity::Warning:
            ++counts.warning;
            break;
        case Severity::Info:
            ++counts.info;
            break;
        }
    }
    return counts;
}

void FindingsReport::countInto(QList<ClusterSummary>& summaries, const QList<Finding>& findings)
{
    for (ClusterSummary& summary : summaries)
        summary.findings = count(findings, summary.name);
}

QJsonObject FindingsReport::findingObject(const Finding& f)
{
    QJsonObject evidence;
    for (const Evidence& item : f.evidence)
        evidence.insert(item.field, item.value);
    QJsonObject object { { QStringLiteral("severity"), severityName(f.severity) }, { QStringLiteral("rule"), f.ruleId },
        { QStringLiteral("cluster"), f.object.cluster }, { QStringLiteral("kind"), f.object.kind },
        { QStringLiteral("name"), f.object.name }, { QStringLiteral("title"), f.title },
        { QStringLiteral("evidence"), evidence }, { QStringLiteral("firstSeen"), isoUtc(f.firstSeen) },
        { QStringLiteral("lastSeen"), isoUtc(f.lastSeen) } };
    if (!f.object.nameSpace.isEmpty())
        object.insert(QStringLiteral("namespace"), f.object.nameSpace);
    if (!f.object.uid.isNull())
        object.insert(QStringLiteral("uid"), f.object.uid.toString(QUuid::WithoutBraces));
    if (!f.team.isEmpty())
        object.insert(QStringLiteral("team"), f.team);
    if (!f.environment.isEmpty())
        object.insert(QStringLiteral("environment"), f.environment);
    return object;
}

QJsonArray FindingsReport::findingsArray(const QList<Finding>& findings)
{
    QList<Finding> sorted = findings;
    std::stable_sort(sorted.begin(), sorted.end(), findingBefore);
    QJsonArray array;
    for (const Finding& finding : std::as_const(sorted))
        array.append(findingObject(finding));
    return array;
}

QString FindingsReport::table(const QList<Finding>& findings, const QDateTime& now, int maxRows)
{
    if (findings.isEmpty())
        return {};
    QList<Finding> sorted = findings;
    std::stable_sort(sorted.begin(), sorted.end(), findingBefore);
    QList<QStringList> rows { { QStringLiteral("SEVERITY"), QStringLiteral("CLUSTER"), QStringLiteral("NAMESPACE"),
        QStringLiteral("OBJECT"), QStringLiteral("AGE"), QStringLiteral("TITLE") } };
    for (qsizetype i = 0; i < sorted.size() && i < maxRows; ++i) {
        const Finding& f = sorted.at(i);
        rows << QStringList { severityName(f.severity).toUpper(), f.object.cluster,
            f.object.nameSpace.isEmpty() ? QStringLiteral("-") : f.object.nameSpace,
            f.object.kind + QLatin1Char('/') + f.object.name,
            f.firstSeen.isValid() ? shortDuration(f.firstSeen.secsTo(now)) : QStringLiteral("-"), f.title };
    }
    QString out;
    for (const QString& line : alignedLines(rows, 2))
        out += line + QLatin1Char('\n');
    if (sorted.size() > maxRows)
        out += QStringLiteral("… and %1 more findings (-o yaml lists them all)\n").arg(sorted.size() - maxRows);
    return out;
}

QString FindingsReport::render(ReportRenderer::Format format, const QList<ClusterSummary>& summaries,
    const QList<Finding>& findings, const QDateTime& now)
{
    using Format = ReportRenderer::Format;
    if (format == Format::Table) {
        const QString section = table(findings, now);
        return ReportRenderer::table(summaries) + (section.isEmpty() ? QString() : QLatin1Char('\n') + section);
    }
    QJsonObject document = ReportRenderer::document(summaries);
    document.insert(QStringLiteral("findings"), findingsArray(findings));
    return ReportRenderer::renderDocument(format, document);
}

} // namespace minato::analysis
