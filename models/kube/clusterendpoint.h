// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/kubeconfigtypes.h"
#include "util/kubeerror.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace minato::kube {

// Everything the transport needs to talk to one cluster as one user: where, how to trust it,
// how to prove who we are. One per kubeconfig context; it knows no UI. Holds secrets in
// memory (token, password, key data), so it is never logged or persisted.
struct ClusterEndpoint
{
    // The credential that goes into the Authorization header. A client certificate is not
    // listed: it travels in the TLS handshake, alone or together with any of these.
    enum class Auth
    {
        None,
        Token,
        TokenFile,
        Basic,
        Exec
    };

    QString name; // what ApiRequest::endpoint names; fromKubeconfig uses "<user>@<cluster>"
    QUrl server;

    QString certificateAuthorityFile;
    QByteArray certificateAuthorityData; // PEM
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QUrl proxyUrl; // http, https or socks5
    bool disableCompression = false;

    QString clientCertificateFile;
    QByteArray clientCertificateData; // PEM
    QString clientKeyFile;
    QByteArray clientKeyData; // PEM; secret

    Auth auth = Auth::None;
    QByteArray token; // secret; also an auth-provider oidc id-token
    QString tokenFile;
    QString username;
    QByteArray password; // secret
    std::optional<ExecConfig> exec;
    QString credentialKey; // what the exec credential is cached under; defaults to name

    QString impersonateUser;
    QString impersonateUid;
    QStringList impersonateGroups;
    QMap<QString, QStringList> impersonateExtra;

    // The cluster as the exec plugin sees it with provideClusterInfo.
    QByteArray execClusterExtension;
    // Set when the kubeconfig asks for something Minato cannot do (an auth-provider other than
    // oidc with an id-token); validate() reports it.
    QString unsupported;

    // Builds the endpoint the way kubectl reads a context's cluster and user. Credential
    // precedence follows UserEntry::authKinds(): exec, then auth-provider oidc, then token,
    // tokenFile, basic.
    static ClusterEndpoint fromKubeconfig(const ClusterEntry& cluster, const UserEntry& user);

    // A Config error when the endpoint cannot be used as it is (no server, a scheme other
    // than http/https, insecure together with a CA, half a client key pair, token and basic
    // auth together, an unsupported proxy scheme or auth-provider).
    std::optional<KubeError> validate() const;

    // The ClusterEntry handed to an exec plugin (provideClusterInfo).
    ClusterEntry clusterEntry() const;

    // "Impersonate-User: …" and friends, ready for the request; empty without impersonation.
    QList<QByteArray> impersonationHeaders() const;
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::ClusterEndpoint)
