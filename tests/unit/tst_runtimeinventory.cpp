// SPDX-License-Identifier: Apache-2.0
// One cluster's runtimes from real objects decoded as the engine decodes them: k9s' minikube
// node (docker 18.9.8 with the dockershim socket), a cri-o control plane, a k3s containerd node
// and an old docker node, against a 1.28 API server; RuntimeClasses with and without nodes;
// pods failing for runtime reasons and a sandbox event; the start latency of k9s' nginx pod.
#include "analysis/runtimefailures.h"
#include "analysis/runtimeinventory.h"
#include "analysis/runtimesreport.h"
#include "analysis/runtimestarts.h"
#include "findingfixtures.h"
#include "objectfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace minato;
using namespace minato::analysis;
using namespace Qt::StringLiterals;

namespace {

QJsonObject object(const QString& fixture)
{
    return QJsonDocument::fromJson(readFixture(fixture)).object();
}

QJsonObject withMeta(QJsonObject o, const QString& key, const QJsonValue& value)
{
    QJsonObject meta = o.value(u"metadata").toObject();
    meta.insert(key, value);
    o.insert(u"metadata"_s, meta);
    return o;
}

QJsonObject withSpec(QJsonObject o, const QString& key, const QJsonValue& value)
{
    QJsonObject spec = o.value(u"spec").toObject();
    spec.insert(key, value);
    o.insert(u"spec"_s, spec);
    return o;
}

fleet::ClusterFacts facts()
{
    fleet::ClusterFacts f;
    f.name = u"edge-prod"_s;
    f.team = u"edge"_s;
    f.environment = u"prod"_s;
    f.serverVersion.gitVersion = u"v1.28.7"_s;
    f.serverVersion.major = 1;
    f.serverVersion.minor = 28;
    f.status.state = fleet::SessionState::Live;
    return f;
}

const RuntimeNode* node(const ClusterRuntimes& c, const QString& name)
{
    for (const RuntimeNode& n : c.nodes)
        if (n.name == name)
            return &n;
    return nullptr;
}

const RuntimeClassRow* runtimeClass(const ClusterRuntimes& c, const QString& name)
{
    for (const RuntimeClassRow& r : c.classes)
        if (r.name == name)
            return &r;
    return nullptr;
}

} // namespace

class TestRuntimeInventory : public QObject
{
    Q_OBJECT

    fleet::ClusterStore m_store;

    void add(findingfixtures::StoreFeeder& feeder, const QJsonObject& o)
    {
        QString error;
        QVERIFY2(feeder.add(QJsonDocument(o).toJson(), &error), qPrintable(error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        findingfixtures::StoreFeeder feeder;
        add(feeder, object(u"upstream:k9s/render-testdata/no.json"_s));
        add(feeder, object(u"node_crio.json"_s));
        QJsonObject edge = object(u"node_flannel.json"_s);
        QJsonObject labels = edge.value(u"metadata").toObject().value(u"labels").toObject();
        labels.insert(u"sandbox.gke.io/runtime"_s, u"gvisor"_s);
        add(feeder, withMeta(edge, u"labels"_s, labels));
        add(feeder, object(u"node_docker_legacy.json"_s));

        add(feeder, object(u"runtimeclass_gvisor.json"_s));
        QJsonObject kata = object(u"runtimeclass_gvisor.json"_s);
        kata.insert(u"handler"_s, u"kata-qemu"_s);
        kata.insert(u"scheduling"_s,
            QJsonObject { { u"nodeSelector"_s, QJsonObject { { u"katacontainers.io/kata-runtime"_s, u"true"_s } } } });
        kata = withMeta(kata, u"name"_s, u"kata"_s);
        add(feeder, withMeta(kata, u"uid"_s, u"1c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f"_s));

        add(feeder, object(u"upstream:k9s/render-testdata/po.json"_s)); // on minikube, started after 1 s
        // A pod that wants kata: no node has the label, the scheduler leaves it Pending.
        QJsonObject waiting = object(u"pod_imagepullbackoff.json"_s);
        waiting = withSpec(withSpec(waiting, u"runtimeClassName"_s, u"kata"_s), u"nodeName"_s, QJsonValue());
        waiting.insert(u"status"_s, QJsonObject { { u"phase"_s, u"Pending"_s } });
        add(feeder, withMeta(withMeta(waiting, u"name"_s, u"sandboxed-0"_s), u"uid"_s, u"3b6f3c1e-8a4d-4f5b-9c2e-7d1a0b3c4e5f"_s));
        add(feeder, withSpec(object(u"pod_oomkilled.json"_s), u"nodeName"_s, u"edge-2"_s));
        add(feeder, withSpec(object(u"pod_createconfigerror.json"_s), u"nodeName"_s, u"cp-1"_s));

        // The kubelet could not create the OOM-killed pod's sandbox, 6 times in the last hour.
        QJsonObject sandbox = object(u"event_core_hpa.json"_s);
        const QJsonObject oom = object(u"pod_oomkilled.json"_s);
        sandbox.insert(u"reason"_s, u"FailedCreatePodSandBox"_s);
        sandbox.insert(u"count"_s, 6);
        sandbox.insert(u"message"_s, u"Failed to create pod sandbox: rpc error: code = Unknown"_s);
        sandbox.insert(u"involvedObject"_s,
            QJsonObject { { u"kind"_s, u"Pod"_s }, { u"name"_s, oom[u"metadata"_s][u"name"_s] },
                { u"namespace"_s, oom[u"metadata"_s][u"namespace"_s] } });
        sandbox.insert(u"lastTimestamp"_s, u"2024-05-02T10:29:30Z"_s);
        add(feeder, sandbox);
        feeder.applyTo(m_store);
    }

    void nodesAndVerdicts()
    {
        const ClusterRuntimes c = ClusterRuntimes::of(facts(), m_store, QDate(2026, 12, 7));
        QCOMPARE(c.nodes.size(), 4);
        QVERIFY(c.isMixed());

        const RuntimeNode* minikube = node(c, u"minikube"_s);
        QVERIFY(minikube);
        QCOMPARE(minikube->runtime, u"docker"_s);
        QCOMPARE(minikube->runtimeVersion, u"18.9.8"_s);
        QCOMPARE(minikube->criSocket, u"/var/run/dockershim.sock"_s);
        QCOMPARE(minikube->kubelet.level, SupportLevel::Unsupported); // 1.15 under 1.28
        QCOMPARE(minikube->support.level, SupportLevel::Unsupported); // dockershim under a 1.24+ server
        QVERIFY(minikube->support.reason.contains(u"dockershim"_s));

        const RuntimeNode* crio = node(c, u"cp-1"_s);
        QCOMPARE(crio->runtime, u"cri-o"_s);
        QCOMPARE(crio->support.level, SupportLevel::Supported);
        QCOMPARE(crio->worst().level, SupportLevel::Supported);

        const RuntimeNode* k3s = node(c, u"edge-2"_s);
        QCOMPARE(k3s->kubelet.level, SupportLevel::Unsupported); // 1.29 is newer than the server
        QCOMPARE(k3s->support.level, SupportLevel::Unsupported); // containerd 1.7 past 2026-03-10
        QCOMPARE(k3s->runtimeClasses, QStringList { u"gvisor"_s });

        // The matrix: one cell per runtime and version, sorted.
        QStringList cells;
        for (const RuntimeGroup& g : c.groups)
            cells << u"%1 %2 %3 %4"_s.arg(g.runtime, g.runtimeVersion).arg(g.nodes.size()).arg(supportLevelName(g.worst));
        QCOMPARE(cells,
            (QStringList { u"containerd 1.7.11-k3s2 1 unsupported"_s, u"cri-o 1.28.4-5.rhaos4.15.git1a2b3c4.el9 1 supported"_s,
                u"docker 18.9.8 1 unsupported"_s, u"docker 20.10.21 1 unsupported"_s }));
    }

    void runtimeClasses()
    {
        const ClusterRuntimes c = ClusterRuntimes::of(facts(), m_store, QDate(2026, 12, 7));
        QCOMPARE(c.classes.size(), 2);
        const RuntimeClassRow* gvisor = runtimeClass(c, u"gvisor"_s);
        QCOMPARE(gvisor->family, u"gVisor"_s);
        QCOMPARE(gvisor->nodes, QStringList { u"edge-2"_s });
        QCOMPARE(gvisor->overheadCpuMilli, 250);
        QCOMPARE(gvisor->tolerations, 1);
        QCOMPARE(gvisor->verdict.level, SupportLevel::Supported);
        const RuntimeClassRow* kata = runtimeClass(c, u"kata"_s);
        QCOMPARE(kata->family, u"Kata Containers"_s);
        QVERIFY(kata->nodes.isEmpty());
        QCOMPARE(kata->pods, 1);
        QCOMPARE(kata->pendingPods, 1);
        QCOMPARE(kata->verdict.level, SupportLevel::Unsupported);
        QVERIFY2(kata->verdict.reason.contains(u"katacontainers.io/kata-runtime=true"_s), qPrintable(kata->verdict.reason));
        QVERIFY(isSandboxedHandler(u"runsc") && isSandboxedHandler(u"kata-fc") && !isSandboxedHandler(u"runc"));
    }

    void failuresByRuntime()
    {
        const qint64 now = epochOf("2024-05-02T10:30:00Z");
        const QList<RuntimeFailureGroup> groups = runtimeFailures(m_store, now, 3600);
        QCOMPARE(groups.size(), 2);
        // By runtime: containerd's OOM kill and sandbox failures, cri-o's config error.
        const RuntimeFailureGroup& containerd = groups.at(0);
        QCOMPARE(containerd.runtime, u"containerd"_s);
        QCOMPARE(containerd.podsByReason.value(u"OOMKilled"_s), 1);
        QCOMPARE(containerd.eventsByReason.value(u"FailedCreatePodSandBox"_s), 6);
        QCOMPARE(containerd.eventsPerHour, 6.0);
        const RuntimeFailureGroup& crio = groups.at(1);
        QCOMPARE(crio.runtime, u"cri-o"_s);
        QCOMPARE(crio.podsByReason.value(u"CreateContainerConfigError"_s), 1);
        QCOMPARE(crio.failingPods(), 1);
        // Out of the window, the event no longer counts.
        QVERIFY(runtimeFailures(m_store, now + 7200, 3600).at(0).eventsByReason.isEmpty());
    }

    void startLatency()
    {
        const QList<PodStart> starts = podStarts(m_store);
        QCOMPARE(starts.size(), 1); // only nginx started without restarts and without init containers
        QCOMPARE(starts.first().pod, u"default/nginx"_s);
        QCOMPARE(starts.first().runtime, u"docker"_s);
        QCOMPARE(starts.first().seconds, 1.0);
        QVERIFY(podStarts(m_store, epochOf("2024-01-01T00:00:00Z")).isEmpty()); // scheduled in 2019

        const LatencyDistribution d = LatencyDistribution::of({ 5, 1, 2, 3, 4, 6, 7, 8, 9, 10 });
        QCOMPARE(d.count, 10);
        QCOMPARE(d.median, 5.0);
        QCOMPARE(d.p90, 9.0);
        QCOMPARE(d.p99, 10.0);
        QVERIFY(std::isnan(LatencyDistribution::of({}).median));

        const QList<StartLatencyGroup> groups = groupStarts({ { u"a"_s, {}, u"containerd"_s, u"1.7"_s, {}, 0, 1.0 },
            { u"b"_s, {}, u"containerd"_s, u"1.7"_s, u"gvisor"_s, 0, 3.0 },
            { u"c"_s, {}, u"containerd"_s, u"1.7"_s, {}, 0, 2.0 } });
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups.at(0).runtimeClass, QString());
        QCOMPARE(groups.at(0).latency.count, 2);
        QCOMPARE(groups.at(1).runtimeClass, u"gvisor"_s);
    }

    void reportRendersEverySection()
    {
        analysis::ReportCluster cluster { facts(), &m_store };
        const RuntimesReport report = RuntimesReport::build({ cluster }, epochOf("2024-05-02T10:30:00Z"), 3600);
        const QString table = RuntimesRenderer::table(report);
        QVERIFY2(table.contains(u"edge-prod (mixed)"_s), qPrintable(table));
        QVERIFY(table.contains(u"Nodes to look at"_s));
        QVERIFY(table.contains(u"RuntimeClasses"_s));
        QVERIFY(table.contains(u"Runtime failures"_s));
        QVERIFY(table.contains(u"FailedCreatePodSandBox 6"_s));
        QVERIFY(table.contains(u"Pod start latency"_s));
        const QJsonObject doc = RuntimesRenderer::document(report);
        const QJsonObject first = doc[u"clusters"_s].toArray().first().toObject();
        QCOMPARE(first[u"mixedRuntimes"_s].toBool(), true);
        QCOMPARE(first[u"runtimeClasses"_s].toArray().size(), 2);
        QCOMPARE(doc[u"startLatency"_s].toArray().first().toObject()[u"medianSeconds"_s].toDouble(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestRuntimeInventory)
#include "tst_runtimeinventory.moc"
