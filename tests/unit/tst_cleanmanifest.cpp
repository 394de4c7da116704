// SPDX-License-Identifier: Apache-2.0
// The clean-manifest rules of docs/change-sets.md, on upstream objects as a server returned them.
#include "export/cleanmanifest.h"
#include "export/manifestyaml.h"
#include "export/serverdefaults.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace minato::changes;

namespace {

QJsonObject fixture(const char* name)
{
    return QJsonDocument::fromJson(readFixture(QString::fromLatin1(name))).object();
}

QJsonObject parse(const char* json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QJsonValue at(const QJsonObject& root, const QString& dottedPath)
{
    QJsonValue value = root;
    for (const QString& part : dottedPath.split(QLatin1Char('.'))) {
        bool isIndex = false;
        const int index = part.toInt(&isIndex);
        value = isIndex ? value.toArray().at(index) : value.toObject().value(part);
    }
    return value;
}

} // namespace

class TestCleanManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deploymentMatchesWhatAPersonWouldCommit()
    {
        const QJsonObject clean = cleanManifest(fixture("upstream:k9s/render-testdata/dp.json"));
        const QJsonObject expected = parse(R"({
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "labels": { "app": "icx-db" }, "name": "icx-db", "namespace": "icx" },
          "spec": {
            "replicas": 1, "revisionHistoryLimit": 2,
            "selector": { "matchLabels": { "app": "icx-db" } },
            "template": {
              "metadata": { "labels": { "app": "icx-db" } },
              "spec": { "containers": [ {
                "env": [
                  { "name": "POSTGRES_USER", "valueFrom": { "secretKeyRef": { "key": "pg_user", "name": "icx-creds" } } },
                  { "name": "POSTGRES_PASSWORD", "valueFrom": { "secretKeyRef": { "key": "pg_pwd", "name": "icx-creds" } } } ],
                "image": "postgres:9.2-alpine", "name": "icx-db",
                "ports": [ { "containerPort": 5432, "name": "client" } ],
                "resources": { "limits": { "cpu": "250m", "memory": "512Mi" }, "requests": { "cpu": "250m", "memory": "256Mi" } }
              } ] }
            }
          }
        })");
        QCOMPARE(clean, expected);
    }

    void serviceLosesAllocationsKeepsNamedTargetPort()
    {
        const QJsonObject clean = cleanManifest(fixture("upstream:k9s/render-testdata/svc.json"));
        const QJsonObject expected = parse(R"({
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "dictionary1", "namespace": "default" },
          "spec": { "ports": [ { "name": "http", "port": 4001, "targetPort": "http" } ],
                    "selector": { "app": "dictionary1" } }
        })");
        QCOMPARE(clean, expected);
    }

    void headlessServiceKeepsClusterIpNone()
    {
        QJsonObject service = fixture("upstream:k9s/render-testdata/svc.json");
        QJsonObject spec = service.value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("clusterIP"), QStringLiteral("None"));
        spec.insert(QStringLiteral("clusterIPs"), QJsonArray { QStringLiteral("None") });
        spec.insert(QStringLiteral("type"), QStringLiteral("LoadBalancer"));
        service.insert(QStringLiteral("spec"), spec);
        const QJsonObject clean = cleanManifest(service);
        QCOMPARE(at(clean, QStringLiteral("spec.clusterIP")).toString(), QStringLiteral("None"));
        QCOMPARE(at(clean, QStringLiteral("spec.type")).toString(), QStringLiteral("LoadBalancer"));
    }

    void runningPodLosesEverythingTheClusterAdded()
    {
        QStringList warnings;
        const QJsonObject clean = cleanManifest(fixture("pod_running.json"), &warnings);
        const QJsonObject spec = clean.value(QLatin1String("spec")).toObject();
        QCOMPARE(spec.keys(), QStringList { QStringLiteral("containers") });
        const QJsonObject container = at(clean, QStringLiteral("spec.containers.0")).toObject();
        QCOMPARE(container.keys(),
            (QStringList { QStringLiteral("image"), QStringLiteral("name"), QStringLiteral("resources") }));
        const QJsonObject meta = clean.value(QLatin1String("metadata")).toObject();
        QVERIFY(!meta.contains(QLatin1String("ownerReferences")));
        QVERIFY(!meta.contains(QLatin1String("generateName")));
        QVERIFY(meta.contains(QLatin1String("labels")));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QLatin1String("managed by ReplicaSet")), qPrintable(warnings.first()));
    }

    void legacyTokenSecretVolumeIsDropped()
    {
        const QJsonObject clean = cleanManifest(fixture("upstream:k9s/render-testdata/po.json"));
        const QByteArray text = QJsonDocument(clean).toJson();
        QVERIFY2(!text.contains("-token-"), text.constData());
        QVERIFY(!at(clean, QStringLiteral("spec")).toObject().contains(QLatin1String("nodeName")));
    }

    void jobDropsItsControllerSelector()
    {
        const QJsonObject clean = cleanManifest(fixture("upstream:k9s/render-testdata/job.json"));
        const QJsonObject spec = clean.value(QLatin1String("spec")).toObject();
        QVERIFY(!spec.contains(QLatin1String("selector")));
        QVERIFY(!spec.contains(QLatin1String("backoffLimit")));
        QCOMPARE(spec.value(QLatin1String("completions")).toInt(), 1);
        QVERIFY(!at(clean, QStringLiteral("spec.template")).toObject().contains(QLatin1String("metadata")));
        QCOMPARE(at(clean, QStringLiteral("spec.template.spec.restartPolicy")).toString(), QStringLiteral("OnFailure"));
        // blang/busybox-bash has no tag: Always is the default and goes.
        QVERIFY(!at(clean, QStringLiteral("spec.template.spec.containers.0"))
                     .toObject()
                     .contains(QLatin1String("imagePullPolicy")));
    }

    void claimBoundByControllerLosesVolumeName()
    {
        const QJsonObject pvc = fixture("upstream:k9s/render-testdata/pvc.json");
        const QJsonObject clean = cleanManifest(pvc);
        QVERIFY(!at(clean, QStringLiteral("spec")).toObject().contains(QLatin1String("volumeName")));
        QVERIFY(!at(clean, QStringLiteral("metadata")).toObject().contains(QLatin1String("annotations")));
        QCOMPARE(at(clean, QStringLiteral("metadata.finalizers.0")).toString(),
            QStringLiteral("kubernetes.io/pvc-protection"));
        QVERIFY(!at(clean, QStringLiteral("spec")).toObject().contains(QLatin1String("dataSource")));

        // Pre-bound by a person (no bound-by-controller annotation): the volume name is intent.
        QJsonObject preBound = pvc;
        QJsonObject meta = preBound.value(QLatin1String("metadata")).toObject();
        meta.remove(QLatin1String("annotations"));
        preBound.insert(QStringLiteral("metadata"), meta);
        QCOMPARE(at(cleanManifest(preBound), QStringLiteral("spec.volumeName")).toString(),
            QStringLiteral("pvc-fbabd470-8725-11e9-a8e8-42010a80015b"));
    }

    void serviceAccountDropsGeneratedTokenSecrets()
    {
        const QJsonObject clean = cleanManifest(fixture("upstream:k9s/render-testdata/sa.json"));
        QCOMPARE(clean.value(QLatin1String("secrets")).toArray(),
            (QJsonArray { QJsonObject { { QStringLiteral("name"), QStringLiteral("blee") } } }));
    }

    void secretValuesNeverSurvive()
    {
        const QByteArray raw = readFixture(QStringLiteral("upstream:k9s/render-testdata/sec.json"));
        QStringList warnings;
        const QJsonObject clean = cleanManifest(QJsonDocument::fromJson(raw).object(), &warnings);
        QCOMPARE(clean.value(QLatin1String("stringData")).toObject(),
            (QJsonObject { { QStringLiteral("password"), QStringLiteral("<set-me: password>") },
                { QStringLiteral("token"), QStringLiteral("<set-me: token>") } }));
        QVERIFY(!clean.contains(QLatin1String("data")));
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(QLatin1String("default/s1")));
        QVERIFY(warnings.first().contains(QLatin1String("password, token")));
        const QByteArray yaml = manifestYaml(clean);
        for (const QByteArray& value : { QByteArray("YnVtYmxlYmVldHVuYQo="), QByteArray("ZmVybmFuZAo=") }) {
            QVERIFY(!QJsonDocument(clean).toJson().contains(value));
            QVERIFY(!yaml.contains(value));
            // manifestYaml protects an uncleaned Secret too.
            QVERIFY(!manifestYaml(QJsonDocument::fromJson(raw).object()).contains(value));
        }
        QVERIFY2(yaml.contains("password: \"<set-me: password>\""), yaml.constData());
    }

    void secretsInsideListsArePlaceholdered()
    {
        const QJsonObject secret = fixture("upstream:k9s/render-testdata/sec.json");
        QJsonObject untyped = secret;
        untyped.remove(QLatin1String("kind"));
        untyped.remove(QLatin1String("apiVersion"));
        const QJsonObject list { { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("List") },
            { QStringLiteral("items"),
                QJsonArray { secret,
                    QJsonObject { { QStringLiteral("apiVersion"), QStringLiteral("v1") },
                        { QStringLiteral("kind"), QStringLiteral("SecretList") },
                        { QStringLiteral("items"), QJsonArray { untyped } } } } } };
        QStringList warnings;
        const QJsonObject clean = cleanManifest(list, &warnings);
        QCOMPARE(warnings.size(), 2);
        const QByteArray text = QJsonDocument(clean).toJson();
        QVERIFY(!text.contains("ZmVybmFuZAo="));
        QCOMPARE(at(clean, QStringLiteral("items.1.items.0.kind")).toString(), QStringLiteral("Secret"));
        QCOMPARE(at(clean, QStringLiteral("items.1.items.0.stringData.token")).toString(),
            QStringLiteral("<set-me: token>"));
        QVERIFY(!manifestYaml(list).contains("ZmVybmFuZAo="));
    }

    void defaultPullPolicyFollowsTheTag_data()
    {
        QTest::addColumn<QString>("image");
        QTest::addColumn<QString>("policy");
        QTest::newRow("no tag") << QStringLiteral("nginx") << QStringLiteral("Always");
        QTest::newRow("latest") << QStringLiteral("nginx:latest") << QStringLiteral("Always");
        QTest::newRow("tag") << QStringLiteral("nginx:1.27") << QStringLiteral("IfNotPresent");
        QTest::newRow("registry port, no tag") << QStringLiteral("localhost:5000/nginx") << QStringLiteral("Always");
        QTest::newRow("registry port, tag")
            << QStringLiteral("localhost:5000/nginx:1") << QStringLiteral("IfNotPresent");
        QTest::newRow("digest") << QStringLiteral("nginx@sha256:0123") << QStringLiteral("IfNotPresent");
    }

    void defaultPullPolicyFollowsTheTag()
    {
        QFETCH(QString, image);
        QFETCH(QString, policy);
        QCOMPARE(serverdefaults::defaultImagePullPolicy(image), policy);
    }

    void nonDefaultValuesAreKept()
    {
        QJsonObject spec = parse(R"({ "dnsPolicy": "Default", "terminationGracePeriodSeconds": 5,
            "containers": [ { "name": "a", "image": "nginx:1.27", "imagePullPolicy": "Always",
                              "ports": [ { "containerPort": 53, "protocol": "UDP" } ] } ] })");
        const QJsonObject before = spec;
        serverdefaults::dropPodSpecDefaults(spec);
        QCOMPARE(spec, before);
    }

    void cleaningIsIdempotent_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* name : { "upstream:k9s/render-testdata/dp.json", "upstream:k9s/render-testdata/sts.json",
                 "upstream:k9s/render-testdata/ds.json", "upstream:k9s/render-testdata/cj.json",
                 "upstream:k9s/render-testdata/svc.json", "upstream:k9s/render-testdata/sec.json",
                 "upstream:k9s/render-testdata/pv.json", "upstream:k9s/render-testdata/no.json",
                 "upstream:k8s-api/roundtrip-testdata/apps.v1.Deployment.json", "pod_running.json",
                 "list_deployments.json" })
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void cleaningIsIdempotent()
    {
        QFETCH(QString, name);
        const QJsonObject object = QJsonDocument::fromJson(readFixture(name)).object();
        QVERIFY(!object.isEmpty());
        const QJsonObject once = cleanManifest(object);
        QCOMPARE(cleanManifest(once), once);
        const QByteArray text = QJsonDocument(once).toJson();
        for (const char* field : { "\"managedFields\"", "\"resourceVersion\"", "\"uid\"", "\"selfLink\"", "\"status\"",
                 "\"creationTimestamp\"", "last-applied-configuration" })
            QVERIFY2(!text.contains(field), field);
    }

    void manifestYamlHasTheStableOrder()
    {
        const QByteArray yaml = manifestYaml(cleanManifest(fixture("upstream:k9s/render-testdata/dp.json")));
        QVERIFY(yaml.startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"));
        QVERIFY(yaml.indexOf("\nspec:\n") > yaml.indexOf("\nmetadata:\n"));
        QVERIFY(yaml.endsWith('\n'));
        QVERIFY(!yaml.startsWith("---"));
    }
};

QTEST_GUILESS_MAIN(TestCleanManifest)
#include "tst_cleanmanifest.moc"
