// SPDX-License-Identifier: Apache-2.0
// ClusterSummary and CniSummary computed from stores filled with real API JSON fixtures, and
// the report's renderings of them.
#include "analysis/clustersummary.h"
#include "analysis/podhealth.h"
#include "analysis/podtally.h"
#include "analysis/reportrenderer.h"

#include "storefixtures.h"
#include "testkinds.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace minato;
using namespace minato::analysis;
using namespace minato::fleet;

namespace {

SessionStatus live()
{
    return { SessionState::Live, QStringLiteral("watching 20 kinds"),
        QDateTime::fromSecsSinceEpoch(1714640000, QTimeZone::utc()) };
}

// A cluster as its session would describe it.
ClusterFacts cluster(const char* name, const SessionStatus& status, const QString& gitVersion = {}, int minor = 0)
{
    ClusterFacts c;
    c.name = QString::fromLatin1(name);
    c.team = QStringLiteral("payments");
    c.environment = QStringLiteral("prod");
    c.server = QStringLiteral("https://10.0.0.1:6443");
    c.status = status;
    c.serverVersion.gitVersion = gitVersion;
    c.serverVersion.major = gitVersion.isEmpty() ? 0 : 1;
    c.serverVersion.minor = minor;
    return c;
}

ClusterSummary calicoCluster(ClusterStore& store)
{
    feedStore(store, WatchedKind::Nodes,
        { u"node_crio.json"_qs, u"node_notready_pressure.json"_qs, u"node_flannel.json"_qs });
    feedStore(store, WatchedKind::Pods,
        { u"pod_completed.json"_qs, u"pod_crashloop.json"_qs, u"pod_createconfigerror.json"_qs, u"pod_evicted.json"_qs,
            u"pod_imagepullbackoff.json"_qs, u"pod_init_crashloop.json"_qs, u"pod_init_running.json"_qs,
            u"pod_nodelost.json"_qs, u"pod_privileged_hostnet.json"_qs, u"pod_terminating.json"_qs,
            u"pod_unschedulable.json"_qs });
    feedStore(
        store, WatchedKind::HorizontalPodAutoscalers, { u"hpa_v2_limited.json"_qs, u"hpa_v2_failedmetrics.json"_qs });
    feedStore(store, WatchedKind::CalicoIpPools, { u"calico_ippool.json"_qs });
    feedStore(store, WatchedKind::CalicoBgpConfigurations, { u"calico_bgpconfiguration.json"_qs });
    feedStore(store, WatchedKind::CalicoBgpPeers, { u"calico_bgppeer_rr.json"_qs, u"calico_bgppeer_external.json"_qs });
    feedStore(store, WatchedKind::ConfigMaps, { u"cm_calico_config.json"_qs, u"cm_other.json"_qs });
    feedStore(
        store, WatchedKind::ApiServices, { u"apiservice_local.json"_qs, u"apiservice_metrics_unavailable.json"_qs });
    return ClusterSummary::compute(cluster("calico", live(), QStringLiteral("v1.29.4"), 29), store);
}

} // namespace

class TestClusterSummary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void podFailureReason_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("reason"); // empty: not failing
        QTest::newRow("crash loop") << u"pod_crashloop.json"_qs << u"CrashLoopBackOff"_qs;
        QTest::newRow("image pull") << u"pod_imagepullbackoff.json"_qs << u"ImagePullBackOff"_qs;
        QTest::newRow("config error") << u"pod_createconfigerror.json"_qs << u"CreateContainerConfigError"_qs;
        // kubectl prints the terminated container's reason for this evicted pod, and so do we.
        QTest::newRow("evicted") << u"pod_evicted.json"_qs << u"ContainerStatusUnknown"_qs;
        QTest::newRow("init crash loop") << u"pod_init_crashloop.json"_qs << u"Init:CrashLoopBackOff"_qs;
        QTest::newRow("node lost") << u"pod_nodelost.json"_qs << u"Unknown"_qs;
        QTest::newRow("unschedulable") << u"pod_unschedulable.json"_qs << u"Unschedulable"_qs;
        QTest::newRow("completed") << u"pod_completed.json"_qs << QString();
        QTest::newRow("init running") << u"pod_init_running.json"_qs << QString();
        QTest::newRow("terminating") << u"pod_terminating.json"_qs << QString();
        QTest::newRow("running") << u"pod_privileged_hostnet.json"_qs << QString();
    }
    void podFailureReason()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, reason);
        ClusterStore store;
        feedStore(store, WatchedKind::Pods, { fixture });
        QCOMPARE(store.pods().size(), 1);
        const PodInfo pod = *store.pods().cbegin();
        const PodHealth health = podHealth(pod);
        QCOMPARE(health.reason, reason);
        QCOMPARE(health.isFailing(), !reason.isEmpty());
    }

    // The overview's tally, kept from change batches, says what a pass over all pods says.
    // Both batches keep the pod count, so only the batch arithmetic can make them agree.
    void podTallyFollowsChangeBatches()
    {
        ClusterStore store;
        feedStore(store, WatchedKind::Pods, { u"pod_crashloop.json"_qs, u"pod_completed.json"_qs, u"pod_evicted.json"_qs });
        store.flush();
        PodTally tally;
        tally.reset(store.pods());
        int batches = 0;
        connect(&store, &ClusterStore::changed, this, [&](const StoreChange& change) {
            if (const KindChange* pods = change.find(WatchedKind::Pods)) {
                tally.apply(store.pods(), *pods);
                ++batches;
            }
        });
        const ClusterFacts facts = cluster("c", live());
        for (const QStringList& fixtures : { QStringList { u"pod_crashloop.json"_qs, u"pod_imagepullbackoff.json"_qs,
                                                 u"pod_unschedulable.json"_qs },
                 QStringList { u"pod_init_running.json"_qs, u"pod_nodelost.json"_qs, u"pod_completed.json"_qs } }) {
            feedStore(store, WatchedKind::Pods, fixtures);
            store.flush();
            QCOMPARE(ClusterSummary::compute(facts, store, tally), ClusterSummary::compute(facts, store));
        }
        QCOMPARE(batches, 2);
        const ClusterSummary last = ClusterSummary::compute(facts, store, tally);
        QCOMPARE(last.podsTotal, 3);
        QCOMPARE(last.failingPods.size(), 1); // node lost
        QCOMPARE(last.podsByPhase.value(u"Succeeded"_qs), 1);
    }

    void summaryOfAFixtureStore()
    {
        ClusterStore store;
        const ClusterSummary s = calicoCluster(store);
        QCOMPARE(s.name, u"calico"_qs);
        QCOMPARE(s.version, u"v1.29.4"_qs);
        QCOMPARE(s.nodesTotal, 3);
        QCOMPARE(s.nodesReady, 2);
        QCOMPARE(s.podsTotal, 11);
        QCOMPARE(s.podsByPhase.value(u"Succeeded"_qs), 1);
        QCOMPARE(s.podsByPhase.value(u"Failed"_qs), 1);
        QCOMPARE(s.failingPods.size(), 7);
        QCOMPARE(s.failingByReason.value(u"CrashLoopBackOff"_qs), 1);
        QCOMPARE(s.failingPods.first().nameSpace, u"ml"_qs); // sorted by namespace/name
        QCOMPARE(s.failingPods.first().reason, u"Unschedulable"_qs);

        QCOMPARE(s.runtimes.size(), 3);
        QCOMPARE(s.runtimes.first().nodes, 1);
        QStringList runtimeNames;
        for (const auto& r : s.runtimes)
            runtimeNames << r.name + u' ' + r.version;
        QVERIFY2(
            runtimeNames.contains(u"cri-o 1.28.4-5.rhaos4.15.git1a2b3c4.el9"_qs), qPrintable(runtimeNames.join(u", ")));
        QVERIFY(runtimeNames.contains(u"containerd 1.7.11"_qs));

        QCOMPARE(s.hpas.total, 2);
        QCOMPARE(s.hpas.atMax, 1); // queue-consumer: 20 of 20, TooManyReplicas
        QCOMPARE(s.hpas.unableToScale, 1);
        QCOMPARE(s.hpas.problems, QStringList { u"shop/checkout: FailedGetResourceMetric"_qs });

        QCOMPARE(s.cni.plugin, CniSummary::Plugin::Calico);
        QCOMPARE(s.cni.encapsulation, u"IPIP CrossSubnet"_qs);
        QCOMPARE(s.cni.bgpMode, u"route reflectors + external peers (1)"_qs);
        QCOMPARE(s.cni.pools.size(), 1);
        QCOMPARE(s.cni.pools.first().cidr, u"192.168.0.0/16"_qs);

        QCOMPARE(s.metricsApis.size(), 3);
        QCOMPARE(s.metricsApis.at(0).name, u"metrics.k8s.io"_qs);
        QVERIFY2(s.metricsApis.at(0).status.startsWith(u"Unavailable"_qs), qPrintable(s.metricsApis.at(0).status));
        QCOMPARE(s.metricsApis.at(2).status, u"absent"_qs);
    }

    void calicoEncapsulations_data()
    {
        QTest::addColumn<QString>("ipip");
        QTest::addColumn<QString>("vxlan");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ipip always") << u"Always"_qs << u"Never"_qs << u"IPIP Always"_qs;
        QTest::newRow("ipip cross") << u"CrossSubnet"_qs << u"Never"_qs << u"IPIP CrossSubnet"_qs;
        QTest::newRow("vxlan") << u"Never"_qs << u"Always"_qs << u"VXLAN"_qs;
        QTest::newRow("vxlan cross") << u"Never"_qs << u"CrossSubnet"_qs << u"VXLAN CrossSubnet"_qs;
        QTest::newRow("bgp only") << u"Never"_qs << u"Never"_qs << u"none (BGP)"_qs;
    }
    void calicoEncapsulations()
    {
        QFETCH(QString, ipip);
        QFETCH(QString, vxlan);
        QFETCH(QString, expected);
        QByteArray pool = readFixture(u"calico_ippool.json"_qs);
        pool.replace("\"ipipMode\": \"CrossSubnet\"", QByteArray("\"ipipMode\": \"" + ipip.toUtf8() + '"'));
        pool.replace("\"vxlanMode\": \"Never\"", QByteArray("\"vxlanMode\": \"" + vxlan.toUtf8() + '"'));
        ClusterStore store;
        const auto decoder
            = testCatalog().makeDecoder(WatchedKind::CalicoIpPools, std::make_shared<ProjectionDecoder>());
        const auto page = decoder->decodeBody("{\"kind\":\"IPPoolList\",\"metadata\":{},\"items\":[" + pool + "]}");
        QSet<QUuid> seen;
        store.applyPage(static_cast<const ListPage&>(*page), seen);
        const CniSummary cni = CniSummary::detect(store);
        QCOMPARE(cni.encapsulation, expected);
        QCOMPARE(cni.bgpMode, u"node-to-node mesh"_qs); // no BGPConfiguration: Calico's default
    }

    void flannelFromItsConfigMap()
    {
        ClusterStore store;
        feedStore(store, WatchedKind::ConfigMaps, { u"cm_kube_flannel_cfg.json"_qs, u"cm_other.json"_qs });
        feedStore(store, WatchedKind::Nodes, { u"node_flannel.json"_qs });
        const CniSummary cni = CniSummary::detect(store);
        QCOMPARE(cni.plugin, CniSummary::Plugin::Flannel);
        QCOMPARE(cni.backend, u"vxlan"_qs);
        QCOMPARE(cni.network, u"10.244.0.0/16"_qs);
        QCOMPARE(cni.source, u"kube-flannel/kube-flannel-cfg"_qs);
        QCOMPARE(cni.describe(), u"flannel vxlan"_qs);
    }

    void flannelFromNodeAnnotations()
    {
        ClusterStore store;
        feedStore(store, WatchedKind::Nodes, { u"node_flannel.json"_qs });
        const CniSummary cni = CniSummary::detect(store);
        QCOMPARE(cni.plugin, CniSummary::Plugin::Flannel);
        QCOMPARE(cni.backend, u"vxlan"_qs);
        QCOMPARE(cni.source, u"node annotations"_qs);
    }

    void nothingDetected()
    {
        ClusterStore store;
        QCOMPARE(CniSummary::detect(store).plugin, CniSummary::Plugin::Unknown);
        QCOMPARE(CniSummary::detect(store).describe(), u"not detected"_qs);
    }

    void jsonReport()
    {
        ClusterStore store;
        const ClusterSummary calico = calicoCluster(store);
        ClusterStore empty;
        ClusterSummary down = ClusterSummary::compute(cluster("down",
            { SessionState::Unreachable, u"Cannot reach the API server"_qs, QDateTime::currentDateTimeUtc() }),
            empty);
        const QJsonObject doc = ReportRenderer::document({ calico, down });
        const QJsonArray clusters = doc.value(u"clusters").toArray();
        QCOMPARE(clusters.size(), 2);
        const QJsonObject c = clusters.at(0).toObject();
        QCOMPARE(c.value(u"state").toString(), u"Live"_qs);
        QCOMPARE(c.value(u"since").toString(), u"2024-05-02T08:53:20Z"_qs);
        QCOMPARE(c.value(u"nodes").toObject().value(u"ready").toInt(), 2);
        QCOMPARE(c.value(u"pods").toObject().value(u"failing").toArray().size(), 7);
        QCOMPARE(c.value(u"cni").toObject().value(u"plugin").toString(), u"Calico"_qs);
        QCOMPARE(c.value(u"cni").toObject().value(u"bgp").toString(), u"route reflectors + external peers (1)"_qs);
        QCOMPARE(c.value(u"hpas").toObject().value(u"atMax").toInt(), 1);
        QCOMPARE(clusters.at(1).toObject().value(u"reason").toString(), u"Cannot reach the API server"_qs);
        const QJsonObject summary = doc.value(u"summary").toObject();
        QCOMPARE(summary.value(u"live").toInt(), 1);
        QCOMPARE(summary.value(u"allLive").toBool(), false);
        QCOMPARE(summary.value(u"byState").toObject().value(u"Unreachable").toInt(), 1);
    }

    void tableAndYaml()
    {
        ClusterStore store;
        const ClusterSummary calico = calicoCluster(store);
        ClusterStore empty;
        ClusterSummary down = ClusterSummary::compute(cluster("down",
            { SessionState::Unreachable, u"Cannot reach the API server"_qs, QDateTime::currentDateTimeUtc() }),
            empty);
        const QString table = ReportRenderer::render(ReportRenderer::Format::Table, { calico, down });
        const QStringList lines = table.split(u'\n');
        QVERIFY(lines.at(0).startsWith(u"CLUSTER"_qs));
        QVERIFY2(lines.at(1).contains(u"Live"_qs) && lines.at(1).contains(u"2/3"_qs), qPrintable(lines.at(1)));
        QVERIFY(lines.at(1).contains(u"Calico IPIP CrossSubnet"_qs));
        // A cluster without data shows dashes, not zeros.
        QVERIFY2(lines.at(2).contains(u"Unreachable"_qs) && lines.at(2).contains(u" - "_qs), qPrintable(lines.at(2)));
        QVERIFY(table.contains(u"pod shop/checkout-6d8f7b9c4d-7xq2m: CrashLoopBackOff"_qs));
        QVERIFY(table.contains(u"hpa shop/checkout: FailedGetResourceMetric"_qs));

        const QString yaml = ReportRenderer::render(ReportRenderer::Format::Yaml, { calico });
        QVERIFY2(yaml.contains(u"state: \"Live\""_qs), qPrintable(yaml.left(400)));
        QVERIFY(yaml.contains(u"encapsulation: \"IPIP CrossSubnet\""_qs));
    }
};

QTEST_GUILESS_MAIN(TestClusterSummary)
#include "tst_clustersummary.moc"
