// SPDX-License-Identifier: Apache-2.0
#include "fleetconfig.h"

#include "kube/kubeconfigchecks.h"
#include "kube/yamlnodereader.h"
#include "util/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QUrl>

namespace minato::fleet {

using kube::Diagnostic;
using kube::Severity;
using kube::SourceLocation;
using kube::YamlNodeReader;

namespace {

// QRegularExpression::wildcardToRegularExpression has path semantics before Qt 6.6 ('*' stops at
// '/'), but context names such as EKS ARNs contain '/'. Swapping '/' for a private-use character
// on both sides gives plain string globbing on every Qt version.
const QChar kSlashStandIn(0xE000);

QString hideSlashes(QString text)
{
    return text.replace(QLatin1Char('/'), kSlashStandIn);
}

QString expandPath(const QString& path, const QString& baseDir, const QProcessEnvironment& environment)
{
    QString expanded = path;
    if (expanded == QLatin1String("~") || expanded.startsWith(QLatin1String("~/"))) {
        QString home = environment.value(QStringLiteral("HOME"));
        if (home.isEmpty())
            home = QDir::homePath();
        expanded = home + expanded.mid(1);
    }
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(expanded));
}

class FleetParser
{
public:
    FleetParser(const QString& path, const QProcessEnvironment& environment)
        : m_reader(path)
        , m_environment(environment)
        , m_baseDir(QFileInfo(path).absolutePath())
    {
        m_config.path = path;
    }

    FleetConfig run(const QByteArray& yaml)
    {
        YAML::Node root;
        try {
            root = YAML::Load(yaml.toStdString());
        } catch (const YAML::Exception& e) {
            m_reader.report(Severity::Error, QStringLiteral("yaml-malformed"),
                QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)),
                SourceLocation {
                    m_config.path, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1 });
            return finish();
        }
        if (root.IsNull())
            return finish();
        try {
            parseRoot(root);
        } catch (const YAML::Exception& e) {
            qCWarning(lcFleet) << "unexpected yaml-cpp exception in" << m_config.path << e.what();
            m_reader.report(Severity::Error, QStringLiteral("yaml-malformed"),
                QStringLiteral("could not be read completely: %1").arg(QString::fromStdString(e.msg)),
                SourceLocation { m_config.path, e.mark.is_null() ? 0 : e.mark.line + 1, 0 });
        }
        return finish();
    }

private:
    FleetConfig finish()
    {
        flush({});
        return std::move(m_config);
    }

    void flush(const QString& context)
    {
        for (Diagnostic& d : m_reader.takeDiagnostics()) {
            d.context = context;
            m_config.diagnostics.append(std::move(d));
        }
    }

    void parseRoot(const YAML::Node& root)
    {
        const QString what = QStringLiteral("fleet.yaml");
        if (!root.IsMap()) {
            m_reader.report(Severity::Error, QStringLiteral("wrong-type"),
                QStringLiteral("fleet.yaml must be a map, not %1").arg(YamlNodeReader::typeName(root)), root);
            return;
        }
        m_reader.checkKeys(root, { "sources", "clusters", "naming", "manual" }, what);
        parseSources(m_reader.sequence(root, "sources", what));
        for (const YAML::Node& item : m_reader.sequence(root, "clusters", what))
            parseRule(item);
        for (const YAML::Node& item : m_reader.sequence(root, "naming", what))
            parseNaming(item);
        flush({});
        QSet<QString> manualNames;
        for (const YAML::Node& item : m_reader.sequence(root, "manual", what))
            parseManual(item, manualNames);
    }

    void parseSources(const YAML::Node& list)
    {
        if (!list.IsDefined())
            return;
        for (const YAML::Node& item : list) {
            const QString raw = YamlNodeReader::scalarText(item);
            if (!item.IsScalar() || raw.isEmpty()) {
                m_reader.report(Severity::Error, QStringLiteral("wrong-type"),
                    QStringLiteral("sources: each entry must be a file or folder path"), item);
                continue;
            }
            m_config.sources.append(
                kube::ExtraKubeconfigSource { expandPath(raw, m_baseDir, m_environment), m_reader.at(item) });
        }
    }

    void parseRule(const YAML::Node& item)
    {
        const QString what = QStringLiteral("clusters entry");
        if (!m_reader.expectMapping(item, what))
            return;
        m_reader.checkKeys(item, { "match", "team", "environment", "labels", "connect", "prometheus" }, what);
        ClusterRule rule;
        rule.where = m_reader.at(item);
        rule.match = m_reader.string(item, "match", what).value_or(QString());
        rule.team = m_reader.string(item, "team", what).value_or(QString());
        rule.environment = m_reader.string(item, "environment", what).value_or(QString());
        rule.labels = m_reader.stringMap(item, "labels", what).value_or(QMap<QString, QString>());
        const QString connect = m_reader.string(item, "connect", what).value_or(QString());
        if (connect == QLatin1String("startup")) {
            rule.connect = ConnectPolicy::Startup;
        } else if (connect == QLatin1String("on-demand")) {
            rule.connect = ConnectPolicy::OnDemand;
        } else if (!connect.isEmpty()) {
            m_reader.report(Severity::Warning, QStringLiteral("connect-invalid"),
                QStringLiteral("clusters entry: connect is \"%1\"; use \"startup\" or \"on-demand\"").arg(connect),
                YamlNodeReader::child(item, "connect"));
        }
        rule.prometheus = parsePrometheus(item, what);
        if (rule.match.isEmpty()) {
            m_reader.report(Severity::Error, QStringLiteral("rule-invalid"),
                QStringLiteral("clusters entry has no \"match\" and is ignored"), item);
            return;
        }
        rule.pattern = QRegularExpression(QRegularExpression::wildcardToRegularExpression(hideSlashes(rule.match)));
        if (!rule.pattern.isValid()) {
            m_reader.report(Severity::Error, QStringLiteral("rule-invalid"),
                QStringLiteral("clusters entry: \"%1\" is not a valid glob").arg(rule.match),
                YamlNodeReader::child(item, "match"));
            return;
        }
        m_config.clusters.append(rule);
    }

    std::optional<PrometheusSource> parsePrometheus(const YAML::Node& rule, const QString& ruleWhat)
    {
        const YAML::Node item = m_reader.mapping(rule, "prometheus", ruleWhat);
        if (!YamlNodeReader::isPresent(item) || !item.IsMap())
            return std::nullopt;
        const QString what = QStringLiteral("clusters entry: prometheus");
        m_reader.checkKeys(item, { "url", "service", "insecure-skip-tls-verify", "certificate-authority", "selector" },
            what);
        PrometheusSource source;
        source.where = m_reader.at(item);
        source.url = m_reader.string(item, "url", what).value_or(QString());
        const QString service = m_reader.string(item, "service", what).value_or(QString());
        source.insecureSkipTlsVerify = m_reader.boolean(item, "insecure-skip-tls-verify", what).value_or(false);
        source.selector = m_reader.string(item, "selector", what).value_or(QString()).trimmed();
        const auto invalid = [&](const QString& message, const char* key) {
            m_reader.report(Severity::Error, QStringLiteral("prometheus-invalid"),
                QStringLiteral("%1: %2").arg(what, message), key ? YamlNodeReader::child(item, key) : item);
            return std::nullopt;
        };
        if (source.url.isEmpty() == service.isEmpty())
            return invalid(QStringLiteral("needs either a \"url\" or a \"service\" (namespace/name:port), not both"),
                nullptr);
        if (!source.url.isEmpty()) {
            const QUrl url(source.url, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty()
                || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
                || url.hasQuery() || url.hasFragment())
                return invalid(QStringLiteral("url \"%1\" is not an http(s) URL without query").arg(source.url), "url");
        } else {
            // The apiserver's proxy syntax: namespace/name[:port], the port a number or a port name.
            static const QRegularExpression form(QStringLiteral("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)/"
                                                                "([a-z0-9]([-a-z0-9]*[a-z0-9])?)"
                                                                "(:([a-z0-9]([-a-z0-9]*[a-z0-9])?))?$"));
            const QRegularExpressionMatch m = form.match(service);
            if (!m.hasMatch())
                return invalid(
                    QStringLiteral("service \"%1\" is not namespace/name or namespace/name:port").arg(service),
                    "service");
            source.serviceNamespace = m.captured(1);
            source.serviceName = m.captured(3);
            source.servicePort = m.captured(6);
            if (source.insecureSkipTlsVerify
                || YamlNodeReader::isPresent(YamlNodeReader::child(item, "certificate-authority")))
                m_reader.report(Severity::Warning, QStringLiteral("prometheus-invalid"),
                    QStringLiteral("%1: TLS settings apply to a url only; a service is reached with the "
                                   "cluster's own")
                        .arg(what),
                    item);
            source.insecureSkipTlsVerify = false;
            return source;
        }
        if (source.selector.contains(QLatin1Char('{')) || source.selector.contains(QLatin1Char('}')))
            return invalid(QStringLiteral("selector is label matchers without braces, e.g. cluster=\"prod-1\""),
                "selector");
        const QString rawCa = m_reader.string(item, "certificate-authority", what).value_or(QString());
        if (!rawCa.isEmpty()) {
            const YAML::Node where = YamlNodeReader::child(item, "certificate-authority");
            source.certificateAuthority = expandPath(rawCa, m_baseDir, m_environment);
            if (source.insecureSkipTlsVerify)
                m_reader.report(Severity::Error, QStringLiteral("insecure-with-ca"),
                    QStringLiteral("%1 sets insecure-skip-tls-verify together with a certificate authority").arg(what),
                    where);
            if (const auto pem = kube::KubeconfigChecks::readReferencedFile(m_reader, source.certificateAuthority,
                    where, what, "certificate-authority", QStringLiteral("certificate-file-missing")))
                kube::KubeconfigChecks::checkCertificate(
                    m_reader, *pem, where, what, "certificate-authority", QDateTime::currentDateTimeUtc());
        }
        return source;
    }

    void parseNaming(const YAML::Node& item)
    {
        const QString text = YamlNodeReader::scalarText(item);
        if (!item.IsScalar() || text.isEmpty()) {
            m_reader.report(Severity::Error, QStringLiteral("wrong-type"),
                QStringLiteral("naming: each entry must be a regular expression"), item);
            return;
        }
        NamingRule rule { QRegularExpression(text), m_reader.at(item) };
        if (!rule.pattern.isValid()) {
            m_reader.report(Severity::Error, QStringLiteral("regex-invalid"),
                QStringLiteral("naming: \"%1\" is not a valid regular expression: %2 at offset %3")
                    .arg(text, rule.pattern.errorString())
                    .arg(rule.pattern.patternErrorOffset()),
                item);
            return;
        }
        const QStringList groups = rule.pattern.namedCaptureGroups();
        if (!groups.contains(QLatin1String("team")) && !groups.contains(QLatin1String("env"))) {
            m_reader.report(Severity::Warning, QStringLiteral("regex-no-groups"),
                QStringLiteral("naming: \"%1\" has neither a (?<team>…) nor an (?<env>…) group, so it "
                               "never sets anything")
                    .arg(text),
                item);
        }
        m_config.naming.append(rule);
    }

    void parseManual(const YAML::Node& item, QSet<QString>& names)
    {
        if (!m_reader.expectMapping(item, QStringLiteral("manual entry"))) {
            flush({});
            return;
        }
        ManualContext manual;
        manual.where = m_reader.at(item);
        manual.name = m_reader.string(item, "name", QStringLiteral("manual entry")).value_or(QString());
        const QString what = QStringLiteral("manual context \"%1\"").arg(manual.name);
        if (manual.name.isEmpty()) {
            m_reader.report(Severity::Error, QStringLiteral("manual-invalid"),
                QStringLiteral("a manual entry has no name and is ignored"), item);
            flush({});
            return;
        }
        if (names.contains(manual.name)) {
            m_reader.report(Severity::Warning, QStringLiteral("name-duplicate"),
                QStringLiteral("%1 is defined twice; the first definition is used").arg(what), item);
            flush({});
            return;
        }
        names.insert(manual.name);
        m_reader.checkKeys(item,
            { "name", "server", "certificate-authority", "insecure-skip-tls-verify", "namespace", "username", "auth",
                "token", "password" },
            what);
        bool usable = true;
        for (const char* secret : { "token", "password" }) {
            // Refuse to hold it even in memory: the keychain is the only place for it.
            if (YamlNodeReader::isPresent(YamlNodeReader::child(item, secret))) {
                m_reader.report(Severity::Error, QStringLiteral("secret-in-fleet-file"),
                    QStringLiteral("%1: \"%2\" must not be written in fleet.yaml; store it in the OS "
                                   "keychain under \"%3\" instead (the value was ignored)")
                        .arg(what, QString::fromUtf8(secret), manual.keychainKey()),
                    YamlNodeReader::child(item, secret));
            }
        }
        manual.server = m_reader.string(item, "server", what).value_or(QString());
        if (manual.server.isEmpty()) {
            m_reader.report(
                Severity::Error, QStringLiteral("server-missing"), QStringLiteral("%1 has no server").arg(what), item);
            usable = false;
        } else if (!manual.server.startsWith(QLatin1String("https://"))
            && !manual.server.startsWith(QLatin1String("http://"))) {
            m_reader.report(Severity::Error, QStringLiteral("server-invalid"),
                QStringLiteral("%1: server \"%2\" is not an http(s) URL").arg(what, manual.server),
                YamlNodeReader::child(item, "server"));
        }
        manual.nameSpace = m_reader.string(item, "namespace", what).value_or(QString());
        manual.username = m_reader.string(item, "username", what).value_or(QString());
        manual.insecureSkipTlsVerify = m_reader.boolean(item, "insecure-skip-tls-verify", what).value_or(false);
        parseManualAuth(item, manual, what);
        parseManualCa(item, manual, what);
        if (usable)
            m_config.manual.append(manual);
        flush(manual.name);
    }

    void parseManualAuth(const YAML::Node& item, ManualContext& manual, const QString& what)
    {
        const QString auth = m_reader.string(item, "auth", what).value_or(QString());
        if (auth == QLatin1String("token")) {
            manual.auth = kube::AuthKind::Token;
        } else if (auth == QLatin1String("basic")) {
            manual.auth = kube::AuthKind::Basic;
            if (manual.username.isEmpty()) {
                m_reader.report(Severity::Error, QStringLiteral("manual-invalid"),
                    QStringLiteral("%1: auth basic needs a username").arg(what), item);
            }
        } else {
            m_reader.report(Severity::Error, QStringLiteral("manual-invalid"),
                QStringLiteral("%1: auth must be token or basic").arg(what),
                auth.isEmpty() ? item : YamlNodeReader::child(item, "auth"));
        }
    }

    void parseManualCa(const YAML::Node& item, ManualContext& manual, const QString& what)
    {
        const QString rawCa = m_reader.string(item, "certificate-authority", what).value_or(QString());
        if (rawCa.isEmpty())
            return;
        const YAML::Node where = YamlNodeReader::child(item, "certificate-authority");
        manual.certificateAuthority = expandPath(rawCa, m_baseDir, m_environment);
        if (manual.insecureSkipTlsVerify) {
            m_reader.report(Severity::Error, QStringLiteral("insecure-with-ca"),
                QStringLiteral("%1 sets insecure-skip-tls-verify together with a certificate authority").arg(what),
                where);
        }
        if (const auto pem = kube::KubeconfigChecks::readReferencedFile(m_reader, manual.certificateAuthority, where,
                what, "certificate-authority", QStringLiteral("certificate-file-missing")))
            kube::KubeconfigChecks::checkCertificate(
                m_reader, *pem, where, what, "certificate-authority", QDateTime::currentDateTimeUtc());
    }

    YamlNodeReader m_reader;
    QProcessEnvironment m_environment;
    QString m_baseDir;
    FleetConfig m_config;
};

} // namespace

QString PrometheusSource::proxyPath() const
{
    if (!isService())
        return {};
    return QStringLiteral("/api/v1/namespaces/%1/services/%2/proxy")
        .arg(serviceNamespace, servicePort.isEmpty() ? serviceName : serviceName + QLatin1Char(':') + servicePort);
}

QString FleetConfig::defaultPath(const QProcessEnvironment& environment)
{
    QString base = environment.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (base.isEmpty()) {
        QString home = environment.value(QStringLiteral("HOME"));
        if (home.isEmpty())
            home = QDir::homePath();
        base = home + QStringLiteral("/.config");
    }
    return QDir::cleanPath(base + QStringLiteral("/minato/fleet.yaml"));
}

FleetConfig FleetConfig::load(const QString& path, const QProcessEnvironment& environment, bool required)
{
    QFile file(path);
    if (!file.exists()) {
        FleetConfig config;
        if (required) {
            config.path = path;
            config.diagnostics.append(Diagnostic { Severity::Error, QStringLiteral("file-missing"),
                QStringLiteral("the fleet file does not exist"), SourceLocation { path, 0, 0 }, {} });
        }
        return config;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        FleetConfig config;
        config.path = path;
        config.diagnostics.append(Diagnostic { Severity::Error, QStringLiteral("file-unreadable"),
            QStringLiteral("cannot be read: %1").arg(file.errorString()), SourceLocation { path, 0, 0 }, {} });
        return config;
    }
    return parse(file.readAll(), path, environment);
}

FleetConfig FleetConfig::parse(const QByteArray& yaml, const QString& path, const QProcessEnvironment& environment)
{
    FleetParser parser(path, environment);
    return parser.run(yaml);
}

Classification FleetConfig::classify(const QString& contextName) const
{
    Classification result;
    const QString subject = hideSlashes(contextName);
    for (const ClusterRule& rule : clusters) {
        if (!rule.pattern.match(subject).hasMatch())
            continue;
        // Per field, so a rule that only adds labels does not hide a later rule's team.
        if (result.team.isEmpty())
            result.team = rule.team;
        if (result.environment.isEmpty())
            result.environment = rule.environment;
        if (result.connect == ConnectPolicy::Default)
            result.connect = rule.connect;
        if (!result.prometheus)
            result.prometheus = rule.prometheus;
        for (auto it = rule.labels.cbegin(); it != rule.labels.cend(); ++it) {
            if (!result.labels.contains(it.key()))
                result.labels.insert(it.key(), it.value());
        }
    }
    for (const NamingRule& rule : naming) {
        if (!result.team.isEmpty() && !result.environment.isEmpty())
            break;
        const QRegularExpressionMatch match = rule.pattern.match(contextName);
        if (!match.hasMatch())
            continue;
        if (result.team.isEmpty())
            result.team = match.captured(QStringLiteral("team"));
        if (result.environment.isEmpty())
            result.environment = match.captured(QStringLiteral("env"));
    }
    return result;
}

} // namespace minato::fleet
