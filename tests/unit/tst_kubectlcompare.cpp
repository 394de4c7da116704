// SPDX-License-Identifier: Apache-2.0
#include "kubeconfigtestdata.h"
#include "kubectlgeneration.h"

#include "kube/kubeconfigloader.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace minato::kube;
using namespace Qt::StringLiterals;
using testdata::messy;
using testdata::upstream;

namespace {

// What `kubectl config view` made of one KUBECONFIG list.
struct KubectlView
{
    bool ok = false;
    QString error;
    QJsonObject config;
};

QJsonObject byName(const QJsonObject& config, const QString& section, const QString& name, const QString& body)
{
    for (const QJsonValue& entry : config.value(section).toArray()) {
        if (entry[u"name"_s].toString() == name)
            return entry[body].toObject();
    }
    return {};
}

QStringList names(const QJsonObject& config, const QString& section)
{
    QStringList result;
    for (const QJsonValue& entry : config.value(section).toArray())
        result << entry[u"name"_s].toString();
    result.sort();
    return result;
}

template <typename Entry> QStringList names(const QList<Entry>& entries)
{
    QStringList result;
    for (const Entry& entry : entries)
        result << entry.name;
    result.sort();
    return result;
}

// The auth kinds UserEntry::authKinds() reports, inferred from the keys kubectl prints (it
// redacts secret values but keeps their keys).
QStringList kubectlAuthKinds(const QJsonObject& user)
{
    QStringList kinds;
    if (user.contains(u"exec"_s))
        kinds << u"exec"_s;
    if (user.contains(u"auth-provider"_s))
        kinds << u"auth-provider"_s;
    if (user.contains(u"client-certificate"_s) || user.contains(u"client-certificate-data"_s))
        kinds << u"client-certificate"_s;
    if (user.contains(u"token"_s))
        kinds << u"token"_s;
    else if (user.contains(u"tokenFile"_s))
        kinds << u"token-file"_s;
    if (user.contains(u"username"_s) || user.contains(u"password"_s))
        kinds << u"basic"_s;
    if (kinds.isEmpty())
        kinds << u"none"_s;
    return kinds;
}

QJsonValue valueAt(const QJsonObject& body, const QStringList& path)
{
    QJsonValue value = body;
    for (const QString& key : path)
        value = value.toObject().value(key);
    return value;
}

// How an absent field reads: "" for text, false for a flag (as the comparisons always did).
QJsonValue absentAs(const QJsonValue& like)
{
    return like.isBool() ? QJsonValue(false) : QJsonValue(QString());
}

QString shown(const QJsonValue& value)
{
    return value.isUndefined() ? QStringLiteral("(absent)")
                               : QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact));
}

// The field as written in the kubeconfig file itself, typed like `like`; undefined when absent.
// This is what current kubectl reads, whatever the kubectl under test does with it.
QJsonValue writtenInFile(const QString& file, const QString& section, const QString& name, const QStringList& path,
    const QJsonValue& like)
{
    const YAML::Node root = YAML::LoadFile(file.toStdString());
    const std::string body = section == QLatin1String("users") ? "user" : "cluster";
    for (const YAML::Node& entry : root[section.toStdString()]) {
        if (!entry["name"] || entry["name"].as<std::string>() != name.toStdString())
            continue;
        YAML::Node node = entry[body];
        for (const QString& key : path) {
            if (!node.IsMap() || !node[key.toStdString()])
                return QJsonValue(QJsonValue::Undefined);
            node = node[key.toStdString()];
        }
        if (!node.IsScalar())
            return QJsonValue(QJsonValue::Undefined);
        if (like.isBool())
            return node.as<bool>();
        return QString::fromStdString(node.as<std::string>());
    }
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace

// Runs the real kubectl on the same files and compares its merge with Minato's: contexts,
// clusters, users (by auth kind), paths, exec settings and current-context.
class TestKubectlCompare : public QObject
{
    Q_OBJECT

private:
    KubectlGeneration m_kubectl;
    QTemporaryDir m_home;
    QTemporaryDir m_emptySearchDir;

    KubectlView view(const QStringList& files) const
    {
        QProcess process;
        QProcessEnvironment env;
        env.insert(u"HOME"_s, m_home.path()); // never the real ~/.kube
        env.insert(u"PATH"_s, u"/usr/bin:/bin"_s);
        env.insert(u"KUBECONFIG"_s, files.join(QLatin1Char(':')));
        process.setProcessEnvironment(env);
        // The gcloud build of kubectl is a "dispatcher" that first asks the current context's
        // server for its version (running exec plugins, opening connections). A context name that
        // exists nowhere stops that before it starts; `config view` ignores --context otherwise.
        process.start(m_kubectl.executable(),
            { u"config"_s, u"view"_s, u"--merge"_s, u"-o"_s, u"json"_s,
                u"--context=minato-compare-no-such-context"_s });
        KubectlView result;
        if (!process.waitForFinished(60000)) {
            result.error = u"kubectl did not finish"_s;
            return result;
        }
        result.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
        result.error = QString::fromUtf8(process.readAllStandardError());
        result.config = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        return result;
    }

    Kubeconfig load(const QStringList& files) const
    {
        return KubeconfigLoader(testdata::fixedOptions(m_emptySearchDir.path())).load(files);
    }

    // kubectl prints paths as written; resolve them the way client-go would, against the folder
    // of the first file (by kubectl's own account) that defines the entry.
    static QString resolved(const QString& path, const QString& originFile)
    {
        if (path.isEmpty() || QDir::isAbsolutePath(path))
            return path;
        return QDir::cleanPath(QFileInfo(originFile).absoluteDir().absoluteFilePath(path));
    }

    static QString originOf(const QHash<QString, KubectlView>& single, const QStringList& files, const QString& section,
        const QString& name)
    {
        for (const QString& file : files) {
            if (names(single.value(file).config, section).contains(name))
                return file;
        }
        return {};
    }

    // One field of the winning entry. Where this kubectl knows the field, Minato holds what it
    // prints. Where this kubectl predates it (generations.json), it must print nothing, and
    // Minato must hold what current kubectl would: the file's value, else the current default.
    void compareField(const QString& section, const QString& name, const QStringList& path, const QJsonObject& printedBody,
        const QJsonValue& ours, const QString& originFile)
    {
        const QString where = QStringLiteral("%1 %2 %3, %4").arg(section, name, path.join(u'.'), m_kubectl.describe());
        const QJsonValue printed = valueAt(printedBody, path);
        if (m_kubectl.shows(section, path)) {
            const QJsonValue expected = printed.isUndefined() ? absentAs(ours) : printed;
            QVERIFY2(ours == expected,
                qPrintable(where + u": Minato "_s + shown(ours) + u", kubectl prints "_s + shown(expected)));
            return;
        }
        QVERIFY2(printed.isUndefined(),
            qPrintable(where + u": generations.json says this kubectl does not know the field, yet it printed "_s
                + shown(printed)));
        const KubectlGeneration::Field* field = m_kubectl.field(section, path);
        QJsonValue upstream = writtenInFile(originFile, section, name, path, ours);
        if (upstream.isUndefined()) {
            QStringList execApiVersion = path.mid(0, 1);
            execApiVersion << u"apiVersion"_s;
            const QString apiVersion
                = writtenInFile(originFile, section, name, execApiVersion, QJsonValue(QString())).toString();
            const bool defaulted = !field->defaultValue.isUndefined()
                && (field->defaultFor.isEmpty() || field->defaultFor.contains(apiVersion));
            upstream = defaulted ? field->defaultValue : absentAs(ours);
        }
        QVERIFY2(ours == upstream,
            qPrintable(where + u" (this kubectl predates it, "_s + field->change + u"): Minato "_s + shown(ours)
                + u", current upstream "_s + shown(upstream)));
    }

    void compareClusters(const QJsonObject& expected, const Kubeconfig& actual,
        const QHash<QString, KubectlView>& single, const QStringList& files, const QSet<QString>& only = {})
    {
        for (const QString& name : names(expected, u"clusters"_s)) {
            const ClusterEntry* cluster = actual.cluster(name);
            QVERIFY2(cluster, qPrintable(name));
            if (!only.isEmpty() && !only.contains(cluster->origin.file))
                continue;
            const QJsonObject k = byName(expected, u"clusters"_s, name, u"cluster"_s);
            const QString origin = originOf(single, files, u"clusters"_s, name);
            QCOMPARE(cluster->origin.file, origin);
            QCOMPARE(cluster->server, k[u"server"_s].toString());
            QCOMPARE(cluster->certificateAuthority, resolved(k[u"certificate-authority"_s].toString(), origin));
            QCOMPARE(!cluster->certificateAuthorityData.isEmpty(), k.contains(u"certificate-authority-data"_s));
            QCOMPARE(cluster->insecureSkipTlsVerify, k[u"insecure-skip-tls-verify"_s].toBool());
            QCOMPARE(cluster->tlsServerName, k[u"tls-server-name"_s].toString());
            QCOMPARE(cluster->proxyUrl, k[u"proxy-url"_s].toString());
            compareField(u"clusters"_s, name, { u"disable-compression"_s }, k, cluster->disableCompression, origin);
            QJsonObject execExtension;
            for (const QJsonValue& extension : k[u"extensions"_s].toArray()) {
                if (extension[u"name"_s].toString() == QLatin1String("client.authentication.k8s.io/exec"))
                    execExtension = extension[u"extension"_s].toObject();
            }
            QCOMPARE(QJsonDocument::fromJson(cluster->execExtensionJson).object(), execExtension);
        }
    }

    void compareUsers(const QJsonObject& expected, const Kubeconfig& actual, const QHash<QString, KubectlView>& single,
        const QStringList& files, const QSet<QString>& only = {})
    {
        for (const QString& name : names(expected, u"users"_s)) {
            const UserEntry* user = actual.user(name);
            QVERIFY2(user, qPrintable(name));
            if (!only.isEmpty() && !only.contains(user->origin.file))
                continue;
            const QJsonObject k = byName(expected, u"users"_s, name, u"user"_s);
            const QString origin = originOf(single, files, u"users"_s, name);
            QStringList kinds;
            for (const AuthKind kind : user->authKinds())
                kinds << authKindName(kind);
            QCOMPARE(kinds, kubectlAuthKinds(k));
            QCOMPARE(user->clientCertificate, resolved(k[u"client-certificate"_s].toString(), origin));
            QCOMPARE(user->clientKey, resolved(k[u"client-key"_s].toString(), origin));
            QCOMPARE(user->tokenFile, resolved(k[u"tokenFile"_s].toString(), origin));
            QCOMPARE(user->username, k[u"username"_s].toString());
            QCOMPARE(user->impersonate, k[u"as"_s].toString());
            compareField(u"users"_s, name, { u"as-uid"_s }, k, user->impersonateUid, origin);
            if (k.contains(u"password"_s)) {
                // Older kubectl prints a basic-auth password in clear; current kubectl redacts it.
                const KubectlGeneration::Redaction* redacted = m_kubectl.redaction(u"users"_s, { u"password"_s });
                QVERIFY2(k[u"password"_s].toString()
                        == (redacted ? redacted->shownAs : QString::fromUtf8(user->password)),
                    qPrintable(name + u": the password is not what "_s + m_kubectl.describe() + u" printed"_s));
            }
            QCOMPARE(QJsonArray::fromStringList(user->impersonateGroups), k[u"as-groups"_s].toArray());
            QCOMPARE(user->impersonateExtra.keys(), k[u"as-user-extra"_s].toObject().keys());
            QCOMPARE(
                user->authProvider ? user->authProvider->name : QString(), k[u"auth-provider"_s][u"name"_s].toString());
            const QJsonObject exec = k[u"exec"_s].toObject();
            QCOMPARE(bool(user->exec), !exec.isEmpty());
            if (!user->exec)
                continue;
            const QString command = exec[u"command"_s].toString();
            QCOMPARE(user->exec->command, command.contains(QLatin1Char('/')) ? resolved(command, origin) : command);
            QCOMPARE(user->exec->apiVersion, exec[u"apiVersion"_s].toString());
            QCOMPARE(QJsonArray::fromStringList(user->exec->args), exec[u"args"_s].toArray());
            compareField(u"users"_s, name, { u"exec"_s, u"interactiveMode"_s }, k, user->exec->interactiveMode, origin);
            QCOMPARE(user->exec->provideClusterInfo, exec[u"provideClusterInfo"_s].toBool());
            QCOMPARE(user->exec->installHint, exec[u"installHint"_s].toString());
            QCOMPARE(user->exec->env.size(), exec[u"env"_s].toArray().size());
            for (qsizetype i = 0; i < user->exec->env.size(); ++i) {
                QCOMPARE(user->exec->env.at(i).name, exec[u"env"_s][i][u"name"_s].toString());
                QCOMPARE(user->exec->env.at(i).value, exec[u"env"_s][i][u"value"_s].toString());
            }
        }
    }

    void compareContexts(const QJsonObject& expected, const Kubeconfig& actual, const QSet<QString>& only = {})
    {
        for (const QString& name : names(expected, u"contexts"_s)) {
            const ContextEntry* context = actual.context(name);
            QVERIFY2(context, qPrintable(name));
            if (!only.isEmpty() && !only.contains(context->origin.file))
                continue;
            const QJsonObject k = byName(expected, u"contexts"_s, name, u"context"_s);
            QCOMPARE(context->cluster, k[u"cluster"_s].toString());
            QCOMPARE(context->user, k[u"user"_s].toString());
            QCOMPARE(context->nameSpace, k[u"namespace"_s].toString());
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_kubectl = KubectlGeneration::probe();
        QVERIFY2(m_kubectl.isValid(), qPrintable(m_kubectl.error()));
        qInfo("comparing with %s", qPrintable(m_kubectl.describe()));
        QVERIFY(m_home.isValid() && m_emptySearchDir.isValid());
    }

    void compare_data()
    {
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<int>("refusedByKubectl");
        const QString h1 = upstream(u"headlamp/kubeconfig/kubeconfig1.yaml"_s);
        const QString h2 = upstream(u"headlamp/kubeconfig/kubeconfig2.yaml"_s);
        const QString rename = upstream(u"headlamp/kubeconfig/kubeconfig_rename.yaml"_s);
        const QString autherr = upstream(u"headlamp/kubeconfig/kubeconfig_autherr.yaml"_s);
        const QString partial = upstream(u"headlamp/kubeconfig/kubeconfig_partialcontextvalid.yaml"_s);
        const QString k9s = upstream(u"k9s/kubeconfig/test.yaml"_s);
        const QString kubelogin = upstream(u"kubelogin/sample_kubeconfig_exec.yaml"_s);
        QTest::newRow("headlamp 1+2") << QStringList { h1, h2 } << 0;
        QTest::newRow("headlamp 2+1") << QStringList { h2, h1 } << 0;
        QTest::newRow("headlamp rename+1") << QStringList { rename, h1 } << 0;
        QTest::newRow("headlamp autherr+1") << QStringList { autherr, h1 } << 1;
        QTest::newRow("headlamp 2+partial") << QStringList { h2, partial } << 1;
        QTest::newRow("k9s") << QStringList { k9s } << 0;
        QTest::newRow("kubelogin") << QStringList { kubelogin } << 0;
        QTest::newRow("all upstream") << QStringList { kubelogin, h1, partial, k9s, h2, autherr, rename } << 2;
        QTest::newRow("messy set") << testdata::messyFiles() << 2;
        QStringList reversed = testdata::messyFiles();
        std::reverse(reversed.begin(), reversed.end());
        QTest::newRow("messy set reversed") << reversed << 2;
    }
    void compare()
    {
        QFETCH(QStringList, files);
        QFETCH(int, refusedByKubectl);

        // Which files kubectl accepts on their own: it refuses a whole file for one bad field.
        QHash<QString, KubectlView> single;
        QStringList accepted;
        QStringList refused;
        for (const QString& file : files) {
            single.insert(file, view({ file }));
            (single.value(file).ok ? accepted : refused) << file;
        }
        QCOMPARE(refused.size(), refusedByKubectl);

        // On the files kubectl accepts, the merges must agree exactly.
        const KubectlView merged = view(accepted);
        QVERIFY2(merged.ok, qPrintable(merged.error));
        const Kubeconfig subset = load(accepted);
        QCOMPARE(subset.currentContext, merged.config[u"current-context"_s].toString());
        QCOMPARE(names(subset.contexts), names(merged.config, u"contexts"_s));
        QCOMPARE(names(subset.clusters), names(merged.config, u"clusters"_s));
        QCOMPARE(names(subset.users), names(merged.config, u"users"_s));
        compareContexts(merged.config, subset);
        compareClusters(merged.config, subset, single, accepted);
        compareUsers(merged.config, subset, single, accepted);
        if (refused.isEmpty())
            return;

        // With the refused files back in, Minato still has everything kubectl loaded, identical
        // wherever the winning entry comes from an accepted file, and names each refused file.
        const Kubeconfig all = load(files);
        const QSet<QString> acceptedSet(accepted.cbegin(), accepted.cend());
        compareContexts(merged.config, all, acceptedSet);
        compareClusters(merged.config, all, single, accepted, acceptedSet);
        compareUsers(merged.config, all, single, accepted, acceptedSet);
        for (const QString& file : refused) {
            const bool reported = std::any_of(all.diagnostics.cbegin(), all.diagnostics.cend(),
                [&](const Diagnostic& d) { return d.where.file == file && d.severity != Severity::Info; });
            QVERIFY2(reported,
                qPrintable(file + QStringLiteral(" was refused by kubectl (") + single.value(file).error.trimmed()
                    + QStringLiteral(") but Minato reported nothing")));
        }
        // And it loaded more than kubectl could: the good entries of the refused files.
        QVERIFY(all.contexts.size() > subset.contexts.size() || all.clusters.size() > subset.clusters.size());
    }
};

QTEST_GUILESS_MAIN(TestKubectlCompare)
#include "tst_kubectlcompare.moc"
