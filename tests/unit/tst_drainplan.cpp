// SPDX-License-Identifier: Apache-2.0
// The drain plan on real pods and budgets (tests/data/objects, k9s's captured pdb.json and
// p1.json), following kubectl drain's filters: DaemonSet and mirror pods skipped, emptyDir and
// unmanaged pods flagged, PodDisruptionBudgets spent in pod order. Fixtures are moved onto the
// drained node (as the API's fieldSelector=spec.nodeName would have listed them) and, where
// no captured object has the property under test, given it by one named edit.
#include "export/cleanmanifest.h"
#include "export/drainplan.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace Qt::StringLiterals;

namespace {

const QString NodeName = u"worker-4"_s;

QJsonObject fixture(const QString& name)
{
    return QJsonDocument::fromJson(readFixture(name)).object();
}

QJsonObject edited(QJsonObject object, const QString& section, const QString& key, const QJsonValue& value)
{
    QJsonObject inner = object.value(section).toObject();
    inner.insert(key, value);
    object.insert(section, inner);
    return object;
}

QJsonObject onNode(const QString& name)
{
    return edited(fixture(name), u"spec"_s, u"nodeName"_s, NodeName);
}

QJsonObject renamed(const QJsonObject& pod, const QString& name)
{
    return edited(pod, u"metadata"_s, u"name"_s, name);
}

QJsonObject withAnnotation(const QJsonObject& pod, const QString& key, const QString& value)
{
    QJsonObject annotations = pod.value(u"metadata").toObject().value(u"annotations").toObject();
    annotations.insert(key, value);
    return edited(pod, u"metadata"_s, u"annotations"_s, annotations);
}

QJsonObject withEmptyDir(const QJsonObject& pod)
{
    QJsonArray volumes = pod.value(u"spec").toObject().value(u"volumes").toArray();
    volumes.append(QJsonObject { { u"name"_s, u"scratch"_s }, { u"emptyDir"_s, QJsonObject {} } });
    return edited(pod, u"spec"_s, u"volumes"_s, volumes);
}

QJsonObject budget(const QString& nameSpace, const QString& name, const QJsonObject& selector, int allowed,
    const QString& apiVersion = u"policy/v1"_s)
{
    // Shaped on k9s's captured pdb.json; the fields under test replaced.
    QJsonObject pdb = edited(fixture(u"upstream:k9s/render-testdata/pdb.json"_s), u"spec"_s, u"selector"_s, selector);
    pdb.insert(u"apiVersion"_s, apiVersion);
    pdb = edited(pdb, u"metadata"_s, u"namespace"_s, nameSpace);
    pdb = edited(pdb, u"metadata"_s, u"name"_s, name);
    return edited(pdb, u"status"_s, u"disruptionsAllowed"_s, allowed);
}

QJsonObject entryNamed(const QJsonArray& entries, const QString& name)
{
    for (const QJsonValue& entry : entries) {
        if (entry.toObject().value(u"name").toString() == name)
            return entry.toObject();
    }
    return {};
}

QJsonObject spec(const Change& change)
{
    return change.plan.value(u"spec").toObject();
}

QJsonObject node()
{
    return cleanManifest(fixture(u"node_notready_pressure.json"_s)); // worker-4
}

} // namespace

class TestDrainPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filtersFollowKubectl()
    {
        DrainInputs inputs;
        inputs.pods = {
            onNode(u"pod_running.json"_s), // ReplicaSet-managed: evicted
            onNode(u"pod_privileged_hostnet.json"_s), // calico-node, DaemonSet: skipped
            withAnnotation(renamed(onNode(u"upstream:k9s/render-testdata/po.json"_s), u"etcd-worker-4"_s),
                u"kubernetes.io/config.mirror"_s, u"2b1f0c1e"_s), // static pod: skipped
            onNode(u"upstream:k9s/render-testdata/po.json"_s), // no controller: --force
            withEmptyDir(onNode(u"pod_crashloop.json"_s)), // emptyDir: --delete-emptydir-data
            onNode(u"pod_evicted.json"_s), // Failed: deleted, no flags of its own
            fixture(u"pod_oomkilled.json"_s), // on worker-2: not part of this drain
        };
        const auto change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        QCOMPARE(change->operation, u"drain"_s);
        QCOMPARE(change->patchType, PatchType::StrategicMerge);
        QCOMPARE(QJsonDocument(change->patch).toJson(QJsonDocument::Compact), R"({"spec":{"unschedulable":true}})");
        QCOMPARE(change->plan.value(u"kind").toString(), u"DrainPlan"_s);

        const QJsonArray evictions = spec(*change).value(u"evictions").toArray();
        const QJsonArray skipped = spec(*change).value(u"skipped").toArray();
        QStringList evicted;
        for (const QJsonValue& e : evictions)
            evicted << e.toObject().value(u"namespace").toString() + u'/' + e.toObject().value(u"name").toString();
        QCOMPARE(evicted,
            (QStringList { u"default/nginx"_s, u"shop/cart-7b5d9c8f6-ok001"_s, u"shop/checkout-6d8f7b9c4d-7xq2m"_s,
                u"shop/checkout-6d8f7b9c4d-zz9k2"_s }));
        QCOMPARE(skipped.size(), 2);
        QVERIFY(
            entryNamed(skipped, u"calico-node-4kq8x"_s).value(u"reason").toString().startsWith(u"DaemonSet-managed"_s));
        QVERIFY(entryNamed(skipped, u"etcd-worker-4"_s).value(u"reason").toString().startsWith(u"mirror pod"_s));

        const QJsonObject unmanaged = entryNamed(evictions, u"nginx"_s);
        QVERIFY(!unmanaged.contains(u"controller"));
        QVERIFY(unmanaged.value(u"flags").toArray().first().toString().contains(u"--force"_s));
        const QJsonObject scratch = entryNamed(evictions, u"checkout-6d8f7b9c4d-7xq2m"_s);
        QVERIFY(scratch.value(u"flags").toArray().first().toString().contains(u"--delete-emptydir-data"_s));
        QCOMPARE(entryNamed(evictions, u"cart-7b5d9c8f6-ok001"_s).value(u"controller").toString(),
            u"ReplicaSet/cart-7b5d9c8f6"_s);
        QVERIFY(!entryNamed(evictions, u"cart-7b5d9c8f6-ok001"_s).contains(u"flags"));
        // The evicted (Failed) pod would be deleted: no emptyDir or controller concerns apply.
        const QJsonArray finished = entryNamed(evictions, u"checkout-6d8f7b9c4d-zz9k2"_s).value(u"flags").toArray();
        QCOMPARE(finished.size(), 1);
        QVERIFY(finished.first().toString().startsWith(u"finished (Failed)"_s));

        QCOMPARE(spec(*change).value(u"command").toString(),
            u"kubectl --context prod-eu drain worker-4 --ignore-daemonsets --delete-emptydir-data --force"_s);
        QCOMPARE(change->summary, u"drain Node worker-4: evict 4 pods, skip 2"_s);
        QVERIFY(change->warnings.contains(u"1 pods lose their emptyDir data"_s));
        QVERIFY(change->warnings.contains(u"1 pods have no controller and are not recreated"_s));
    }

    void budgetsBlockEvictions()
    {
        const QJsonObject cart { { u"matchLabels"_s, QJsonObject { { u"app.kubernetes.io/name"_s, u"cart"_s } } } };
        DrainInputs inputs;
        inputs.pods = {
            onNode(u"upstream:k9s/render-testdata/p1.json"_s), // app=nginx, ReplicaSet-managed
            onNode(u"pod_running.json"_s), // cart, Ready
            renamed(onNode(u"pod_running.json"_s), u"cart-7b5d9c8f6-ok002"_s), // cart, Ready
            onNode(u"pod_imagepullbackoff.json"_s), // cart, Pending: budgets do not apply
        };
        inputs.podDisruptionBudgets = {
            fixture(u"upstream:k9s/render-testdata/pdb.json"_s), // fred: app=nginx, disruptionsAllowed 0
            budget(u"shop"_s, u"cart"_s, cart, 1),
            budget(u"other"_s, u"cart-elsewhere"_s, cart, 0), // another namespace
        };
        const auto change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        const QJsonArray evictions = spec(*change).value(u"evictions").toArray();
        QVERIFY(entryNamed(evictions, u"nginx-7fb78fb6d8-2w75j"_s).value(u"blocked").toString().contains(u"fred"_s));
        QVERIFY(!entryNamed(evictions, u"cart-7b5d9c8f6-ok001"_s).contains(u"blocked")); // spends the one
        QVERIFY(entryNamed(evictions, u"cart-7b5d9c8f6-ok002"_s).value(u"blocked").toString().contains(u"cart"_s));
        QVERIFY(!entryNamed(evictions, u"cart-7b5d9c8f6-m2vzp"_s).contains(u"blocked"));
        QCOMPARE(entryNamed(evictions, u"cart-7b5d9c8f6-m2vzp"_s).value(u"podDisruptionBudgets").toArray(),
            QJsonArray { u"cart"_s });

        const QJsonArray budgets = spec(*change).value(u"podDisruptionBudgets").toArray();
        QCOMPARE(budgets.size(), 2); // cart-elsewhere selects nothing here
        const QJsonObject cartBudget = entryNamed(budgets, u"cart"_s);
        QCOMPARE(cartBudget.value(u"disruptionsAllowed").toInt(), 1);
        QCOMPARE(cartBudget.value(u"podsOnNode").toArray().size(), 3);
        QCOMPARE(cartBudget.value(u"blocks").toArray(), QJsonArray { u"shop/cart-7b5d9c8f6-ok002"_s });
        QCOMPARE(change->summary, u"drain Node worker-4: evict 4 pods, skip 0, 2 blocked by PodDisruptionBudgets"_s);
        QCOMPARE(spec(*change).value(u"command").toString(),
            u"kubectl --context prod-eu drain worker-4 --ignore-daemonsets"_s);
    }

    void budgetSelectorRules()
    {
        DrainInputs inputs;
        inputs.pods = { onNode(u"upstream:k9s/render-testdata/p1.json"_s), onNode(u"pod_running.json"_s) };
        const QJsonObject nginx { { u"matchExpressions"_s,
            QJsonArray { QJsonObject { { u"key"_s, u"app"_s }, { u"operator"_s, u"In"_s },
                { u"values"_s, QJsonArray { u"nginx"_s, u"web"_s } } } } } };
        inputs.podDisruptionBudgets = {
            budget(u"default"_s, u"by-expression"_s, nginx, 5),
            budget(u"default"_s, u"everything"_s, QJsonObject {}, 5), // policy/v1: {} selects every pod
            budget(u"shop"_s, u"legacy-empty"_s, QJsonObject {}, 0, u"policy/v1beta1"_s), // v1beta1: none
        };
        const auto change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        const QJsonArray evictions = spec(*change).value(u"evictions").toArray();
        // Two budgets select nginx: the eviction API refuses such pods outright.
        const QJsonObject nginxPod = entryNamed(evictions, u"nginx-7fb78fb6d8-2w75j"_s);
        QVERIFY(nginxPod.value(u"blocked").toString().contains(u"more than one"_s));
        QCOMPARE(
            nginxPod.value(u"podDisruptionBudgets").toArray(), (QJsonArray { u"by-expression"_s, u"everything"_s }));
        QVERIFY(!entryNamed(evictions, u"cart-7b5d9c8f6-ok001"_s).contains(u"podDisruptionBudgets"));
    }

    void unhealthyPodsUnderAlwaysAllow()
    {
        QJsonObject notReady = onNode(u"pod_crashloop.json"_s); // Running, not Ready
        QJsonObject checkout { { u"matchLabels"_s,
            notReady.value(u"metadata").toObject().value(u"labels").toObject() } };
        QJsonObject pdb = budget(u"shop"_s, u"checkout"_s, checkout, 0);
        DrainInputs inputs;
        inputs.pods = { notReady };
        inputs.podDisruptionBudgets = { pdb };
        auto change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        QVERIFY(spec(*change).value(u"evictions").toArray().first().toObject().contains(u"blocked"));
        inputs.podDisruptionBudgets = { edited(pdb, u"spec"_s, u"unhealthyPodEvictionPolicy"_s, u"AlwaysAllow"_s) };
        change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        QVERIFY(!spec(*change).value(u"evictions").toArray().first().toObject().contains(u"blocked"));
    }

    void unknownBudgetsAreAWarning()
    {
        DrainInputs inputs;
        inputs.budgetsKnown = false;
        const auto change = drainPlanChange(u"prod-eu"_s, node(), inputs);
        MINATO_REQUIRE(change);
        QCOMPARE(spec(*change).value(u"podDisruptionBudgetsChecked").toBool(), false);
        QVERIFY(change->warnings.contains(u"PodDisruptionBudgets could not be read: evictions may still block"_s));
        // The node is cordoned already: said, but the plan stands.
        QVERIFY(change->warnings.contains(u"Node worker-4 is already cordoned"_s));
    }

    void onlyNodes()
    {
        const auto change = drainPlanChange(u"prod-eu"_s, fixture(u"pod_running.json"_s), {});
        QVERIFY(!change);
        QCOMPARE(change.error().kind, ErrorKind::Refused);
    }
};

QTEST_GUILESS_MAIN(TestDrainPlan)
#include "tst_drainplan.moc"
