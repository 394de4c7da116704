// SPDX-License-Identifier: Apache-2.0
#include "fleet.h"

#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace minato::fleet {

using kube::AuthKind;
using kube::Diagnostic;
using kube::Severity;

namespace {

QStringList authLabels(const kube::UserEntry& user, const QList<AuthKind>& kinds)
{
    QStringList labels;
    for (const AuthKind kind : kinds) {
        QString label = kube::authKindName(kind);
        if (kind == AuthKind::Exec && user.exec && !user.exec->command.isEmpty())
            label += QStringLiteral(" (%1)").arg(QFileInfo(user.exec->command).fileName());
        else if (kind == AuthKind::AuthProvider && user.authProvider && !user.authProvider->name.isEmpty())
            label += QStringLiteral(" (%1)").arg(user.authProvider->name);
        labels << label;
    }
    return labels;
}

// Two spellings of one endpoint (case, default port, trailing slash, no scheme) compare equal.
QString normalizedServer(const QString& server)
{
    if (server.isEmpty())
        return {};
    const QUrl url(server.contains(QLatin1String("://")) ? server : QStringLiteral("https://") + server);
    if (!url.isValid() || url.host().isEmpty())
        return server;
    const QString scheme = url.scheme().toLower();
    const int port = url.port(scheme == QLatin1String("http") ? 80 : 443);
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("%1://%2:%3%4").arg(scheme, url.host().toLower()).arg(port).arg(path);
}

// Same server and same credentials: the same user entry of the merged kubeconfig (a name
// there is unique, so same name means same auth source), or the same keychain entry.
QString identityOf(const FleetCluster& cluster)
{
    const QString server = normalizedServer(cluster.cluster.server);
    if (server.isEmpty())
        return {};
    const QString credentials = cluster.isManual
        ? QStringLiteral("keychain:") + cluster.keychainKey
        : QStringLiteral("user:%1@%2").arg(cluster.user.name, cluster.user.origin.toString());
    return server + QLatin1Char('\n') + credentials;
}

FleetCluster fromContext(const kube::Kubeconfig& kubeconfig, const kube::ContextEntry& context)
{
    FleetCluster cluster;
    cluster.context = context;
    if (const kube::ClusterEntry* entry = kubeconfig.cluster(context.cluster))
        cluster.cluster = *entry;
    if (const kube::UserEntry* entry = kubeconfig.user(context.user))
        cluster.user = *entry;
    cluster.authKinds = cluster.user.authKinds();
    cluster.authLabels = authLabels(cluster.user, cluster.authKinds);
    return cluster;
}

FleetCluster fromManual(const ManualContext& manual)
{
    FleetCluster cluster;
    cluster.isManual = true;
    cluster.keychainKey = manual.keychainKey();
    cluster.context = kube::ContextEntry { manual.name, manual.name, manual.name, manual.nameSpace, manual.where };
    cluster.cluster.name = manual.name;
    cluster.cluster.server = manual.server;
    cluster.cluster.certificateAuthority = manual.certificateAuthority;
    cluster.cluster.insecureSkipTlsVerify = manual.insecureSkipTlsVerify;
    cluster.cluster.origin = manual.where;
    cluster.user.name = manual.name;
    cluster.user.username = manual.auth == AuthKind::Basic ? manual.username : QString();
    cluster.user.origin = manual.where;
    cluster.authKinds = { manual.auth };
    cluster.authLabels = { kube::authKindName(manual.auth) + QStringLiteral(" (keychain)") };
    return cluster;
}

// Keeps one context per identity: the current one, else the first that is not misconfigured,
// else the first. The others become aliases with an Info note naming them.
void foldDuplicates(Fleet& fleet)
{
    QHash<QString, QList<qsizetype>> groups;
    QStringList order;
    for (qsizetype i = 0; i < fleet.clusters.size(); ++i) {
        const QString identity = identityOf(fleet.clusters.at(i));
        if (identity.isEmpty())
            continue;
        if (!groups.contains(identity))
            order << identity;
        groups[identity].append(i);
    }
    QSet<qsizetype> dropped;
    for (const QString& identity : std::as_const(order)) {
        const QList<qsizetype>& members = groups.value(identity);
        if (members.size() < 2)
            continue;
        auto pick = std::find_if(
            members.cbegin(), members.cend(), [&](qsizetype i) { return fleet.clusters.at(i).isCurrent; });
        if (pick == members.cend()) {
            pick = std::find_if(
                members.cbegin(), members.cend(), [&](qsizetype i) { return !fleet.clusters.at(i).isMisconfigured(); });
        }
        const qsizetype keep = pick == members.cend() ? members.first() : *pick;
        FleetCluster& keeper = fleet.clusters[keep];
        for (const qsizetype other : members) {
            if (other == keep)
                continue;
            const FleetCluster& duplicate = fleet.clusters.at(other);
            keeper.aliases << duplicate.name();
            const Diagnostic note { Severity::Info, QStringLiteral("cluster-duplicate"),
                QStringLiteral("context \"%1\" (%2) reaches the same server as the same user; it "
                               "is listed once, as \"%3\"")
                    .arg(duplicate.name(), duplicate.context.origin.toString(), keeper.name()),
                keeper.context.origin, keeper.name() };
            keeper.diagnostics.append(note);
            fleet.diagnostics.append(note);
            dropped.insert(other);
        }
    }
    QList<FleetCluster> kept;
    for (qsizetype i = 0; i < fleet.clusters.size(); ++i) {
        if (!dropped.contains(i))
            kept.append(std::move(fleet.clusters[i]));
    }
    fleet.clusters = std::move(kept);
}

} // namespace

const FleetCluster* Fleet::find(const QString& context) const
{
    const auto it = std::find_if(
        clusters.cbegin(), clusters.cend(), [&](const FleetCluster& cluster) { return cluster.name() == context; });
    return it == clusters.cend() ? nullptr : &*it;
}

Fleet Fleet::build(const kube::Kubeconfig& kubeconfig, const FleetConfig& config)
{
    Fleet fleet;
    fleet.currentContext = kubeconfig.currentContext;
    fleet.diagnostics = kubeconfig.diagnostics + config.diagnostics;

    QHash<QString, kube::SourceLocation> known;
    for (const kube::ContextEntry& context : kubeconfig.contexts) {
        fleet.clusters.append(fromContext(kubeconfig, context));
        known.insert(context.name, context.origin);
    }
    for (const ManualContext& manual : config.manual) {
        if (known.contains(manual.name)) {
            fleet.diagnostics.append(Diagnostic { Severity::Warning, QStringLiteral("name-shadowed"),
                QStringLiteral("manual context \"%1\" is shadowed by the kubeconfig "
                               "context of the same name (%2); it is ignored")
                    .arg(manual.name, known.value(manual.name).toString()),
                manual.where, manual.name });
            continue;
        }
        fleet.clusters.append(fromManual(manual));
        known.insert(manual.name, manual.where);
    }

    for (FleetCluster& cluster : fleet.clusters) {
        if (cluster.nameSpace.isEmpty())
            cluster.nameSpace
                = cluster.context.nameSpace.isEmpty() ? QStringLiteral("default") : cluster.context.nameSpace;
        cluster.isCurrent = !fleet.currentContext.isEmpty() && cluster.name() == fleet.currentContext;
        const Classification classification = config.classify(cluster.name());
        cluster.team = classification.team;
        cluster.environment = classification.environment;
        cluster.labels = classification.labels;
        cluster.prometheus = classification.prometheus;
        for (const Diagnostic& diagnostic : std::as_const(fleet.diagnostics)) {
            if (diagnostic.context == cluster.name())
                cluster.diagnostics.append(diagnostic);
        }
    }
    foldDuplicates(fleet);
    return fleet;
}

} // namespace minato::fleet
