// SPDX-License-Identifier: Apache-2.0
// The promise of the demo: a new user finds every demo fault in triage and reaches each
// object from its finding. The built-in demo fleet runs at 60× (a simulated minute a second)
// through the normal client; every fault of resources/scenarios/demo.yaml must show up as a
// finding of the matching rule on its own cluster, and every finding about an object must
// open that object in the browser while it is current.
//
// One fault class is left to tests that can hold it open: a revoked token is noticed at the
// next request, as on a real apiserver (established watches keep streaming), and at 60× the
// demo's three-minute window is three seconds, shorter than any request the client makes
// unprompted. tst_fleetenginesim holds a revocation until the session is AuthFailed and
// tst_findings turns AuthFailed into its finding.
#include "demofleet.h"

#include "analysis/findingsdelta.h"
#include "analysis/findingtracker.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/fleetworkspace.h"
#include "sim/scenario.h"
#include "testkinds.h"

#include <QMap>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <algorithm>

using namespace minato;
using sim::FaultType;

namespace {

const QString DemoScenario = QStringLiteral(MINATO_DEMO_SCENARIO);

// The rules a fault may fire. Transport faults (slow answers, throttling) are not findings.
QStringList rulesFor(FaultType type)
{
    switch (type) {
    case FaultType::NodeNotReady:
        return { QStringLiteral("node.not-ready") };
    case FaultType::NodeMemoryPressure:
        return { QStringLiteral("node.memory-pressure") };
    case FaultType::NodeDiskPressure:
        return { QStringLiteral("node.disk-pressure") };
    case FaultType::NodePIDPressure:
        return { QStringLiteral("node.pid-pressure") };
    case FaultType::CrashLoopBackOff:
        return { QStringLiteral("pod.crash-loop") };
    case FaultType::ImagePullBackOff:
        return { QStringLiteral("pod.image-pull") };
    case FaultType::CreateContainerError:
    case FaultType::RunContainerError:
        return { QStringLiteral("pod.runtime-error") };
    case FaultType::OOMKilled:
        return { QStringLiteral("pod.oom-killed") };
    case FaultType::MetricsApiUnavailable:
        return { QStringLiteral("apiservice.metrics-unavailable") };
    case FaultType::CustomMetricsAdapterMissing:
        // The HPAs that read custom or external metrics cannot compute a replica count.
        return { QStringLiteral("hpa.cannot-scale"), QStringLiteral("hpa.scaling-inactive") };
    case FaultType::Unreachable:
        return { QStringLiteral("cluster.unreachable") };
    case FaultType::Forbidden:
        return { QStringLiteral("cluster.degraded") };
    case FaultType::BgpPeerDown:
        return { QStringLiteral("network.bgp-session-down") };
    case FaultType::TokenRevoked:
    case FaultType::SlowResponses:
    case FaultType::Throttled:
    // node-problem-detector's condition, checked where the simulator writes it (tst_simruntimehealth).
    case FaultType::ContainerRuntimeUnhealthy:
        return {};
    }
    return {};
}

} // namespace

class TestDemoTriage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyDemoFaultReachesTriage()
    {
        const auto scenario = sim::Scenario::load(DemoScenario);
        QVERIFY2(scenario, qPrintable(scenario ? QString() : scenario.error().detail));
        // cluster → the faults still to be seen, each as the rules that would show it
        QMap<QString, QList<QStringList>> expected;
        for (const auto& cluster : scenario->clusters) {
            for (const auto& fault : cluster.faults) {
                if (const QStringList rules = rulesFor(fault.type); !rules.isEmpty())
                    expected[cluster.name].append(rules);
            }
        }
        QVERIFY(expected.size() >= 8);

        DemoFleet demo(DemoScenario, 60.0);
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        workspace.tracker()->setMinimumInterval(200);

        QSet<QPair<QString, QString>> seen; // (cluster, rule)
        QStringList unopened;
        int opened = 0;
        connect(workspace.tracker(), &analysis::FindingTracker::findingsChanged, this,
            [&](const analysis::FindingsDelta& delta) {
                for (const analysis::Finding& finding : delta.added) {
                    seen.insert({ finding.object.cluster, finding.ruleId });
                    // From the finding to its object, as the findings list does on Enter.
                    const analysis::ObjectRef& object = finding.object;
                    if (object.kind == QLatin1String("Cluster") || object.kind == QLatin1String("APIService"))
                        continue;
                    if (workspace.openObject(object.cluster, object.kind, object.nameSpace, object.name) >= 0)
                        ++opened;
                    else
                        unopened << QStringLiteral("%1 %2/%3 (%4)").arg(object.cluster, object.kind, object.id(), finding.ruleId);
                }
            });

        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        QCOMPARE(loaded.fleet.clusters.size(), scenario->clusters.size());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.start();

        auto missing = [&] {
            QStringList out;
            for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
                for (const QStringList& rules : it.value()) {
                    const bool found = std::any_of(rules.cbegin(), rules.cend(),
                        [&](const QString& rule) { return seen.contains({ it.key(), rule }); });
                    if (!found)
                        out << it.key() + QLatin1Char(':') + rules.join(QLatin1Char('|'));
                }
            }
            return out;
        };
        // The last fault of the demo starts at 13 simulated minutes: 13 s here, plus syncing.
        const bool allSeen = QTest::qWaitFor([&] { return missing().isEmpty(); }, 90000);
        QVERIFY2(allSeen, qPrintable(QStringLiteral("not seen: ") + missing().join(QStringLiteral(", "))));
        QVERIFY2(unopened.isEmpty(), qPrintable(unopened.join(QStringLiteral("; "))));
        QVERIFY(opened >= 10);
        QCOMPARE(demo.mutatingRequests(), 0);
        engine.disconnectAll();
    }
};

QTEST_GUILESS_MAIN(TestDemoTriage)
#include "tst_demotriage.moc"
