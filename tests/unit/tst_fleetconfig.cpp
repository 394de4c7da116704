// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigtestdata.h"

#include "fleet/fleet.h"
#include "fleet/fleetconfig.h"
#include "fleet/fleetloader.h"
#include "kube/kubeconfigloader.h"

#include <QRegularExpression>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;
using kube::Diagnostic;
using kube::Severity;

using Labels = QMap<QString, QString>;
Q_DECLARE_METATYPE(minato::kube::Severity)

// fleet.yaml parsing (the documented example, globs, naming rules, errors with lines) and the
// fleet built from it: classification, manual contexts and duplicate folding.
class TestFleetConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_emptySearchDir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        return env;
    }

    // The first ```yaml block of docs/fleet.md, written next to the files it names.
    FleetConfig documentedExample() const
    {
        QFile doc(QStringLiteral(MINATO_TEST_DATA_DIR "/../../docs/fleet.md"));
        if (!doc.open(QIODevice::ReadOnly))
            return {};
        const QString text = QString::fromUtf8(doc.readAll());
        const QRegularExpression block(u"```yaml\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
        const QByteArray yaml = block.match(text).captured(1).toUtf8();
        return FleetConfig::parse(yaml, m_dir.filePath(u"fleet.yaml"_s), environment());
    }

    FleetConfig parse(const QByteArray& yaml) const
    {
        return FleetConfig::parse(yaml, m_dir.filePath(u"snippet.yaml"_s), environment());
    }

    kube::Kubeconfig messyKubeconfig() const
    {
        return kube::KubeconfigLoader(testdata::fixedOptions(m_emptySearchDir.path())).load(testdata::messyFiles());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid() && m_emptySearchDir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(u"lab"_s));
        QVERIFY(QFile::copy(testdata::messy(u"certs/ca.crt"_s), m_dir.filePath(u"lab/lab-ca.crt"_s)));
    }

    void documentedExampleIsClean()
    {
        const FleetConfig config = documentedExample();
        for (const Diagnostic& d : config.diagnostics)
            QVERIFY2(d.severity == Severity::Info, testdata::dump(config.diagnostics).constData());
        QCOMPARE(config.sources.size(), 2);
        QCOMPARE(config.sources.at(0).path, m_dir.filePath(u"home/kubeconfigs"_s)); // ~ expanded
        QCOMPARE(config.sources.at(1).path, m_dir.filePath(u"lab/lab-kubeconfig.yaml"_s)); // relative to the file
        QCOMPARE(config.sources.at(1).declaredAt.line, 6);
        QCOMPARE(config.clusters.size(), 4);
        QCOMPARE(config.naming.size(), 2);
        QCOMPARE(config.manual.size(), 2);
        const ManualContext& lab = config.manual.at(0);
        QCOMPARE(lab.name, u"lab"_s);
        QCOMPARE(lab.keychainKey(), u"context/lab"_s);
        QCOMPARE(lab.certificateAuthority, m_dir.filePath(u"lab/lab-ca.crt"_s));
        QCOMPARE(lab.auth, kube::AuthKind::Token);
        QCOMPARE(config.manual.at(1).auth, kube::AuthKind::Basic);
        QCOMPARE(config.manual.at(1).username, u"admin"_s);
        QVERIFY(config.manual.at(1).insecureSkipTlsVerify);
    }

    void classify_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("team");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<Labels>("labels");
        QTest::newRow("exact rule, then glob adds labels")
            << "payments-prod"
            << "payments"
            << "prod"
            << Labels { { u"tier"_s, u"1"_s }, { u"pager"_s, u"payments-oncall"_s }, { u"cost-center"_s, u"4711"_s } };
        QTest::newRow("glob team, naming env") << "payments-stg"
                                               << "payments"
                                               << "stg" << Labels { { u"cost-center"_s, u"4711"_s } };
        QTest::newRow("glob across '/'") << "arn:aws:eks:eu-west-1:123456789012:cluster/search-prod"
                                         << "search"
                                         << "prod" << Labels { { u"cloud"_s, u"aws"_s }, { u"tier"_s, u"2"_s } };
        QTest::newRow("rule env, naming team") << "search-prod"
                                               << "search"
                                               << "prod" << Labels { { u"tier"_s, u"2"_s } };
        QTest::newRow("naming only") << "checkout-dev"
                                     << "checkout"
                                     << "dev" << Labels {};
        QTest::newRow("second naming regex") << "gke_shop-1_europe-west1_data-stg"
                                             << "data"
                                             << "stg" << Labels {};
        QTest::newRow("globs are case-sensitive") << "PAYMENTS-prod"
                                                  << ""
                                                  << "prod" << Labels { { u"tier"_s, u"2"_s } };
        QTest::newRow("nothing matches") << "random"
                                         << ""
                                         << "" << Labels {};
    }
    void classify()
    {
        QFETCH(QString, context);
        QFETCH(QString, team);
        QFETCH(QString, environment);
        QFETCH(Labels, labels);
        const Classification result = documentedExample().classify(context);
        QCOMPARE(result.team, team);
        QCOMPARE(result.environment, environment);
        QCOMPARE(result.labels, labels);
    }

    void glob_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("context");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "prod"
                               << "prod" << true;
        QTest::newRow("exact is anchored") << "prod"
                                           << "prod-eu" << false;
        QTest::newRow("star") << "prod-*"
                              << "prod-eu-1" << true;
        QTest::newRow("star crosses slash") << "*/prod"
                                            << "arn:aws:eks:x:cluster/prod" << true;
        QTest::newRow("question mark") << "team-?"
                                       << "team-a" << true;
        QTest::newRow("question mark is one char") << "team-?"
                                                   << "team-ab" << false;
        QTest::newRow("class") << "[ab]-x"
                               << "b-x" << true;
        QTest::newRow("negated class") << "[!ab]-x"
                                       << "a-x" << false;
        QTest::newRow("dot is literal") << "a.b"
                                        << "axb" << false;
    }
    void glob()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, context);
        QFETCH(bool, matches);
        const FleetConfig config = parse("clusters:\n- match: \"" + pattern.toUtf8() + "\"\n  team: t\n");
        QVERIFY(config.diagnostics.isEmpty());
        QCOMPARE(config.classify(context).team == QLatin1String("t"), matches);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("code");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("context");
        QTest::newRow("yaml-malformed") << QByteArray("sources:\n- a\nclusters: [\n") << "yaml-malformed"
                                        << Severity::Error << 4 << "";
        QTest::newRow("wrong-type root") << QByteArray("- a\n") << "wrong-type" << Severity::Error << 1 << "";
        QTest::newRow("wrong-type section")
            << QByteArray("sources: []\nclusters:\n  a: b\n") << "wrong-type" << Severity::Error << 3 << "";
        QTest::newRow("wrong-type source")
            << QByteArray("sources:\n- {a: b}\n") << "wrong-type" << Severity::Error << 2 << "";
        QTest::newRow("wrong-type labels")
            << QByteArray("clusters:\n- match: a\n  labels: [x]\n") << "wrong-type" << Severity::Error << 3 << "";
        QTest::newRow("field-unknown") << QByteArray("clusters:\n- match: a\n  env: prod\n") << "field-unknown"
                                       << Severity::Info << 3 << "";
        QTest::newRow("rule-invalid") << QByteArray("clusters:\n- team: a\n") << "rule-invalid" << Severity::Error << 2
                                      << "";
        QTest::newRow("regex-invalid") << QByteArray("naming:\n- '^(?<team>[a-z'\n") << "regex-invalid"
                                       << Severity::Error << 2 << "";
        QTest::newRow("regex-no-groups") << QByteArray("naming:\n- '^prod-.*$'\n") << "regex-no-groups"
                                         << Severity::Warning << 2 << "";
        const QByteArray manual = "manual:\n- name: lab\n  server: https://10.0.0.1:6443\n";
        QTest::newRow("manual-invalid auth") << manual << "manual-invalid" << Severity::Error << 2 << "lab";
        QTest::newRow("manual-invalid basic")
            << QByteArray(manual + "  auth: basic\n") << "manual-invalid" << Severity::Error << 2 << "lab";
        QTest::newRow("manual-invalid name") << QByteArray("manual:\n- server: https://x\n  auth: token\n")
                                             << "manual-invalid" << Severity::Error << 2 << "";
        QTest::newRow("secret-in-fleet-file") << QByteArray(manual + "  auth: token\n  token: fake-token-in-fleet\n")
                                              << "secret-in-fleet-file" << Severity::Error << 5 << "lab";
        QTest::newRow("server-missing") << QByteArray("manual:\n- name: lab\n  auth: token\n") << "server-missing"
                                        << Severity::Error << 2 << "lab";
        QTest::newRow("server-invalid") << QByteArray("manual:\n- name: lab\n  server: 10.0.0.1\n  auth: token\n")
                                        << "server-invalid" << Severity::Error << 3 << "lab";
        QTest::newRow("certificate-file-missing")
            << QByteArray(manual + "  auth: token\n  certificate-authority: nope.crt\n") << "certificate-file-missing"
            << Severity::Error << 5 << "lab";
        QTest::newRow("insecure-with-ca") << QByteArray(
            manual + "  auth: token\n  insecure-skip-tls-verify: true\n  certificate-authority: lab/lab-ca.crt\n")
                                          << "insecure-with-ca" << Severity::Error << 6 << "lab";
        QTest::newRow("name-duplicate") << QByteArray(manual + "  auth: token\n" + manual.mid(8) + "  auth: token\n")
                                        << "name-duplicate" << Severity::Warning << 5 << "";
    }
    void errors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, code);
        QFETCH(Severity, severity);
        QFETCH(int, line);
        QFETCH(QString, context);
        const FleetConfig config = parse(yaml);
        const QString file = m_dir.filePath(u"snippet.yaml"_s);
        const bool found
            = std::any_of(config.diagnostics.cbegin(), config.diagnostics.cend(), [&](const Diagnostic& d) {
                  return d.code == code && d.severity == severity && d.where.file == file && d.where.line == line
                      && d.context == context;
              });
        QVERIFY2(found, testdata::dump(config.diagnostics).constData());
        QVERIFY(!testdata::dump(config.diagnostics).contains("fake-token-in-fleet"));
    }

    void paths_data()
    {
        QTest::addColumn<QString>("xdg");
        QTest::addColumn<QString>("expected");
        QTest::newRow("XDG_CONFIG_HOME") << "/xdg"
                                         << "/xdg/minato/fleet.yaml";
        QTest::newRow("HOME") << ""
                              << "/home/ana/.config/minato/fleet.yaml";
    }
    void paths()
    {
        QFETCH(QString, xdg);
        QFETCH(QString, expected);
        QProcessEnvironment env;
        env.insert(u"HOME"_s, u"/home/ana"_s);
        if (!xdg.isEmpty())
            env.insert(u"XDG_CONFIG_HOME"_s, xdg);
        QCOMPARE(FleetConfig::defaultPath(env), expected);
    }

    void missingFile()
    {
        const QString path = m_dir.filePath(u"absent.yaml"_s);
        QVERIFY(FleetConfig::load(path, environment(), false).diagnostics.isEmpty());
        const FleetConfig required = FleetConfig::load(path, environment(), true);
        QCOMPARE(required.diagnostics.size(), 1);
        QCOMPARE(required.diagnostics.first().code, u"file-missing"_s);
    }

    void fleetFromMessySet()
    {
        const FleetConfig config = parse("clusters:\n- match: \"payments-*\"\n  team: payments\n"
                                         "manual:\n- name: lab-manual\n  server: https://10.0.0.9:6443\n  auth: token\n"
                                         "- name: payments-prod\n  server: https://10.0.0.8:6443\n  auth: token\n");
        const Fleet fleet = Fleet::build(messyKubeconfig(), config);
        QCOMPARE(fleet.currentContext, u"payments-prod"_s);
        QStringList current;
        for (const FleetCluster& cluster : fleet.clusters) {
            if (cluster.isCurrent)
                current << cluster.name();
        }
        QCOMPARE(current, QStringList { u"payments-prod"_s });

        // Same server, same user: folded into the first, with a note naming the other.
        QVERIFY(!fleet.find(u"payments-stg-alias"_s));
        const FleetCluster* stg = fleet.find(u"payments-stg"_s);
        QVERIFY(stg);
        QCOMPARE(stg->aliases, QStringList { u"payments-stg-alias"_s });
        QCOMPARE(testdata::withCode(stg->diagnostics, u"cluster-duplicate"_s).size(), 1);
        QVERIFY(testdata::withCode(stg->diagnostics, u"cluster-duplicate"_s)
                    .first()
                    .message.contains(u"payments-stg-alias"_s));
        // Same server, other user: both stay.
        QVERIFY(fleet.find(u"payments-stg-file"_s));

        QCOMPARE(stg->team, u"payments"_s);
        QCOMPARE(stg->nameSpace, u"default"_s);
        QCOMPARE(fleet.find(u"payments-prod"_s)->nameSpace, u"payments"_s);
        QVERIFY(!fleet.find(u"payments-prod"_s)->isMisconfigured());
        QVERIFY(fleet.find(u"legacy-gcp"_s)->isMisconfigured());
        QCOMPARE(fleet.find(u"search-prod"_s)->authLabels, QStringList { u"exec (get-token)"_s });
        QCOMPARE(testdata::withCode(fleet.find(u"oidc-old"_s)->diagnostics, u"oidc-token-expired"_s).size(), 1);

        const FleetCluster* manual = fleet.find(u"lab-manual"_s);
        QVERIFY(manual && manual->isManual);
        QCOMPARE(manual->keychainKey, u"context/lab-manual"_s);
        QCOMPARE(manual->authLabels, QStringList { u"token (keychain)"_s });
        QCOMPARE(manual->cluster.server, u"https://10.0.0.9:6443"_s);
        QVERIFY(manual->user.token.isEmpty());
        // A manual entry never replaces a kubeconfig context of the same name.
        QCOMPARE(fleet.find(u"payments-prod"_s)->cluster.server, u"https://prod-eu.example.test:6443"_s);
        QCOMPARE(testdata::withCode(fleet.diagnostics, u"name-shadowed"_s).last().where.line, 8);

        // Pure: the same inputs give the same fleet.
        const Fleet again = Fleet::build(messyKubeconfig(), config);
        QCOMPARE(again.clusters.size(), fleet.clusters.size());
        for (qsizetype i = 0; i < fleet.clusters.size(); ++i)
            QCOMPARE(again.clusters.at(i).name(), fleet.clusters.at(i).name());
    }

    void dedupKeepsCurrent_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<QString>("kept");
        QTest::newRow("no current: first") << ""
                                           << "a";
        QTest::newRow("current wins") << "b"
                                      << "b";
    }
    void dedupKeepsCurrent()
    {
        QFETCH(QString, current);
        QFETCH(QString, kept);
        kube::Kubeconfig config;
        // Two spellings of one endpoint, reached as the same user.
        const auto cluster = [](const QString& name, const QString& server) {
            kube::ClusterEntry entry;
            entry.name = name;
            entry.server = server;
            return entry;
        };
        config.clusters = { cluster(u"one"_s, u"https://API.example.test/"_s),
            cluster(u"two"_s, u"https://api.example.test:443"_s) };
        kube::UserEntry user;
        user.name = u"u"_s;
        user.token = "fake";
        config.users = { user };
        config.contexts = { kube::ContextEntry { u"a"_s, u"one"_s, u"u"_s, {}, {} },
            kube::ContextEntry { u"b"_s, u"two"_s, u"u"_s, {}, {} } };
        config.currentContext = current;
        const Fleet fleet = Fleet::build(config, FleetConfig {});
        QCOMPARE(fleet.clusters.size(), 1);
        QCOMPARE(fleet.clusters.first().name(), kept);
        QCOMPARE(fleet.clusters.first().aliases, QStringList { kept == QLatin1String("a") ? u"b"_s : u"a"_s });
    }

    // `connect:` pins clusters to start-up or leaves them on demand; first setting rule wins.
    void connectPolicy()
    {
        const FleetConfig config = parse("clusters:\n"
                                     "- match: \"pay-*\"\n  connect: startup\n"
                                     "- match: \"*\"\n  connect: on-demand\n"
                                     "- match: odd\n  connect: sometimes\n");
        QCOMPARE(config.classify(u"pay-prod"_s).connect, ConnectPolicy::Startup);
        QCOMPARE(config.classify(u"search-dev"_s).connect, ConnectPolicy::OnDemand);
        QCOMPARE(FleetConfig().classify(u"x"_s).connect, ConnectPolicy::Default);
        QCOMPARE(testdata::withCode(config.diagnostics, u"connect-invalid"_s).size(), 1);
    }

    void loaderEndToEnd()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QFile fleetFile(root.filePath(u"fleet.yaml"_s));
        QVERIFY(fleetFile.open(QIODevice::WriteOnly));
        fleetFile.write("sources:\n- " + testdata::messy(u"team-b"_s).toUtf8()
            + "\nclusters:\n- match: \"search-*\"\n  team: search\n");
        fleetFile.close();
        FleetLoadOptions options;
        options.fleetFile = fleetFile.fileName();
        options.environment.insert(u"HOME"_s, root.path());
        options.environment.insert(u"KUBECONFIG"_s, testdata::messy(u"01-base.yaml"_s));
        options.workingDirectory = root.path();
        const FleetLoadResult result = FleetLoader::load(options);
        // The folder contributes its one regular file; bin/ is a folder and is skipped.
        QCOMPARE(result.kubeconfig.files,
            (QStringList { testdata::messy(u"01-base.yaml"_s), testdata::messy(u"team-b/02-team.yaml"_s) }));
        QVERIFY(result.fleet.find(u"search-prod"_s));
        QCOMPARE(result.fleet.find(u"search-prod"_s)->team, u"search"_s);
        QCOMPARE(result.fleet.currentContext, u"payments-prod"_s);
    }
};

QTEST_GUILESS_MAIN(TestFleetConfig)
#include "tst_fleetconfig.moc"
