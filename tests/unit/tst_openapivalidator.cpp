// SPDX-License-Identifier: Apache-2.0
// OpenAPI validation of manifests against the upstream v1.20.2 swagger and the v3 documents
// kubectl carries as test data: no findings on real objects, exact paths on known-bad ones.
#include "changesetfixtures.h"
#include "export/changesetvalidation.h"
#include "export/cleanmanifest.h"
#include "export/openapivalidator.h"

#include <QJsonArray>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace changesetfixtures;

namespace {

std::shared_ptr<const SchemaIndex> swaggerIndex()
{
    static const std::shared_ptr<const SchemaIndex> index = [] {
        const Expected<std::shared_ptr<const SchemaIndex>> built = SchemaIndex::fromSwaggerV2(
            readFixture(QStringLiteral("upstream:k8s-api/openapi-v2/swagger-v1.20.2.json")));
        return built ? *built : nullptr;
    }();
    return index;
}

std::shared_ptr<const SchemaIndex> v3Index()
{
    QList<QByteArray> documents;
    for (const char* name : { "api_v1.json", "apis_apps_v1.json", "apis_autoscaling_v2.json" })
        documents.append(readFixture(QStringLiteral("upstream:kubectl/openapi-v3/") + QLatin1String(name)));
    const Expected<std::shared_ptr<const SchemaIndex>> built = SchemaIndex::fromOpenApiV3(documents);
    return built ? *built : nullptr;
}

QJsonObject badDeployment()
{
    QJsonObject deployment = cleanManifest(fixture("upstream:k9s/render-testdata/dp.json"));
    QJsonObject spec = deployment.value(QLatin1String("spec")).toObject();
    spec.insert(QStringLiteral("replicass"), 3);
    spec.insert(QStringLiteral("replicas"), QStringLiteral("three"));
    deployment.insert(QStringLiteral("spec"), spec);
    return deployment;
}

const QList<SchemaFinding> BadDeploymentFindings = {
    { QStringLiteral("spec.replicas"), QStringLiteral("expected integer, got string") },
    { QStringLiteral("spec.replicass"), QStringLiteral("unknown field \"replicass\"") },
};

QJsonObject editedContainer(const std::function<void(QJsonObject&)>& edit)
{
    QJsonObject deployment = cleanManifest(fixture("upstream:k9s/render-testdata/dp.json"));
    QJsonObject spec = deployment.value(QLatin1String("spec")).toObject();
    QJsonObject podTemplate = spec.value(QLatin1String("template")).toObject();
    QJsonObject podSpec = podTemplate.value(QLatin1String("spec")).toObject();
    QJsonArray containers = podSpec.value(QLatin1String("containers")).toArray();
    QJsonObject container = containers.first().toObject();
    edit(container);
    containers.replace(0, container);
    podSpec.insert(QStringLiteral("containers"), containers);
    podTemplate.insert(QStringLiteral("spec"), podSpec);
    spec.insert(QStringLiteral("template"), podTemplate);
    deployment.insert(QStringLiteral("spec"), spec);
    return deployment;
}

QString describe(const QList<SchemaFinding>& findings)
{
    QStringList lines;
    for (const SchemaFinding& f : findings)
        lines.append(f.path + QLatin1String(": ") + f.message);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestOpenApiValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(swaggerIndex());
        QVERIFY(swaggerIndex()->kindCount() > 100);
    }

    void realObjectsValidate_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("expected");
        for (const char* name : { "upstream:k9s/render-testdata/dp.json", "upstream:k9s/render-testdata/sts.json",
                 "upstream:k9s/render-testdata/cj.json", "upstream:k9s/render-testdata/job.json",
                 "upstream:k9s/render-testdata/svc.json", "upstream:k9s/render-testdata/sec.json",
                 "upstream:k9s/render-testdata/pvc.json", "upstream:k9s/render-testdata/sa.json",
                 "upstream:k9s/render-testdata/po.json", "upstream:k9s/render-testdata/no.json",
                 "upstream:k9s/render-testdata/hpa.json", "upstream:k9s/render-testdata/cm.json", "pod_running.json",
                 "list_deployments.json" })
            QTest::newRow(name) << QString::fromLatin1(name) << QStringList();
        // Fixtures written for older APIs carry fields the v1 schemas no longer have.
        QTest::newRow("DaemonSet with the extensions/v1beta1 field")
            << QStringLiteral("upstream:k9s/render-testdata/ds.json")
            << QStringList { QStringLiteral("spec.templateGeneration: unknown field \"templateGeneration\"") };
        QTest::newRow("CRD with v1beta1 fields")
            << QStringLiteral("upstream:k9s/render-testdata/crd.json")
            << QStringList { QStringLiteral(
                                 "spec.additionalPrinterColumns: unknown field \"additionalPrinterColumns\""),
                   QStringLiteral("spec.version: unknown field \"version\"") };
    }

    void realObjectsValidate()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, expected);
        const OpenApiValidator validator(swaggerIndex());
        const QJsonObject object = QJsonDocument::fromJson(readFixture(name)).object();
        QVERIFY(!object.isEmpty());
        for (const QJsonObject& manifest : { object, cleanManifest(object) }) {
            const Expected<QList<SchemaFinding>> findings = validator.validate(manifest);
            MINATO_REQUIRE(findings);
            QCOMPARE(describe(*findings), expected.join(QLatin1Char('\n')));
        }
    }

    void knownBadDeploymentHasExactFindings()
    {
        const Expected<QList<SchemaFinding>> findings = OpenApiValidator(swaggerIndex()).validate(badDeployment());
        MINATO_REQUIRE(findings);
        QCOMPARE(*findings, BadDeploymentFindings);
    }

    void openApiV3GivesTheSameFindings()
    {
        const std::shared_ptr<const SchemaIndex> index = v3Index();
        QVERIFY(index);
        const OpenApiValidator validator(index);
        const Expected<QList<SchemaFinding>> bad = validator.validate(badDeployment());
        MINATO_REQUIRE(bad);
        QCOMPARE(*bad, BadDeploymentFindings);
        const Expected<QList<SchemaFinding>> good = validator.validate(cleanManifest(fixture("pod_running.json")));
        MINATO_REQUIRE(good);
        QVERIFY2(good->isEmpty(), qPrintable(describe(*good)));
    }

    void nestedTypesAndRequiredFields_data()
    {
        QTest::addColumn<QJsonObject>("manifest");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("required name") << editedContainer([](QJsonObject& c) { c.remove(QLatin1String("name")); })
                                       << QStringLiteral("spec.template.spec.containers[0].name")
                                       << QStringLiteral("required field missing");
        QTest::newRow("int-or-string") << editedContainer([](QJsonObject& c) {
            c.insert(QStringLiteral("ports"), QJsonArray { QJsonObject { { QStringLiteral("containerPort"), 80 } } });
            c.insert(QStringLiteral("livenessProbe"),
                QJsonObject { { QStringLiteral("httpGet"), QJsonObject { { QStringLiteral("port"), true } } } });
        }) << QStringLiteral("spec.template.spec.containers[0].livenessProbe.httpGet.port")
                                       << QStringLiteral("expected integer or string, got boolean");
        QTest::newRow("number is no integer") << editedContainer([](QJsonObject& c) {
            c.insert(QStringLiteral("ports"), QJsonArray { QJsonObject { { QStringLiteral("containerPort"), 80.5 } } });
        }) << QStringLiteral("spec.template.spec.containers[0].ports[0].containerPort")
                                              << QStringLiteral("expected integer, got number");
        QTest::newRow("array expected") << editedContainer([](QJsonObject& c) {
            c.insert(QStringLiteral("args"), QStringLiteral("--verbose"));
        }) << QStringLiteral("spec.template.spec.containers[0].args")
                                        << QStringLiteral("expected array, got string");
        QJsonObject labelled = cleanManifest(fixture("upstream:k9s/render-testdata/dp.json"));
        QJsonObject meta = labelled.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("labels"), QJsonObject { { QStringLiteral("app.kubernetes.io/name"), 5 } });
        labelled.insert(QStringLiteral("metadata"), meta);
        QTest::newRow("map value") << labelled << QStringLiteral("metadata.labels[\"app.kubernetes.io/name\"]")
                                   << QStringLiteral("expected string, got integer");
    }

    void nestedTypesAndRequiredFields()
    {
        QFETCH(QJsonObject, manifest);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const Expected<QList<SchemaFinding>> findings = OpenApiValidator(swaggerIndex()).validate(manifest);
        MINATO_REQUIRE(findings);
        QCOMPARE(*findings, (QList<SchemaFinding> { { path, message } }));
    }

    void quantitiesMayBeNumbers()
    {
        const QJsonObject manifest = editedContainer([](QJsonObject& c) {
            c.insert(QStringLiteral("resources"),
                QJsonObject { { QStringLiteral("limits"), QJsonObject { { QStringLiteral("cpu"), 1 } } } });
        });
        const Expected<QList<SchemaFinding>> findings = OpenApiValidator(swaggerIndex()).validate(manifest);
        MINATO_REQUIRE(findings);
        QVERIFY2(findings->isEmpty(), qPrintable(describe(*findings)));
    }

    void freeFormSchemasAcceptAnythingButKeywordsAreChecked()
    {
        // A CRD's openAPIV3Schema is JSONSchemaProps: "default" is free-form JSON, an unknown
        // schema keyword is not.
        QJsonObject crd = cleanManifest(fixture("upstream:k9s/render-testdata/crd.json"));
        QJsonObject spec = crd.value(QLatin1String("spec")).toObject();
        spec.remove(QLatin1String("version")); // the v1beta1 leftovers of the fixture
        spec.remove(QLatin1String("additionalPrinterColumns"));
        QJsonArray versions = spec.value(QLatin1String("versions")).toArray();
        QJsonObject version = versions.first().toObject();
        version.insert(QStringLiteral("schema"),
            QJsonObject { { QStringLiteral("openAPIV3Schema"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("object") },
                    { QStringLiteral("x-kubernetes-preserve-unknown-fields"), true },
                    { QStringLiteral("properties"),
                        QJsonObject { { QStringLiteral("size"),
                            QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                                { QStringLiteral("default"),
                                    QJsonObject { { QStringLiteral("any"), QJsonArray { 1, QStringLiteral("x") } } } },
                                { QStringLiteral("minimun"), 1 } } } } } } } });
        versions.replace(0, version);
        spec.insert(QStringLiteral("versions"), versions);
        crd.insert(QStringLiteral("spec"), spec);
        const Expected<QList<SchemaFinding>> findings = OpenApiValidator(swaggerIndex()).validate(crd);
        MINATO_REQUIRE(findings);
        QCOMPARE(*findings,
            (QList<SchemaFinding> { { QStringLiteral("spec.versions[0].schema.openAPIV3Schema.properties.size.minimun"),
                QStringLiteral("unknown field \"minimun\"") } }));
    }

    void listItemsAreValidatedWithTheirIndex()
    {
        const QJsonObject list { { QStringLiteral("apiVersion"), QStringLiteral("v1") },
            { QStringLiteral("kind"), QStringLiteral("List") },
            { QStringLiteral("items"),
                QJsonArray { cleanManifest(fixture("upstream:k9s/render-testdata/svc.json")), badDeployment() } } };
        const Expected<QList<SchemaFinding>> findings = OpenApiValidator(swaggerIndex()).validate(list);
        MINATO_REQUIRE(findings);
        QCOMPARE(findings->size(), 2);
        QCOMPARE(findings->at(1).path, QStringLiteral("items[1].spec.replicass"));
    }

    void unknownKindIsAnErrorNotAPass()
    {
        const QJsonObject unknown { { QStringLiteral("apiVersion"), QStringLiteral("example.com/v1") },
            { QStringLiteral("kind"), QStringLiteral("Widget") } };
        const Expected<QList<SchemaFinding>> result = OpenApiValidator(swaggerIndex()).validate(unknown);
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QLatin1String("example.com/v1 Widget")));
    }

    void changeSetValidationCoversEveryManifest()
    {
        ChangeSet set = sampleSet();
        set.changes[0].after = badDeployment(); // overridden by the label change's "after"…
        set.changes[1].after = badDeployment(); // …so the manifest written is this one
        const SchemaFindings findings
            = validateChangeSet(set, { { ClusterA, std::make_shared<const OpenApiValidator>(swaggerIndex()) } });
        QCOMPARE(findings.objects().size(), 1);
        QCOMPARE(findings.forObject(set.changes[1].target), BadDeploymentFindings);
        QCOMPARE(findings.count(), 2);
        QCOMPARE(findings.clustersWithNotes(), QStringList { ClusterB });
        QVERIFY(findings.notes(ClusterB).first().contains(QLatin1String("not validated")));
    }
};

QTEST_GUILESS_MAIN(TestOpenApiValidator)
#include "tst_openapivalidator.moc"
