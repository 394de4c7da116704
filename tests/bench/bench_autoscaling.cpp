// SPDX-License-Identifier: Apache-2.0
// The autoscaling tab at fleet scale (docs/performance.md). 2,000 HPAs in 10 clusters: their
// history every 15 s written through HpaHistory and the real writer as bench_history does, plus
// the marks the recorder writes (rescales, condition changes, warnings), ending now; and the
// clusters' stores (the HPAs, their Deployments, pods, APIServices, events) decoded by the
// kinds' own decoders into the sessions of a FleetEngine that never connects. A fifth of the
// HPAs are in trouble: idle at min, pinned at max, flapping, unable to scale, held back.
// Then it measures what the GUI thread does:
// 1. one HPA's 24 h chart, for 50 HPAs: the history lookup, HpaChartSeries, feeding the graphs
//    (HpaChartView::setHpas) and a real render (replot(rpImmediateRefresh) + grab()). Budget 50 ms.
// 2. the fleet table: AutoscalingRow::of for every HPA with its history lookup (as
//    AutoscalingWorkspace::rebuildNow does), filling an AutoscalingTableModel under an
//    AutoscalingFilterProxy, and sorting it by state. Budget 100 ms. Beside it the workspace's
//    own re-evaluation (every 15 s) and where the rows' time goes.
// Budgets hold for the median; exit 1 when one is missed.
// Run by hand from the build folder (offscreen is the default without a display):
//   tests/bench/bench_autoscaling [hpas] [hours of history] [runs] [file]
#include "hpachartview.h"
#include "plotsupport.h"

#include "analysis/autoscalingreport.h"
#include "analysis/hpaactivity.h"
#include "analysis/hpadiagnosis.h"
#include "analysis/hpastoreindex.h"
#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"
#include "fleet/listpage.h"
#include "fleet/projectiondecoder.h"
#include "history/hpahistory.h"
#include "items/autoscalingfilterproxy.h"
#include "items/autoscalingtablemodel.h"
#include "items/autoscalingworkspace.h"
#include "items/hpaactivitycache.h"
#include "items/hparecorder.h"
#include "kinds/kindregistry.h"
#include "kube/payloaddecoder.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPixmap>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <random>

using namespace minato;
using history::HpaKey;
using history::HpaMark;
using history::HpaSample;

namespace {

constexpr qint64 StepMs = 15000;
constexpr qint64 Minute = 60 * 1000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr int HpasPerCluster = 200;

// What an HPA does. By i % 20: 14 of 20 scale normally on various metrics, then idle at min
// (2), pinned at max, flapping, unable to scale (a pods metric the adapter does not serve),
// held back by the scale-down stabilization window.
enum class Behaviour : quint8
{
    Cpu,
    CpuAndRps,
    External,
    Container,
    CpuAndMemory,
    IdleAtMin,
    PinnedAtMax,
    Flapping,
    UnableToScale,
    Stabilized,
};
constexpr Behaviour ByRest[20] = { Behaviour::Cpu, Behaviour::Cpu, Behaviour::Cpu, Behaviour::Cpu, Behaviour::Cpu,
    Behaviour::Cpu, Behaviour::CpuAndRps, Behaviour::CpuAndRps, Behaviour::CpuAndRps, Behaviour::External,
    Behaviour::External, Behaviour::Container, Behaviour::CpuAndMemory, Behaviour::CpuAndMemory, Behaviour::IdleAtMin,
    Behaviour::IdleAtMin, Behaviour::PinnedAtMax, Behaviour::Flapping, Behaviour::UnableToScale,
    Behaviour::Stabilized };

struct Metric
{
    enum Source : quint8
    {
        Resource,
        Container,
        Pods,
        External,
    } source;
    QString name;
    double target; // percent for utilization, else the average value
    QString label; // as hpaMetricLabel names it
};

QList<Metric> metricsOf(Behaviour b)
{
    const Metric cpu { Metric::Resource, QStringLiteral("cpu"), 70, QStringLiteral("cpu utilization") };
    const Metric memory { Metric::Resource, QStringLiteral("memory"), 80, QStringLiteral("memory utilization") };
    const Metric rps { Metric::Pods, QStringLiteral("http_requests_per_second"), 50,
        QStringLiteral("pods/http_requests_per_second") };
    switch (b) {
    case Behaviour::CpuAndRps:
    case Behaviour::PinnedAtMax:
        return { cpu, rps };
    case Behaviour::External:
        return { { Metric::External, QStringLiteral("queue_messages_ready"), 30,
            QStringLiteral("external/queue_messages_ready") } };
    case Behaviour::Container:
        return { { Metric::Container, QStringLiteral("cpu"), 60, QStringLiteral("app/cpu utilization") }, memory };
    case Behaviour::CpuAndMemory:
        return { cpu, memory };
    case Behaviour::UnableToScale:
        return { { Metric::Pods, QStringLiteral("kafka_consumer_lag"), 100,
            QStringLiteral("pods/kafka_consumer_lag") } };
    default:
        return { cpu };
    }
}

struct Hpa
{
    HpaKey key;
    Behaviour behaviour = Behaviour::Cpu;
    QList<Metric> metrics;
    QStringList labels;
    HpaSample sample;
    double base = 0; // demand in pods at the target, before the daily curve
    qint64 samplePhaseMs = 0;
    qint64 dailyPhaseMs = 0;
    qint64 pinnedFromMs = 0;
    qint64 lastScaleMs = 0;
    bool pinnedMarked = false;
};

// Demand in pods exactly at the target: a daily curve, a flapping HPA's 3-minute square wave.
double demandOf(const Hpa& h, qint64 t)
{
    const double daily = 1 + 0.45 * std::sin(2 * std::numbers::pi * double(t - h.dailyPhaseMs) / double(Day));
    switch (h.behaviour) {
    case Behaviour::IdleAtMin:
        return h.base * daily * 0.3;
    case Behaviour::PinnedAtMax:
        return t >= h.pinnedFromMs ? h.sample.maxReplicas * 1.6 : h.base * daily;
    case Behaviour::Flapping:
        return ((t - h.dailyPhaseMs) / (3 * Minute)) % 2 ? h.base + 1.6 : h.base - 0.7;
    case Behaviour::UnableToScale:
        return h.base;
    default:
        return h.base * daily;
    }
}

HpaMark rescaleMark(qint64 t, int to, bool up, const QString& label)
{
    HpaMark m;
    m.timeMs = t;
    m.type = QStringLiteral("Normal");
    m.reason = QStringLiteral("SuccessfulRescale");
    m.message = up ? QStringLiteral("New size: %1; reason: %2 above target").arg(to).arg(label)
                   : QStringLiteral("New size: %1; reason: All metrics below target").arg(to);
    return m;
}

// One 15 s step of an HPA: the controller's rule with its 10 % tolerance, a delay for the
// stabilization (a flapping HPA has none), the metric values that follow. Marks it would record.
void step(Hpa& h, qint64 t, std::mt19937_64& random, QList<HpaMark>& marks)
{
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    HpaSample& s = h.sample;
    s.timeMs = t + h.samplePhaseMs + qint64(noise(random) * 20);
    const double demand = std::max(0.2, demandOf(h, t) * (1 + noise(random) * 0.03));
    if (h.behaviour != Behaviour::UnableToScale && std::abs(demand / s.currentReplicas - 1) > 0.1) {
        const int wanted = std::clamp(int(std::ceil(demand)), s.minReplicas, s.maxReplicas);
        s.desiredReplicas = wanted;
        if (wanted != s.currentReplicas && (h.behaviour == Behaviour::Flapping || uniform(random) < 0.08)) {
            marks.append(rescaleMark(s.timeMs, wanted, wanted > s.currentReplicas, h.labels.first()));
            s.currentReplicas = wanted;
            h.lastScaleMs = s.timeMs;
        }
    } else {
        s.desiredReplicas = s.currentReplicas;
    }
    if (h.behaviour == Behaviour::PinnedAtMax && !h.pinnedMarked && s.currentReplicas == s.maxReplicas
        && t >= h.pinnedFromMs) {
        h.pinnedMarked = true;
        HpaMark m;
        m.timeMs = s.timeMs;
        m.kind = HpaMark::Kind::Condition;
        m.type = QStringLiteral("ScalingLimited");
        m.status = QStringLiteral("True");
        m.reason = QStringLiteral("TooManyReplicas");
        m.message = QStringLiteral("the desired replica count is more than the maximum replica count");
        marks.append(m);
    }
    if (h.behaviour == Behaviour::UnableToScale && (t / StepMs) % (Hour / StepMs) == 0) {
        HpaMark m;
        m.timeMs = s.timeMs;
        m.type = QStringLiteral("Warning");
        m.reason = QStringLiteral("FailedGetPodsMetric");
        m.message = QStringLiteral("unable to get metric kafka_consumer_lag: unable to fetch metrics from custom "
                                   "metrics API: no metrics returned from custom metrics API");
        m.count = 240;
        marks.append(m);
    }
    for (qsizetype m = 0; m < h.metrics.size(); ++m) {
        const Metric& metric = h.metrics.at(m);
        s.metricTarget[m] = metric.target;
        s.metricCurrent[m] = h.behaviour == Behaviour::UnableToScale
            ? history::UnknownValue
            : std::round(metric.target * demand / s.currentReplicas * (1 + noise(random) * 0.02) * 1000) / 1000;
    }
}

// --- The objects of a cluster, as the API server lists them (JSON text, %1… filled in) ---------

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString metadata(const QString& nameSpace, const QString& name, qint64& uid, qint64 createdMs)
{
    ++uid;
    return QStringLiteral(R"({"name":"%1","uid":"00000000-0000-4000-8000-%2","resourceVersion":"%3",)"
                          R"("creationTimestamp":"%4","generation":1%5)")
               .arg(name, QStringLiteral("%1").arg(uid, 12, 10, QLatin1Char('0')), QString::number(1000 + uid),
                   iso(createdMs),
                   nameSpace.isEmpty() ? QString() : QStringLiteral(R"(,"namespace":"%1")").arg(nameSpace))
        + QLatin1Char('}');
}

QString condition(const char* type, const char* status, const char* reason, const char* message, qint64 atMs)
{
    return QStringLiteral(R"({"type":"%1","status":"%2","reason":"%3","message":"%4","lastTransitionTime":"%5"})")
        .arg(QLatin1String(type), QLatin1String(status), QLatin1String(reason), QLatin1String(message), iso(atMs));
}

// A spec.metrics entry (current: false) or a status.currentMetrics entry with its value.
QString metricJson(const Metric& m, bool current, double value)
{
    const bool utilization = m.source == Metric::Resource || m.source == Metric::Container;
    const QString target = current
        ? (utilization ? QStringLiteral(R"("current":{"averageUtilization":%1})").arg(std::lround(value))
                       : QStringLiteral(R"("current":{"averageValue":"%1m"})").arg(qRound64(value * 1000)))
        : (utilization ? QStringLiteral(R"("target":{"type":"Utilization","averageUtilization":%1})").arg(m.target)
                       : QStringLiteral(R"("target":{"type":"AverageValue","averageValue":"%1"})").arg(m.target));
    switch (m.source) {
    case Metric::Resource:
        return QStringLiteral(R"({"type":"Resource","resource":{"name":"%1",%2}})").arg(m.name, target);
    case Metric::Container:
        return QStringLiteral(R"({"type":"ContainerResource","containerResource":{"name":"%1","container":"app",%2}})")
            .arg(m.name, target);
    case Metric::Pods:
        return QStringLiteral(R"({"type":"Pods","pods":{"metric":{"name":"%1"},%2}})").arg(m.name, target);
    case Metric::External:
        break;
    }
    return QStringLiteral(R"({"type":"External","external":{"metric":{"name":"%1",)"
                          R"("selector":{"matchLabels":{"queue":"orders"}}},%2}})")
        .arg(m.name, target);
}

// The HPA as autoscaling/v2 serves it in its final state: spec, current metrics, conditions.
QString hpaJson(const Hpa& h, qint64& uid, qint64 startMs, qint64 nowMs)
{
    const HpaSample& s = h.sample;
    QStringList spec;
    QStringList current;
    for (qsizetype m = 0; m < h.metrics.size(); ++m) {
        spec << metricJson(h.metrics.at(m), false, 0);
        if (!std::isnan(s.metricCurrent.at(m)))
            current << metricJson(h.metrics.at(m), true, s.metricCurrent.at(m));
    }
    QStringList conditions;
    if (h.behaviour == Behaviour::Stabilized)
        conditions << condition("AbleToScale", "True", "ScaleDownStabilized",
            "recent recommendations were higher than current one, applying the highest recent recommendation",
            nowMs - 2 * Minute);
    else
        conditions << condition(
            "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", nowMs - 10 * Minute);
    if (h.behaviour == Behaviour::UnableToScale)
        conditions << condition("ScalingActive", "False", "FailedGetPodsMetric",
            "the HPA was unable to compute the replica count: unable to get metric kafka_consumer_lag: unable to "
            "fetch metrics from custom metrics API: no metrics returned from custom metrics API",
            startMs);
    else
        conditions << condition("ScalingActive", "True", "ValidMetricFound",
            "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage "
            "of request)",
            startMs);
    if (h.behaviour == Behaviour::PinnedAtMax)
        conditions << condition("ScalingLimited", "True", "TooManyReplicas",
            "the desired replica count is more than the maximum replica count", h.pinnedFromMs);
    else if (h.behaviour == Behaviour::IdleAtMin)
        conditions << condition("ScalingLimited", "True", "TooFewReplicas",
            "the desired replica count is less than the minimum replica count", startMs);
    else
        conditions << condition("ScalingLimited", "False", "DesiredWithinRange",
            "the desired count is within the acceptable range", nowMs - Hour);
    QString behavior;
    if (h.behaviour == Behaviour::Flapping || h.behaviour == Behaviour::Stabilized)
        behavior = QStringLiteral(R"(,"behavior":{"scaleDown":{"stabilizationWindowSeconds":%1}})")
                       .arg(h.behaviour == Behaviour::Flapping ? 0 : 600);
    const QString specJson = QStringLiteral(R"({"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment",)"
                                            R"("name":"%1"},"minReplicas":%2,"maxReplicas":%3,"metrics":[%4]%5})")
                                 .arg(h.key.name, QString::number(s.minReplicas), QString::number(s.maxReplicas),
                                     spec.join(QLatin1Char(',')), behavior);
    const QString statusJson
        = QStringLiteral(R"({"currentReplicas":%1,"desiredReplicas":%2,"currentMetrics":[%3],)"
                         R"("conditions":[%4],"observedGeneration":1%5})")
              .arg(QString::number(s.currentReplicas), QString::number(s.desiredReplicas),
                  current.join(QLatin1Char(',')), conditions.join(QLatin1Char(',')),
                  h.lastScaleMs > 0 ? QStringLiteral(R"(,"lastScaleTime":"%1")").arg(iso(h.lastScaleMs)) : QString());
    return QStringLiteral(R"({"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":%1,)"
                          R"("spec":%2,"status":%3})")
        .arg(metadata(h.key.nameSpace, h.key.name, uid, startMs), specJson, statusJson);
}

QString deploymentJson(const QString& nameSpace, const QString& name, int replicas, qint64& uid, qint64 atMs)
{
    return QStringLiteral(
        R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":%1,"spec":{"replicas":%2,)"
        R"("selector":{"matchLabels":{"app.kubernetes.io/name":"%3"}},"template":{"metadata":{"labels":)"
        R"({"app.kubernetes.io/name":"%3"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/%3:1.4.2",)"
        R"("resources":{"requests":{"cpu":"250m","memory":"256Mi"}}}]}}},"status":{"replicas":%2,"readyReplicas":%2,)"
        R"("availableReplicas":%2,"observedGeneration":1}})")
        .arg(metadata(nameSpace, name, uid, atMs), QString::number(replicas), name);
}

// tests/data/objects/pod_running.json under another name, namespace and labels.
QString podJson(const QString& pod, const QString& nameSpace, const QString& name, const QString& labelJson,
    qint64& uid, qint64 atMs)
{
    QString meta = metadata(nameSpace, name, uid, atMs);
    meta.chop(1);
    return QString(pod).replace(
        QLatin1String("\"metadata\":{}"), QStringLiteral(R"("metadata":%1,"labels":{%2}})").arg(meta, labelJson));
}

QString apiServiceJson(const QString& group, const QString& version, const QString& service, qint64& uid, qint64 atMs)
{
    const QString name = version + QLatin1Char('.') + group;
    return QStringLiteral(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":%1,)"
                          R"("spec":{"group":"%2","version":"%3","groupPriorityMinimum":100,"versionPriority":100%4},)"
                          R"("status":{"conditions":[%5]}})")
        .arg(metadata({}, name, uid, atMs), group, version,
            service.isEmpty() ? QString()
                              : QStringLiteral(R"(,"service":{"namespace":"%1","name":"%2","port":443})")
                                    .arg(service.section(QLatin1Char('/'), 0, 0), service.section(QLatin1Char('/'), 1)),
            service.isEmpty() ? condition("Available", "True", "Local", "Local APIServices are always available", atMs)
                              : condition("Available", "True", "Passed", "all checks passed", atMs));
}

QString eventJson(const QString& nameSpace, const QString& kind, const QString& object, const QString& type,
    const QString& reason, const QString& message, int count, qint64& uid, qint64 firstMs, qint64 lastMs)
{
    return QStringLiteral(R"({"apiVersion":"v1","kind":"Event","metadata":%1,"involvedObject":{"kind":"%2",)"
                          R"("name":"%3","namespace":"%4"},"type":"%5","reason":"%6","message":"%7","count":%8,)")
               .arg(metadata(nameSpace, object + QStringLiteral(".%1").arg(uid + 1, 0, 16), uid, firstMs), kind, object,
                   nameSpace, type, reason, message, QString::number(count))
        + QStringLiteral(R"("firstTimestamp":"%1","lastTimestamp":"%2"})").arg(iso(firstMs), iso(lastMs));
}

// Decodes a list of one kind with the catalog's decoder, as a reflector would, into the store.
void load(
    fleet::ClusterStore& store, const fleet::KindCatalog& catalog, fleet::WatchedKind kind, const QStringList& items)
{
    static const auto projections = std::make_shared<fleet::ProjectionDecoder>();
    const QByteArray list = R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[)"
        + items.join(QLatin1Char(',')).toUtf8() + "]}";
    const auto payload = catalog.makeDecoder(kind, projections)->decodeBody(list);
    const auto& page = static_cast<const fleet::ListPage&>(*payload);
    if (page.error)
        qFatal("%s", qPrintable(page.error->message));
    QSet<QUuid> seen;
    store.applyPage(page, seen);
    store.finishList(kind, seen, QString());
}

// --- Timing -------------------------------------------------------------------------------------

struct Timing
{
    std::vector<double> ms;
    void add(double value) { ms.push_back(value); }
    double at(double fraction) const
    {
        if (ms.empty())
            return 0;
        std::vector<double> sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        return sorted[std::min(sorted.size() - 1, size_t(fraction * double(sorted.size())))];
    }
    double median() const { return at(0.5); }
    double p95() const { return at(0.95); }
};

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

void print(const char* what, const Timing& t, const char* budget = "")
{
    std::printf("  %-66s %9.2f %9.2f%s%s\n", what, t.median(), t.p95(), *budget ? " " : "", budget);
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(QStringLiteral("minato.*.info=false"));
    // The offscreen platform warns at every show of a window; nothing to do with the numbers.
    static const QtMessageHandler qtHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (!message.contains(QLatin1String("propagateSizeHints")))
            qtHandler(type, context, message);
    });
    const int hpaCount = argc > 1 ? std::max(50, QString::fromLocal8Bit(argv[1]).toInt()) : 2000;
    const int hours = argc > 2 ? std::max(25, QString::fromLocal8Bit(argv[2]).toInt()) : 168;
    const int runs = argc > 3 ? std::max(1, QString::fromLocal8Bit(argv[3]).toInt()) : 20;
    QTemporaryDir dir;
    const QString path = argc > 4 ? QString::fromLocal8Bit(argv[4]) : dir.filePath(QStringLiteral("history.sqlite"));
    for (const char* suffix : { "", "-wal", "-shm" })
        QFile::remove(path + QLatin1String(suffix));

    // --- History: every HPA every 15 s up to now, through the real writer -----------------------
    const qint64 endMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 startMs = endMs - hours * Hour;
    qint64 simNow = startMs;
    history::HistoryOptions options;
    options.filePath = path;
    options.flushIntervalMs = 24 * Hour; // flushed in simulated time below
    options.flushQueueSize = 1LL << 40;
    options.maintenanceIntervalMs = 0;
    options.clock = [&simNow] { return simNow; };
    history::HistoryStore store(options);
    if (!store.open()) {
        std::printf("cannot open %s: %s\n", qPrintable(path), qPrintable(store.openDiagnostic()));
        return 1;
    }
    history::HpaHistory hpaHistory(store);

    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const int clusterCount = (hpaCount + HpasPerCluster - 1) / HpasPerCluster;
    std::vector<Hpa> hpas(static_cast<size_t>(hpaCount));
    for (int i = 0; i < hpaCount; ++i) {
        Hpa& h = hpas[size_t(i)];
        h.key = { QStringLiteral("cluster-%1").arg(i / HpasPerCluster), QStringLiteral("ns-%1").arg(i % 40),
            QStringLiteral("app-%1").arg(i) };
        h.behaviour = ByRest[i % 20];
        h.metrics = metricsOf(h.behaviour);
        for (const Metric& m : std::as_const(h.metrics))
            h.labels << m.label;
        HpaSample& s = h.sample;
        s.minReplicas = 2;
        s.maxReplicas = 10 + 5 * ((i / 20) % 3);
        h.base = 3 + (i * 7) % 8;
        s.currentReplicas = s.desiredReplicas = std::clamp(int(h.base), s.minReplicas, s.maxReplicas);
        s.metricCurrent = QList<double>(h.metrics.size(), 0.0);
        s.metricTarget = QList<double>(h.metrics.size(), 0.0);
        h.samplePhaseMs = qint64(uniform(random) * StepMs);
        h.dailyPhaseMs = qint64(uniform(random) * Day);
        h.pinnedFromMs = endMs - (2 + i % 7) * Hour;
    }
    qint64 samples = 0;
    qint64 marks = 0;
    qint64 nextMaintenance = startMs + Day;
    QElapsedTimer wall;
    wall.start();
    // Steps every HPA up to `untilMs`, flushing every simulated half hour like the writer would.
    auto writeUntil = [&](qint64 untilMs) {
        while (simNow + StepMs <= untilMs) {
            const qint64 batchEnd = std::min(untilMs, simNow + 30 * Minute);
            for (qint64 t = simNow; t + StepMs <= batchEnd; t += StepMs) {
                for (Hpa& h : hpas) {
                    QList<HpaMark> newMarks;
                    step(h, t, random, newMarks);
                    hpaHistory.append(h.key, h.labels, h.sample);
                    for (const HpaMark& m : std::as_const(newMarks))
                        hpaHistory.appendMark(h.key, m);
                    ++samples;
                    marks += newMarks.size();
                }
                simNow = t + StepMs;
            }
            store.flush();
            if (simNow >= nextMaintenance) {
                store.runMaintenance(simNow);
                nextMaintenance += Day;
                std::printf("history: %.0f h written, %lld samples, file %.1f MB, %.0f s so far\n",
                    double(simNow - startMs) / Hour, samples, store.fileBytes() / 1e6, wall.elapsed() / 1000.0);
            }
        }
    };
    writeUntil(endMs);
    // Writing took a while: catch up with the wall clock, which the chart and the table read.
    while (QDateTime::currentMSecsSinceEpoch() - simNow >= StepMs)
        writeUntil(QDateTime::currentMSecsSinceEpoch());
    store.runMaintenance(simNow);
    simNow = QDateTime::currentMSecsSinceEpoch();
    std::printf("history: %d HPAs x %d h at 15 s ending now: %lld samples and %lld marks in %.0f s, file %.1f MB\n",
        hpaCount, hours, samples, marks, wall.elapsed() / 1000.0, store.fileBytes() / 1e6);

    // --- The fleet: sessions that never connect, their stores filled by the kinds' decoders ----
    const kinds::KindRegistry registry = kinds::KindRegistry::builtin();
    const fleet::KindCatalog catalog = registry.catalog();
    fleet::FleetEngine engine(catalog);
    fleet::Fleet fleet;
    const char* environments[] = { "prod", "staging", "dev" };
    for (int c = 0; c < clusterCount; ++c) {
        fleet::FleetCluster cluster;
        cluster.context.name = QStringLiteral("cluster-%1").arg(c);
        cluster.cluster.name = cluster.context.name;
        cluster.cluster.server = QStringLiteral("https://127.0.0.1:1"); // never connected
        cluster.user.name = cluster.context.name;
        cluster.team = QStringLiteral("team-%1").arg(c % 4);
        cluster.environment = QLatin1String(environments[c % 3]);
        fleet.clusters.append(cluster);
    }
    engine.setFleet(fleet);
    QFile podFile(QStringLiteral(MINATO_TEST_DATA_DIR "/objects/pod_running.json"));
    if (!podFile.open(QIODevice::ReadOnly))
        qFatal("cannot read pod_running.json");
    QJsonObject podObject = QJsonDocument::fromJson(podFile.readAll()).object();
    podObject.insert(QStringLiteral("metadata"), QJsonObject());
    const QString podTemplate = QString::fromUtf8(QJsonDocument(podObject).toJson(QJsonDocument::Compact));
    const QStringList localGroups = QStringLiteral(
        ",apps,authentication.k8s.io,authorization.k8s.io,autoscaling,batch,certificates.k8s.io,coordination.k8s.io,"
        "discovery.k8s.io,events.k8s.io,networking.k8s.io,node.k8s.io,policy,rbac.authorization.k8s.io,"
        "scheduling.k8s.io,storage.k8s.io,admissionregistration.k8s.io,apiextensions.k8s.io,"
        "flowcontrol.apiserver.k8s.io,crd.projectcalico.org,monitoring.coreos.com,keda.sh")
                                        .split(QLatin1Char(','));
    const QString hpaKind = QStringLiteral("HorizontalPodAutoscaler");
    qint64 uid = 0;
    qint64 objects[5] = {};
    for (int c = 0; c < clusterCount; ++c) {
        QStringList hpaItems, deployments, pods, apiServices, events;
        int podsOfHpas = 0;
        for (int i = c * HpasPerCluster; i < std::min(hpaCount, (c + 1) * HpasPerCluster); ++i) {
            const Hpa& h = hpas[size_t(i)];
            const QString& ns = h.key.nameSpace;
            hpaItems << hpaJson(h, uid, startMs, simNow);
            deployments << deploymentJson(ns, h.key.name, h.sample.currentReplicas, uid, startMs);
            for (int p = 0; p < h.sample.currentReplicas; ++p, ++podsOfHpas)
                pods << podJson(podTemplate, ns, h.key.name + QStringLiteral("-7b5d9c8f6-%1").arg(p),
                    QStringLiteral(R"("app.kubernetes.io/name":"%1")").arg(h.key.name), uid, simNow - Hour);
            if (h.behaviour == Behaviour::Flapping || h.lastScaleMs > simNow - Hour)
                events << eventJson(ns, hpaKind, h.key.name, QStringLiteral("Normal"),
                    QStringLiteral("SuccessfulRescale"),
                    QStringLiteral("New size: %1; reason: %2 above target")
                        .arg(QString::number(h.sample.currentReplicas), h.labels.first()),
                    h.behaviour == Behaviour::Flapping ? 10 : 1, uid, simNow - Hour, h.lastScaleMs);
            if (h.behaviour == Behaviour::UnableToScale)
                events << eventJson(ns, hpaKind, h.key.name, QStringLiteral("Warning"),
                    QStringLiteral("FailedGetPodsMetric"),
                    QStringLiteral(
                        "unable to get metric kafka_consumer_lag: no metrics returned from custom metrics API"),
                    240, uid, simNow - Hour, simNow - StepMs);
        }
        // Workloads without an HPA fill the cluster to 2,000 pods; their pods' events beside.
        for (int d = 0; d < 100; ++d) {
            const QString name = QStringLiteral("svc-%1").arg(d);
            const QString ns = QStringLiteral("ns-%1").arg(d % 40);
            const int replicas = std::max(1, (2000 - podsOfHpas) / 100);
            deployments << deploymentJson(ns, name, replicas, uid, startMs);
            for (int p = 0; p < replicas; ++p) {
                const QString pod = name + QStringLiteral("-5f6c7d8e9-%1").arg(p);
                pods << podJson(podTemplate, ns, pod, QStringLiteral(R"("app.kubernetes.io/name":"%1")").arg(name), uid,
                    simNow - Hour);
                for (const char* reason : { "Scheduled", "Pulled", "Created", "Started" })
                    if (p < 2)
                        events << eventJson(ns, QStringLiteral("Pod"), pod, QStringLiteral("Normal"),
                            QLatin1String(reason), QLatin1String(reason) + QLatin1Char(' ') + pod, 1, uid,
                            simNow - 50 * Minute, simNow - 50 * Minute);
            }
        }
        for (int p = 0; p < 2; ++p)
            pods << podJson(podTemplate, QStringLiteral("kube-system"),
                QStringLiteral("metrics-server-6d94bc8694-%1").arg(p), QStringLiteral(R"("k8s-app":"metrics-server")"),
                uid, startMs);
        for (const QString& group : localGroups)
            apiServices << apiServiceJson(group, QStringLiteral("v1"), {}, uid, startMs);
        const QString v1beta1 = QStringLiteral("v1beta1");
        apiServices << apiServiceJson(
            QStringLiteral("metrics.k8s.io"), v1beta1, QStringLiteral("kube-system/metrics-server"), uid, startMs);
        apiServices << apiServiceJson(QStringLiteral("custom.metrics.k8s.io"), v1beta1,
            QStringLiteral("monitoring/prometheus-adapter"), uid, startMs);
        apiServices << apiServiceJson(QStringLiteral("external.metrics.k8s.io"), v1beta1,
            QStringLiteral("keda/keda-operator-metrics-apiserver"), uid, startMs);
        fleet::ClusterStore& clusterStore = *engine.session(QStringLiteral("cluster-%1").arg(c))->store();
        const std::pair<fleet::WatchedKind, const QStringList*> lists[5]
            = { { fleet::WatchedKind::HorizontalPodAutoscalers, &hpaItems },
                  { fleet::WatchedKind::Deployments, &deployments }, { fleet::WatchedKind::Pods, &pods },
                  { fleet::WatchedKind::ApiServices, &apiServices }, { fleet::WatchedKind::Events, &events } };
        for (int k = 0; k < 5; ++k) {
            load(clusterStore, catalog, lists[k].first, *lists[k].second);
            objects[k] += lists[k].second->size();
        }
    }
    std::printf("fleet: %d clusters, %lld HPAs, %lld Deployments, %lld pods, %lld APIServices, %lld events\n",
        clusterCount, objects[0], objects[1], objects[2], objects[3], objects[4]);

    // Every lookup goes through the one the GUI uses (items::historyLookup), timed.
    const analysis::HpaHistoryLookup plainLookup = items::historyLookup(hpaHistory);
    qint64 lookupNs = 0;
    qint64 lookupSamples = 0;
    std::optional<history::HpaTimeline> lastTimeline;
    const analysis::HpaHistoryLookup lookup = [&](const HpaKey& key, qint64 fromMs, qint64 toMs) {
        QElapsedTimer timer;
        timer.start();
        std::optional<history::HpaTimeline> timeline = plainLookup(key, fromMs, toMs);
        lookupNs += timer.nsecsElapsed();
        lookupSamples += timeline ? timeline->samples.size() : 0;
        lastTimeline = timeline; // implicitly shared: no copy
        return timeline;
    };

    bool ok = true;
    std::printf("\n%-68s %9s %9s\n", "", "median", "p95");

    // --- 1. One HPA's 24 h chart ----------------------------------------------------------------
    HpaChartView chart;
    chart.resize(1400, 480);
    chart.show();
    chart.setHistoryLookup(lookup);
    chart.setRange(items::ChartRange::OneDay);
    QElapsedTimer timer;
    timer.start();
    chart.setHpas({ hpas[1].key });
    chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
    chart.grab();
    const double firstChartMs = msSince(timer);
    QCoreApplication::processEvents();
    Timing query, series, graphs, render, replot, slowReplot, chartTotal;
    qint64 points = 0;
    qint64 chartSamples = 0;
    const int charts = 50;
    for (int i = 0; i < charts; ++i) {
        const HpaKey& key = hpas[size_t((i * 41 + 2) % hpaCount)].key;
        lookupNs = 0;
        timer.restart();
        chart.setHpas({ key });
        const double setMs = msSince(timer);
        const double queryMs = double(lookupNs) / 1e6;
        // The series again on the same timeline, to split setHpas into series and graphs.
        const qint64 fromMs = chart.series().isEmpty() ? 0 : qint64(chart.series().first().fromSeconds * 1000);
        const qint64 toMs = chart.series().isEmpty() ? 0 : qint64(chart.series().first().toSeconds * 1000);
        timer.restart();
        const items::HpaChartSeries again = items::HpaChartSeries::of(*lastTimeline, fromMs, toMs);
        const double seriesMs = msSince(timer);
        timer.restart();
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        const double replotMs = msSince(timer);
        const QPixmap pixmap = chart.grab();
        const double renderMs = msSince(timer);
        QCoreApplication::processEvents(); // the queued replot setHpas asked for, not counted
        // For comparison, not counted: QCustomPlot's default, each line one stroked polyline.
        chart.plot()->setPlottingHint(QCP::phFastPolylines, false);
        timer.restart();
        chart.plot()->replot(QCustomPlot::rpImmediateRefresh);
        slowReplot.add(msSince(timer));
        chart.plot()->setPlottingHint(QCP::phFastPolylines, true);
        if (chart.isShowingEmptyState() || pixmap.isNull() || again.pointCount() == 0) {
            std::printf("FAIL: the chart of %s is empty\n", qPrintable(items::hpaChartLabel(key)));
            return 1;
        }
        points += chart.dataPointCount();
        chartSamples += lastTimeline->samples.size();
        query.add(queryMs);
        series.add(seriesMs);
        graphs.add(std::max(0.0, setMs - queryMs - seriesMs));
        replot.add(replotMs);
        render.add(renderMs);
        chartTotal.add(setMs + renderMs);
    }
    std::printf("1. one HPA's 24 h chart, %d HPAs (%lld samples, %lld points drawn each; %dx%d px)\n", charts,
        chartSamples / charts, points / charts, chart.width(), chart.height());
    print("query: the history lookup (HpaHistory::timeline)", query);
    print("series: HpaChartSeries::of", series);
    print("graphs: the rest of HpaChartView::setHpas (QCPGraph data, axes)", graphs);
    print("render: replot(rpImmediateRefresh) + grab()", render);
    print("  of which replot", replot);
    print("  (replot without QCP::phFastPolylines, as before; not counted)", slowReplot);
    print("total", chartTotal, "(budget 50 ms)");
    std::printf("  %-66s %9.2f\n", "the first chart (fonts, caches; not counted above)", firstChartMs);
    if (chartTotal.median() > 50) {
        std::printf("FAIL: the chart takes %.1f ms, over the 50 ms budget\n", chartTotal.median());
        ok = false;
    }

    // --- 2. The fleet table --------------------------------------------------------------------
    // The rows read what each HPA did from the activity cache, as the window's table does: the
    // file read once on the cache's worker thread, timed here from load() to loaded().
    items::HpaActivityCache cache(&store, nullptr);
    timer.restart();
    {
        QEventLoop wait;
        QObject::connect(&cache, &items::HpaActivityCache::loaded, &wait, &QEventLoop::quit);
        cache.load();
        wait.exec();
    }
    const double cacheLoadMs = msSince(timer);
    const analysis::HpaHistoryLookup cacheLookup = cache.lookup();
    const analysis::HpaHistoryLookup activityLookup = [&](const HpaKey& key, qint64 fromMs, qint64 toMs) {
        QElapsedTimer t;
        t.start();
        std::optional<history::HpaTimeline> timeline = cacheLookup(key, fromMs, toMs);
        lookupNs += t.nsecsElapsed();
        lookupSamples += timeline ? timeline->samples.size() : 0;
        return timeline;
    };
    // The workspace as the window holds it: built without history first (the rows come from the
    // store's events), then given the lookup (every row evaluated again with its history).
    timer.restart();
    items::AutoscalingWorkspace workspace(&engine);
    const double withoutHistoryMs = msSince(timer);
    workspace.setRebuildDelay(3600 * 1000);
    workspace.setReevaluationInterval(3600 * 1000);
    items::AutoscalingFilterProxy workspaceProxy;
    workspaceProxy.setSourceModel(workspace.model());
    workspaceProxy.sort(items::AutoscalingTableModel::StateColumn, Qt::DescendingOrder);
    workspace.setHistoryLookup(lookup);
    workspace.setActivityLookup(activityLookup);

    const QStringList order = workspace.clusters();
    Timing rows, lookups, model, sort, tableTotal, sortHpa, sortMetrics, sortLastScale, reevaluate;
    std::map<std::string, int> states;
    qint64 samplesPerRun = 0;
    for (int run = 0; run < runs; ++run) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        lookupNs = 0;
        lookupSamples = 0;
        timer.restart();
        std::vector<QList<analysis::AutoscalingRow>> built;
        for (const QString& name : order) {
            const fleet::ClusterSession* session = engine.session(name);
            const fleet::ClusterFacts facts = session->facts();
            const fleet::ClusterStore& clusterStore = *session->store();
            const analysis::HpaStoreIndex index(clusterStore);
            QList<analysis::AutoscalingRow> own;
            own.reserve(clusterStore.hpas().size());
            for (const fleet::HpaInfo& hpa : clusterStore.hpas())
                own.append(analysis::AutoscalingRow::of(facts, index, hpa, now, now - Day, activityLookup));
            built.push_back(std::move(own));
        }
        rows.add(msSince(timer));
        lookups.add(double(lookupNs) / 1e6);
        samplesPerRun = lookupSamples;
        auto tableModel = std::make_unique<items::AutoscalingTableModel>();
        auto proxy = std::make_unique<items::AutoscalingFilterProxy>();
        proxy->setSourceModel(tableModel.get());
        timer.restart();
        for (qsizetype c = 0; c < order.size(); ++c)
            tableModel->setClusterRows(order.at(c), std::move(built[size_t(c)]), order);
        tableModel->setNow(now);
        model.add(msSince(timer));
        timer.restart();
        proxy->sort(items::AutoscalingTableModel::StateColumn, Qt::DescendingOrder);
        sort.add(msSince(timer));
        tableTotal.add(rows.ms.back() + model.ms.back() + sort.ms.back());
        if (proxy->rowCount() != hpaCount) {
            std::printf("FAIL: the table has %d rows, not %d\n", proxy->rowCount(), hpaCount);
            return 1;
        }
        if (run == 0)
            for (const analysis::AutoscalingRow& r : tableModel->rows())
                ++states[analysis::hpaStateName(r.diagnosis.state).toStdString()];
        const auto sortBy = [&](Timing& t, int column) {
            timer.restart();
            proxy->sort(column, Qt::AscendingOrder);
            t.add(msSince(timer));
        };
        sortBy(sortHpa, items::AutoscalingTableModel::HpaColumn);
        sortBy(sortMetrics, items::AutoscalingTableModel::MetricsColumn);
        sortBy(sortLastScale, items::AutoscalingTableModel::LastScaleColumn);
        proxy.reset();
        tableModel.reset();
        // The workspace's own periodic re-evaluation: rows, the merge, the sorted proxy following.
        if (run < std::max(1, runs / 4)) {
            timer.restart();
            workspace.reevaluateNow();
            reevaluate.add(msSince(timer));
        }
    }
    std::printf("\n2. the fleet table, %d HPAs in %d clusters, %d runs (%lld history samples read per run)\n", hpaCount,
        clusterCount, runs, samplesPerRun);
    print("rows: AutoscalingRow::of for every HPA with history (as rebuildNow)", rows);
    print("  of which the activity lookups (24 h each, HpaActivityCache)", lookups);
    print("model: AutoscalingTableModel::setClusterRows into an empty model", model);
    print("sort: AutoscalingFilterProxy by state", sort);
    print("total", tableTotal, "(budget 100 ms)");
    print("sort by HPA (namespace/name)", sortHpa);
    print("sort by metrics (text)", sortMetrics);
    print("sort by last scale", sortLastScale);
    print("AutoscalingWorkspace::reevaluateNow, sorted proxy (every 15 s)", reevaluate);
    std::printf("  %-66s %9.2f\n", "the workspace's first build, without history (from events)", withoutHistoryMs);
    std::printf("  %-66s %9.2f\n", "HpaActivityCache::load, the file on its worker (off the GUI thread)", cacheLoadMs);
    std::printf("  %-66s %9lld\n", "  replica runs kept for the table", static_cast<long long>(cache.runCount()));
    std::printf("  states:");
    for (const auto& [state, count] : states)
        std::printf(" %s %d;", state.c_str(), count);
    std::printf("\n");
    if (tableTotal.median() > 100) {
        std::printf("FAIL: the table takes %.1f ms, over the 100 ms budget\n", tableTotal.median());
        ok = false;
    }

    // --- The cache answers as the file does ------------------------------------------------------
    // Every row from the cache against the same row from the full 24 h timeline: the same state,
    // rescales and direction changes; at max or min since within the cache's gap bound.
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        int differ = 0;
        for (const QString& name : order) {
            const fleet::ClusterSession* session = engine.session(name);
            const analysis::HpaStoreIndex index(*session->store());
            for (const fleet::HpaInfo& hpa : session->store()->hpas()) {
                const analysis::AutoscalingRow a
                    = analysis::AutoscalingRow::of(session->facts(), index, hpa, now, now - Day, cacheLookup);
                const analysis::AutoscalingRow b
                    = analysis::AutoscalingRow::of(session->facts(), index, hpa, now, now - Day, plainLookup);
                const analysis::HpaActivity& x = a.diagnosis.activity;
                const analysis::HpaActivity& y = b.diagnosis.activity;
                const auto near = [](qint64 p, qint64 q) {
                    return (p == 0) == (q == 0) && std::abs(p - q) <= items::HpaActivityCache::MaxGapMs;
                };
                if (a.diagnosis.state != b.diagnosis.state || a.scaleEvents != b.scaleEvents
                    || x.directionChanges != y.directionChanges || x.lastScaleMs != y.lastScaleMs
                    || !near(x.atMaxSinceMs, y.atMaxSinceMs) || !near(x.atMinSinceMs, y.atMinSinceMs)
                    || a.marks.size() != b.marks.size()) {
                    if (++differ <= 5)
                        std::printf("  differs: %s/%s: %s vs %s, scales %d vs %d\n", qPrintable(name),
                            qPrintable(hpa.meta.id()), qPrintable(analysis::hpaStateName(a.diagnosis.state)),
                            qPrintable(analysis::hpaStateName(b.diagnosis.state)), a.scaleEvents, b.scaleEvents);
                }
            }
        }
        std::printf("\nthe cache against the file: %d of %d rows differ\n", differ, hpaCount);
        if (differ > 0) {
            std::printf("FAIL: the activity cache does not answer as the file does\n");
            ok = false;
        }
    }

    // --- Where the rows' time goes: each part alone, over every HPA once --------------------------
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const analysis::HpaDiagnosisOptions defaults;
        double segmentsMs = 0, timelineMs = 0, activityMs = 0, diagnosisMs = 0, withoutMs = 0;
        for (const QString& name : order) {
            const fleet::ClusterSession* session = engine.session(name);
            const fleet::ClusterFacts facts = session->facts();
            const fleet::ClusterStore& clusterStore = *session->store();
            for (const fleet::HpaInfo& hpa : clusterStore.hpas()) {
                const HpaKey key { name, hpa.meta.namespaceName.toString(), hpa.meta.name };
                timer.restart();
                const auto segments = store.samples(history::HpaHistory::seriesKey(key), now - Day, now);
                segmentsMs += msSince(timer);
                timer.restart();
                const history::HpaTimeline timeline = hpaHistory.timeline(key, now - Day, now);
                timelineMs += msSince(timer);
                timer.restart();
                analysis::HpaActivity activity
                    = analysis::HpaActivity::ofTimeline(timeline, now - defaults.flappingWindowMs, now);
                const analysis::HpaActivity whole = analysis::HpaActivity::ofTimeline(timeline, now - Day, now);
                const analysis::HpaActivity window = analysis::HpaActivity::ofTimeline(timeline, now - Day, now);
                activity.atMaxSinceMs = whole.atMaxSinceMs;
                activity.atMinSinceMs = whole.atMinSinceMs;
                activityMs += msSince(timer);
                Q_UNUSED(window);
                timer.restart();
                const analysis::HpaDiagnosis d = analysis::HpaDiagnosis::of(facts, clusterStore, hpa, activity, now);
                diagnosisMs += msSince(timer);
                timer.restart();
                const analysis::AutoscalingRow r
                    = analysis::AutoscalingRow::of(facts, clusterStore, hpa, now, now - Day);
                withoutMs += msSince(timer);
                Q_UNUSED(segments);
                Q_UNUSED(d);
                Q_UNUSED(r);
            }
        }
        std::printf("\nwhere the rows' time goes, each part alone over the %d HPAs (ms in all)\n", hpaCount);
        std::printf("  %-66s %9.2f\n", "HistoryStore::samples, 24 h (SQLite + chunk decoding)", segmentsMs);
        std::printf(
            "  %-66s %9.2f\n", "HpaHistory::timeline, 24 h (the above + an HpaSample each + marks)", timelineMs);
        std::printf("  %-66s %9.2f\n", "HpaActivity::ofTimeline x3 (as AutoscalingRow::of)", activityMs);
        std::printf("  %-66s %9.2f\n", "HpaDiagnosis::of", diagnosisMs);
        std::printf("  %-66s %9.2f\n", "AutoscalingRow::of without a lookup (activity from events)", withoutMs);
    }
    return ok ? 0 : 1;
}
