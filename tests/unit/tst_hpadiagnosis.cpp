// SPDX-License-Identifier: Apache-2.0
// "Why is it not scaling?": real HPA, APIService, Deployment and Event JSON decoded into a store,
// then the diagnosis walk, the state and the activity read from events or a recorded timeline.
#include "analysis/autoscalingreport.h"
#include "analysis/hpaactivity.h"
#include "analysis/hpadiagnosis.h"
#include "findingfixtures.h"
#include "fleet/stringpool.h"
#include "objectfixtures.h"
#include "util/duration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace minato;
using namespace minato::analysis;

namespace {

fleet::ClusterFacts shopProd()
{
    fleet::ClusterFacts facts;
    facts.name = QStringLiteral("shop-prod");
    facts.team = QStringLiteral("shop");
    facts.environment = QStringLiteral("prod");
    facts.status.state = fleet::SessionState::Live;
    return facts;
}

qint64 msOf(const char* iso)
{
    return epochOf(iso) * 1000;
}

const fleet::HpaInfo& onlyHpa(const fleet::StoreContent& store)
{
    return *store.hpas().cbegin();
}

const DiagnosisStep* step(const HpaDiagnosis& d, const QString& id)
{
    for (const DiagnosisStep& s : d.steps)
        if (s.id == id)
            return &s;
    return nullptr;
}

QString evidence(const DiagnosisStep* s, const QString& field)
{
    for (const Evidence& e : s->evidence)
        if (e.field == field)
            return e.value;
    return {};
}

// The fixture's JSON with a change applied to it, decoded into the store.
void feed(findingfixtures::StoreFeeder& feeder, const char* fixture,
    const std::function<void(QJsonObject&)>& edit = {})
{
    QJsonObject object = QJsonDocument::fromJson(readFixture(QString::fromLatin1(fixture))).object();
    if (edit)
        edit(object);
    QString error;
    QVERIFY2(feeder.add(QJsonDocument(object).toJson(), &error), qPrintable(error));
}

// A Deployment named like the HPA's target, with or without a cpu request.
QJsonObject deployment(const QString& nameSpace, const QString& name, bool cpuRequest)
{
    QJsonObject resources;
    if (cpuRequest)
        resources.insert(QStringLiteral("requests"),
            QJsonObject { { QStringLiteral("cpu"), QStringLiteral("250m") }, { QStringLiteral("memory"), QStringLiteral("256Mi") } });
    const QJsonObject container { { QStringLiteral("name"), QStringLiteral("app") },
        { QStringLiteral("image"), QStringLiteral("registry.example.com/shop/checkout:2.16.0") },
        { QStringLiteral("resources"), resources } };
    return QJsonObject {
        { QStringLiteral("apiVersion"), QStringLiteral("apps/v1") },
        { QStringLiteral("kind"), QStringLiteral("Deployment") },
        { QStringLiteral("metadata"),
            QJsonObject { { QStringLiteral("name"), name }, { QStringLiteral("namespace"), nameSpace },
                { QStringLiteral("uid"), QStringLiteral("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f") },
                { QStringLiteral("resourceVersion"), QStringLiteral("100") },
                { QStringLiteral("generation"), 2 } } },
        { QStringLiteral("spec"),
            QJsonObject { { QStringLiteral("replicas"), 5 },
                { QStringLiteral("selector"),
                    QJsonObject { { QStringLiteral("matchLabels"), QJsonObject { { QStringLiteral("app"), name } } } } },
                { QStringLiteral("template"),
                    QJsonObject { { QStringLiteral("metadata"),
                                      QJsonObject { { QStringLiteral("labels"),
                                          QJsonObject { { QStringLiteral("app"), name } } } } },
                        { QStringLiteral("spec"),
                            QJsonObject { { QStringLiteral("containers"), QJsonArray { container } } } } } } } },
        { QStringLiteral("status"),
            QJsonObject { { QStringLiteral("replicas"), 5 }, { QStringLiteral("readyReplicas"), 5 },
                { QStringLiteral("availableReplicas"), 5 }, { QStringLiteral("observedGeneration"), 2 } } },
    };
}

history::HpaSample sample(qint64 t, int current, int min = 2, int max = 8)
{
    history::HpaSample s;
    s.timeMs = t;
    s.minReplicas = min;
    s.maxReplicas = max;
    s.currentReplicas = current;
    s.desiredReplicas = current;
    return s;
}

} // namespace

class TestHpaDiagnosis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metricsServerDownIsTheCause()
    {
        fleet::ClusterStore store;
        findingfixtures::StoreFeeder feeder;
        feed(feeder, "hpa_v2_failedmetrics.json");
        feed(feeder, "apiservice_metrics_unavailable.json");
        feed(feeder, "event_core_hpa.json");
        QString error;
        QVERIFY(feeder.add(QJsonDocument(deployment(QStringLiteral("shop"), QStringLiteral("checkout"), true)).toJson(), &error));
        feeder.applyTo(store);
        const fleet::HpaInfo& hpa = onlyHpa(store);
        const qint64 now = msOf("2024-05-02T10:30:00Z");
        const HpaDiagnosis d
            = HpaDiagnosis::of(shopProd(), store, hpa, HpaActivity::ofEvents(store, hpa, now - 3600000, now), now);

        QCOMPARE(d.state, HpaState::UnableToScale);
        QCOMPARE(step(d, u"target.exists"_qs)->verdict, CheckVerdict::Pass);
        QCOMPARE(evidence(step(d, u"target.exists"_qs), u"replicas"_qs), u"5"_qs);
        // The first failing step is the APIService: the root of the chain, not its symptoms.
        QCOMPARE(d.firstFailure()->id, u"metrics-api.metrics"_qs);
        QVERIFY2(d.cause.contains(u"v1beta1.metrics.k8s.io is registered but the API server cannot reach"_qs),
            qPrintable(d.cause));
        QCOMPARE(evidence(d.firstFailure(), u"reason"_qs), u"FailedDiscoveryCheck"_qs);
        // Both resource metrics fail with the controller's message; the pods metric still reads.
        QCOMPARE(step(d, u"metric.served:cpu utilization"_qs)->verdict, CheckVerdict::Fail);
        QVERIFY(step(d, u"metric.served:cpu utilization"_qs)->detail.contains(u"get pods.metrics.k8s.io"_qs));
        QCOMPARE(step(d, u"metric.served:pods/http_requests_per_second"_qs)->verdict, CheckVerdict::Pass);
        QCOMPARE(evidence(step(d, u"metric.served:pods/http_requests_per_second"_qs), u"current"_qs), u"233m"_qs);
        QCOMPARE(step(d, u"requests.cpu"_qs)->verdict, CheckVerdict::Pass);
        // custom.metrics.k8s.io has no APIService in this store: the pods metric's API is missing.
        QCOMPARE(step(d, u"metrics-api.custom"_qs)->verdict, CheckVerdict::Fail);
        QCOMPARE(step(d, u"condition.scaling-active"_qs)->verdict, CheckVerdict::Fail);
        QCOMPARE(step(d, u"behavior"_qs)->verdict, CheckVerdict::Pass);
        QCOMPARE(evidence(step(d, u"behavior"_qs), u"scaleDown.stabilizationWindowSeconds"_qs), u"600"_qs);
    }

    void missingTargetAndRequests()
    {
        // The HPA names a Deployment that is not there; another one is.
        fleet::ClusterStore store;
        findingfixtures::StoreFeeder feeder;
        feed(feeder, "hpa_v2_failedmetrics.json");
        QString error;
        QVERIFY(feeder.add(QJsonDocument(deployment(QStringLiteral("shop"), QStringLiteral("cart"), true)).toJson(), &error));
        feeder.applyTo(store);
        const qint64 now = msOf("2024-05-02T10:30:00Z");
        HpaDiagnosis d = HpaDiagnosis::of(shopProd(), store, onlyHpa(store), {}, now);
        QCOMPARE(d.firstFailure()->id, u"target.exists"_qs);
        QVERIFY(d.cause.contains(u"No Deployment named checkout in namespace shop"_qs));
        QCOMPARE(step(d, u"requests.cpu"_qs)->verdict, CheckVerdict::Unknown);

        // The target exists but requests no cpu: a utilization target cannot work.
        fleet::ClusterStore noRequests;
        findingfixtures::StoreFeeder second;
        feed(second, "hpa_v2_failedmetrics.json");
        QVERIFY(second.add(QJsonDocument(deployment(QStringLiteral("shop"), QStringLiteral("checkout"), false)).toJson(), &error));
        second.applyTo(noRequests);
        d = HpaDiagnosis::of(shopProd(), noRequests, onlyHpa(noRequests), {}, now);
        QCOMPARE(step(d, u"requests.cpu"_qs)->verdict, CheckVerdict::Fail);
        QCOMPARE(evidence(step(d, u"requests.cpu"_qs), u"requests.cpu"_qs), u"none"_qs);

        // Forbidden to list Deployments: the walk says it cannot tell, not that it is missing.
        fleet::ClusterFacts forbidden = shopProd();
        forbidden.forbiddenKinds = { fleet::WatchedKind::Deployments, fleet::WatchedKind::ApiServices };
        d = HpaDiagnosis::of(forbidden, store, onlyHpa(store), {}, now);
        QCOMPARE(step(d, u"target.exists"_qs)->verdict, CheckVerdict::Unknown);
        QCOMPARE(step(d, u"metrics-api.metrics"_qs)->verdict, CheckVerdict::Unknown);
    }

    void pinnedAtMaxSinceTheLimitCondition()
    {
        fleet::ClusterStore store;
        findingfixtures::StoreFeeder feeder;
        feed(feeder, "hpa_v2_limited.json");
        feeder.applyTo(store);
        const fleet::HpaInfo& hpa = onlyHpa(store);
        QVERIFY(hpa.currentReplicas >= hpa.maxReplicas);
        const qint64 now = msOf("2024-05-02T10:40:00Z");
        const HpaDiagnosis d = HpaDiagnosis::of(shopProd(), store, hpa, {}, now);
        // External and object metrics come from adapters this store has no APIService for.
        QCOMPARE(step(d, u"metrics-api.external"_qs)->verdict, CheckVerdict::Fail);
        QCOMPARE(d.state, HpaState::UnableToScale);

        // With the adapters registered and Available, it is the max that holds it.
        fleet::ClusterStore withAdapters;
        findingfixtures::StoreFeeder second;
        feed(second, "hpa_v2_limited.json");
        for (const char* group : { "custom.metrics.k8s.io", "external.metrics.k8s.io", "metrics.k8s.io" }) {
            feed(second, "apiservice_metrics_unavailable.json", [group](QJsonObject& o) {
                const QString g = QString::fromLatin1(group);
                QJsonObject meta = o.value(u"metadata"_qs).toObject();
                meta.insert(u"name"_qs, QString(u"v1beta1."_qs + g));
                meta.insert(u"uid"_qs, QUuid::createUuidV5(QUuid(), g).toString(QUuid::WithoutBraces));
                o.insert(u"metadata"_qs, meta);
                QJsonObject spec = o.value(u"spec"_qs).toObject();
                spec.insert(u"group"_qs, g);
                o.insert(u"spec"_qs, spec);
                o.insert(u"status"_qs,
                    QJsonObject { { u"conditions"_qs,
                        QJsonArray { QJsonObject { { u"type"_qs, u"Available"_qs }, { u"status"_qs, u"True"_qs },
                            { u"reason"_qs, u"Passed"_qs }, { u"message"_qs, u"all checks passed"_qs },
                            { u"lastTransitionTime"_qs, u"2024-02-01T00:00:00Z"_qs } } } } });
            });
        }
        QString error;
        QVERIFY(second.add(
            QJsonDocument(deployment(QStringLiteral("batch"), QStringLiteral("queue-consumer"), true)).toJson(), &error));
        second.applyTo(withAdapters);
        const HpaDiagnosis pinned = HpaDiagnosis::of(shopProd(), withAdapters, onlyHpa(withAdapters), {}, now);
        QVERIFY2(!pinned.firstFailure(), qPrintable(pinned.firstFailure() ? pinned.firstFailure()->title : QString()));
        QCOMPARE(pinned.state, HpaState::PinnedAtMax);
        // ScalingLimited became TooManyReplicas at 09:50: pinned for 50 minutes.
        QCOMPARE(pinned.activity.atMaxSinceMs, msOf("2024-05-02T09:50:00Z"));
        QVERIFY2(pinned.cause.contains(u"for 50m"_qs), qPrintable(pinned.cause));
        QCOMPARE(step(pinned, u"condition.scaling-limited"_qs)->verdict, CheckVerdict::Warn);
    }

    void flappingFromAggregatedEvents()
    {
        fleet::ClusterStore store;
        findingfixtures::StoreFeeder feeder;
        feed(feeder, "list_events_hpa_rescales.json");
        feeder.applyTo(store);
        fleet::StringPool pool;
        fleet::HpaInfo hpa;
        hpa.meta.name = QStringLiteral("stream-consumer");
        hpa.meta.namespaceName = pool.intern("streaming");
        const qint64 now = msOf("2024-05-02T10:30:00Z");
        const HpaActivity activity = HpaActivity::ofEvents(store, hpa, now - 30 * 60000, now);
        // 5 up and 5 down, aggregated into two events: they alternate, 9 changes of direction.
        QCOMPARE(activity.rescales, 10);
        QCOMPARE(activity.steps.size(), 2);
        QCOMPARE(activity.directionChanges, 9);
        QVERIFY(activity.isFlapping());
        // An hour later both events are outside the window.
        QCOMPARE(HpaActivity::ofEvents(store, hpa, now + 3600000 - 30 * 60000, now + 3600000).rescales, 0);
    }

    void activityFromTimeline()
    {
        history::HpaTimeline timeline;
        const qint64 t0 = msOf("2024-05-02T10:00:00Z");
        const int replicas[] = { 2, 2, 4, 4, 2, 2, 5, 8, 8, 8 };
        for (int i = 0; i < 10; ++i)
            timeline.samples.append(sample(t0 + i * 60000, replicas[i]));
        history::HpaMark rescale;
        rescale.timeMs = t0 + 2 * 60000 + 5000;
        rescale.reason = QStringLiteral("SuccessfulRescale");
        rescale.message = QStringLiteral("New size: 4; reason: cpu resource utilization (percentage of request) above target");
        timeline.marks.append(rescale);

        const HpaActivity a = HpaActivity::ofTimeline(timeline, t0, t0 + 10 * 60000);
        QCOMPARE(a.steps.size(), 4); // 2→4, 4→2, 2→5, 5→8
        QCOMPARE(a.steps[0].from, 2);
        QCOMPARE(a.steps[0].to, 4);
        QVERIFY(a.steps[0].reason.contains(u"above target"_qs));
        QCOMPARE(a.directionChanges, 2); // up, down, up, up
        QCOMPARE(a.lastScaleMs, t0 + 7 * 60000);
        QCOMPARE(a.atMaxSinceMs, t0 + 7 * 60000);
        QCOMPARE(a.atMinSinceMs, 0);
        // A window after the changes sees none of them, but still knows it is at max.
        const HpaActivity late = HpaActivity::ofTimeline(timeline, t0 + 8 * 60000, t0 + 10 * 60000);
        QCOMPARE(late.steps.size(), 0);
        QCOMPARE(late.atMaxSinceMs, t0 + 7 * 60000);
    }

    void rescaleMessages()
    {
        qint32 size = 0;
        QString reason;
        QVERIFY(parseRescaleMessage(u"New size: 12; reason: All metrics below target"_qs, &size, &reason));
        QCOMPARE(size, 12);
        QCOMPARE(reason, u"All metrics below target"_qs);
        QVERIFY(!parseRescaleMessage(u"New size: x; reason: y"_qs, &size, &reason));
    }

    void durations()
    {
        QCOMPARE(parseDuration(u"90s"), 90000);
        QCOMPARE(parseDuration(u"1h30m"), 5400000);
        QCOMPARE(parseDuration(u"7d"), 7 * 24 * 3600000LL);
        QCOMPARE(parseDuration(u"1.5h"), 5400000);
        QCOMPARE(parseDuration(u"250ms"), 250);
        QVERIFY(!parseDuration(u"").has_value());
        QVERIFY(!parseDuration(u"10").has_value());
        QVERIFY(!parseDuration(u"5 minutes").has_value());
        QVERIFY(!parseDuration(u"-5m").has_value());
    }

    void reportRowsAndJson()
    {
        fleet::ClusterStore store;
        findingfixtures::StoreFeeder feeder;
        feed(feeder, "hpa_v2_failedmetrics.json");
        feed(feeder, "apiservice_metrics_unavailable.json");
        feeder.applyTo(store);
        const qint64 now = msOf("2024-05-02T10:30:00Z");
        const fleet::ClusterFacts facts = shopProd();
        const QList<AutoscalingRow> rows = AutoscalingRow::build({ { facts, &store } }, now, now - 24 * 3600000);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].target(), u"Deployment/checkout"_qs);
        QCOMPARE(rows[0].metricsText(),
            u"cpu utilization ?/70%, memory ?/400Mi, pods/http_requests_per_second 233m/500m"_qs);
        const QJsonObject json = AutoscalingRenderer::rowObject(rows[0], now);
        QCOMPARE(json.value(u"state"_qs).toString(), u"unable to scale"_qs);
        QCOMPARE(json.value(u"maxReplicas"_qs).toInt(), 12);
        QCOMPARE(json.value(u"lastScaleAgoSeconds"_qs).toInt(), 8100); // 08:15 → 10:30
        QCOMPARE(json.value(u"activityFrom"_qs).toString(), u"events"_qs);
        const QJsonArray steps = json.value(u"diagnosis"_qs).toArray();
        QVERIFY(!steps.isEmpty());
        QCOMPARE(steps.first().toObject().value(u"id"_qs).toString(), u"target.exists"_qs);
        // The Deployments are not in this store at all: the walk cannot find the target.
        QCOMPARE(steps.first().toObject().value(u"verdict"_qs).toString(), u"fail"_qs);
        const QString table = AutoscalingRenderer::table(rows, now);
        QVERIFY(table.contains(u"shop-prod"_qs));
        QVERIFY(table.contains(u"unable to scale"_qs));
        QVERIFY(table.contains(u"2h15m ago"_qs));
    }
};

QTEST_GUILESS_MAIN(TestHpaDiagnosis)
#include "tst_hpadiagnosis.moc"
