// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigparser.h"

#include "kube/kubeconfigchecks.h"
#include "kube/userentryparser.h"
#include "kube/yamlnodereader.h"
#include "util/logging.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace minato::kube {

namespace {

const char* const kExecExtensionName = "client.authentication.k8s.io/exec";

QString quoted(const QString& kind, const QString& name)
{
    return QStringLiteral("%1 \"%2\"").arg(kind, name);
}

QByteArray compactJson(const QJsonValue& value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // QJsonDocument holds only objects and arrays; unwrap a one-element array for scalars.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

bool isDns1123Label(const QString& value)
{
    static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return value.size() <= 63 && label.match(value).hasMatch();
}

// State for one parse call: the reader collects diagnostics, flush() files them under the
// entry they concern.
class FileParser
{
public:
    FileParser(const KubeconfigLoadOptions& options, const QString& path)
        : m_options(options)
        , m_reader(path)
        , m_baseDir(QFileInfo(path).absolutePath())
    {
        m_file.path = path;
    }

    KubeconfigFile run(const QByteArray& yaml)
    {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(yaml.toStdString());
        } catch (const YAML::Exception& e) {
            const SourceLocation where { m_file.path, e.mark.is_null() ? 0 : e.mark.line + 1,
                e.mark.is_null() ? 0 : e.mark.column + 1 };
            m_reader.report(Severity::Error, QStringLiteral("yaml-malformed"),
                QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)), where);
            flush(DiagnosticSubject::File, {});
            return std::move(m_file);
        }
        if (documents.empty() || (documents.size() == 1 && documents.front().IsNull())) {
            // client-go treats an empty file as an empty config, not as an error.
            m_file.loaded = true;
            m_reader.report(Severity::Info, QStringLiteral("file-empty"),
                QStringLiteral("the file holds no kubeconfig data (it is empty or only comments)"),
                SourceLocation { m_file.path, 0, 0 });
            flush(DiagnosticSubject::File, {});
            return std::move(m_file);
        }
        if (documents.size() > 1) {
            m_reader.report(Severity::Warning, QStringLiteral("yaml-multiple-documents"),
                QStringLiteral("the file holds %1 YAML documents; only the first is read, as kubectl does")
                    .arg(documents.size()),
                documents.at(1));
        }
        try {
            parseDocument(documents.front());
        } catch (const YAML::Exception& e) {
            // Every access is guarded, so this is a yaml-cpp surprise; keep what was parsed.
            qCWarning(lcKube) << "unexpected yaml-cpp exception in" << m_file.path << e.what();
            m_reader.report(Severity::Error, QStringLiteral("yaml-malformed"),
                QStringLiteral("could not be read completely: %1").arg(QString::fromStdString(e.msg)),
                SourceLocation { m_file.path, e.mark.is_null() ? 0 : e.mark.line + 1, 0 });
        }
        flush(DiagnosticSubject::File, {});
        return std::move(m_file);
    }

private:
    void flush(DiagnosticSubject subject, const QString& name)
    {
        for (Diagnostic& d : m_reader.takeDiagnostics())
            m_file.diagnostics.append(SubjectDiagnostic { std::move(d), subject, name });
    }

    void parseDocument(const YAML::Node& root)
    {
        const QString what = QStringLiteral("kubeconfig");
        if (!root.IsMap()) {
            m_reader.report(Severity::Error, QStringLiteral("wrong-type"),
                QStringLiteral("a kubeconfig must be a map, not %1").arg(YamlNodeReader::typeName(root)), root);
            return;
        }
        m_file.loaded = true;
        m_reader.checkKeys(root,
            { "apiVersion", "kind", "preferences", "clusters", "users", "contexts", "current-context", "extensions" },
            what);
        const QString kind = m_reader.string(root, "kind", what).value_or(QString());
        const QString apiVersion = m_reader.string(root, "apiVersion", what).value_or(QString());
        if ((!kind.isEmpty() && kind != QLatin1String("Config"))
            || (!apiVersion.isEmpty() && apiVersion != QLatin1String("v1"))) {
            m_reader.report(Severity::Warning, QStringLiteral("kind-unexpected"),
                QStringLiteral("expected apiVersion v1, kind Config; found %1 %2 (kubectl refuses such a file)")
                    .arg(apiVersion.isEmpty() ? QStringLiteral("-") : apiVersion,
                        kind.isEmpty() ? QStringLiteral("-") : kind),
                root);
        }
        if (const auto current = m_reader.string(root, "current-context", what)) {
            m_file.currentContext = *current;
            m_file.currentContextAt = m_reader.at(YamlNodeReader::child(root, "current-context"));
        }
        flush(DiagnosticSubject::File, {});

        parseSection(root, "clusters", "cluster", DiagnosticSubject::Cluster,
            [this](const YAML::Node& body, const QString& name, const YAML::Node& item) {
                m_file.clusters.append(parseCluster(body, name, item));
            });
        parseSection(root, "users", "user", DiagnosticSubject::User,
            [this](const YAML::Node& body, const QString& name, const YAML::Node& item) {
                UserEntryParser users(m_reader, m_options, m_baseDir);
                m_file.users.append(users.parse(body, name, item));
            });
        parseSection(root, "contexts", "context", DiagnosticSubject::Context,
            [this](const YAML::Node& body, const QString& name, const YAML::Node& item) {
                m_file.contexts.append(parseContext(body, name, item));
            });
    }

    template <typename ParseEntry>
    void parseSection(const YAML::Node& root, const char* section, const char* bodyKey, DiagnosticSubject subject,
        ParseEntry parseEntry)
    {
        const QString kind = QString::fromUtf8(bodyKey);
        const YAML::Node list = m_reader.sequence(root, section, QStringLiteral("kubeconfig"));
        flush(DiagnosticSubject::File, {});
        if (!list.IsDefined()) {
            if (YamlNodeReader::isPresent(YamlNodeReader::child(root, section)))
                m_file.unreadableSections << QString::fromUtf8(section);
            return;
        }
        QSet<QString> seen;
        for (const YAML::Node& item : list) {
            QString name;
            try {
                const QString what = QStringLiteral("%1 entry").arg(kind);
                if (!m_reader.expectMapping(item, what)) {
                    flush(DiagnosticSubject::File, {});
                    continue;
                }
                name = m_reader.string(item, "name", what).value_or(QString());
                if (name.isEmpty()) {
                    m_reader.report(Severity::Error, QStringLiteral("name-missing"),
                        QStringLiteral("a %1 entry has no name and is ignored").arg(kind), item);
                    flush(DiagnosticSubject::File, {});
                    continue;
                }
                if (seen.contains(name)) {
                    // kubectl rejects the whole file here; keeping the first keeps the rest usable.
                    m_reader.report(Severity::Warning, QStringLiteral("name-duplicate"),
                        QStringLiteral("%1 is defined twice in this file; the first definition is used "
                                       "(kubectl refuses the file)")
                            .arg(quoted(kind, name)),
                        item);
                    flush(DiagnosticSubject::File, {});
                    continue;
                }
                seen.insert(name);
                m_reader.checkKeys(item, { "name", bodyKey }, quoted(kind, name));
                const YAML::Node body = m_reader.mapping(item, bodyKey, quoted(kind, name));
                parseEntry(body, name, item);
            } catch (const YAML::Exception& e) {
                qCWarning(lcKube) << "unexpected yaml-cpp exception in" << m_file.path << e.what();
                m_reader.report(Severity::Error, QStringLiteral("yaml-malformed"),
                    QStringLiteral("%1 could not be read: %2").arg(quoted(kind, name), QString::fromStdString(e.msg)),
                    item);
            }
            flush(name.isEmpty() ? DiagnosticSubject::File : subject, name);
        }
    }

    void checkServer(const QString& server, const YAML::Node& node, const QString& what)
    {
        if (!server.contains(QLatin1String("://"))) {
            // client-go prefixes https:// in that case, so it still works; say so.
            m_reader.report(Severity::Warning, QStringLiteral("server-invalid"),
                QStringLiteral("%1: server \"%2\" has no scheme; https:// is assumed, as kubectl does")
                    .arg(what, server),
                node);
            return;
        }
        const QUrl url(server, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
            m_reader.report(Severity::Error, QStringLiteral("server-invalid"),
                QStringLiteral("%1: server \"%2\" is not an http(s) URL").arg(what, server), node);
        }
    }

    void checkProxyUrl(const QString& proxy, const YAML::Node& node, const QString& what)
    {
        const QUrl url(proxy, QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (url.isValid() && !url.host().isEmpty()
            && (scheme == QLatin1String("http") || scheme == QLatin1String("https")
                || scheme == QLatin1String("socks5")))
            return;
        // Only the scheme and host are named: a proxy URL may carry a password.
        m_reader.report(Severity::Error, QStringLiteral("proxy-url-invalid"),
            QStringLiteral("%1: proxy-url must be an http, https or socks5 URL with a host").arg(what), node);
    }

    ClusterEntry parseCluster(const YAML::Node& body, const QString& name, const YAML::Node& item)
    {
        const QString what = quoted(QStringLiteral("cluster"), name);
        ClusterEntry cluster;
        cluster.name = name;
        cluster.origin = m_reader.at(item);
        m_reader.checkKeys(body,
            { "server", "certificate-authority", "certificate-authority-data", "insecure-skip-tls-verify",
                "tls-server-name", "proxy-url", "disable-compression", "extensions" },
            what);
        auto node = [&](const char* key) {
            const YAML::Node child = YamlNodeReader::child(body, key);
            return child.IsDefined() ? child : item;
        };

        cluster.server = m_reader.string(body, "server", what).value_or(QString());
        const YAML::Node serverNode = YamlNodeReader::child(body, "server");
        const bool serverWrongType = YamlNodeReader::isPresent(serverNode) && !serverNode.IsScalar();
        if (cluster.server.isEmpty() && !serverWrongType) { // a wrong type was reported already
            m_reader.report(Severity::Error, QStringLiteral("server-missing"),
                QStringLiteral("%1 has no server").arg(what), node("server"));
        } else {
            checkServer(cluster.server, node("server"), what);
        }

        const QString rawCa = m_reader.string(body, "certificate-authority", what).value_or(QString());
        KubeconfigChecks::warnTilde(m_reader, rawCa, node("certificate-authority"), what, "certificate-authority");
        cluster.certificateAuthority = KubeconfigChecks::resolvePath(m_baseDir, rawCa);
        const bool hasCaData
            = !YamlNodeReader::scalarText(YamlNodeReader::child(body, "certificate-authority-data")).isEmpty();
        const std::optional<QByteArray> caData = m_reader.base64(body, "certificate-authority-data", what);
        cluster.certificateAuthorityData = caData.value_or(QByteArray());
        cluster.insecureSkipTlsVerify = m_reader.boolean(body, "insecure-skip-tls-verify", what).value_or(false);
        cluster.tlsServerName = m_reader.string(body, "tls-server-name", what).value_or(QString());
        cluster.proxyUrl = m_reader.string(body, "proxy-url", what).value_or(QString());
        cluster.disableCompression = m_reader.boolean(body, "disable-compression", what).value_or(false);
        if (!cluster.proxyUrl.isEmpty())
            checkProxyUrl(cluster.proxyUrl, node("proxy-url"), what);
        parseClusterExtensions(body, cluster, what);

        if (cluster.insecureSkipTlsVerify && (hasCaData || !cluster.certificateAuthority.isEmpty())) {
            m_reader.report(Severity::Error, QStringLiteral("insecure-with-ca"),
                QStringLiteral("%1 sets insecure-skip-tls-verify together with a certificate authority; "
                               "kubectl refuses this combination")
                    .arg(what),
                node("insecure-skip-tls-verify"));
        }
        if (hasCaData && !cluster.certificateAuthority.isEmpty()) {
            m_reader.report(Severity::Warning, QStringLiteral("ca-data-and-file"),
                QStringLiteral("%1 sets both certificate-authority and certificate-authority-data; the "
                               "data is used")
                    .arg(what),
                node("certificate-authority"));
        }
        if (caData) {
            KubeconfigChecks::checkCertificate(m_reader, *caData, node("certificate-authority-data"), what,
                "certificate-authority-data", m_options.now);
        } else if (!hasCaData && !cluster.certificateAuthority.isEmpty()) {
            const YAML::Node where = node("certificate-authority");
            if (const auto pem = KubeconfigChecks::readReferencedFile(m_reader, cluster.certificateAuthority, where,
                    what, "certificate-authority", QStringLiteral("certificate-file-missing")))
                KubeconfigChecks::checkCertificate(m_reader, *pem, where, what, "certificate-authority", m_options.now);
        }
        return cluster;
    }

    void parseClusterExtensions(const YAML::Node& body, ClusterEntry& cluster, const QString& what)
    {
        const YAML::Node extensions = m_reader.sequence(body, "extensions", what);
        if (!extensions.IsDefined())
            return;
        for (const YAML::Node& extension : extensions) {
            if (!m_reader.expectMapping(extension, what + QStringLiteral(" extension")))
                continue;
            if (YamlNodeReader::scalarText(YamlNodeReader::child(extension, "name"))
                == QLatin1String(kExecExtensionName)) {
                // Kept verbatim for ExecCredential spec.cluster.config (provideClusterInfo).
                cluster.execExtensionJson
                    = compactJson(YamlNodeReader::toJson(YamlNodeReader::child(extension, "extension")));
            }
        }
    }

    ContextEntry parseContext(const YAML::Node& body, const QString& name, const YAML::Node& item)
    {
        const QString what = quoted(QStringLiteral("context"), name);
        ContextEntry context;
        context.name = name;
        context.origin = m_reader.at(item);
        m_reader.checkKeys(body, { "cluster", "user", "namespace", "extensions" }, what);
        context.cluster = m_reader.string(body, "cluster", what).value_or(QString());
        context.user = m_reader.string(body, "user", what).value_or(QString());
        context.nameSpace = m_reader.string(body, "namespace", what).value_or(QString());
        if (!context.nameSpace.isEmpty() && !isDns1123Label(context.nameSpace)) {
            m_reader.report(Severity::Error, QStringLiteral("namespace-invalid"),
                QStringLiteral("%1: namespace \"%2\" is not a valid DNS label").arg(what, context.nameSpace),
                YamlNodeReader::child(body, "namespace"));
        }
        return context;
    }

    const KubeconfigLoadOptions& m_options;
    YamlNodeReader m_reader;
    QString m_baseDir;
    KubeconfigFile m_file;
};

} // namespace

KubeconfigParser::KubeconfigParser(KubeconfigLoadOptions options)
    : m_options(std::move(options))
{ }

KubeconfigFile KubeconfigParser::parseFile(const QString& path) const
{
    const QFileInfo info(path);
    QString code;
    QString message;
    if (!info.exists()) {
        code = QStringLiteral("file-missing");
        message = QStringLiteral("the file does not exist");
    } else if (info.isDir()) {
        code = QStringLiteral("file-unreadable");
        message = QStringLiteral("is a directory, not a kubeconfig file");
    } else {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            return parse(file.readAll(), path);
        code = QStringLiteral("file-unreadable");
        message = QStringLiteral("cannot be read: %1").arg(file.errorString());
    }
    KubeconfigFile result;
    result.path = path;
    result.diagnostics.append(
        SubjectDiagnostic { Diagnostic { Severity::Error, code, message, SourceLocation { path, 0, 0 }, {} },
            DiagnosticSubject::File, {} });
    return result;
}

KubeconfigFile KubeconfigParser::parse(const QByteArray& yaml, const QString& path) const
{
    FileParser parser(m_options, path);
    return parser.run(yaml);
}

} // namespace minato::kube
