// SPDX-License-Identifier: Apache-2.0
#pragma once

// The kubeconfig model after loading: plain values, one struct per kubeconfig section.
// Field names follow client-go's clientcmd/api/v1 JSON names. Secrets (token, password,
// key data) live here in memory only; nothing that formats these types for people or files
// may print them.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace minato::kube {

// Where a value came from, for diagnostics: file and 1-based line (0 when unknown).
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;

    bool isValid() const { return !file.isEmpty(); }
    QString toString() const; // "file:line" or "file"
    friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class Severity { Info, Warning, Error };

// A problem found while loading, attached to the file and, where it concerns one, the
// context it makes unusable. `code` is a stable identifier tests and tools can match on.
struct Diagnostic
{
    Severity severity = Severity::Error;
    QString code;
    QString message;
    SourceLocation where;
    QString context; // the affected context, empty for file-level problems
};

struct ExecEnvVar
{
    QString name;
    QString value;
    friend bool operator==(const ExecEnvVar&, const ExecEnvVar&) = default;
};

// user.exec: a credential plugin speaking client.authentication.k8s.io v1 or v1beta1.
struct ExecConfig
{
    QString command; // resolved: relative commands with a '/' are made absolute against the file
    QStringList args;
    QList<ExecEnvVar> env;
    QString apiVersion;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode; // Never, IfAvailable or Always; v1beta1 defaults to IfAvailable
    friend bool operator==(const ExecConfig&, const ExecConfig&) = default;
};

struct AuthProviderConfig
{
    QString name;
    QMap<QString, QString> config;
    friend bool operator==(const AuthProviderConfig&, const AuthProviderConfig&) = default;
};

struct ClusterEntry
{
    QString name;
    QString server;
    QString certificateAuthority; // absolute path after loading
    QByteArray certificateAuthorityData; // decoded PEM
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString proxyUrl;
    bool disableCompression = false;
    // extensions[name=client.authentication.k8s.io/exec].extension, as JSON, for provideClusterInfo
    QByteArray execExtensionJson;
    SourceLocation origin;
    friend bool operator==(const ClusterEntry&, const ClusterEntry&) = default;
};

enum class AuthKind {
    None,
    Token,
    TokenFile,
    ClientCertificate,
    Basic,
    Exec,
    AuthProvider,
};

struct UserEntry
{
    QString name;
    QString clientCertificate; // absolute path after loading
    QByteArray clientCertificateData; // decoded PEM
    QString clientKey; // absolute path after loading
    QByteArray clientKeyData; // decoded PEM; secret
    QByteArray token; // secret
    QString tokenFile; // absolute path after loading
    QString username;
    QByteArray password; // secret
    QString impersonate; // as
    QString impersonateUid; // as-uid
    QStringList impersonateGroups; // as-groups
    QMap<QString, QStringList> impersonateExtra; // as-user-extra
    std::optional<ExecConfig> exec;
    std::optional<AuthProviderConfig> authProvider;
    SourceLocation origin;

    // The credential the client will present, most specific first: exec and auth-provider
    // replace static credentials; a client certificate may travel with a token.
    QList<AuthKind> authKinds() const;
    friend bool operator==(const UserEntry&, const UserEntry&) = default;
};

struct ContextEntry
{
    QString name;
    QString cluster;
    QString user;
    QString nameSpace; // "namespace" is a keyword
    SourceLocation origin;
    friend bool operator==(const ContextEntry&, const ContextEntry&) = default;
};

// The merged view over all kubeconfig files, with everything that went wrong on the way.
struct Kubeconfig
{
    QStringList files; // in load order, as given
    QList<ClusterEntry> clusters;
    QList<UserEntry> users;
    QList<ContextEntry> contexts;
    QString currentContext;
    QList<Diagnostic> diagnostics;

    const ClusterEntry* cluster(const QString& name) const;
    const UserEntry* user(const QString& name) const;
    const ContextEntry* context(const QString& name) const;
};

QString authKindName(AuthKind kind); // "token", "client-certificate", "exec", …
QString severityName(Severity severity);

} // namespace minato::kube
