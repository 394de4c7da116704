// SPDX-License-Identifier: Apache-2.0
#include "contextsreport.h"

#include "jsonyaml.h"
#include "util/texttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include <algorithm>

namespace minato::fleet {

using kube::Diagnostic;
using kube::Severity;

namespace {

// A proxy or server URL may carry user:password; only the password is a secret.
QString withoutPassword(const QString& url)
{
    if (url.isEmpty() || !url.contains(QLatin1Char('@')))
        return url;
    const QUrl parsed(url);
    return parsed.isValid() ? parsed.toString(QUrl::RemovePassword) : QStringLiteral("<unparseable URL>");
}

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

QJsonObject toObject(const QMap<QString, QString>& map)
{
    QJsonObject object;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

QJsonObject diagnosticObject(const Diagnostic& diagnostic, bool withContext)
{
    QJsonObject object { { QStringLiteral("severity"), kube::severityName(diagnostic.severity) },
        { QStringLiteral("code"), diagnostic.code }, { QStringLiteral("message"), diagnostic.message } };
    if (!diagnostic.where.file.isEmpty())
        object.insert(QStringLiteral("file"), diagnostic.where.file);
    if (diagnostic.where.line > 0)
        object.insert(QStringLiteral("line"), diagnostic.where.line);
    if (withContext && !diagnostic.context.isEmpty())
        object.insert(QStringLiteral("context"), diagnostic.context);
    return object;
}

QList<const FleetCluster*> sortedClusters(const Fleet& fleet)
{
    QList<const FleetCluster*> clusters;
    for (const FleetCluster& cluster : fleet.clusters)
        clusters << &cluster;
    std::stable_sort(clusters.begin(), clusters.end(),
        [](const FleetCluster* a, const FleetCluster* b) { return a->name() < b->name(); });
    return clusters;
}

QJsonObject contextObject(const FleetCluster& cluster)
{
    QJsonArray diagnostics;
    for (const Diagnostic& diagnostic : ContextsReport::sortedBySeverity(cluster.diagnostics))
        diagnostics.append(diagnosticObject(diagnostic, false));
    QJsonObject object { { QStringLiteral("name"), cluster.name() }, { QStringLiteral("current"), cluster.isCurrent },
        { QStringLiteral("cluster"), cluster.context.cluster }, { QStringLiteral("user"), cluster.context.user },
        { QStringLiteral("server"), withoutPassword(cluster.cluster.server) },
        { QStringLiteral("namespace"), cluster.nameSpace }, { QStringLiteral("auth"), toArray(cluster.authLabels) },
        { QStringLiteral("team"), cluster.team }, { QStringLiteral("environment"), cluster.environment },
        { QStringLiteral("labels"), toObject(cluster.labels) },
        { QStringLiteral("misconfigured"), cluster.isMisconfigured() },
        { QStringLiteral("origin"), cluster.context.origin.toString() },
        { QStringLiteral("diagnostics"), diagnostics } };
    if (cluster.isManual) {
        object.insert(QStringLiteral("manual"), true);
        object.insert(QStringLiteral("keychainKey"), cluster.keychainKey);
    }
    if (!cluster.aliases.isEmpty())
        object.insert(QStringLiteral("aliases"), toArray(cluster.aliases));
    return object;
}

QJsonObject clusterObject(const kube::ClusterEntry& cluster)
{
    QJsonObject object { { QStringLiteral("name"), cluster.name },
        { QStringLiteral("server"), withoutPassword(cluster.server) },
        { QStringLiteral("insecureSkipTlsVerify"), cluster.insecureSkipTlsVerify },
        { QStringLiteral("origin"), cluster.origin.toString() } };
    if (!cluster.certificateAuthority.isEmpty())
        object.insert(QStringLiteral("certificateAuthority"), cluster.certificateAuthority);
    if (!cluster.certificateAuthorityData.isEmpty())
        object.insert(QStringLiteral("certificateAuthorityData"), QStringLiteral("embedded"));
    if (!cluster.tlsServerName.isEmpty())
        object.insert(QStringLiteral("tlsServerName"), cluster.tlsServerName);
    if (!cluster.proxyUrl.isEmpty())
        object.insert(QStringLiteral("proxyUrl"), withoutPassword(cluster.proxyUrl));
    if (cluster.disableCompression)
        object.insert(QStringLiteral("disableCompression"), true);
    return object;
}

QJsonObject userObject(const QString& name, const QStringList& auth, const kube::SourceLocation& origin)
{
    return QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("auth"), toArray(auth) },
        { QStringLiteral("origin"), origin.toString() } };
}

// YAML keeps the document's reading order; JSON objects are sorted by Qt anyway.
// "diagnostics" sorts last both at the top and inside a context.
const QStringList kKeyOrder = {
    QStringLiteral("currentContext"),
    QStringLiteral("sources"),
    QStringLiteral("contexts"),
    QStringLiteral("clusters"),
    QStringLiteral("users"),
    QStringLiteral("name"),
    QStringLiteral("current"),
    QStringLiteral("cluster"),
    QStringLiteral("user"),
    QStringLiteral("server"),
    QStringLiteral("namespace"),
    QStringLiteral("auth"),
    QStringLiteral("team"),
    QStringLiteral("environment"),
    QStringLiteral("labels"),
    QStringLiteral("manual"),
    QStringLiteral("keychainKey"),
    QStringLiteral("misconfigured"),
    QStringLiteral("aliases"),
    QStringLiteral("certificateAuthority"),
    QStringLiteral("certificateAuthorityData"),
    QStringLiteral("insecureSkipTlsVerify"),
    QStringLiteral("tlsServerName"),
    QStringLiteral("proxyUrl"),
    QStringLiteral("disableCompression"),
    QStringLiteral("origin"),
    QStringLiteral("diagnostics"),
    QStringLiteral("severity"),
    QStringLiteral("code"),
    QStringLiteral("file"),
    QStringLiteral("line"),
    QStringLiteral("context"),
    QStringLiteral("message"),
};


} // namespace

QList<Diagnostic> ContextsReport::sortedBySeverity(const QList<Diagnostic>& diagnostics)
{
    QList<Diagnostic> sorted = diagnostics;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return static_cast<int>(a.severity) > static_cast<int>(b.severity);
    });
    return sorted;
}

QString ContextsReport::diagnosticLine(const Diagnostic& diagnostic)
{
    QString line = kube::severityName(diagnostic.severity);
    if (diagnostic.where.isValid())
        line += QLatin1Char(' ') + diagnostic.where.toString();
    if (!diagnostic.context.isEmpty())
        line += QLatin1Char(' ') + diagnostic.context;
    return line + QStringLiteral(": ") + diagnostic.message + QStringLiteral(" [") + diagnostic.code + QLatin1Char(']');
}

QJsonObject ContextsReport::document(const Fleet& fleet, const kube::Kubeconfig& kubeconfig)
{
    QJsonArray contexts;
    QJsonArray clusters;
    QJsonArray users;
    for (const FleetCluster* cluster : sortedClusters(fleet))
        contexts.append(contextObject(*cluster));
    for (const kube::ClusterEntry& cluster : kubeconfig.clusters)
        clusters.append(clusterObject(cluster));
    for (const kube::UserEntry& user : kubeconfig.users) {
        const QList<kube::AuthKind> kinds = user.authKinds();
        QStringList names;
        for (const kube::AuthKind kind : kinds)
            names << kube::authKindName(kind);
        users.append(userObject(user.name, names, user.origin));
    }
    for (const FleetCluster& cluster : fleet.clusters) {
        if (!cluster.isManual)
            continue;
        clusters.append(clusterObject(cluster.cluster));
        users.append(userObject(cluster.user.name, cluster.authLabels, cluster.user.origin));
    }
    QJsonArray diagnostics;
    for (const Diagnostic& diagnostic : sortedBySeverity(fleet.diagnostics))
        diagnostics.append(diagnosticObject(diagnostic, true));
    return QJsonObject { { QStringLiteral("currentContext"), fleet.currentContext },
        { QStringLiteral("sources"), toArray(kubeconfig.files) }, { QStringLiteral("contexts"), contexts },
        { QStringLiteral("clusters"), clusters }, { QStringLiteral("users"), users },
        { QStringLiteral("diagnostics"), diagnostics } };
}

QString ContextsReport::table(const Fleet& fleet)
{
    QList<QStringList> rows;
    rows << QStringList { QStringLiteral("CURRENT"), QStringLiteral("NAME"), QStringLiteral("CLUSTER"),
        QStringLiteral("SERVER"), QStringLiteral("NAMESPACE"), QStringLiteral("AUTH"), QStringLiteral("TEAM"),
        QStringLiteral("ENV"), QStringLiteral("LABELS") };
    for (const FleetCluster* cluster : sortedClusters(fleet)) {
        QStringList labels;
        for (auto it = cluster->labels.cbegin(); it != cluster->labels.cend(); ++it)
            labels << it.key() + QLatin1Char('=') + it.value();
        rows << QStringList { cluster->isCurrent ? QStringLiteral("*") : QString(), cluster->name(),
            cluster->context.cluster, withoutPassword(cluster->cluster.server), cluster->nameSpace,
            cluster->authLabels.join(QLatin1Char(',')), cluster->team, cluster->environment,
            labels.join(QLatin1Char(',')) };
    }
    QString text;
    for (QString line : alignedLines(rows, 3)) {
        // Trailing blanks from empty last columns help nobody.
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    }
    const QList<Diagnostic> diagnostics = sortedBySeverity(fleet.diagnostics);
    if (!diagnostics.isEmpty()) {
        text += QLatin1Char('\n');
        for (const Diagnostic& diagnostic : diagnostics)
            text += diagnosticLine(diagnostic) + QLatin1Char('\n');
    }
    return text;
}

QString ContextsReport::json(const Fleet& fleet, const kube::Kubeconfig& kubeconfig)
{
    return QString::fromUtf8(QJsonDocument(document(fleet, kubeconfig)).toJson(QJsonDocument::Indented));
}

QString ContextsReport::yaml(const Fleet& fleet, const kube::Kubeconfig& kubeconfig)
{
    return jsonToYaml(document(fleet, kubeconfig), JsonYamlStyle { kKeyOrder });
}

QString ContextsReport::render(Format format, const Fleet& fleet, const kube::Kubeconfig& kubeconfig)
{
    switch (format) {
    case Format::Table:
        return table(fleet);
    case Format::Yaml:
        return yaml(fleet, kubeconfig);
    case Format::Json:
        return json(fleet, kubeconfig);
    }
    return table(fleet);
}

} // namespace minato::fleet
