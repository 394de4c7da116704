// SPDX-License-Identifier: Apache-2.0
#include "resourcebrowserview.h"

#include "statusdecorationproxy.h"

#include "items/fleetworkspace.h"
#include "items/kindtreemodel.h"
#include "items/resourcetablemodel.h"
#include "items/rowfilterproxy.h"
#include "items/servertablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using minato::items::KindTreeModel;
using minato::items::ResourceTableModel;

ResourceBrowserView::ResourceBrowserView(minato::items::FleetWorkspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_proxy(new minato::items::RowFilterProxy(this))
    , m_decorations(new StatusDecorationProxy(this))
    , m_title(new QLabel(this))
    , m_problems(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_kinds(new QTreeView(this))
    , m_table(new QTableView(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
{
    setObjectName(QStringLiteral("resourceBrowser"));
    m_decorations->setSourceModel(workspace->table());
    m_decorations->setHealthRole(ResourceTableModel::HealthRole);
    m_proxy->setSourceModel(m_decorations);

    m_kinds->setObjectName(QStringLiteral("kindTree"));
    m_kinds->setModel(workspace->kinds());
    m_kinds->setHeaderHidden(false);
    m_kinds->setUniformRowHeights(true);
    m_kinds->header()->setStretchLastSection(false);
    m_kinds->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_kinds->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(workspace->kinds(), &QAbstractItemModel::modelReset, this, [this] {
        m_kinds->expandAll();
        syncKindSelection();
    });
    connect(m_kinds->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        const int kind = current.data(KindTreeModel::KindRole).toInt();
        if (current.isValid() && kind >= 0)
            m_workspace->setKind(minato::fleet::WatchedKind(kind));
    });
    connect(workspace, &minato::items::FleetWorkspace::kindChanged, this, [this] {
        syncKindSelection();
        updateTitle();
    });
    connect(workspace, &minato::items::FleetWorkspace::browsedClustersChanged, this, &ResourceBrowserView::updateTitle);
    // A kind the registry does not describe: the same table, over the servers' own columns.
    connect(workspace, &minato::items::FleetWorkspace::tableChanged, this, [this] {
        if (m_decorations->sourceModel() != m_workspace->table())
            m_decorations->setSourceModel(m_workspace->table());
        fitColumns();
        syncKindSelection();
        updateTitle();
    });
    m_problems->setObjectName(QStringLiteral("tableProblems"));
    m_problems->setWordWrap(true);
    m_problems->hide();
    connect(workspace->serverTable(), &minato::items::ServerTableModel::problemsChanged, this, &ResourceBrowserView::updateTitle);

    m_filter->setObjectName(QStringLiteral("resourceFilter"));
    m_filter->setPlaceholderText(tr("/ filter  (e.g. status:CrashLoopBackOff ns:shop !kube-system)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &minato::items::RowFilterProxy::setFilterText);
    connect(m_filter, &QLineEdit::returnPressed, this, &ResourceBrowserView::focusTable);

    m_table->setObjectName(QStringLiteral("resourceTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Several rows, across clusters too, for operations on many objects at once.
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        m_workspace->selectResourceRow(resourceRow(current));
    });
    // A new kind brings new columns: fit them once, then leave the user's widths alone.
    connect(workspace->resources(), &QAbstractItemModel::modelReset, this, &ResourceBrowserView::fitColumns);
    connect(workspace->serverTable(), &QAbstractItemModel::modelReset, this, &ResourceBrowserView::fitColumns);
    // A table that opened empty (the cluster still syncing, or every row filtered out) is
    // fitted to its first visible rows: rows the filter hides would fit it to the header.
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (std::exchange(m_fitPending, false))
            m_table->resizeColumnsToContents();
    });

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_title);
    rightLayout->addWidget(m_problems);
    rightLayout->addWidget(m_filter);
    rightLayout->addWidget(m_table);
    m_splitter->addWidget(m_kinds);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 210, 800 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_splitter);
    updateTitle();
}

void ResourceBrowserView::fitColumns()
{
    m_table->setColumnHidden(ResourceTableModel::ClusterColumn, m_workspace->browsedClusters().size() < 2);
    m_table->resizeColumnsToContents();
    m_fitPending = m_proxy->rowCount() == 0;
}

void ResourceBrowserView::syncKindSelection()
{
    if (!m_workspace->serverResource().isEmpty()) {
        m_kinds->selectionModel()->clearCurrentIndex(); // none of the tree's kinds is shown
        return;
    }
    const QModelIndex index = m_workspace->kinds()->indexOfKind(m_workspace->kind());
    if (index.isValid() && m_kinds->currentIndex() != index)
        m_kinds->setCurrentIndex(index);
}

void ResourceBrowserView::updateTitle()
{
    const QStringList clusters = m_workspace->browsedClusters();
    const QString server = m_workspace->serverResource();
    const QString kind = server.isEmpty() ? m_workspace->registry().kindName(m_workspace->kind())
                                          : tr("%1 <span style='color:gray'>(the server's table)</span>").arg(server.toHtmlEscaped());
    const QStringList problems = server.isEmpty() ? QStringList() : m_workspace->serverTable()->problems();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    if (clusters.isEmpty())
        m_title->setText(tr("<b>No cluster open</b> — select clusters in the overview and press Enter"));
    else if (clusters.size() == 1)
        m_title->setText(tr("<b>%1</b> in <b>%2</b>").arg(kind, clusters.constFirst().toHtmlEscaped()));
    else
        m_title->setText(tr("<b>%1</b> across %2 clusters: %3")
                .arg(kind)
                .arg(clusters.size())
                .arg(clusters.join(QStringLiteral(", ")).toHtmlEscaped()));
}

void ResourceBrowserView::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void ResourceBrowserView::focusTable()
{
    m_table->setFocus();
    if (!m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, 1));
}

int ResourceBrowserView::resourceRow(const QModelIndex& tableIndex) const
{
    const QModelIndex source = m_decorations->mapToSource(m_proxy->mapToSource(tableIndex));
    return source.isValid() ? source.row() : -1;
}

void ResourceBrowserView::selectResourceRow(int row)
{
    auto mapped = [this, row] {
        return m_proxy->mapFromSource(m_decorations->mapFromSource(m_workspace->table()->index(row, 1)));
    };
    QModelIndex index = mapped();
    if (!index.isValid() && !m_filter->text().isEmpty()) {
        m_filter->clear();
        index = mapped();
    }
    m_table->setFocus();
    if (!index.isValid())
        return;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}
