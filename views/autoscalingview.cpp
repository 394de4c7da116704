// SPDX-License-Identifier: Apache-2.0
#include "autoscalingview.h"

#include "hpachartview.h"
#include "hpatuningdialog.h"
#include "statusdecorationproxy.h"

#include "items/autoscalingfilterproxy.h"
#include "items/autoscalingtablemodel.h"
#include "items/autoscalingworkspace.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

using minato::analysis::CheckVerdict;
using minato::analysis::HpaState;
using minato::items::AutoscalingFilterProxy;
using minato::items::AutoscalingTableModel;

namespace {

constexpr int AnyState = -1;
constexpr int AttentionStates = -2;

QString stateColor(HpaState state)
{
    switch (state) {
    case HpaState::UnableToScale:
        return QStringLiteral("#dc2626");
    case HpaState::Flapping:
    case HpaState::PinnedAtMax:
    case HpaState::Limited:
        return QStringLiteral("#d97706");
    case HpaState::ScalingNormally:
        return QStringLiteral("#16a34a");
    case HpaState::IdleAtMin:
        break;
    }
    return QStringLiteral("#2563eb");
}

// A mark and its colour per verdict: the colours read on light and dark palettes alike.
QString verdictMark(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pass:
        return QStringLiteral("<span style=\"color:#16a34a\">✓</span>");
    case CheckVerdict::Warn:
        return QStringLiteral("<span style=\"color:#d97706\">!</span>");
    case CheckVerdict::Fail:
        return QStringLiteral("<span style=\"color:#dc2626\">✗</span>");
    case CheckVerdict::Unknown:
        break;
    }
    return QStringLiteral("<span style=\"color:#6b7280\">?</span>");
}

QString escaped(const QString& text)
{
    return text.toHtmlEscaped();
}

} // namespace

AutoscalingView::AutoscalingView(minato::items::AutoscalingWorkspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_proxy(new AutoscalingFilterProxy(this))
    , m_decorated(new StatusDecorationProxy(this))
    , m_filter(new QLineEdit(this))
    , m_state(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_chart(new HpaChartView(this))
    , m_diagnosis(new QTextBrowser(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_lower(new QSplitter(Qt::Horizontal, this))
    , m_tune(new QAction(tr("&Tune this HPA…"), this))
{
    setObjectName(QStringLiteral("autoscalingView"));
    m_proxy->setSourceModel(workspace->model());
    m_decorated->setSourceModel(m_proxy);
    m_decorated->setHealthRole(AutoscalingTableModel::ProblemRole, AutoscalingTableModel::StateColumn);

    m_filter->setObjectName(QStringLiteral("autoscalingFilter"));
    m_filter->setPlaceholderText(tr("Filter HPAs (words, cluster:pay, state:unable, !idle)"));
    m_filter->setClearButtonEnabled(true);
    m_state->setObjectName(QStringLiteral("autoscalingState"));
    m_state->setToolTip(tr("State"));
    m_state->addItem(tr("All states"), AnyState);
    m_state->addItem(tr("Needs attention"), AttentionStates);
    for (HpaState state : { HpaState::UnableToScale, HpaState::Flapping, HpaState::PinnedAtMax, HpaState::Limited,
             HpaState::ScalingNormally, HpaState::IdleAtMin })
        m_state->addItem(minato::analysis::hpaStateName(state), int(state));
    m_count->setObjectName(QStringLiteral("autoscalingCount"));
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_state);
    bar->addWidget(m_count);
    // From the table (T, as the browser's single-key operations), the chart's context menu, the
    // diagnosis' link and this button: the one dialog.
    m_tune->setObjectName(QStringLiteral("autoscalingTune"));
    m_tune->setToolTip(tr("Try other min/max, targets, windows and policies on the last 24 h of history; the "
                          "patch goes to the change set (T)"));
    m_tune->setShortcut(QKeySequence(Qt::Key_T));
    m_tune->setShortcutContext(Qt::WidgetShortcut);
    m_tune->setEnabled(false);
    connect(m_tune, &QAction::triggered, this, [this] { openTuning(); });
    auto* tuneButton = new QToolButton(this);
    tuneButton->setObjectName(QStringLiteral("autoscalingTuneButton"));
    tuneButton->setDefaultAction(m_tune);
    tuneButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addWidget(tuneButton);

    m_table->setObjectName(QStringLiteral("autoscalingTable"));
    m_table->setModel(m_decorated);
    m_table->verticalHeader()->hide();
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // fleet order until a header is clicked
    // The state is what one looks for first: beside the HPA's name (the model keeps its order).
    m_table->horizontalHeader()->moveSection(AutoscalingTableModel::StateColumn, AutoscalingTableModel::TargetColumn);
    m_table->horizontalHeader()->setSectionsMovable(true);

    m_diagnosis->setObjectName(QStringLiteral("autoscalingDiagnosis"));
    m_diagnosis->setOpenLinks(false);
    connect(m_diagnosis, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.toString() == QLatin1String("minato:tune"))
            openTuning();
    });
    m_table->addAction(m_tune);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_chart->addAction(m_tune);
    m_chart->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_diagnosis->setMinimumWidth(320);

    m_lower->setObjectName(QStringLiteral("autoscalingLowerSplitter"));
    m_lower->addWidget(m_chart);
    m_lower->addWidget(m_diagnosis);
    m_lower->setStretchFactor(0, 3);
    m_lower->setStretchFactor(1, 2);
    m_lower->setSizes({ 600, 420 });
    m_splitter->setObjectName(QStringLiteral("autoscalingSplitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_lower);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({ 320, 520 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);
    setFocusProxy(m_table);

    m_chart->setHistoryLookup(workspace->historyLookup());
    connect(workspace, &minato::items::AutoscalingWorkspace::historyLookupChanged, this,
        [this] { m_chart->setHistoryLookup(m_workspace->historyLookup()); });
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &AutoscalingFilterProxy::setFilterText);
    connect(m_state, &QComboBox::currentIndexChanged, this, &AutoscalingView::stateFilterChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AutoscalingView::currentChanged);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AutoscalingView::selectionChanged);
    connect(workspace, &minato::items::AutoscalingWorkspace::rowsUpdated, this, &AutoscalingView::rowsUpdated);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &AutoscalingView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &AutoscalingView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &AutoscalingView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &AutoscalingView::updateCount);
    updateCount();
    showDiagnosis();
}

minato::history::HpaKey AutoscalingView::currentHpa() const
{
    return AutoscalingTableModel::keyOf(m_table->currentIndex());
}

QModelIndex AutoscalingView::viewIndexOf(const minato::history::HpaKey& key) const
{
    const int row = m_workspace->model()->rowOf(key);
    if (row < 0)
        return {};
    return m_decorated->mapFromSource(m_proxy->mapFromSource(m_workspace->model()->index(row, 0)));
}

void AutoscalingView::selectOnly(const QModelIndex& index)
{
    // The chart overlays the selected rows: a row chosen from code is the only one.
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

bool AutoscalingView::selectHpa(const minato::history::HpaKey& key)
{
    const QModelIndex index = viewIndexOf(key);
    if (!index.isValid())
        return false;
    selectOnly(index);
    return true;
}

void AutoscalingView::showCluster(const QString& cluster)
{
    m_pendingCluster.clear();
    for (int row = 0; row < m_decorated->rowCount(); ++row) {
        const QModelIndex index = m_decorated->index(row, 0);
        if (index.data(AutoscalingTableModel::ClusterRole).toString() == cluster) {
            selectOnly(index);
            return;
        }
    }
    m_pendingCluster = cluster; // its rows are not in yet
}

HpaTuningDialog* AutoscalingView::openTuning()
{
    const minato::history::HpaKey key = currentHpa();
    const minato::analysis::AutoscalingRow* row = key.cluster.isEmpty() ? nullptr : m_workspace->row(key);
    if (!row)
        return nullptr;
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = toMs - 24 * 3600 * 1000LL;
    std::optional<minato::history::HpaTimeline> timeline;
    if (m_workspace->historyLookup())
        timeline = m_workspace->historyLookup()(key, fromMs, toMs);
    auto* dialog = new HpaTuningDialog(
        minato::items::HpaTuningDraft(row->cluster, row->hpa, timeline.value_or(minato::history::HpaTimeline {}), fromMs, toMs),
        this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Q_EMIT tuningRequested(dialog->draft().request(), dialog->draft().target());
    });
    dialog->open();
    return dialog;
}

void AutoscalingView::currentChanged(const QModelIndex& current)
{
    showDiagnosis();
    if (!current.isValid())
        return;
    const minato::history::HpaKey key = AutoscalingTableModel::keyOf(current);
    Q_EMIT objectRequested(key.cluster, minato::fleet::WatchedKind::HorizontalPodAutoscalers, key.nameSpace, key.name);
}

void AutoscalingView::selectionChanged()
{
    QList<minato::history::HpaKey> keys;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        keys.append(AutoscalingTableModel::keyOf(index));
    if (keys.isEmpty() && m_table->currentIndex().isValid())
        keys.append(currentHpa());
    m_chart->setHpas(keys);
}

void AutoscalingView::rowsUpdated(const QString& cluster)
{
    // Columns follow their content while rows arrive; later updates leave the user's widths.
    if (m_workspace->model()->rowCount() != m_sizedRows) {
        m_sizedRows = m_workspace->model()->rowCount();
        fitColumns();
    }
    if (!m_pendingCluster.isEmpty() && m_pendingCluster == cluster)
        showCluster(cluster);
    else if (!m_table->currentIndex().isValid() && m_decorated->rowCount() > 0 && m_pendingCluster.isEmpty())
        selectOnly(m_decorated->index(0, 0));
    updateCount();
    const minato::history::HpaKey current = currentHpa();
    if (current.cluster == cluster)
        showDiagnosis();
    for (const minato::history::HpaKey& key : m_chart->hpas()) {
        if (key.cluster == cluster) {
            m_chart->refresh(); // new samples were likely recorded meanwhile
            break;
        }
    }
}

void AutoscalingView::fitColumns()
{
    m_table->resizeColumnsToContents();
    // Long metric lists and condition reasons would push the state out of view: the cell's
    // tooltip and the diagnosis have the whole text.
    QHeaderView* header = m_table->horizontalHeader();
    for (const auto& [column, widest] : { std::pair { int(AutoscalingTableModel::MetricsColumn), 300 },
             std::pair { int(AutoscalingTableModel::ConditionsColumn), 260 },
             std::pair { int(AutoscalingTableModel::TargetColumn), 200 } })
        header->resizeSection(column, std::min(header->sectionSize(column), widest));
}

void AutoscalingView::stateFilterChanged()
{
    const int choice = m_state->currentData().toInt();
    if (choice == AnyState)
        m_proxy->setStates({});
    else if (choice == AttentionStates)
        m_proxy->setStates(AutoscalingFilterProxy::attentionStates());
    else
        m_proxy->setStates({ HpaState(choice) });
    updateCount();
}

void AutoscalingView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_workspace->model()->rowCount();
    int unable = 0;
    int attention = 0;
    for (const minato::analysis::AutoscalingRow& r : m_workspace->rows()) {
        if (r.diagnosis.state == HpaState::UnableToScale)
            ++unable;
        else if (AutoscalingFilterProxy::attentionStates().contains(r.diagnosis.state))
            ++attention;
    }
    QString text = shown == total ? tr("%n HPA(s)", nullptr, total) : tr("%1 of %n HPA(s)", nullptr, total).arg(shown);
    if (unable)
        text += tr(" · %1 unable to scale").arg(unable);
    if (attention)
        text += tr(" · %1 to look at").arg(attention);
    m_count->setText(text);
}

void AutoscalingView::showDiagnosis()
{
    const minato::history::HpaKey key = currentHpa();
    const minato::analysis::AutoscalingRow* row = key.cluster.isEmpty() ? nullptr : m_workspace->row(key);
    m_tune->setEnabled(row != nullptr);
    if (!row) {
        m_diagnosis->setHtml(tr("<p style=\"color:#6b7280\">Select an HPA to see why it scales or does not.</p>"));
        return;
    }
    const minato::analysis::HpaDiagnosis& d = row->diagnosis;
    QString html;
    html += QStringLiteral("<p><b>%1</b> %2 → %3</p>")
                .arg(escaped(row->cluster), escaped(row->hpa.meta.id()), escaped(row->target()));
    html += QStringLiteral("<p><b style=\"color:%1\">%2</b>: <b>%3</b></p>")
                .arg(stateColor(d.state), escaped(minato::analysis::hpaStateName(d.state)), escaped(d.cause));
    html += tr("<p>replicas min %1 · current %2 · desired %3 · max %4<br>")
                .arg(row->hpa.minReplicas)
                .arg(row->hpa.currentReplicas)
                .arg(row->hpa.desiredReplicas)
                .arg(row->hpa.maxReplicas);
    if (d.activity.fromHistory)
        html += tr("activity from the recorded history: %n rescale(s) in 24 h", nullptr, row->scaleEvents);
    else
        html += tr("no history recorded yet: activity from the controller's events (%n rescale(s) in 24 h)", nullptr,
            row->scaleEvents);
    html += QStringLiteral("</p><table cellspacing=\"0\" cellpadding=\"3\">");
    for (const minato::analysis::DiagnosisStep& step : d.steps) {
        html += QStringLiteral("<tr><td valign=\"top\"><b>%1</b></td><td valign=\"top\"><b>%2</b>")
                    .arg(verdictMark(step.verdict), escaped(step.title));
        if (!step.detail.isEmpty())
            html += QStringLiteral("<br>") + escaped(step.detail);
        for (const minato::analysis::Evidence& e : step.evidence)
            html += QStringLiteral("<br><span style=\"color:#6b7280\">%1:</span> <code>%2</code>")
                        .arg(escaped(e.field), escaped(e.value));
        html += QStringLiteral("</td></tr>");
    }
    html += QStringLiteral("</table>");
    html += tr("<p><a href=\"minato:tune\">Tune this HPA…</a> <span style=\"color:#6b7280\">(try settings on the "
               "recorded history; the patch goes to the change set)</span></p>");
    m_diagnosis->setHtml(html);
}
