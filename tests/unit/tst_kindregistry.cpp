// SPDX-License-Identifier: Apache-2.0
// The kind registry: one descriptor per kind, names people type resolve to one kind each,
// every descriptor's decoder fills a store table its row renderer reads, in its own columns.
#include "fleet/clusterstore.h"
#include "fleet/listpage.h"
#include "fleet/projectiondecoder.h"
#include "kinds/kindregistry.h"

#include "testkinds.h"

#include <QSet>
#include <QTest>

using namespace minato;
using fleet::WatchedKind;
using changes::OperationKind;

class TestKindRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindIsDescribedOnce()
    {
        const kinds::KindRegistry& registry = testKinds();
        QCOMPARE(registry.descriptors().size(), fleet::WatchedKindCount);
        QSet<QString> kindsSeen;
        QHash<QString, WatchedKind> aliasOwner;
        for (const kinds::KindDescriptor& d : registry.descriptors()) {
            QVERIFY2(!d.kind.isEmpty() && !d.columns.isEmpty(), qPrintable(d.plural()));
            QCOMPARE(d.plural(), fleet::watchedKindName(d.id()));
            QCOMPARE(registry.catalog().spec(d.id()).plural, d.plural());
            QVERIFY2(d.ageColumn() >= 0, qPrintable(d.plural()));
            QVERIFY2(!d.spec().sources.isEmpty(), qPrintable(d.plural()));
            // Kind names repeat only across groups (none do today); aliases never.
            QVERIFY2(!kindsSeen.contains(d.kind), qPrintable(d.kind));
            kindsSeen.insert(d.kind);
            for (const QString& alias : registry.aliases(d.id())) {
                QVERIFY2(!aliasOwner.contains(alias) || aliasOwner.value(alias) == d.id(), qPrintable(alias));
                aliasOwner.insert(alias, d.id());
            }
        }
    }

    void findsWhatUsersType()
    {
        const kinds::KindRegistry& registry = testKinds();
        QCOMPARE(registry.find(u"po"), std::optional(WatchedKind::Pods));
        QCOMPARE(registry.find(u" Deployment "), std::optional(WatchedKind::Deployments));
        QCOMPARE(registry.find(u"hpa"), std::optional(WatchedKind::HorizontalPodAutoscalers));
        QCOMPARE(registry.find(u"horizontalpod"), std::optional(WatchedKind::HorizontalPodAutoscalers));
        QCOMPARE(registry.find(u"ippool"), std::optional(WatchedKind::CalicoIpPools));
        QCOMPARE(registry.find(u"frobnicators"), std::nullopt);
        QCOMPARE(registry.find(u""), std::nullopt);
        QCOMPARE(registry.fromKind(u"Deployment", u"apps"), std::optional(WatchedKind::Deployments));
        QCOMPARE(registry.fromKind(u"Event", u""), std::optional(WatchedKind::Events));
        QCOMPARE(registry.fromKind(u"Event", u"events.k8s.io"), std::optional(WatchedKind::Events));
        QCOMPARE(registry.fromKind(u"Deployment", u"extensions"), std::nullopt);
    }

    void operationsComeFromTheDescriptor()
    {
        const kinds::KindRegistry& registry = testKinds();
        const auto ops = [&](WatchedKind kind) { return registry.descriptor(kind).operations; };
        QVERIFY(ops(WatchedKind::Deployments).contains(OperationKind::Scale));
        QVERIFY(ops(WatchedKind::Deployments).contains(OperationKind::Restart));
        QVERIFY(!ops(WatchedKind::DaemonSets).contains(OperationKind::Scale));
        QVERIFY(ops(WatchedKind::Nodes).contains(OperationKind::Drain));
        QVERIFY(!ops(WatchedKind::Nodes).contains(OperationKind::Delete));
        QVERIFY(ops(WatchedKind::HorizontalPodAutoscalers).contains(OperationKind::HpaTune));
        QVERIFY(ops(WatchedKind::Events).isEmpty());
        QCOMPARE(ops(WatchedKind::Pods),
            (QList<OperationKind> { OperationKind::Label, OperationKind::Annotate, OperationKind::Delete }));
    }

    // The binding and the rows of each kind agree: what its decoder lists lands in the store
    // and renders as one row with one cell per column.
    void decoderStoreAndRowsAgree()
    {
        const kinds::KindRegistry& registry = testKinds();
        const fleet::KindCatalog catalog = registry.catalog();
        for (const kinds::KindDescriptor& d : registry.descriptors()) {
            fleet::ClusterStore store;
            QCOMPARE(store.count(d.id()), 0); // no table before anything arrived
            const QByteArray list = QStringLiteral(R"({"kind":"%1List","apiVersion":"v1","metadata":{"resourceVersion":"3"},)"
                                                   R"("items":[{"metadata":{"name":"one","namespace":"kube-system",)"
                                                   R"("uid":"0b0e7f4e-1111-4000-8000-00000000000%2","resourceVersion":"3"}}]})")
                                        .arg(d.kind)
                                        .arg(int(d.id()) % 10)
                                        .toUtf8();
            const auto decoded
                = catalog.makeDecoder(d.id(), std::make_shared<fleet::ProjectionDecoder>())->decodeBody(list);
            const auto* page = dynamic_cast<const fleet::ListPage*>(decoded.get());
            QVERIFY2(page && !page->error, qPrintable(d.plural()));
            QCOMPARE(page->kind, d.id());
            QSet<QUuid> seen;
            store.applyPage(*page, seen);
            QCOMPARE(store.count(d.id()), 1);
            int rows = 0;
            d.rows.forEach(store, [&](kinds::ResourceRow&& row) {
                ++rows;
                QCOMPARE(row.cells.size(), d.columns.size());
                QVERIFY(d.rows.one(store, row.uid).has_value());
            });
            QCOMPARE(rows, 1);
            QVERIFY(!d.rows.one(store, QUuid::createUuid()).has_value());
        }
    }
};

QTEST_GUILESS_MAIN(TestKindRegistry)
#include "tst_kindregistry.moc"
