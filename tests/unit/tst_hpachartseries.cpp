// SPDX-License-Identifier: Apache-2.0
// What the autoscaling chart draws, from hand-made timelines: replica step lines, the min–max
// band, metric lines that break at unknown values and gaps, markers on the current line, the
// range's clipping and the overlay's labels.
#include "items/hpachartseries.h"

#include <QTest>

#include <cmath>

using namespace minato;
using history::HpaMark;
using history::HpaSample;
using history::HpaTimeline;
using items::HpaChartSeries;

namespace {

constexpr qint64 T0 = 1'700'000'000'000; // ms
constexpr double Nan = history::UnknownValue;

HpaSample sample(qint64 offsetS, qint32 current, qint32 desired, QList<double> metric = {}, QList<double> target = {})
{
    HpaSample s;
    s.timeMs = T0 + offsetS * 1000;
    s.minReplicas = 2;
    s.maxReplicas = 10;
    s.currentReplicas = current;
    s.desiredReplicas = desired;
    s.metricCurrent = std::move(metric);
    s.metricTarget = std::move(target);
    return s;
}

HpaTimeline timeline(const QString& name = u"checkout"_qs)
{
    HpaTimeline t;
    t.key = { u"pay-prod"_qs, u"shop"_qs, name };
    t.metricLabels = { u"cpu utilization"_qs };
    return t;
}

double at(qint64 offsetS)
{
    return double(T0) / 1000.0 + double(offsetS);
}

// "x:y" per point, NaN as "x:-", x relative to T0 in seconds.
QStringList printed(const QList<QPointF>& points)
{
    QStringList out;
    for (const QPointF& p : points)
        out << QString::number(p.x() - double(T0) / 1000.0)
                + (std::isnan(p.y()) ? u":-"_qs : QLatin1Char(':') + QString::number(p.y()));
    return out;
}

} // namespace

class TestHpaChartSeries : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ranges()
    {
        QCOMPARE(items::allChartRanges().size(), 4);
        QCOMPARE(items::chartRangeMs(items::ChartRange::OneHour), 3600 * 1000);
        QCOMPARE(items::chartRangeMs(items::ChartRange::SevenDays), 7LL * 24 * 3600 * 1000);
        QCOMPARE(items::chartRangeLabel(items::ChartRange::OneDay), u"24h"_qs);
        QCOMPARE(items::chartRangeLabel(items::ChartRange::SixHours), u"6h"_qs);
    }

    void replicaSteps()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3), sample(60, 3, 5), sample(120, 5, 5), sample(180, 4, 4) };
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        // A count holds until the sample that saw it change: a vertical step there.
        QCOMPARE(printed(s.current), (QStringList { u"0:3"_qs, u"60:3"_qs, u"120:3"_qs, u"120:5"_qs, u"180:5"_qs, u"180:4"_qs }));
        QCOMPARE(printed(s.desired), (QStringList { u"0:3"_qs, u"60:3"_qs, u"60:5"_qs, u"120:5"_qs, u"180:5"_qs, u"180:4"_qs }));
        QVERIFY(s.hasData());
        QCOMPARE(s.label, u"pay-prod shop/checkout"_qs);
        QCOMPARE(s.fromSeconds, at(0));
        QCOMPARE(s.toSeconds, at(3600));
    }

    void band()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3), sample(60, 3, 3), sample(120, 3, 3) };
        t.samples[2].maxReplicas = 12; // a spec change
        t.samples[1].minReplicas = -1; // not known: a hole in both bounds
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(printed(s.minReplicas), (QStringList { u"0:2"_qs, u"60:-"_qs, u"120:2"_qs }));
        QCOMPARE(printed(s.maxReplicas), (QStringList { u"0:10"_qs, u"60:-"_qs, u"120:12"_qs }));
        QCOMPARE(s.minReplicas.size(), s.maxReplicas.size());
    }

    void metricGapsBreakTheLine()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3, { 50 }, { 60 }), sample(60, 3, 3, { Nan }, { 60 }), sample(120, 3, 3, { 70 }, { 60 }),
            sample(180, 3, 3, {}, {}) /* a sample without the metric at all */, sample(240, 3, 3, { 40 }, { 60 }) };
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(s.metrics.size(), 1);
        QCOMPARE(s.metrics.first().label, u"cpu utilization"_qs);
        // Never drawn to 0: an unknown value is NaN, the line ends and starts again.
        QCOMPARE(printed(s.metrics.first().current), (QStringList { u"0:50"_qs, u"60:-"_qs, u"120:70"_qs, u"180:-"_qs, u"240:40"_qs }));
        QCOMPARE(printed(s.metrics.first().target), (QStringList { u"0:60"_qs, u"60:60"_qs, u"120:60"_qs, u"180:-"_qs, u"240:60"_qs }));
        for (const QPointF& p : s.metrics.first().current)
            QVERIFY(std::isnan(p.y()) || p.y() > 0);
    }

    void unknownReplicasBreak()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3), sample(60, -1, -1), sample(120, 4, 4) };
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        // After a break the line starts afresh: no step from the value before the hole.
        QCOMPARE(printed(s.current), (QStringList { u"0:3"_qs, u"60:-"_qs, u"120:4"_qs }));
    }

    void recordingGap()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3, { 50 }, { 60 }), sample(60, 3, 3, { 55 }, { 60 }), sample(1860, 3, 3, { 52 }, { 60 }) };
        const HpaChartSeries joined = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(printed(joined.current), (QStringList { u"0:3"_qs, u"60:3"_qs, u"1860:3"_qs }));
        // Half an hour without a sample, with a 10 minute limit: the lines break half way.
        const HpaChartSeries gapped = HpaChartSeries::of(t, T0, T0 + 3600 * 1000, 10 * 60 * 1000);
        QCOMPARE(printed(gapped.current), (QStringList { u"0:3"_qs, u"60:3"_qs, u"960:-"_qs, u"1860:3"_qs }));
        QCOMPARE(printed(gapped.metrics.first().current), (QStringList { u"0:50"_qs, u"60:55"_qs, u"960:-"_qs, u"1860:52"_qs }));
        QCOMPARE(printed(gapped.maxReplicas), (QStringList { u"0:10"_qs, u"60:10"_qs, u"960:-"_qs, u"1860:10"_qs }));
    }

    void rangeClipping()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(-120, 2, 2), sample(0, 3, 3), sample(60, 4, 4), sample(120, 5, 5), sample(4000, 6, 6) };
        HpaMark before;
        before.timeMs = T0 - 60 * 1000;
        before.reason = u"SuccessfulRescale"_qs;
        HpaMark inside = before;
        inside.timeMs = T0 + 90 * 1000;
        HpaMark after = before;
        after.timeMs = T0 + 4000 * 1000;
        t.marks = { before, inside, after };
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(printed(s.current), (QStringList { u"0:3"_qs, u"60:3"_qs, u"60:4"_qs, u"120:4"_qs, u"120:5"_qs }));
        QCOMPARE(s.events.size(), 1);
        QCOMPARE(s.events.first().time, at(90));
    }

    void markers()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(0, 3, 3), sample(60, 5, 5), sample(120, 5, 5) };
        HpaMark rescale;
        rescale.timeMs = T0 + 60 * 1000;
        rescale.kind = HpaMark::Kind::Event;
        rescale.type = u"Normal"_qs;
        rescale.reason = u"SuccessfulRescale"_qs;
        rescale.message = u"New size: 5; reason: cpu resource utilization (percentage of request) above target"_qs;
        HpaMark failed;
        failed.timeMs = T0 + 90 * 1000;
        failed.kind = HpaMark::Kind::Event;
        failed.type = u"Warning"_qs;
        failed.reason = u"FailedGetResourceMetric"_qs;
        failed.message = u"unable to get metrics for resource cpu"_qs;
        failed.count = 3;
        HpaMark early = failed;
        early.timeMs = T0 - 1; // before the range
        HpaMark condition;
        condition.timeMs = T0 + 30 * 1000;
        condition.kind = HpaMark::Kind::Condition;
        condition.type = u"ScalingActive"_qs;
        condition.status = u"False"_qs;
        condition.reason = u"FailedGetResourceMetric"_qs;
        HpaMark limited = condition;
        limited.type = u"ScalingLimited"_qs;
        limited.status = u"False"_qs;
        limited.reason = u"DesiredWithinRange"_qs;
        HpaMark spec;
        spec.timeMs = T0 + 100 * 1000;
        spec.kind = HpaMark::Kind::Spec;
        spec.type = u"maxReplicas"_qs;
        spec.status = u"12"_qs;
        t.marks = { early, condition, limited, rescale, failed, spec };

        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(s.events.size(), 2);
        const items::HpaChartMarker& first = s.events.at(0);
        QCOMPARE(first.time, at(60));
        QCOMPARE(first.replicas, 5.0); // on the current line: the sample at the same moment counts
        QVERIFY(!first.warning);
        QVERIFY(first.text.contains(u"SuccessfulRescale"_qs));
        QVERIFY(first.text.contains(u"New size: 5"_qs));
        const items::HpaChartMarker& second = s.events.at(1);
        QCOMPARE(second.time, at(90));
        QCOMPARE(second.replicas, 5.0);
        QVERIFY(second.warning);
        QVERIFY2(second.title.contains(u"×3"_qs), qPrintable(second.title));
        QVERIFY(second.text.contains(u"unable to get metrics"_qs));

        QCOMPARE(s.changes.size(), 3);
        QCOMPARE(s.changes.at(0).title, u"ScalingActive → False (FailedGetResourceMetric)"_qs);
        QVERIFY(s.changes.at(0).warning);
        QCOMPARE(s.changes.at(0).replicas, 3.0);
        QVERIFY(!s.changes.at(1).warning); // ScalingLimited False is the good case
        QCOMPARE(s.changes.at(2).title, u"maxReplicas → 12"_qs);
        QCOMPARE(s.changes.at(2).kind, HpaMark::Kind::Spec);
    }

    void markerBeforeAnySample()
    {
        HpaTimeline t = timeline();
        t.samples = { sample(60, 3, 3) };
        HpaMark m;
        m.timeMs = T0 + 10 * 1000;
        m.reason = u"SuccessfulRescale"_qs;
        t.marks = { m };
        const HpaChartSeries s = HpaChartSeries::of(t, T0, T0 + 3600 * 1000);
        QCOMPARE(s.events.size(), 1);
        QVERIFY(std::isnan(s.events.first().replicas));
    }

    void overlay()
    {
        HpaTimeline a = timeline(u"checkout"_qs);
        a.samples = { sample(0, 3, 3, { 50 }, { 60 }), sample(60, 4, 4, { 65 }, { 60 }) };
        HpaTimeline b = timeline(u"cart"_qs);
        b.key.cluster = u"pay-stg"_qs;
        b.metricLabels = { u"cpu utilization"_qs, u"pods/http_requests_per_second"_qs };
        b.samples = { sample(30, 2, 2, { 40, 100 }, { 60, 200 }) };
        HpaTimeline empty = timeline(u"idle"_qs);
        const QList<HpaChartSeries> series = HpaChartSeries::overlay({ a, b, empty }, T0, T0 + 3600 * 1000);
        QCOMPARE(series.size(), 3);
        QCOMPARE(series.at(0).label, u"pay-prod shop/checkout"_qs);
        QCOMPARE(series.at(1).label, u"pay-stg shop/cart"_qs);
        QCOMPARE(series.at(1).metrics.size(), 2);
        QCOMPARE(printed(series.at(1).metrics.at(1).current), QStringList { u"30:100"_qs });
        QVERIFY(!series.at(2).hasData());
        QCOMPARE(series.at(2).pointCount(), 0);
        QCOMPARE(series.at(0).pointCount(), 3 + 3 + 2 + 2 + 2 + 2); // current, desired (stepped), band, metric, target
    }
};

QTEST_GUILESS_MAIN(TestHpaChartSeries)
#include "tst_hpachartseries.moc"
