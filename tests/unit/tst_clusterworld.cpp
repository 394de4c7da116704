// SPDX-License-Identifier: Apache-2.0
// One simulated cluster: what seed() writes, how advance() moves HPAs, pods and faults, and
// that the world is deterministic and quiet when nothing happens.
#include "recordingsink.h"

#include "sim/clusterworld.h"
#include "sim/scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace minato::sim;
using namespace std::chrono_literals;

namespace {

const QDateTime Start = QDateTime::fromSecsSinceEpoch(1717200000, Qt::UTC); // 2024-06-01T00:00:00Z

Scenario small()
{
    auto loaded = Scenario::load(QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml"));
    if (!loaded)
        qFatal("%s", qPrintable(loaded.error().detail));
    return *loaded;
}

ClusterSpec parseCluster(const QByteArray& yaml)
{
    auto parsed = Scenario::parse(yaml, QStringLiteral("inline.yaml"));
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().detail));
    return parsed->clusters.first();
}

QJsonObject path(const QJsonObject& o, const char* dotted)
{
    QJsonObject current = o;
    const QStringList parts = QString::fromLatin1(dotted).split(QLatin1Char('.'));
    for (const QString& p : parts)
        current = current.value(p).toObject();
    return current;
}

QString str(const QJsonObject& o, const char* dotted)
{
    const QString d = QString::fromLatin1(dotted);
    const qsizetype dot = d.lastIndexOf(QLatin1Char('.'));
    const QJsonObject parent = dot < 0 ? o : path(o, d.left(dot).toLatin1().constData());
    return parent.value(d.mid(dot + 1)).toString();
}

QJsonObject condition(const QJsonObject& object, const QString& type)
{
    const QJsonArray conditions
        = object.value(QStringLiteral("status")).toObject().value(QStringLiteral("conditions")).toArray();
    for (const QJsonValue& c : conditions)
        if (c.toObject().value(QStringLiteral("type")).toString() == type)
            return c.toObject();
    return {};
}

QList<QJsonObject> podsOf(const RecordingSink& sink, const QString& app)
{
    QList<QJsonObject> out;
    for (const QJsonObject& pod : sink.objects(QStringLiteral("pods")))
        if (path(pod, "metadata.labels").value(QStringLiteral("app.kubernetes.io/name")).toString() == app
            && !path(pod, "metadata").contains(QStringLiteral("deletionTimestamp")))
            out.append(pod);
    return out;
}

bool hasEvent(const RecordingSink& sink, const QString& reason, const QString& messagePrefix)
{
    for (const QJsonObject& e : sink.objects(QStringLiteral("events")))
        if (e.value(QStringLiteral("reason")).toString() == reason
            && e.value(QStringLiteral("message")).toString().startsWith(messagePrefix))
            return true;
    return false;
}

void run(ClusterWorld& world, RecordingSink& sink, std::chrono::milliseconds total, std::chrono::milliseconds step = 1s)
{
    for (auto t = 0ms; t < total; t += step)
        world.advance(step, sink);
}

} // namespace

class TestClusterWorld : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void seedWritesEveryKind()
    {
        ClusterWorld world(small().clusters.at(0), 1, Start);
        QCOMPARE(world.name(), QStringLiteral("alpha"));
        QCOMPARE(world.gitVersion(), QStringLiteral("v1.29.4"));
        QCOMPARE(world.versionInfo().value(QStringLiteral("minor")).toString(), QStringLiteral("29"));
        RecordingSink sink;
        world.seed(sink);
        // 1 control-plane and 3 workers; web (2) and db (2) plus coredns (2), kube-proxy and
        // calico-node on every node (8), calico-kube-controllers and metrics-server.
        QCOMPARE(sink.count(QStringLiteral("nodes")), 4);
        QCOMPARE(sink.count(QStringLiteral("pods")), 16);
        QCOMPARE(world.podCount(), 16);
        QCOMPARE(sink.count(QStringLiteral("deployments.apps")), 4);
        QCOMPARE(sink.count(QStringLiteral("replicasets.apps")), 4);
        QCOMPARE(sink.count(QStringLiteral("statefulsets.apps")), 1);
        QCOMPARE(sink.count(QStringLiteral("daemonsets.apps")), 2);
        QCOMPARE(sink.count(QStringLiteral("services")), 5); // kubernetes, kube-dns, metrics-server, web, db
        QCOMPARE(sink.count(QStringLiteral("persistentvolumeclaims")), 2);
        QCOMPARE(sink.count(QStringLiteral("horizontalpodautoscalers.autoscaling")), 1);
        QCOMPARE(sink.count(QStringLiteral("namespaces")), 5);
        QCOMPARE(sink.count(QStringLiteral("configmaps")), 1); // calico-config
        QCOMPARE(sink.count(QStringLiteral("ippools.crd.projectcalico.org")), 1);
        QCOMPARE(sink.count(QStringLiteral("bgpconfigurations.crd.projectcalico.org")), 1);
        QCOMPARE(sink.count(QStringLiteral("felixconfigurations.crd.projectcalico.org")), 1);
        QCOMPARE(sink.count(QStringLiteral("blockaffinities.crd.projectcalico.org")), 4);
        QCOMPARE(sink.count(QStringLiteral("caliconodestatuses.crd.projectcalico.org")), 4);
        // The store installs the upstream Calico CRDs itself, and derives events.k8s.io from core events.
        QCOMPARE(sink.count(QStringLiteral("customresourcedefinitions.apiextensions.k8s.io")), 0);
        QCOMPARE(sink.count(QStringLiteral("apiservices.apiregistration.k8s.io")), 10);
        QCOMPARE(sink.count(QStringLiteral("nodes.metrics.k8s.io")), 4);
        QCOMPARE(sink.count(QStringLiteral("pods.metrics.k8s.io")), 16);
        QCOMPARE(sink.count(QStringLiteral("events")), 0);
        // Every object carries the metadata a real one has, and puts are one per object.
        for (const RecordingSink::Call& call : sink.calls()) {
            const QJsonObject m = call.object.value(QStringLiteral("metadata")).toObject();
            QVERIFY2(!m.value(QStringLiteral("name")).toString().isEmpty(), qPrintable(call.resource));
            QVERIFY2(!m.value(QStringLiteral("creationTimestamp")).toString().isEmpty(), qPrintable(call.resource));
            if (!call.resource.endsWith(QLatin1String("metrics.k8s.io")))
                QCOMPARE(m.value(QStringLiteral("uid")).toString().size(), 36);
        }
    }

    void objectsLookReal()
    {
        ClusterWorld world(small().clusters.at(0), 1, Start);
        RecordingSink sink;
        world.seed(sink);
        const QList<QJsonObject> web = podsOf(sink, QStringLiteral("web"));
        QCOMPARE(web.size(), 2);
        const QJsonObject pod = web.first();
        const QJsonObject owner
            = path(pod, "metadata").value(QStringLiteral("ownerReferences")).toArray().first().toObject();
        QCOMPARE(owner.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicaSet"));
        const QJsonObject rs = sink.object(
            QStringLiteral("replicasets.apps"), QStringLiteral("shop"), owner.value(QStringLiteral("name")).toString());
        QCOMPARE(str(rs, "metadata.uid"), owner.value(QStringLiteral("uid")).toString());
        QCOMPARE(path(rs, "metadata.labels").value(QStringLiteral("pod-template-hash")),
            path(pod, "metadata.labels").value(QStringLiteral("pod-template-hash")));
        const QJsonObject rsOwner
            = path(rs, "metadata").value(QStringLiteral("ownerReferences")).toArray().first().toObject();
        const QJsonObject deployment
            = sink.object(QStringLiteral("deployments.apps"), QStringLiteral("shop"), QStringLiteral("web"));
        QCOMPARE(rsOwner.value(QStringLiteral("uid")).toString(), str(deployment, "metadata.uid"));
        QCOMPARE(str(condition(deployment, QStringLiteral("Available")), "reason"),
            QStringLiteral("MinimumReplicasAvailable"));
        QCOMPARE(str(condition(deployment, QStringLiteral("Progressing")), "reason"),
            QStringLiteral("NewReplicaSetAvailable"));
        QCOMPARE(str(pod, "status.phase"), QStringLiteral("Running"));
        QCOMPARE(str(condition(pod, QStringLiteral("Ready")), "status"), QStringLiteral("True"));
        const QJsonObject container
            = path(pod, "status").value(QStringLiteral("containerStatuses")).toArray().first().toObject();
        QVERIFY(container.value(QStringLiteral("containerID")).toString().startsWith(QStringLiteral("containerd://")));
        QVERIFY(container.value(QStringLiteral("imageID")).toString().contains(QStringLiteral("@sha256:")));
        QVERIFY(container.value(QStringLiteral("state")).toObject().contains(QStringLiteral("running")));
        QCOMPARE(str(pod, "status.qosClass"), QStringLiteral("Burstable"));

        const QJsonObject db0 = sink.object(QStringLiteral("pods"), QStringLiteral("shop"), QStringLiteral("db-0"));
        QCOMPARE(path(db0, "metadata")
                     .value(QStringLiteral("ownerReferences"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
            QStringLiteral("StatefulSet"));
        QVERIFY(sink.contains(
            QStringLiteral("persistentvolumeclaims"), QStringLiteral("shop"), QStringLiteral("data-db-0")));
        QCOMPARE(str(sink.object(
                         QStringLiteral("persistentvolumeclaims"), QStringLiteral("shop"), QStringLiteral("data-db-1")),
                     "status.phase"),
            QStringLiteral("Bound"));

        int calicoNodes = 0;
        for (const QJsonObject& p : sink.objects(QStringLiteral("pods")))
            if (path(p, "metadata.labels").value(QStringLiteral("k8s-app")).toString()
                == QLatin1String("calico-node")) {
                ++calicoNodes;
                QCOMPARE(path(p, "metadata")
                             .value(QStringLiteral("ownerReferences"))
                             .toArray()
                             .first()
                             .toObject()
                             .value(QStringLiteral("kind"))
                             .toString(),
                    QStringLiteral("DaemonSet"));
            }
        QCOMPARE(calicoNodes, 4);

        const QJsonObject node = sink.object(QStringLiteral("nodes"), {}, QStringLiteral("alpha-worker-02"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "reason"), QStringLiteral("KubeletReady"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "message"),
            QStringLiteral("kubelet is posting ready status"));
        QCOMPARE(str(condition(node, QStringLiteral("NetworkUnavailable")), "reason"), QStringLiteral("CalicoIsUp"));
        QCOMPARE(str(node, "status.nodeInfo.containerRuntimeVersion"), QStringLiteral("containerd://1.7.13"));
        QCOMPARE(path(node, "metadata.labels").value(QStringLiteral("topology.kubernetes.io/zone")).toString(),
            QStringLiteral("eu-west-1b"));
        QCOMPARE(path(node, "metadata.annotations").value(QStringLiteral("projectcalico.org/IPv4Address")).toString(),
            QStringLiteral("10.10.2.10/24"));
        QVERIFY(path(node, "metadata.annotations").contains(QStringLiteral("projectcalico.org/IPv4IPIPTunnelAddr")));
        const QJsonObject pool
            = sink.object(QStringLiteral("ippools.crd.projectcalico.org"), {}, QStringLiteral("default-ipv4-ippool"));
        QCOMPARE(str(pool, "spec.ipipMode"), QStringLiteral("CrossSubnet"));
        QCOMPARE(path(pool, "spec").value(QStringLiteral("blockSize")).toInt(), 26);
        const QJsonObject status = sink.object(
            QStringLiteral("caliconodestatuses.crd.projectcalico.org"), {}, QStringLiteral("alpha-worker-01"));
        QCOMPARE(path(status, "status.bgp").value(QStringLiteral("numberEstablishedV4")).toInt(), 3); // the full mesh
        const QJsonObject metrics = sink.object(
            QStringLiteral("apiservices.apiregistration.k8s.io"), {}, QStringLiteral("v1beta1.metrics.k8s.io"));
        QCOMPARE(str(condition(metrics, QStringLiteral("Available")), "status"), QStringLiteral("True"));

        const QJsonObject hpa = sink.object(
            QStringLiteral("horizontalpodautoscalers.autoscaling"), QStringLiteral("shop"), QStringLiteral("web"));
        QCOMPARE(str(hpa, "spec.scaleTargetRef.name"), QStringLiteral("web"));
        QCOMPARE(str(condition(hpa, QStringLiteral("ScalingActive")), "reason"), QStringLiteral("ValidMetricFound"));
        QCOMPARE(path(hpa, "status").value(QStringLiteral("currentReplicas")).toInt(), 2);
    }

    void flannelCluster()
    {
        ClusterWorld world(small().clusters.at(1), 1, Start);
        RecordingSink sink;
        world.seed(sink);
        QCOMPARE(world.gitVersion(), QStringLiteral("v1.23.17"));
        const QJsonObject cfg = sink.object(
            QStringLiteral("configmaps"), QStringLiteral("kube-flannel"), QStringLiteral("kube-flannel-cfg"));
        const QJsonObject net
            = QJsonDocument::fromJson(path(cfg, "data").value(QStringLiteral("net-conf.json")).toString().toUtf8())
                  .object();
        QCOMPARE(net.value(QStringLiteral("Network")).toString(), QStringLiteral("10.244.0.0/16"));
        QCOMPARE(net.value(QStringLiteral("Backend")).toObject().value(QStringLiteral("Type")).toString(),
            QStringLiteral("host-gw"));
        const QJsonObject node = sink.objects(QStringLiteral("nodes")).first();
        const QJsonObject annotations = path(node, "metadata.annotations");
        QCOMPARE(annotations.value(QStringLiteral("flannel.alpha.coreos.com/backend-type")).toString(),
            QStringLiteral("host-gw"));
        QCOMPARE(annotations.value(QStringLiteral("flannel.alpha.coreos.com/kube-subnet-manager")).toString(),
            QStringLiteral("true"));
        QCOMPARE(annotations.value(QStringLiteral("kubeadm.alpha.kubernetes.io/cri-socket")).toString(),
            QStringLiteral("/var/run/dockershim.sock"));
        QVERIFY(str(node, "spec.podCIDR").startsWith(QStringLiteral("10.244.")));
        QVERIFY(str(node, "status.nodeInfo.containerRuntimeVersion").startsWith(QStringLiteral("docker://")));
        QCOMPARE(sink.count(QStringLiteral("ippools.crd.projectcalico.org")), 0);
        QCOMPARE(sink.count(QStringLiteral("pods.metrics.k8s.io")), 0); // no metrics-server
        const QJsonObject pod = podsOf(sink, QStringLiteral("api")).first();
        QVERIFY(path(pod, "status")
                    .value(QStringLiteral("containerStatuses"))
                    .toArray()
                    .first()
                    .toObject()
                    .value(QStringLiteral("containerID"))
                    .toString()
                    .startsWith(QStringLiteral("docker://")));
        QVERIFY(!world.faults().metricsApiAvailable);
    }

    void advanceFollowsTheLoadCurve()
    {
        ClusterWorld world(small().clusters.at(0), 1, Start);
        RecordingSink sink;
        world.seed(sink);
        run(world, sink, 75s);
        // Demand climbed from 2 to 6 in the first 30 s: the HPA followed and pods came up.
        QCOMPARE(
            path(sink.object(QStringLiteral("deployments.apps"), QStringLiteral("shop"), QStringLiteral("web")), "spec")
                .value(QStringLiteral("replicas"))
                .toInt(),
            6);
        const QList<QJsonObject> up = podsOf(sink, QStringLiteral("web"));
        QCOMPARE(up.size(), 6);
        const QString rsName = str(sink.objects(QStringLiteral("replicasets.apps")).first(), "metadata.name");
        for (const QJsonObject& pod : up) {
            const QJsonObject owner
                = path(pod, "metadata").value(QStringLiteral("ownerReferences")).toArray().first().toObject();
            QCOMPARE(owner.value(QStringLiteral("kind")).toString(), QStringLiteral("ReplicaSet"));
            QVERIFY(str(pod, "metadata.name")
                        .startsWith(owner.value(QStringLiteral("name")).toString() + QLatin1Char('-')));
            QCOMPARE(str(pod, "status.phase"), QStringLiteral("Running"));
        }
        QVERIFY(hasEvent(sink, QStringLiteral("SuccessfulRescale"), QStringLiteral("New size: ")));
        QVERIFY(hasEvent(sink, QStringLiteral("SuccessfulRescale"),
            QStringLiteral("New size: 6; reason: cpu resource utilization (percentage of request) above target")));
        QVERIFY(hasEvent(sink, QStringLiteral("ScalingReplicaSet"), QStringLiteral("Scaled up replica set web-")));
        QVERIFY(hasEvent(sink, QStringLiteral("SuccessfulCreate"), QStringLiteral("Created pod: web-")));
        QVERIFY(hasEvent(sink, QStringLiteral("Scheduled"), QStringLiteral("Successfully assigned shop/web-")));
        QVERIFY(hasEvent(sink, QStringLiteral("Started"), QStringLiteral("Started container web")));
        const QJsonObject hpa = sink.object(
            QStringLiteral("horizontalpodautoscalers.autoscaling"), QStringLiteral("shop"), QStringLiteral("web"));
        QCOMPARE(path(hpa, "status").value(QStringLiteral("desiredReplicas")).toInt(), 6);
        QVERIFY(!str(hpa, "status.lastScaleTime").isEmpty());
        QCOMPARE(sink.puts(QStringLiteral("events.events.k8s.io")), 0); // the store converts core events

        // Demand falls back to 2 at 4m30s; after the 60 s window the HPA scales down. From 5m
        // to 7m worker-02 is NotReady: its pods lose readiness and, as missing pods, damp
        // the scale-down until the node is back.
        sink.clearCalls();
        run(world, sink, 9min - 75s, 5s);
        QCOMPARE(
            path(sink.object(QStringLiteral("deployments.apps"), QStringLiteral("shop"), QStringLiteral("web")), "spec")
                .value(QStringLiteral("replicas"))
                .toInt(),
            2);
        QCOMPARE(podsOf(sink, QStringLiteral("web")).size(), 2);
        QVERIFY(sink.removes(QStringLiteral("pods")) >= 4);
        QVERIFY(hasEvent(sink, QStringLiteral("SuccessfulRescale"),
            QStringLiteral("New size: 2; reason: All metrics below target")));
        QVERIFY(hasEvent(sink, QStringLiteral("SuccessfulDelete"), QStringLiteral("Deleted pod: web-")));
        QCOMPARE(world.elapsed(), std::chrono::milliseconds(9min));
    }

    void faultsSwitchOnAndOff()
    {
        ClusterWorld world(small().clusters.at(0), 1, Start);
        RecordingSink sink;
        world.seed(sink);
        run(world, sink, 29s);
        QVERIFY(!world.faults().throttled);
        run(world, sink, 2s);
        QVERIFY(world.faults().throttled);
        QCOMPARE(world.faults().retryAfterSeconds, 4);
        run(world, sink, 30s);
        QVERIFY(!world.faults().throttled);

        // CrashLoopBackOff on db from 1m to 3m.
        run(world, sink, 60s);
        const QJsonObject db = sink.object(QStringLiteral("pods"), QStringLiteral("shop"), QStringLiteral("db-0"));
        const QJsonObject status
            = path(db, "status").value(QStringLiteral("containerStatuses")).toArray().first().toObject();
        QVERIFY(status.value(QStringLiteral("restartCount")).toInt() >= 1);
        QCOMPARE(
            path(status, "lastState.terminated").value(QStringLiteral("reason")).toString(), QStringLiteral("Error"));
        QVERIFY(hasEvent(sink, QStringLiteral("BackOff"),
            QStringLiteral("Back-off restarting failed container db in pod db-0_shop(")));
        bool crashLooping = false;
        for (const QString& name : { QStringLiteral("db-0"), QStringLiteral("db-1") }) {
            const QJsonObject s = path(sink.object(QStringLiteral("pods"), QStringLiteral("shop"), name), "status")
                                      .value(QStringLiteral("containerStatuses"))
                                      .toArray()
                                      .first()
                                      .toObject();
            if (path(s, "state.waiting").value(QStringLiteral("reason")).toString()
                == QLatin1String("CrashLoopBackOff")) {
                crashLooping = true;
                QVERIFY(str(s, "state.waiting.message").startsWith(QStringLiteral("back-off ")));
                QVERIFY(str(s, "state.waiting.message")
                            .contains(QStringLiteral("restarting failed container=db pod=") + name
                                + QStringLiteral("_shop(")));
            }
        }
        QVERIFY(crashLooping);

        // NodeNotReady on worker-02 from 5m to 7m.
        run(world, sink, 5min + 2s - world.elapsed());
        QJsonObject node = sink.object(QStringLiteral("nodes"), {}, QStringLiteral("alpha-worker-02"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "status"), QStringLiteral("Unknown"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "reason"), QStringLiteral("NodeStatusUnknown"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "message"),
            QStringLiteral("Kubelet stopped posting node status."));
        QVERIFY(hasEvent(
            sink, QStringLiteral("NodeNotReady"), QStringLiteral("Node alpha-worker-02 status is now: NodeNotReady")));
        run(world, sink, 2min);
        node = sink.object(QStringLiteral("nodes"), {}, QStringLiteral("alpha-worker-02"));
        QCOMPARE(str(condition(node, QStringLiteral("Ready")), "status"), QStringLiteral("True"));
        // The crash loop ended at 3m: by now every db pod runs again.
        run(world, sink, 6min);
        for (const QString& name : { QStringLiteral("db-0"), QStringLiteral("db-1") })
            QCOMPARE(str(condition(sink.object(QStringLiteral("pods"), QStringLiteral("shop"), name),
                             QStringLiteral("Ready")),
                         "status"),
                QStringLiteral("True"));
    }

    void bgpPeerDownShowsInNodeStatus()
    {
        ClusterWorld world(parseCluster("name: t\n"
                                        "clusters:\n"
                                        "  - name: rr\n"
                                        "    team: net\n"
                                        "    environment: prod\n"
                                        "    kubernetesVersion: v1.28.9\n"
                                        "    nodes:\n"
                                        "      - {name: cp, count: 2, controlPlane: true, routeReflector: true, racks: [rack-a],\n"
                                        "         subnets: [10.30.1.0/24]}\n"
                                        "      - {name: worker, count: 2, racks: [rack-a], subnets: [10.30.1.0/24]}\n"
                                        "    cni:\n"
                                        "      calico:\n"
                                        "        nodeToNodeMesh: false\n"
                                        "        routeReflectorClusterID: 244.0.0.1\n"
                                        "        peers:\n"
                                        "          - {name: clients, nodeSelector: all(), peerSelector: route-reflector == 'true'}\n"
                                        "          - {name: tor, peerIP: 10.30.1.1, asNumber: 65101,\n"
                                        "             nodeSelector: route-reflector == 'true'}\n"
                                        "    faults:\n"
                                        "      - {type: BgpPeerDown, peer: tor, at: 1m, duration: 2m}\n"),
            1, Start);
        RecordingSink sink;
        world.seed(sink);
        const auto torState = [&sink](const char* node) {
            const QJsonObject status = sink.object(
                QStringLiteral("caliconodestatuses.crd.projectcalico.org"), {}, QString::fromLatin1(node));
            for (const QJsonValue& peer : path(status, "status.bgp").value(QStringLiteral("peersV4")).toArray())
                if (peer.toObject().value(QStringLiteral("peerIP")).toString() == QLatin1String("10.30.1.1"))
                    return peer.toObject().value(QStringLiteral("state")).toString();
            return QStringLiteral("absent");
        };
        QCOMPARE(torState("rr-cp-01"), QStringLiteral("Established"));
        QCOMPARE(torState("rr-worker-01"), QStringLiteral("absent")); // only the reflectors peer with the ToR
        run(world, sink, 61s);
        QCOMPARE(torState("rr-cp-01"), QStringLiteral("Active"));
        QCOMPARE(torState("rr-cp-02"), QStringLiteral("Active"));
        const QJsonObject status = sink.object(
            QStringLiteral("caliconodestatuses.crd.projectcalico.org"), {}, QStringLiteral("rr-cp-01"));
        QCOMPARE(path(status, "status.bgp").value(QStringLiteral("numberNotEstablishedV4")).toInt(), 1);
        run(world, sink, 2min);
        QCOMPARE(torState("rr-cp-01"), QStringLiteral("Established"));
    }

    void apiFaultsFollowTheTimeline()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: api
    team: t
    environment: prod
    kubernetesVersion: v1.30.1
    nodes: [{name: worker, count: 2}]
    workloads:
      - {name: web, namespace: shop, replicas: 2, image: nginx:1.25, resources: {requests: {cpu: 100m}}}
    hpas:
      - {target: web, maxReplicas: 4, metrics: [{resource: cpu, targetUtilization: 50}]}
    faults:
      - {type: Unreachable, at: 10s, duration: 10s}
      - {type: TokenRevoked, at: 30s, duration: 10s}
      - {type: Forbidden, resources: [pods, secrets], at: 50s, duration: 10s}
      - {type: SlowResponses, latencyMs: 1500, at: 70s, duration: 10s}
      - {type: MetricsApiUnavailable, at: 90s, duration: 60s}
)");
        ClusterWorld world(spec, 3, Start);
        RecordingSink sink;
        world.seed(sink);
        const auto at = [&](std::chrono::seconds t) {
            run(world, sink, t - std::chrono::duration_cast<std::chrono::seconds>(world.elapsed()));
        };
        QVERIFY(!world.faults().unreachable);
        at(11s);
        QVERIFY(world.faults().unreachable);
        at(21s);
        QVERIFY(!world.faults().unreachable);
        at(31s);
        QVERIFY(world.faults().tokenRevoked);
        at(41s);
        QVERIFY(!world.faults().tokenRevoked);
        at(51s);
        QCOMPARE(
            world.faults().forbiddenResources, QSet<QString>({ QStringLiteral("pods"), QStringLiteral("secrets") }));
        at(61s);
        QVERIFY(world.faults().forbiddenResources.isEmpty());
        at(71s);
        QCOMPARE(world.faults().extraLatencyMs, 1500);
        at(81s);
        QCOMPARE(world.faults().extraLatencyMs, 0);
        QVERIFY(world.faults().metricsApiAvailable);

        at(125s);
        QVERIFY(!world.faults().metricsApiAvailable);
        const QJsonObject service = sink.object(
            QStringLiteral("apiservices.apiregistration.k8s.io"), {}, QStringLiteral("v1beta1.metrics.k8s.io"));
        QCOMPARE(str(condition(service, QStringLiteral("Available")), "status"), QStringLiteral("False"));
        QCOMPARE(str(condition(service, QStringLiteral("Available")), "reason"), QStringLiteral("MissingEndpoints"));
        const QJsonObject hpa = sink.object(
            QStringLiteral("horizontalpodautoscalers.autoscaling"), QStringLiteral("shop"), QStringLiteral("web"));
        QCOMPARE(str(condition(hpa, QStringLiteral("ScalingActive")), "status"), QStringLiteral("False"));
        QCOMPARE(
            str(condition(hpa, QStringLiteral("ScalingActive")), "reason"), QStringLiteral("FailedGetResourceMetric"));
        QVERIFY(str(condition(hpa, QStringLiteral("ScalingActive")), "message")
                    .startsWith(QStringLiteral(
                        "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get "
                        "metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is "
                        "currently unable to handle the request (get pods.metrics.k8s.io)")));
        QVERIFY(hasEvent(
            sink, QStringLiteral("FailedGetResourceMetric"), QStringLiteral("failed to get cpu utilization: ")));
        QVERIFY(hasEvent(sink, QStringLiteral("FailedComputeMetricsReplicas"),
            QStringLiteral(
                "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ")));
        QVERIFY(hasEvent(sink, QStringLiteral("Unhealthy"), QStringLiteral("Readiness probe failed: ")));

        at(180s);
        QVERIFY(world.faults().metricsApiAvailable);
        QCOMPARE(str(condition(sink.object(QStringLiteral("apiservices.apiregistration.k8s.io"), {},
                                   QStringLiteral("v1beta1.metrics.k8s.io")),
                         QStringLiteral("Available")),
                     "reason"),
            QStringLiteral("Passed"));
        QCOMPARE(str(condition(sink.object(QStringLiteral("horizontalpodautoscalers.autoscaling"),
                                   QStringLiteral("shop"), QStringLiteral("web")),
                         QStringLiteral("ScalingActive")),
                     "reason"),
            QStringLiteral("ValidMetricFound"));
    }

    void missingAdapterFailsPodsAndExternalMetrics()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: adapters
    team: t
    environment: dev
    kubernetesVersion: v1.29.0
    nodes: [{name: worker, count: 2}]
    workloads:
      - {name: api, namespace: shop, replicas: 2, image: api:1}
      - {name: worker, namespace: shop, replicas: 2, image: worker:1}
    hpas:
      - {target: api, maxReplicas: 5, metrics: [{pods: rps, targetAverageValue: "100"}]}
      - {target: worker, maxReplicas: 5, metrics: [{external: queue, targetValue: "30"}]}
)");
        ClusterWorld world(spec, 3, Start);
        RecordingSink sink;
        world.seed(sink);
        run(world, sink, 20s);
        const QJsonObject api = sink.object(
            QStringLiteral("horizontalpodautoscalers.autoscaling"), QStringLiteral("shop"), QStringLiteral("api"));
        QCOMPARE(str(condition(api, QStringLiteral("ScalingActive")), "reason"), QStringLiteral("FailedGetPodsMetric"));
        QVERIFY(str(condition(api, QStringLiteral("ScalingActive")), "message")
                    .endsWith(QStringLiteral("no custom metrics API (custom.metrics.k8s.io) registered")));
        const QJsonObject worker = sink.object(
            QStringLiteral("horizontalpodautoscalers.autoscaling"), QStringLiteral("shop"), QStringLiteral("worker"));
        QCOMPARE(str(condition(worker, QStringLiteral("ScalingActive")), "reason"),
            QStringLiteral("FailedGetExternalMetric"));
        QCOMPARE(path(worker, "status")
                     .value(QStringLiteral("currentMetrics"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("type"))
                     .toString(),
            QString());
        QVERIFY(!sink.contains(
            QStringLiteral("apiservices.apiregistration.k8s.io"), {}, QStringLiteral("v1beta1.custom.metrics.k8s.io")));
    }

    void deterministicForASeed()
    {
        const ClusterSpec spec = small().clusters.at(0);
        const auto record = [&](quint64 seed) {
            ClusterWorld world(spec, seed, Start);
            RecordingSink sink;
            world.seed(sink);
            run(world, sink, 7min, 500ms);
            QStringList out;
            for (const RecordingSink::Call& c : sink.calls())
                out.append(c.resource + QLatin1Char(' ') + c.nameSpace + QLatin1Char('/') + c.name + QLatin1Char(' ')
                    + QString::fromUtf8(QJsonDocument(c.object).toJson(QJsonDocument::Compact)));
            return out;
        };
        const QStringList first = record(42);
        const QStringList second = record(42);
        QVERIFY(first.size() > 200);
        QCOMPARE(first, second);
        const QStringList other = record(43);
        QVERIFY(other != first); // other uids, other names
    }

    // Every node's kubelet renews its lease every 10 s, except while the node is NotReady;
    // the first control-plane node holds the leader election leases.
    void leasesRenewWhileTheKubeletLives()
    {
        ClusterWorld world(small().clusters.at(0), 1, Start);
        RecordingSink sink;
        world.seed(sink);
        const QString leases = QStringLiteral("leases.coordination.k8s.io");
        const QString lease = QStringLiteral("kube-node-lease");
        const QList<QJsonObject> nodes = sink.objects(QStringLiteral("nodes"));
        QVERIFY(!nodes.isEmpty());
        for (const QJsonObject& node : nodes) {
            const QString name = str(node, "metadata.name");
            const QJsonObject l = sink.object(leases, lease, name);
            QCOMPARE(str(l, "spec.holderIdentity"), name);
            QCOMPARE(path(l, "spec").value(QStringLiteral("leaseDurationSeconds")).toInt(), 40);
            const QJsonObject owner = path(l, "metadata").value(QStringLiteral("ownerReferences")).toArray().first().toObject();
            QCOMPARE(owner.value(QStringLiteral("kind")).toString(), QStringLiteral("Node"));
            QCOMPARE(owner.value(QStringLiteral("uid")).toString(), str(node, "metadata.uid"));
        }
        const QJsonObject leader = sink.object(leases, QStringLiteral("kube-system"), QStringLiteral("kube-scheduler"));
        QVERIFY2(str(leader, "spec.holderIdentity").startsWith(QStringLiteral("alpha-")), qPrintable(str(leader, "spec.holderIdentity")));

        const auto renewed = [&](const char* node) {
            return QDateTime::fromString(str(sink.object(leases, lease, QString::fromLatin1(node)), "spec.renewTime"), Qt::ISODateWithMs);
        };
        // NodeNotReady on worker-02 from 5m to 7m: its lease stops at the last renewal before.
        run(world, sink, 6min);
        const QDateTime now = world.now();
        QVERIFY(renewed("alpha-worker-01").secsTo(now) <= 10);
        QVERIFY2(renewed("alpha-worker-02").secsTo(now) >= 50, qPrintable(renewed("alpha-worker-02").toString(Qt::ISODate)));
        run(world, sink, 90s);
        QVERIFY(renewed("alpha-worker-02").secsTo(world.now()) <= 10);
    }

    void anAdvanceWithoutChangesPutsNothing()
    {
        // No HPA, no faults, no metrics-server: once pods have settled nothing moves.
        ClusterWorld quiet(small().clusters.at(1), 1, Start);
        RecordingSink sink;
        quiet.seed(sink);
        sink.clearCalls();
        run(quiet, sink, 10min, 30s);
        // Only the kubelets' and leader elections' lease renewals.
        for (const RecordingSink::Call& call : sink.calls())
            QCOMPARE(call.resource, QStringLiteral("leases.coordination.k8s.io"));

        // With metrics-server: nothing between its 15 s scrapes.
        ClusterWorld alpha(small().clusters.at(0), 1, Start);
        RecordingSink busy;
        alpha.seed(busy);
        busy.clearCalls();
        alpha.advance(500ms, busy);
        alpha.advance(500ms, busy);
        QCOMPARE(busy.calls().size(), 0);
    }

    void literalObjectsAreServedVerbatim()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: lit
    team: t
    environment: dev
    kubernetesVersion: v1.29.0
    nodes: [{name: worker, count: 1}]
    objects:
      - {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: team-a}, data: {level: "3"}}
)");
        ClusterWorld world(spec, 3, Start);
        RecordingSink sink;
        world.seed(sink);
        const QJsonObject cm
            = sink.object(QStringLiteral("configmaps"), QStringLiteral("team-a"), QStringLiteral("settings"));
        QCOMPARE(str(cm, "data.level"), QStringLiteral("3"));
        QVERIFY(sink.contains(QStringLiteral("namespaces"), {}, QStringLiteral("team-a")));
    }
};

QTEST_GUILESS_MAIN(TestClusterWorld)
#include "tst_clusterworld.moc"
