// SPDX-License-Identifier: Apache-2.0
// The sessions benchmark (not a ctest test): the live engine (FleetEngine through ReportRun,
// the code path of `minato report` and the window) in this process against a fleet, and
// kubectl against the same fleet. Without --kubeconfig it starts minato-sim as a separate
// process, so the simulator's memory and CPU never count as Minato's.
//
// Measured: time until every cluster is Live, CPU seconds to get there, peak RSS, steady-state
// CPU and watch events per second over a window; one cluster's pod list → projections beside a
// raw GET of the same list; `kubectl get pods -A` (-o json and -o name) for every context, N at
// a time, with each --kubectl given (the first -o json also sequentially). Prints a Markdown
// table on stdout, progress on stderr; exits 3 when a budget is missed.
//
//   bench_sessions [--clusters 50 --pods 2000 --speed 1 --scenario FILE]   (starts minato-sim)
//   bench_sessions --kubeconfig FILE [--context GLOB]                      (an existing fleet)
#include "benchsupport.h"
#include "sessiontimings.h"

#include "fleet/clustersession.h"
#include "fleet/fleetloader.h"
#include "fleet/reportrun.h"
#include "kube/apiclient.h"
#include "kube/clusterendpoint.h"
#include "testkinds.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace minato;
using bench::SessionTimings;
using bench::spinFor;
using bench::spinUntil;

namespace {

struct Settings
{
    QString kubeconfig;
    QString contextGlob;
    QString title;
    QStringList kubectls; // the first also runs sequentially
    int parallel = 8;
    int repeats = 3;
    double settleSeconds = 5;
    double windowSeconds = 30;
    double timeoutSeconds = 600;
    qint64 simPid = 0; // reported beside Minato, never counted as Minato
};

QString metText(bool met)
{
    return met ? QStringLiteral("met") : QStringLiteral("**not met**");
}

// The Markdown table, filled as the phases run. It counts the budgets it was told are missed,
// so that the benchmark's exit status says what its table says.
class Table
{
public:
    void row(const QString& what, const QString& value, const QString& budget = {}, const QString& met = {})
    {
        m_rows.append(QStringLiteral("| %1 | %2 | %3 | %4 |").arg(what, value, budget, met));
        std::fprintf(stderr, "  %s: %s\n", qPrintable(what), qPrintable(value));
        if (met == metText(false)) {
            ++m_missed;
            std::fprintf(stderr, "  budget missed: %s (%s)\n", qPrintable(what), qPrintable(budget));
        }
    }
    int missed() const { return m_missed; }
    void print(const QString& title) const
    {
        std::printf("### %s\n\n| measure | value | budget | met |\n|---|---|---|---|\n", qPrintable(title));
        for (const QString& r : m_rows)
            std::printf("%s\n", qPrintable(r));
        std::printf("\n");
    }

private:
    QStringList m_rows;
    int m_missed = 0;
};

QString secondsText(double s)
{
    return s < 1 ? QStringLiteral("%1 ms").arg(s * 1000, 0, 'f', 0) : QStringLiteral("%1 s").arg(s, 0, 'f', 2);
}

QString mbText(qint64 kb)
{
    return QStringLiteral("%1 MB").arg(double(kb) / 1024.0, 0, 'f', 0);
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

fleet::ReportOptions reportOptions(const Settings& settings, const QString& glob)
{
    fleet::ReportOptions options;
    options.load.kubeconfigFiles = { settings.kubeconfig };
    options.load.fleetFile = QStringLiteral("/dev/null/no-fleet.yaml"); // kubeconfig only
    options.contextGlob = glob;
    options.timeout = std::chrono::milliseconds(qint64(settings.timeoutSeconds * 1000));
    return options;
}

QString globEscaped(const QString& name)
{
    QString out;
    for (const QChar c : name)
        out += QStringLiteral("*?[]").contains(c) ? QStringLiteral("[%1]").arg(c) : QString(c);
    return out;
}

// A plain GET of the pod list through libcurl (ApiClient without a decoder): transfer only.
struct RawList
{
    double seconds = 0;
    qint64 bytes = 0;
    int pages = 0;
};

std::optional<RawList> rawPodList(kube::ApiClient& client, const QString& endpoint, int pageSize)
{
    RawList result;
    QElapsedTimer timer;
    timer.start();
    QString next;
    do {
        QList<QPair<QString, QString>> query;
        if (pageSize > 0)
            query.append({ QStringLiteral("limit"), QString::number(pageSize) });
        if (!next.isEmpty())
            query.append({ QStringLiteral("continue"), next });
        std::optional<kube::ApiReply> reply;
        const kube::RequestId id
            = client.submit(kube::ApiRequest::get(endpoint, QStringLiteral("/api/v1/pods"), query));
        auto connection = QObject::connect(&client, &kube::ApiClient::replyAvailable, [&](const kube::ApiReply& r) {
            if (r.id == id)
                reply = r;
        });
        const bool arrived = spinUntil([&] { return reply.has_value(); }, 120);
        QObject::disconnect(connection);
        if (!arrived || !reply->isOk())
            return std::nullopt;
        result.bytes += reply->body.size();
        ++result.pages;
        // Only the continue token is looked at; the body is never parsed.
        static const QRegularExpression token(QStringLiteral("\"continue\":\"([^\"]*)\""));
        const QRegularExpressionMatch match = token.match(QString::fromLatin1(reply->body.left(400)));
        next = match.hasMatch() ? match.captured(1) : QString();
    } while (!next.isEmpty() && pageSize > 0);
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    return result;
}

// One cluster alone: raw transfer of its pod list beside Minato's list → projections.
void singleCluster(const Settings& settings, const fleet::FleetCluster& cluster, Table& table)
{
    double rawBest = 1e9;
    double pagedBest = 1e9;
    qint64 bytes = 0;
    {
        fleet::FleetEngine engine(testCatalog()); // for its ApiClient with the credential plumbing
        kube::ClusterEndpoint endpoint = kube::ClusterEndpoint::fromKubeconfig(cluster.cluster, cluster.user);
        endpoint.name = cluster.name();
        engine.client()->setEndpoint(endpoint);
        for (int i = 0; i < settings.repeats; ++i) {
            if (const auto raw = rawPodList(*engine.client(), endpoint.name, 0)) {
                rawBest = std::min(rawBest, raw->seconds);
                bytes = raw->bytes;
            }
            if (const auto paged = rawPodList(*engine.client(), endpoint.name, 500))
                pagedBest = std::min(pagedBest, paged->seconds);
        }
    }
    double minatoBest = 1e9;
    qint64 pods = 0;
    for (int i = 0; i < settings.repeats; ++i) {
        QElapsedTimer clock;
        clock.start();
        fleet::ReportRun run(testCatalog(), reportOptions(settings, globEscaped(cluster.name())));
        if (const auto error = run.start()) {
            std::fprintf(stderr, "single cluster: %s\n", qPrintable(*error));
            return;
        }
        SessionTimings timings(run.engine(), clock);
        bool finished = false;
        QObject::connect(&run, &fleet::ReportRun::finished, [&finished] { finished = true; });
        spinUntil([&] { return finished; }, settings.timeoutSeconds);
        const SessionTimings::Cluster& c = timings.clusters().constFirst();
        if (c.podListMs >= 0)
            minatoBest = std::min(minatoBest, double(c.podListMs) / 1000.0);
        pods = c.pods;
    }
    table.row(QStringLiteral("one cluster (%1, %2 pods): raw GET /api/v1/pods, best of %3")
                  .arg(cluster.name())
                  .arg(pods)
                  .arg(settings.repeats),
        QStringLiteral("%1, %2 MB").arg(secondsText(rawBest)).arg(double(bytes) / 1e6, 0, 'f', 1));
    table.row(QStringLiteral("one cluster: raw GET in pages of 500 (as the reflector asks)"), secondsText(pagedBest));
    // The budget compares with the transfer of the same requests: pages of 500, as kubectl and
    // the reflector ask, so that no response holds a whole large cluster. What paging itself
    // costs the server is shown beside it, against one unpaged GET.
    table.row(
        QStringLiteral("one cluster: Minato list → projections (cluster alone), best of %1").arg(settings.repeats),
        QStringLiteral("%1 (%2× the same pages raw; %3× one unpaged GET)")
            .arg(secondsText(minatoBest))
            .arg(minatoBest / pagedBest, 0, 'f', 1)
            .arg(minatoBest / rawBest, 0, 'f', 1),
        QStringLiteral("≤ 2 × raw transfer of the same pages = %1").arg(secondsText(2 * pagedBest)),
        metText(minatoBest <= 2 * pagedBest));
}

struct FleetResult
{
    double allSettledSeconds = -1;
};

FleetResult wholeFleet(const Settings& settings, Table& table)
{
    FleetResult result;
    QElapsedTimer clock;
    const double cpuStart = bench::ownCpuSeconds();
    clock.start();
    fleet::ReportRun run(testCatalog(), reportOptions(settings, settings.contextGlob));
    if (const auto error = run.start()) {
        std::fprintf(stderr, "fleet: %s\n", qPrintable(*error));
        return result;
    }
    SessionTimings timings(run.engine(), clock);
    bool finished = false;
    QObject::connect(&run, &fleet::ReportRun::finished, [&finished] { finished = true; });
    spinUntil([&] { return finished; }, settings.timeoutSeconds + 5);
    const double cpuToLive = bench::ownCpuSeconds() - cpuStart;
    // The last cluster's own settling moment: ReportRun hears of it through the engine's
    // progress signal, which is throttled to ten a second.
    qint64 lastSettledMs = 0;
    for (const SessionTimings::Cluster& c : timings.clusters())
        lastSettledMs = std::max(lastSettledMs, c.settledMs);
    const double settled = double(lastSettledMs) / 1000.0;
    const qint64 rssAtLive = bench::procStatusKb(QCoreApplication::applicationPid(), "VmRSS:");
    int live = 0;
    QList<double> listSeconds;
    for (const SessionTimings::Cluster& c : timings.clusters()) {
        live += c.state == fleet::SessionState::Live ? 1 : 0;
        if (c.podListMs >= 0)
            listSeconds.append(double(c.podListMs) / 1000.0);
    }
    const qsizetype clusters = timings.clusters().size();
    const qint64 pods = timings.podsInStores();
    result.allSettledSeconds = run.timedOut() ? -1 : settled;
    table.row(QStringLiteral("Minato: time until every cluster is Live"),
        QStringLiteral("%1 (%2 of %3 Live%4)")
            .arg(secondsText(settled))
            .arg(live)
            .arg(clusters)
            .arg(run.timedOut() ? QStringLiteral(", timed out") : QString()));
    table.row(QStringLiteral("Minato: CPU to Live (user + system)"), QStringLiteral("%1 s").arg(cpuToLive, 0, 'f', 1));
    table.row(QStringLiteral("Minato: objects in the stores at Live"),
        QStringLiteral("%1 pods, %2 objects").arg(pods).arg(timings.objectsInStores()));
    table.row(QStringLiteral("Minato: per cluster list → projections during the fleet start"),
        QStringLiteral("median %1, max %2")
            .arg(secondsText(median(listSeconds)))
            .arg(secondsText(listSeconds.isEmpty() ? 0 : *std::max_element(listSeconds.begin(), listSeconds.end()))));
    table.row(QStringLiteral("Minato: RSS at Live"), mbText(rssAtLive));

    // Steady state: the watches stream while nothing else happens in this process.
    spinFor(settings.settleSeconds);
    const qint64 eventsStart = timings.watchEvents();
    const double cpuWindowStart = bench::ownCpuSeconds();
    QElapsedTimer window;
    window.start();
    spinFor(settings.windowSeconds);
    const double windowSeconds = double(window.nsecsElapsed()) / 1e9;
    const double cpuShare = (bench::ownCpuSeconds() - cpuWindowStart) / windowSeconds;
    const double eventsPerSecond = double(timings.watchEvents() - eventsStart) / windowSeconds;
    const qint64 peakKb = bench::procStatusKb(QCoreApplication::applicationPid(), "VmHWM:");
    table.row(QStringLiteral("watch events applied in the steady window (%1 s, bookmarks included)")
                  .arg(windowSeconds, 0, 'f', 0),
        QStringLiteral("%1 /s").arg(eventsPerSecond, 0, 'f', 0), QStringLiteral("about 1,000 /s"));
    table.row(QStringLiteral("Minato: steady-state CPU"),
        QStringLiteral("%1 % of one core").arg(cpuShare * 100, 0, 'f', 1), QStringLiteral("< 25 % at 1,000 events/s"),
        // An idle fleet (a real one nobody changes) proves nothing about the budget.
        eventsPerSecond >= 500 ? metText(cpuShare < 0.25) : QStringLiteral("n/a: %1 events/s").arg(eventsPerSecond, 0, 'f', 0));
    table.row(QStringLiteral("Minato: peak RSS (VmHWM)"),
        QStringLiteral("%1 (RSS now %2)")
            .arg(mbText(peakKb), mbText(bench::procStatusKb(QCoreApplication::applicationPid(), "VmRSS:"))),
        QStringLiteral("< 300 MB for 100,000 pods"),
        pods >= 90000 ? metText(peakKb < 300 * 1024) : QStringLiteral("%1 pods only").arg(pods));
    if (settings.simPid > 0)
        table.row(QStringLiteral("minato-sim (separate process, not counted): RSS"),
            mbText(bench::procStatusKb(settings.simPid, "VmRSS:")));
    return result;
}

// "v1.32.4-dispatcher" and the like: what the binary says of itself, for the table.
QString kubectlVersion(const QString& kubectl)
{
    QProcess process;
    process.start(kubectl, { QStringLiteral("version"), QStringLiteral("--client"), QStringLiteral("-o"),
                               QStringLiteral("json") });
    if (!process.waitForFinished(30000))
        return QStringLiteral("unknown version");
    return QJsonDocument::fromJson(process.readAllStandardOutput())
        .object()
        .value(QStringLiteral("clientVersion"))
        .toObject()
        .value(QStringLiteral("gitVersion"))
        .toString(QStringLiteral("unknown version"));
}

// kubectl listing every context's pods: each binary given (the machine's, the plain upstream
// builds), `-o json` (the whole objects, printed) and `-o name` (the same list, almost nothing
// printed). The first binary's -o json also runs one context after another. The all-Live
// budget is judged against the fastest of the parallel runs.
void kubectlLoops(const Settings& settings, const QStringList& contexts, const FleetResult& fleet, Table& table)
{
    auto run = [&](const QString& kubectl, const QString& format, int parallel) {
        QList<QStringList> commands;
        for (const QString& context : contexts)
            commands.append({ kubectl, QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"),
                QStringLiteral("-o"), format, QStringLiteral("--context"), context, QStringLiteral("--kubeconfig"),
                settings.kubeconfig });
        // A fresh HOME each time: kubectl's discovery cache starts cold, as Minato's discovery does.
        QTemporaryDir home;
        QStringList environment { QStringLiteral("HOME=") + home.path(),
            QStringLiteral("PATH=") + qEnvironmentVariable("PATH") };
        return bench::runChildren(commands, parallel, environment);
    };
    auto describe = [](const bench::ChildBatch& batch) {
        return QStringLiteral("%1, peak RSS %2 per process, CPU %3 s%4")
            .arg(secondsText(batch.wallSeconds), mbText(batch.maxRssKb))
            .arg(batch.cpuSeconds, 0, 'f', 1)
            .arg(batch.failures ? QStringLiteral(", %1 failed").arg(batch.failures) : QString());
    };
    double fastest = 0;
    QString fastestName;
    for (qsizetype i = 0; i < settings.kubectls.size(); ++i) {
        const QString& kubectl = settings.kubectls.at(i);
        const QString name = QStringLiteral("kubectl %1 (%2)").arg(kubectlVersion(kubectl), kubectl);
        for (const QString& format : { QStringLiteral("json"), QStringLiteral("name") }) {
            if (i == 0 && format == QLatin1String("json")) {
                const bench::ChildBatch sequential = run(kubectl, format, 1);
                table.row(QStringLiteral("%1 get pods -A -o %2, every context sequentially").arg(name, format),
                    describe(sequential));
            }
            const bench::ChildBatch parallel = run(kubectl, format, settings.parallel);
            table.row(QStringLiteral("%1 get pods -A -o %2, %3 at a time").arg(name, format).arg(settings.parallel),
                describe(parallel));
            if (!parallel.failures && (fastest == 0 || parallel.wallSeconds < fastest)) {
                fastest = parallel.wallSeconds;
                fastestName = QStringLiteral("%1 -o %2").arg(name, format);
            }
        }
    }
    if (fleet.allSettledSeconds > 0 && fastest > 0)
        table.row(QStringLiteral("Minato all-Live vs the fastest kubectl above, %1 at a time (%2)")
                      .arg(settings.parallel)
                      .arg(fastestName),
            QStringLiteral("%1× faster").arg(fastest / fleet.allSettledSeconds, 0, 'f', 1), QStringLiteral("≥ 5×"),
            metText(fastest >= 5 * fleet.allSettledSeconds));
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QLoggingCategory::setFilterRules(QStringLiteral("minato.*.info=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    auto option = [&parser](const char* name, const char* help, const char* value, const char* fallback) {
        return bench::addOption(parser, name, help, value, fallback);
    };
    const auto kubeconfigOption
        = option("kubeconfig", "An existing fleet; without it minato-sim is started.", "file", "");
    const auto contextOption = option("context", "Only contexts matching this glob.", "glob", "");
    const auto clustersOption = option("clusters", "Simulated clusters.", "n", "50");
    const auto podsOption = option("pods", "Pods per simulated cluster.", "m", "2000");
    const auto speedOption = option("speed", "minato-sim --speed.", "f", "1");
    const auto scenarioOption = option("scenario", "minato-sim --scenario (default: the demo).", "file", "");
    const auto simOption = option("sim", "minato-sim binary.", "path", MINATO_SIM_BINARY);
    const auto kubectlOption
        = option("kubectl", "A kubectl binary to compare with (repeatable; the first also runs sequentially).",
            "path", "kubectl");
    const auto parallelOption = option("parallel", "kubectl processes at a time.", "n", "8");
    const auto windowOption = option("window", "Steady-state window in seconds.", "s", "30");
    const auto repeatsOption = option("repeats", "Single-cluster measurements (best is kept).", "n", "3");
    const auto titleOption = option("title", "Heading of the table.", "text", "");
    const QCommandLineOption fleetOnlyOption(QStringLiteral("fleet-only"),
        QStringLiteral("Only the whole-fleet phase (for profiling): no single cluster, no kubectl."));
    parser.addOption(fleetOnlyOption);
    parser.process(app);

    Settings settings;
    settings.kubeconfig = parser.value(kubeconfigOption);
    settings.contextGlob = parser.value(contextOption);
    settings.kubectls = parser.values(kubectlOption);
    settings.parallel = std::max(1, parser.value(parallelOption).toInt());
    settings.windowSeconds = std::max(1.0, parser.value(windowOption).toDouble());
    settings.repeats = std::max(1, parser.value(repeatsOption).toInt());

    QTemporaryDir dir;
    QProcess sim;
    Table table;
    if (settings.kubeconfig.isEmpty()) {
        settings.kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        QStringList arguments { QStringLiteral("--clusters"), parser.value(clustersOption),
            QStringLiteral("--pods-per-cluster"), parser.value(podsOption), QStringLiteral("--speed"),
            parser.value(speedOption), QStringLiteral("--kubeconfig-out"), settings.kubeconfig };
        if (parser.isSet(scenarioOption))
            arguments += { QStringLiteral("--scenario"), parser.value(scenarioOption) };
        QElapsedTimer startup;
        startup.start();
        const QByteArray ready = bench::startSimulator(sim, parser.value(simOption), arguments, 900000);
        if (ready.isEmpty()) {
            std::fprintf(stderr, "minato-sim did not become ready\n");
            return 1;
        }
        settings.simPid = sim.processId();
        std::fprintf(stderr, "%s (after %.1f s)\n", ready.constData(), double(startup.elapsed()) / 1000.0);
    }
    const QString title = parser.isSet(titleOption)
        ? parser.value(titleOption)
        : QStringLiteral("minato-sim: %1 clusters × %2 pods, --speed %3")
              .arg(parser.value(clustersOption), parser.value(podsOption), parser.value(speedOption));

    fleet::FleetLoadOptions load;
    load.kubeconfigFiles = { settings.kubeconfig };
    load.fleetFile = QStringLiteral("/dev/null/no-fleet.yaml");
    const fleet::Fleet fleet = fleet::FleetLoader::load(load).fleet;
    const QRegularExpression glob(QRegularExpression::wildcardToRegularExpression(
        settings.contextGlob.isEmpty() ? QStringLiteral("*") : settings.contextGlob));
    QStringList contexts;
    for (const fleet::FleetCluster& c : fleet.clusters)
        if (glob.match(c.name()).hasMatch())
            contexts.append(c.name());
    if (contexts.isEmpty()) {
        std::fprintf(stderr, "no contexts in %s\n", qPrintable(settings.kubeconfig));
        return 1;
    }
    std::fprintf(stderr, "%lld contexts\n", static_cast<long long>(contexts.size()));

    // The fleet first, so that its peak RSS is the process's own, untouched by earlier phases.
    const FleetResult fleetResult = wholeFleet(settings, table);
    if (!parser.isSet(fleetOnlyOption)) {
        const auto first = std::find_if(fleet.clusters.cbegin(), fleet.clusters.cend(),
            [&contexts](const fleet::FleetCluster& c) { return c.name() == contexts.first(); });
        singleCluster(settings, *first, table);
        kubectlLoops(settings, contexts, fleetResult, table);
    }
    table.print(title);

    if (sim.state() == QProcess::Running) {
        sim.terminate();
        sim.waitForFinished(30000);
    }
    // Exit 3 when a budget is missed, so that scripts (run-sessions.sh) fail with it.
    if (table.missed() > 0) {
        std::fprintf(stderr, "bench_sessions: %d budget(s) missed\n", table.missed());
        return 3;
    }
    return 0;
}
