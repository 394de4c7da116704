// SPDX-License-Identifier: Apache-2.0
// The operations on real objects (tests/data/objects and the upstream fixtures, cleaned as the
// planner cleans them): exact patch bodies, the manifest after them, summaries and refusals.
// The expected bodies are the ones kubectl sends: cordon/uncordon from kubectl's CordonHelper
// (a two-way strategic merge patch of spec.unschedulable, omitempty), restart from
// `kubectl rollout restart` (the pod template's kubectl.kubernetes.io/restartedAt annotation),
// label/annotate from `kubectl label|annotate` (metadata map entries, null to remove).
#include "export/cleanmanifest.h"
#include "export/operations.h"
#include "export/operationsdelete.h"
#include "export/operationshpa.h"
#include "export/operationsmetadata.h"
#include "export/operationsnode.h"
#include "export/operationsrequest.h"
#include "export/operationsworkload.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace Qt::StringLiterals;

namespace {

QJsonObject fixture(const QString& name)
{
    return QJsonDocument::fromJson(readFixture(name)).object();
}

QJsonObject clean(const QString& name)
{
    return cleanManifest(fixture(name));
}

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonValue at(const QJsonObject& object, const QStringList& path)
{
    QJsonValue value = object;
    for (const QString& key : path)
        value = value.toObject().value(key);
    return value;
}

const QString Cluster = u"prod-eu"_s;

} // namespace

class TestOperations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void patchTypeByGroup_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<int>("type");
        QTest::newRow("core") << u"v1"_s << int(PatchType::StrategicMerge);
        QTest::newRow("apps") << u"apps/v1"_s << int(PatchType::StrategicMerge);
        QTest::newRow("rbac") << u"rbac.authorization.k8s.io/v1"_s << int(PatchType::StrategicMerge);
        QTest::newRow("calico crd") << u"crd.projectcalico.org/v1"_s << int(PatchType::JsonMerge);
        QTest::newRow("gateway api crd") << u"gateway.networking.k8s.io/v1"_s << int(PatchType::JsonMerge);
        QTest::newRow("snapshot crd") << u"snapshot.storage.k8s.io/v1"_s << int(PatchType::JsonMerge);
    }
    void patchTypeByGroup()
    {
        QFETCH(QString, apiVersion);
        QFETCH(int, type);
        QCOMPARE(int(patchTypeFor(apiVersion)), type);
    }

    void scaleDeployment()
    {
        const QJsonObject before = clean(u"upstream:k9s/render-testdata/dp.json"_s);
        const auto change = scaleChange(Cluster, before, 5);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch), R"({"spec":{"replicas":5}})");
        QCOMPARE(change->patchType, PatchType::StrategicMerge);
        QCOMPARE(change->summary, u"scale Deployment icx/icx-db 1 → 5"_s);
        QCOMPARE(change->operation, u"scale"_s);
        QCOMPARE(change->target, (ObjectRef { Cluster, u"apps/v1"_s, u"Deployment"_s, u"icx"_s, u"icx-db"_s }));
        QCOMPARE(at(change->after, { u"spec"_s, u"replicas"_s }).toInt(), 5);
        // Everything else is the clean manifest as it was.
        const auto withoutReplicas = [](QJsonObject object) {
            QJsonObject spec = object.value(u"spec").toObject();
            spec.remove(u"replicas"_s);
            object.insert(u"spec"_s, spec);
            return object;
        };
        QCOMPARE(withoutReplicas(change->after), withoutReplicas(before));
        QVERIFY(change->warnings.isEmpty());
        QVERIFY(change->plan.isEmpty());
    }

    void scaleStatefulSetAndReplicaSet()
    {
        const auto sts = scaleChange(Cluster, clean(u"upstream:k9s/render-testdata/sts.json"_s), 2);
        MINATO_REQUIRE(sts);
        QCOMPARE(sts->summary, u"scale StatefulSet default/nginx-sts 4 → 2"_s);
        QCOMPARE(compact(sts->patch), R"({"spec":{"replicas":2}})");
        const auto rs = scaleChange(Cluster, clean(u"upstream:k9s/render-testdata/rs.json"_s), 3);
        MINATO_REQUIRE(rs);
        QCOMPARE(rs->summary, u"scale ReplicaSet icx/icx-db-7d4b578979 1 → 3"_s);
        const auto same = scaleChange(Cluster, clean(u"upstream:k9s/render-testdata/sts.json"_s), 4);
        MINATO_REQUIRE(same);
        QCOMPARE(same->warnings, QStringList { u"StatefulSet default/nginx-sts already has 4 replicas"_s });
    }

    void scaleRefusals()
    {
        const auto node = scaleChange(Cluster, clean(u"node_crio.json"_s), 3);
        QVERIFY(!node);
        QCOMPARE(node.error().kind, ErrorKind::Refused);
        QVERIFY(node.error().message.contains(u"Node"_s));
        QVERIFY(!scaleChange(Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s), -1));
    }

    void cordonAsKubectl()
    {
        const QJsonObject node = clean(u"node_crio.json"_s);
        const auto change = cordonChange(Cluster, node);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch), R"({"spec":{"unschedulable":true}})");
        QCOMPARE(change->patchType, PatchType::StrategicMerge);
        QCOMPARE(change->summary, u"cordon Node cp-1"_s);
        QCOMPARE(change->target.namespaceName, QString());
        QCOMPARE(at(change->after, { u"spec"_s, u"unschedulable"_s }), QJsonValue(true));
        QVERIFY(change->warnings.isEmpty());
        // Cordoning a cordoned node changes nothing; kubectl says so and sends nothing.
        const auto again = cordonChange(Cluster, change->after);
        MINATO_REQUIRE(again);
        QCOMPARE(again->warnings, QStringList { u"Node cp-1 is already cordoned"_s });
    }

    void uncordonAsKubectl()
    {
        const QJsonObject node = clean(u"node_notready_pressure.json"_s);
        QCOMPARE(at(node, { u"spec"_s, u"unschedulable"_s }), QJsonValue(true));
        const auto change = uncordonChange(Cluster, node);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch), R"({"spec":{"unschedulable":null}})");
        QVERIFY(!change->after.value(u"spec").toObject().contains(u"unschedulable"));
        QVERIFY(change->after.value(u"spec").toObject().contains(u"taints")); // the node controller's
        QVERIFY(!cordonChange(Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s)));
    }

    void restartAsKubectl()
    {
        const QDateTime when = QDateTime::fromString(u"2026-01-02T03:04:05Z"_s, Qt::ISODate);
        const auto change = restartChange(Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s), when);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch),
            R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2026-01-02T03:04:05Z"}}}}})");
        QCOMPARE(change->summary, u"restart Deployment icx/icx-db at 2026-01-02T03:04:05Z"_s);
        const QJsonObject templateMeta = at(change->after, { u"spec"_s, u"template"_s, u"metadata"_s }).toObject();
        QCOMPARE(templateMeta.value(u"labels").toObject().value(u"app").toString(), u"icx-db"_s); // kept
        // A time in another zone is written in UTC, still RFC 3339.
        const auto shifted = restartChange(Cluster, clean(u"upstream:k9s/render-testdata/ds.json"_s),
            QDateTime::fromString(u"2026-01-02T05:04:05+02:00"_s, Qt::ISODate));
        MINATO_REQUIRE(shifted);
        QVERIFY(compact(shifted->patch).contains("\"2026-01-02T03:04:05Z\""));
    }

    void restartRefusals()
    {
        const QDateTime when = QDateTime::fromString(u"2026-01-02T03:04:05Z"_s, Qt::ISODate);
        QJsonObject paused = clean(u"upstream:k9s/render-testdata/dp.json"_s);
        QJsonObject spec = paused.value(u"spec").toObject();
        spec.insert(u"paused"_s, true);
        paused.insert(u"spec"_s, spec);
        const auto refused = restartChange(Cluster, paused, when);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(u"paused"_s));
        QVERIFY(!restartChange(Cluster, clean(u"pod_running.json"_s), when));
        QVERIFY(!restartChange(Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s), QDateTime()));
    }

    void labelAddOverwriteRemove()
    {
        const QJsonObject before = clean(u"upstream:k9s/render-testdata/dp.json"_s); // labels: app=icx-db
        const auto change = labelChange(Cluster, before, { u"tier=db"_s, u"app=icx"_s, u"team-"_s });
        // (a missing key is left out of the patch, as kubectl does)
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch), R"({"metadata":{"labels":{"app":"icx","tier":"db"}}})");
        QCOMPARE(at(change->after, { u"metadata"_s, u"labels"_s }).toObject(),
            (QJsonObject { { u"app"_s, u"icx"_s }, { u"tier"_s, u"db"_s } }));
        QCOMPARE(change->summary, u"label Deployment icx/icx-db tier=db app=icx team-"_s);
        QCOMPARE(change->warnings,
            (QStringList { u"label \"app\" overwritten (was \"icx-db\")"_s, u"label \"team\" not found"_s }));
        const auto removal = labelChange(Cluster, change->after, { u"tier-"_s });
        MINATO_REQUIRE(removal);
        QCOMPARE(compact(removal->patch), R"({"metadata":{"labels":{"tier":null}}})");
        QCOMPARE(at(removal->after, { u"metadata"_s, u"labels"_s }).toObject(), (QJsonObject { { u"app"_s, u"icx"_s } }));
    }

    void labelValidation_data()
    {
        QTest::addColumn<QStringList>("edits");
        QTest::newRow("no edits") << QStringList {};
        QTest::newRow("bare key") << QStringList { u"tier"_s };
        QTest::newRow("space in key") << QStringList { u"my tier=db"_s };
        QTest::newRow("bad prefix") << QStringList { u"Example.COM/tier=db"_s };
        QTest::newRow("bad value") << QStringList { u"tier=not ok"_s };
        QTest::newRow("long value") << QStringList { u"tier="_s + QString(64, u'a') };
        QTest::newRow("twice") << QStringList { u"tier=a"_s, u"tier-"_s };
    }
    void labelValidation()
    {
        QFETCH(QStringList, edits);
        const auto change = labelChange(Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s), edits);
        QVERIFY(!change);
        QCOMPARE(change.error().kind, ErrorKind::Refused);
    }

    void annotateFreeText()
    {
        const auto change
            = annotateChange(Cluster, clean(u"node_crio.json"_s), { u"example.com/ticket=OPS-42: replace disk"_s });
        MINATO_REQUIRE(change);
        QCOMPARE(
            compact(change->patch), R"({"metadata":{"annotations":{"example.com/ticket":"OPS-42: replace disk"}}})");
        QCOMPARE(at(change->after, { u"metadata"_s, u"annotations"_s, u"example.com/ticket"_s }).toString(),
            u"OPS-42: replace disk"_s);
    }

    // Custom resources take JSON merge patches (strategic merge is refused with 415 for them).
    void customResourceUsesJsonMerge()
    {
        const auto change = labelChange(Cluster, clean(u"calico_ippool.json"_s), { u"owner=network"_s });
        MINATO_REQUIRE(change);
        QCOMPARE(change->patchType, PatchType::JsonMerge);
        QCOMPARE(change->target.kind, u"IPPool"_s);
        const auto role = labelChange(Cluster, clean(u"upstream:k9s/render-testdata/cr.json"_s), { u"owner=sec"_s });
        MINATO_REQUIRE(role);
        QCOMPARE(role->patchType, PatchType::StrategicMerge);
    }

    void hpaV1()
    {
        HpaTuning tuning;
        tuning.minReplicas = 2;
        tuning.maxReplicas = 20;
        tuning.cpuUtilization = 70;
        const auto change = hpaTuneChange(Cluster, clean(u"upstream:k9s/render-testdata/hpa.json"_s), tuning);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch),
            R"({"spec":{"maxReplicas":20,"minReplicas":2,"targetCPUUtilizationPercentage":70}})");
        QCOMPARE(
            change->summary, u"hpa-tune HorizontalPodAutoscaler default/nginx min 1 → 2, max 10 → 20, cpu 10% → 70%"_s);
        HpaTuning memory;
        memory.memoryUtilization = 80;
        QVERIFY(!hpaTuneChange(Cluster, clean(u"upstream:k9s/render-testdata/hpa.json"_s), memory));
        HpaTuning window;
        window.scaleDown.stabilizationSeconds = 600;
        QVERIFY(!hpaTuneChange(Cluster, clean(u"upstream:k9s/render-testdata/hpa.json"_s), window));
    }

    void hpaV2AddsCpuMetricAndBehavior()
    {
        const QJsonObject before = clean(u"hpa_v2_limited.json"_s);
        HpaTuning tuning;
        tuning.cpuUtilization = 70;
        tuning.scaleDown.stabilizationSeconds = 600;
        const auto change = hpaTuneChange(Cluster, before, tuning);
        MINATO_REQUIRE(change);
        const QJsonArray metrics = at(change->patch, { u"spec"_s, u"metrics"_s }).toArray();
        // metrics is atomic: the whole list, the three existing metrics kept in order.
        QCOMPARE(metrics.size(), 4);
        QCOMPARE(metrics.first(), at(before, { u"spec"_s, u"metrics"_s }).toArray().first());
        QCOMPARE(compact(metrics.last().toObject()),
            R"({"resource":{"name":"cpu","target":{"averageUtilization":70,"type":"Utilization"}},"type":"Resource"})");
        QCOMPARE(compact(at(change->patch, { u"spec"_s, u"behavior"_s }).toObject()),
            R"({"scaleDown":{"stabilizationWindowSeconds":600}})");
        QCOMPARE(at(change->after, { u"spec"_s, u"metrics"_s }).toArray(), metrics);
        QCOMPARE(change->summary,
            u"hpa-tune HorizontalPodAutoscaler batch/queue-consumer cpu unset → 70%, scaleDown window unset → 600s"_s);

        // A second tuning replaces the target in place.
        HpaTuning again;
        again.cpuUtilization = 50;
        const auto second = hpaTuneChange(Cluster, change->after, again);
        MINATO_REQUIRE(second);
        QCOMPARE(at(second->patch, { u"spec"_s, u"metrics"_s }).toArray().size(), 4);
        QVERIFY(second->summary.endsWith(u"cpu 70% → 50%"_s));
    }

    void hpaV2beta2SharesV2Shape()
    {
        QJsonObject before = clean(u"hpa_v2_failedmetrics.json"_s);
        before.insert(u"apiVersion"_s, u"autoscaling/v2beta2"_s);
        HpaTuning tuning;
        tuning.scaleUp.stabilizationSeconds = 0;
        const auto change = hpaTuneChange(Cluster, before, tuning);
        MINATO_REQUIRE(change);
        QCOMPARE(compact(change->patch), R"({"spec":{"behavior":{"scaleUp":{"stabilizationWindowSeconds":0}}}})");
    }

    // Targets by position keep each metric's own target type; policies are a whole list.
    void hpaV2MetricTargetsAndPolicies()
    {
        const QJsonObject before = clean(u"hpa_v2_limited.json"_s);
        HpaTuning tuning;
        tuning.metricTargets = { { 0, 45.5 }, { 1, 75 }, { 2, 12000 } };
        tuning.scaleDown.policies = QList<minato::fleet::HpaScalingPolicy> { { true, 2, 60 }, { false, 10, 60 } };
        tuning.scaleDown.selectPolicy = u"Min"_s;
        const auto change = hpaTuneChange(Cluster, before, tuning);
        MINATO_REQUIRE(change);
        const QJsonArray metrics = at(change->patch, { u"spec"_s, u"metrics"_s }).toArray();
        QCOMPARE(metrics.size(), 3);
        QCOMPARE(compact(at(metrics.at(0).toObject(), { u"external"_s, u"target"_s }).toObject()),
            R"({"averageValue":"45500m","type":"AverageValue"})");
        QCOMPARE(at(metrics.at(0).toObject(), { u"external"_s, u"metric"_s }),
            at(before, { u"spec"_s, u"metrics"_s }).toArray().at(0)[u"external"_s][u"metric"_s]);
        QCOMPARE(compact(at(metrics.at(1).toObject(), { u"containerResource"_s, u"target"_s }).toObject()),
            R"({"averageUtilization":75,"type":"Utilization"})");
        QCOMPARE(compact(at(metrics.at(2).toObject(), { u"object"_s, u"target"_s }).toObject()),
            R"({"type":"Value","value":"12000"})");
        QCOMPARE(compact(at(change->patch, { u"spec"_s, u"behavior"_s }).toObject()),
            R"({"scaleDown":{"policies":[{"periodSeconds":60,"type":"Pods","value":2},)"
            R"({"periodSeconds":60,"type":"Percent","value":10}],"selectPolicy":"Min"}})");
        QCOMPARE(change->summary,
            u"hpa-tune HorizontalPodAutoscaler batch/queue-consumer external/sqs_messages_visible 30 → 45500m, "
            u"containerResource/cpu 60% → 75%, object/requests-per-second 10k → 12000, "
            u"scaleDown selectPolicy Max → Min, scaleDown policies default → Pods 2/60s + Percent 10/60s"_s);

        HpaTuning missing;
        missing.metricTargets = { { 3, 10 } };
        QVERIFY(!hpaTuneChange(Cluster, before, missing));
        HpaTuning badPolicy;
        badPolicy.scaleUp.policies = QList<minato::fleet::HpaScalingPolicy> { { true, 0, 15 } };
        QVERIFY(!hpaTuneChange(Cluster, before, badPolicy));
    }

    // Binary quantities stay binary; v1's one target is metric 0; v2beta1 keeps its field names.
    void hpaTargetShapesPerVersion()
    {
        QJsonObject memory = clean(u"hpa_v2_limited.json"_s);
        QJsonObject spec = memory.value(u"spec").toObject();
        spec.insert(u"metrics"_s,
            QJsonArray { QJsonObject { { u"type"_s, u"Resource"_s },
                { u"resource"_s,
                    QJsonObject { { u"name"_s, u"memory"_s },
                        { u"target"_s, QJsonObject { { u"type"_s, u"AverageValue"_s }, { u"averageValue"_s, u"300Mi"_s } } } } } } });
        memory.insert(u"spec"_s, spec);
        HpaTuning more;
        more.metricTargets = { { 0, 512.0 * 1024 * 1024 } };
        const auto binary = hpaTuneChange(Cluster, memory, more);
        MINATO_REQUIRE(binary);
        QVERIFY2(binary->summary.endsWith(u"resource/memory 300Mi → 512Mi"_s), qPrintable(binary->summary));

        HpaTuning cpu;
        cpu.metricTargets = { { 0, 55 } };
        const auto v1 = hpaTuneChange(Cluster, clean(u"upstream:k9s/render-testdata/hpa.json"_s), cpu);
        MINATO_REQUIRE(v1);
        QCOMPARE(compact(v1->patch), R"({"spec":{"targetCPUUtilizationPercentage":55}})");
        HpaTuning second;
        second.metricTargets = { { 1, 55 } };
        QVERIFY(!hpaTuneChange(Cluster, clean(u"upstream:k9s/render-testdata/hpa.json"_s), second));

        QJsonObject beta1 = memory;
        beta1.insert(u"apiVersion"_s, u"autoscaling/v2beta1"_s);
        spec.insert(u"metrics"_s,
            QJsonArray { QJsonObject { { u"type"_s, u"Pods"_s },
                { u"pods"_s, QJsonObject { { u"metricName"_s, u"qps"_s }, { u"targetAverageValue"_s, u"100"_s } } } } });
        beta1.insert(u"spec"_s, spec);
        HpaTuning qps;
        qps.metricTargets = { { 0, 0.25 } };
        const auto v2beta1 = hpaTuneChange(Cluster, beta1, qps);
        MINATO_REQUIRE(v2beta1);
        QCOMPARE(compact(at(v2beta1->patch, { u"spec"_s, u"metrics"_s }).toArray().first().toObject()),
            R"({"pods":{"metricName":"qps","targetAverageValue":"250m"},"type":"Pods"})");
        HpaTuning window;
        window.scaleUp.stabilizationSeconds = 30;
        QVERIFY(!hpaTuneChange(Cluster, beta1, window)); // v2beta1 has no behavior
    }

    void hpaRefusals_data()
    {
        QTest::addColumn<int>("min");
        QTest::addColumn<int>("max");
        QTest::newRow("nothing") << -1 << -1;
        QTest::newRow("min zero") << 0 << -1;
        QTest::newRow("min above max") << 30 << -1; // max is 20
        QTest::newRow("max below min") << -1 << 1; // min is 2
    }
    void hpaRefusals()
    {
        QFETCH(int, min);
        QFETCH(int, max);
        HpaTuning tuning;
        if (min >= 0)
            tuning.minReplicas = min;
        if (max >= 0)
            tuning.maxReplicas = max;
        const auto change = hpaTuneChange(Cluster, clean(u"hpa_v2_limited.json"_s), tuning);
        QVERIFY(!change);
        QCOMPARE(change.error().kind, ErrorKind::Refused);
    }

    // The Deployment's ReplicaSet (upstream k9s fixtures owned by uid) and a pod re-owned to it.
    void deletePlanCountsDependents()
    {
        const QJsonObject raw = fixture(u"upstream:k9s/render-testdata/dp.json"_s);
        const QJsonObject rs = fixture(u"upstream:k9s/render-testdata/rs.json"_s);
        QJsonObject pod = fixture(u"pod_running.json"_s);
        QJsonObject podMeta = pod.value(u"metadata").toObject();
        podMeta.insert(u"ownerReferences"_s,
            QJsonArray { QJsonObject { { u"kind"_s, u"ReplicaSet"_s }, { u"controller"_s, true },
                { u"uid"_s, at(rs, { u"metadata"_s, u"uid"_s }) } } });
        pod.insert(u"metadata"_s, podMeta);
        const QJsonObject unrelated = fixture(u"pod_crashloop.json"_s);
        const auto change = deletePlanChange(
            Cluster, cleanManifest(raw), at(raw, { u"metadata"_s, u"uid"_s }).toString(), { pod, rs, unrelated });
        MINATO_REQUIRE(change);
        QCOMPARE(change->patchType, PatchType::None);
        QVERIFY(change->patch.isEmpty());
        QVERIFY(change->after.isEmpty());
        QCOMPARE(change->summary, u"delete Deployment icx/icx-db (plan only, with 1 Pod, 1 ReplicaSet)"_s);
        const QJsonObject plan = change->plan;
        QCOMPARE(plan.value(u"kind").toString(), u"DeletePlan"_s);
        QCOMPARE(at(plan, { u"spec"_s, u"command"_s }).toString(),
            u"kubectl --context prod-eu -n icx delete deployment/icx-db"_s);
        const QJsonArray dependents = at(plan, { u"spec"_s, u"dependents"_s }).toArray();
        QCOMPARE(dependents.size(), 2);
        QCOMPARE(
            compact(dependents.at(1).toObject()), R"({"count":1,"kind":"ReplicaSet","names":["icx-db-7d4b578979"]})");
        QCOMPARE(at(plan, { u"spec"_s, u"target"_s, u"cluster"_s }).toString(), Cluster);
    }

    void deletePlanNotes()
    {
        const auto sts = deletePlanChange(Cluster, clean(u"upstream:k9s/render-testdata/sts.json"_s), {});
        MINATO_REQUIRE(sts);
        QVERIFY(at(sts->plan, { u"spec"_s, u"notes"_s }).toArray().first().toString().contains(u"kept"_s));
        const auto crd = deletePlanChange(Cluster, clean(u"calico_ippool.json"_s), {});
        MINATO_REQUIRE(crd);
        QCOMPARE(at(crd->plan, { u"spec"_s, u"command"_s }).toString(),
            u"kubectl --context prod-eu delete ippool.crd.projectcalico.org/default-ipv4-ippool"_s);
    }

    void dispatchByName()
    {
        QCOMPARE(operationKindFromName(u"hpa"), OperationKind::HpaTune);
        QCOMPARE(operationKindFromName(u"hpa-tune"), OperationKind::HpaTune);
        QCOMPARE(operationKindFromName(u"evict"), std::nullopt);
        for (int k = int(OperationKind::Scale); k <= int(OperationKind::Delete); ++k)
            QCOMPARE(operationKindFromName(operationName(OperationKind(k))), OperationKind(k));
        OperationRequest request;
        request.kind = OperationKind::Scale;
        request.replicas = 2;
        const auto change = applyOperation(request, Cluster, clean(u"upstream:k9s/render-testdata/dp.json"_s));
        MINATO_REQUIRE(change);
        QCOMPARE(change->operation, u"scale"_s);
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
