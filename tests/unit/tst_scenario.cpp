// SPDX-License-Identifier: Apache-2.0
// Scenario files: a full example parses into the expected structs, and every mistake is
// reported as "file:line: what", all of them at once.
#include "sim/scenario.h"
#include "sim/scenarioparser.h"
#include "sim/systemworkloads.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace minato::sim;

namespace {

const QString Small = QStringLiteral(MINATO_TEST_DATA_DIR "/scenarios/small.yaml");

// Five lines of a valid cluster header; extra lines start at line 6.
QByteArray cluster(const char* extra)
{
    return QByteArray("clusters:\n"
                      "  - name: c1\n"
                      "    team: t\n"
                      "    environment: dev\n"
                      "    kubernetesVersion: v1.29.4\n")
        + extra;
}

} // namespace

class TestScenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesTheSmallExample()
    {
        const auto loaded = Scenario::load(Small);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().detail));
        const Scenario& s = *loaded;
        QCOMPARE(s.name, QStringLiteral("small"));
        QCOMPARE(s.seed, quint64(7));
        QCOMPARE(s.clusters.size(), 2);

        const ClusterSpec& alpha = s.clusters.at(0);
        QCOMPARE(alpha.name, QStringLiteral("alpha"));
        QCOMPARE(alpha.team, QStringLiteral("payments"));
        QCOMPARE(alpha.environment, QStringLiteral("prod"));
        QCOMPARE(alpha.kubernetesVersion, QStringLiteral("v1.29.4"));
        QCOMPARE(alpha.nodeGroups.size(), 2);
        QCOMPARE(alpha.nodeCount(), 4);
        const NodeGroupSpec& workers = alpha.nodeGroups.at(1);
        QCOMPARE(workers.zones,
            QStringList({ QStringLiteral("eu-west-1a"), QStringLiteral("eu-west-1b"), QStringLiteral("eu-west-1c") }));
        QCOMPARE(workers.racks.size(), 3);
        QCOMPARE(workers.subnets.at(1), QStringLiteral("10.10.2.0/24"));
        QCOMPARE(workers.runtime, ContainerRuntime::Containerd);
        QVERIFY(alpha.nodeGroups.at(0).controlPlane);
        QCOMPARE(alpha.cni.plugin, CniPlugin::Calico);
        QCOMPARE(alpha.cni.calico.ipPools.size(), 1);
        QCOMPARE(alpha.cni.calico.ipPools.first().ipipMode, EncapsulationMode::CrossSubnet);
        QCOMPARE(alpha.cni.calico.ipPools.first().vxlanMode, EncapsulationMode::Never);
        QCOMPARE(alpha.cni.calico.ipPools.first().blockSize, 26);

        QCOMPARE(alpha.workloads.size(), 2);
        const WorkloadSpec& web = alpha.workloads.at(0);
        QCOMPARE(web.kind, WorkloadKind::Deployment);
        QCOMPARE(web.nameSpace, QStringLiteral("shop"));
        QCOMPARE(web.replicas, 2);
        QCOMPARE(web.requests.cpu, QStringLiteral("200m"));
        QCOMPARE(web.limits.memory, QStringLiteral("256Mi"));
        QCOMPARE(web.readiness.kind, ProbeSpec::Kind::HttpGet);
        QVERIFY(!web.liveness.isSet());
        const WorkloadSpec& db = alpha.workloads.at(1);
        QCOMPARE(db.kind, WorkloadKind::StatefulSet);
        QCOMPARE(db.volumeClaims.size(), 1);
        QCOMPARE(db.volumeClaims.first().storageClass, QStringLiteral("fast-ssd"));
        QVERIFY(db.requests.isEmpty());

        QCOMPARE(alpha.hpas.size(), 1);
        const HpaSpec& hpa = alpha.hpas.first();
        QCOMPARE(hpa.name, QStringLiteral("web"));
        QCOMPARE(hpa.nameSpace, QStringLiteral("shop")); // taken from the target
        QCOMPARE(hpa.maxReplicas, 8);
        QCOMPARE(hpa.metrics.first().targetType, MetricTargetType::Utilization);
        QCOMPARE(hpa.metrics.first().target, 60.0);
        QCOMPARE(hpa.scaleDown.stabilizationWindowSeconds, 60);
        QCOMPARE(hpa.load.points.size(), 4);
        QCOMPARE(hpa.load.demandAt(Millis(15000)), 4.0); // halfway from 2 to 6
        QCOMPARE(hpa.load.demandAt(Millis(600000)), 2.0); // holds the last value

        QCOMPARE(alpha.faults.size(), 3);
        QCOMPARE(alpha.faults.at(0).type, FaultType::CrashLoopBackOff);
        QCOMPARE(alpha.faults.at(0).nameSpace, QStringLiteral("shop"));
        QCOMPARE(alpha.faults.at(1).node, QStringLiteral("alpha-worker-02")); // completed
        QCOMPARE(alpha.faults.at(2).retryAfterSeconds, 4);

        const ClusterSpec& beta = s.clusters.at(1);
        QCOMPARE(beta.kubernetesVersion, QStringLiteral("v1.23.17")); // "1.23.17" normalised
        QCOMPARE(beta.cni.plugin, CniPlugin::Flannel);
        QCOMPARE(beta.cni.flannel.backend, FlannelBackend::HostGw);
        QCOMPARE(beta.nodeGroups.first().runtime, ContainerRuntime::Docker);
        QVERIFY(!beta.metricsServer);
    }

    void parsesEveryFeature()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile extra(dir.filePath(QStringLiteral("extra.yaml")));
        QVERIFY(extra.open(QIODevice::WriteOnly));
        extra.write(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: apps}\nspec: {size: 3}\n---\n"
            "apiVersion: v1\nkind: Service\nmetadata: {name: s1, namespace: apps}\n");
        extra.close();
        QFile file(dir.filePath(QStringLiteral("full.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"(name: full
clusters:
  - name: rr
    team: search
    environment: prod
    kubernetesVersion: "1.28"
    customMetricsAdapter: true
    externalMetricsAdapter: true
    nodes:
      - {name: cp, count: 2, controlPlane: true, racks: [a, b], subnets: [10.1.1.0/24, 10.1.2.0/24], routeReflector: true, runtime: cri-o}
      - {name: gpu, count: 2, runtimeHandlers: [kata-qemu], kubeletVersion: "1.27.3", memory: 256Gi, labels: {gpu: "true"}}
    runtimeClasses:
      - {name: kata, handler: kata-qemu, overhead: {cpu: 250m, memory: 160Mi}, nodeSelector: {katacontainers.io/kata-runtime: "true"}}
    cni:
      calico:
        nodeToNodeMesh: false
        asNumber: 64512
        routeReflectorClusterID: 244.0.0.1
        ipPools:
          - {name: p1, cidr: 10.128.0.0/14, ipipMode: Never, vxlanMode: Never, natOutgoing: false, blockSize: 27}
        peers:
          - {name: rr, nodeSelector: all(), peerSelector: route-reflector == 'true'}
          - {name: tor-a, peerIP: 10.1.1.1, asNumber: 65001, nodeSelector: rack == 'a', state: Idle}
    workloads:
      - name: api
        namespace: apps
        replicas: 0
        image: registry.example.com/api:1
        port: 8080
        probes:
          liveness: {tcpSocket: 8080}
          readiness: {exec: [cat, /tmp/ready], initialDelaySeconds: 5}
        hostPaths: [/var/log, {path: /dev/shm, mountPath: /shm, type: Directory}]
        privileged: true
        runtimeClass: kata
      - {name: agent, namespace: apps, kind: DaemonSet, image: agent:2}
    hpas:
      - target: api
        minReplicas: 1
        maxReplicas: 4
        metrics:
          - {resource: memory, targetAverageValue: 512Mi}
          - {pods: rps, targetAverageValue: "100", share: 0.5}
          - {external: queue, selector: {q: jobs}, targetValue: "30"}
        behavior:
          scaleUp: {selectPolicy: Min, policies: [{type: Percent, value: 50, periodSeconds: 30}]}
        load: {period: 5m, noise: 0.1, points: [{at: 0, demand: 1}, {at: 1m, demand: 3}]}
    faults:
      - {type: SlowResponses, latencyMs: 700}
      - {type: Forbidden, resources: [pods, events], at: 1m, duration: 30s, repeat: 10m}
      - {type: CustomMetricsAdapterMissing, at: 2m}
      - {type: CrashLoopBackOff, workload: coredns, pods: 0}
    objects:
      - apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec: {group: example.com, names: {kind: Widget, plural: widgetz, singular: widget}, scope: Namespaced}
      - |
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "apps"}, "data": {"n": "1"}}
      - file: extra.yaml
      - {resource: things.example.com, object: {apiVersion: example.com/v1, kind: Thing, metadata: {name: t}}}
)");
        file.close();
        const auto loaded = Scenario::load(file.fileName());
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().detail));
        const ClusterSpec& c = loaded->clusters.first();
        QCOMPARE(c.kubernetesVersion, QStringLiteral("v1.28.0"));
        QCOMPARE(c.nodeGroups.first().runtime, ContainerRuntime::CriO);
        QVERIFY(c.nodeGroups.first().routeReflector);
        QCOMPARE(c.nodeGroups.at(1).kubeletVersion, QStringLiteral("v1.27.3"));
        QCOMPARE(c.runtimeClasses.first().overhead.memory, QStringLiteral("160Mi"));
        QVERIFY(!c.cni.calico.nodeToNodeMesh);
        QCOMPARE(c.cni.calico.peers.size(), 2);
        QCOMPARE(c.cni.calico.peers.at(1).state, QStringLiteral("Idle"));
        QCOMPARE(c.cni.calico.peers.at(1).asNumber, quint32(65001));
        const WorkloadSpec& api = c.workloads.first();
        QCOMPARE(api.replicas, 0);
        QCOMPARE(api.liveness.kind, ProbeSpec::Kind::TcpSocket);
        QCOMPARE(api.readiness.command, QStringList({ QStringLiteral("cat"), QStringLiteral("/tmp/ready") }));
        QCOMPARE(api.hostPaths.size(), 2);
        QCOMPARE(api.hostPaths.at(1).mountPath, QStringLiteral("/shm"));
        QVERIFY(api.privileged);
        QCOMPARE(c.workloads.at(1).kind, WorkloadKind::DaemonSet);
        const HpaSpec& hpa = c.hpas.first();
        QCOMPARE(hpa.metrics.size(), 3);
        QCOMPARE(hpa.metrics.at(0).target, 512.0 * 1024 * 1024);
        QCOMPARE(hpa.metrics.at(1).type, MetricSourceType::Pods);
        QCOMPARE(hpa.metrics.at(2).targetType, MetricTargetType::Value);
        QCOMPARE(hpa.metrics.at(2).selector.value(QStringLiteral("q")), QStringLiteral("jobs"));
        QCOMPARE(hpa.scaleUp.selectPolicy, QStringLiteral("Min"));
        QCOMPARE(hpa.load.demandAt(Millis(30000)), 2.0);
        QCOMPARE(hpa.load.demandAt(Millis(5 * 60000 + 30000)), 2.0); // repeats
        QCOMPARE(hpa.load.demandAt(Millis(3 * 60000)), 2.0); // wraps from 3 back towards 1
        QCOMPARE(c.faults.size(), 4);
        QCOMPARE(c.faults.at(3).nameSpace, QStringLiteral("kube-system")); // a system Deployment
        QCOMPARE(c.faults.at(3).pods, 0);

        QCOMPARE(c.objects.size(), 5);
        QCOMPARE(c.objects.at(0).resource, QStringLiteral("customresourcedefinitions.apiextensions.k8s.io"));
        QCOMPARE(c.objects.at(1).resource, QStringLiteral("configmaps"));
        QCOMPARE(c.objects.at(2).resource, QStringLiteral("widgetz.example.com")); // the CRD's plural wins
        QCOMPARE(c.objects.at(3).resource, QStringLiteral("services"));
        QCOMPARE(c.objects.at(4).resource, QStringLiteral("things.example.com"));
        QCOMPARE(
            c.objects.at(2).object.value(QStringLiteral("spec")).toObject().value(QStringLiteral("size")).toInt(), 3);
    }

    void reportsErrorsWithFileAndLine_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("wrong type") << cluster(
            "    workloads:\n      - name: w\n        image: nginx\n        replicas: three\n")
                                    << 9 << QStringLiteral("replicas: expected a whole number, got 'three'");
        QTest::newRow("unknown key") << cluster(
            "    workloads:\n      - name: w\n        image: nginx\n        replica: 2\n")
                                     << 9 << QStringLiteral("unknown key 'replica' (did you mean 'replicas'?)");
        QTest::newRow("negative replicas")
            << cluster("    workloads:\n      - name: w\n        image: nginx\n        replicas: -2\n") << 9
            << QStringLiteral("replicas: must not be negative (got -2)");
        QTest::newRow("list expected") << cluster("    nodes: 3\n") << 6 << QStringLiteral("nodes: expected a list");
        QTest::newRow("unknown CNI") << cluster("    cni:\n      weave: {}\n") << 7
                                     << QStringLiteral("unknown CNI 'weave' (expected calico or flannel)");
        QTest::newRow("unknown ipipMode")
            << cluster("    cni:\n      calico:\n        ipPools:\n          - cidr: 10.0.0.0/16\n            "
                       "ipipMode: Sometimes\n")
            << 10
            << QStringLiteral("ipipMode: unknown value 'Sometimes' (expected one of: Never, Always, CrossSubnet)");
        QTest::newRow("IPIP and VXLAN") << cluster(
            "    cni:\n      calico:\n        ipPools:\n          - cidr: 10.0.0.0/16\n            ipipMode: Always\n  "
            "          vxlanMode: Always\n")
                                        << 9 << QStringLiteral("ipipMode and vxlanMode cannot both be enabled");
        QTest::newRow("unknown flannel backend")
            << cluster("    cni:\n      flannel:\n        backend: udp\n") << 8
            << QStringLiteral("backend: unknown value 'udp' (expected one of: vxlan, host-gw, wireguard, unset)");
        QTest::newRow("CIDR with host bits")
            << cluster("    serviceCidr: 10.96.0.1/12\n") << 6 << QStringLiteral("has host bits set");
        QTest::newRow("fault for a missing workload")
            << cluster("    faults:\n      - type: CrashLoopBackOff\n        workload: ghost\n") << 7
            << QStringLiteral("no workload 'ghost' in cluster c1");
        QTest::newRow("fault for a missing node")
            << cluster("    faults:\n      - type: NodeNotReady\n        node: worker-09\n") << 7
            << QStringLiteral("no node 'worker-09'");
        QTest::newRow("unknown fault") << cluster("    faults:\n      - type: Meteor\n") << 7
                                       << QStringLiteral("type: unknown value 'Meteor'");
        QTest::newRow("bad duration") << cluster("    faults:\n      - type: Unreachable\n        at: soon\n") << 8
                                      << QStringLiteral("at: expected a duration such as 90s, 5m or 1h30m, got 'soon'");
        QTest::newRow("Forbidden without resources")
            << cluster("    faults:\n      - type: Forbidden\n") << 7 << QStringLiteral("resources: required");
        QTest::newRow("HPA for a missing workload")
            << cluster("    hpas:\n      - target: ghost\n        maxReplicas: 3\n") << 7
            << QStringLiteral("no workload 'ghost'");
        QTest::newRow("minReplicas above maxReplicas") << cluster(
            "    workloads:\n      - name: w\n        image: nginx\n    hpas:\n      - target: w\n        minReplicas: "
            "5\n        maxReplicas: 3\n") << 11 << QStringLiteral("minReplicas 5 is above maxReplicas 3");
        QTest::newRow("utilization of a pods metric")
            << cluster("    workloads:\n      - name: w\n        image: nginx\n    hpas:\n      - target: w\n        "
                       "maxReplicas: 3\n        metrics:\n          - pods: rps\n            targetUtilization: 50\n")
            << 14 << QStringLiteral("targetUtilization applies to resource metrics only");
        QTest::newRow("load out of order") << cluster(
            "    workloads:\n      - name: w\n        image: nginx\n    hpas:\n      - target: w\n        maxReplicas: "
            "3\n        load:\n          points:\n            - {at: 2m, demand: 1}\n            - {at: 1m, demand: "
            "2}\n") << 15 << QStringLiteral("points must be in increasing time order");
        QTest::newRow("undeclared runtimeClass")
            << cluster("    workloads:\n      - name: w\n        image: nginx\n        runtimeClass: kata\n") << 7
            << QStringLiteral("runtimeClass 'kata' is not declared in runtimeClasses");
        QTest::newRow("object without kind")
            << cluster("    objects:\n      - apiVersion: v1\n        metadata: {name: x}\n") << 7
            << QStringLiteral("needs apiVersion, kind and metadata.name");
        QTest::newRow("bad quantity") << cluster("    workloads:\n      - name: w\n        image: nginx\n        "
                                                 "resources:\n          requests: {cpu: lots}\n")
                                      << 10 << QStringLiteral("not a Kubernetes quantity: 'lots'");
        QTest::newRow("YAML syntax") << cluster("    nodes: [\n") << 7 << QStringLiteral("YAML syntax error");
    }
    void reportsErrorsWithFileAndLine()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, fragment);
        const auto parsed = Scenario::parse(yaml, QStringLiteral("test.yaml"));
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().kind, minato::ErrorKind::Config);
        const QString message = parsed.error().message;
        QVERIFY2(message.startsWith(QStringLiteral("test.yaml:%1: ").arg(line)), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
    }

    void requiredFieldsAndDuplicates()
    {
        QStringList errors;
        Scenario::parse("clusters:\n  - name: a\n    environment: dev\n    kubernetesVersion: v1.29.0\n"
                        "  - name: a\n    team: t\n    environment: dev\n    kubernetesVersion: 1.x\n",
            QStringLiteral("dup.yaml"), &errors);
        QVERIFY2(errors.size() >= 3, qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(errors.contains(QStringLiteral("dup.yaml:2: cluster a.team: required")));
        bool version = false;
        bool duplicate = false;
        for (const QString& e : std::as_const(errors)) {
            version = version
                || (e.startsWith(QStringLiteral("dup.yaml:8: "))
                    && e.contains(QStringLiteral("expected a version such as v1.29.4")));
            duplicate = duplicate
                || (e.startsWith(QStringLiteral("dup.yaml:5: "))
                    && e.contains(QStringLiteral("duplicate cluster name 'a'")));
        }
        QVERIFY(version);
        QVERIFY(duplicate);
    }

    void collectsEveryError()
    {
        const auto parsed = Scenario::parse(
            cluster("    bogus: 1\n    workloads:\n      - name: w\n        image: nginx\n        replicas: -1\n"
                    "    faults:\n      - type: OOMKilled\n        workload: nope\n"),
            QStringLiteral("many.yaml"));
        QVERIFY(!parsed);
        const QStringList all = parsed.error().detail.split(QLatin1Char('\n'));
        QCOMPARE(all.size(), 3);
        QVERIFY(all.at(0).startsWith(QStringLiteral("many.yaml:6: ")));
        QVERIFY(parsed.error().message.endsWith(QStringLiteral("(and 2 more problems)")));
        static const QRegularExpression shape(QStringLiteral("^many\\.yaml:\\d+: "));
        for (const QString& e : all)
            QVERIFY2(shape.match(e).hasMatch(), qPrintable(e));
    }

    void missingFileIsAConfigError()
    {
        const auto loaded = Scenario::load(QStringLiteral("/nonexistent/scenario.yaml"));
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().kind, minato::ErrorKind::Config);
        QVERIFY(loaded.error().message.startsWith(QStringLiteral("/nonexistent/scenario.yaml:0: ")));
    }

    void resourceNames_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("resource");
        QTest::newRow("pod") << "v1"
                             << "Pod"
                             << "pods";
        QTest::newRow("endpoints") << "v1"
                                   << "Endpoints"
                                   << "endpoints";
        QTest::newRow("deployment") << "apps/v1"
                                    << "Deployment"
                                    << "deployments.apps";
        QTest::newRow("hpa") << "autoscaling/v2"
                             << "HorizontalPodAutoscaler"
                             << "horizontalpodautoscalers.autoscaling";
        QTest::newRow("runtimeclass") << "node.k8s.io/v1"
                                      << "RuntimeClass"
                                      << "runtimeclasses.node.k8s.io";
        QTest::newRow("blockaffinity") << "crd.projectcalico.org/v1"
                                       << "BlockAffinity"
                                       << "blockaffinities.crd.projectcalico.org";
        QTest::newRow("caliconodestatus") << "crd.projectcalico.org/v1"
                                          << "CalicoNodeStatus"
                                          << "caliconodestatuses.crd.projectcalico.org";
        QTest::newRow("ingress") << "networking.k8s.io/v1"
                                 << "Ingress"
                                 << "ingresses.networking.k8s.io";
        QTest::newRow("podmetrics") << "metrics.k8s.io/v1beta1"
                                    << "PodMetrics"
                                    << "pods.metrics.k8s.io";
        QTest::newRow("event") << "events.k8s.io/v1"
                               << "Event"
                               << "events.events.k8s.io";
    }
    void resourceNames()
    {
        QFETCH(QString, apiVersion);
        QFETCH(QString, kind);
        QFETCH(QString, resource);
        QCOMPARE(ScenarioParser::resourceFor(apiVersion, kind), resource);
    }

    void faultWindows()
    {
        FaultSpec once;
        once.at = Millis(60000);
        once.duration = Millis(30000);
        QVERIFY(!once.activeAt(Millis(59999)));
        QVERIFY(once.activeAt(Millis(60000)));
        QVERIFY(!once.activeAt(Millis(90000)));
        FaultSpec permanent;
        permanent.at = Millis(1000);
        QVERIFY(permanent.activeAt(Millis(86400000)));
        FaultSpec repeating = once;
        repeating.repeat = Millis(600000);
        QVERIFY(repeating.activeAt(Millis(660000 + 10000)));
        QVERIFY(!repeating.activeAt(Millis(660000 + 40000)));
    }

    void documentedExampleParses()
    {
        // docs/scenario.md promises its complete example works; hold it to that.
        QFile doc(QStringLiteral(MINATO_TEST_DATA_DIR "/../../docs/scenario.md"));
        QVERIFY(doc.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(doc.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## A complete example"));
        QVERIFY(section > 0);
        const qsizetype begin = text.indexOf(QStringLiteral("```yaml\n"), section) + 8;
        const qsizetype end = text.indexOf(QStringLiteral("```"), begin);
        QVERIFY(begin > 8 && end > begin);
        const auto parsed = Scenario::parse(text.mid(begin, end - begin).toUtf8(), QStringLiteral("scenario.md"));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().detail));
        QCOMPARE(parsed->clusters.size(), 2);
        QCOMPARE(parsed->clusters.first().faults.first().node, QStringLiteral("shop-prod-worker-04"));
        QCOMPARE(parsed->clusters.at(1).cni.flannel.backend, FlannelBackend::HostGw);
    }

    void scaledGrowsTheFleet()
    {
        const auto base = Scenario::load(Small);
        QVERIFY(base);
        const Scenario big = Scenario::scaled(*base, 7, 400);
        QCOMPARE(big.clusters.size(), 7);
        QSet<QString> names;
        for (const ClusterSpec& c : big.clusters) {
            names.insert(c.name);
            int pods = c.workloadReplicaCount();
            for (const WorkloadSpec& w : SystemWorkloads::forCluster(c))
                pods += w.kind == WorkloadKind::DaemonSet ? c.nodeCount() : w.replicas;
            QVERIFY2(pods >= 380 && pods <= 420, qPrintable(QStringLiteral("%1 has %2 pods").arg(c.name).arg(pods)));
            QVERIFY(c.nodeCount() >= 14);
            QVERIFY(c.hpas.size() >= (c.name.startsWith(QStringLiteral("alpha")) ? 2 : 0));
        }
        QCOMPARE(names.size(), 7);
        QVERIFY(names.contains(QStringLiteral("alpha-001")));
    }
};

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
