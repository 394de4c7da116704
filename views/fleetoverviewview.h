// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTreeView;
class StatusDecorationProxy;

namespace minato::items {
class FleetOverviewModel;
class RowFilterProxy;
} // namespace minato::items

// The fleet overview: grouping switch, filter-as-you-type, and the cluster tree. Enter (or a
// double click) on a cluster opens it; on a group, opens all its clusters side by side.
class FleetOverviewView : public QWidget
{
    Q_OBJECT
public:
    explicit FleetOverviewView(minato::items::FleetOverviewModel* model, QWidget* parent = nullptr);

    QTreeView* treeView() const { return m_tree; }
    QLineEdit* filterEdit() const { return m_filter; }
    minato::items::RowFilterProxy* proxy() const { return m_proxy; }
    // The selected clusters (a group row stands for its visible clusters).
    QStringList selectedClusters() const;
    void setGroupingIndex(int index);
    int groupingIndex() const;
    void focusFilter();

Q_SIGNALS:
    void clustersOpened(const QStringList& clusters);
    void selectionChanged(const QStringList& clusters);

private:
    QStringList clustersUnder(const QModelIndex& proxyIndex) const;
    void openIndex(const QModelIndex& index);

    minato::items::FleetOverviewModel* m_model;
    minato::items::RowFilterProxy* m_proxy;
    StatusDecorationProxy* m_decorations;
    QComboBox* m_grouping;
    QLineEdit* m_filter;
    QTreeView* m_tree;
};
