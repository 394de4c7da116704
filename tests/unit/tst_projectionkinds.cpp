// SPDX-License-Identifier: Apache-2.0
// Workloads, HPAs, events, Calico and flannel objects, and the small cluster kinds:
// fixture -> projection fields.
#include "objectfixtures.h"

#include "fleet/projectiondecoder.h"

#include <QTest>

using namespace minato;
using namespace minato::fleet;

namespace {

template <typename T> T decodeOrFail(const QString& fixture)
{
    ProjectionDecoder decoder;
    Expected<T> result = decoder.decodeObject<T>(readFixture(fixture));
    if (!result) {
        qWarning("%s", qPrintable(result.error().message));
        return T {};
    }
    return std::move(result).value();
}

} // namespace

class TestProjectionKinds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workload_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QList<int>>("counts"); // desired, current, ready, available, updated, unavailable
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("firstImage");
        QTest::addColumn<QString>("selector");

        QTest::newRow("deployment") << "upstream:k9s/render-testdata/dp.json" << int(WorkloadKind::Deployment)
                                    << QList<int> { 1, 1, 1, 1, 1, 0 } << "RollingUpdate"
                                    << "postgres:9.2-alpine"
                                    << "app=icx-db";
        // sts.json predates availableReplicas (1.22). The field is omitted when zero, so absence
        // cannot be told from 0 and the projection reports what the object says.
        QTest::newRow("statefulset") << "upstream:k9s/render-testdata/sts.json" << int(WorkloadKind::StatefulSet)
                                     << QList<int> { 4, 4, 4, 0, 4, 4 } << "RollingUpdate"
                                     << "k8s.gcr.io/nginx-slim:0.8"
                                     << "app=nginx-sts";
        QTest::newRow("daemonset") << "upstream:k9s/render-testdata/ds.json" << int(WorkloadKind::DaemonSet)
                                   << QList<int> { 2, 2, 2, 2, 2, 0 } << "RollingUpdate"
                                   << "gcr.io/stackdriver-agents/stackdriver-logging-agent:0.6-1.6.0-1"
                                   << "k8s-app=fluentd-gcp,kubernetes.io/cluster-service=true,version=v3.2.0";
        QTest::newRow("replicaset") << "upstream:k9s/render-testdata/rs.json" << int(WorkloadKind::ReplicaSet)
                                    << QList<int> { 1, 1, 1, 1, 0, 0 } << ""
                                    << "postgres:9.2-alpine"
                                    << "app=icx-db,pod-template-hash=7d4b578979";
    }
    void workload()
    {
        QFETCH(QString, fixture);
        QFETCH(int, kind);
        QFETCH(QList<int>, counts);
        QFETCH(QString, strategy);
        QFETCH(QString, firstImage);
        QFETCH(QString, selector);

        const WorkloadInfo w = decodeOrFail<WorkloadInfo>(fixture);
        QCOMPARE(int(w.kind), kind);
        QCOMPARE((QList<int> { w.desired, w.current, w.ready, w.available, w.updated, w.unavailable }), counts);
        QCOMPARE(w.strategy.toString(), strategy);
        QCOMPARE(w.podTemplate.images.isEmpty() ? QString() : w.podTemplate.images.at(0).toString(), firstImage);
        QCOMPARE(w.selector.toString(), selector);
        QVERIFY(!w.isObservedStale());
    }

    void workloadDetails()
    {
        const WorkloadInfo dp = decodeOrFail<WorkloadInfo>(QStringLiteral("upstream:k9s/render-testdata/dp.json"));
        QCOMPARE(dp.revision, 1);
        QCOMPARE(dp.availableCondition.reason.toString(), QStringLiteral("MinimumReplicasAvailable"));
        QCOMPARE(dp.progressing.reason.toString(), QStringLiteral("NewReplicaSetAvailable"));
        QCOMPARE(
            dp.progressing.message, QStringLiteral("ReplicaSet \"icx-db-7d4b578979\" has successfully progressed."));
        QCOMPARE(dp.podTemplate.resources.cpuRequestMilli, qint64(250));
        QCOMPARE(dp.podTemplate.resources.memoryLimitBytes, qint64(512) * 1024 * 1024);
        QVERIFY(dp.podTemplate.flags.testFlag(PodSpecFlag::AllRequestsSet));
        QVERIFY(dp.podTemplate.flags.testFlag(PodSpecFlag::AllLimitsSet));
        QVERIFY(!dp.podTemplate.flags.testFlag(PodSpecFlag::AllLivenessProbes));

        const WorkloadInfo sts = decodeOrFail<WorkloadInfo>(QStringLiteral("upstream:k9s/render-testdata/sts.json"));
        QCOMPARE(sts.serviceName, QStringLiteral("nginx-sts"));
        QCOMPARE(sts.currentRevision, sts.updateRevision);
        QCOMPARE(sts.claimTemplates.size(), qsizetype(1));
        QCOMPARE(sts.claimTemplates.at(0).name, QStringLiteral("www"));
        QCOMPARE(sts.claimTemplates.at(0).storageBytes, qint64(1024 * 1024));
        QCOMPARE(sts.claimTemplates.at(0).accessModes.at(0).toString(), QStringLiteral("ReadWriteOnce"));

        const WorkloadInfo ds = decodeOrFail<WorkloadInfo>(QStringLiteral("upstream:k9s/render-testdata/ds.json"));
        QCOMPARE(ds.podTemplate.images.size(), qsizetype(2));
        QCOMPARE(ds.misscheduled, 0);
        QCOMPARE(ds.observedGeneration, qint64(2));

        const WorkloadInfo rs = decodeOrFail<WorkloadInfo>(QStringLiteral("upstream:k9s/render-testdata/rs.json"));
        QCOMPARE(rs.meta.owner.kind.toString(), QStringLiteral("Deployment"));
        QCOMPARE(rs.meta.owner.name.toString(), QStringLiteral("icx-db"));
        QCOMPARE(rs.revision, 1);

        // Every field name of apps/v1 Deployment (synthetic values).
        const WorkloadInfo synthetic
            = decodeOrFail<WorkloadInfo>(QStringLiteral("upstream:k8s-api/roundtrip-testdata/apps.v1.Deployment.json"));
        QCOMPARE(synthetic.kind, WorkloadKind::Deployment);
        QCOMPARE(synthetic.strategy.toString(), QStringLiteral("typeValue"));
        QVERIFY(synthetic.selectorHasExpressions);
        QVERIFY(!synthetic.podTemplate.containerNames.isEmpty());
        QVERIFY(synthetic.paused);
    }

    void hpa_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("apiVersion");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QList<int>>("replicas"); // min, max, current, desired
        QTest::addColumn<int>("metrics");
        QTest::addColumn<QString>("ableToScale");
        QTest::addColumn<QString>("scalingActive");
        QTest::addColumn<QString>("scalingLimited");

        QTest::newRow("v1 with conditions annotation")
            << "upstream:k9s/render-testdata/hpa.json" << int(HpaApiVersion::V1) << "Deployment/nginx"
            << QList<int> { 1, 10, 0, 0 } << 1 << "False FailedGetScale"
            << ""
            << "";
        QTest::newRow("v2 metrics API down")
            << "hpa_v2_failedmetrics.json" << int(HpaApiVersion::V2) << "Deployment/checkout"
            << QList<int> { 3, 12, 5, 5 } << 3 << "True SucceededGetScale"
            << "False FailedGetResourceMetric"
            << "False DesiredWithinRange";
        QTest::newRow("v2 at its ceiling")
            << "hpa_v2_limited.json" << int(HpaApiVersion::V2) << "Deployment/queue-consumer"
            << QList<int> { 2, 20, 20, 20 } << 3 << "True ReadyForNewScale"
            << "True ValidMetricFound"
            << "True TooManyReplicas";
    }
    void hpa()
    {
        QFETCH(QString, fixture);
        QFETCH(int, apiVersion);
        QFETCH(QString, target);
        QFETCH(QList<int>, replicas);
        QFETCH(int, metrics);
        QFETCH(QString, ableToScale);
        QFETCH(QString, scalingActive);
        QFETCH(QString, scalingLimited);

        const HpaInfo h = decodeOrFail<HpaInfo>(fixture);
        auto describe = [](const DetailedCondition& c) -> QString {
            if (c.status == ConditionStatus::Absent)
                return QString();
            return QString::fromLatin1(c.isTrue() ? "True "
                           : c.isFalse()          ? "False "
                                                  : "Unknown ")
                + c.reason.toString();
        };
        QCOMPARE(int(h.apiVersion), apiVersion);
        QCOMPARE(h.targetKind.toString() + QLatin1Char('/') + h.targetName, target);
        QCOMPARE((QList<int> { h.minReplicas, h.maxReplicas, h.currentReplicas, h.desiredReplicas }), replicas);
        QCOMPARE(h.metrics.size(), qsizetype(metrics));
        QCOMPARE(describe(h.ableToScale), ableToScale);
        QCOMPARE(describe(h.scalingActive), scalingActive);
        QCOMPARE(describe(h.scalingLimited), scalingLimited);
    }

    void hpaMetrics()
    {
        const HpaInfo v1 = decodeOrFail<HpaInfo>(QStringLiteral("upstream:k9s/render-testdata/hpa.json"));
        QCOMPARE(v1.metrics.at(0).source, MetricSourceType::Resource);
        QCOMPARE(v1.metrics.at(0).targetType, MetricTargetType::Utilization);
        QCOMPARE(v1.metrics.at(0).name, QStringLiteral("cpu"));
        QCOMPARE(v1.metrics.at(0).averageUtilization, 10);
        QVERIFY(v1.ableToScale.message.startsWith(
            QStringLiteral("the HPA controller was unable to get the target's current scale")));
        QCOMPARE(v1.ableToScale.lastTransitionTime, epochOf("2019-07-19T20:56:05Z"));

        const HpaInfo failing = decodeOrFail<HpaInfo>(QStringLiteral("hpa_v2_failedmetrics.json"));
        QCOMPARE(failing.metrics.at(1).targetType, MetricTargetType::AverageValue);
        QCOMPARE(failing.metrics.at(1).averageValue, QStringLiteral("400Mi"));
        QCOMPARE(failing.metrics.at(1).averageValueMilli, qint64(400) * 1024 * 1024 * 1000);
        QCOMPARE(failing.metrics.at(2).source, MetricSourceType::Pods);
        QCOMPARE(failing.metrics.at(2).name, QStringLiteral("http_requests_per_second"));
        QCOMPARE(failing.currentMetrics.size(), qsizetype(3));
        QCOMPARE(failing.currentMetrics.at(0).source, MetricSourceType::Unknown); // the controller writes {"type": ""}
        QCOMPARE(failing.currentMetrics.at(2).averageValueMilli, qint64(233));
        QCOMPARE(failing.scaleDown.stabilizationWindowSeconds, 600);
        QCOMPARE(failing.scaleUp.policyCount, 2);
        QCOMPARE(failing.scaleUp.policies.size(), qsizetype(2));
        QCOMPARE(failing.scaleUp.policies.at(0), (HpaScalingPolicy { true, 4, 15 }));
        QCOMPARE(failing.scaleDown.policies.at(0), (HpaScalingPolicy { false, 10, 60 }));
        QCOMPARE(failing.scaleUp.selectPolicy, QStringLiteral("Max"));
        QCOMPARE(failing.lastScaleTime, epochOf("2024-05-02T08:15:00Z"));
        QVERIFY(failing.scalingActive.message.contains(QStringLiteral("pods.metrics.k8s.io")));

        const HpaInfo limited = decodeOrFail<HpaInfo>(QStringLiteral("hpa_v2_limited.json"));
        QCOMPARE(limited.metrics.at(0).source, MetricSourceType::External);
        QCOMPARE(limited.metrics.at(0).selector, QStringLiteral("queue=orders"));
        QCOMPARE(limited.metrics.at(0).averageValueMilli, qint64(30000));
        QCOMPARE(limited.metrics.at(1).source, MetricSourceType::ContainerResource);
        QCOMPARE(limited.metrics.at(1).container, QStringLiteral("consumer"));
        QCOMPARE(limited.metrics.at(2).objectKind, QStringLiteral("Ingress"));
        QCOMPARE(limited.metrics.at(2).objectName, QStringLiteral("main-route"));
        QCOMPARE(limited.metrics.at(2).targetType, MetricTargetType::Value);
        QCOMPARE(limited.metrics.at(2).valueMilli, qint64(10000000));
        QCOMPARE(limited.currentMetrics.at(1).averageUtilization, 91);
        QCOMPARE(limited.currentMetrics.at(2).valueMilli, qint64(12500));

        const HpaInfo synthetic = decodeOrFail<HpaInfo>(
            QStringLiteral("upstream:k8s-api/roundtrip-testdata/autoscaling.v2.HorizontalPodAutoscaler.json"));
        QCOMPARE(synthetic.apiVersion, HpaApiVersion::V2);
        QCOMPARE(synthetic.minReplicas, 2);
        QCOMPARE(synthetic.maxReplicas, 3);
        QCOMPARE(synthetic.desiredReplicas, 4);
        QCOMPARE(synthetic.metrics.at(0).container, QStringLiteral("containerValue"));
        QCOMPARE(synthetic.metrics.at(0).averageUtilization, 4);
        QCOMPARE(synthetic.currentMetrics.at(0).averageUtilization, 3);
    }

    void event_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("typeReason");
        QTest::addColumn<QString>("object");
        QTest::addColumn<int>("count");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("eventsApi");

        QTest::newRow("core kubelet") << "upstream:k9s/render-testdata/ev.json"
                                      << "Normal Pulled"
                                      << "Pod default/hello-1567197780-mn4mv" << 1 << epochOf("2019-08-30T20:43:05Z")
                                      << epochOf("2019-08-30T20:43:05Z") << "kubelet@gke-k9s-default-pool-0fa2fb89-qnkc"
                                      << false;
        QTest::newRow("events.k8s.io back-off")
            << "event_eventsapi_backoff.json"
            << "Warning BackOff"
            << "Pod shop/checkout-6d8f7b9c4d-7xq2m" << 17 << epochOf("2024-05-02T10:00:31Z")
            << epochOf("2024-05-02T10:27:02Z") << "kubelet@worker-1" << true;
        QTest::newRow("core hpa warning")
            << "event_core_hpa.json"
            << "Warning FailedGetResourceMetric"
            << "HorizontalPodAutoscaler shop/checkout" << 42 << epochOf("2024-05-02T10:22:30Z")
            << epochOf("2024-05-02T10:29:30Z") << "horizontal-pod-autoscaler@" << false;
        QTest::newRow("events.k8s.io synthetic")
            << "upstream:k8s-api/roundtrip-testdata/events.k8s.io.v1.Event.json"
            << "typeValue reasonValue"
            << "kindValue namespaceValue/nameValue" << 1 << epochOf("2002-01-01T01:01:01Z")
            << epochOf("2002-01-01T01:01:01Z") << "reportingControllerValue@hostValue" << true;
    }
    void event()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, typeReason);
        QFETCH(QString, object);
        QFETCH(int, count);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        QFETCH(QString, source);
        QFETCH(bool, eventsApi);

        const EventInfo e = decodeOrFail<EventInfo>(fixture);
        QCOMPARE(e.type.toString() + QLatin1Char(' ') + e.reason.toString(), typeReason);
        QCOMPARE(
            e.objectKind.toString() + QLatin1Char(' ') + e.objectNamespace.toString() + QLatin1Char('/') + e.objectName,
            object);
        QCOMPARE(e.count, count);
        QCOMPARE(e.firstTimestamp, first);
        QCOMPARE(e.lastTimestamp, last);
        QCOMPARE(e.sourceComponent.toString() + QLatin1Char('@') + e.sourceHost.toString(), source);
        QCOMPARE(e.fromEventsApi, eventsApi);
        QVERIFY(!e.message.isEmpty());
    }
    void eventMessageIsCut()
    {
        const EventInfo e = decodeOrFail<EventInfo>(QStringLiteral("event_core_hpa.json"));
        QVERIFY(e.messageTruncated);
        QCOMPARE(e.message.size(), EventInfo::MaxMessageLength + 1);
        QVERIFY(e.message.endsWith(QChar(0x2026)));
        QVERIFY(e.isWarning());
        const EventInfo backoff = decodeOrFail<EventInfo>(QStringLiteral("event_eventsapi_backoff.json"));
        QVERIFY(!backoff.messageTruncated);
        QCOMPARE(backoff.objectFieldPath, QStringLiteral("spec.containers{checkout}"));
        QCOMPARE(backoff.objectUid, QUuid(QStringLiteral("2b6f3c1e-8a4d-4f5b-9c2e-7d1a0b3c4e5f")));
    }

    void calico()
    {
        const auto pool = decodeOrFail<CalicoIpPoolInfo>(QStringLiteral("calico_ippool.json"));
        QCOMPARE(pool.cidr, QStringLiteral("192.168.0.0/16"));
        QCOMPARE(pool.blockSize, 26);
        QCOMPARE(pool.ipipMode.toString(), QStringLiteral("CrossSubnet"));
        QCOMPARE(pool.vxlanMode.toString(), QStringLiteral("Never"));
        QVERIFY(pool.natOutgoing);
        QCOMPARE(pool.allowedUses, (QStringList { QStringLiteral("Workload"), QStringLiteral("Tunnel") }));
        QVERIFY(!pool.isIPv6());

        const auto legacy = decodeOrFail<CalicoIpPoolInfo>(QStringLiteral("calico_ippool_legacy.json"));
        QCOMPARE(legacy.ipipMode.toString(), QStringLiteral("CrossSubnet"));
        QVERIFY(legacy.natOutgoing);

        const auto bgp = decodeOrFail<CalicoBgpConfigurationInfo>(QStringLiteral("calico_bgpconfiguration.json"));
        QCOMPARE(bgp.nodeToNodeMeshEnabled, std::optional<bool>(false));
        QCOMPARE(bgp.asNumber, qint64(64532));
        QCOMPARE(bgp.serviceClusterIPs, QStringList { QStringLiteral("10.96.0.0/12") });
        QCOMPARE(bgp.serviceExternalIPs.size(), qsizetype(2));

        const auto rr = decodeOrFail<CalicoBgpPeerInfo>(QStringLiteral("calico_bgppeer_rr.json"));
        QCOMPARE(rr.peerSelector, QStringLiteral("!has(routeReflector)"));
        QCOMPARE(rr.nodeSelector, QStringLiteral("has(routeReflector)"));
        QVERIFY(rr.peerIP.isEmpty());
        QVERIFY(!rr.isGlobal());

        const auto external = decodeOrFail<CalicoBgpPeerInfo>(QStringLiteral("calico_bgppeer_external.json"));
        QCOMPARE(external.peerIP, QStringLiteral("[ac13::57]:50"));
        QCOMPARE(external.asNumber, qint64(65546)); // asdot "1.10"
        QVERIFY(external.keepOriginalNextHop);
        QVERIFY(external.hasPassword);
        QCOMPARE(external.filters, QStringList { QStringLiteral("export-v6") });

        const auto felix = decodeOrFail<CalicoFelixConfigurationInfo>(QStringLiteral("calico_felixconfiguration.json"));
        QCOMPARE(felix.vxlanEnabled, std::optional<bool>(true));
        QCOMPARE(felix.ipipEnabled, std::optional<bool>(false));
        QCOMPARE(felix.wireguardEnabled, std::optional<bool>(true));
        QVERIFY(!felix.wireguardEnabledV6.has_value());
        QCOMPARE(felix.vxlanMTU, 8901);
        QCOMPARE(felix.wireguardMTU, 8891);
        QCOMPARE(felix.vxlanVNI, 4096);
        QCOMPARE(felix.wireguardInterfaceName, QStringLiteral("wireguard.cali"));
        QCOMPARE(felix.bpfEnabled, std::optional<bool>(false));
        QCOMPARE(felix.routeSource.toString(), QStringLiteral("CalicoIPAM"));

        const auto affinity = decodeOrFail<CalicoBlockAffinityInfo>(QStringLiteral("calico_blockaffinity.json"));
        QCOMPARE(affinity.node.toString(), QStringLiteral("worker-4"));
        QCOMPARE(affinity.cidr, QStringLiteral("192.168.94.0/26"));
        QCOMPARE(affinity.state.toString(), QStringLiteral("confirmed"));
        QVERIFY(!affinity.deleted);

        const auto status = decodeOrFail<CalicoNodeStatusInfo>(QStringLiteral("calico_nodestatus.json"));
        QCOMPARE(status.node, QStringLiteral("worker-4"));
        QCOMPARE(status.birdV4.state.toString(), QStringLiteral("Ready"));
        QCOMPARE(status.birdV4.routerID, QStringLiteral("10.0.1.24"));
        QCOMPARE(status.establishedV4, 1);
        QCOMPARE(status.notEstablishedV4, 1);
        QCOMPARE(status.peers.size(), qsizetype(2));
        QCOMPARE(status.peers.at(1).state.toString(), QStringLiteral("Active"));
        QCOMPARE(status.peers.at(1).type.toString(), QStringLiteral("GlobalPeer"));
        QCOMPARE(status.lastUpdated, epochOf("2024-05-02T10:29:55Z"));
    }

    void networkConfigMaps_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<bool>("flannel");
        QTest::addColumn<QString>("network");
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("vethMtu"); // -1: no calico key
        QTest::newRow("kube-flannel-cfg") << "cm_kube_flannel_cfg.json" << true << "10.244.0.0/16"
                                          << "vxlan" << -1;
        QTest::newRow("canal-config") << "cm_canal_config.json" << true << "10.244.0.0/16"
                                      << "vxlan" << 0;
        QTest::newRow("calico-config") << "cm_calico_config.json" << false << ""
                                       << "" << 8951;
        QTest::newRow("unrelated") << "cm_other.json" << false << ""
                                   << "" << -1;
    }
    void networkConfigMaps()
    {
        QFETCH(QString, fixture);
        QFETCH(bool, flannel);
        QFETCH(QString, network);
        QFETCH(QString, backend);
        QFETCH(int, vethMtu);
        const auto cm = decodeOrFail<NetworkConfigMapInfo>(fixture);
        QCOMPARE(cm.flannel.has_value(), flannel);
        if (flannel) {
            QCOMPARE(cm.flannel->network, network);
            QCOMPARE(cm.flannel->backendType, backend);
            QVERIFY(cm.flannel->parseError.isEmpty());
            QVERIFY(cm.flannel->enableIPv4);
        }
        QCOMPARE(cm.calicoVethMtu.value_or(-1), vethMtu);
        QCOMPARE(cm.isNetworkConfig(), flannel || vethMtu >= 0);
        QVERIFY(!cm.meta.name.isEmpty());
    }
    void flannelNetConfOptions()
    {
        ProjectionDecoder decoder;
        const Expected<NetworkConfigMapInfo> cm
            = decoder.decodeObject<NetworkConfigMapInfo>(readFixture(QStringLiteral("cm_flannel_options.json")));
        MINATO_REQUIRE(cm);
        QCOMPARE(cm->flannel->subnetLen, 25);
        QCOMPARE(cm->flannel->ipv6Network, QStringLiteral("fd42::/56"));
        QVERIFY(cm->flannel->enableIPv6);
        QCOMPARE(cm->flannel->vni, 4096);
        QCOMPARE(cm->flannel->port, 4789);
        QCOMPARE(cm->flannel->directRouting, std::optional<bool>(true));
        QCOMPARE(cm->flannel->mtu, 1400);

        // A broken net-conf.json is reported on the projection, not as a decode failure.
        const Expected<NetworkConfigMapInfo> bad
            = decoder.decodeObject<NetworkConfigMapInfo>(readFixture(QStringLiteral("cm_flannel_broken.json")));
        MINATO_REQUIRE(bad);
        QVERIFY(bad->flannel.has_value());
        QVERIFY(!bad->flannel->parseError.isEmpty());
    }

    void clusterKinds()
    {
        const auto pvc = decodeOrFail<PvcInfo>(QStringLiteral("upstream:k9s/render-testdata/pvc.json"));
        QCOMPARE(pvc.phase, PvcPhase::Bound);
        QCOMPARE(pvc.storageClassName.toString(), QStringLiteral("standard"));
        QCOMPARE(pvc.volumeName, QStringLiteral("pvc-fbabd470-8725-11e9-a8e8-42010a80015b"));
        QCOMPARE(pvc.capacityBytes, qint64(1024) * 1024 * 1024);
        QCOMPARE(pvc.requestedBytes, qint64(1024) * 1024);
        QCOMPARE(pvc.accessModes.at(0).toString(), QStringLiteral("ReadWriteOnce"));

        const auto ns = decodeOrFail<NamespaceInfo>(QStringLiteral("upstream:k9s/render-testdata/ns.json"));
        QCOMPARE(ns.meta.name, QStringLiteral("kube-system"));
        QCOMPARE(ns.phase, NamespacePhase::Active);
        QVERIFY(ns.meta.namespaceName.isNull());
        QCOMPARE(ns.meta.id(), QStringLiteral("kube-system"));

        const auto gvisor = decodeOrFail<RuntimeClassInfo>(QStringLiteral("runtimeclass_gvisor.json"));
        QCOMPARE(gvisor.handler, QStringLiteral("runsc"));
        QCOMPARE(gvisor.overheadCpuMilli, qint64(250));
        QCOMPARE(gvisor.overheadMemoryBytes, qint64(120) * 1024 * 1024);
        QCOMPARE(gvisor.nodeSelector.toString(), QStringLiteral("sandbox.gke.io/runtime=gvisor"));
        QCOMPARE(gvisor.tolerationCount, 1);
        const auto synthetic = decodeOrFail<RuntimeClassInfo>(
            QStringLiteral("upstream:k8s-api/roundtrip-testdata/node.k8s.io.v1.RuntimeClass.json"));
        QCOMPARE(synthetic.handler, QStringLiteral("handlerValue"));
        QCOMPARE(synthetic.nodeSelector.value(u"nodeSelectorKey"), QStringLiteral("nodeSelectorValue"));

        const auto metrics = decodeOrFail<ApiServiceInfo>(QStringLiteral("apiservice_metrics_unavailable.json"));
        QCOMPARE(metrics.meta.name, QStringLiteral("v1beta1.metrics.k8s.io"));
        QCOMPARE(metrics.group, QStringLiteral("metrics.k8s.io"));
        QCOMPARE(metrics.version, QStringLiteral("v1beta1"));
        QCOMPARE(metrics.serviceNamespace + QLatin1Char('/') + metrics.serviceName,
            QStringLiteral("kube-system/metrics-server"));
        QCOMPARE(metrics.servicePort, 443);
        QVERIFY(metrics.insecureSkipTLSVerify);
        QCOMPARE(metrics.available.status, ConditionStatus::False);
        QCOMPARE(metrics.available.reason.toString(), QStringLiteral("FailedDiscoveryCheck"));
        QVERIFY(metrics.available.message.startsWith(QStringLiteral("failing or missing response from https://")));
        const auto local = decodeOrFail<ApiServiceInfo>(QStringLiteral("apiservice_local.json"));
        QVERIFY(local.isLocal());
        QVERIFY(local.available.isTrue());
        QCOMPARE(local.available.reason.toString(), QStringLiteral("Local"));
    }
};

QTEST_GUILESS_MAIN(TestProjectionKinds)
#include "tst_projectionkinds.moc"
