// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QLineEdit;
class QSettings;
class QTreeView;
class StatusDecorationProxy;

namespace minato::items {
class FindingsFilterProxy;
class FleetOverviewModel;
} // namespace minato::items

// The live findings list: worst first, filtered by team, environment, minimum severity and
// text. The evidence of the current finding shows below the list (and in tooltips). Enter or a
// double click asks to open the finding's object; the window decides how.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    // `findings` is a FindingsModel; `fleet` supplies the teams and environments to filter by.
    FindingsView(QAbstractItemModel* findings, minato::items::FleetOverviewModel* fleet, QWidget* parent = nullptr);

    QTreeView* treeView() const { return m_tree; }
    QComboBox* teamCombo() const { return m_team; }
    QComboBox* environmentCombo() const { return m_environment; }
    QComboBox* severityCombo() const { return m_severity; }
    QLineEdit* filterEdit() const { return m_filter; }
    minato::items::FindingsFilterProxy* proxy() const { return m_proxy; }

    // The filters, under the settings' current group.
    void restoreSettings(const QSettings& settings);
    void saveSettings(QSettings& settings) const;

Q_SIGNALS:
    // Open this object (kind empty or "Cluster": the cluster itself).
    void objectRequested(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name);

private:
    void fillFleetCombos();
    void activate(const QModelIndex& index);
    void showDetails(const QModelIndex& index);
    void fitColumnsOnce();

    minato::items::FleetOverviewModel* m_fleet;
    minato::items::FindingsFilterProxy* m_proxy;
    StatusDecorationProxy* m_decorations;
    QComboBox* m_team;
    QComboBox* m_environment;
    QComboBox* m_severity;
    QLineEdit* m_filter;
    QTreeView* m_tree;
    QLabel* m_details;
    QLabel* m_count;
    bool m_fitPending = true;
};
