// SPDX-License-Identifier: Apache-2.0
// What a runtime view reads from the simulator: nodes that say which runtime and socket they
// use (dockershim, cri-dockerd, containerd, CRI-O), node-problem-detector's conditions with a
// ContainerRuntimeUnhealthy window, RuntimeClasses nobody can run (pods Pending with the
// scheduler's message), and pods whose timestamps carry per-runtime start latencies, for the
// pods of the first snapshot as for those started later (churn, scale-ups).
#include "recordingsink.h"

#include "sim/clusterworld.h"
#include "sim/scenario.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace minato::sim;
using namespace std::chrono_literals;

namespace {

const QDateTime Start = QDateTime::fromSecsSinceEpoch(1717200000, Qt::UTC);

ClusterSpec parseCluster(const QByteArray& yaml)
{
    auto parsed = Scenario::parse(yaml, QStringLiteral("inline.yaml"));
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().detail));
    return parsed->clusters.first();
}

QStringList problems(const QByteArray& yaml)
{
    QStringList errors;
    Scenario::parse(yaml, QStringLiteral("inline.yaml"), &errors);
    return errors;
}

QJsonObject sub(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

QJsonObject condition(const QJsonObject& object, const QString& type)
{
    for (const QJsonValue& c : sub(object, "status").value(QLatin1String("conditions")).toArray())
        if (c.toObject().value(QLatin1String("type")).toString() == type)
            return c.toObject();
    return {};
}

QString annotation(const QJsonObject& object, const char* key)
{
    return sub(sub(object, "metadata"), "annotations").value(QLatin1String(key)).toString();
}

QString nodeInfo(const QJsonObject& node, const char* key)
{
    return sub(sub(node, "status"), "nodeInfo").value(QLatin1String(key)).toString();
}

qint64 seconds(const QString& rfc3339)
{
    const QDateTime t = QDateTime::fromString(rfc3339, Qt::ISODate);
    return t.isValid() ? t.toSecsSinceEpoch() : -1;
}

QJsonObject firstContainer(const QJsonObject& pod)
{
    return sub(pod, "status").value(QLatin1String("containerStatuses")).toArray().first().toObject();
}

// startedAt − PodScheduled, in whole seconds as a client computes it; -1 when not started.
qint64 measuredStart(const QJsonObject& pod)
{
    const QString started
        = sub(sub(firstContainer(pod), "state"), "running").value(QLatin1String("startedAt")).toString();
    const QJsonObject scheduled = condition(pod, QStringLiteral("PodScheduled"));
    if (started.isEmpty() || scheduled.value(QLatin1String("status")).toString() != QLatin1String("True"))
        return -1;
    return seconds(started) - seconds(scheduled.value(QLatin1String("lastTransitionTime")).toString());
}

void run(ClusterWorld& world, RecordingSink& sink, std::chrono::milliseconds total, std::chrono::milliseconds step = 1s)
{
    for (auto t = 0ms; t < total; t += step)
        world.advance(step, sink);
}

struct Stats
{
    int count = 0;
    double mean = 0; // seconds
    double median = 0;
};

Stats stats(QList<qint64> values)
{
    Stats s;
    s.count = int(values.size());
    if (values.isEmpty())
        return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (const qint64 v : values)
        sum += double(v);
    s.mean = sum / double(values.size());
    s.median = double(values.at(values.size() / 2));
    return s;
}

// One pool of six nodes of one runtime, 300 replicas of one app, recycled every two minutes.
QByteArray latencyScenario(
    const QString& runtime, const QString& handler, const QString& poolLatency = {}, const QString& classLatency = {})
{
    QString yaml = QStringLiteral(R"(clusters:
  - name: lat
    team: t
    environment: dev
    kubernetesVersion: v1.30.2
    systemWorkloads: false
    metricsServer: false
    nodes:
      - name: worker
        count: 6
        runtime: %1
        cpu: 64
        memory: 256Gi
        maxPods: 200
)")
                       .arg(runtime);
    if (!handler.isEmpty())
        yaml += QStringLiteral("        runtimeHandlers: [%1]\n").arg(handler);
    if (!poolLatency.isEmpty())
        yaml += QStringLiteral("        startLatency: %1\n").arg(poolLatency);
    if (!handler.isEmpty()) {
        yaml += QStringLiteral("    runtimeClasses:\n      - name: sandbox\n        handler: %1\n").arg(handler);
        if (!classLatency.isEmpty())
            yaml += QStringLiteral("        startLatency: %1\n").arg(classLatency);
    }
    yaml += QStringLiteral(R"(    workloads:
      - name: app
        namespace: lat
        replicas: 300
        image: registry.example.com/lat/app:1.0
        churn: 2m
)");
    if (!handler.isEmpty())
        yaml += QStringLiteral("        runtimeClass: sandbox\n");
    return yaml.toUtf8();
}

} // namespace

class TestSimRuntimeHealth : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scenarioFields()
    {
        const ClusterSpec c = parseCluster(R"(clusters:
  - name: f
    team: t
    environment: dev
    kubernetesVersion: v1.29.4
    nodeProblemDetector: true
    nodes:
      - {name: a, count: 1, startLatency: 1500ms}
      - {name: b, count: 1, nodeProblemDetector: false, startLatency: {median: 2s, sigma: 0.7}}
    runtimeClasses:
      - {name: kata, handler: kata-qemu, startLatency: {median: 5s}}
    workloads:
      - {name: w, image: nginx:1.25, churn: 5m}
    faults:
      - {type: ContainerRuntimeUnhealthy, node: a-01, at: 1m, duration: 2m, reason: ContainerdHung, message: stuck}
)");
        QVERIFY(c.nodeProblemDetector);
        QVERIFY(!c.nodeGroups.at(0).nodeProblemDetector.has_value());
        QCOMPARE(c.nodeGroups.at(1).nodeProblemDetector, std::optional<bool>(false));
        QCOMPARE(c.nodeGroups.at(0).startLatency.median, Millis(1500));
        QCOMPARE(c.nodeGroups.at(0).startLatency.sigma, -1.0);
        QCOMPARE(c.nodeGroups.at(1).startLatency.median, Millis(2000));
        QCOMPARE(c.nodeGroups.at(1).startLatency.sigma, 0.7);
        QCOMPARE(c.runtimeClasses.at(0).startLatency.median, Millis(5000));
        QCOMPARE(c.workloads.at(0).churn, Millis(300000));
        QCOMPARE(c.faults.at(0).type, FaultType::ContainerRuntimeUnhealthy);
        QCOMPARE(c.faults.at(0).node, QStringLiteral("f-a-01"));
        QCOMPARE(c.faults.at(0).reason, QStringLiteral("ContainerdHung"));
    }

    void scenarioMistakes_data()
    {
        QTest::addColumn<QByteArray>("cluster");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no NPD on the node") << QByteArray(
            "    nodes: [{name: a, count: 1}]\n    faults: [{type: ContainerRuntimeUnhealthy, node: a-01}]\n")
                                            << QStringLiteral("node-problem-detector does not run on f-a-01");
        QTest::newRow("no node") << QByteArray(
            "    nodeProblemDetector: true\n    faults: [{type: ContainerRuntimeUnhealthy}]\n")
                                 << QStringLiteral("ContainerRuntimeUnhealthy: node: required");
        QTest::newRow("latency zero") << QByteArray("    nodes: [{name: a, count: 1, startLatency: 0s}]\n")
                                      << QStringLiteral("startLatency: the median must be more than 0");
        QTest::newRow("latency key") << QByteArray("    nodes: [{name: a, count: 1, startLatency: {medain: 1s}}]\n")
                                     << QStringLiteral("unknown key 'medain' (did you mean 'median'?)");
        QTest::newRow("latency sigma") << QByteArray(
            "    nodes: [{name: a, count: 1, startLatency: {median: 1s, sigma: 3}}]\n")
                                       << QStringLiteral("sigma: 3 is out of range [0, 2]");
        QTest::newRow("churn too short") << QByteArray("    workloads: [{name: w, image: x:1, churn: 2s}]\n")
                                         << QStringLiteral("churn: at least 10s");
        QTest::newRow("churn daemonset") << QByteArray(
            "    workloads: [{name: w, image: x:1, kind: DaemonSet, churn: 5m}]\n")
                                         << QStringLiteral("churn: a DaemonSet's pods are not replaced");
    }

    void scenarioMistakes()
    {
        QFETCH(QByteArray, cluster);
        QFETCH(QString, expected);
        const QStringList errors = problems(
            "clusters:\n  - name: f\n    team: t\n    environment: dev\n    kubernetesVersion: v1.29.4\n" + cluster);
        QVERIFY2(std::any_of(errors.cbegin(), errors.cend(), [&](const QString& e) { return e.contains(expected); }),
            qPrintable(errors.join(QLatin1Char('\n'))));
    }

    // containerRuntimeVersion and the kubeadm cri-socket annotation for every runtime case.
    void nodesNameTheirRuntimeAndSocket_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("runtimeVersion");
        QTest::addColumn<QString>("socket");
        QTest::newRow("dockershim") << u"v1.22.17"_qs << u"{runtime: docker, runtimeVersion: 20.10.24}"_qs
                                    << u"docker://20.10.24"_qs << u"/var/run/dockershim.sock"_qs;
        QTest::newRow("cri-dockerd") << u"v1.27.13"_qs << u"{runtime: docker, runtimeVersion: 24.0.9}"_qs
                                     << u"docker://24.0.9"_qs << u"unix:///var/run/cri-dockerd.sock"_qs;
        QTest::newRow("containerd 1.6") << u"v1.27.13"_qs << u"{kubeletVersion: v1.26.15}"_qs
                                        << u"containerd://1.6.28"_qs << u"unix:///run/containerd/containerd.sock"_qs;
        QTest::newRow("containerd 1.7") << u"v1.29.4"_qs << u"{}"_qs << u"containerd://1.7.13"_qs
                                        << u"unix:///run/containerd/containerd.sock"_qs;
        QTest::newRow("containerd 2.2") << u"v1.31.1"_qs << u"{runtimeVersion: 2.2.0}"_qs << u"containerd://2.2.0"_qs
                                        << u"unix:///run/containerd/containerd.sock"_qs;
        QTest::newRow("containerd 2.0 default")
            << u"v1.32.2"_qs << u"{}"_qs << u"containerd://2.0.5"_qs << u"unix:///run/containerd/containerd.sock"_qs;
        QTest::newRow("cri-o lagging") << u"v1.28.9"_qs << u"{runtime: cri-o, runtimeVersion: 1.27.4}"_qs
                                       << u"cri-o://1.27.4"_qs << u"unix:///var/run/crio/crio.sock"_qs;
        QTest::newRow("cri-o default") << u"v1.30.2"_qs << u"{runtime: cri-o}"_qs << u"cri-o://1.30.2"_qs
                                       << u"unix:///var/run/crio/crio.sock"_qs;
    }

    void nodesNameTheirRuntimeAndSocket()
    {
        QFETCH(QString, version);
        QFETCH(QString, group);
        QFETCH(QString, runtimeVersion);
        QFETCH(QString, socket);
        QString g = group;
        g.insert(1, QStringLiteral("name: n, count: 1") + (group == u"{}"_qs ? QString() : QStringLiteral(", ")));
        const ClusterSpec spec = parseCluster(QStringLiteral("clusters:\n  - {name: r, team: t, environment: dev, "
                                                             "kubernetesVersion: %1, nodes: [%2]}\n")
                                                  .arg(version, g)
                                                  .toUtf8());
        ClusterWorld world(spec, 1, Start);
        RecordingSink sink;
        world.seed(sink);
        const QJsonObject node = sink.object(QStringLiteral("nodes"), {}, QStringLiteral("r-n-01"));
        QCOMPARE(nodeInfo(node, "containerRuntimeVersion"), runtimeVersion);
        QCOMPARE(annotation(node, "kubeadm.alpha.kubernetes.io/cri-socket"), socket);
        // Pods' container ids use the runtime's scheme.
        for (const QJsonObject& pod : sink.objects(QStringLiteral("pods"))) {
            const QString id = firstContainer(pod).value(QLatin1String("containerID")).toString();
            if (!id.isEmpty())
                QVERIFY2(id.startsWith(runtimeVersion.section(u"://"_qs, 0, 0) + u"://"_qs), qPrintable(id));
        }
    }

    // node-problem-detector's conditions where it runs, and a ContainerRuntimeUnhealthy window.
    void problemDetectorConditions()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: npd
    team: t
    environment: prod
    kubernetesVersion: v1.29.4
    nodes:
      - {name: cp, count: 1, controlPlane: true}
      - {name: worker, count: 2, nodeProblemDetector: true}
      - {name: docker, count: 1, runtime: docker, nodeProblemDetector: true}
    faults:
      - {type: ContainerRuntimeUnhealthy, node: worker-02, at: 1m, duration: 2m}
      - {type: ContainerRuntimeUnhealthy, node: docker-01, at: 0s}
)");
        ClusterWorld world(spec, 1, Start);
        RecordingSink sink;
        world.seed(sink);
        const auto node
            = [&](const char* name) { return sink.object(QStringLiteral("nodes"), {}, QString::fromLatin1(name)); };
        // Not on the control plane: NPD runs only where its group says so.
        QVERIFY(condition(node("npd-cp-01"), QStringLiteral("KernelDeadlock")).isEmpty());
        QVERIFY(condition(node("npd-cp-01"), QStringLiteral("ContainerRuntimeUnhealthy")).isEmpty());
        const struct
        {
            const char* type;
            const char* reason;
            const char* message;
        } healthy[] = {
            { "KernelDeadlock", "KernelHasNoDeadlock", "kernel has no deadlock" },
            { "ReadonlyFilesystem", "FilesystemIsNotReadOnly", "Filesystem is not read-only" },
            { "FrequentKubeletRestart", "NoFrequentKubeletRestart", "kubelet is functioning properly" },
            { "FrequentDockerRestart", "NoFrequentDockerRestart", "docker is functioning properly" },
            { "FrequentContainerdRestart", "NoFrequentContainerdRestart", "containerd is functioning properly" },
            { "ContainerRuntimeUnhealthy", "ContainerRuntimeIsHealthy",
                "Container runtime on the node is functioning properly" },
        };
        for (const auto& h : healthy) {
            const QJsonObject c = condition(node("npd-worker-02"), QString::fromLatin1(h.type));
            QCOMPARE(c.value(QLatin1String("status")).toString(), QStringLiteral("False"));
            QCOMPARE(c.value(QLatin1String("reason")).toString(), QString::fromLatin1(h.reason));
            QCOMPARE(c.value(QLatin1String("message")).toString(), QString::fromLatin1(h.message));
            QVERIFY(seconds(c.value(QLatin1String("lastHeartbeatTime")).toString()) > 0);
            QVERIFY(seconds(c.value(QLatin1String("lastTransitionTime")).toString()) > 0);
        }
        // The kubelet's own conditions are still there, Ready last.
        QCOMPARE(condition(node("npd-worker-02"), QStringLiteral("Ready")).value(QLatin1String("status")).toString(),
            QStringLiteral("True"));
        // Open from the start on the docker node, with Docker's health checker wording.
        QJsonObject docker = condition(node("npd-docker-01"), QStringLiteral("ContainerRuntimeUnhealthy"));
        QCOMPARE(docker.value(QLatin1String("status")).toString(), QStringLiteral("True"));
        QCOMPARE(docker.value(QLatin1String("reason")).toString(), QStringLiteral("DockerUnhealthy"));

        run(world, sink, 61s);
        QJsonObject c = condition(node("npd-worker-02"), QStringLiteral("ContainerRuntimeUnhealthy"));
        QCOMPARE(c.value(QLatin1String("status")).toString(), QStringLiteral("True"));
        QCOMPARE(c.value(QLatin1String("reason")).toString(), QStringLiteral("ContainerdUnhealthy"));
        QCOMPARE(c.value(QLatin1String("message")).toString(),
            QStringLiteral("cri:containerd was found unhealthy; repair flag : true"));
        QCOMPARE(seconds(c.value(QLatin1String("lastTransitionTime")).toString()), Start.toSecsSinceEpoch() + 60);
        QCOMPARE(condition(node("npd-worker-01"), QStringLiteral("ContainerRuntimeUnhealthy"))
                     .value(QLatin1String("status"))
                     .toString(),
            QStringLiteral("False"));
        bool warned = false;
        for (const QJsonObject& e : sink.objects(QStringLiteral("events")))
            warned = warned
                || (e.value(QLatin1String("reason")).toString() == QLatin1String("ContainerdUnhealthy")
                    && e.value(QLatin1String("type")).toString() == QLatin1String("Warning")
                    && sub(e, "source").value(QLatin1String("component")).toString() == QLatin1String("health-checker")
                    && sub(e, "involvedObject").value(QLatin1String("name")).toString()
                        == QLatin1String("npd-worker-02"));
        QVERIFY(warned);

        run(world, sink, 2min);
        c = condition(node("npd-worker-02"), QStringLiteral("ContainerRuntimeUnhealthy"));
        QCOMPARE(c.value(QLatin1String("status")).toString(), QStringLiteral("False"));
        QCOMPARE(c.value(QLatin1String("reason")).toString(), QStringLiteral("ContainerRuntimeIsHealthy"));
        QCOMPARE(seconds(c.value(QLatin1String("lastTransitionTime")).toString()), Start.toSecsSinceEpoch() + 180);
        docker = condition(node("npd-docker-01"), QStringLiteral("ContainerRuntimeUnhealthy"));
        QCOMPARE(docker.value(QLatin1String("status")).toString(), QStringLiteral("True"));
    }

    // A RuntimeClass whose nodeSelector matches no node: its pods never schedule.
    void unmatchedRuntimeClassStaysPending()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: rc
    team: t
    environment: stg
    kubernetesVersion: v1.30.2
    nodes:
      - {name: cp, count: 1, controlPlane: true}
      - {name: worker, count: 2}
    runtimeClasses:
      - {name: kata, handler: kata-qemu, nodeSelector: {katacontainers.io/kata-runtime: "true"}}
    workloads:
      - {name: sandboxed, namespace: ci, replicas: 2, image: registry.example.com/ci/runner:1.0, runtimeClass: kata}
)");
        ClusterWorld world(spec, 1, Start);
        RecordingSink sink;
        world.seed(sink);
        run(world, sink, 10min, 5s);
        const QString expected = QStringLiteral(
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 "
            "node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is "
            "not helpful for scheduling.");
        int pending = 0;
        for (const QJsonObject& pod : sink.objects(QStringLiteral("pods"))) {
            if (sub(pod, "metadata").value(QLatin1String("namespace")).toString() != QLatin1String("ci"))
                continue;
            ++pending;
            QCOMPARE(sub(pod, "status").value(QLatin1String("phase")).toString(), QStringLiteral("Pending"));
            QVERIFY(!sub(pod, "spec").contains(QLatin1String("nodeName")));
            QCOMPARE(sub(pod, "spec").value(QLatin1String("runtimeClassName")).toString(), QStringLiteral("kata"));
            QCOMPARE(
                sub(sub(pod, "spec"), "nodeSelector").value(QLatin1String("katacontainers.io/kata-runtime")).toString(),
                QStringLiteral("true"));
            const QJsonObject scheduled = condition(pod, QStringLiteral("PodScheduled"));
            QCOMPARE(scheduled.value(QLatin1String("status")).toString(), QStringLiteral("False"));
            QCOMPARE(scheduled.value(QLatin1String("reason")).toString(), QStringLiteral("Unschedulable"));
            QCOMPARE(scheduled.value(QLatin1String("message")).toString(), expected);
        }
        QCOMPARE(pending, 2);
        bool failed = false;
        for (const QJsonObject& e : sink.objects(QStringLiteral("events")))
            failed = failed
                || (e.value(QLatin1String("reason")).toString() == QLatin1String("FailedScheduling")
                    && e.value(QLatin1String("message")).toString() == expected);
        QVERIFY(failed);
    }

    // Every started pod's timestamps: PodScheduled ≤ Initialized ≤ PodReadyToStartContainers ≤
    // startedAt ≤ ContainersReady = Ready, the readiness probe's delay after the start.
    void startedPodsCarryTheirTimeline()
    {
        const ClusterSpec spec = parseCluster(R"(clusters:
  - name: tl
    team: t
    environment: dev
    kubernetesVersion: v1.30.2
    systemWorkloads: false
    nodes: [{name: worker, count: 3}]
    workloads:
      - name: web
        namespace: shop
        replicas: 6
        image: registry.example.com/shop/web:1.0
        port: 8080
        churn: 1m
        probes: {readiness: {httpGet: /ready, initialDelaySeconds: 5, periodSeconds: 5}}
)");
        ClusterWorld world(spec, 7, Start);
        RecordingSink sink;
        world.seed(sink);
        run(world, sink, 5min, 200ms);
        int fresh = 0;
        bool sawUnbound = false;
        QSet<QString> bound;
        for (const RecordingSink::Call& call : sink.calls()) {
            if (!call.put || call.resource != QLatin1String("pods"))
                continue;
            const QJsonObject& pod = call.object;
            const qint64 created = seconds(sub(pod, "metadata").value(QLatin1String("creationTimestamp")).toString());
            if (created < Start.toSecsSinceEpoch())
                continue;
            // Just created: no node and no conditions until the scheduler's binding is written.
            if (!sub(pod, "spec").contains(QLatin1String("nodeName"))) {
                QVERIFY(!bound.contains(call.name));
                QVERIFY(sub(pod, "status").value(QLatin1String("conditions")).toArray().isEmpty());
                sawUnbound = true;
                continue;
            }
            bound.insert(call.name);
            if (measuredStart(pod) < 0
                || condition(pod, QStringLiteral("Ready")).value(QLatin1String("status")).toString() != u"True"_qs)
                continue;
            ++fresh;
            const auto at = [&](const char* type) {
                return seconds(
                    condition(pod, QString::fromLatin1(type)).value(QLatin1String("lastTransitionTime")).toString());
            };
            const qint64 started = seconds(
                sub(sub(firstContainer(pod), "state"), "running").value(QLatin1String("startedAt")).toString());
            QVERIFY(created <= at("PodScheduled"));
            QVERIFY(at("PodScheduled") <= at("Initialized"));
            QVERIFY(at("Initialized") <= at("PodReadyToStartContainers"));
            QVERIFY(at("PodReadyToStartContainers") <= started);
            QCOMPARE(at("ContainersReady"), at("Ready"));
            QVERIFY2(at("Ready") - started >= 5, qPrintable(call.name));
            QVERIFY(sub(pod, "status").value(QLatin1String("startTime")).toString()
                == condition(pod, QStringLiteral("PodScheduled"))
                       .value(QLatin1String("lastTransitionTime"))
                       .toString());
        }
        QVERIFY(sawUnbound);
        QVERIFY2(fresh >= 20, qPrintable(QString::number(fresh)));
    }

    // The measured start latency follows each runtime's distribution: in the first snapshot
    // (pods that started before the world began) and for pods started while it runs.
    void startLatencyPerRuntime_data()
    {
        QTest::addColumn<QString>("runtime");
        QTest::addColumn<QString>("handler");
        QTest::addColumn<QString>("poolLatency");
        QTest::addColumn<QString>("classLatency");
        QTest::addColumn<double>("median"); // seconds
        QTest::addColumn<double>("sigma");
        QTest::newRow("containerd/runc") << u"containerd"_qs << QString() << QString() << QString() << 1.0 << 0.35;
        QTest::newRow("cri-o") << u"cri-o"_qs << QString() << QString() << QString() << 1.3 << 0.35;
        QTest::newRow("docker") << u"docker"_qs << QString() << QString() << QString() << 2.0 << 0.4;
        QTest::newRow("gvisor") << u"containerd"_qs << u"runsc"_qs << QString() << QString() << 2.5 << 0.4;
        QTest::newRow("kata") << u"containerd"_qs << u"kata-qemu"_qs << QString() << QString() << 4.0 << 0.45;
        QTest::newRow("pool override") << u"containerd"_qs << QString() << u"{median: 3s, sigma: 0.2}"_qs << QString()
                                       << 3.0 << 0.2;
        // The class decides for sandboxed pods; the pool's setting is for its runc pods.
        QTest::newRow("class override") << u"containerd"_qs << u"kata-clh"_qs << u"3s"_qs << u"6s"_qs << 6.0 << 0.45;
    }

    void startLatencyPerRuntime()
    {
        QFETCH(QString, runtime);
        QFETCH(QString, handler);
        QFETCH(QString, poolLatency);
        QFETCH(QString, classLatency);
        QFETCH(double, median);
        QFETCH(double, sigma);
        ClusterWorld world(parseCluster(latencyScenario(runtime, handler, poolLatency, classLatency)), 11, Start);
        RecordingSink sink;
        world.seed(sink);
        QList<qint64> initial;
        for (const QJsonObject& pod : sink.objects(QStringLiteral("pods")))
            if (const qint64 s = measuredStart(pod); s >= 0)
                initial.append(s);
        sink.clearCalls();
        run(world, sink, 4min);
        QHash<QString, qint64> later; // by pod name: each start once
        for (const RecordingSink::Call& call : sink.calls())
            if (call.put && call.resource == QLatin1String("pods")
                && seconds(sub(call.object, "metadata").value(QLatin1String("creationTimestamp")).toString())
                    >= Start.toSecsSinceEpoch())
                if (const qint64 s = measuredStart(call.object); s >= 0)
                    later.insert(call.name, s);

        // Whole-second timestamps measure floor(frac(t0) + latency); with the binding's second
        // fraction spread evenly, the mean of the measurements is the latency's mean.
        const double mean = median * std::exp(sigma * sigma / 2);
        for (const Stats& s : { stats(initial), stats(later.values()) }) {
            QVERIFY2(s.count >= 250, qPrintable(QString::number(s.count)));
            QVERIFY2(std::abs(s.mean - mean) <= 0.08 * mean + 0.05,
                qPrintable(
                    QStringLiteral("mean %1 s over %2 starts, expected %3 s").arg(s.mean).arg(s.count).arg(mean)));
            QVERIFY2(std::abs(s.median - median) <= 1.0,
                qPrintable(QStringLiteral("median %1 s, expected about %2 s").arg(s.median).arg(median)));
        }
        // A long tail: some starts take over 1.6 times the median.
        const QList<qint64> all = initial + later.values();
        const qsizetype slow
            = std::count_if(all.cbegin(), all.cend(), [&](qint64 s) { return double(s) >= 1.6 * median; });
        QVERIFY2(slow >= 3, qPrintable(QString::number(slow)));
    }

    void runtimesOrderAsDocumented()
    {
        // Same app, same seed: containerd < CRI-O < Docker < gVisor < Kata.
        const auto mean = [](const QString& runtime, const QString& handler) {
            ClusterWorld world(parseCluster(latencyScenario(runtime, handler)), 5, Start);
            RecordingSink sink;
            world.seed(sink);
            QList<qint64> values;
            for (const QJsonObject& pod : sink.objects(QStringLiteral("pods")))
                if (const qint64 s = measuredStart(pod); s >= 0)
                    values.append(s);
            return stats(values).mean;
        };
        const QList<double> means { mean(u"containerd"_qs, {}), mean(u"cri-o"_qs, {}), mean(u"docker"_qs, {}),
            mean(u"containerd"_qs, u"runsc"_qs), mean(u"containerd"_qs, u"kata"_qs) };
        for (qsizetype i = 1; i < means.size(); ++i)
            QVERIFY2(means.at(i - 1) < means.at(i),
                qPrintable(QStringLiteral("%1 !< %2").arg(means.at(i - 1)).arg(means.at(i))));
    }

    // The demo fleet carries each runtime case on the cluster docs/scenario.md names.
    void demoRuntimeCases()
    {
        const auto loaded = Scenario::load(QStringLiteral(MINATO_DEMO_SCENARIO));
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().detail));
        QHash<QString, ClusterSpec> clusters;
        for (const ClusterSpec& c : loaded->clusters)
            clusters.insert(c.name, c);
        const auto seeded = [&](const char* name, RecordingSink& sink) {
            ClusterWorld world(clusters.value(QString::fromLatin1(name)), loaded->seed, Start);
            world.seed(sink);
        };
        const auto node = [](const RecordingSink& sink, const char* name) {
            return sink.object(QStringLiteral("nodes"), {}, QString::fromLatin1(name));
        };

        RecordingSink legacy;
        seeded("data-legacy", legacy);
        QCOMPARE(nodeInfo(node(legacy, "data-legacy-node-01"), "containerRuntimeVersion"), u"docker://20.10.24"_qs);
        QCOMPARE(nodeInfo(node(legacy, "data-legacy-node-01"), "kubeletVersion"), u"v1.22.17"_qs);
        QCOMPARE(annotation(node(legacy, "data-legacy-node-01"), "kubeadm.alpha.kubernetes.io/cri-socket"),
            u"/var/run/dockershim.sock"_qs);

        RecordingSink dev;
        seeded("search-dev", dev);
        QCOMPARE(nodeInfo(node(dev, "search-dev-docker-01"), "containerRuntimeVersion"), u"docker://24.0.9"_qs);
        QCOMPARE(annotation(node(dev, "search-dev-docker-01"), "kubeadm.alpha.kubernetes.io/cri-socket"),
            u"unix:///var/run/cri-dockerd.sock"_qs);

        // containerd 1.6, 1.7, 2.0, 2.1 and 2.2 across the fleet.
        QSet<QString> containerd;
        for (const ClusterSpec& c : loaded->clusters) {
            RecordingSink sink;
            ClusterWorld world(c, loaded->seed, Start);
            world.seed(sink);
            for (const QJsonObject& n : sink.objects(QStringLiteral("nodes"))) {
                const QString v = nodeInfo(n, "containerRuntimeVersion");
                if (v.startsWith(u"containerd://"_qs)) {
                    containerd.insert(v.mid(13).section(QLatin1Char('.'), 0, 1));
                    QCOMPARE(annotation(n, "kubeadm.alpha.kubernetes.io/cri-socket"),
                        u"unix:///run/containerd/containerd.sock"_qs);
                }
            }
        }
        for (const char* minor : { "1.6", "1.7", "2.0", "2.1", "2.2" })
            QVERIFY2(containerd.contains(QString::fromLatin1(minor)), minor);

        RecordingSink crio;
        seeded("search-stg-us1", crio);
        QCOMPARE(nodeInfo(node(crio, "search-stg-us1-batch-01"), "containerRuntimeVersion"), u"cri-o://1.27.4"_qs);
        QCOMPARE(nodeInfo(node(crio, "search-stg-us1-batch-01"), "kubeletVersion"), u"v1.28.9"_qs);
        QCOMPARE(nodeInfo(node(crio, "search-stg-us1-worker-01"), "containerRuntimeVersion"), u"cri-o://1.28.2"_qs);

        RecordingSink data;
        seeded("data-prod-eu2", data);
        QCOMPARE(nodeInfo(node(data, "data-prod-eu2-worker-legacy-01"), "kubeletVersion"), u"v1.26.15"_qs);
        QVERIFY(!condition(node(data, "data-prod-eu2-worker-01"), u"KernelDeadlock"_qs).isEmpty());
        QVERIFY(condition(node(data, "data-prod-eu2-cp-01"), u"KernelDeadlock"_qs).isEmpty());

        RecordingSink mobile;
        seeded("mobile-prod-ap1", mobile);
        const QJsonObject unhealthy
            = condition(node(mobile, "mobile-prod-ap1-worker-04"), u"ContainerRuntimeUnhealthy"_qs);
        QCOMPARE(unhealthy.value(QLatin1String("status")).toString(), u"True"_qs);
        QCOMPARE(unhealthy.value(QLatin1String("reason")).toString(), u"ContainerdUnhealthy"_qs);
        QCOMPARE(condition(node(mobile, "mobile-prod-ap1-worker-01"), u"ContainerRuntimeUnhealthy"_qs)
                     .value(QLatin1String("status"))
                     .toString(),
            u"False"_qs);

        RecordingSink stg;
        seeded("platform-stg", stg);
        int pending = 0;
        for (const QJsonObject& pod : stg.objects(QStringLiteral("pods"))) {
            if (sub(pod, "spec").value(QLatin1String("runtimeClassName")).toString() != QLatin1String("gvisor"))
                continue;
            ++pending;
            QCOMPARE(condition(pod, u"PodScheduled"_qs).value(QLatin1String("message")).toString(),
                u"0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes "
                u"are available: 3 Preemption is not helpful for scheduling."_qs);
        }
        QCOMPARE(pending, 2);

        // Kata on pay-prod-eu1 and gVisor on platform-prod run, on the nodes that have them.
        for (const auto& [cluster, handlerLabel] : { std::pair { "pay-prod-eu1", "katacontainers.io/kata-runtime" },
                 std::pair { "platform-prod", "sandbox.gke.io/runtime" } }) {
            RecordingSink sink;
            seeded(cluster, sink);
            int running = 0;
            for (const QJsonObject& pod : sink.objects(QStringLiteral("pods"))) {
                if (sub(pod, "spec").value(QLatin1String("runtimeClassName")).toString().isEmpty())
                    continue;
                QCOMPARE(sub(pod, "status").value(QLatin1String("phase")).toString(), u"Running"_qs);
                const QJsonObject n
                    = node(sink, qPrintable(sub(pod, "spec").value(QLatin1String("nodeName")).toString()));
                QVERIFY(sub(sub(n, "metadata"), "labels").contains(QLatin1String(handlerLabel)));
                ++running;
            }
            QVERIFY2(running >= 2, cluster);
        }
    }
};

QTEST_GUILESS_MAIN(TestSimRuntimeHealth)
#include "tst_simruntimehealth.moc"
