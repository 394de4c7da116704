// SPDX-License-Identifier: Apache-2.0
// Where the planner GETs an object: the kind found in discovery's resource lists, at the version
// asked for, else the one the session's watch plan chose, else the group's preferred one.
#include "export/resourcelocator.h"

#include <QTest>

using namespace minato;
using namespace minato::changes;
using namespace Qt::StringLiterals;

namespace {

kube::DiscoveryResult discovery()
{
    kube::DiscoveryResult result;
    result.groups = { { QString(), { u"v1"_s }, u"v1"_s }, { u"apps"_s, { u"v1"_s }, u"v1"_s },
        { u"autoscaling"_s, { u"v2"_s, u"v1"_s }, u"v1"_s } };
    const kube::ApiResourceInfo hpa { u"horizontalpodautoscalers"_s, u"HorizontalPodAutoscaler"_s, true, { u"get"_s }, {}, {} };
    result.resources.insert(
        u"v1"_s, { { u"nodes"_s, u"Node"_s, false, { u"get"_s }, {}, {} }, { u"pods"_s, u"Pod"_s, true, { u"get"_s }, {}, {} } });
    result.resources.insert(u"apps/v1"_s, { { u"deployments"_s, u"Deployment"_s, true, { u"get"_s }, {}, {} } });
    result.resources.insert(u"autoscaling/v2"_s, { hpa });
    result.resources.insert(u"autoscaling/v1"_s, { hpa });
    return result;
}

} // namespace

class TestResourceLocator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void paths()
    {
        const auto deployment = locateResource(discovery(), { u"c"_s, {}, u"Deployment"_s, u"shop"_s, u"web"_s });
        QVERIFY(deployment);
        QCOMPARE(deployment->objectPath(u"shop"_s, u"web"_s), u"/apis/apps/v1/namespaces/shop/deployments/web"_s);
        const auto node = locateResource(discovery(), { u"c"_s, {}, u"Node"_s, {}, u"worker-1"_s });
        QVERIFY(node);
        QVERIFY(!node->namespaced);
        QCOMPARE(node->objectPath(u"ignored"_s, u"worker-1"_s), u"/api/v1/nodes/worker-1"_s);
    }

    void versionChoice()
    {
        const ObjectRef hpa { u"c"_s, {}, u"HorizontalPodAutoscaler"_s, u"shop"_s, u"web"_s };
        // The group prefers v1 (as 1.2x servers list it); the watch plan's v2 wins over it.
        QCOMPARE(locateResource(discovery(), hpa)->version, u"v1"_s);
        QCOMPARE(locateResource(discovery(), hpa, { u"apps/v1"_s, u"autoscaling/v2"_s })->version, u"v2"_s);
        ObjectRef pinned = hpa;
        pinned.apiVersion = u"autoscaling/v1"_s;
        QCOMPARE(locateResource(discovery(), pinned, { u"autoscaling/v2"_s })->version, u"v1"_s);
        pinned.apiVersion = u"autoscaling/v2beta2"_s; // not served
        QVERIFY(!locateResource(discovery(), pinned));
        QVERIFY(!locateResource(discovery(), { u"c"_s, {}, u"PodDisruptionBudget"_s, u"shop"_s, u"x"_s }));
    }
};

QTEST_GUILESS_MAIN(TestResourceLocator)
#include "tst_resourcelocator.moc"
