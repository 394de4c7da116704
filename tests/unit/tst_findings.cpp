// SPDX-License-Identifier: Apache-2.0
// Triage rules: real API JSON decoded into a ClusterStore, then the exact findings, one row
// per rule, plus rows where healthy objects must give nothing.
#include "analysis/findings.h"
#include "analysis/findingsreport.h"
#include "analysis/runtimepolicy.h"
#include "analysis/versionrules.h"

#include "findingfixtures.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace minato;
using namespace minato::analysis;

namespace {

QDateTime at(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
}

ServerVersion serverVersion(const QString& gitVersion)
{
    ServerVersion version;
    version.gitVersion = gitVersion;
    const int minor = kubernetesMinor(gitVersion);
    if (minor >= 0) {
        version.major = 1;
        version.minor = minor;
    }
    return version;
}

fleet::SessionState stateNamed(const QString& name)
{
    for (int i = 0; i <= int(fleet::SessionState::Misconfigured); ++i) {
        if (fleet::sessionStateName(fleet::SessionState(i)) == name)
            return fleet::SessionState(i);
    }
    qWarning("unknown state %s", qPrintable(name));
    return fleet::SessionState::Live;
}

// Each state with a reason of the kind its session would give.
fleet::ClusterFacts shopProd(fleet::SessionState state)
{
    fleet::ClusterFacts context;
    context.name = QStringLiteral("shop-prod");
    context.team = QStringLiteral("shop");
    context.environment = QStringLiteral("prod");
    context.status.state = state;
    context.status.since = at("2024-05-02T10:10:00Z");
    switch (state) {
    case fleet::SessionState::Unreachable:
        context.status.reason = QStringLiteral("dial tcp 10.0.0.1:6443: connect: connection refused");
        break;
    case fleet::SessionState::AuthFailed:
        context.status.reason = QStringLiteral("Unauthorized (401): the token has expired");
        break;
    case fleet::SessionState::Degraded:
        context.status.reason = QStringLiteral("forbidden: events, horizontalpodautoscalers");
        break;
    case fleet::SessionState::Misconfigured:
        context.status.reason = QStringLiteral("context names cluster \"gone\", which no file defines");
        break;
    default:
        context.status.reason = QStringLiteral("watching 19 kinds");
        break;
    }
    return context;
}

// One finding on one line: every field a person (or a test) would check.
QString render(const Finding& f)
{
    return severityName(f.severity) + QLatin1Char(' ') + f.ruleId + QLatin1Char(' ') + f.object.kind + QLatin1Char(' ')
        + f.object.id() + QStringLiteral(" | ") + f.title + QStringLiteral(" | ") + f.evidenceText()
        + QStringLiteral(" | first ") + f.firstSeen.toUTC().toString(Qt::ISODate);
}

} // namespace

class TestFindings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void findingsCarryTheCluster();
    void eventWindowAndThresholds();
    void kubeletSkewPolicy_data();
    void kubeletSkewPolicy();
    void reportListsFindings();
    void notConnectedGivesNothing_data();
    void notConnectedGivesNothing();
};

void TestFindings::rules_data()
{
    QTest::addColumn<QStringList>("fixtures");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("now");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("pod crash loop") << QStringList { u"pod_crashloop.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
                                    << u"2024-05-02T10:30:00Z"_qs
                                    << QStringList {
                                           u"critical pod.crash-loop Pod shop/checkout-6d8f7b9c4d-7xq2m | "
                                           u"CrashLoopBackOff: container checkout restarted 6 times | "
                                           u"container=checkout, reason=CrashLoopBackOff, restarts=6, "
                                           u"lastTerminationReason=Error, lastExitCode=1, node=worker-1 | "
                                           u"first 2024-05-02T09:58:11Z"_qs,
                                       };
    QTest::newRow("pod init crash loop") << QStringList { u"pod_init_crashloop.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
                                         << u"2024-05-02T10:30:00Z"_qs
                                         << QStringList {
                                                u"critical pod.crash-loop Pod shop/orders-db-migrate-1 | "
                                                u"CrashLoopBackOff: container migrate restarted 4 times | "
                                                u"container=migrate, reason=CrashLoopBackOff, restarts=4, "
                                                u"lastTerminationReason=Error, lastExitCode=2, node=worker-3 | "
                                                u"first 2024-05-02T10:21:00Z"_qs,
                                            };
    QTest::newRow("pod image pull") << QStringList { u"pod_imagepullbackoff.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
                                    << u"2024-05-02T10:30:00Z"_qs
                                    << QStringList {
                                           u"warning pod.image-pull Pod shop/cart-7b5d9c8f6-m2vzp | "
                                           u"ImagePullBackOff: registry.example.com/shop/cart:1.99.0 | "
                                           u"container=cart, reason=ImagePullBackOff, "
                                           u"image=registry.example.com/shop/cart:1.99.0, restarts=0, node=worker-1 | "
                                           u"first 2024-05-02T10:20:00Z"_qs,
                                       };
    QTest::newRow("pod runtime error")
        << QStringList { u"pod_createcontainererror.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical pod.runtime-error Pod shop/cart-7b5d9c8f6-rt001 | "
               u"Container runtime failed: CreateContainerError (container cart) | "
               u"container=cart, reason=CreateContainerError, restarts=0, node=worker-1 | "
               u"first 2024-05-02T10:20:00Z"_qs,
           };
    // The kubelet backs off after a start the runtime refused: the loop is the runtime's.
    QTest::newRow("pod crash loop after a failed start")
        << QStringList { u"pod_crashloop_starterror.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical pod.runtime-error Pod shop/checkout-6d8f7b9c4d-se001 | "
               u"Container runtime failed: StartError (container checkout) | "
               u"container=checkout, reason=CrashLoopBackOff, restarts=6, "
               u"lastTerminationReason=StartError, lastExitCode=128, node=worker-1 | "
               u"first 2024-05-02T09:58:11Z"_qs,
           };
    QTest::newRow("pod config error")
        << QStringList { u"pod_createconfigerror.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning pod.config-error Pod shop/cart-7b5d9c8f6-cfg01 | "
               u"CreateContainerConfigError: container cart cannot start | "
               u"container=cart, reason=CreateContainerConfigError, restarts=0, node=worker-1 | "
               u"first 2024-05-02T10:20:00Z"_qs,
           };
    QTest::newRow("pod oom killed")
        << QStringList { u"pod_oomkilled.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning pod.oom-killed Pod batch/report-worker-5c9d8f7b6-kq4zt | "
               u"OOMKilled: container worker ran out of memory | "
               u"container=worker, reason=OOMKilled, exitCode=137, restarts=3, lastTerminationReason=OOMKilled, "
               u"lastExitCode=137, node=worker-2, memoryLimit=128Mi | "
               u"first 2024-05-02T10:10:58Z"_qs,
           };
    QTest::newRow("pod pending too long")
        << QStringList { u"pod_unschedulable.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning pod.pending Pod ml/ml-trainer-0 | "
               u"Pending for 30m: Unschedulable | "
               u"phase=Pending, PodScheduled=False, reason=Unschedulable, since=2024-05-02T10:00:00Z, status=Pending | "
               u"first 2024-05-02T10:00:00Z"_qs,
           };
    QTest::newRow("pod pending within five minutes")
        << QStringList { u"pod_unschedulable.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:04:00Z"_qs
        << QStringList {
               // nothing
           };
    QTest::newRow("init container running past five minutes")
        << QStringList { u"pod_init_running.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning pod.pending Pod shop/orders-db-migrate-0 | "
               u"Pending for 9m: Init:0/1 | "
               u"phase=Pending, PodScheduled=True, since=2024-05-02T10:21:00Z, status=Init:0/1 | "
               u"first 2024-05-02T10:21:00Z"_qs,
           };
    QTest::newRow("healthy and finished pods")
        << QStringList { u"pod_running.json"_qs, u"pod_completed.json"_qs, u"pod_terminating.json"_qs } << u"Live"_qs
        << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               // nothing
           };
    QTest::newRow("node not ready under memory pressure")
        << QStringList { u"node_notready_pressure.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical node.not-ready Node worker-4 | "
               u"Node NotReady: kubelet stopped reporting | "
               u"condition=Ready, status=Unknown, reason=NodeStatusUnknown, lastTransitionTime=2024-05-02T10:21:44Z, "
               u"message=Kubelet stopped posting node status. | "
               u"first 2024-05-02T10:21:44Z"_qs,
               u"warning node.memory-pressure Node worker-4 | "
               u"Node under memory pressure | "
               u"condition=MemoryPressure, status=True, reason=KubeletHasInsufficientMemory, "
               u"lastTransitionTime=2024-05-02T10:18:02Z, message=kubelet has insufficient memory available | "
               u"first 2024-05-02T10:18:02Z"_qs,
           };
    QTest::newRow("healthy nodes") << QStringList { u"node_crio.json"_qs, u"node_flannel.json"_qs } << u"Live"_qs
                                   << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
                                   << QStringList {
                                          // nothing
                                      };
    QTest::newRow("docker before 1.24")
        << QStringList { u"node_docker_legacy.json"_qs } << u"Live"_qs << u"v1.23.17"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning runtime.dockershim Node legacy-1 | "
               u"Docker runtime: must migrate before upgrading to 1.24 | "
               u"containerRuntimeVersion=docker://20.10.21, kubeletVersion=v1.23.17, apiserverVersion=v1.23.17 | "
               u"first 2024-05-02T10:30:00Z"_qs,
           };
    QTest::newRow("docker after 1.24, skew beyond policy")
        << QStringList { u"node_docker_legacy.json"_qs } << u"Live"_qs << u"v1.26.15"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical runtime.dockershim Node legacy-1 | "
               u"Docker runtime on Kubernetes 1.24+: dockershim is removed, migrate to containerd or CRI-O | "
               u"containerRuntimeVersion=docker://20.10.21, kubeletVersion=v1.23.17, apiserverVersion=v1.26.15 | "
               u"first 2024-05-02T10:30:00Z"_qs,
               u"critical version.kubelet-skew Node legacy-1 | "
               u"Kubelet v1.23.17 is too old for the API server v1.26.15 (unsupported skew) | "
               u"kubeletVersion=v1.23.17, apiserverVersion=v1.26.15, skew=3, allowed=2 | "
               u"first 2024-05-02T10:30:00Z"_qs,
           };
    QTest::newRow("kubelet at the skew limit")
        << QStringList { u"node_crio.json"_qs } << u"Live"_qs << u"v1.31.2"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning version.kubelet-skew Node cp-1 | "
               u"Kubelet v1.28.7+f1b5f6c is at the oldest supported for the API server v1.31.2: upgrade nodes first | "
               u"kubeletVersion=v1.28.7+f1b5f6c, apiserverVersion=v1.31.2, skew=3, allowed=3 | "
               u"first 2024-05-02T10:30:00Z"_qs,
           };
    QTest::newRow("kubelet within the skew policy")
        << QStringList { u"node_crio.json"_qs } << u"Live"_qs << u"v1.30.1"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               // nothing
           };
    QTest::newRow("kubelet newer than the api server")
        << QStringList { u"node_crio.json"_qs } << u"Live"_qs << u"v1.27.9"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical version.kubelet-skew Node cp-1 | "
               u"Kubelet v1.28.7+f1b5f6c is newer than the API server v1.27.9 | "
               u"kubeletVersion=v1.28.7+f1b5f6c, apiserverVersion=v1.27.9, skew=-1, allowed=2 | "
               u"first 2024-05-02T10:30:00Z"_qs,
           };
    QTest::newRow("containerd past its end of life, once per cluster")
        << QStringList { u"node_flannel.json"_qs, u"node_runtime_unhealthy.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2026-12-07T00:00:00Z"_qs
        << QStringList {
               u"critical node.runtime-problem Node edge-3 | Node reports ContainerRuntimeUnhealthy | "
               u"condition=ContainerRuntimeUnhealthy, status=True, reason=ContainerdUnhealthy, "
               u"lastTransitionTime=2024-05-02T10:12:00Z, "
               u"message=Container runtime on the node is not functioning properly | first 2024-05-02T10:12:00Z"_qs,
               u"warning runtime.support Cluster shop-prod | "
               u"2 node(s): containerd 1.7 reached its end of life on 2026-03-10 | "
               u"runtime=containerd 1.7.11-k3s2, nodes=edge-2,edge-3 | first 2026-12-07T00:00:00Z"_qs,
           };
    // FrequentContainerdRestart is there too, False: all is well with it.
    QTest::newRow("node-problem-detector: runtime unhealthy")
        << QStringList { u"node_runtime_unhealthy.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList { u"critical node.runtime-problem Node edge-3 | Node reports ContainerRuntimeUnhealthy | "
               u"condition=ContainerRuntimeUnhealthy, status=True, reason=ContainerdUnhealthy, "
               u"lastTransitionTime=2024-05-02T10:12:00Z, "
               u"message=Container runtime on the node is not functioning properly | first 2024-05-02T10:12:00Z"_qs };
    QTest::newRow("RuntimeClass that no node can run")
        << QStringList { u"runtimeclass_gvisor.json"_qs, u"pod_gvisor_pending.json"_qs, u"node_flannel.json"_qs }
        << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical runtimeclass.no-nodes RuntimeClass gvisor | "
               u"RuntimeClass gvisor (gVisor) matches no node: 1 pod(s) wait | "
               u"handler=runsc, nodeSelector=sandbox.gke.io/runtime=gvisor, pods=1 | first 2024-05-02T10:30:00Z"_qs,
               u"warning pod.pending Pod ml/ml-trainer-0 | Pending for 30m: Unschedulable | "
               u"phase=Pending, PodScheduled=False, reason=Unschedulable, since=2024-05-02T10:00:00Z, status=Pending | "
               u"first 2024-05-02T10:00:00Z"_qs,
           };
    QTest::newRow("workloads short of replicas")
        << QStringList { u"deployment_unavailable.json"_qs, u"statefulset_none_available.json"_qs } << u"Live"_qs
        << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical workload.unavailable StatefulSet data/postgres | "
               u"No replica available (0/2) | "
               u"desired=2, available=0, ready=0, unavailable=2 | "
               u"first 2024-05-02T10:30:00Z"_qs,
               u"warning workload.unavailable Deployment shop/checkout | "
               u"2 of 3 replicas unavailable | "
               u"desired=3, available=1, ready=1, unavailable=2, Progressing=ProgressDeadlineExceeded | "
               u"first 2024-05-02T10:05:00Z"_qs,
           };
    QTest::newRow("healthy deployment") << QStringList { u"list_deployments.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
                                        << u"2024-05-02T10:30:00Z"_qs
                                        << QStringList {
                                               // nothing
                                           };
    QTest::newRow("hpa scaling inactive")
        << QStringList { u"hpa_v2_failedmetrics.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning hpa.scaling-inactive HorizontalPodAutoscaler shop/checkout | "
               u"HPA cannot compute replicas: FailedGetResourceMetric | "
               u"condition=ScalingActive, status=False, reason=FailedGetResourceMetric, message=the HPA was unable to "
               u"compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: "
               u"unable to fetch metrics from resource m\u2026, target=Deployment/checkout | "
               u"first 2024-05-02T10:22:30Z"_qs,
           };
    QTest::newRow("hpa pinned at max") << QStringList { u"hpa_v2_limited.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
                                       << u"2024-05-02T10:30:00Z"_qs
                                       << QStringList {
                                              u"warning hpa.at-max HorizontalPodAutoscaler batch/queue-consumer | "
                                              u"HPA pinned at maxReplicas (20) | "
                                              u"currentReplicas=20, desiredReplicas=20, maxReplicas=20, "
                                              u"ScalingLimited=TooManyReplicas, target=Deployment/queue-consumer | "
                                              u"first 2024-05-02T09:50:00Z"_qs,
                                          };
    QTest::newRow("metrics api unavailable")
        << QStringList { u"apiservice_metrics_unavailable.json"_qs, u"apiservice_local.json"_qs } << u"Live"_qs
        << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical apiservice.metrics-unavailable APIService v1beta1.metrics.k8s.io | "
               u"Metrics API unavailable: FailedDiscoveryCheck | "
               u"group=metrics.k8s.io, version=v1beta1, Available=False, reason=FailedDiscoveryCheck, "
               u"service=kube-system/metrics-server, message=failing or missing response from "
               u"https://10.244.4.12:10250/apis/metrics.k8s.io/v1beta1: Get "
               u"\"https://10.244.4.12:10250/apis/metrics.k8s.io/v1beta1\": dial tcp 1\u2026 | "
               u"first 2024-05-02T10:22:15Z"_qs,
           };
    QTest::newRow("warning event burst on one object")
        << QStringList { u"event_core_hpa.json"_qs, u"event_eventsapi_backoff.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning events.warning-burst HorizontalPodAutoscaler shop/checkout | "
               u"27 Warning events FailedGetResourceMetric in 5m | "
               u"reason=FailedGetResourceMetric, events=27, window=5m, source=horizontal-pod-autoscaler, "
               u"lastTimestamp=2024-05-02T10:29:30Z, message=failed to get cpu utilization: unable to get metrics for "
               u"resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to "
               u"han\u2026 | "
               u"first 2024-05-02T10:22:30Z"_qs,
           };
    QTest::newRow("warning events outside the window")
        << QStringList { u"event_core_hpa.json"_qs } << u"Live"_qs << u"v1.29.4"_qs << u"2024-05-02T10:40:00Z"_qs
        << QStringList {
               // nothing
           };
    QTest::newRow("warning burst across the cluster")
        << QStringList { u"list_events_failedscheduling.json"_qs } << u"Live"_qs << u"v1.29.4"_qs
        << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning events.warning-burst Pod ml/ml-trainer-0 | "
               u"12 Warning events FailedScheduling in 5m | "
               u"reason=FailedScheduling, events=12, window=5m, source=default-scheduler, "
               u"lastTimestamp=2024-05-02T10:29:00Z, message=0/6 nodes are available: 6 Insufficient nvidia.com/gpu. "
               u"preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod. | "
               u"first 2024-05-02T10:26:00Z"_qs,
               u"warning events.warning-burst Pod ml/ml-trainer-1 | "
               u"12 Warning events FailedScheduling in 5m | "
               u"reason=FailedScheduling, events=12, window=5m, source=default-scheduler, "
               u"lastTimestamp=2024-05-02T10:29:00Z, message=0/6 nodes are available: 6 Insufficient nvidia.com/gpu. "
               u"preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod. | "
               u"first 2024-05-02T10:26:00Z"_qs,
               u"warning events.warning-burst Pod ml/ml-trainer-2 | "
               u"12 Warning events FailedScheduling in 5m | "
               u"reason=FailedScheduling, events=12, window=5m, source=default-scheduler, "
               u"lastTimestamp=2024-05-02T10:29:00Z, message=0/6 nodes are available: 6 Insufficient nvidia.com/gpu. "
               u"preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod. | "
               u"first 2024-05-02T10:26:00Z"_qs,
               u"warning events.warning-burst-cluster Cluster shop-prod | "
               u"36 Warning events FailedScheduling on 3 objects in 5m | "
               u"reason=FailedScheduling, events=36, objects=3, window=5m, "
               u"examples=Pod/ml/ml-trainer-0,Pod/ml/ml-trainer-1,Pod/ml/ml-trainer-2, "
               u"lastTimestamp=2024-05-02T10:29:00Z, message=0/6 nodes are available: 6 Insufficient nvidia.com/gpu. "
               u"preemption: 0/6 nodes are available: 6 No preemption victims found for incoming pod. | "
               u"first 2024-05-02T10:26:00Z"_qs,
           };
    QTest::newRow("cluster unreachable hides its stale store")
        << QStringList { u"pod_crashloop.json"_qs } << u"Unreachable"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical cluster.unreachable Cluster shop-prod | "
               u"API server unreachable: dial tcp 10.0.0.1:6443: connect: connection refused | "
               u"state=Unreachable, reason=dial tcp 10.0.0.1:6443: connect: connection refused, "
               u"since=2024-05-02T10:10:00Z | "
               u"first 2024-05-02T10:10:00Z"_qs,
           };
    QTest::newRow("cluster auth failed")
        << QStringList {} << u"AuthFailed"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical cluster.auth-failed Cluster shop-prod | "
               u"Credentials refused: Unauthorized (401): the token has expired | "
               u"state=AuthFailed, reason=Unauthorized (401): the token has expired, since=2024-05-02T10:10:00Z | "
               u"first 2024-05-02T10:10:00Z"_qs,
           };
    QTest::newRow("cluster degraded still judges its store")
        << QStringList { u"pod_crashloop.json"_qs } << u"Degraded"_qs << u"v1.29.4"_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"critical pod.crash-loop Pod shop/checkout-6d8f7b9c4d-7xq2m | "
               u"CrashLoopBackOff: container checkout restarted 6 times | "
               u"container=checkout, reason=CrashLoopBackOff, restarts=6, lastTerminationReason=Error, lastExitCode=1, "
               u"node=worker-1 | "
               u"first 2024-05-02T09:58:11Z"_qs,
               u"warning cluster.degraded Cluster shop-prod | "
               u"Cluster partly visible: forbidden: events, horizontalpodautoscalers | "
               u"state=Degraded, reason=forbidden: events, horizontalpodautoscalers, since=2024-05-02T10:10:00Z | "
               u"first 2024-05-02T10:10:00Z"_qs,
           };
    QTest::newRow("cluster misconfigured")
        << QStringList {} << u"Misconfigured"_qs << u""_qs << u"2024-05-02T10:30:00Z"_qs
        << QStringList {
               u"warning cluster.misconfigured Cluster shop-prod | "
               u"Kubeconfig entry unusable: context names cluster \"gone\", which no file defines | "
               u"state=Misconfigured, reason=context names cluster \"gone\", which no file defines, "
               u"since=2024-05-02T10:10:00Z | "
               u"first 2024-05-02T10:10:00Z"_qs,
           };
}

void TestFindings::rules()
{
    QFETCH(QStringList, fixtures);
    QFETCH(QString, state);
    QFETCH(QString, server);
    QFETCH(QString, now);
    QFETCH(QStringList, expected);

    findingfixtures::StoreFeeder feeder;
    for (const QString& name : std::as_const(fixtures)) {
        QString error;
        if (!feeder.add(readFixture(name), &error))
            QFAIL(qPrintable(name + QStringLiteral(": ") + error));
    }
    fleet::ClusterStore store;
    feeder.applyTo(store);

    fleet::ClusterFacts context = shopProd(stateNamed(state));
    context.serverVersion = serverVersion(server);

    QStringList actual;
    for (const Finding& finding : evaluateFindings(context, store, QDateTime::fromString(now, Qt::ISODate)))
        actual << render(finding);
    if (actual != expected)
        qInfo().noquote() << QStringLiteral("actual:\n") + actual.join(QLatin1Char('\n'));
    QCOMPARE(actual, expected);
}

void TestFindings::findingsCarryTheCluster()
{
    findingfixtures::StoreFeeder feeder;
    QVERIFY(feeder.add(readFixture(u"pod_crashloop.json"_qs)));
    fleet::ClusterStore store;
    feeder.applyTo(store);
    const QDateTime now = at("2024-05-02T10:30:00Z");
    const QList<Finding> findings = evaluateFindings(shopProd(fleet::SessionState::Live), store, now);
    QCOMPARE(findings.size(), 1);
    const Finding& f = findings.first();
    QCOMPARE(f.object.cluster, u"shop-prod"_qs);
    QCOMPARE(f.object.kind, u"Pod"_qs);
    QCOMPARE(f.object.nameSpace, u"shop"_qs);
    QCOMPARE(f.object.name, u"checkout-6d8f7b9c4d-7xq2m"_qs);
    QCOMPARE(f.object.uid, QUuid::fromString(u"2b6f3c1e-8a4d-4f5b-9c2e-7d1a0b3c4e5f"_qs));
    QCOMPARE(f.team, u"shop"_qs);
    QCOMPARE(f.environment, u"prod"_qs);
    QCOMPARE(f.lastSeen, now);
    QCOMPARE(f.evidenceValue(u"restarts"), u"6"_qs);
    QVERIFY(!f.title.contains(QLatin1Char('\n')));
}

void TestFindings::eventWindowAndThresholds()
{
    findingfixtures::StoreFeeder feeder;
    QVERIFY(feeder.add(readFixture(u"list_events_failedscheduling.json"_qs)));
    fleet::ClusterStore store;
    feeder.applyTo(store);
    const fleet::ClusterFacts context = shopProd(fleet::SessionState::Live);
    const QDateTime now = at("2024-05-02T10:30:00Z");
    const auto rules = [&](const FindingOptions& options) {
        QStringList ids;
        for (const Finding& f : evaluateFindings(context, store, now, options))
            ids << f.ruleId + QLatin1Char(' ') + f.object.name;
        return ids;
    };

    // Twelve per pod: not a burst at thirteen; thirty-six cluster-wide is at forty.
    FindingOptions strict;
    strict.eventBurstCount = 13;
    strict.clusterEventBurstCount = 40;
    QCOMPARE(rules(strict), QStringList());

    // Three pods are needed for a cluster-wide burst; four asked for.
    FindingOptions fourObjects;
    fourObjects.eventBurstCount = 100;
    fourObjects.clusterEventBurstObjects = 4;
    QCOMPARE(rules(fourObjects), QStringList());
    fourObjects.clusterEventBurstObjects = 3;
    QCOMPARE(rules(fourObjects), QStringList { u"events.warning-burst-cluster shop-prod"_qs });

    // A one-minute window at 10:30 holds nothing of events that ended at 10:29:00 …
    FindingOptions minute;
    minute.eventWindowSeconds = 60;
    QCOMPARE(rules(minute), QStringList());
    // … and a two-minute one the share of 12 spread over 10:26–10:29 after 10:28: 4 each.
    minute.eventWindowSeconds = 120;
    minute.eventBurstCount = 4;
    minute.clusterEventBurstCount = 12;
    QCOMPARE(rules(minute),
        QStringList({ u"events.warning-burst ml-trainer-0"_qs, u"events.warning-burst ml-trainer-1"_qs,
            u"events.warning-burst ml-trainer-2"_qs, u"events.warning-burst-cluster shop-prod"_qs }));
    minute.eventBurstCount = 5;
    minute.clusterEventBurstCount = 13;
    QCOMPARE(rules(minute), QStringList());
}

void TestFindings::kubeletSkewPolicy_data()
{
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("minor");
    QTest::addColumn<int>("allowedSkew");
    QTest::newRow("plain") << u"v1.30.2"_qs << 30 << 3;
    QTest::newRow("eks") << u"v1.29.3-eks-ae9a62a"_qs << 29 << 3;
    QTest::newRow("k3s") << u"v1.29.3+k3s1"_qs << 29 << 3;
    QTest::newRow("1.28 opened three") << u"v1.28.0"_qs << 28 << 3;
    QTest::newRow("gke plus minor, before 1.28 only two") << u"v1.27+"_qs << 27 << 2;
    QTest::newRow("no v") << u"1.25.0"_qs << 25 << 2;
    QTest::newRow("1.24") << u"v1.24.17"_qs << 24 << 2;
    QTest::newRow("ancient") << u"v1.19.0"_qs << 19 << 2;
    QTest::newRow("not kubernetes 1.x") << u"v2.0.0"_qs << -1 << -1;
    QTest::newRow("garbage") << u"docker"_qs << -1 << -1;
    QTest::newRow("empty") << QString() << -1 << -1;
}

void TestFindings::kubeletSkewPolicy()
{
    QFETCH(QString, version);
    QFETCH(int, minor);
    QFETCH(int, allowedSkew);
    QCOMPARE(kubernetesMinor(version), minor);
    if (minor >= 0)
        QCOMPARE(maxKubeletSkew(minor), allowedSkew);
}

void TestFindings::notConnectedGivesNothing_data()
{
    QTest::addColumn<int>("state");
    QTest::newRow("idle") << int(fleet::SessionState::Idle);
    QTest::newRow("connecting") << int(fleet::SessionState::Connecting);
}

void TestFindings::notConnectedGivesNothing()
{
    QFETCH(int, state);
    // Whatever a store holds before the session is up is not news yet.
    findingfixtures::StoreFeeder feeder;
    QVERIFY(feeder.add(readFixture(u"pod_crashloop.json"_qs)));
    fleet::ClusterStore store;
    feeder.applyTo(store);
    QVERIFY(evaluateFindings(shopProd(fleet::SessionState(state)), store, at("2024-05-02T10:30:00Z")).isEmpty());
}

void TestFindings::reportListsFindings()
{
    findingfixtures::StoreFeeder feeder;
    for (const char* name : { "pod_crashloop.json", "node_notready_pressure.json", "hpa_v2_limited.json" })
        QVERIFY(feeder.add(readFixture(QString::fromLatin1(name))));
    fleet::ClusterStore store;
    feeder.applyTo(store);
    const QDateTime now = at("2024-05-02T10:30:00Z");
    const QList<Finding> findings = evaluateFindings(shopProd(fleet::SessionState::Live), store, now);
    QCOMPARE(findings.size(), 4);

    analysis::ClusterSummary summary;
    summary.name = u"shop-prod"_qs;
    summary.status.state = fleet::SessionState::Live;
    analysis::ClusterSummary other = summary;
    other.name = u"search-dev"_qs;
    QList<analysis::ClusterSummary> summaries { summary, other };
    FindingsReport::countInto(summaries, findings);
    QCOMPARE(summaries.at(0).findings->critical, 2);
    QCOMPARE(summaries.at(0).findings->warning, 2);
    QCOMPARE(summaries.at(0).findings->info, 0);
    QCOMPARE(summaries.at(1).findings->critical, 0);

    const QJsonObject crash = FindingsReport::findingObject(findings.first());
    QCOMPARE(crash.value(u"severity"_qs).toString(), u"critical"_qs);
    QCOMPARE(crash.value(u"rule"_qs).toString(), u"node.not-ready"_qs);
    QCOMPARE(crash.value(u"kind"_qs).toString(), u"Node"_qs);
    QCOMPARE(crash.value(u"name"_qs).toString(), u"worker-4"_qs);
    QVERIFY(!crash.contains(u"namespace"_qs)); // cluster-scoped
    QCOMPARE(crash.value(u"evidence"_qs).toObject().value(u"reason"_qs).toString(), u"NodeStatusUnknown"_qs);
    QCOMPARE(crash.value(u"firstSeen"_qs).toString(), u"2024-05-02T10:21:44Z"_qs);
    QCOMPARE(crash.value(u"lastSeen"_qs).toString(), u"2024-05-02T10:30:00Z"_qs);
    QCOMPARE(crash.value(u"team"_qs).toString(), u"shop"_qs);

    const QJsonObject json = QJsonDocument::fromJson(
        FindingsReport::render(analysis::ReportRenderer::Format::Json, summaries, findings, now).toUtf8())
                                 .object();
    const QJsonArray listed = json.value(u"findings"_qs).toArray();
    QCOMPARE(listed.size(), 4);
    QStringList rules;
    for (const QJsonValue& item : listed)
        rules << item.toObject().value(u"rule"_qs).toString();
    QCOMPARE(rules,
        QStringList({ u"node.not-ready"_qs, u"pod.crash-loop"_qs, u"hpa.at-max"_qs, u"node.memory-pressure"_qs }));
    QCOMPARE(json.value(u"clusters"_qs).toArray().size(), 2);

    const QString yaml = FindingsReport::render(analysis::ReportRenderer::Format::Yaml, summaries, findings, now);
    QVERIFY(yaml.contains(u"\nfindings:\n"_qs));
    QVERIFY(yaml.contains(u"rule: \"pod.crash-loop\""_qs));
    QVERIFY(yaml.contains(u"namespace: \"shop\""_qs));

    const QString table = FindingsReport::table(findings, now, 3);
    const QStringList lines = table.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // header, three findings, "… and 1 more"
    QVERIFY(lines.at(0).startsWith(u"SEVERITY  CLUSTER"_qs));
    QCOMPARE(
        lines.at(1).simplified(), u"CRITICAL shop-prod - Node/worker-4 8m Node NotReady: kubelet stopped reporting"_qs);
    QCOMPARE(lines.at(4), u"\u2026 and 1 more findings (-o yaml lists them all)"_qs);
    QVERIFY(
        FindingsReport::render(analysis::ReportRenderer::Format::Table, summaries, findings, now).contains(lines.at(1)));
}

QTEST_GUILESS_MAIN(TestFindings)
#include "tst_findings.moc"
