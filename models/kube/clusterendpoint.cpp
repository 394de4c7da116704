// SPDX-License-Identifier: Apache-2.0
#include "clusterendpoint.h"

namespace minato::kube {

namespace {

// RFC 9110 token characters, which is what a header name may hold; '%' is a token character
// but is escaped anyway so that the server can unescape unambiguously (as client-go does).
bool isHeaderNameByte(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$&'*+-.^_`|~").contains(c);
}

QByteArray escapeHeaderName(const QString& key)
{
    QByteArray out;
    const QByteArray utf8 = key.toUtf8();
    for (const char c : utf8) {
        if (isHeaderNameByte(c)) {
            out += c;
        } else {
            out += '%';
            out += QByteArray::number(static_cast<unsigned char>(c), 16).toUpper().rightJustified(2, '0');
        }
    }
    return out;
}

// A header value with a line break would end the header early: such a value is dropped, not
// sent half.
std::optional<QByteArray> headerValue(const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    if (utf8.contains('\r') || utf8.contains('\n') || utf8.contains('\0'))
        return std::nullopt;
    return utf8;
}

QUrl serverUrl(const QString& server)
{
    // kubectl accepts "host:port" and assumes https.
    const QString withScheme = server.contains(QLatin1String("://")) ? server : QLatin1String("https://") + server;
    return QUrl(withScheme, QUrl::StrictMode);
}

} // namespace

ClusterEndpoint ClusterEndpoint::fromKubeconfig(const ClusterEntry& cluster, const UserEntry& user)
{
    ClusterEndpoint endpoint;
    endpoint.name = user.name + QLatin1Char('@') + cluster.name;
    endpoint.credentialKey = endpoint.name;
    if (!cluster.server.isEmpty())
        endpoint.server = serverUrl(cluster.server);
    endpoint.certificateAuthorityFile = cluster.certificateAuthority;
    endpoint.certificateAuthorityData = cluster.certificateAuthorityData;
    endpoint.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
    endpoint.tlsServerName = cluster.tlsServerName;
    if (!cluster.proxyUrl.isEmpty())
        endpoint.proxyUrl = QUrl(cluster.proxyUrl, QUrl::StrictMode);
    endpoint.disableCompression = cluster.disableCompression;
    endpoint.execClusterExtension = cluster.execExtensionJson;

    endpoint.clientCertificateFile = user.clientCertificate;
    endpoint.clientCertificateData = user.clientCertificateData;
    endpoint.clientKeyFile = user.clientKey;
    endpoint.clientKeyData = user.clientKeyData;
    endpoint.username = user.username;
    endpoint.password = user.password;
    endpoint.impersonateUser = user.impersonate;
    endpoint.impersonateUid = user.impersonateUid;
    endpoint.impersonateGroups = user.impersonateGroups;
    endpoint.impersonateExtra = user.impersonateExtra;

    const QList<AuthKind> kinds = user.authKinds();
    if (kinds.contains(AuthKind::Exec)) {
        endpoint.auth = Auth::Exec;
        endpoint.exec = user.exec;
    } else if (kinds.contains(AuthKind::AuthProvider)) {
        // The in-tree gcp/azure providers are gone from client-go; oidc still sends its
        // id-token as a bearer token, and refreshing it is left to the server's 401.
        const AuthProviderConfig& provider = *user.authProvider;
        const QString idToken = provider.config.value(QStringLiteral("id-token"));
        if (provider.name == QLatin1String("oidc") && !idToken.isEmpty()) {
            endpoint.auth = Auth::Token;
            endpoint.token = idToken.toUtf8();
        } else {
            endpoint.unsupported = QStringLiteral("auth-provider \"%1\"").arg(provider.name);
        }
    } else if (kinds.contains(AuthKind::Token)) {
        endpoint.auth = Auth::Token;
        endpoint.token = user.token;
    } else if (kinds.contains(AuthKind::TokenFile)) {
        endpoint.auth = Auth::TokenFile;
        endpoint.tokenFile = user.tokenFile;
    } else if (kinds.contains(AuthKind::Basic)) {
        endpoint.auth = Auth::Basic;
    }
    // username/password stay even when a bearer credential wins, so validate() can report
    // the conflict kubectl reports; the transport sends them only with Auth::Basic.
    return endpoint;
}

std::optional<KubeError> ClusterEndpoint::validate() const
{
    auto configError = [this](const QString& message) {
        return KubeError::make(ErrorKind::Config, message, QStringLiteral("endpoint %1").arg(name));
    };
    if (!unsupported.isEmpty())
        return configError(
            QStringLiteral("Minato does not support %1; use an exec credential plugin").arg(unsupported));
    if (server.isEmpty())
        return configError(QStringLiteral("The cluster has no server URL"));
    if (!server.isValid() || server.host().isEmpty())
        return configError(QStringLiteral("The server URL is not valid"));
    if (server.scheme() != QLatin1String("https") && server.scheme() != QLatin1String("http"))
        return configError(QStringLiteral("The server URL must use https or http, not %1").arg(server.scheme()));
    if (insecureSkipTlsVerify && (!certificateAuthorityFile.isEmpty() || !certificateAuthorityData.isEmpty()))
        return configError(QStringLiteral("A certificate authority and insecure-skip-tls-verify cannot both be set"));
    const bool hasCert = !clientCertificateFile.isEmpty() || !clientCertificateData.isEmpty();
    const bool hasKey = !clientKeyFile.isEmpty() || !clientKeyData.isEmpty();
    if (hasCert != hasKey)
        return configError(QStringLiteral("A client certificate needs its key, and a key its certificate"));
    const bool hasBasic = !username.isEmpty() || !password.isEmpty();
    if (hasBasic && (auth == Auth::Token || auth == Auth::TokenFile))
        return configError(QStringLiteral("Basic authentication and a bearer token cannot both be set"));
    if (!proxyUrl.isEmpty()) {
        const QString scheme = proxyUrl.scheme();
        if (!proxyUrl.isValid()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")
                && scheme != QLatin1String("socks5")))
            return configError(QStringLiteral("The proxy URL must use http, https or socks5"));
    }
    if (auth == Auth::Exec && (!exec || exec->command.isEmpty()))
        return configError(QStringLiteral("The exec credential plugin has no command"));
    return std::nullopt;
}

ClusterEntry ClusterEndpoint::clusterEntry() const
{
    ClusterEntry cluster;
    cluster.name = name;
    cluster.server = server.toString();
    cluster.certificateAuthority = certificateAuthorityFile;
    cluster.certificateAuthorityData = certificateAuthorityData;
    cluster.insecureSkipTlsVerify = insecureSkipTlsVerify;
    cluster.tlsServerName = tlsServerName;
    cluster.proxyUrl = proxyUrl.toString();
    cluster.disableCompression = disableCompression;
    cluster.execExtensionJson = execClusterExtension;
    return cluster;
}

QList<QByteArray> ClusterEndpoint::impersonationHeaders() const
{
    QList<QByteArray> headers;
    auto add = [&headers](const QByteArray& header, const QString& value) {
        if (const auto v = headerValue(value))
            headers << header + ": " + *v;
    };
    if (!impersonateUser.isEmpty())
        add(QByteArrayLiteral("Impersonate-User"), impersonateUser);
    if (!impersonateUid.isEmpty())
        add(QByteArrayLiteral("Impersonate-Uid"), impersonateUid);
    for (const QString& group : impersonateGroups)
        add(QByteArrayLiteral("Impersonate-Group"), group);
    for (auto it = impersonateExtra.cbegin(); it != impersonateExtra.cend(); ++it) {
        const QByteArray header = "Impersonate-Extra-" + escapeHeaderName(it.key());
        for (const QString& value : it.value())
            add(header, value);
    }
    return headers;
}

} // namespace minato::kube
