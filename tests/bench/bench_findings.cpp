// SPDX-License-Identifier: Apache-2.0
// How long evaluateFindings takes on one large cluster: 2,000 pods (one in ten failing),
// 100 nodes, 200 Deployments, 50 HPAs and 1,000 events, built from the unit-test fixtures.
// The tracker runs it at most once a second per cluster in the GUI thread, so it must stay
// well under 10 ms. Run by hand: bench_findings [pods] [rounds].
#include "analysis/eventrules.h"
#include "analysis/findings.h"
#include "analysis/hparules.h"
#include "analysis/noderules.h"
#include "analysis/podrules.h"
#include "analysis/ruleinput.h"
#include "analysis/versionrules.h"
#include "analysis/workloadrules.h"
#include "fleet/clusterstore.h"
#include "fleet/projectiondecoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

using namespace minato;
using namespace minato::fleet;

namespace {

QJsonObject fixture(const char* name)
{
    QFile file(QStringLiteral(MINATO_TEST_DATA_DIR "/objects/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", name);
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The fixture under another name and uid, so that each copy is its own object.
QByteArray copyOf(QJsonObject object, int n, const QString& nameSpace = {})
{
    QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    meta.insert(QStringLiteral("name"),
        QString(meta.value(QStringLiteral("name")).toString() + QLatin1Char('-') + QString::number(n)));
    meta.insert(QStringLiteral("uid"), QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')));
    if (!nameSpace.isEmpty())
        meta.insert(QStringLiteral("namespace"), nameSpace);
    object.insert(QStringLiteral("metadata"), meta);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

template <typename T>
void load(ClusterStore& store, ProjectionDecoder& decoder, WatchedKind kind, const QList<QByteArray>& jsons)
{
    ListPageOf<T> page;
    page.kind = kind;
    for (const QByteArray& json : jsons) {
        auto object = decoder.decodeObject<T>(json);
        if (!object)
            qFatal("decode: %s", qPrintable(object.error().message));
        page.items.append(std::move(object).value());
    }
    QSet<QUuid> seen;
    store.applyPage(page, seen);
    store.finishList(kind, seen, {});
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int pods = argc > 1 ? std::max(1, atoi(argv[1])) : 2000;
    const int rounds = argc > 2 ? std::max(1, atoi(argv[2])) : 200;

    ProjectionDecoder decoder;
    ClusterStore store;
    int uid = 1;
    QList<QByteArray> list;
    const QJsonObject running = fixture("pod_running.json");
    const QJsonObject failing[] = { fixture("pod_crashloop.json"), fixture("pod_imagepullbackoff.json"),
        fixture("pod_oomkilled.json"), fixture("pod_unschedulable.json") };
    for (int i = 0; i < pods; ++i)
        list << copyOf(i % 10 == 0 ? failing[(i / 10) % 4] : running, uid++, QStringLiteral("ns-%1").arg(i % 40));
    load<PodInfo>(store, decoder, WatchedKind::Pods, list);

    list.clear();
    const QJsonObject nodes[] = { fixture("node_crio.json"), fixture("node_notready_pressure.json") };
    for (int i = 0; i < 100; ++i)
        list << copyOf(nodes[i % 20 == 0 ? 1 : 0], uid++);
    load<NodeInfo>(store, decoder, WatchedKind::Nodes, list);

    list.clear();
    const QJsonObject deployment = fixture("deployment_unavailable.json");
    for (int i = 0; i < 200; ++i)
        list << copyOf(deployment, uid++);
    load<WorkloadInfo>(store, decoder, WatchedKind::Deployments, list);

    list.clear();
    const QJsonObject hpas[] = { fixture("hpa_v2_failedmetrics.json"), fixture("hpa_v2_limited.json") };
    for (int i = 0; i < 50; ++i)
        list << copyOf(hpas[i % 2], uid++);
    load<HpaInfo>(store, decoder, WatchedKind::HorizontalPodAutoscalers, list);

    list.clear();
    const QJsonObject events[] = { fixture("event_core_hpa.json"), fixture("event_eventsapi_backoff.json") };
    for (int i = 0; i < 1000; ++i)
        list << copyOf(events[i % 2], uid++);
    load<EventInfo>(store, decoder, WatchedKind::Events, list);

    fleet::ClusterFacts context;
    context.name = QStringLiteral("bench");
    context.status.state = SessionState::Live;
    context.serverVersion.major = 1;
    context.serverVersion.minor = 29;
    const QDateTime now = QDateTime::fromString(QStringLiteral("2024-05-02T10:30:00Z"), Qt::ISODate);

    QList<qint64> micros;
    qsizetype findings = 0;
    for (int round = 0; round < rounds; ++round) {
        QElapsedTimer timer;
        timer.start();
        findings = analysis::evaluateFindings(context, store, now).size();
        micros << timer.nsecsElapsed() / 1000;
    }
    std::sort(micros.begin(), micros.end());
    std::printf("objects: %lld pods, %lld nodes, %lld deployments, %lld hpas, %lld events; %lld findings\n",
        qlonglong(store.pods().size()), qlonglong(store.nodes().size()),
        qlonglong(store.workloads(WatchedKind::Deployments).size()), qlonglong(store.hpas().size()),
        qlonglong(store.events().size()), qlonglong(findings));
    std::printf("evaluateFindings over %d rounds: median %.3f ms, p95 %.3f ms, max %.3f ms\n", rounds,
        micros.at(micros.size() / 2) / 1000.0, micros.at(micros.size() * 95 / 100) / 1000.0, micros.last() / 1000.0);
    // Where the time goes, family by family (the rest is the final sort).
    const analysis::FindingOptions options;
    const auto family = [&](const char* name, void (*rules)(analysis::RuleInput&)) {
        QList<qint64> times;
        for (int round = 0; round < rounds; ++round) {
            QList<analysis::Finding> out;
            analysis::RuleInput input { context, store, options, now, now.toSecsSinceEpoch(), out, {} };
            QElapsedTimer timer;
            timer.start();
            rules(input);
            times << timer.nsecsElapsed() / 1000;
        }
        std::sort(times.begin(), times.end());
        std::printf("  %-10s median %.3f ms\n", name, times.at(times.size() / 2) / 1000.0);
    };
    family("nodes", analysis::nodeRules);
    family("versions", analysis::versionRules);
    family("pods", analysis::podRules);
    family("workloads", analysis::workloadRules);
    family("hpas", analysis::hpaRules);
    family("events", analysis::eventRules);
    return 0;
}
