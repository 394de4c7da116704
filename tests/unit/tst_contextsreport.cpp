// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigtestdata.h"

#include "fleet/contextsreport.h"
#include "fleet/fleetloader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

// `minato contexts` output: the table with its diagnostics, the YAML/JSON document, the
// absence of secrets, and the command's exit codes.
class TestContextsReport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FleetLoadResult m_result;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        env.insert(u"PATH"_s, m_dir.filePath(u"empty-path"_s));
        QStringList files = testdata::messyFiles();
        files << m_dir.filePath(u"proxy.yaml"_s);
        env.insert(u"KUBECONFIG"_s, files.join(QLatin1Char(':')));
        return env;
    }

    static QStringList secrets()
    {
        QStringList all { u"fake-token"_s, u"fake-password"_s, u"fake-gcp-access-token"_s, u"fake-refresh-token"_s,
            u"fake-proxy-password"_s, u"PRIVATE KEY"_s, u"eyJ"_s, u"fake-token-from-file"_s };
        QFile key(testdata::messy(u"certs/client.key"_s));
        if (key.open(QIODevice::ReadOnly))
            all << QString::fromLatin1(key.readAll().toBase64().left(40));
        return all;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(u"empty-path"_s));
        QFile proxy(m_dir.filePath(u"proxy.yaml"_s));
        QVERIFY(proxy.open(QIODevice::WriteOnly));
        proxy.write("clusters:\n- name: behind-proxy\n  cluster:\n    server: https://proxied.example.test\n"
                    "    insecure-skip-tls-verify: true\n"
                    "    proxy-url: http://ops:fake-proxy-password@127.0.0.1:3128\n"
                    "contexts:\n- name: proxied\n  context: {cluster: behind-proxy, user: robot-token}\n");
        proxy.close();
        QFile fleet(m_dir.filePath(u"fleet.yaml"_s));
        QVERIFY(fleet.open(QIODevice::WriteOnly));
        fleet.write("clusters:\n- match: payments-prod\n  team: payments\n  environment: prod\n"
                    "  labels: {tier: \"1\", region: eu}\n"
                    "manual:\n- name: lab-manual\n  server: https://10.0.0.9:6443\n  auth: basic\n  username: ops\n");
        fleet.close();

        FleetLoadOptions options;
        options.fleetFile = fleet.fileName();
        options.environment = environment();
        options.workingDirectory = m_dir.path();
        options.now = QDateTime(QDate(2025, 6, 1), QTime(0, 0), Qt::UTC);
        m_result = FleetLoader::load(options);
    }

    void table()
    {
        const QString text = ContextsReport::table(m_result.fleet);
        const QStringList lines = text.split(QLatin1Char('\n'));
        QVERIFY(lines.first().startsWith(u"CURRENT   NAME"_s));
        QCOMPARE(lines.first().simplified(), u"CURRENT NAME CLUSTER SERVER NAMESPACE AUTH TEAM ENV LABELS"_s);
        const auto row = [&](const QString& name) {
            for (const QString& line : lines) {
                if (line.mid(10).startsWith(name + QLatin1Char(' ')))
                    return line.simplified();
            }
            return QString();
        };
        QCOMPARE(row(u"payments-prod"_s),
            u"* payments-prod prod-eu https://prod-eu.example.test:6443 payments client-certificate payments prod region=eu,tier=1"_s);
        QCOMPARE(row(u"lab-manual"_s), u"lab-manual lab-manual https://10.0.0.9:6443 default basic (keychain)"_s);
        QCOMPARE(row(u"search-prod"_s),
            u"search-prod search-prod https://search-prod.example.test:6443 search exec (get-token)"_s);
        QVERIFY(row(u"payments-stg-alias"_s).isEmpty()); // folded into payments-stg

        // Diagnostics follow the table: errors, then warnings, then notes.
        const QString auth = testdata::messy(u"03-auth.yaml"_s);
        const QString mismatch = u"error %1:%2 mismatch: user \"key-mismatch\": the client key does not belong to the "
                                 "client certificate [key-mismatch]"_s.arg(auth)
                                     .arg(testdata::lineOf(auth, u"certs/other.key"_s));
        QVERIFY2(lines.contains(mismatch), qPrintable(text));
        const qsizetype blank = lines.indexOf(QString());
        QVERIFY(blank > 1);
        int lastRank = 2;
        for (qsizetype i = blank + 1; i < lines.size() && !lines.at(i).isEmpty(); ++i) {
            const int rank = lines.at(i).startsWith(u"error "_s) ? 2 : lines.at(i).startsWith(u"warning "_s) ? 1 : 0;
            QVERIFY2(rank <= lastRank, qPrintable(lines.at(i)));
            lastRank = rank;
        }
    }

    void json()
    {
        const QJsonDocument doc
            = QJsonDocument::fromJson(ContextsReport::json(m_result.fleet, m_result.kubeconfig).toUtf8());
        QVERIFY(doc.isObject());
        const QJsonObject root = doc.object();
        QCOMPARE(root.value(u"currentContext"_s).toString(), u"payments-prod"_s);
        const QJsonArray contexts = root.value(u"contexts"_s).toArray();
        QCOMPARE(contexts.size(), m_result.fleet.clusters.size());
        QStringList names;
        QJsonObject prod;
        for (const QJsonValue& value : contexts) {
            names << value[u"name"_s].toString();
            if (names.last() == QLatin1String("payments-prod"))
                prod = value.toObject();
        }
        QStringList sorted = names;
        sorted.sort();
        QCOMPARE(names, sorted);
        QCOMPARE(prod.value(u"cluster"_s).toString(), u"prod-eu"_s);
        QCOMPARE(prod.value(u"user"_s).toString(), u"admin-cert"_s);
        QCOMPARE(prod.value(u"namespace"_s).toString(), u"payments"_s);
        QCOMPARE(prod.value(u"auth"_s).toArray(), QJsonArray { u"client-certificate"_s });
        QCOMPARE(prod.value(u"team"_s).toString(), u"payments"_s);
        QCOMPARE(prod.value(u"environment"_s).toString(), u"prod"_s);
        QCOMPARE(prod.value(u"labels"_s).toObject().value(u"tier"_s).toString(), u"1"_s);
        QVERIFY(prod.value(u"current"_s).toBool());
        QVERIFY(prod.value(u"diagnostics"_s).isArray());

        for (const QJsonValue& user : root.value(u"users"_s).toArray()) {
            QStringList keys = user.toObject().keys();
            QCOMPARE(keys, (QStringList { u"auth"_s, u"name"_s, u"origin"_s })); // nothing else, never secrets
        }
        bool sawManualUser = false;
        for (const QJsonValue& user : root.value(u"users"_s).toArray())
            sawManualUser |= user[u"auth"_s].toArray() == QJsonArray { u"basic (keychain)"_s };
        QVERIFY(sawManualUser);
        const QJsonArray diagnostics = root.value(u"diagnostics"_s).toArray();
        QVERIFY(!diagnostics.isEmpty());
        const QJsonObject first = diagnostics.first().toObject();
        QCOMPARE(first.value(u"severity"_s).toString(), u"error"_s);
        QVERIFY(first.contains(u"code"_s) && first.contains(u"file"_s) && first.contains(u"message"_s));
    }

    void yaml()
    {
        const QString text = ContextsReport::yaml(m_result.fleet, m_result.kubeconfig);
        QVERIFY(text.startsWith(u"currentContext: payments-prod\n"_s));
        YAML::Node root;
        try {
            root = YAML::Load(text.toStdString());
        } catch (const YAML::Exception& e) {
            QFAIL(e.what());
        }
        QCOMPARE(root["contexts"].size(), static_cast<size_t>(m_result.fleet.clusters.size()));
        for (const YAML::Node& context : root["contexts"]) {
            if (context["name"].as<std::string>() != "payments-prod")
                continue;
            QCOMPARE(context["labels"]["tier"].as<std::string>(), std::string("1")); // quoted, stays a string
            QCOMPARE(context["current"].as<bool>(), true);
            QCOMPARE(context["auth"][0].as<std::string>(), std::string("client-certificate"));
        }
    }

    void noSecrets_data()
    {
        QTest::addColumn<int>("format");
        QTest::newRow("table") << static_cast<int>(ContextsReport::Format::Table);
        QTest::newRow("yaml") << static_cast<int>(ContextsReport::Format::Yaml);
        QTest::newRow("json") << static_cast<int>(ContextsReport::Format::Json);
    }
    void noSecrets()
    {
        QFETCH(int, format);
        const QString text
            = ContextsReport::render(static_cast<ContextsReport::Format>(format), m_result.fleet, m_result.kubeconfig);
        for (const QString& secret : secrets())
            QVERIFY2(!text.contains(secret), qPrintable(secret));
        if (format != static_cast<int>(ContextsReport::Format::Table))
            QVERIFY(text.contains(u"http://ops@127.0.0.1:3128"_s)); // the proxy user stays, its password goes
    }

    void command_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("stdoutContains");
        QTest::newRow("help") << QStringList { u"--help"_s } << 0 << "--kubeconfig <FILE>";
        QTest::newRow("diagnostics are not failures")
            << QStringList { u"-o"_s, u"json"_s } << 0 << "\"currentContext\"";
        QTest::newRow("explicit file, table")
            << QStringList { u"--kubeconfig"_s, testdata::messy(u"01-base.yaml"_s) } << 0 << "payments-prod";
        QTest::newRow("unknown format") << QStringList { u"-o"_s, u"xml"_s } << 2 << "";
        QTest::newRow("unknown option") << QStringList { u"--bogus"_s } << 2 << "";
        QTest::newRow("stray argument") << QStringList { u"extra"_s } << 2 << "";
    }
    void command()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, stdoutContains);
        QProcess process;
        QProcessEnvironment env = environment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"no-config"_s));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MINATO_BINARY), QStringList { u"contexts"_s } + arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), exitCode);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.contains(stdoutContains), qPrintable(out));
        for (const QString& secret : secrets())
            QVERIFY(!out.contains(secret));
    }
};

QTEST_GUILESS_MAIN(TestContextsReport)
#include "tst_contextsreport.moc"
