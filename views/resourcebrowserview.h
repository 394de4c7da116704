// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QTreeView;
class StatusDecorationProxy;

namespace minato::items {
class FleetWorkspace;
class RowFilterProxy;
} // namespace minato::items

// The cluster and cross-cluster browser: the kinds the browsed clusters serve, with counts,
// and one table of the chosen kind over all of them (a CLUSTER column when there are
// several). Selecting a row asks the workspace for the full object.
class ResourceBrowserView : public QWidget
{
    Q_OBJECT
public:
    explicit ResourceBrowserView(minato::items::FleetWorkspace* workspace, QWidget* parent = nullptr);

    QTableView* tableView() const { return m_table; }
    QTreeView* kindView() const { return m_kinds; }
    QLineEdit* filterEdit() const { return m_filter; }
    QSplitter* splitter() const { return m_splitter; }
    void focusFilter();
    void focusTable();
    // Selects this row of the workspace's resources() (clearing a filter that hides it) and
    // focuses the table; the selection fetches the object as a click would.
    void selectResourceRow(int row);
    // The row of the workspace's resources() that a row of the table shows, or -1.
    int resourceRow(const QModelIndex& tableIndex) const;

private:
    void fitColumns();
    void syncKindSelection();
    void updateTitle();

    minato::items::FleetWorkspace* m_workspace;
    minato::items::RowFilterProxy* m_proxy;
    StatusDecorationProxy* m_decorations;
    QLabel* m_title;
    QLabel* m_problems; // clusters that could not list a server table, and why
    QLineEdit* m_filter;
    QTreeView* m_kinds;
    QTableView* m_table;
    QSplitter* m_splitter;
    bool m_fitPending = true;
};
