// SPDX-License-Identifier: Apache-2.0
// The network view's costs on tests/bench/network.yaml (docs/performance.md): for each
// 500-node Calico cluster the topology model, its graph and layout, and the scene the view
// draws; and for a fleet of 50 clusters the matrix (every topology, the fleet's overlaps and
// the rows). The objects come from the simulator's world, decoded by the clusters' own
// decoders into ClusterStores, as a live session holds them. Each budget is 100 ms.
// Run by hand from the build folder: QT_QPA_PLATFORM=offscreen tests/bench/bench_network [rounds].
#include "networktopologyview.h"

#include "analysis/networkreport.h"
#include "analysis/topologygraph.h"
#include "fleet/clusterstore.h"
#include "fleet/listpage.h"
#include "fleet/projectiondecoder.h"
#include "kinds/kindregistry.h"
#include "kube/payloaddecoder.h"
#include "sim/clusterworld.h"
#include "sim/objectsink.h"
#include "sim/scenario.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <map>

using namespace minato;

namespace {

// What a world writes, by resource, as the API server would list it.
class CollectingSink : public sim::ObjectSink
{
public:
    std::map<QString, std::map<QString, QJsonObject>> objects;
    void put(const QString& resource, QJsonObject object) override
    {
        const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        QJsonObject withMeta = object;
        if (!meta.contains(QStringLiteral("uid"))) {
            QJsonObject m = meta;
            m.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
            withMeta.insert(QStringLiteral("metadata"), m);
        }
        objects[resource][meta.value(QStringLiteral("namespace")).toString() + QLatin1Char('/')
            + meta.value(QStringLiteral("name")).toString()] = withMeta;
    }
    void remove(const QString& resource, const QString& nameSpace, const QString& name) override
    {
        objects[resource].erase(nameSpace + QLatin1Char('/') + name);
    }
};

void fill(fleet::ClusterStore& store, const fleet::KindCatalog& catalog, const CollectingSink& sink)
{
    auto projections = std::make_shared<fleet::ProjectionDecoder>();
    for (const fleet::KindBinding& binding : catalog.bindings()) {
        for (const fleet::KindSource& source : binding.spec.sources) {
            const QString resource = source.group.isEmpty() ? binding.spec.plural : binding.spec.plural + QLatin1Char('.') + source.group;
            const auto found = sink.objects.find(resource);
            if (found == sink.objects.end())
                continue;
            QByteArray list = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[";
            bool first = true;
            for (const auto& [key, object] : found->second) {
                if (!std::exchange(first, false))
                    list += ',';
                list += QJsonDocument(object).toJson(QJsonDocument::Compact);
            }
            list += "]}";
            const auto payload = catalog.makeDecoder(binding.spec.kind, projections)->decodeBody(list);
            const auto& page = static_cast<const fleet::ListPage&>(*payload);
            if (page.error)
                qFatal("%s: %s", qPrintable(resource), qPrintable(page.error->message));
            QSet<QUuid> seen;
            store.applyPage(page, seen);
            store.finishList(binding.spec.kind, seen, QString());
            break;
        }
    }
}

struct Timing
{
    QList<double> ms;
    void add(double value) { ms.append(value); }
    double median()
    {
        std::sort(ms.begin(), ms.end());
        return ms.at(ms.size() / 2);
    }
    double worst() const { return *std::max_element(ms.begin(), ms.end()); }
};

template <typename F>
double timed(F&& work)
{
    QElapsedTimer clock;
    clock.start();
    work();
    return double(clock.nsecsElapsed()) / 1e6;
}

bool missed = false;

// The budget holds for the median: one round in twenty may meet a page fault or the other core.
void print(const char* what, Timing& t, bool budgeted = true)
{
    missed = missed || (budgeted && t.median() > 100);
    std::printf("%-52s median %7.2f ms   worst %7.2f ms%s\n", what, t.median(), t.worst(),
        budgeted ? "   (budget 100 ms)" : "");
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const int rounds = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 20;
    const auto scenario = sim::Scenario::load(QStringLiteral(MINATO_BENCH_DIR "/network.yaml"));
    if (!scenario)
        qFatal("%s", qPrintable(scenario.error().message));
    const kinds::KindRegistry registry = kinds::KindRegistry::builtin();
    const fleet::KindCatalog catalog = registry.catalog();

    // The fleet: the scenario's clusters, the small ones copied until there are 50.
    QList<sim::ClusterSpec> specs = scenario->clusters;
    for (int copy = 0; specs.size() < 50; ++copy) {
        sim::ClusterSpec spec = scenario->clusters.at(2 + copy % 2);
        spec.name += QStringLiteral("-%1").arg(copy);
        specs.append(spec);
    }
    std::vector<std::unique_ptr<fleet::ClusterStore>> stores;
    QList<analysis::ReportCluster> clusters;
    for (const sim::ClusterSpec& spec : std::as_const(specs)) {
        sim::ClusterWorld world(spec, scenario->seed);
        CollectingSink sink;
        world.seed(sink);
        auto store = std::make_unique<fleet::ClusterStore>();
        fill(*store, catalog, sink);
        analysis::ReportCluster cluster;
        cluster.facts.name = spec.name;
        cluster.facts.status.state = fleet::SessionState::Live;
        cluster.store = store.get();
        clusters.append(cluster);
        stores.push_back(std::move(store));
    }

    NetworkTopologyView view;
    view.resize(1200, 800);
    for (int c = 0; c < 2; ++c) {
        const analysis::ReportCluster& cluster = clusters.at(c);
        Timing model, graph, scene;
        analysis::NetworkReportCluster report;
        for (int round = 0; round < rounds; ++round) {
            model.add(timed([&] { report = analysis::NetworkReportCluster::of(cluster.facts, *cluster.store); }));
            graph.add(timed([&] {
                const auto g = analysis::TopologyGraph::of(report.topology);
                const auto l = analysis::TopologyLayout::of(report.topology, g, 1400);
                Q_UNUSED(l);
            }));
            scene.add(timed([&] { view.showCluster(&report); }));
        }
        const auto& t = report.topology;
        std::printf("%s: %lld nodes, %lld pools, %lld sessions listed, %lld mesh sessions, %lld routers; "
                    "the view draws %lld items, %lld links\n",
            qPrintable(cluster.facts.name), qlonglong(t.nodes.size()), qlonglong(t.pools.size()),
            qlonglong(t.sessions.size()), qlonglong(t.meshSessions), qlonglong(t.routers.size()),
            qlonglong(view.scene()->items().size()), qlonglong(view.graph().links.size()));
        print("  topology model (NetworkReportCluster::of)", model);
        print("  graph + layout", graph);
        print("  scene (NetworkTopologyView::showCluster)", scene);
        Timing total;
        for (int i = 0; i < model.ms.size(); ++i)
            total.add(model.ms.at(i) + graph.ms.at(i) + scene.ms.at(i));
        print("  all three", total);
    }

    // The matrix as the window builds it (NetworkWorkspace::rebuildNow with every cluster
    // changed): each topology, the fleet's overlaps, the rows. Findings come from the triage
    // tracker, which evaluates on its own schedule off the GUI thread.
    Timing matrix;
    QList<analysis::NetworkMatrixRow> rows;
    for (int round = 0; round < rounds; ++round) {
        matrix.add(timed([&] {
            QList<analysis::NetworkReportCluster> reports;
            analysis::FleetAddresses fleet;
            for (const analysis::ReportCluster& c : std::as_const(clusters)) {
                reports.append(analysis::NetworkReportCluster::of(c.facts, *c.store));
                fleet.append(analysis::ClusterAddresses::of(c.facts.name, reports.last().topology));
            }
            rows.clear();
            for (qsizetype i = 0; i < reports.size(); ++i) {
                reports[i].overlaps = analysis::addressOverlaps(fleet.at(i), fleet);
                rows.append(analysis::NetworkMatrixRow::of(reports.at(i)));
            }
        }));
    }
    std::printf("fleet: %lld clusters\n", qlonglong(rows.size()));
    print("  matrix (50 topologies, overlaps, rows)", matrix);
    // `minato network` also evaluates every triage rule of every cluster (findings).
    Timing headless;
    for (int round = 0; round < std::min(rounds, 5); ++round)
        headless.add(timed([&] { analysis::NetworkReportCluster::build(clusters, QDateTime::currentDateTimeUtc()); }));
    print("  headless report (the same, with every finding)", headless, false);
    if (missed)
        std::printf("a budget was missed\n");
    return missed ? 1 : 0;
}
