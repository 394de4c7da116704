// SPDX-License-Identifier: Apache-2.0
#include "userentryparser.h"

#include "kube/kubeconfigchecks.h"
#include "kube/oidcidtoken.h"
#include "kube/pemcheck.h"

#include <QFileInfo>
#include <QStandardPaths>

namespace minato::kube {

namespace {

const QString kExecV1 = QStringLiteral("client.authentication.k8s.io/v1");
const QString kExecV1beta1 = QStringLiteral("client.authentication.k8s.io/v1beta1");

bool hasText(const YAML::Node& map, const char* key)
{
    return !YamlNodeReader::scalarText(YamlNodeReader::child(map, key)).isEmpty();
}

} // namespace

UserEntryParser::UserEntryParser(YamlNodeReader& reader, const KubeconfigLoadOptions& options, QString baseDir)
    : m_reader(reader)
    , m_options(options)
    , m_baseDir(std::move(baseDir))
{ }

UserEntry UserEntryParser::parse(const YAML::Node& body, const QString& name, const YAML::Node& item)
{
    const QString what = QStringLiteral("user \"%1\"").arg(name);
    UserEntry user;
    user.name = name;
    user.origin = m_reader.at(item);
    m_reader.checkKeys(body,
        { "client-certificate", "client-certificate-data", "client-key", "client-key-data", "token", "tokenFile", "as",
            "as-uid", "as-groups", "as-user-extra", "username", "password", "auth-provider", "exec", "extensions" },
        what);
    parseClientCertificate(body, item, user, what);
    parseTokenAndBasic(body, item, user, what);
    parseImpersonation(body, item, user, what);

    const YAML::Node execNode = m_reader.mapping(body, "exec", what);
    if (execNode.IsDefined())
        user.exec = parseExec(execNode, what);
    const YAML::Node providerNode = m_reader.mapping(body, "auth-provider", what);
    if (providerNode.IsDefined())
        user.authProvider = parseAuthProvider(providerNode, what);
    if (user.exec && user.authProvider) {
        m_reader.report(Severity::Error, QStringLiteral("exec-and-auth-provider"),
            QStringLiteral("%1 sets both exec and auth-provider; kubectl refuses this combination").arg(what),
            providerNode);
    }
    return user;
}

void UserEntryParser::parseClientCertificate(
    const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what)
{
    auto node = [&](const char* key) {
        const YAML::Node child = YamlNodeReader::child(body, key);
        return child.IsDefined() ? child : item;
    };
    const QString rawCert = m_reader.string(body, "client-certificate", what).value_or(QString());
    const QString rawKey = m_reader.string(body, "client-key", what).value_or(QString());
    KubeconfigChecks::warnTilde(m_reader, rawCert, node("client-certificate"), what, "client-certificate");
    KubeconfigChecks::warnTilde(m_reader, rawKey, node("client-key"), what, "client-key");
    user.clientCertificate = KubeconfigChecks::resolvePath(m_baseDir, rawCert);
    user.clientKey = KubeconfigChecks::resolvePath(m_baseDir, rawKey);
    const bool hasCertData = hasText(body, "client-certificate-data");
    const bool hasKeyData = hasText(body, "client-key-data");
    const std::optional<QByteArray> certData = m_reader.base64(body, "client-certificate-data", what);
    const std::optional<QByteArray> keyData = m_reader.base64(body, "client-key-data", what);
    user.clientCertificateData = certData.value_or(QByteArray());
    user.clientKeyData = keyData.value_or(QByteArray());

    const bool hasCert = hasCertData || !user.clientCertificate.isEmpty();
    const bool hasKey = hasKeyData || !user.clientKey.isEmpty();
    if (hasCertData && !user.clientCertificate.isEmpty()) {
        m_reader.report(Severity::Warning, QStringLiteral("client-cert-data-and-file"),
            QStringLiteral("%1 sets both client-certificate and client-certificate-data; the data is used").arg(what),
            node("client-certificate"));
    }
    if (hasKeyData && !user.clientKey.isEmpty()) {
        m_reader.report(Severity::Warning, QStringLiteral("client-key-data-and-file"),
            QStringLiteral("%1 sets both client-key and client-key-data; the data is used").arg(what),
            node("client-key"));
    }
    if (hasCert && !hasKey) {
        m_reader.report(Severity::Error, QStringLiteral("client-key-missing"),
            QStringLiteral("%1 has a client certificate but no client-key or client-key-data").arg(what),
            node(hasCertData ? "client-certificate-data" : "client-certificate"));
    }
    if (hasKey && !hasCert) {
        m_reader.report(Severity::Warning, QStringLiteral("client-certificate-missing"),
            QStringLiteral("%1 has a client key but no client certificate; the key is not used").arg(what),
            node(hasKeyData ? "client-key-data" : "client-key"));
    }
    if (!hasCert || !hasKey)
        return;

    // Check what the client will actually present: inline data overrides a path.
    std::optional<QByteArray> certPem = certData;
    if (!hasCertData) {
        certPem = KubeconfigChecks::readReferencedFile(m_reader, user.clientCertificate, node("client-certificate"),
            what, "client-certificate", QStringLiteral("certificate-file-missing"));
    }
    std::optional<QByteArray> keyPem = keyData;
    if (!hasKeyData) {
        keyPem = KubeconfigChecks::readReferencedFile(
            m_reader, user.clientKey, node("client-key"), what, "client-key", QStringLiteral("key-file-missing"));
    }
    const char* certKey = hasCertData ? "client-certificate-data" : "client-certificate";
    const char* keyKey = hasKeyData ? "client-key-data" : "client-key";
    const bool certOk = certPem
        && KubeconfigChecks::checkCertificate(m_reader, *certPem, node(certKey), what, certKey, m_options.now);
    const bool keyOk = keyPem && KubeconfigChecks::checkPrivateKey(m_reader, *keyPem, node(keyKey), what, keyKey);
    if (certOk && keyOk && !PemCheck::keyMatchesCertificate(*certPem, *keyPem)) {
        m_reader.report(Severity::Error, QStringLiteral("key-mismatch"),
            QStringLiteral("%1: the client key does not belong to the client certificate").arg(what), node(keyKey));
    }
}

void UserEntryParser::parseTokenAndBasic(
    const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what)
{
    user.token = m_reader.string(body, "token", what).value_or(QString()).toUtf8();
    const QString rawTokenFile = m_reader.string(body, "tokenFile", what).value_or(QString());
    KubeconfigChecks::warnTilde(m_reader, rawTokenFile, YamlNodeReader::child(body, "tokenFile"), what, "tokenFile");
    user.tokenFile = KubeconfigChecks::resolvePath(m_baseDir, rawTokenFile);
    user.username = m_reader.string(body, "username", what).value_or(QString());
    user.password = m_reader.string(body, "password", what).value_or(QString()).toUtf8();

    if (!user.tokenFile.isEmpty()) {
        // Only existence is checked here: the token itself is read by the credential layer, when needed.
        const QFileInfo info(user.tokenFile);
        if (!info.isFile() || !info.isReadable()) {
            const bool fallback = !user.token.isEmpty();
            m_reader.report(fallback ? Severity::Warning : Severity::Error, QStringLiteral("token-file-missing"),
                QStringLiteral("%1: tokenFile %2 %3%4")
                    .arg(what, user.tokenFile,
                        info.exists() ? QStringLiteral("cannot be read") : QStringLiteral("does not exist"),
                        fallback ? QStringLiteral("; the inline token is used") : QString()),
                YamlNodeReader::child(body, "tokenFile"));
        }
    }
    if (!user.token.isEmpty() && (!user.username.isEmpty() || !user.password.isEmpty())) {
        const YAML::Node where = YamlNodeReader::child(body, "token");
        m_reader.report(Severity::Error, QStringLiteral("auth-token-and-basic"),
            QStringLiteral("%1 sets both a token and basic auth (username/password); kubectl allows only "
                           "one")
                .arg(what),
            where.IsDefined() ? where : item);
    }
}

void UserEntryParser::parseImpersonation(
    const YAML::Node& body, const YAML::Node& item, UserEntry& user, const QString& what)
{
    user.impersonate = m_reader.string(body, "as", what).value_or(QString());
    user.impersonateUid = m_reader.string(body, "as-uid", what).value_or(QString());
    user.impersonateGroups = m_reader.stringList(body, "as-groups", what).value_or(QStringList());
    user.impersonateExtra = m_reader.stringListMap(body, "as-user-extra", what).value_or(QMap<QString, QStringList>());
    if (user.impersonate.isEmpty()
        && (!user.impersonateUid.isEmpty() || !user.impersonateGroups.isEmpty() || !user.impersonateExtra.isEmpty())) {
        m_reader.report(Severity::Error, QStringLiteral("impersonation-without-user"),
            QStringLiteral("%1 asks for impersonated groups, uid or extras without \"as\" (a user to "
                           "impersonate)")
                .arg(what),
            item);
    }
}

std::optional<ExecConfig> UserEntryParser::parseExec(const YAML::Node& node, const QString& owner)
{
    const QString what = owner + QStringLiteral(" exec");
    ExecConfig exec;
    m_reader.checkKeys(
        node, { "command", "args", "env", "apiVersion", "installHint", "provideClusterInfo", "interactiveMode" }, what);
    auto at = [&](const char* key) {
        const YAML::Node child = YamlNodeReader::child(node, key);
        return child.IsDefined() ? child : node;
    };
    exec.command = m_reader.string(node, "command", what).value_or(QString());
    exec.args = m_reader.stringList(node, "args", what).value_or(QStringList());
    exec.apiVersion = m_reader.string(node, "apiVersion", what).value_or(QString());
    exec.installHint = m_reader.string(node, "installHint", what).value_or(QString());
    exec.provideClusterInfo = m_reader.boolean(node, "provideClusterInfo", what).value_or(false);
    exec.interactiveMode = m_reader.string(node, "interactiveMode", what).value_or(QString());

    const YAML::Node env = m_reader.sequence(node, "env", what);
    if (env.IsDefined()) {
        for (const YAML::Node& var : env) {
            if (!m_reader.expectMapping(var, what + QStringLiteral(" env entry")))
                continue;
            ExecEnvVar item { m_reader.string(var, "name", what).value_or(QString()),
                m_reader.string(var, "value", what).value_or(QString()) };
            if (item.name.isEmpty()) {
                m_reader.report(Severity::Error, QStringLiteral("exec-env-invalid"),
                    QStringLiteral("%1: an env entry has no name").arg(what), var);
                continue;
            }
            exec.env.append(item);
        }
    }

    if (exec.command.isEmpty()) {
        m_reader.report(Severity::Error, QStringLiteral("exec-command-missing"),
            QStringLiteral("%1 has no command").arg(what), node);
    } else if (exec.command.contains(QLatin1Char('/'))) {
        // A bare name is looked up on PATH at run time; only a path is relative to the kubeconfig.
        exec.command = KubeconfigChecks::resolvePath(m_baseDir, exec.command);
    }

    if (exec.apiVersion.isEmpty()) {
        m_reader.report(Severity::Error, QStringLiteral("exec-apiversion-missing"),
            QStringLiteral("%1 has no apiVersion").arg(what), node);
    } else if (exec.apiVersion != kExecV1 && exec.apiVersion != kExecV1beta1) {
        m_reader.report(Severity::Error, QStringLiteral("exec-apiversion-invalid"),
            QStringLiteral("%1: apiVersion \"%2\" is not supported (use %3 or %4%5)")
                .arg(what, exec.apiVersion, kExecV1, kExecV1beta1,
                    exec.apiVersion.endsWith(QLatin1String("/v1alpha1"))
                        ? QStringLiteral("; v1alpha1 was removed in Kubernetes 1.24")
                        : QString()),
            at("apiVersion"));
    }

    if (exec.interactiveMode.isEmpty()) {
        if (exec.apiVersion == kExecV1) {
            m_reader.report(Severity::Error, QStringLiteral("exec-interactive-mode-missing"),
                QStringLiteral("%1: interactiveMode is required with %2").arg(what, kExecV1), node);
        } else {
            exec.interactiveMode = QStringLiteral("IfAvailable"); // client-go's v1beta1 default
        }
    } else if (exec.interactiveMode == QLatin1String("Always")) {
        m_reader.report(Severity::Warning, QStringLiteral("exec-interactive-always"),
            QStringLiteral("%1: interactiveMode Always needs a terminal, which Minato does not have; the "
                           "plugin will not be run")
                .arg(what),
            at("interactiveMode"));
    } else if (exec.interactiveMode != QLatin1String("Never") && exec.interactiveMode != QLatin1String("IfAvailable")) {
        m_reader.report(Severity::Error, QStringLiteral("exec-interactive-mode-invalid"),
            QStringLiteral("%1: interactiveMode \"%2\" is not Never, IfAvailable or Always")
                .arg(what, exec.interactiveMode),
            at("interactiveMode"));
    }
    checkExecCommand(exec, at("command"), what);
    return exec;
}

void UserEntryParser::checkExecCommand(const ExecConfig& exec, const YAML::Node& where, const QString& what)
{
    if (exec.command.isEmpty())
        return;
    bool found = false;
    if (exec.command.contains(QLatin1Char('/'))) {
        const QFileInfo info(exec.command);
        found = info.isFile() && info.isExecutable();
    } else if (!m_options.execSearchPath.isEmpty()) {
        found = !QStandardPaths::findExecutable(exec.command, m_options.execSearchPath).isEmpty();
    } else {
        return; // no search path given: nothing to check against
    }
    if (found)
        return;
    QString hint = exec.installHint.simplified();
    if (!hint.isEmpty())
        hint = QStringLiteral(" (%1)").arg(hint);
    m_reader.report(Severity::Warning, QStringLiteral("exec-command-not-found"),
        QStringLiteral("%1: command %2 was not found%3").arg(what, exec.command, hint), where);
}

std::optional<AuthProviderConfig> UserEntryParser::parseAuthProvider(const YAML::Node& node, const QString& owner)
{
    const QString what = owner + QStringLiteral(" auth-provider");
    m_reader.checkKeys(node, { "name", "config" }, what);
    AuthProviderConfig provider;
    provider.name = m_reader.string(node, "name", what).value_or(QString());
    provider.config = m_reader.stringMap(node, "config", what).value_or(QMap<QString, QString>());
    const QString name = provider.name.toLower();
    if (provider.name.isEmpty()) {
        m_reader.report(
            Severity::Error, QStringLiteral("auth-provider-invalid"), QStringLiteral("%1 has no name").arg(what), node);
    } else if (name == QLatin1String("gcp")) {
        m_reader.report(Severity::Error, QStringLiteral("auth-provider-removed"),
            QStringLiteral("%1: the gcp auth-provider was removed in Kubernetes 1.26, use the "
                           "gke-gcloud-auth-plugin exec plugin")
                .arg(what),
            node);
    } else if (name == QLatin1String("azure")) {
        m_reader.report(Severity::Error, QStringLiteral("auth-provider-removed"),
            QStringLiteral("%1: the azure auth-provider was removed in Kubernetes 1.26, use the kubelogin "
                           "exec plugin (kubelogin convert-kubeconfig)")
                .arg(what),
            node);
    } else if (name == QLatin1String("oidc")) {
        checkOidc(provider, node, what);
    } else {
        m_reader.report(Severity::Error, QStringLiteral("auth-provider-unsupported"),
            QStringLiteral("%1: auth-provider \"%2\" is not supported; use an exec plugin").arg(what, provider.name),
            node);
    }
    return provider;
}

void UserEntryParser::checkOidc(const AuthProviderConfig& provider, const YAML::Node& where, const QString& what)
{
    // Minato sends the cached id-token but does not run the refresh flow, which would rewrite the file.
    const QString advice = QStringLiteral("refresh it with kubectl, or switch to the kubelogin exec plugin");
    const QByteArray idToken = provider.config.value(QStringLiteral("id-token")).toUtf8();
    if (idToken.isEmpty()) {
        m_reader.report(Severity::Error, QStringLiteral("oidc-token-missing"),
            QStringLiteral("%1: oidc has no id-token; Minato cannot log in by itself: %2").arg(what, advice), where);
        return;
    }
    const OidcIdToken token(idToken);
    if (!token.isWellFormed()) {
        m_reader.report(Severity::Error, QStringLiteral("oidc-token-invalid"),
            QStringLiteral("%1: oidc id-token is not a JWT").arg(what), where);
    } else if (token.isExpiredAt(m_options.now)) {
        m_reader.report(Severity::Error, QStringLiteral("oidc-token-expired"),
            QStringLiteral("%1: oidc id-token expired at %2; Minato does not refresh OIDC tokens: %3")
                .arg(what, token.expiry()->toString(Qt::ISODate), advice),
            where);
    }
}

} // namespace minato::kube
