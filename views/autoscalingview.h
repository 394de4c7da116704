// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/autoscalingreport.h"
#include "export/operationsrequest.h"
#include "fleet/watchedkind.h"

#include <QWidget>

class HpaChartView;
class HpaTuningDialog;
class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTextBrowser;
class StatusDecorationProxy;

namespace minato::items {
class AutoscalingFilterProxy;
class AutoscalingWorkspace;
} // namespace minato::items

// Every HPA of the fleet: a filter line and a state filter over the table; below, the chart of
// the selected rows' history and the diagnosis of the current row (its state and cause, then
// each step of the controller's path with its verdict and evidence). The current row's HPA
// opens in the YAML pane; the window decides how.
class AutoscalingView : public QWidget
{
    Q_OBJECT
public:
    explicit AutoscalingView(minato::items::AutoscalingWorkspace* workspace, QWidget* parent = nullptr);

    QTableView* tableView() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    QComboBox* stateCombo() const { return m_state; }
    HpaChartView* chartView() const { return m_chart; }
    QTextBrowser* diagnosisView() const { return m_diagnosis; }
    QSplitter* splitter() const { return m_splitter; }
    minato::items::AutoscalingFilterProxy* proxy() const { return m_proxy; }
    // The key of the current row (empty when none).
    minato::history::HpaKey currentHpa() const;

    // The first row of this cluster becomes current (the filter is left alone).
    void showCluster(const QString& cluster);
    // This HPA's row becomes current; false when it is not shown (filtered out or unknown).
    bool selectHpa(const minato::history::HpaKey& key);
    // Opens the tuning dialog on the current row's HPA with its last 24 h of history (null when no
    // row is current). Accepting it emits tuningRequested().
    HpaTuningDialog* openTuning();
    QAction* tuneAction() const { return m_tune; }

Q_SIGNALS:
    // Show this object's YAML (the full object is fetched on demand).
    void objectRequested(const QString& cluster, minato::fleet::WatchedKind kind, const QString& nameSpace, const QString& name);
    // A tuning to plan into the change set (fetched, patched, never applied).
    void tuningRequested(const minato::changes::OperationRequest& request, const minato::changes::ObjectRef& target);

private:
    void currentChanged(const QModelIndex& current);
    void selectionChanged();
    void rowsUpdated(const QString& cluster);
    void showDiagnosis();
    void updateCount();
    void stateFilterChanged();
    void fitColumns();
    void selectOnly(const QModelIndex& index);
    QModelIndex viewIndexOf(const minato::history::HpaKey& key) const;

    minato::items::AutoscalingWorkspace* m_workspace;
    minato::items::AutoscalingFilterProxy* m_proxy;
    StatusDecorationProxy* m_decorated;
    QLineEdit* m_filter;
    QComboBox* m_state;
    QLabel* m_count;
    QTableView* m_table;
    HpaChartView* m_chart;
    QTextBrowser* m_diagnosis;
    QSplitter* m_splitter;
    QSplitter* m_lower;
    QAction* m_tune;
    int m_sizedRows = -1;
    QString m_pendingCluster; // showCluster before its rows arrived
};
