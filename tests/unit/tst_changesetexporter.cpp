// SPDX-License-Identifier: Apache-2.0
// The exported change set folder: layout, README, byte-stable re-export, atomic and refusing
// overwrite, no Secret value anywhere, and a kustomization the real kubectl accepts offline.
#include "changesetfixtures.h"
#include "export/changesetexporter.h"
#include "export/changesetlayout.h"
#include "export/schemafindings.h"
#include "kubectlgeneration.h"

#include <QDir>
#include <QDirIterator>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace minato;
using namespace minato::changes;

using namespace changesetfixtures;

namespace {

QMap<QString, QByteArray> readTree(const QString& root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            files.insert(QDir(root).relativeFilePath(path), file.readAll());
    }
    return files;
}

} // namespace

class TestChangeSetExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutNamesEveryFile()
    {
        const QMap<QString, QByteArray> files = changeSetFiles(sampleSet());
        const QString b = QStringLiteral("arn-aws-eks-eu-west-1-1234-cluster-b");
        const QString node = QStringLiteral("minikube"); // no.json's name
        QCOMPARE(files.keys(),
            (QStringList {
                QStringLiteral("README.md"),
                b + QStringLiteral("/_cluster/node-") + node + QStringLiteral(".drain-plan.yaml"),
                b + QStringLiteral("/_cluster/node-") + node + QStringLiteral(".patch.yaml"),
                b + QStringLiteral("/_cluster/node-") + node + QStringLiteral(".yaml"),
                b + QStringLiteral("/kustomization.yaml"),
                QStringLiteral("team-a-prod/default/secret-s1.patch.yaml"),
                QStringLiteral("team-a-prod/default/secret-s1.yaml"),
                QStringLiteral("team-a-prod/default/service-dictionary1.delete-plan.yaml"),
                QStringLiteral("team-a-prod/icx/deployment-icx-db.1.patch.yaml"),
                QStringLiteral("team-a-prod/icx/deployment-icx-db.2.patch.yaml"),
                QStringLiteral("team-a-prod/icx/deployment-icx-db.yaml"),
                QStringLiteral("team-a-prod/kustomization.yaml"),
            }));
        QCOMPARE(files.value(QStringLiteral("team-a-prod/kustomization.yaml")),
            QByteArray("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                       "  - icx/deployment-icx-db.yaml\n"));
        // The manifest is the last change's "after": scaled and labelled.
        const QByteArray manifest = files.value(QStringLiteral("team-a-prod/icx/deployment-icx-db.yaml"));
        QVERIFY(manifest.contains("replicas: 5\n"));
        QVERIFY(manifest.contains("tier: db\n"));
        QCOMPARE(files.value(QStringLiteral("team-a-prod/icx/deployment-icx-db.1.patch.yaml")),
            QByteArray("spec:\n  replicas: 5\n"));
    }

    void emptyChangeSetIsJustAReadme()
    {
        const QMap<QString, QByteArray> files = changeSetFiles(ChangeSet {});
        QCOMPARE(files.keys(), QStringList { QStringLiteral("README.md") });
        const QByteArray readme = files.value(QStringLiteral("README.md"));
        QVERIFY(readme.startsWith("# Change set\n"));
        QVERIFY(readme.contains("| Created | (unknown) |"));
        QVERIFY(!readme.contains("```sh"));
    }

    void foldersAreSlugsAndSafeSegments()
    {
        QCOMPARE(
            ChangeSetLayout::slug(QStringLiteral("Team A / prod rollout!")), QStringLiteral("team-a-prod-rollout"));
        QCOMPARE(ChangeSetLayout::slug(QStringLiteral("!!!")), QStringLiteral("change-set"));
        const QString longSlug = ChangeSetLayout::slug(QString(79, QLatin1Char('a')) + QStringLiteral(" b"));
        QCOMPARE(longSlug, QString(79, QLatin1Char('a')));
        QCOMPARE(ChangeSetLayout::pathSegment(QStringLiteral("..")), QStringLiteral("___"));
        QCOMPARE(ChangeSetLayout::pathSegment(QStringLiteral("system:node/x")), QStringLiteral("system-node-x"));
    }

    void sameKindNameInTwoGroupsGetsTwoFiles()
    {
        ChangeSet set;
        const auto object = [](const QString& apiVersion) {
            return QJsonObject { { QStringLiteral("apiVersion"), apiVersion },
                { QStringLiteral("kind"), QStringLiteral("Certificate") },
                { QStringLiteral("metadata"),
                    QJsonObject { { QStringLiteral("name"), QStringLiteral("web") },
                        { QStringLiteral("namespace"), QStringLiteral("ns") } } } };
        };
        for (const QString& apiVersion : { QStringLiteral("cert-manager.io/v1"), QStringLiteral("example.com/v1") }) {
            Change change;
            change.operation = QStringLiteral("label");
            change.target
                = { ClusterA, apiVersion, QStringLiteral("Certificate"), QStringLiteral("ns"), QStringLiteral("web") };
            change.after = object(apiVersion);
            set.changes.append(change);
        }
        const QMap<QString, QByteArray> files = changeSetFiles(set);
        QCOMPARE(files.keys(),
            (QStringList { QStringLiteral("README.md"), QStringLiteral("team-a-prod/kustomization.yaml"),
                QStringLiteral("team-a-prod/ns/certificate-web.yaml"),
                QStringLiteral("team-a-prod/ns/certificate.example.com.v1-web.yaml") }));
        QVERIFY(files.value(QStringLiteral("team-a-prod/ns/certificate-web.yaml")).contains("cert-manager.io/v1"));
    }

    void readmeSaysWhatWhyWhoWhenWhere()
    {
        SchemaFindings findings;
        findings.add(sampleSet().changes.first().target,
            { { QStringLiteral("spec.replicass"), QStringLiteral("unknown field") } });
        findings.addNote(ClusterB, QStringLiteral("no OpenAPI schema: the cluster was unreachable"));
        const QString readme
            = QString::fromUtf8(changeSetFiles(sampleSet(), &findings).value(QStringLiteral("README.md")));
        for (const QString& expected : {
                 QStringLiteral("# Scale icx-db & drain node (INC-42)\n"),
                 QStringLiteral("Database load doubled; the node has a failing disk."),
                 QStringLiteral("| Author | alice |"),
                 QStringLiteral("| Created | 2026-11-25T09:30:00Z |"),
                 QStringLiteral("| Clusters | `arn:aws:eks:eu-west-1:1234:cluster/b`, `team-a-prod` |"),
                 QStringLiteral("- scale Deployment icx-db 1 → 5 (`icx/Deployment/icx-db`)"),
                 QStringLiteral("- 2 pods have no controller and will not come back"),
                 QStringLiteral("Secret default/s1: the values of password, token are not exported"),
                 QStringLiteral("- error: `team-a-prod` `icx/Deployment/icx-db` `spec.replicass`: unknown field"),
                 QStringLiteral("- note: `arn:aws:eks:eu-west-1:1234:cluster/b`: no OpenAPI schema"),
                 QStringLiteral("kubectl --context team-a-prod apply -k team-a-prod/\n"),
                 QStringLiteral(
                     "kubectl --context team-a-prod -n icx patch deployment.apps icx-db --type strategic --patch-file "
                     "team-a-prod/icx/deployment-icx-db.1.patch.yaml\n"),
                 QStringLiteral("kubectl --context team-a-prod -n default delete service dictionary1"),
                 QStringLiteral("# not in the kustomization: replace the <set-me: KEY> placeholders first\n"
                                "kubectl --context team-a-prod apply -f team-a-prod/default/secret-s1.yaml\n"),
             })
            QVERIFY2(readme.contains(expected), qPrintable(expected + QStringLiteral("\n--- not in ---\n") + readme));
        QVERIFY(!readme.contains(QLatin1String("Not validated")));
        const QString unvalidated = QString::fromUtf8(changeSetFiles(sampleSet()).value(QStringLiteral("README.md")));
        QVERIFY(unvalidated.contains(QLatin1String("Not validated")));
    }

    void noSecretValueIsWritten()
    {
        const QMap<QString, QByteArray> files = changeSetFiles(sampleSet());
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            QVERIFY2(!it.value().contains("YnVtYmxlYmVldHVuYQo="), qPrintable(it.key()));
            QVERIFY2(!it.value().contains("ZmVybmFuZAo="), qPrintable(it.key()));
        }
        QVERIFY(files.value(QStringLiteral("team-a-prod/default/secret-s1.patch.yaml")).contains("<set-me: password>"));
    }

    void reExportIsByteIdentical()
    {
        QTemporaryDir first;
        QTemporaryDir second;
        const Expected<QString> a = exportChangeSet(sampleSet(), first.path());
        const Expected<QString> b = exportChangeSet(sampleSet(), second.path());
        MINATO_REQUIRE(a);
        MINATO_REQUIRE(b);
        QCOMPARE(QFileInfo(*a).fileName(), QStringLiteral("scale-icx-db-drain-node-inc-42"));
        const QMap<QString, QByteArray> written = readTree(*a);
        QCOMPARE(written, changeSetFiles(sampleSet()));
        QCOMPARE(readTree(*b), written);
        // Nothing left beside it: no temporary folder.
        QCOMPARE(QDir(first.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
            QStringList { QStringLiteral("scale-icx-db-drain-node-inc-42") });
    }

    void refusesToOverwriteUnlessAsked()
    {
        QTemporaryDir parent;
        const Expected<QString> first = exportChangeSet(sampleSet(), parent.path());
        MINATO_REQUIRE(first);
        const QMap<QString, QByteArray> before = readTree(*first);

        ChangeSet changed = sampleSet();
        changed.reason = QStringLiteral("A different reason.");
        changed.changes.removeLast();
        const Expected<QString> refused = exportChangeSet(changed, parent.path());
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("already exists")));
        QCOMPARE(readTree(*first), before);

        const Expected<QString> replaced = exportChangeSet(changed, parent.path(), ExportOptions { true });
        MINATO_REQUIRE(replaced);
        QCOMPARE(*replaced, *first);
        QCOMPARE(readTree(*replaced), changeSetFiles(changed)); // the old delete plan is gone too
        QCOMPARE(QDir(parent.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).size(), 1);
    }

    void kubectlKustomizeAcceptsEveryClusterFolder()
    {
        const KubectlGeneration kubectl = KubectlGeneration::probe();
        QVERIFY2(kubectl.isValid(), qPrintable(kubectl.error()));
        qInfo("kustomize of %s", qPrintable(kubectl.describe()));
        QTemporaryDir parent;
        QTemporaryDir home;
        const Expected<QString> folder = exportChangeSet(sampleSet(), parent.path());
        MINATO_REQUIRE(folder);
        QFile emptyConfig(home.filePath(QStringLiteral("kubeconfig")));
        QVERIFY(emptyConfig.open(QIODevice::WriteOnly));
        emptyConfig.close();

        const ChangeSetLayout layout(sampleSet());
        for (const QString& cluster : layout.clusters()) {
            QProcess process;
            QProcessEnvironment env;
            env.insert(QStringLiteral("HOME"), home.path()); // never the real ~/.kube
            env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
            process.setProcessEnvironment(env);
            // kustomize is offline; the context name that exists nowhere keeps the gcloud
            // "dispatcher" build from asking any server for its version first.
            process.start(kubectl.executable(),
                { QStringLiteral("kustomize"), QDir(*folder).filePath(layout.clusterFolder(cluster)),
                    QStringLiteral("--kubeconfig=") + emptyConfig.fileName(),
                    QStringLiteral("--context=minato-no-such-context") });
            QVERIFY(process.waitForFinished(60000));
            const QByteArray out = process.readAllStandardOutput();
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
                process.readAllStandardError().constData());
            if (cluster == ClusterA) {
                QVERIFY2(out.contains("replicas: 5"), out.constData());
                QVERIFY(!out.contains("kind: Secret")); // placeholders would replace the real values
                QVERIFY(!out.contains("kind: Service\n")); // the delete plan is not a resource
            } else {
                QVERIFY2(out.contains("unschedulable: true"), out.constData());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestChangeSetExporter)
#include "tst_changesetexporter.moc"
