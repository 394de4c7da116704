// SPDX-License-Identifier: Apache-2.0
#include "findingsview.h"

#include "statusdecorationproxy.h"

#include "analysis/finding.h"
#include "items/findingsfilterproxy.h"
#include "items/findingsmodel.h"
#include "items/fleetoverviewmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using minato::analysis::Severity;
using minato::items::FindingsModel;

namespace {

// Keeps the user's choice when the fleet's list changes under the combo.
void setItems(QComboBox* combo, const QString& anyText, QStringList values)
{
    values.removeAll(QString());
    values.removeDuplicates();
    values.sort(Qt::CaseInsensitive);
    const QString current = combo->currentData().toString();
    QStringList existing;
    for (int i = 1; i < combo->count(); ++i)
        existing << combo->itemData(i).toString();
    if (existing == values && combo->count() > 0)
        return;
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(anyText, QString());
    for (const QString& value : std::as_const(values))
        combo->addItem(value, value);
    const int index = combo->findData(current);
    // A filter restored before the fleet loaded stays until its value shows up.
    if (index < 0 && !current.isEmpty())
        combo->addItem(current, current);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

} // namespace

FindingsView::FindingsView(QAbstractItemModel* findings, minato::items::FleetOverviewModel* fleet, QWidget* parent)
    : QWidget(parent)
    , m_fleet(fleet)
    , m_proxy(new minato::items::FindingsFilterProxy(this))
    , m_decorations(new StatusDecorationProxy(this))
    , m_team(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_severity(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_details(new QLabel(this))
    , m_count(new QLabel(this))
{
    setObjectName(QStringLiteral("findingsView"));
    m_proxy->setSourceModel(findings);
    m_decorations->setSourceModel(m_proxy);
    m_decorations->setSeverityColumn(FindingsModel::SeverityColumn, FindingsModel::SeverityRole);

    m_team->setObjectName(QStringLiteral("findingsTeam"));
    m_team->setToolTip(tr("Team"));
    m_environment->setObjectName(QStringLiteral("findingsEnvironment"));
    m_environment->setToolTip(tr("Environment"));
    m_team->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_environment->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillFleetCombos();
    m_severity->setObjectName(QStringLiteral("findingsSeverity"));
    m_severity->setToolTip(tr("Minimum severity"));
    m_severity->addItem(tr("Info and worse"), int(Severity::Info));
    m_severity->addItem(tr("Warning and worse"), int(Severity::Warning));
    m_severity->addItem(tr("Critical only"), int(Severity::Critical));
    m_filter->setObjectName(QStringLiteral("findingsFilter"));
    m_filter->setPlaceholderText(tr("filter findings (title, object, cluster, rule, evidence)"));
    m_filter->setClearButtonEnabled(true);

    connect(m_team, &QComboBox::currentIndexChanged, this, [this] { m_proxy->setTeam(m_team->currentData().toString()); });
    connect(m_environment, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setEnvironment(m_environment->currentData().toString()); });
    connect(m_severity, &QComboBox::currentIndexChanged, this,
        [this] { m_proxy->setMinimumSeverity(Severity(m_severity->currentData().toInt())); });
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &minato::items::FindingsFilterProxy::setText);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_tree->setFocus();
        if (!m_tree->currentIndex().isValid() && m_decorations->rowCount() > 0)
            m_tree->setCurrentIndex(m_decorations->index(0, 0));
    });
    // The overview rebuilds its rows when the fleet changes; that is when teams change.
    connect(fleet, &QAbstractItemModel::modelReset, this, &FindingsView::fillFleetCombos);
    connect(fleet, &QAbstractItemModel::rowsInserted, this, &FindingsView::fillFleetCombos);

    m_tree->setObjectName(QStringLiteral("findingsTree"));
    m_tree->setModel(m_decorations);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    // Ascending on the severity column is the proxy's triage order: worst, then newest.
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(FindingsModel::SeverityColumn, Qt::AscendingOrder);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(FindingsModel::TitleColumn, QHeaderView::Stretch);
    // Team and environment are the filters above; the columns would repeat them on every row.
    m_tree->setColumnHidden(FindingsModel::TeamColumn, true);
    m_tree->setColumnHidden(FindingsModel::EnvironmentColumn, true);
    connect(m_tree, &QTreeView::activated, this, &FindingsView::activate);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FindingsView::showDetails);
    connect(m_decorations, &QAbstractItemModel::rowsInserted, this, &FindingsView::fitColumnsOnce);
    connect(m_decorations, &QAbstractItemModel::rowsInserted, this, [this] { showDetails(m_tree->currentIndex()); });
    connect(m_decorations, &QAbstractItemModel::rowsRemoved, this, [this] { showDetails(m_tree->currentIndex()); });
    connect(m_decorations, &QAbstractItemModel::modelReset, this, [this] { showDetails(m_tree->currentIndex()); });
    connect(m_decorations, &QAbstractItemModel::layoutChanged, this, [this] { showDetails(m_tree->currentIndex()); });

    m_details->setObjectName(QStringLiteral("findingDetails"));
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_count->setObjectName(QStringLiteral("findingsCount"));

    auto* filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_team);
    filters->addWidget(m_environment);
    filters->addWidget(m_severity);
    filters->addWidget(m_filter, 1);
    filters->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(filters);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_details);
    setFocusProxy(m_tree);
    showDetails({});
}

void FindingsView::fillFleetCombos()
{
    QStringList teams;
    QStringList environments;
    for (const QString& name : m_fleet->clusterNames()) {
        const auto* cluster = m_fleet->cluster(name);
        teams << cluster->team;
        environments << cluster->environment;
    }
    setItems(m_team, tr("All teams"), teams);
    setItems(m_environment, tr("All environments"), environments);
}

void FindingsView::fitColumnsOnce()
{
    if (!std::exchange(m_fitPending, false))
        return;
    for (int column = 0; column < m_decorations->columnCount(); ++column) {
        if (column != FindingsModel::TitleColumn)
            m_tree->resizeColumnToContents(column);
    }
    // The first findings come from one or two clusters; the column must fit every name the
    // fleet has, or later rows read "data-leg…".
    int widest = 0;
    for (const QString& name : m_fleet->clusterNames())
        widest = std::max(widest, m_tree->fontMetrics().horizontalAdvance(name));
    const int padding = 2 * m_tree->style()->pixelMetric(QStyle::PM_HeaderMargin) + 8;
    if (widest + padding > m_tree->columnWidth(FindingsModel::ClusterColumn))
        m_tree->setColumnWidth(FindingsModel::ClusterColumn, widest + padding);
}

void FindingsView::activate(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const auto object = index.data(FindingsModel::ObjectRole).value<minato::analysis::ObjectRef>();
    const QString kind = object.kind == QLatin1String("Cluster") ? QString() : object.kind;
    Q_EMIT objectRequested(object.cluster, kind, object.nameSpace, object.name);
}

void FindingsView::showDetails(const QModelIndex& index)
{
    const int shown = m_proxy->rowCount();
    const int total = m_proxy->sourceModel() ? m_proxy->sourceModel()->rowCount() : 0;
    m_count->setText(shown == total ? tr("%n finding(s)", nullptr, total) : tr("%1 of %2").arg(shown).arg(total));
    if (!index.isValid()) {
        m_details->setText(tr("<i>Select a finding to see its evidence; Enter opens its object.</i>"));
        return;
    }
    const QModelIndex first = index.siblingAtColumn(0);
    const QString rule = first.data(FindingsModel::RuleIdRole).toString();
    const QString evidence = first.data(FindingsModel::EvidenceRole).toString();
    const QDateTime since = first.data(FindingsModel::FirstSeenRole).toDateTime();
    m_details->setText(tr("<b>%1</b> · %2 · since %3<br>%4")
                           .arg(rule.toHtmlEscaped(),
                               index.siblingAtColumn(FindingsModel::ObjectColumn).data().toString().toHtmlEscaped(),
                               QLocale().toString(since.toLocalTime(), QLocale::ShortFormat),
                               evidence.toHtmlEscaped()));
}

void FindingsView::restoreSettings(const QSettings& settings)
{
    auto select = [](QComboBox* combo, const QString& value) {
        int index = combo->findData(value);
        if (index < 0 && !value.isEmpty()) {
            // The fleet is not loaded yet: keep the filter; fillFleetCombos() keeps it too.
            combo->addItem(value, value);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(std::max(0, index));
    };
    select(m_team, settings.value(QStringLiteral("findingsTeam")).toString());
    select(m_environment, settings.value(QStringLiteral("findingsEnvironment")).toString());
    m_severity->setCurrentIndex(
        std::max(0, m_severity->findData(settings.value(QStringLiteral("findingsSeverity"), 0).toInt())));
    m_filter->setText(settings.value(QStringLiteral("findingsFilter")).toString());
    m_tree->header()->restoreState(settings.value(QStringLiteral("findingsHeader")).toByteArray());
}

void FindingsView::saveSettings(QSettings& settings) const
{
    settings.setValue(QStringLiteral("findingsTeam"), m_team->currentData().toString());
    settings.setValue(QStringLiteral("findingsEnvironment"), m_environment->currentData().toString());
    settings.setValue(QStringLiteral("findingsSeverity"), m_severity->currentData().toInt());
    settings.setValue(QStringLiteral("findingsFilter"), m_filter->text());
    settings.setValue(QStringLiteral("findingsHeader"), m_tree->header()->saveState());
}
