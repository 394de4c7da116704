// SPDX-License-Identifier: Apache-2.0
// HPA history backfilled from a real Prometheus (Debian's prometheus package) that scrapes the
// simulator's kube-state-metrics endpoint: the test starts both on loopback ports, lets the
// world scale an HPA past its maximum and back, and compares what the backfill reads through
// ObjectService with what the simulated API reported at the same moments.
//
// MINATO_CAPTURE_PROMETHEUS=<folder> also writes the raw answers the unit test replays
// (tests/data/prometheus/).
#include "fleet/fleetconfig.h"
#include "fleet/objectservice.h"
#include "fleet/prometheusbackfill.h"
#include "kube/apiclient.h"
#include "kube/apirouter.h"

#include "sim/requeststats.h"
#include "sim/scenario.h"
#include "sim/simulatedfleet.h"
#include "sim/worlddriver.h"

#include "prometheusprocess.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace minato;
using namespace minato::fleet;
using namespace minato::kube;
using namespace Qt::StringLiterals;

namespace {

// What the simulated API said about one HPA, and when (between sending and receiving).
struct Observation
{
    qint64 sentMs = 0;
    qint64 receivedMs = 0;
    int current = -1;
    int desired = -1;
    QString scalingLimited;
};

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class TestPrometheusBackfill : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SimulatedFleet> m_sim;
    sim::FleetInfo m_info;
    std::unique_ptr<PrometheusProcess> m_prometheus;
    std::unique_ptr<ApiClient> m_client;
    std::unique_ptr<ApiRouter> m_router;
    std::unique_ptr<ObjectService> m_objects;
    QTimer m_poll;
    bool m_polling = false;
    QMap<QString, QList<Observation>> m_observed; // by "namespace/name"

    PrometheusSource source(const QString& selector = u"cluster=\"alpha\""_s) const
    {
        PrometheusSource s;
        s.url = m_prometheus->url();
        s.selector = selector;
        return s;
    }

    // One GET through the real ObjectService, waited for in the event loop.
    ApiReply fetch(const QString& endpoint, const QString& path, QList<QPair<QString, QString>> query = {})
    {
        ObjectService::Request request(endpoint, path, std::move(query));
        request.cacheable = false;
        request.accept = "application/json";
        std::optional<ApiReply> answer;
        const ObjectService::Ticket ticket
            = m_objects->get(std::move(request), this, [&answer](const ApiReply& reply) { answer = reply; });
        if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000)) {
            m_objects->cancel(ticket); // the callback must not outlive `answer`
            return ApiReply {};
        }
        return answer.value_or(ApiReply {});
    }

    void pollApi()
    {
        if (m_polling)
            return;
        m_polling = true;
        const qint64 sent = nowMs();
        ObjectService::Request request(u"alpha"_s, u"/apis/autoscaling/v2/horizontalpodautoscalers"_s);
        request.cacheable = false;
        m_objects->get(std::move(request), this, [this, sent](const ApiReply& reply) {
            m_polling = false;
            if (!reply.isOk())
                return; // a throttled moment: the next poll tries again
            const qint64 received = nowMs();
            for (const QJsonValue& item : QJsonDocument::fromJson(reply.body).object().value(u"items").toArray()) {
                const QJsonObject hpa = item.toObject();
                const QJsonObject meta = hpa.value(u"metadata").toObject();
                const QJsonObject status = hpa.value(u"status").toObject();
                Observation o;
                o.sentMs = sent;
                o.receivedMs = received;
                o.current = status.value(u"currentReplicas").toInt(-1);
                o.desired = status.value(u"desiredReplicas").toInt(-1);
                for (const QJsonValue& c : status.value(u"conditions").toArray()) {
                    if (c.toObject().value(u"type").toString() == u"ScalingLimited")
                        o.scalingLimited = c.toObject().value(u"status").toString();
                }
                m_observed[meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString()].append(o);
            }
        });
    }

    // The replica counts the API reported for `hpa` from `fromMs` to `toMs`.
    QList<int> observedCurrent(const QString& hpa, qint64 fromMs, qint64 toMs) const
    {
        QList<int> values;
        for (const Observation& o : m_observed.value(hpa)) {
            if (o.receivedMs >= fromMs && o.sentMs <= toMs && !values.contains(o.current))
                values.append(o.current);
        }
        return values;
    }

    void capture(const QString& name, const QByteArray& body) const
    {
        const QString folder = qEnvironmentVariable("MINATO_CAPTURE_PROMETHEUS");
        if (folder.isEmpty())
            return;
        QDir().mkpath(folder);
        QFile file(folder + u'/' + name);
        if (file.open(QIODevice::WriteOnly))
            file.write(body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (PrometheusProcess::executable().isEmpty())
            QSKIP("prometheus is not installed (Debian: apt install prometheus)");
        qRegisterMetaType<ApiReply>();
        QVERIFY(m_dir.isValid());
        const auto scenario = sim::Scenario::load(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/prometheus.yaml"));
        QVERIFY2(scenario, qPrintable(scenario ? QString() : scenario.error().detail));
        sim::FleetOptions options;
        options.speed = 15; // the scale-down at 3m10s comes about 13 s after the start
        options.tickInterval = std::chrono::milliseconds(200);
        m_sim = std::make_unique<sim::SimulatedFleet>(options);
        sim::WorldDriver::populate(*m_sim, *scenario);
        const auto info = m_sim->start();
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        m_info = *info;

        m_client = std::make_unique<ApiClient>();
        m_router = std::make_unique<ApiRouter>(m_client.get());
        m_objects = std::make_unique<ObjectService>(m_router.get());
        ClusterEndpoint alpha;
        alpha.name = u"alpha"_s;
        alpha.server = QUrl(m_info.clusters.first().server);
        alpha.certificateAuthorityData = m_info.caCertificate;
        alpha.auth = ClusterEndpoint::Auth::Token;
        alpha.token = m_info.clusters.first().token;
        m_router->setEndpoint(alpha);
        connect(&m_poll, &QTimer::timeout, this, &TestPrometheusBackfill::pollApi);
        m_poll.start(200);

        m_prometheus = std::make_unique<PrometheusProcess>(m_dir.path());
        QVERIFY2(m_prometheus->start(m_info.caCertificate, m_info.clusters.first().port, u"alpha"_s),
            qPrintable(u"prometheus did not become ready: "_s + m_prometheus->log()));
        const ClusterEndpoint endpoint = PrometheusBackfill::endpointFor(u"alpha"_s, source());
        m_router->setEndpoint(endpoint);
        QVERIFY(QTest::qWaitFor([&] { return fetch(endpoint.name, u"/-/ready"_s).httpStatus == 200; }, 20000));
    }

    void cleanupTestCase()
    {
        m_poll.stop();
        m_prometheus.reset(); // SIGTERM: Prometheus shuts down cleanly
        m_objects.reset();
        m_router.reset();
        m_client.reset();
        if (m_sim)
            m_sim->stop();
    }

    void backfillMatchesTheApi()
    {
        // Until the world has scaled web down again and Prometheus has scraped that.
        const QString endpoint = PrometheusBackfill::endpointName(u"alpha"_s);
        const auto prometheusSaw = [&](const QString& query) {
            const ApiReply reply = fetch(endpoint, u"/api/v1/query"_s, { { u"query"_s, query } });
            return reply.isOk() && reply.body.contains("\"horizontalpodautoscaler\":\"web\"");
        };
        QVERIFY(QTest::qWaitFor(
            [&] {
                return prometheusSaw(u"kube_horizontalpodautoscaler_status_condition{horizontalpodautoscaler=\"web\","
                                     "condition=\"ScalingLimited\",status=\"false\"} == 1"_s)
                    && prometheusSaw(u"kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler="
                                     "\"web\"} == 2"_s);
            },
            40000));
        const qint64 endMs = nowMs();
        const qint64 startMs = m_prometheus->startedMs() - 1000;

        PrometheusBackfill backfill(m_objects.get(), m_router.get());
        QSignalSpy finished(&backfill, &PrometheusBackfill::backfillFinished);
        backfill.backfill(u"alpha"_s, source(), startMs, endMs, 1000);
        QVERIFY(finished.wait(20000));
        const auto result = finished.first().at(0).value<PrometheusBackfillResult>();
        QVERIFY2(result.isOk(), qPrintable(result.error ? result.error->message : QString()));
        QCOMPARE(result.context, u"alpha"_s);
        QCOMPARE(result.stepMs, 1000);
        QCOMPARE(result.timelines.size(), 2);

        // Sorted by namespace, then name.
        const history::HpaTimeline& worker = result.timelines.at(0);
        const history::HpaTimeline& web = result.timelines.at(1);
        QCOMPARE(worker.key, (history::HpaKey { u"alpha"_s, u"jobs"_s, u"worker"_s }));
        QCOMPARE(web.key, (history::HpaKey { u"alpha"_s, u"shop"_s, u"web"_s }));
        QCOMPARE(web.metricLabels, QStringList { u"cpu utilization %"_s });
        QCOMPARE(worker.metricLabels, QStringList { u"memory average"_s });
        QVERIFY(web.samples.size() >= 8);

        struct Expect
        {
            const history::HpaTimeline* timeline;
            QString key;
            int min;
            int max;
            double target;
        };
        for (const Expect& e : { Expect { &web, u"shop/web"_s, 2, 5, 60.0 },
                 Expect { &worker, u"jobs/worker"_s, 1, 6, 200.0 * 1024 * 1024 } }) {
            int compared = 0;
            qint64 previous = 0;
            for (const history::HpaSample& s : e.timeline->samples) {
                QVERIFY(s.timeMs > previous);
                previous = s.timeMs;
                QCOMPARE(s.source, history::HistorySource::Prometheus);
                QCOMPARE(s.minReplicas, e.min);
                QCOMPARE(s.maxReplicas, e.max);
                QVERIFY2(s.currentReplicas >= 1 && s.currentReplicas <= e.max, qPrintable(e.key));
                QVERIFY(s.desiredReplicas >= e.min && s.desiredReplicas <= e.max);
                QCOMPARE(s.metricTarget.size(), 1);
                QCOMPARE(s.metricTarget.first(), e.target);
                QCOMPARE(s.metricCurrent.size(), 1);
                QVERIFY(std::isnan(s.metricCurrent.first()));
                // The step at t shows the last scrape before t: 1 s apart, but on two busy cores a
                // scrape can be late or missed, so the window reaches 10 s back; the API polls every
                // 200 ms: some poll in that window saw the same count.
                const QList<int> seen = observedCurrent(e.key, s.timeMs - 10000, s.timeMs + 500);
                if (seen.isEmpty())
                    continue;
                QVERIFY2(seen.contains(s.currentReplicas),
                    qPrintable(u"%1 at %2: Prometheus %3, API %4"_s.arg(e.key)
                                   .arg(s.timeMs)
                                   .arg(s.currentReplicas)
                                   .arg(QString::fromLatin1(QJsonDocument(QJsonArray::fromVariantList([&] {
                                       QVariantList l;
                                       for (int v : seen)
                                           l.append(v);
                                       return l;
                                   }()))
                                                                .toJson(QJsonDocument::Compact)))));
                ++compared;
            }
            QVERIFY2(compared >= e.timeline->samples.size() / 2, qPrintable(e.key));
        }

        // web went to its maximum and came back to its minimum.
        int highest = 0;
        for (const history::HpaSample& s : web.samples)
            highest = std::max(highest, s.currentReplicas);
        QCOMPARE(highest, 5);
        QCOMPARE(web.samples.last().currentReplicas, 2);

        // ScalingLimited flipped back to False, close to when the API said so.
        const history::HpaMark* flip = nullptr;
        for (const history::HpaMark& m : web.marks) {
            QCOMPARE(m.source, history::HistorySource::Prometheus);
            if (m.kind == history::HpaMark::Kind::Condition && m.type == u"ScalingLimited" && m.status == u"False")
                flip = &m;
        }
        QVERIFY2(flip, "no ScalingLimited=False mark");
        qint64 apiFlipMs = 0;
        QString before;
        for (const Observation& o : m_observed.value(u"shop/web"_s)) {
            if (before == u"True" && o.scalingLimited == u"False" && apiFlipMs == 0)
                apiFlipMs = o.receivedMs;
            before = o.scalingLimited;
        }
        QVERIFY(apiFlipMs > 0);
        QVERIFY2(std::abs(flip->timeMs - apiFlipMs) <= 3000,
            qPrintable(u"mark at %1, API at %2"_s.arg(flip->timeMs).arg(apiFlipMs)));

        // The raw answers for the decoder's unit test.
        if (!qEnvironmentVariable("MINATO_CAPTURE_PROMETHEUS").isEmpty()) {
            const QString start = QString::number(startMs / 1000);
            const QString end = QString::number((endMs + 999) / 1000);
            for (int i = 0; i < KubeStateSeriesCount; ++i) {
                const auto series = KubeStateSeries(i);
                const ApiReply reply = fetch(endpoint, u"/api/v1/query_range"_s,
                    { { u"query"_s, PrometheusBackfill::query(series, u"cluster=\"alpha\""_s) }, { u"start"_s, start },
                        { u"end"_s, end }, { u"step"_s, u"1"_s } });
                QVERIFY(reply.isOk());
                capture(KubeStateHistory::metricName(series).mid(29) + u".json"_s, reply.body);
            }
        }
    }

    void prometheusErrorsBecomeMessages()
    {
        PrometheusBackfill backfill(m_objects.get(), m_router.get());
        QSignalSpy finished(&backfill, &PrometheusBackfill::backfillFinished);
        const qint64 end = nowMs();

        // A selector Prometheus cannot parse: its bad_data answer, with its text.
        backfill.backfill(u"alpha"_s, source(u"cluster=="_s), end - 60000, end, 1000);
        QVERIFY(finished.wait(20000));
        auto result = finished.takeFirst().at(0).value<PrometheusBackfillResult>();
        QVERIFY(!result.isOk());
        QVERIFY2(result.error->message.contains(u"Prometheus history for alpha"), qPrintable(result.error->message));
        QVERIFY2(result.error->message.contains(u"bad_data"), qPrintable(result.error->message));
        QVERIFY(result.timelines.isEmpty());

        const QString endpoint = PrometheusBackfill::endpointName(u"alpha"_s);
        const ApiReply bad = fetch(endpoint, u"/api/v1/query_range"_s,
            { { u"query"_s, u"kube_horizontalpodautoscaler_status_current_replicas{cluster=="_s },
                { u"start"_s, QString::number(end / 1000 - 60) }, { u"end"_s, QString::number(end / 1000) },
                { u"step"_s, u"1"_s } });
        QCOMPARE(bad.httpStatus, 400);
        capture(u"error_bad_data.json"_s, bad.body);
        // More than 11,000 points: what stepFor() keeps us from asking.
        const ApiReply tooMany = fetch(endpoint, u"/api/v1/query_range"_s,
            { { u"query"_s, u"kube_horizontalpodautoscaler_status_current_replicas"_s },
                { u"start"_s, QString::number(end / 1000 - 20000) }, { u"end"_s, QString::number(end / 1000) },
                { u"step"_s, u"1"_s } });
        QCOMPARE(tooMany.httpStatus, 400);
        capture(u"error_too_many_points.json"_s, tooMany.body);
        // A year at the default 15 s minimum needs a coarser step, which Prometheus accepts.
        const qint64 yearMs = 365LL * 24 * 3600 * 1000;
        backfill.backfill(u"alpha"_s, source(), end - yearMs, end);
        QVERIFY(finished.wait(20000));
        result = finished.takeFirst().at(0).value<PrometheusBackfillResult>();
        QVERIFY2(result.isOk(), qPrintable(result.error ? result.error->message : QString()));
        QVERIFY(result.stepMs > 15000);
        QVERIFY((result.endMs - result.startMs) / result.stepMs <= PrometheusBackfill::MaxPoints);

        // Nothing listens there any more: a network error for this cluster, not a crash.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        PrometheusSource closed;
        closed.url = u"http://127.0.0.1:"_s + QString::number(probe.serverPort());
        probe.close();
        backfill.backfill(u"beta"_s, closed, end - 60000, end, 1000);
        QVERIFY(finished.wait(20000));
        result = finished.takeFirst().at(0).value<PrometheusBackfillResult>();
        QCOMPARE(result.context, u"beta"_s);
        QVERIFY(!result.isOk());
        QCOMPARE(result.error->kind, ErrorKind::Network);
        QVERIFY2(result.error->message.contains(u"Prometheus history for beta"), qPrintable(result.error->message));

        // Something that is not Prometheus: the simulated apiserver answers /api/v1/query_range
        // with a Kubernetes 404, which is reported as such.
        PrometheusSource wrong;
        wrong.url = m_info.clusters.first().server;
        wrong.certificateAuthority = m_prometheus->caFile();
        backfill.backfill(u"gamma"_s, wrong, end - 60000, end, 1000);
        QVERIFY(finished.wait(20000));
        result = finished.takeFirst().at(0).value<PrometheusBackfillResult>();
        QVERIFY(!result.isOk());
        QVERIFY2(result.error->message.contains(u"Prometheus history for gamma"), qPrintable(result.error->message));
    }

    void servicePathIsVetted()
    {
        // The service form goes through the cluster's own endpoint and the apiserver's service
        // proxy (the one proxy path the read-only guard lets through). The simulator serves no
        // Prometheus behind it, so the answer is a 404, reported with the source it came from.
        PrometheusBackfill backfill(m_objects.get(), m_router.get());
        QSignalSpy finished(&backfill, &PrometheusBackfill::backfillFinished);
        PrometheusSource service;
        service.serviceNamespace = u"monitoring"_s;
        service.serviceName = u"prometheus-k8s"_s;
        service.servicePort = u"9090"_s;
        const qint64 end = nowMs();
        backfill.backfill(u"alpha"_s, service, end - 60000, end, 1000);
        QVERIFY(finished.wait(20000));
        const auto result = finished.first().at(0).value<PrometheusBackfillResult>();
        QVERIFY(!result.isOk());
        QVERIFY2(result.error->message.contains(u"service monitoring/prometheus-k8s:9090"),
            qPrintable(result.error->message));
        QCOMPARE(m_sim->stats().mutating(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPrometheusBackfill)
#include "tst_prometheusbackfill.moc"
