// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigtypes.h"

#include <algorithm>

namespace minato::kube {

QString SourceLocation::toString() const
{
    if (line > 0)
        return file + QLatin1Char(':') + QString::number(line);
    return file;
}

QList<AuthKind> UserEntry::authKinds() const
{
    QList<AuthKind> kinds;
    if (exec)
        kinds << AuthKind::Exec;
    if (authProvider)
        kinds << AuthKind::AuthProvider;
    if (!clientCertificate.isEmpty() || !clientCertificateData.isEmpty())
        kinds << AuthKind::ClientCertificate;
    if (!token.isEmpty())
        kinds << AuthKind::Token;
    else if (!tokenFile.isEmpty())
        kinds << AuthKind::TokenFile;
    if (!username.isEmpty() || !password.isEmpty())
        kinds << AuthKind::Basic;
    if (kinds.isEmpty())
        kinds << AuthKind::None;
    return kinds;
}

template<typename Entry>
static const Entry* findByName(const QList<Entry>& entries, const QString& name)
{
    auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.name == name; });
    return it == entries.end() ? nullptr : &*it;
}

const ClusterEntry* Kubeconfig::cluster(const QString& name) const
{
    return findByName(clusters, name);
}

const UserEntry* Kubeconfig::user(const QString& name) const
{
    return findByName(users, name);
}

const ContextEntry* Kubeconfig::context(const QString& name) const
{
    return findByName(contexts, name);
}

QString authKindName(AuthKind kind)
{
    switch (kind) {
    case AuthKind::None:
        return QStringLiteral("none");
    case AuthKind::Token:
        return QStringLiteral("token");
    case AuthKind::TokenFile:
        return QStringLiteral("token-file");
    case AuthKind::ClientCertificate:
        return QStringLiteral("client-certificate");
    case AuthKind::Basic:
        return QStringLiteral("basic");
    case AuthKind::Exec:
        return QStringLiteral("exec");
    case AuthKind::AuthProvider:
        return QStringLiteral("auth-provider");
    }
    return QStringLiteral("unknown");
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("error");
}

} // namespace minato::kube
