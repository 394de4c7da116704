// SPDX-License-Identifier: Apache-2.0
// Pods and nodes: fixture -> projection fields. The pod STATUS strings are what kubectl's printer
// (printPod, also behind server-side Table printing) gives for these objects.
#include "objectfixtures.h"

#include "fleet/projectiondecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace Qt::StringLiterals;

class TestProjections : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void podStatus_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("ready");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("restarts");
        QTest::addColumn<int>("phase");

        QTest::newRow("running") << "upstream:k9s/render-testdata/po.json"
                                 << "Running" << 1 << 1 << 0 << int(PodPhase::Running);
        // kubectl quirk: an init container still "running" gives Init:0/1 even though the pod is
        // Initialized and its app container ready (the Initialized branch keeps the reason).
        QTest::newRow("init quirk") << "upstream:k9s/render-testdata/po_init.json"
                                    << "Init:0/1" << 1 << 1 << 0 << int(PodPhase::Running);
        QTest::newRow("sidecar") << "upstream:k9s/render-testdata/po_sidecar.json"
                                 << "Running" << 2 << 2 << 0 << int(PodPhase::Running);
        QTest::newRow("crash loop") << "pod_crashloop.json"
                                    << "CrashLoopBackOff" << 0 << 1 << 6 << int(PodPhase::Running);
        QTest::newRow("oom killed") << "pod_oomkilled.json"
                                    << "OOMKilled" << 0 << 1 << 3 << int(PodPhase::Running);
        QTest::newRow("image pull") << "pod_imagepullbackoff.json"
                                    << "ImagePullBackOff" << 0 << 1 << 0 << int(PodPhase::Pending);
        QTest::newRow("config error") << "pod_createconfigerror.json"
                                      << "CreateContainerConfigError" << 0 << 1 << 0 << int(PodPhase::Pending);
        QTest::newRow("init running") << "pod_init_running.json"
                                      << "Init:0/1" << 0 << 1 << 0 << int(PodPhase::Pending);
        QTest::newRow("init crash loop") << "pod_init_crashloop.json"
                                         << "Init:CrashLoopBackOff" << 0 << 1 << 4 << int(PodPhase::Pending);
        QTest::newRow("terminating") << "pod_terminating.json"
                                     << "Terminating" << 1 << 1 << 0 << int(PodPhase::Running);
        QTest::newRow("completed") << "pod_completed.json"
                                   << "Completed" << 0 << 1 << 0 << int(PodPhase::Succeeded);
        // Evicted by the kubelet: the container's terminated reason overrides status.reason,
        // so kubectl shows ContainerStatusUnknown, not Evicted (printer rows cover plain Evicted).
        QTest::newRow("evicted") << "pod_evicted.json"
                                 << "ContainerStatusUnknown" << 0 << 1 << 0 << int(PodPhase::Failed);
        QTest::newRow("unschedulable") << "pod_unschedulable.json"
                                       << "Pending" << 0 << 1 << 0 << int(PodPhase::Pending);
        QTest::newRow("node lost while deleting") << "pod_nodelost.json"
                                                  << "Unknown" << 1 << 1 << 0 << int(PodPhase::Running);
        QTest::newRow("privileged host network") << "pod_privileged_hostnet.json"
                                                 << "Running" << 1 << 1 << 1 << int(PodPhase::Running);
    }
    void podStatus()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, status);
        QFETCH(int, ready);
        QFETCH(int, total);
        QFETCH(int, restarts);
        QFETCH(int, phase);

        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(readFixture(fixture));
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->status.toString(), status);
        QCOMPARE(int(pod->readyContainers), ready);
        QCOMPARE(int(pod->totalContainers), total);
        QCOMPARE(int(pod->restarts), restarts);
        QCOMPARE(int(pod->phase), phase);
        QVERIFY(!pod->meta.uid.isNull());
        QVERIFY(pod->shape);
    }

    void crashLoopDetails()
    {
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_crashloop.json")));
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->meta.name, QStringLiteral("checkout-6d8f7b9c4d-7xq2m"));
        QCOMPARE(pod->meta.namespaceName.toString(), QStringLiteral("shop"));
        QCOMPARE(pod->meta.uid, QUuid(QStringLiteral("2b6f3c1e-8a4d-4f5b-9c2e-7d1a0b3c4e5f")));
        QCOMPARE(pod->meta.resourceVersion.toByteArray(), QByteArray("48213377"));
        QCOMPARE(pod->meta.creationTimestamp, epochOf("2024-05-02T09:58:11Z"));
        QCOMPARE(pod->meta.id(), QStringLiteral("shop/checkout-6d8f7b9c4d-7xq2m"));
        QCOMPARE(pod->meta.owner.kind.toString(), QStringLiteral("ReplicaSet"));
        QCOMPARE(pod->meta.owner.name.toString(), QStringLiteral("checkout-6d8f7b9c4d"));
        QCOMPARE(pod->meta.labels.value(u"app.kubernetes.io/name"), QStringLiteral("checkout"));
        QCOMPARE(pod->nodeName.toString(), QStringLiteral("worker-1"));
        QCOMPARE(pod->podIP.toString(), QStringLiteral("10.244.1.17"));
        QCOMPARE(pod->qosClass, QosClass::Burstable);
        QCOMPARE(pod->startTime, epochOf("2024-05-02T09:58:11Z"));
        QCOMPARE(pod->lastRestartTime, epochOf("2024-05-02T10:04:31Z"));
        QCOMPARE(pod->ready.status, ConditionStatus::False);
        QCOMPARE(pod->ready.reason.toString(), QStringLiteral("ContainersNotReady"));
        QCOMPARE(pod->scheduled.status, ConditionStatus::True);

        QCOMPARE(pod->containers().size(), qsizetype(1));
        const ContainerInfo& c = pod->containers().at(0);
        QCOMPARE(c.name.toString(), QStringLiteral("checkout"));
        QCOMPARE(c.image.toString(), QStringLiteral("registry.example.com/shop/checkout:1.14.2"));
        QCOMPARE(c.state, ContainerState::Waiting);
        QCOMPARE(c.reason.toString(), QStringLiteral("CrashLoopBackOff"));
        QCOMPARE(c.lastTerminationReason.toString(), QStringLiteral("Error"));
        QCOMPARE(c.lastExitCode, 1);
        QCOMPARE(c.restartCount, quint32(6));
        QVERIFY(!c.isReady());

        const ResourceTotals& r = pod->resources();
        QCOMPARE(r.cpuRequestMilli, qint64(250));
        QCOMPARE(r.memoryRequestBytes, qint64(256) * 1024 * 1024);
        QCOMPARE(r.cpuLimitMilli, qint64(1000));
        QCOMPARE(r.memoryLimitBytes, qint64(512) * 1024 * 1024);
        const PodSpecFlags expected = PodSpecFlag::AllRequestsSet | PodSpecFlag::AllLimitsSet
            | PodSpecFlag::AllMemoryLimitsSet | PodSpecFlag::AllLivenessProbes | PodSpecFlag::AllReadinessProbes;
        QCOMPARE(pod->specFlags(), expected);
    }

    void oomKilledDetails()
    {
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_oomkilled.json")));
        MINATO_REQUIRE(pod);
        const ContainerInfo& c = pod->containers().at(0);
        QCOMPARE(c.state, ContainerState::Terminated);
        QCOMPARE(c.reason.toString(), QStringLiteral("OOMKilled"));
        QCOMPARE(c.exitCode, 137);
        QCOMPARE(c.lastTerminationReason.toString(), QStringLiteral("OOMKilled"));
        QCOMPARE(c.lastExitCode, 137);
        QCOMPARE(pod->qosClass, QosClass::Guaranteed);
        QVERIFY(!pod->specFlags().testFlag(PodSpecFlag::AllLivenessProbes));
    }

    void pendingDetails()
    {
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod
            = decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_unschedulable.json")));
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->scheduled.status, ConditionStatus::False);
        QCOMPARE(pod->scheduled.reason.toString(), QStringLiteral("Unschedulable"));
        QCOMPARE(pod->scheduled.lastTransitionTime, epochOf("2024-05-02T10:00:00Z"));
        QCOMPARE(pod->ready.status, ConditionStatus::Absent);
        QVERIFY(pod->nodeName.isNull());
        QVERIFY(pod->podIP.isNull());
        QCOMPARE(pod->runtimeClassName().toString(), QStringLiteral("nvidia"));
        QCOMPARE(pod->resources().cpuRequestMilli, qint64(8000));
        QCOMPARE(pod->resources().memoryRequestBytes, qint64(64) * 1024 * 1024 * 1024);
        QCOMPARE(pod->resources().cpuLimitMilli, qint64(0));
        QVERIFY(!pod->specFlags().testFlag(PodSpecFlag::AllLimitsSet));
        QVERIFY(pod->specFlags().testFlag(PodSpecFlag::AllMemoryLimitsSet));
        QCOMPARE(pod->containers().at(0).state, ContainerState::Unknown);
    }

    void migrationFlags()
    {
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod
            = decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_privileged_hostnet.json")));
        MINATO_REQUIRE(pod);
        const PodSpecFlags flags = pod->specFlags();
        QVERIFY(flags.testFlag(PodSpecFlag::Privileged));
        QVERIFY(flags.testFlag(PodSpecFlag::HostNetwork));
        QVERIFY(flags.testFlag(PodSpecFlag::HostPathVolume));
        QVERIFY(flags.testFlag(PodSpecFlag::InitContainers));
        QVERIFY(!flags.testFlag(PodSpecFlag::PersistentVolumeClaim));
        QVERIFY(pod->isHostNetwork());
        QCOMPARE(pod->podIP.toString(), QStringLiteral("10.0.1.21"));
        QCOMPARE(pod->containers().size(), qsizetype(2));
        QVERIFY(!pod->containers().at(0).isInit());
        QVERIFY(pod->containers().at(1).isInit());
        QCOMPARE(pod->containers().at(1).image.toString(), QStringLiteral("docker.io/calico/cni:v3.27.3"));
        QCOMPARE(pod->lastRestartTime, epochOf("2024-04-21T03:15:00Z"));
        QCOMPARE(pod->meta.owner.kind.toString(), QStringLiteral("DaemonSet"));

        const Expected<PodInfo> sts
            = decoder.decodeObject<PodInfo>(readFixture(QStringLiteral("pod_init_running.json")));
        MINATO_REQUIRE(sts);
        QCOMPARE(sts->pvcNames().size(), qsizetype(1));
        QCOMPARE(sts->pvcNames().at(0).toString(), QStringLiteral("data-orders-db-migrate-0"));
        QVERIFY(sts->specFlags().testFlag(PodSpecFlag::PersistentVolumeClaim));
        QCOMPARE(sts->containers().at(0).reason.toString(), QStringLiteral("PodInitializing"));
        QCOMPARE(sts->containers().at(1).state, ContainerState::Running);
    }

    void syntheticPodKnowsEveryField()
    {
        // Every field name of core/v1 Pod (synthetic values): decodes, maps what it can.
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(
            readFixture(QStringLiteral("upstream:k8s-api/roundtrip-testdata/core.v1.Pod.json")));
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->meta.name, QStringLiteral("nameValue"));
        QCOMPARE(pod->meta.namespaceName.toString(), QStringLiteral("namespaceValue"));
        QCOMPARE(pod->meta.owner.kind.toString(), QStringLiteral("kindValue"));
        QCOMPARE(pod->meta.creationTimestamp, epochOf("2008-01-01T01:01:01Z"));
        QCOMPARE(pod->meta.deletionTimestamp, epochOf("2009-01-01T01:01:01Z"));
        QCOMPARE(pod->nodeName.toString(), QStringLiteral("nodeNameValue"));
        QCOMPARE(pod->runtimeClassName().toString(), QStringLiteral("runtimeClassNameValue"));
        QVERIFY(!pod->meta.uid.isNull()); // "uidValue" is not a UUID: a stable stand-in
        QCOMPARE(pod->meta.uid,
            decoder
                .decodeObject<PodInfo>(
                    readFixture(QStringLiteral("upstream:k8s-api/roundtrip-testdata/core.v1.Pod.json")))
                ->meta.uid);
        QVERIFY(pod->podIP.isNull()); // "podIPValue" is no address
        QCOMPARE(pod->status.toString(), QStringLiteral("Terminating"));
    }

    void node_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("ready");
        QTest::addColumn<QString>("readyReason");
        QTest::addColumn<QString>("runtime");
        QTest::addColumn<QString>("runtimeVersion");
        QTest::addColumn<QStringList>("roles");
        QTest::addColumn<QString>("internalIP");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<qint64>("allocatableCpu");
        QTest::addColumn<qint64>("allocatableMemory");
        QTest::addColumn<qint64>("pods");
        QTest::addColumn<bool>("cordoned");
        QTest::addColumn<int>("taints");

        QTest::newRow("minikube docker") << "upstream:k9s/render-testdata/no.json" << int(ConditionStatus::True)
                                         << "KubeletReady"
                                         << "docker"
                                         << "18.9.8" << QStringList { QStringLiteral("master") } << "192.168.64.107"
                                         << "" << qint64(4000) << qint64(8063156) * 1024 << qint64(110) << false << 0;
        QTest::newRow("not ready, pressure")
            << "node_notready_pressure.json" << int(ConditionStatus::Unknown) << "NodeStatusUnknown"
            << "containerd"
            << "1.7.11" << QStringList { QStringLiteral("worker") } << "10.0.1.24"
            << "eu-west-1b" << qint64(3920) << qint64(15200564) * 1024 << qint64(58) << true << 3;
        QTest::newRow("cri-o control plane")
            << "node_crio.json" << int(ConditionStatus::True) << "KubeletReady"
            << "cri-o"
            << "1.28.4-5.rhaos4.15.git1a2b3c4.el9"
            << QStringList { QStringLiteral("control-plane"), QStringLiteral("master") } << "10.0.0.11"
            << "dc1-rack3" << qint64(7500) << qint64(31187004) * 1024 << qint64(250) << false << 1;
        QTest::newRow("k3s flannel") << "node_flannel.json" << int(ConditionStatus::True) << "KubeletReady"
                                     << "containerd"
                                     << "1.7.11-k3s2" << QStringList { QStringLiteral("edge") } << "192.168.56.12"
                                     << "" << qint64(2000) << qint64(3908544) * 1024 << qint64(110) << false << 0;
    }
    void node()
    {
        QFETCH(QString, fixture);
        QFETCH(int, ready);
        QFETCH(QString, readyReason);
        QFETCH(QString, runtime);
        QFETCH(QString, runtimeVersion);
        QFETCH(QStringList, roles);
        QFETCH(QString, internalIP);
        QFETCH(QString, zone);
        QFETCH(qint64, allocatableCpu);
        QFETCH(qint64, allocatableMemory);
        QFETCH(qint64, pods);
        QFETCH(bool, cordoned);
        QFETCH(int, taints);

        ProjectionDecoder decoder;
        const Expected<NodeInfo> node = decoder.decodeObject<NodeInfo>(readFixture(fixture));
        MINATO_REQUIRE(node);
        QCOMPARE(int(node->ready.status), ready);
        QCOMPARE(node->ready.reason.toString(), readyReason);
        QCOMPARE(node->runtimeName.toString(), runtime);
        QCOMPARE(node->runtimeVersion, runtimeVersion);
        QCOMPARE(node->roles, roles);
        QCOMPARE(node->internalIP, internalIP);
        QCOMPARE(node->zone.toString(), zone);
        QCOMPARE(node->allocatable.cpuMilli, allocatableCpu);
        QCOMPARE(node->allocatable.memoryBytes, allocatableMemory);
        QCOMPARE(node->allocatable.pods, pods);
        QCOMPARE(node->unschedulable, cordoned);
        QCOMPARE(node->taints.size(), qsizetype(taints));
        QVERIFY(!node->kubeletVersion.isEmpty());
        QVERIFY(!node->meta.labels.isEmpty());
    }

    // The start as the status tells it, in seconds after PodScheduled: k9s' nginx pod was
    // initialized at once, its container started 1 s later and was ready after 2 s.
    void podStartOffsets()
    {
        ProjectionDecoder decoder;
        const Expected<PodInfo> pod = decoder.decodeObject<PodInfo>(readFixture(u"upstream:k9s/render-testdata/po.json"_s));
        MINATO_REQUIRE(pod);
        QCOMPARE(pod->scheduled.lastTransitionTime, epochOf("2019-08-09T05:12:19Z"));
        QCOMPARE(pod->start.initializedAfter, 0);
        QCOMPARE(pod->start.startedAfter, 1);
        QCOMPARE(pod->start.readyAfter, 2);
        // A restarted container's first start is gone: readiness is known, the start is not.
        const Expected<PodInfo> crashing = decoder.decodeObject<PodInfo>(readFixture(u"pod_crashloop.json"_s));
        MINATO_REQUIRE(crashing);
        QCOMPARE(crashing->start.startedAfter, -1);
        QCOMPARE(crashing->start.readyAfter, -1); // ContainersReady is False
        // Not scheduled yet: nothing to measure from.
        const Expected<PodInfo> pending = decoder.decodeObject<PodInfo>(readFixture(u"pod_imagepullbackoff.json"_s));
        MINATO_REQUIRE(pending);
        QCOMPARE(pending->start.startedAfter, -1);
    }

    // kubeadm's CRI socket annotation, and a condition node-problem-detector adds.
    void nodeCriSocketAndProblemConditions()
    {
        QJsonObject node = QJsonDocument::fromJson(readFixture(u"upstream:k9s/render-testdata/no.json"_s)).object();
        QJsonObject status = node.value(u"status").toObject();
        QJsonArray conditions = status.value(u"conditions").toArray();
        conditions.append(QJsonObject { { u"type"_s, u"ContainerRuntimeUnhealthy"_s }, { u"status"_s, u"True"_s },
            { u"reason"_s, u"ContainerdUnhealthy"_s }, { u"message"_s, u"containerd is not responding"_s },
            { u"lastTransitionTime"_s, u"2019-08-09T06:00:00Z"_s } });
        conditions.append(QJsonObject { { u"type"_s, u"KernelDeadlock"_s }, { u"status"_s, u"False"_s },
            { u"reason"_s, u"KernelHasNoDeadlock"_s } });
        status.insert(u"conditions"_s, conditions);
        node.insert(u"status"_s, status);
        ProjectionDecoder decoder;
        const Expected<NodeInfo> decoded = decoder.decodeObject<NodeInfo>(QJsonDocument(node).toJson());
        MINATO_REQUIRE(decoded);
        QCOMPARE(decoded->criSocket, u"/var/run/dockershim.sock"_s);
        QCOMPARE(decoded->otherConditions.size(), 2);
        const NodeProblemCondition& runtime = decoded->otherConditions.first();
        QCOMPARE(runtime.type.toString(), u"ContainerRuntimeUnhealthy"_s);
        QVERIFY(runtime.isTrue());
        QCOMPARE(runtime.reason.toString(), u"ContainerdUnhealthy"_s);
        QCOMPARE(runtime.message, u"containerd is not responding"_s);
        QCOMPARE(runtime.lastTransitionTime, epochOf("2019-08-09T06:00:00Z"));
        QVERIFY(decoded->otherConditions.at(1).isFalse());
        QVERIFY(decoded->isReady()); // the kubelet's own conditions are where they were
    }

    void nodePressureAndCalico()
    {
        ProjectionDecoder decoder;
        const Expected<NodeInfo> node
            = decoder.decodeObject<NodeInfo>(readFixture(QStringLiteral("node_notready_pressure.json")));
        MINATO_REQUIRE(node);
        QVERIFY(!node->isReady());
        QVERIFY(node->hasPressure());
        QCOMPARE(node->memoryPressure.reason.toString(), QStringLiteral("KubeletHasInsufficientMemory"));
        QCOMPARE(node->memoryPressure.lastTransitionTime, epochOf("2024-05-02T10:18:02Z"));
        QCOMPARE(node->ready.message, QStringLiteral("Kubelet stopped posting node status."));
        QCOMPARE(node->ready.lastTransitionTime, epochOf("2024-05-02T10:21:44Z"));
        QCOMPARE(node->diskPressure.status, ConditionStatus::False);
        QCOMPARE(node->pidPressure.reason.toString(), QStringLiteral("KubeletHasSufficientPID"));
        QCOMPARE(node->networkUnavailable.reason.toString(), QStringLiteral("CalicoIsUp"));
        QCOMPARE(node->taints.at(1).effect.toString(), QStringLiteral("NoExecute"));
        QCOMPARE(node->taints.at(2).key.toString(), QStringLiteral("node.kubernetes.io/unschedulable"));
        QCOMPARE(node->region.toString(), QStringLiteral("eu-west-1"));
        QCOMPARE(node->podCIDRs, QStringList { QStringLiteral("10.244.4.0/24") });
        QCOMPARE(node->providerID, QStringLiteral("aws:///eu-west-1b/i-0a1b2c3d4e5f60718"));
        QCOMPARE(node->kernelVersion, QStringLiteral("6.1.79-99.167.amzn2023.x86_64"));
        QCOMPARE(node->osImage, QStringLiteral("Amazon Linux 2023.4.20240429"));
        QCOMPARE(node->architecture.toString(), QStringLiteral("amd64"));
        QCOMPARE(node->kubeletVersion, QStringLiteral("v1.29.3-eks-ae9a62a"));
        QCOMPARE(node->capacity.cpuMilli, qint64(4000));
        QCOMPARE(node->calico.ipv4Address, QStringLiteral("10.0.1.24/24"));
        QCOMPARE(node->calico.ipv4IPIPTunnelAddr, QStringLiteral("192.168.94.0"));
        QVERIFY(node->calico.isPresent());
        QVERIFY(!node->flannel.isPresent());
    }

    void nodeCrioCalicoFlannel()
    {
        ProjectionDecoder decoder;
        const Expected<NodeInfo> crio = decoder.decodeObject<NodeInfo>(readFixture(QStringLiteral("node_crio.json")));
        MINATO_REQUIRE(crio);
        QCOMPARE(crio->containerRuntimeVersion, QStringLiteral("cri-o://1.28.4-5.rhaos4.15.git1a2b3c4.el9"));
        QCOMPARE(crio->architecture.toString(), QStringLiteral("arm64"));
        QCOMPARE(crio->externalIP, QStringLiteral("203.0.113.11"));
        QCOMPARE(crio->podCIDRs.size(), qsizetype(2));
        QCOMPARE(crio->calico.ipv4VXLANTunnelAddr, QStringLiteral("192.168.12.64"));
        QCOMPARE(crio->calico.routeReflectorClusterID, QStringLiteral("244.0.0.1"));
        QCOMPARE(crio->calico.asNumber, QStringLiteral("64513"));
        QCOMPARE(crio->calico.ipv6Address, QStringLiteral("fd00:10::11/64"));
        QVERIFY(crio->calico.hasWireguardPublicKey);
        QVERIFY(crio->kubeProxyVersion.isEmpty());
        QCOMPARE(crio->networkUnavailable.status, ConditionStatus::Absent);

        const Expected<NodeInfo> edge
            = decoder.decodeObject<NodeInfo>(readFixture(QStringLiteral("node_flannel.json")));
        MINATO_REQUIRE(edge);
        QVERIFY(edge->flannel.isPresent());
        QCOMPARE(edge->flannel.backendType, QStringLiteral("vxlan"));
        QCOMPARE(edge->flannel.publicIP, QStringLiteral("192.168.56.12"));
        QCOMPARE(edge->flannel.vni, 1);
        QCOMPARE(edge->flannel.vtepMac, QStringLiteral("12:7d:3f:6a:2e:51"));
        QVERIFY(edge->flannel.kubeSubnetManager);
        QCOMPARE(edge->networkUnavailable.reason.toString(), QStringLiteral("FlannelIsUp"));
        QVERIFY(!edge->calico.isPresent());
    }

    void syntheticNodeKnowsEveryField()
    {
        ProjectionDecoder decoder;
        const Expected<NodeInfo> node = decoder.decodeObject<NodeInfo>(
            readFixture(QStringLiteral("upstream:k8s-api/roundtrip-testdata/core.v1.Node.json")));
        MINATO_REQUIRE(node);
        QCOMPARE(node->kubeletVersion, QStringLiteral("kubeletVersionValue"));
        QCOMPARE(node->containerRuntimeVersion, QStringLiteral("containerRuntimeVersionValue"));
        QCOMPARE(node->runtimeName.toString(), QStringLiteral("containerRuntimeVersionValue")); // no "://": all name
        QCOMPARE(node->kernelVersion, QStringLiteral("kernelVersionValue"));
        QCOMPARE(node->providerID, QStringLiteral("providerIDValue"));
        QVERIFY(!node->podCIDRs.isEmpty());
        QVERIFY(!node->taints.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProjections)
#include "tst_projections.moc"
