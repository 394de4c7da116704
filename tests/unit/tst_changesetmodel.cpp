// SPDX-License-Identifier: Apache-2.0
// The change set panel's model: one row per object (a second operation folds into it), hand
// edits that recompute the patch, and merge patches that compose like applying them in turn.
#include "export/cleanmanifest.h"
#include "export/jsonmergepatch.h"
#include "export/mergepatchdiff.h"
#include "export/operationsmetadata.h"
#include "export/operationsworkload.h"
#include "items/changesetmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace minato::changes;
using minato::items::ChangeSetModel;

namespace {

QJsonObject upstream(const QString& name)
{
    QFile file(QStringLiteral(MINATO_UPSTREAM_FIXTURES_DIR "/k8s-api/roundtrip-testdata/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject deployment()
{
    return cleanManifest(upstream(QStringLiteral("apps.v1.Deployment.json")));
}

Change mustHave(const minato::Expected<Change>& change)
{
    if (!change)
        qFatal("operation refused: %s", qPrintable(change.error().message));
    return *change;
}

} // namespace

class TestChangeSetModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtureIsThere()
    {
        QVERIFY2(!deployment().isEmpty(), MINATO_UPSTREAM_FIXTURES_DIR);
    }

    void secondOperationFoldsIntoTheObjectsRow()
    {
        ChangeSetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy edited(&model, &ChangeSetModel::changeSetEdited);
        const QJsonObject before = deployment();
        const Change scale = mustHave(scaleChange(QStringLiteral("prod"), before, 7));
        const Change label = mustHave(labelChange(QStringLiteral("prod"), before, { QStringLiteral("team=payments") }));

        QCOMPARE(model.addChange(scale), 0);
        QCOMPARE(model.addChange(label), 0);
        QCOMPARE(model.rowCount(), 1);
        const Change& folded = model.change(0);
        QCOMPARE(folded.operation, QStringLiteral("scale,label"));
        QCOMPARE(folded.after.value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(), 7);
        QCOMPARE(folded.after.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject()
                     .value(QStringLiteral("team")).toString(),
            QStringLiteral("payments"));
        // The folded patch alone gives the same manifest as both operations in turn.
        QCOMPARE(applyMergePatch(before, folded.patch), folded.after);

        // The same operation on the object in another cluster is another row.
        QCOMPARE(model.addChange(mustHave(scaleChange(QStringLiteral("dev"), before, 1))), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(edited.count(), 3);

        model.removeChanges({ 0 });
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.change(0).target.cluster, QStringLiteral("dev"));
        QCOMPARE(edited.count(), 4);
    }

    void handEditRecomputesThePatch()
    {
        ChangeSetModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QJsonObject before = deployment();
        model.addChange(mustHave(scaleChange(QStringLiteral("prod"), before, 4)));
        QString yaml = model.index(0, 0).data(ChangeSetModel::AfterYamlRole).toString();
        QVERIFY(yaml.contains(QStringLiteral("replicas: 4")));
        yaml.replace(QStringLiteral("replicas: 4"), QStringLiteral("replicas: 9"));
        QCOMPARE(model.editAfterYaml(0, yaml), QString());
        const Change& edited = model.change(0);
        QCOMPARE(edited.patch, QJsonObject({ { QStringLiteral("spec"), QJsonObject({ { QStringLiteral("replicas"), 9 } }) } }));
        QCOMPARE(applyMergePatch(before, edited.patch), edited.after);
        QVERIFY(model.index(0, 0).data(ChangeSetModel::DiffRole).toString().contains(QStringLiteral("+  replicas: 9")));

        // Renaming the object, or text that is not one object, is refused and changes nothing.
        QString renamed = yaml;
        renamed.replace(QStringLiteral("name: ") + before.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("name: other"));
        QVERIFY(!model.editAfterYaml(0, renamed).isEmpty());
        QVERIFY(!model.editAfterYaml(0, QStringLiteral("a: [")).isEmpty());
        QVERIFY(!model.editAfterYaml(0, yaml + QStringLiteral("---\nkind: Other\n")).isEmpty());
        QCOMPARE(model.change(0).after, edited.after);
    }

    // A removal, then a new value under the removed key: the folded patch must still name the
    // keys the first operation removed, or applying it alone would keep them.
    void foldAfterRemovalKeepsTheRemoval()
    {
        ChangeSetModel model;
        const QJsonObject before = deployment();
        const QStringList oldLabels = before.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject().keys();
        QVERIFY(!oldLabels.isEmpty());
        QStringList removeAll;
        for (const QString& key : oldLabels)
            removeAll << key + QLatin1Char('-');
        model.addChange(mustHave(labelChange(QStringLiteral("prod"), before, removeAll)));
        model.addChange(mustHave(labelChange(QStringLiteral("prod"), before, { QStringLiteral("fresh=yes") })));
        const Change& folded = model.change(0);
        const QJsonObject labels = folded.after.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject();
        QCOMPARE(labels, QJsonObject({ { QStringLiteral("fresh"), QStringLiteral("yes") } }));
        QCOMPARE(applyMergePatch(before, folded.patch), folded.after);
    }

    void createdPatchTurnsBeforeIntoAfter()
    {
        const QJsonObject before = deployment();
        QJsonObject after = before;
        QJsonObject metadata = after.value(QStringLiteral("metadata")).toObject();
        metadata.remove(QStringLiteral("labels"));
        metadata.insert(QStringLiteral("annotations"), QJsonObject({ { QStringLiteral("note"), QStringLiteral("x") } }));
        after.insert(QStringLiteral("metadata"), metadata);
        const QJsonObject patch = createMergePatch(before, after);
        QCOMPARE(applyMergePatch(before, patch), after);
        QVERIFY(!patch.contains(QStringLiteral("spec"))); // unchanged parts stay out of the patch
        QCOMPARE(createMergePatch(before, before), QJsonObject());
    }
};

QTEST_GUILESS_MAIN(TestChangeSetModel)
#include "tst_changesetmodel.moc"
