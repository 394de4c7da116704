// SPDX-License-Identifier: Apache-2.0
#include "fleetoverviewview.h"

#include "statusdecorationproxy.h"

#include "items/fleetoverviewmodel.h"
#include "items/rowfilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTreeView>
#include <QVBoxLayout>

using minato::items::FleetOverviewModel;

FleetOverviewView::FleetOverviewView(FleetOverviewModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new minato::items::RowFilterProxy(this))
    , m_decorations(new StatusDecorationProxy(this))
    , m_grouping(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("fleetOverview"));
    m_decorations->setSourceModel(model);
    m_decorations->setStateColumn(FleetOverviewModel::StateColumn, FleetOverviewModel::StateRole);
    m_proxy->setSourceModel(m_decorations);

    m_grouping->addItem(tr("By team"), int(FleetOverviewModel::Grouping::Team));
    m_grouping->addItem(tr("By environment"), int(FleetOverviewModel::Grouping::Environment));
    m_grouping->addItem(tr("Flat"), int(FleetOverviewModel::Grouping::Flat));
    m_grouping->setCurrentIndex(m_grouping->findData(int(model->grouping())));
    connect(m_grouping, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_model->setGrouping(FleetOverviewModel::Grouping(m_grouping->itemData(index).toInt()));
        m_tree->expandAll();
    });

    m_filter->setPlaceholderText(tr("Filter clusters  (words, column:text, !not)   /"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &minato::items::RowFilterProxy::setFilterText);
    connect(m_filter, &QLineEdit::textChanged, m_tree, &QTreeView::expandAll);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_tree->setFocus();
        if (!m_tree->currentIndex().isValid() && m_proxy->rowCount() > 0)
            m_tree->setCurrentIndex(m_proxy->index(0, 0));
    });

    m_tree->setModel(m_proxy);
    m_tree->setObjectName(QStringLiteral("fleetTree"));
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(FleetOverviewModel::NameColumn, Qt::AscendingOrder);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setExpandsOnDoubleClick(false);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_tree->setColumnWidth(FleetOverviewModel::NameColumn, 220);
    m_tree->setColumnWidth(FleetOverviewModel::StateColumn, 130);
    m_tree->setColumnWidth(FleetOverviewModel::TeamColumn, 90);
    m_tree->setColumnWidth(FleetOverviewModel::EnvironmentColumn, 70);
    m_tree->setColumnWidth(FleetOverviewModel::VersionColumn, 80);
    m_tree->setColumnWidth(FleetOverviewModel::NodesColumn, 60);
    m_tree->setColumnWidth(FleetOverviewModel::PodsColumn, 130);
    m_tree->setColumnWidth(FleetOverviewModel::CniColumn, 170);
    m_tree->setColumnWidth(FleetOverviewModel::RuntimesColumn, 170);
    m_tree->setColumnWidth(FleetOverviewModel::HpasColumn, 130);
    connect(m_proxy, &QAbstractItemModel::modelReset, m_tree, &QTreeView::expandAll);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, m_tree, &QTreeView::expandAll);
    connect(m_tree, &QTreeView::activated, this, &FleetOverviewView::openIndex);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        [this] { Q_EMIT selectionChanged(selectedClusters()); });
    m_tree->expandAll();

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(new QLabel(tr("Group:"), this));
    bar->addWidget(m_grouping);
    bar->addWidget(m_filter, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_tree);
}

QStringList FleetOverviewView::clustersUnder(const QModelIndex& proxyIndex) const
{
    const QModelIndex first = proxyIndex.siblingAtColumn(0);
    if (!first.data(FleetOverviewModel::IsGroupRole).toBool())
        return { first.data(FleetOverviewModel::ClusterNameRole).toString() };
    QStringList clusters;
    for (int r = 0; r < m_proxy->rowCount(first); ++r)
        clusters << m_proxy->index(r, 0, first).data(FleetOverviewModel::ClusterNameRole).toString();
    return clusters;
}

QStringList FleetOverviewView::selectedClusters() const
{
    QStringList clusters;
    for (const QModelIndex& index : m_tree->selectionModel()->selectedRows()) {
        for (const QString& name : clustersUnder(index)) {
            if (!clusters.contains(name))
                clusters << name;
        }
    }
    return clusters;
}

void FleetOverviewView::openIndex(const QModelIndex& index)
{
    // With several rows selected, Enter opens them all: the cross-cluster table.
    QStringList clusters = selectedClusters();
    if (!m_tree->selectionModel()->isRowSelected(index.row(), index.parent()) || clusters.isEmpty())
        clusters = clustersUnder(index);
    if (!clusters.isEmpty())
        Q_EMIT clustersOpened(clusters);
}

void FleetOverviewView::setGroupingIndex(int index)
{
    if (index >= 0 && index < m_grouping->count())
        m_grouping->setCurrentIndex(index);
}

int FleetOverviewView::groupingIndex() const
{
    return m_grouping->currentIndex();
}

void FleetOverviewView::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}
