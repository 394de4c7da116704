// SPDX-License-Identifier: Apache-2.0
// The autoscaling tab on the demo fleet, offscreen: Ctrl+9 opens it, the table lists the
// demo's HPAs with their states, the diagnosis names what breaks pay-dev's payments-api, the
// filter and the state filter narrow the rows, the current row opens its YAML, and the chart
// says there is no history until a lookup gives it some, then draws it.
#include "autoscalingview.h"
#include "demofleet.h"
#include "hpachartview.h"
#include "hpatuningdialog.h"
#include "plotsupport.h"
#include "mainwindow.h"
#include "networkview.h"
#include "yamlview.h"

#include "analysis/findingtracker.h"
#include "fleet/fleetengine.h"
#include "fleet/fleetloader.h"
#include "items/autoscalingfilterproxy.h"
#include "items/autoscalingtablemodel.h"
#include "items/autoscalingworkspace.h"
#include "items/changesetmodel.h"
#include "items/changesetworkspace.h"
#include "items/fleetworkspace.h"
#include "items/networkworkspace.h"
#include "testkinds.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QDateTime>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>

using namespace minato;
using items::AutoscalingTableModel;

namespace {

const history::HpaKey PayDev { u"pay-dev"_qs, u"payments"_qs, u"payments-api"_qs };
const history::HpaKey ReportBuilder { u"data-stg-eu2"_qs, u"analytics"_qs, u"report-builder"_qs };
const history::HpaKey StreamConsumer { u"data-stg-eu2"_qs, u"streaming"_qs, u"stream-consumer"_qs };

// Six hours of the demo's bursty stream-consumer as it would be recorded on 4 pods: 150 % of the
// cpu request for a minute, 50 % the next (its scenario's square wave).
history::HpaTimeline burstyTimeline(const history::HpaKey& key, qint64 fromMs, qint64 toMs)
{
    history::HpaTimeline t;
    t.key = key;
    t.metricLabels = { u"cpu utilization"_qs };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 6 * 240; i >= 0; --i) {
        history::HpaSample s;
        s.timeMs = now - i * 15000LL;
        if (s.timeMs < fromMs || s.timeMs > toMs)
            continue;
        s.minReplicas = 2;
        s.maxReplicas = 8;
        s.currentReplicas = 4;
        s.desiredReplicas = 4;
        s.metricCurrent = { (i / 4) % 2 ? 50.0 : 150.0 };
        s.metricTarget = { 50 };
        t.samples.append(s);
    }
    return t;
}

QString stateOf(const AutoscalingTableModel* model, const history::HpaKey& key)
{
    const int row = model->rowOf(key);
    return row < 0 ? QString() : model->index(row, AutoscalingTableModel::StateColumn).data().toString();
}

// Half an hour of a scaling HPA, one sample a minute, a rescale and a failing condition.
history::HpaTimeline fakeTimeline(const history::HpaKey& key, qint64 fromMs, qint64 toMs)
{
    history::HpaTimeline t;
    t.key = key;
    t.metricLabels = { u"cpu utilization"_qs };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 30; i >= 0; --i) {
        history::HpaSample s;
        s.timeMs = now - i * 60 * 1000;
        if (s.timeMs < fromMs || s.timeMs > toMs)
            continue;
        s.minReplicas = 2;
        s.maxReplicas = 6;
        s.currentReplicas = i > 15 ? 2 : 4;
        s.desiredReplicas = i > 16 ? 2 : 4;
        s.metricCurrent = { i == 10 ? history::UnknownValue : 40.0 + i };
        s.metricTarget = { 60 };
        t.samples.append(s);
    }
    history::HpaMark rescale;
    rescale.timeMs = now - 15 * 60 * 1000;
    rescale.type = u"Normal"_qs;
    rescale.reason = u"SuccessfulRescale"_qs;
    rescale.message = u"New size: 4; reason: cpu resource utilization (percentage of request) above target"_qs;
    t.marks.append(rescale);
    return t;
}

} // namespace

class TestAutoscalingWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoFleetAutoscaling()
    {
        DemoFleet demo(QStringLiteral(MINATO_SOURCE_DIR "/resources/scenarios/demo.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));

        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        items::NetworkWorkspace network(&engine, workspace.tracker());
        items::AutoscalingWorkspace autoscaling(&engine);
        autoscaling.setRebuildDelay(100);
        AutoscalingTableModel* model = autoscaling.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        MainWindow window(&workspace);
        window.setNetworkWorkspace(&network);
        window.setAutoscalingWorkspace(&autoscaling);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The tab sits after Network.
        AutoscalingView* view = window.autoscalingView();
        QVERIFY(view);
        QCOMPARE(window.tabs()->indexOf(view), window.tabs()->indexOf(window.networkView()) + 1);
        QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(view)), u"Autoscaling"_qs);
        QAbstractItemModelTester proxyTester(view->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.connectAll();

        QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), view);

        // The demo's 13 HPAs (`minato autoscaling --demo`), in fleet order.
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 13, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, PayDev), u"unable to scale"_qs, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(model, ReportBuilder), u"pinned at max"_qs, 30000);
        const int payDev = model->rowOf(PayDev);
        QCOMPARE(model->index(payDev, AutoscalingTableModel::StateColumn).data(AutoscalingTableModel::ProblemRole).toInt(), 2);
        QCOMPARE(model->index(payDev, AutoscalingTableModel::TargetColumn).data().toString(), u"Deployment/payments-api"_qs);
        QVERIFY(model->index(payDev, AutoscalingTableModel::ConditionsColumn).data().toString().contains(u"ScalingActive ✗"_qs));
        QCOMPARE(model->index(model->rowOf(ReportBuilder), AutoscalingTableModel::CurrentColumn).data().toInt(), 4);
        QCOMPARE(model->index(model->rowOf(ReportBuilder), AutoscalingTableModel::MaxColumn).data(AutoscalingTableModel::SortRole).toInt(), 4);

        // The current row's diagnosis: the missing custom metrics API, and the HPA's YAML.
        QVERIFY(view->selectHpa(PayDev));
        QCOMPARE(view->currentHpa(), PayDev);
        QTRY_VERIFY_WITH_TIMEOUT(view->diagnosisView()->toPlainText().contains(u"custom.metrics.k8s.io"_qs), 10000);
        QVERIFY(view->diagnosisView()->toPlainText().contains(u"unable to scale"_qs));
        QVERIFY(view->diagnosisView()->toPlainText().contains(u"no history recorded yet"_qs));
        QTRY_VERIFY_WITH_TIMEOUT(window.yamlView()->editor()->toPlainText().contains(u"kind: HorizontalPodAutoscaler"_qs), 10000);
        QVERIFY(window.yamlView()->editor()->toPlainText().contains(u"name: payments-api"_qs));

        // Without a history lookup the chart says so instead of showing nothing.
        HpaChartView* chart = view->chartView();
        QCOMPARE(chart->hpas(), QList<history::HpaKey> { PayDev });
        QVERIFY(chart->isShowingEmptyState());
        QVERIFY2(chart->emptyText().contains(u"No history recorded for pay-dev payments/payments-api yet"_qs),
            qPrintable(chart->emptyText()));

        // The filter narrows the rows: words, a column, the state.
        QTest::keyClicks(view->filterEdit(), u"cluster:data-stg"_qs);
        QCOMPARE(view->proxy()->rowCount(), 2);
        view->filterEdit()->setText(u"report-builder"_qs);
        QCOMPARE(view->proxy()->rowCount(), 1);
        view->filterEdit()->clear();
        QCOMPARE(view->proxy()->rowCount(), 13);
        QComboBox* states = view->stateCombo();
        states->setCurrentIndex(states->findText(u"unable to scale"_qs));
        QCOMPARE(view->proxy()->rowCount(), 2); // pay-dev and mobile-dev
        states->setCurrentIndex(states->findText(u"Needs attention"_qs));
        QCOMPARE(view->proxy()->rowCount(), 3);
        states->setCurrentIndex(0);
        QCOMPARE(view->proxy()->rowCount(), 13);

        // Sorting by state puts the worst last (ascending) and keeps the keys with their rows.
        view->tableView()->sortByColumn(AutoscalingTableModel::StateColumn, Qt::DescendingOrder);
        QCOMPARE(view->tableView()->model()->index(0, AutoscalingTableModel::StateColumn).data().toString(), u"unable to scale"_qs);
        view->tableView()->sortByColumn(-1, Qt::AscendingOrder);

        // A history lookup: the chart reads it and draws lines and markers.
        int lookups = 0;
        autoscaling.setHistoryLookup([&lookups](const history::HpaKey& key, qint64 fromMs, qint64 toMs) {
            ++lookups;
            return std::optional<history::HpaTimeline>(fakeTimeline(key, fromMs, toMs));
        });
        QVERIFY(lookups >= 13); // every row was evaluated again with its history
        QVERIFY(view->selectHpa(PayDev));
        QTRY_VERIFY_WITH_TIMEOUT(!chart->isShowingEmptyState(), 5000);
        QCOMPARE(chart->series().size(), 1);
        QVERIFY(chart->graphCount() >= 7); // band (2), desired, current, metric, target, events
        QVERIFY2(chart->dataPointCount() > 100, qPrintable(QString::number(chart->dataPointCount())));
        const minato::items::HpaChartSeries& s = chart->series().first();
        QCOMPARE(s.events.size(), 1);
        QVERIFY(s.metrics.first().current.size() > 20);
        QVERIFY(view->diagnosisView()->toPlainText().contains(u"recorded history"_qs));
        // A range preset reads again.
        const int before = lookups;
        chart->setRange(items::ChartRange::OneHour);
        QVERIFY(lookups > before);
        QVERIFY(!chart->isShowingEmptyState());

        // Two rows selected: overlaid, each labelled.
        QTableView* table = view->tableView();
        table->selectionModel()->select(
            table->model()->index(model->rowOf(ReportBuilder), 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QTRY_COMPARE_WITH_TIMEOUT(chart->series().size(), 2, 5000);
        QStringList labels;
        for (const auto& series : chart->series())
            labels << series.label;
        QVERIFY(labels.contains(u"pay-dev payments/payments-api"_qs));
        QVERIFY(labels.contains(u"data-stg-eu2 analytics/report-builder"_qs));

        // showAutoscaling(cluster) makes the cluster's first HPA current.
        window.showFleet();
        window.showAutoscaling(u"mobile-prod-ap1"_qs);
        QCOMPARE(window.tabs()->currentWidget(), view);
        QCOMPARE(view->currentHpa().cluster, u"mobile-prod-ap1"_qs);
        QCOMPARE(view->currentHpa().name, u"bff"_qs);
    }

    // The tuning dialog on the demo's flapping HPA: the replay of its own rule flaps on the
    // recorded bursts, a scale-down window calms the tried one, and accepting plans the patch
    // into the change set in the version the cluster serves.
    void tuningGoesToTheChangeSet()
    {
        DemoFleet demo(QStringLiteral(MINATO_SOURCE_DIR "/resources/scenarios/demo.yaml"));
        const auto files = demo.start();
        QVERIFY2(files.hasValue(), files ? "" : qPrintable(files.error().message));
        fleet::FleetEngine engine(testCatalog());
        items::FleetWorkspace workspace(testKinds(), &engine);
        items::AutoscalingWorkspace autoscaling(&engine);
        autoscaling.setRebuildDelay(100);
        autoscaling.setHistoryLookup([](const history::HpaKey& key, qint64 fromMs, qint64 toMs) {
            return std::optional<history::HpaTimeline>(burstyTimeline(key, fromMs, toMs));
        });
        QTemporaryDir dir;
        items::ChangeSetWorkspace changes(&engine, dir.filePath(u"changes.json"_qs), dir.filePath(u"openapi"_qs));
        MainWindow window(&workspace);
        window.setChangeSetWorkspace(&changes);
        window.setAutoscalingWorkspace(&autoscaling);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto loaded = fleet::FleetLoader::load(files->loadOptions());
        engine.setFleet(loaded.fleet, loaded.fleetConfig);
        engine.connectAll();
        window.showAutoscaling(QString());
        AutoscalingView* view = window.autoscalingView();
        QTRY_VERIFY_WITH_TIMEOUT(view->selectHpa(StreamConsumer), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(view->tuneAction()->isEnabled(), 5000);
        QVERIFY(view->diagnosisView()->toHtml().contains(u"minato:tune"_qs));

        // T in the table opens it.
        view->tableView()->setFocus();
        QTest::keyClick(view->tableView(), Qt::Key_T);
        auto* dialog = view->findChild<HpaTuningDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
        const items::HpaTuningDraft& draft = dialog->draft();
        QCOMPARE(draft.current().scaleDownWindowSeconds, 0);
        QCOMPARE(draft.current().maxReplicas, 8);
        QCOMPARE(dialog->targetSpin(0)->value(), 50.0);
        QCOMPARE(dialog->windowSpin(false)->value(), 0);
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // nothing changed yet
        QVERIFY(dialog->changesLabel()->text().contains(u"No change"_qs));
        const int flapping = draft.replayCurrent().directionChanges;
        QVERIFY2(flapping > 100, qPrintable(QString::number(flapping)));

        dialog->windowSpin(false)->setValue(300);
        QVERIFY2(draft.replayProposed().directionChanges < flapping / 10,
            qPrintable(QString::number(draft.replayProposed().directionChanges)));
        QVERIFY(dialog->summaryLabel()->text().contains(QString::number(draft.replayProposed().directionChanges)));
        QVERIFY2(dialog->changesLabel()->text().contains(u"scaleDown window 0 s → 300 s"_qs),
            qPrintable(dialog->changesLabel()->text()));
        QVERIFY(dialog->plot()->graph(2)->dataCount() > 1000);
        dialog->policiesEdit(false)->setText(u"Pods two"_qs);
        QVERIFY(!dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog->policiesEdit(false)->setText(u"Pods 1/60s"_qs);
        QVERIFY(dialog->buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        if (const QByteArray shots = qgetenv("MINATO_SCREENSHOTS"); !shots.isEmpty()) {
            dialog->resize(1180, 640);
            QVERIFY(dialog->grab().save(QString::fromLocal8Bit(shots) + u"/autoscaling-tuning.png"_qs));
        }
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();

        QTRY_COMPARE_WITH_TIMEOUT(changes.model()->changeSet().changes.size(), 1, 30000);
        const changes::Change change = changes.model()->changeSet().changes.first();
        QCOMPARE(change.operation, u"hpa-tune"_qs);
        QCOMPARE(change.target.cluster, u"data-stg-eu2"_qs);
        QCOMPARE(change.target.name, u"stream-consumer"_qs);
        QCOMPARE(change.target.apiVersion, u"autoscaling/v2"_qs); // the simulator serves v2
        QCOMPARE(QJsonDocument(change.patch).toJson(QJsonDocument::Compact),
            R"({"spec":{"behavior":{"scaleDown":{"policies":[{"periodSeconds":60,"type":"Pods","value":1}],)"
            R"("stabilizationWindowSeconds":300}}}})");
    }
};

QTEST_MAIN(TestAutoscalingWindow)
#include "tst_autoscalingwindow.moc"
