// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigdiagnosticrows.h"
#include "kubeconfigtestdata.h"

#include "kube/kubeconfigloader.h"
#include "kube/kubeconfigparser.h"
#include "kube/kubeconfigsources.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace minato::kube;
using namespace Qt::StringLiterals;
using testdata::lineOf;
using testdata::messy;
using testdata::upstream;

namespace {

QString certs(const QString& name)
{
    return messy(QStringLiteral("certs/") + name);
}

QByteArray base64Of(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toBase64() : QByteArray();
}

} // namespace

// Merge rules, auth kinds and per-code diagnostics of the kubeconfig loader, on the messy set
// under tests/data/kubeconfig, on inline snippets and on the upstream fixtures.
class TestKubeconfigLoader : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_emptySearchDir;
    QTemporaryDir m_scratch;

    KubeconfigLoadOptions options() const { return testdata::fixedOptions(m_emptySearchDir.path()); }
    Kubeconfig load(const QStringList& files) const { return KubeconfigLoader(options()).load(files); }
    Kubeconfig loadMessy() const { return load(testdata::messyFiles()); }

    // Writes `yaml` (with @CERTS@, @CA64@, @CRT64@, @KEY64@ expanded) to a fresh file.
    QString writeSnippet(const QByteArray& yaml, const QString& name) const
    {
        QByteArray text = yaml;
        text.replace("@CERTS@", messy(QStringLiteral("certs")).toUtf8());
        text.replace("@CA64@", base64Of(certs(QStringLiteral("ca.crt"))));
        text.replace("@CRT64@", base64Of(certs(QStringLiteral("client.crt"))));
        text.replace("@KEY64@", base64Of(certs(QStringLiteral("client.key"))));
        text.replace("@NOTPEM64@", base64Of(certs(QStringLiteral("not-a-cert.pem"))));
        const QString path = m_scratch.filePath(name + QStringLiteral(".yaml"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
            qFatal("cannot write snippet");
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_emptySearchDir.isValid());
        QVERIFY(m_scratch.isValid());
        QVERIFY2(QFileInfo::exists(upstream(QStringLiteral("PROVENANCE.md"))), "upstream fixtures are missing");
    }

    // Per name the first file wins, as a whole; later entries are dropped, never merged in.
    void firstWins_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("originFile");
        QTest::addColumn<QString>("value");
        const QString base = messy(QStringLiteral("01-base.yaml"));
        const QString teamB = messy(QStringLiteral("team-b/02-team.yaml"));
        QTest::newRow("cluster defined twice") << "cluster"
                                               << "prod-eu" << base << "https://prod-eu.example.test:6443";
        QTest::newRow("cluster only later") << "cluster"
                                            << "search-prod" << teamB << "https://search-prod.example.test:6443";
        QTest::newRow("user defined twice") << "user"
                                            << "robot-token" << base << "token";
        QTest::newRow("user only later") << "user"
                                         << "exec-beta" << teamB << "exec";
        QTest::newRow("context defined twice") << "context"
                                               << "search-dev" << base << "staging";
        QTest::newRow("context only later") << "context"
                                            << "search-beta" << teamB << "search-prod";
    }
    void firstWins()
    {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        QFETCH(QString, originFile);
        QFETCH(QString, value);
        const Kubeconfig config = loadMessy();
        if (kind == QLatin1String("cluster")) {
            QVERIFY(config.cluster(name));
            QCOMPARE(config.cluster(name)->origin.file, originFile);
            QCOMPARE(config.cluster(name)->server, value);
            QCOMPARE(std::count_if(config.clusters.cbegin(), config.clusters.cend(),
                         [&](const ClusterEntry& e) { return e.name == name; }),
                1);
        } else if (kind == QLatin1String("user")) {
            QVERIFY(config.user(name));
            QCOMPARE(config.user(name)->origin.file, originFile);
            QCOMPARE(authKindName(config.user(name)->authKinds().first()), value);
        } else {
            QVERIFY(config.context(name));
            QCOMPARE(config.context(name)->origin.file, originFile);
            QCOMPARE(config.context(name)->cluster, value);
            // The later definition's namespace must not leak into the winner (no field merge).
            if (name == QLatin1String("search-dev"))
                QCOMPARE(config.context(name)->nameSpace, QStringLiteral("search"));
        }
    }

    void currentContext_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("expected");
        const QString base = messy(QStringLiteral("01-base.yaml"));
        const QString teamB = messy(QStringLiteral("team-b/02-team.yaml"));
        const QString auth = messy(QStringLiteral("03-auth.yaml"));
        const QString empty = messy(QStringLiteral("06-empty.yaml"));
        QTest::newRow("first file sets it") << QStringList { base, teamB } << "payments-prod";
        QTest::newRow("order reversed") << QStringList { teamB, base } << "search-prod";
        QTest::newRow("files without one are skipped") << QStringList { auth, empty, teamB, base } << "search-prod";
        QTest::newRow("none set") << QStringList { auth, empty } << "";
    }
    void currentContext()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, expected);
        QCOMPARE(load(files).currentContext, expected);
    }

    // Relative paths resolve against the folder of the file that defines the entry.
    void relativePaths_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("CA from top folder") << "cluster"
                                            << "prod-eu"
                                            << "certificate-authority" << certs(QStringLiteral("ca.crt"));
        QTest::newRow("CA from sub-folder via ..") << "cluster"
                                                   << "search-prod"
                                                   << "certificate-authority" << certs(QStringLiteral("ca.crt"));
        QTest::newRow("client certificate") << "user"
                                            << "admin-cert"
                                            << "client-certificate" << certs(QStringLiteral("client.crt"));
        QTest::newRow("client key") << "user"
                                    << "admin-cert"
                                    << "client-key" << certs(QStringLiteral("client.key"));
        QTest::newRow("tokenFile") << "user"
                                   << "robot-tokenfile"
                                   << "tokenFile" << messy(QStringLiteral("tokens/robot.token"));
        QTest::newRow("exec command with a slash") << "user"
                                                   << "exec-v1"
                                                   << "command" << messy(QStringLiteral("team-b/bin/get-token"));
        QTest::newRow("bare exec command stays bare") << "user"
                                                      << "exec-beta"
                                                      << "command"
                                                      << "minato-test-plugin-not-installed";
        QTest::newRow("absolute command stays") << "user"
                                                << "exec-always"
                                                << "command"
                                                << "/bin/true";
    }
    void relativePaths()
    {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const Kubeconfig config = loadMessy();
        QString actual;
        if (kind == QLatin1String("cluster")) {
            QVERIFY(config.cluster(name));
            actual = config.cluster(name)->certificateAuthority;
        } else {
            const UserEntry* user = config.user(name);
            QVERIFY(user);
            if (field == QLatin1String("client-certificate"))
                actual = user->clientCertificate;
            else if (field == QLatin1String("client-key"))
                actual = user->clientKey;
            else if (field == QLatin1String("tokenFile"))
                actual = user->tokenFile;
            else
                actual = user->exec ? user->exec->command : QString();
        }
        QCOMPARE(actual, expected);
    }

    // kubectl's file choice: explicit files, else KUBECONFIG (ordered, deduplicated, missing
    // skipped), else $HOME/.kube/config; fleet.yaml extras after those.
    void sources_data()
    {
        QTest::addColumn<QStringList>("explicitFiles");
        QTest::addColumn<QString>("kubeconfigVariable");
        QTest::addColumn<bool>("homeConfig");
        QTest::addColumn<QStringList>("extras");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QStringList>("codes");
        const QStringList none;
        QTest::newRow("explicit beats KUBECONFIG")
            << QStringList { u"a.yaml"_s } << "b.yaml" << true << none << QStringList { u"a.yaml"_s } << none;
        QTest::newRow("explicit is repeatable") << QStringList { u"b.yaml"_s, u"a.yaml"_s } << "" << true << none
                                                << QStringList { u"b.yaml"_s, u"a.yaml"_s } << none;
        QTest::newRow("explicit must exist") << QStringList { u"a.yaml"_s, u"missing.yaml"_s } << "" << true << none
                                             << QStringList { u"a.yaml"_s } << QStringList { u"file-missing"_s };
        QTest::newRow("KUBECONFIG keeps order")
            << none << "b.yaml:a.yaml" << true << none << QStringList { u"b.yaml"_s, u"a.yaml"_s } << none;
        QTest::newRow("KUBECONFIG dedup, empty entries")
            << none << ":a.yaml::b.yaml:a.yaml:" << true << none << QStringList { u"a.yaml"_s, u"b.yaml"_s } << none;
        QTest::newRow("KUBECONFIG missing skipped") << none << "missing.yaml:a.yaml" << true << none
                                                    << QStringList { u"a.yaml"_s } << QStringList { u"file-skipped"_s };
        QTest::newRow("home default") << none << "" << true << none << QStringList { u"home/.kube/config"_s } << none;
        QTest::newRow("no home config") << none << "" << false << none << none << QStringList { u"file-skipped"_s };
        QTest::newRow("extras after kubectl's")
            << none << "a.yaml" << false << QStringList { u"dir"_s, u"b.yaml"_s }
            << QStringList { u"a.yaml"_s, u"dir/c.yaml"_s, u"dir/d.yaml"_s, u"b.yaml"_s } << none;
        QTest::newRow("extra duplicate dropped")
            << none << "a.yaml" << false << QStringList { u"a.yaml"_s } << QStringList { u"a.yaml"_s } << none;
        QTest::newRow("extra missing") << none << "a.yaml" << false << QStringList { u"nope"_s }
                                       << QStringList { u"a.yaml"_s } << QStringList { u"file-missing"_s };
        QTest::newRow("extra empty folder") << none << "a.yaml" << false << QStringList { u"empty"_s }
                                            << QStringList { u"a.yaml"_s } << QStringList { u"source-empty"_s };
    }
    void sources()
    {
        QFETCH(QStringList, explicitFiles);
        QFETCH(QString, kubeconfigVariable);
        QFETCH(bool, homeConfig);
        QFETCH(QStringList, extras);
        QFETCH(QStringList, expected);
        QFETCH(QStringList, codes);
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QDir dir(root.path());
        QVERIFY(dir.mkpath(QStringLiteral("dir")) && dir.mkpath(QStringLiteral("empty")));
        QVERIFY(dir.mkpath(QStringLiteral("home/.kube")));
        QStringList touch { u"a.yaml"_s, u"b.yaml"_s, u"dir/c.yaml"_s, u"dir/d.yaml"_s, u"dir/.hidden.swp"_s };
        if (homeConfig)
            touch << QStringLiteral("home/.kube/config");
        for (const QString& name : touch) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("HOME"), dir.filePath(QStringLiteral("home")));
        if (!kubeconfigVariable.isEmpty())
            environment.insert(QStringLiteral("KUBECONFIG"), kubeconfigVariable);
        QList<ExtraKubeconfigSource> extraSources;
        for (const QString& extra : extras)
            extraSources.append(
                ExtraKubeconfigSource { dir.filePath(extra), SourceLocation { QStringLiteral("fleet.yaml"), 3, 0 } });

        const KubeconfigSourceList sources
            = KubeconfigSources::resolve(explicitFiles, environment, root.path(), extraSources);
        QStringList expectedAbsolute;
        for (const QString& file : expected)
            expectedAbsolute << dir.filePath(file);
        QCOMPARE(sources.files, expectedAbsolute);
        QStringList actualCodes;
        for (const Diagnostic& d : sources.diagnostics)
            actualCodes << d.code;
        QCOMPARE(actualCodes, codes);
        for (const Diagnostic& d : sources.diagnostics) {
            if (d.code == QLatin1String("file-skipped"))
                QCOMPARE(d.severity, Severity::Info); // client-go skips silently; we only take note
            if (d.code == QLatin1String("file-missing") && !extras.isEmpty())
                QCOMPARE(d.where.toString(), QStringLiteral("fleet.yaml:3")); // points at fleet.yaml
        }
    }

    // One row per auth kind: what the user presents, and the fields behind it.
    void authKinds_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("kinds");
        QTest::newRow("token") << "robot-token" << QStringList { u"token"_s };
        QTest::newRow("tokenFile") << "robot-tokenfile" << QStringList { u"token-file"_s };
        QTest::newRow("client cert files") << "admin-cert" << QStringList { u"client-certificate"_s };
        QTest::newRow("client cert data") << "admin-cert-data" << QStringList { u"client-certificate"_s };
        QTest::newRow("basic") << "lab-basic" << QStringList { u"basic"_s };
        QTest::newRow("exec v1") << "exec-v1" << QStringList { u"exec"_s };
        QTest::newRow("exec v1beta1") << "exec-beta" << QStringList { u"exec"_s };
        QTest::newRow("auth-provider gcp") << "gcp-user" << QStringList { u"auth-provider"_s };
        QTest::newRow("auth-provider azure") << "azure-user" << QStringList { u"auth-provider"_s };
        QTest::newRow("auth-provider oidc") << "oidc-valid" << QStringList { u"auth-provider"_s };
        QTest::newRow("token and basic both") << "token-and-basic" << QStringList { u"token"_s, u"basic"_s };
    }
    void authKinds()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, kinds);
        const Kubeconfig config = loadMessy();
        const UserEntry* entry = config.user(user);
        QVERIFY(entry);
        QStringList actual;
        for (const AuthKind kind : entry->authKinds())
            actual << authKindName(kind);
        QCOMPARE(actual, kinds);
    }

    void fieldsAreParsed()
    {
        const Kubeconfig config = loadMessy();
        const ClusterEntry* prod = config.cluster(QStringLiteral("prod-eu"));
        QVERIFY(prod);
        QCOMPARE(prod->tlsServerName, QStringLiteral("kubernetes.prod-eu.internal"));
        QCOMPARE(prod->proxyUrl, QStringLiteral("socks5://127.0.0.1:1080"));
        const ClusterEntry* staging = config.cluster(QStringLiteral("staging"));
        QVERIFY(staging && staging->disableCompression);
        QVERIFY(staging->certificateAuthorityData.startsWith("-----BEGIN CERTIFICATE-----"));
        QVERIFY(config.cluster(QStringLiteral("lab"))->insecureSkipTlsVerify);
        const QJsonObject extension
            = QJsonDocument::fromJson(config.cluster(QStringLiteral("search-prod"))->execExtensionJson).object();
        QCOMPARE(extension.value(QLatin1String("audience")).toString(), QStringLiteral("search"));
        QCOMPARE(extension.value(QLatin1String("retries")).toInt(), 3);
        QCOMPARE(extension.value(QLatin1String("verbose")).toBool(), true);

        const UserEntry* jane = config.user(QStringLiteral("admin-cert-data"));
        QVERIFY(jane);
        QVERIFY(jane->clientKeyData.contains("PRIVATE KEY"));
        QCOMPARE(jane->impersonate, QStringLiteral("jane"));
        QCOMPARE(jane->impersonateUid, QStringLiteral("1234"));
        QCOMPARE(jane->impersonateGroups, (QStringList { u"developers"_s, u"ops"_s }));
        QCOMPARE(jane->impersonateExtra.value(QStringLiteral("reason")), QStringList { u"debugging"_s });
        QCOMPARE(config.user(QStringLiteral("lab-basic"))->username, QStringLiteral("lab-admin"));

        const UserEntry* v1 = config.user(QStringLiteral("exec-v1"));
        QVERIFY(v1 && v1->exec);
        QCOMPARE(v1->exec->apiVersion, QStringLiteral("client.authentication.k8s.io/v1"));
        QCOMPARE(v1->exec->args, (QStringList { u"--cluster"_s, u"search-prod"_s }));
        QCOMPARE(v1->exec->env.size(), 1);
        QCOMPARE(v1->exec->env.first().name, QStringLiteral("TOKEN_AUDIENCE"));
        QCOMPARE(v1->exec->env.first().value, QStringLiteral("search"));
        QCOMPARE(v1->exec->interactiveMode, QStringLiteral("Never"));
        QVERIFY(v1->exec->provideClusterInfo);
        QCOMPARE(v1->exec->installHint, QStringLiteral("ask the search team for get-token"));
        const UserEntry* beta = config.user(QStringLiteral("exec-beta"));
        QCOMPARE(beta->exec->interactiveMode, QStringLiteral("IfAvailable")); // the v1beta1 default
        QCOMPARE(config.user(QStringLiteral("oidc-valid"))->authProvider->config.value(QStringLiteral("client-id")),
            QStringLiteral("minato"));
        QCOMPARE(config.context(QStringLiteral("payments-stg"))->nameSpace, QString()); // "default" is for display
    }

    // One row per diagnostic code, on a small inline kubeconfig: code, severity, line, context.
    void diagnostics_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("code");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("context");
        addInlineDiagnosticRows();
    }
    void diagnostics()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, code);
        QFETCH(Severity, severity);
        QFETCH(int, line);
        QFETCH(QString, context);
        QString path;
        if (yaml == "@MISSING@")
            path = m_scratch.filePath(QStringLiteral("does-not-exist.yaml"));
        else if (yaml == "@DIRECTORY@")
            path = m_scratch.path();
        else
            path = writeSnippet(
                yaml, QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
        const Kubeconfig config = load({ path });
        const QList<Diagnostic> found = testdata::withCode(config.diagnostics, code);
        // line -1: a diagnostic about the whole set, with no location.
        const bool match = std::any_of(found.cbegin(), found.cend(), [&](const Diagnostic& d) {
            const bool located = line < 0 ? !d.where.isValid() : (d.where.file == path && d.where.line == line);
            return d.severity == severity && located && d.context == context;
        });
        QVERIFY2(match, testdata::dump(config.diagnostics).constData());
    }

    // The same codes where they occur in the messy set, through the full merge.
    void messyDiagnostics_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("anchor");
        QTest::addColumn<QString>("context");
        addMessyDiagnosticRows();
    }
    void messyDiagnostics()
    {
        QFETCH(QString, code);
        QFETCH(QString, file);
        QFETCH(QString, anchor);
        QFETCH(QString, context);
        const QString path = messy(file);
        const int line = anchor.isEmpty() ? 0 : lineOf(path, anchor);
        QVERIFY2(anchor.isEmpty() || line > 0, "anchor text not found in the fixture");
        const Kubeconfig config = loadMessy();
        QVERIFY2(testdata::hasDiagnostic(config.diagnostics, code, path, line, context),
            testdata::dump(config.diagnostics).constData());
    }

    void shadowSeverity()
    {
        const Kubeconfig config = loadMessy();
        const QString teamB = messy(QStringLiteral("team-b/02-team.yaml"));
        for (const Diagnostic& d : testdata::withCode(config.diagnostics, QStringLiteral("name-shadowed"))) {
            QVERIFY(d.message.contains(messy(QStringLiteral("01-base.yaml"))));
            // robot-token is identical in both files: a note; the others differ: a warning.
            const bool identical = d.where.line == lineOf(teamB, QStringLiteral("- name: robot-token"));
            QCOMPARE(d.severity, identical ? Severity::Info : Severity::Warning);
        }
    }

    // One broken file never stops the others; a broken entry never stops its file's others.
    void brokenFilesKeepTheRest()
    {
        const Kubeconfig config = loadMessy();
        QCOMPARE(config.files, testdata::messyFiles());
        for (const char* name :
            { "payments-prod", "search-prod", "legacy-gcp", "broken-good", "broken-b64", "broken-ns", "dangling" })
            QVERIFY2(config.context(QString::fromLatin1(name)), name);
        QVERIFY(config.cluster(QStringLiteral("good-in-broken")));
        QCOMPARE(config.cluster(QStringLiteral("good-in-broken"))->server,
            QStringLiteral("https://good-in-broken.example.test")); // the duplicate lost
        QVERIFY(!config.context(QStringLiteral("also-never")));
        const Diagnostic ghost
            = testdata::withCode(config.diagnostics, QStringLiteral("context-missing-cluster")).first();
        QCOMPARE(ghost.context, QStringLiteral("ghost"));
        QVERIFY2(ghost.message.contains(QStringLiteral("05-malformed.yaml")), qPrintable(ghost.message));
        // 04's users section is a map: a user missing elsewhere may have been meant to come from there.
        const QList<Diagnostic> users = testdata::withCode(config.diagnostics, QStringLiteral("context-missing-user"));
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.first().context, QStringLiteral("dangling"));
        QVERIFY2(users.first().message.contains(QStringLiteral("04-broken-entries.yaml")),
            qPrintable(users.first().message));
    }

    void upstreamHeadlampMerge_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QString>("current");
        QTest::addColumn<QStringList>("contexts");
        const QString one = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig1.yaml"));
        const QString two = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig2.yaml"));
        const QString rename = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig_rename.yaml"));
        const QStringList all { u"docker-desktop"_s, u"minikube"_s, u"random-cluster-1"_s, u"random-cluster-2"_s };
        QTest::newRow("1 then 2") << QStringList { one, two } << "minikube" << all;
        QTest::newRow("2 then 1") << QStringList { two, one } << "random-cluster-2" << all;
        QTest::newRow("rename") << QStringList { rename, one } << "minikubetest"
                                << QStringList { u"docker-desktop"_s, u"minikube"_s, u"minikubetest"_s };
    }
    void upstreamHeadlampMerge()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, current);
        QFETCH(QStringList, contexts);
        const Kubeconfig config = load(files);
        QCOMPARE(config.currentContext, current);
        QStringList names;
        for (const ContextEntry& context : config.contexts)
            names << context.name;
        names.sort();
        QCOMPARE(names, contexts);
        QCOMPARE(config.context(QStringLiteral("minikube"))->nameSpace, QStringLiteral("default"));
        QCOMPARE(config.cluster(QStringLiteral("minikube"))->server, QStringLiteral("https://127.0.0.1:60279"));
        for (const Diagnostic& d : config.diagnostics)
            QVERIFY2(d.severity != Severity::Error, testdata::dump(config.diagnostics).constData());
        // Every row includes kubeconfig1, whose docker-desktop client certificate ran out in January 2024.
        const QString one = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig1.yaml"));
        QVERIFY(testdata::hasDiagnostic(config.diagnostics, QStringLiteral("certificate-expired"), one,
            lineOf(one, QStringLiteral("    client-certificate-data")), QStringLiteral("docker-desktop")));
    }

    void upstreamHeadlampAuthErr()
    {
        const QString path = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig_autherr.yaml"));
        const Kubeconfig config = load({ path });
        QCOMPARE(config.currentContext, QStringLiteral("invalid-context"));
        QCOMPARE(config.cluster(QStringLiteral("test-cluster"))->server, QStringLiteral("https://test-server:6443"));
        const int certLine = lineOf(path, QStringLiteral("client-certificate-data: abc"));
        const int keyLine = lineOf(path, QStringLiteral("client-key-data: abc"));
        for (const char* context : { "invalid-context", "invalid-context2" }) {
            QVERIFY(testdata::hasDiagnostic(
                config.diagnostics, QStringLiteral("base64-invalid"), path, certLine, QString::fromLatin1(context)));
            QVERIFY(testdata::hasDiagnostic(
                config.diagnostics, QStringLiteral("base64-invalid"), path, keyLine, QString::fromLatin1(context)));
        }
    }

    void upstreamHeadlampPartialContextValid()
    {
        const QString path = upstream(QStringLiteral("headlamp/kubeconfig/kubeconfig_partialcontextvalid.yaml"));
        const Kubeconfig config = load({ path });
        QCOMPARE(config.contexts.size(), 3);
        QVERIFY(testdata::hasDiagnostic(config.diagnostics, QStringLiteral("base64-invalid"), path,
            lineOf(path, QStringLiteral("certificate-authority-data: abc")), QStringLiteral("invalid-cluster")));
        QVERIFY(testdata::hasDiagnostic(config.diagnostics, QStringLiteral("base64-invalid"), path,
            lineOf(path, QStringLiteral("client-certificate-data: abc")), QStringLiteral("invalid-context")));
        // Headlamp calls "valid-context" valid because its base64 decodes; the decoded bytes are
        // "test-cert-data", not PEM, so it could never connect. It is base64-clean, though.
        const int line = lineOf(path, QStringLiteral("client-certificate-data: dGVzdC1jZXJ0LWRhdGE="));
        QVERIFY(testdata::hasDiagnostic(
            config.diagnostics, QStringLiteral("certificate-invalid"), path, line, QStringLiteral("valid-context")));
        for (const Diagnostic& d : testdata::withCode(config.diagnostics, QStringLiteral("base64-invalid")))
            QVERIFY(d.context != QLatin1String("valid-context"));
    }

    void upstreamK9s()
    {
        const QString path = upstream(QStringLiteral("k9s/kubeconfig/test.yaml"));
        const Kubeconfig config = load({ path });
        QCOMPARE(config.currentContext, QStringLiteral("ct-1-1"));
        QCOMPARE(config.contexts.size(), 3);
        QCOMPARE(config.context(QStringLiteral("ct-2-1"))->cluster, QStringLiteral("cl-2"));
        QCOMPARE(config.context(QStringLiteral("ct-1-2"))->nameSpace, QStringLiteral("ns-2"));
        QCOMPARE(config.cluster(QStringLiteral("cl-2"))->certificateAuthority, QStringLiteral("/Users/test/ca.crt"));
        QCOMPARE(config.user(QStringLiteral("user1"))->clientKey, QStringLiteral("/Users/test/client.key"));
        QVERIFY(testdata::hasDiagnostic(config.diagnostics, QStringLiteral("certificate-file-missing"), path,
            lineOf(path, QStringLiteral("certificate-authority: /Users/test/ca.crt")), QStringLiteral("ct-1-1")));
    }

    void upstreamKubelogin()
    {
        const QString path = upstream(QStringLiteral("kubelogin/sample_kubeconfig_exec.yaml"));
        const Kubeconfig config = load({ path });
        const UserEntry* user = config.user(QStringLiteral("clusterUser_test-group_test-cluster"));
        QVERIFY(user && user->exec);
        QCOMPARE(user->exec->command, QStringLiteral("kubelogin"));
        QCOMPARE(user->exec->apiVersion, QStringLiteral("client.authentication.k8s.io/v1beta1"));
        QCOMPARE(user->exec->interactiveMode, QStringLiteral("IfAvailable"));
        QCOMPARE(user->exec->args.size(), 13);
        QVERIFY(user->exec->env.isEmpty());
        QVERIFY(!user->exec->provideClusterInfo);
        QVERIFY(user->exec->installHint.startsWith(QStringLiteral("kubelogin is not installed")));
        QVERIFY(testdata::hasDiagnostic(config.diagnostics, QStringLiteral("exec-command-not-found"), path,
            lineOf(path, QStringLiteral("command: kubelogin")), QStringLiteral("test-cluster")));
        // No secret of the plugin's arguments (--client-secret) shows up in a message.
        for (const Diagnostic& d : config.diagnostics)
            QVERIFY(!d.message.contains(QStringLiteral("test-secret")));
    }

    void secretsNeverInDiagnostics()
    {
        const Kubeconfig config = loadMessy();
        const QByteArray all = testdata::dump(config.diagnostics);
        for (const char* secret :
            { "fake-token", "fake-password", "fake-gcp-access-token", "fake-refresh-token", "PRIVATE KEY", "eyJ" })
            QVERIFY2(!all.contains(secret), secret);
    }

    // yaml-cpp throws on many inputs; none of that may escape the parser.
    void garbageNeverThrows_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::newRow("binary") << QByteArray("\x00\x01\xff\xfe{[", 6);
        QTest::newRow("tabs") << QByteArray("clusters:\n\t- name: x\n");
        QTest::newRow("alias to nothing") << QByteArray("clusters: *nothing\n");
        QTest::newRow("nested lists") << QByteArray("clusters: [[[]]]\nusers: [[{}]]\ncontexts: [1, 2]\n");
        QTest::newRow("map keys") << QByteArray("clusters:\n- {[a]: b, name: {x: y}, cluster: [1]}\n");
        QTest::newRow("scalar root") << QByteArray("just text\n");
    }
    void garbageNeverThrows()
    {
        QFETCH(QByteArray, yaml);
        const KubeconfigFile file = KubeconfigParser(options()).parse(yaml, QStringLiteral("/virtual/garbage.yaml"));
        QVERIFY(!file.diagnostics.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestKubeconfigLoader)
#include "tst_kubeconfigloader.moc"
