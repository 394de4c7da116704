// SPDX-License-Identifier: Apache-2.0
// Discovery (decoding and the request sequence of ClusterDiscovery) and what WatchPlan makes
// of its result: newest served versions, events.k8s.io before core events, optional Calico.
#include "fleet/watchplan.h"
#include "kube/clusterdiscovery.h"
#include "kube/discoverydecoder.h"

#include "faketransport.h"
#include "testkinds.h"

#include <QSignalSpy>
#include <QTest>

using namespace minato;
using namespace minato::fleet;
using namespace minato::kube;
using namespace Qt::StringLiterals;

namespace {

ApiGroupInfo group(const QString& name, const QStringList& versions)
{
    return { name, versions, versions.value(0) };
}

QList<ApiResourceInfo> resources(const QStringList& plurals)
{
    QList<ApiResourceInfo> out;
    for (const QString& plural : plurals)
        out.append({ plural, u"X"_s, true, { u"list"_s, u"watch"_s }, {}, {} });
    return out;
}

DiscoveryResult baseline()
{
    DiscoveryResult d;
    d.groups
        = { group({}, { u"v1"_s }), group(u"apps"_s, { u"v1"_s }), group(u"apiregistration.k8s.io"_s, { u"v1"_s }) };
    d.resources.insert(u"v1"_s,
        resources(
            { u"namespaces"_s, u"nodes"_s, u"pods"_s, u"events"_s, u"persistentvolumeclaims"_s, u"configmaps"_s }));
    d.resources.insert(
        u"apps/v1"_s, resources({ u"deployments"_s, u"statefulsets"_s, u"daemonsets"_s, u"replicasets"_s }));
    d.resources.insert(u"apiregistration.k8s.io/v1"_s, resources({ u"apiservices"_s }));
    return d;
}

} // namespace

class TestWatchPlan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesDiscoveryDocuments()
    {
        const DiscoveryPayload version = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::Version,
            R"({"major":"1","minor":"27+","gitVersion":"v1.27.8-eks-8cb36c9","platform":"linux/amd64"})");
        QVERIFY(!version.error);
        QCOMPARE(version.version.minor, 27);
        QCOMPARE(version.version.gitVersion, u"v1.27.8-eks-8cb36c9"_s);

        // major/minor empty (some distributions): gitVersion still says it.
        const DiscoveryPayload bare
            = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::Version, R"({"gitVersion":"v1.30.2+k3s1"})");
        QCOMPARE(bare.version.major, 1);
        QCOMPARE(bare.version.minor, 30);

        const DiscoveryPayload groups = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::GroupList,
            R"({"kind":"APIGroupList","groups":[{"name":"autoscaling","versions":[{"groupVersion":"autoscaling/v2",)"
            R"("version":"v2"},{"groupVersion":"autoscaling/v1","version":"v1"}],"preferredVersion":{"version":"v2"}}]})");
        QCOMPARE(groups.groups.size(), 1);
        QCOMPARE(groups.groups.first().versions, (QStringList { u"v2"_s, u"v1"_s }));

        const DiscoveryPayload list = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::ResourceList,
            R"({"groupVersion":"v1","resources":[{"name":"pods","kind":"Pod","namespaced":true,"verbs":["get","list"]},)"
            R"({"name":"pods/status","kind":"Pod","namespaced":true,"verbs":["get"]}]})");
        QCOMPARE(list.resources.size(), 1); // subresources are left out
        QVERIFY(list.resources.first().supports(u"list"));

        const DiscoveryPayload broken = DiscoveryDecoder::decode(DiscoveryDecoder::Mode::GroupList, "<html>");
        QVERIFY(broken.error);
        QCOMPARE(broken.error->kind, ErrorKind::Parse);
    }

    // /api and /apis first, then only the wanted group-versions, the newest served one each.
    void discoveryAsksOnlyForWhatItNeeds()
    {
        FakeTransport transport;
        ClusterDiscovery discovery(&transport);
        QSignalSpy finished(&discovery, &ClusterDiscovery::finished);
        discovery.start(u"alpha"_s,
            { { {}, { u"v1"_s } }, { u"autoscaling"_s, { u"v2"_s, u"v2beta2"_s, u"v1"_s } },
                { u"crd.projectcalico.org"_s, { u"v1"_s } }, { u"metrics.k8s.io"_s, { u"v1beta1"_s } } });
        QCOMPARE(transport.submitted.size(), 2);
        transport.reply(transport.open(u"/api"_s)->id, R"({"versions":["v1"]})");
        transport.reply(transport.open(u"/apis"_s)->id,
            R"({"groups":[{"name":"autoscaling","versions":[{"version":"v2beta2"},{"version":"v1"}]},)"
            R"({"name":"metrics.k8s.io","versions":[{"version":"v1beta1"}]}]})");
        // No Calico on this cluster; autoscaling is an old one without v2.
        QStringList paths;
        for (int i = 2; i < transport.submitted.size(); ++i)
            paths << transport.submitted.at(i).request.path;
        paths.sort();
        QCOMPARE(
            paths, (QStringList { u"/api/v1"_s, u"/apis/autoscaling/v2beta2"_s, u"/apis/metrics.k8s.io/v1beta1"_s }));
        transport.reply(transport.open(u"/api/v1"_s)->id, R"({"groupVersion":"v1","resources":[{"name":"pods"}]})");
        transport.reply(transport.open(u"/apis/autoscaling/v2beta2"_s)->id,
            R"({"groupVersion":"autoscaling/v2beta2","resources":[{"name":"horizontalpodautoscalers"}]})");
        QVERIFY(finished.isEmpty());
        // metrics-server is down: its resource list fails, discovery as a whole does not.
        transport.fail(
            transport.open(u"/apis/metrics.k8s.io/v1beta1"_s)->id, FakeTransport::error(ErrorKind::Server, 503));
        QCOMPARE(finished.size(), 1);
        const auto result = finished.first().at(0).value<DiscoveryResult>();
        QCOMPARE(result.groups.first().name, QString());
        QVERIFY(result.resource(u"autoscaling"_s, u"v2beta2"_s, u"horizontalpodautoscalers"_s));
        QVERIFY(result.failures.contains(u"metrics.k8s.io/v1beta1"_s));
    }

    void rootFailureFailsDiscovery()
    {
        FakeTransport transport;
        ClusterDiscovery discovery(&transport);
        QSignalSpy failed(&discovery, &ClusterDiscovery::failed);
        discovery.start(u"alpha"_s, { { {}, { u"v1"_s } } });
        transport.fail(transport.open(u"/apis"_s)->id, FakeTransport::error(ErrorKind::Unauthorized, 401));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().at(0).value<KubeError>().kind, ErrorKind::Unauthorized);
        QCOMPARE(transport.openCount(), 0); // /api cancelled with it
    }

    void planUsesTheNewestServedVersions()
    {
        DiscoveryResult d = baseline();
        d.groups.append(group(u"autoscaling"_s, { u"v2"_s, u"v1"_s }));
        d.resources.insert(u"autoscaling/v2"_s, resources({ u"horizontalpodautoscalers"_s }));
        d.groups.append(group(u"events.k8s.io"_s, { u"v1"_s }));
        d.resources.insert(u"events.k8s.io/v1"_s, resources({ u"events"_s }));
        const WatchPlan plan = WatchPlan::fromDiscovery(testCatalog(), d, u"alpha"_s);
        QCOMPARE(plan.groupVersions.value(WatchedKind::HorizontalPodAutoscalers), u"autoscaling/v2"_s);
        QCOMPARE(plan.groupVersions.value(WatchedKind::Events), u"events.k8s.io/v1"_s);
        QVERIFY(plan.missing.isEmpty());
        QStringList paths;
        for (const ReflectorTarget& t : plan.targets)
            paths << t.path;
        QVERIFY(paths.contains(u"/apis/autoscaling/v2/horizontalpodautoscalers"_s));
        QVERIFY(paths.contains(u"/apis/events.k8s.io/v1/events"_s));
        QVERIFY(!paths.contains(u"/api/v1/events"_s));
        // ConfigMaps only where network configuration lives, each with its sweep scope.
        QVERIFY(paths.contains(u"/api/v1/namespaces/kube-system/configmaps"_s));
        QVERIFY(paths.contains(u"/api/v1/namespaces/kube-flannel/configmaps"_s));
        for (const ReflectorTarget& t : plan.targets) {
            QCOMPARE(t.endpoint, u"alpha"_s);
            if (t.kind == WatchedKind::ConfigMaps)
                QVERIFY(!t.namespaceScope.isEmpty());
        }
    }

    void olderClustersFallBack()
    {
        DiscoveryResult d = baseline();
        d.groups.append(group(u"autoscaling"_s, { u"v2beta2"_s, u"v1"_s }));
        d.resources.insert(u"autoscaling/v2beta2"_s, resources({ u"horizontalpodautoscalers"_s }));
        const WatchPlan plan = WatchPlan::fromDiscovery(testCatalog(), d, u"alpha"_s);
        QCOMPARE(plan.groupVersions.value(WatchedKind::HorizontalPodAutoscalers), u"autoscaling/v2beta2"_s);
        QCOMPARE(plan.groupVersions.value(WatchedKind::Events), u"v1"_s); // no events.k8s.io: core events
    }

    void calicoOnlyWhereItIs()
    {
        DiscoveryResult d = baseline();
        QVERIFY(!WatchPlan::fromDiscovery(testCatalog(), d, u"a"_s).groupVersions.contains(WatchedKind::CalicoIpPools));
        QVERIFY(!WatchPlan::fromDiscovery(testCatalog(), d, u"a"_s).missing.contains(WatchedKind::CalicoIpPools)); // optional
        d.groups.append(group(u"crd.projectcalico.org"_s, { u"v1"_s }));
        d.resources.insert(u"crd.projectcalico.org/v1"_s, resources({ u"ippools"_s, u"bgppeers"_s }));
        const WatchPlan plan = WatchPlan::fromDiscovery(testCatalog(), d, u"a"_s);
        QVERIFY(plan.groupVersions.contains(WatchedKind::CalicoIpPools));
        QVERIFY(plan.groupVersions.contains(WatchedKind::CalicoBgpPeers));
        QVERIFY(!plan.groupVersions.contains(WatchedKind::CalicoNodeStatuses)); // an older Calico without it
    }

    void missingRequiredKindsAreNamed()
    {
        DiscoveryResult d = baseline();
        d.resources[u"v1"_s] = resources({ u"nodes"_s });
        const WatchPlan plan = WatchPlan::fromDiscovery(testCatalog(), d, u"a"_s);
        QVERIFY(plan.missing.contains(WatchedKind::Pods));
        QVERIFY(plan.missing.contains(WatchedKind::HorizontalPodAutoscalers)); // no autoscaling group at all
        QVERIFY(!plan.missing.contains(WatchedKind::RuntimeClasses)); // optional
    }
};

QTEST_GUILESS_MAIN(TestWatchPlan)
#include "tst_watchplan.moc"
