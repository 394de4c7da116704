// SPDX-License-Identifier: Apache-2.0
// The demo fleet (resources/scenarios/demo.yaml) covers what the issue promises: twelve or
// more clusters of four or more teams in dev/stg/prod, every Calico and flannel layout, every
// runtime, every fault class, a few hundred pods, and HPAs that move within minutes.
#include "recordingsink.h"

#include "sim/clusterworld.h"
#include "sim/scenario.h"
#include "sim/systemworkloads.h"

#include <QSet>
#include <QTest>

using namespace minato::sim;
using namespace std::chrono_literals;

class TestDemoScenario : public QObject
{
    Q_OBJECT
private:
    Scenario m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        const auto loaded = Scenario::load(QStringLiteral(MINATO_DEMO_SCENARIO));
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().detail));
        m_demo = *loaded;
    }

    void fleetShape()
    {
        QVERIFY(m_demo.clusters.size() >= 12);
        QSet<QString> teams;
        QSet<QString> environments;
        for (const ClusterSpec& c : m_demo.clusters) {
            teams.insert(c.team);
            environments.insert(c.environment);
        }
        QVERIFY(teams.size() >= 4);
        QCOMPARE(environments, QSet<QString>({ QStringLiteral("dev"), QStringLiteral("stg"), QStringLiteral("prod") }));
    }

    void networkVariants()
    {
        bool ipipAlways = false, ipipCrossSubnet = false, vxlan = false, plainBgp = false, reflectorsWithTor = false;
        QSet<FlannelBackend> flannel;
        for (const ClusterSpec& c : m_demo.clusters) {
            if (c.cni.plugin == CniPlugin::Flannel) {
                flannel.insert(c.cni.flannel.backend);
                continue;
            }
            for (const IpPoolSpec& p : c.cni.calico.ipPools) {
                ipipAlways = ipipAlways || p.ipipMode == EncapsulationMode::Always;
                ipipCrossSubnet = ipipCrossSubnet || p.ipipMode == EncapsulationMode::CrossSubnet;
                vxlan = vxlan || p.vxlanMode != EncapsulationMode::Never;
                plainBgp
                    = plainBgp || (p.ipipMode == EncapsulationMode::Never && p.vxlanMode == EncapsulationMode::Never);
            }
            bool reflectors = false;
            for (const NodeGroupSpec& g : c.nodeGroups)
                reflectors = reflectors || g.routeReflector;
            int tors = 0;
            bool peerSelector = false;
            for (const BgpPeerSpec& p : c.cni.calico.peers) {
                tors += !p.peerIP.isEmpty() && p.asNumber > 0;
                peerSelector = peerSelector || !p.peerSelector.isEmpty();
            }
            reflectorsWithTor
                = reflectorsWithTor || (!c.cni.calico.nodeToNodeMesh && reflectors && peerSelector && tors >= 2);
        }
        QVERIFY(ipipAlways);
        QVERIFY(ipipCrossSubnet);
        QVERIFY(vxlan);
        QVERIFY(plainBgp);
        QVERIFY(reflectorsWithTor);
        QVERIFY(flannel.contains(FlannelBackend::Vxlan));
        QVERIFY(flannel.contains(FlannelBackend::HostGw));
    }

    void runtimes()
    {
        QSet<ContainerRuntime> runtimes;
        bool oldDocker = false;
        bool kata = false;
        for (const ClusterSpec& c : m_demo.clusters) {
            for (const NodeGroupSpec& g : c.nodeGroups) {
                runtimes.insert(g.runtime);
                const QString kubelet = g.kubeletVersion.isEmpty() ? c.kubernetesVersion : g.kubeletVersion;
                oldDocker = oldDocker
                    || (g.runtime == ContainerRuntime::Docker && SystemWorkloads::minorVersion(kubelet) < 24);
            }
            for (const RuntimeClassSpec& rc : c.runtimeClasses)
                kata = kata || rc.handler.startsWith(QLatin1String("kata"));
        }
        QCOMPARE(runtimes.size(), 3);
        QVERIFY(oldDocker);
        QVERIFY(kata);
    }

    void everyFaultClass()
    {
        for (const FaultType type : allFaultTypes()) {
            bool present = false;
            for (const ClusterSpec& c : m_demo.clusters)
                present = present || c.hasFault(type);
            QVERIFY2(present, qPrintable(faultTypeName(type)));
        }
        bool noMetricsServer = false;
        bool pods = false;
        bool external = false;
        for (const ClusterSpec& c : m_demo.clusters) {
            noMetricsServer = noMetricsServer || (!c.metricsServer && !c.hpas.isEmpty());
            for (const HpaSpec& h : c.hpas)
                for (const MetricSpec& m : h.metrics) {
                    pods = pods || m.type == MetricSourceType::Pods;
                    external = external || m.type == MetricSourceType::External;
                }
        }
        QVERIFY(noMetricsServer);
        QVERIFY(pods);
        QVERIFY(external);
    }

    void fewHundredPodsAndMovingHpas()
    {
        const QDateTime start = QDateTime::fromSecsSinceEpoch(1717200000, Qt::UTC);
        int pods = 0;
        int scaledUp = 0;
        int scaledDown = 0;
        for (const ClusterSpec& c : m_demo.clusters) {
            ClusterWorld world(c, m_demo.seed, start);
            RecordingSink sink;
            world.seed(sink);
            pods += world.podCount();
            // Ten minutes at --speed 1, in the server's 500 ms steps.
            for (int i = 0; i < 1200; ++i)
                world.advance(500ms, sink);
            for (const QJsonObject& e : sink.objects(QStringLiteral("events"))) {
                if (e.value(QStringLiteral("reason")).toString() != QLatin1String("SuccessfulRescale"))
                    continue;
                const QString message = e.value(QStringLiteral("message")).toString();
                scaledUp += message.endsWith(QLatin1String("above target"));
                scaledDown += message.endsWith(QLatin1String("All metrics below target"));
            }
        }
        QVERIFY2(pods >= 250 && pods <= 800, qPrintable(QString::number(pods)));
        QVERIFY2(scaledUp >= 5, qPrintable(QString::number(scaledUp)));
        QVERIFY2(scaledDown >= 5, qPrintable(QString::number(scaledDown)));
    }
};

QTEST_GUILESS_MAIN(TestDemoScenario)
#include "tst_demoscenario.moc"
