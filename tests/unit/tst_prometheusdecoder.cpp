// SPDX-License-Identifier: Apache-2.0
// The Prometheus side of the HPA backfill without a network: answers captured from a real
// Prometheus 2.42 scraping minato-sim (tests/data/prometheus/, written by
// tst_prometheusbackfill with MINATO_CAPTURE_PROMETHEUS), hand-written edge cases, the merge
// into timelines, the step arithmetic, fleet.yaml's `prometheus:` and the sim's exporter.
#include "fleet/fleetconfig.h"
#include "fleet/kubestatehistory.h"
#include "fleet/prometheusbackfill.h"
#include "fleet/prometheusdecoder.h"

#include "sim/kubestatemetrics.h"
#include "sim/objectstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

namespace {

QByteArray fixture(const QString& name)
{
    QFile file(QStringLiteral(MINATO_TEST_DATA_DIR "/prometheus/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

KubeStateHistory::Matrices capturedMatrices()
{
    KubeStateHistory::Matrices matrices;
    for (int i = 0; i < KubeStateSeriesCount; ++i) {
        const QString name = KubeStateHistory::metricName(KubeStateSeries(i)).mid(29) + u".json"_s;
        const Expected<PrometheusMatrix> matrix = PrometheusDecoder::decodeMatrix(fixture(name));
        if (!matrix)
            qFatal("%s: %s", qPrintable(name), qPrintable(matrix.error().message));
        matrices[i] = *matrix;
    }
    return matrices;
}

PrometheusSeries series(QMap<QString, QString> labels, QList<qint64> times, QList<double> values)
{
    PrometheusSeries s;
    s.labels = std::move(labels);
    s.timesMs = std::move(times);
    s.values = std::move(values);
    return s;
}

QMap<QString, QString> hpa(const QString& name, QMap<QString, QString> extra = {})
{
    extra.insert(u"namespace"_s, u"shop"_s);
    extra.insert(u"horizontalpodautoscaler"_s, name);
    return extra;
}

} // namespace

class TestPrometheusDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capturedMatricesDecode_data()
    {
        QTest::addColumn<QString>("file");
        for (int i = 0; i < KubeStateSeriesCount; ++i) {
            const QString name = KubeStateHistory::metricName(KubeStateSeries(i));
            QTest::newRow(qPrintable(name)) << name.mid(29) + u".json"_s;
        }
    }
    void capturedMatricesDecode()
    {
        QFETCH(QString, file);
        const Expected<PrometheusMatrix> matrix = PrometheusDecoder::decodeMatrix(fixture(file));
        QVERIFY2(matrix, qPrintable(matrix ? QString() : matrix.error().message));
        QVERIFY(matrix->series.size() >= 2);
        for (const PrometheusSeries& s : matrix->series) {
            QCOMPARE(s.labels.value(u"cluster"_s), u"alpha"_s);
            QCOMPARE(s.labels.value(u"job"_s), u"kube-state-metrics"_s);
            QVERIFY(!s.labels.value(u"horizontalpodautoscaler"_s).isEmpty());
            QVERIFY(!s.timesMs.isEmpty());
            QCOMPARE(s.timesMs.size(), s.values.size());
            for (qsizetype i = 1; i < s.timesMs.size(); ++i)
                QCOMPARE(s.timesMs.at(i) % 1000, 0); // step 1 s, whole-second start
        }
    }

    void capturedTimelines()
    {
        const QList<history::HpaTimeline> timelines = KubeStateHistory::timelines(u"alpha"_s, capturedMatrices());
        QCOMPARE(timelines.size(), 2);
        const history::HpaTimeline& worker = timelines.at(0);
        const history::HpaTimeline& web = timelines.at(1);
        QCOMPARE(worker.key, (history::HpaKey { u"alpha"_s, u"jobs"_s, u"worker"_s }));
        QCOMPARE(web.key, (history::HpaKey { u"alpha"_s, u"shop"_s, u"web"_s }));
        QCOMPARE(web.metricLabels, QStringList { u"cpu utilization %"_s });
        QCOMPARE(worker.metricLabels, QStringList { u"memory average"_s });
        int highest = 0;
        for (const history::HpaSample& s : web.samples) {
            QCOMPARE(s.minReplicas, 2);
            QCOMPARE(s.maxReplicas, 5);
            QCOMPARE(s.metricTarget, QList<double> { 60 });
            QVERIFY(std::isnan(s.metricCurrent.value(0)));
            QCOMPARE(s.source, history::HistorySource::Prometheus);
            highest = std::max(highest, s.currentReplicas);
        }
        QCOMPARE(highest, 5);
        QCOMPARE(web.samples.last().currentReplicas, 2);
        for (const history::HpaSample& s : worker.samples) {
            QCOMPARE(s.minReplicas, 1);
            QCOMPARE(s.maxReplicas, 6);
            QCOMPARE(s.metricTarget, QList<double> { 209715200 });
        }
        bool limitedOff = false;
        for (const history::HpaMark& m : web.marks) {
            QCOMPARE(m.kind, history::HpaMark::Kind::Condition); // min/max never changed
            limitedOff = limitedOff || (m.type == u"ScalingLimited" && m.status == u"False");
        }
        QVERIFY(limitedOff);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("contains");
        QTest::newRow("captured bad_data")
            << fixture(u"error_bad_data.json"_s) << int(ErrorKind::Server) << u"bad_data"_s;
        QTest::newRow("captured 11,000 points")
            << fixture(u"error_too_many_points.json"_s) << int(ErrorKind::Server) << u"11,000"_s;
        QTest::newRow("empty") << QByteArray() << int(ErrorKind::Parse) << u"not JSON"_s;
        QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>") << int(ErrorKind::Parse)
                              << u"not JSON"_s;
        QTest::newRow("array") << QByteArray("[]") << int(ErrorKind::Parse) << u"not a JSON object"_s;
        QTest::newRow("kubernetes status")
            << QByteArray(R"({"kind":"Status","apiVersion":"v1","status":"Failure","code":404})")
            << int(ErrorKind::Parse) << u"status is \"Failure\""_s;
        QTest::newRow("vector") << QByteArray(R"({"status":"success","data":{"resultType":"vector","result":[]}})")
                                << int(ErrorKind::Parse) << u"\"vector\""_s;
        QTest::newRow("result not a list")
            << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":{}}})") << int(ErrorKind::Parse)
            << u"not a list"_s;
        QTest::newRow("value not a string") << QByteArray(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}})")
                                            << int(ErrorKind::Parse) << u"a point"_s;
        QTest::newRow("no values") << QByteArray(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}})")
                                   << int(ErrorKind::Parse) << u"without"_s;
    }
    void errors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, contains);
        const Expected<PrometheusMatrix> matrix = PrometheusDecoder::decodeMatrix(body);
        QVERIFY(!matrix);
        QCOMPARE(int(matrix.error().kind), kind);
        QVERIFY2(matrix.error().message.contains(contains), qPrintable(matrix.error().message));
    }

    void errorText()
    {
        QCOMPARE(PrometheusDecoder::errorText(R"({"status":"error","errorType":"timeout","error":"query timed out"})"),
            u"timeout: query timed out"_s);
        QVERIFY(PrometheusDecoder::errorText(fixture(u"error_bad_data.json"_s)).startsWith(u"bad_data: "_s));
        QCOMPARE(PrometheusDecoder::errorText("<html/>"), QString());
    }

    void specialValuesAndWarnings()
    {
        const Expected<PrometheusMatrix> m = PrometheusDecoder::decodeMatrix(R"({"status":"success",
            "warnings":["partial response"],
            "data":{"resultType":"matrix","result":[{"metric":{"__name__":"x"},
            "values":[[1700000000.5,"NaN"],[1700000001,"+Inf"],[1700000002,"-Inf"],[1700000003,"1e3"]]}]}})");
        QVERIFY(m);
        QCOMPARE(m->warnings, QStringList { u"partial response"_s });
        const PrometheusSeries& s = m->series.first();
        QCOMPARE(s.timesMs, (QList<qint64> { 1700000000500, 1700000001000, 1700000002000, 1700000003000 }));
        QVERIFY(std::isnan(s.values.at(0)));
        QVERIFY(std::isinf(s.values.at(1)) && s.values.at(1) > 0);
        QVERIFY(std::isinf(s.values.at(2)) && s.values.at(2) < 0);
        QCOMPARE(s.values.at(3), 1000.0);
    }

    void mergeRules()
    {
        KubeStateHistory::Matrices m;
        const auto cur = int(KubeStateSeries::CurrentReplicas);
        const auto cond = int(KubeStateSeries::Condition);
        const auto max = int(KubeStateSeries::MaxReplicas);
        m[cur].series = {
            series(hpa(u"a"_s, { { u"instance"_s, u"one"_s } }), { 1000, 2000, 3000 }, { 2, 3, 4 }),
            // A second scrape job: only fills what the first lacks.
            series(hpa(u"a"_s, { { u"instance"_s, u"two"_s } }), { 3000, 4000 }, { 9, 5 }),
            series({ { u"namespace"_s, u"shop"_s } }, { 1000 }, { 7 }), // no HPA label: ignored
        };
        m[max].series = { series(hpa(u"a"_s), { 1000, 2000, 3000, 4000 }, { 5, 5, 6, 6 }) };
        m[cond].series = {
            series(hpa(u"a"_s, { { u"condition"_s, u"ScalingLimited"_s }, { u"status"_s, u"true"_s } }),
                { 1000, 2000, 4000 }, { 0, 1, 0 }),
            series(hpa(u"a"_s, { { u"condition"_s, u"ScalingLimited"_s }, { u"status"_s, u"false"_s } }),
                { 1000, 2000, 4000 }, { 1, 0, 1 }),
            // Absent at 2000 and 3000 (a gap), Unknown at 4000.
            series(hpa(u"a"_s, { { u"condition"_s, u"AbleToScale"_s }, { u"status"_s, u"true"_s } }), { 1000 }, { 1 }),
            series(
                hpa(u"a"_s, { { u"condition"_s, u"AbleToScale"_s }, { u"status"_s, u"unknown"_s } }), { 4000 }, { 1 }),
        };
        const QList<history::HpaTimeline> t = KubeStateHistory::timelines(u"c"_s, m);
        QCOMPARE(t.size(), 1);
        QCOMPARE(t.first().key, (history::HpaKey { u"c"_s, u"shop"_s, u"a"_s }));
        QList<qint32> current;
        for (const history::HpaSample& s : t.first().samples) {
            current.append(s.currentReplicas);
            QCOMPARE(s.minReplicas, -1); // not queried
            QVERIFY(s.metricTarget.isEmpty());
        }
        QCOMPARE(current, (QList<qint32> { 2, 3, 4, 5 }));
        QStringList marks;
        for (const history::HpaMark& mark : t.first().marks)
            marks.append(u"%1 %2 %3"_s.arg(mark.timeMs).arg(mark.type, mark.status));
        QCOMPARE(marks,
            (QStringList { u"2000 ScalingLimited True"_s, u"3000 maxReplicas 6"_s, u"4000 AbleToScale Unknown"_s,
                u"4000 ScalingLimited False"_s }));
    }

    void stepFor_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<qint64>("minimum");
        QTest::addColumn<qint64>("step");
        QTest::newRow("hour at 15 s") << 3600'000LL << 15000LL << 15000LL;
        QTest::newRow("empty") << 0LL << 0LL << 1000LL;
        QTest::newRow("fraction rounds up") << 60'000LL << 1500LL << 2000LL;
        QTest::newRow("day at 1 s") << 86400'000LL << 1000LL << 8000LL; // 86400 / 11000 = 7.9
        QTest::newRow("year at 15 s") << 31536000'000LL << 15000LL << 2867000LL;
    }
    void stepFor()
    {
        QFETCH(qint64, range);
        QFETCH(qint64, minimum);
        QFETCH(qint64, step);
        const qint64 start = 1700000000000;
        QCOMPARE(PrometheusBackfill::stepFor(start, start + range, minimum), step);
        QVERIFY(range / step <= PrometheusBackfill::MaxPoints);
    }

    void queryAndEndpoint()
    {
        QCOMPARE(PrometheusBackfill::query(KubeStateSeries::Condition, {}),
            u"kube_horizontalpodautoscaler_status_condition"_s);
        QCOMPARE(PrometheusBackfill::query(KubeStateSeries::MinReplicas, u"cluster=\"a\""_s),
            u"kube_horizontalpodautoscaler_spec_min_replicas{cluster=\"a\"}"_s);
        PrometheusSource source;
        source.url = u"https://prom.example.com/prefix"_s;
        source.insecureSkipTlsVerify = true;
        const kube::ClusterEndpoint e = PrometheusBackfill::endpointFor(u"prod"_s, source);
        QCOMPARE(e.name, u"prometheus/prod"_s);
        QCOMPARE(e.server, QUrl(u"https://prom.example.com/prefix"_s));
        QCOMPARE(e.auth, kube::ClusterEndpoint::Auth::None); // never the cluster's credentials
        QVERIFY(e.token.isEmpty() && e.clientKeyData.isEmpty());
        QVERIFY(e.insecureSkipTlsVerify);
        QVERIFY(!e.validate());
    }

    void fleetConfig_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("proxyPath");
        QTest::addColumn<QString>("diagnostic");
        QTest::newRow("url") << QByteArray("clusters:\n  - match: \"prod-*\"\n    prometheus:\n      url: "
                                           "http://prom:9090\n      selector: 'cluster=\"x\"'\n")
                             << u"http://prom:9090"_s << QString() << QString();
        QTest::newRow("service") << QByteArray("clusters:\n  - match: prod-1\n    prometheus:\n      service: "
                                               "monitoring/prometheus-k8s:9090\n")
                                 << QString() << u"/api/v1/namespaces/monitoring/services/prometheus-k8s:9090/proxy"_s
                                 << QString();
        QTest::newRow("service without port")
            << QByteArray("clusters:\n  - match: prod-1\n    prometheus: {service: monitoring/prometheus}\n")
            << QString() << u"/api/v1/namespaces/monitoring/services/prometheus/proxy"_s << QString();
        QTest::newRow("both") << QByteArray("clusters:\n  - match: prod-1\n    prometheus: {url: http://p, service: "
                                            "a/b}\n")
                              << QString() << QString() << u"prometheus-invalid"_s;
        QTest::newRow("neither") << QByteArray("clusters:\n  - match: prod-1\n    prometheus: {selector: a}\n")
                                 << QString() << QString() << u"prometheus-invalid"_s;
        QTest::newRow("ftp") << QByteArray("clusters:\n  - match: prod-1\n    prometheus: {url: 'ftp://p'}\n")
                             << QString() << QString() << u"prometheus-invalid"_s;
        QTest::newRow("bad service") << QByteArray(
            "clusters:\n  - match: prod-1\n    prometheus: {service: 'Mon/p:x:y'}\n")
                                     << QString() << QString() << u"prometheus-invalid"_s;
        QTest::newRow("braces") << QByteArray("clusters:\n  - match: prod-1\n    prometheus: {url: 'http://p', "
                                              "selector: '{a=\"b\"}'}\n")
                                << QString() << QString() << u"prometheus-invalid"_s;
        QTest::newRow("not a map") << QByteArray("clusters:\n  - match: prod-1\n    prometheus: http://p\n")
                                   << QString() << QString() << u"wrong-type"_s;
        QTest::newRow("typo") << QByteArray(
            "clusters:\n  - match: prod-1\n    prometheus: {url: 'http://p', urls: x}\n")
                              << u"http://p"_s << QString() << u"field-unknown"_s;
    }
    void fleetConfig()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, url);
        QFETCH(QString, proxyPath);
        QFETCH(QString, diagnostic);
        QTemporaryDir dir;
        const FleetConfig config = FleetConfig::parse(yaml, dir.filePath(u"fleet.yaml"_s), QProcessEnvironment());
        QStringList codes;
        for (const kube::Diagnostic& d : config.diagnostics)
            codes.append(d.code);
        QCOMPARE(codes, diagnostic.isEmpty() ? QStringList() : QStringList { diagnostic });
        const Classification c = config.classify(u"prod-1"_s);
        if (url.isEmpty() && proxyPath.isEmpty()) {
            QVERIFY(!c.prometheus);
            return;
        }
        QVERIFY(c.prometheus);
        QCOMPARE(c.prometheus->url, url);
        QCOMPARE(c.prometheus->proxyPath(), proxyPath);
        QCOMPARE(c.prometheus->isService(), !proxyPath.isEmpty());
        QVERIFY(c.prometheus->where.line > 0);
    }

    void firstRuleWins()
    {
        const FleetConfig config = FleetConfig::parse("clusters:\n"
                                                      "  - match: prod-1\n    team: a\n"
                                                      "  - match: 'prod-*'\n    prometheus: {url: 'http://group'}\n"
                                                      "  - match: '*'\n    prometheus: {url: 'http://all'}\n",
            u"/tmp/fleet.yaml"_s, QProcessEnvironment());
        QVERIFY(config.diagnostics.isEmpty());
        QCOMPARE(config.classify(u"prod-1"_s).prometheus->url, u"http://group"_s);
        QCOMPARE(config.classify(u"dev-1"_s).prometheus->url, u"http://all"_s);
    }

    void simExporter()
    {
        sim::ObjectStore store;
        store.put(u"horizontalpodautoscalers.autoscaling"_s,
            QJsonDocument::fromJson(R"({
            "metadata":{"name":"web","namespace":"shop","uid":"u1","generation":1},
            "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
                "minReplicas":2,"maxReplicas":8,"metrics":[
                {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
                {"type":"Pods","pods":{"metric":{"name":"rps"},"target":{"type":"AverageValue","averageValue":"1500m"}}},
                {"type":"External","external":{"metric":{"name":"queue"},"target":{"type":"Value","value":"30"}}}]},
            "status":{"currentReplicas":3,"desiredReplicas":4,"conditions":[
                {"type":"AbleToScale","status":"True"},{"type":"ScalingLimited","status":"False"}]}})")
                .object());
        const QByteArray text = sim::KubeStateMetrics::render(store);
        const QByteArray base = R"(namespace="shop",horizontalpodautoscaler="web")";
        for (const QByteArray& line :
            QList<QByteArray> {
                "# TYPE kube_horizontalpodautoscaler_status_current_replicas gauge\n"
                "kube_horizontalpodautoscaler_status_current_replicas{"
                    + base + "} 3\n",
                "kube_horizontalpodautoscaler_spec_min_replicas{" + base + "} 2\n",
                "kube_horizontalpodautoscaler_spec_max_replicas{" + base + "} 8\n",
                "kube_horizontalpodautoscaler_status_desired_replicas{" + base + "} 4\n",
                "kube_horizontalpodautoscaler_info{" + base
                    + R"(,scaletargetref_api_version="apps/v1",scaletargetref_kind="Deployment",scaletargetref_name="web"} 1)"
                    + "\n",
                "kube_horizontalpodautoscaler_spec_target_metric{" + base
                    + R"(,metric_name="cpu",metric_target_type="utilization"} 60)" + "\n",
                "kube_horizontalpodautoscaler_spec_target_metric{" + base
                    + R"(,metric_name="rps",metric_target_type="average"} 1.5)" + "\n",
                "kube_horizontalpodautoscaler_spec_target_metric{" + base
                    + R"(,metric_name="queue",metric_target_type="value"} 30)" + "\n",
                "kube_horizontalpodautoscaler_status_condition{" + base + R"(,condition="AbleToScale",status="true"} 1)"
                    + "\n",
                "kube_horizontalpodautoscaler_status_condition{" + base
                    + R"(,condition="ScalingLimited",status="false"} 1)" + "\n",
                "kube_horizontalpodautoscaler_status_condition{" + base
                    + R"(,condition="ScalingLimited",status="true"} 0)" + "\n",
            })
            QVERIFY2(text.contains(line), line.constData());
    }
};

QTEST_GUILESS_MAIN(TestPrometheusDecoder)
#include "tst_prometheusdecoder.moc"
