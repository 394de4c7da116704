// SPDX-License-Identifier: Apache-2.0
#include "execcredentialprotocol.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringList>

namespace minato::kube::execprotocol {

namespace {

KubeError credentialsError(QString message, QString detail = {})
{
    return KubeError::make(ErrorKind::Credentials, std::move(message), std::move(detail));
}

KubeError decodingError(const QString& what)
{
    return credentialsError(QStringLiteral("exec plugin: decoding stdout: ") + what);
}

QString quoted(const QString& text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

} // namespace

QString apiVersionV1()
{
    return QStringLiteral("client.authentication.k8s.io/v1");
}

QString apiVersionV1beta1()
{
    return QStringLiteral("client.authentication.k8s.io/v1beta1");
}

std::optional<KubeError> validate(const ExecConfig& config)
{
    if (config.command.isEmpty())
        return credentialsError(QStringLiteral("exec plugin: command must be specified"));
    if (config.apiVersion != apiVersionV1() && config.apiVersion != apiVersionV1beta1())
        return credentialsError(QStringLiteral("exec plugin: invalid apiVersion ") + quoted(config.apiVersion));
    // An empty mode is accepted for v1 too: the loader reports the missing field as a
    // diagnostic, and running non-interactively is what IfAvailable would do here anyway.
    const QString& mode = config.interactiveMode;
    if (!mode.isEmpty() && mode != QLatin1String("Never") && mode != QLatin1String("IfAvailable")
        && mode != QLatin1String("Always"))
        return credentialsError(QStringLiteral("exec plugin: invalid interactiveMode ") + quoted(mode));
    if (mode == QLatin1String("Always"))
        return credentialsError(QStringLiteral("exec plugin ") + quoted(config.command)
                + QStringLiteral(" requires an interactive terminal, which Minato does not provide"),
            QStringLiteral("interactiveMode is Always; set it to IfAvailable or Never if the plugin can work "
                           "without a terminal"));
    return std::nullopt;
}

Expected<QByteArray> execInfo(const ExecConfig& config, const ClusterEntry& cluster)
{
    QJsonObject spec { { QStringLiteral("interactive"), false } };
    if (config.provideClusterInfo) {
        QByteArray caData = cluster.certificateAuthorityData;
        if (caData.isEmpty() && !cluster.certificateAuthority.isEmpty()) {
            QFile caFile(cluster.certificateAuthority);
            if (!caFile.open(QIODevice::ReadOnly))
                return credentialsError(QStringLiteral("exec plugin: cannot read certificate-authority ")
                        + quoted(cluster.certificateAuthority) + QStringLiteral(" for the plugin's cluster info"),
                    caFile.errorString());
            caData = caFile.readAll();
        }
        // Field names and omitempty rules follow clientauthentication's Cluster type.
        QJsonObject info { { QStringLiteral("server"), cluster.server } };
        if (!cluster.tlsServerName.isEmpty())
            info.insert(QStringLiteral("tls-server-name"), cluster.tlsServerName);
        if (cluster.insecureSkipTlsVerify)
            info.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!caData.isEmpty())
            info.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(caData.toBase64()));
        if (!cluster.proxyUrl.isEmpty())
            info.insert(QStringLiteral("proxy-url"), cluster.proxyUrl);
        if (cluster.disableCompression)
            info.insert(QStringLiteral("disable-compression"), true);
        if (!cluster.execExtensionJson.isEmpty()) {
            const QJsonDocument extension = QJsonDocument::fromJson(cluster.execExtensionJson);
            if (extension.isObject())
                info.insert(QStringLiteral("config"), extension.object());
            else if (extension.isArray())
                info.insert(QStringLiteral("config"), extension.array());
        }
        spec.insert(QStringLiteral("cluster"), info);
    }
    const QJsonObject credential {
        { QStringLiteral("apiVersion"), config.apiVersion },
        { QStringLiteral("kind"), QStringLiteral("ExecCredential") },
        { QStringLiteral("spec"), spec },
    };
    return QJsonDocument(credential).toJson(QJsonDocument::Compact);
}

Expected<ExecCredential> parseOutput(const QByteArray& output, const QString& expectedApiVersion)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(output, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return decodingError(QStringLiteral("not JSON (") + parseError.errorString() + QStringLiteral(" at offset ")
            + QString::number(parseError.offset) + QLatin1Char(')'));
    if (!document.isObject())
        return decodingError(QStringLiteral("not a JSON object"));
    const QJsonObject root = document.object();

    const QString apiVersion = root.value(QLatin1String("apiVersion")).toString();
    if (apiVersion.isEmpty())
        return decodingError(QStringLiteral("Object 'apiVersion' is missing"));
    if (apiVersion != expectedApiVersion)
        return credentialsError(QStringLiteral("exec plugin is configured to use API version ") + expectedApiVersion
            + QStringLiteral(", plugin returned version ") + apiVersion);
    const QString kind = root.value(QLatin1String("kind")).toString();
    if (kind != QLatin1String("ExecCredential"))
        return decodingError(
            QStringLiteral("kind is ") + quoted(kind) + QStringLiteral(", expected \"ExecCredential\""));

    const QJsonValue statusValue = root.value(QLatin1String("status"));
    if (statusValue.isUndefined() || statusValue.isNull())
        return credentialsError(QStringLiteral("exec plugin didn't return a status field"));
    if (!statusValue.isObject())
        return decodingError(QStringLiteral("status is not an object"));
    const QJsonObject status = statusValue.toObject();

    ExecCredential credential;
    const auto readString = [&status](const char* field, QByteArray& into) -> std::optional<KubeError> {
        const QJsonValue value = status.value(QLatin1String(field));
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        if (!value.isString())
            return decodingError(QStringLiteral("status.") + QLatin1String(field) + QStringLiteral(" is not a string"));
        into = value.toString().toUtf8();
        return std::nullopt;
    };
    if (auto error = readString("token", credential.token))
        return *error;
    if (auto error = readString("clientCertificateData", credential.clientCertificatePem))
        return *error;
    if (auto error = readString("clientKeyData", credential.clientKeyPem))
        return *error;

    if (credential.token.isEmpty() && credential.clientCertificatePem.isEmpty() && credential.clientKeyPem.isEmpty())
        return credentialsError(QStringLiteral("exec plugin didn't return a token or cert/key pair"));
    if (credential.clientCertificatePem.isEmpty() != credential.clientKeyPem.isEmpty())
        return credentialsError(QStringLiteral("exec plugin returned only certificate or key, not both"));

    const QJsonValue expiration = status.value(QLatin1String("expirationTimestamp"));
    if (!expiration.isUndefined() && !expiration.isNull()) {
        // RFC 3339 always carries a zone; a bare local time would silently shift the expiry.
        const QDateTime when = QDateTime::fromString(expiration.toString(), Qt::ISODateWithMs);
        if (!expiration.isString() || !when.isValid() || when.timeSpec() == Qt::LocalTime)
            return decodingError(QStringLiteral("status.expirationTimestamp is not an RFC 3339 time"));
        credential.expiration = when.toUTC();
    }
    return credential;
}

QList<QByteArray> secretsIn(const QByteArray& output)
{
    QList<QByteArray> secrets;
    const QJsonObject status = QJsonDocument::fromJson(output).object().value(QLatin1String("status")).toObject();
    const QString token = status.value(QLatin1String("token")).toString();
    if (!token.isEmpty())
        secrets.append(token.toUtf8());
    const QString key = status.value(QLatin1String("clientKeyData")).toString();
    if (!key.isEmpty()) {
        secrets.append(key.toUtf8());
        // A plugin that echoes its key to stderr may wrap it differently; the base64 body
        // lines are what must not leak, whatever surrounds them.
        const QStringList lines = key.split(QLatin1Char('\n'));
        for (const QString& line : lines) {
            const QString body = line.trimmed();
            if (body.size() >= 16 && !body.startsWith(QLatin1String("-----")))
                secrets.append(body.toUtf8());
        }
    }
    return secrets;
}

QString redacted(QString text, const QList<QByteArray>& secrets)
{
    for (const QByteArray& secret : secrets) {
        if (!secret.isEmpty())
            text.replace(QString::fromUtf8(secret), QStringLiteral("[redacted]"));
    }
    return text;
}

} // namespace minato::kube::execprotocol
