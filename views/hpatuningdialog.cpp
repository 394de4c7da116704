// SPDX-License-Identifier: Apache-2.0
#include "hpatuningdialog.h"

#include "plotsupport.h"

#include "analysis/hpadiagnosis.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

using minato::analysis::HpaReplay;
using minato::analysis::HpaReplaySettings;

namespace {

const QColor RecordedColor(0x64, 0x74, 0x8b);
const QColor NowColor(0x25, 0x63, 0xeb);
const QColor TriedColor(0xea, 0x58, 0x0c);

// How a metric's target is edited: utilization in percent, cpu values in millicores, memory
// values in MiB, anything else in its base unit.
struct TargetUnit
{
    double scale = 1; // spin value × scale = the history's unit
    int decimals = 3;
    QString suffix;
};

TargetUnit unitOf(const minato::fleet::HpaMetric& metric)
{
    if (metric.targetType == minato::fleet::MetricTargetType::Utilization)
        return { 1, 0, QStringLiteral(" %") };
    if (metric.name == QLatin1String("memory"))
        return { 1024.0 * 1024.0, 1, QStringLiteral(" Mi") };
    if (metric.name == QLatin1String("cpu"))
        return { 0.001, 0, QStringLiteral(" m") };
    return {};
}

QString duration(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 60)
        return QObject::tr("%1 min").arg(minutes);
    return QObject::tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
}

void plotReplay(QCPGraph* graph, const HpaReplay& replay)
{
    QVector<QCPGraphData> data;
    data.reserve(replay.points.size());
    for (const minato::analysis::HpaReplayPoint& p : replay.points)
        data.append(QCPGraphData(double(p.timeMs) / 1000.0, p.replicas));
    graph->data()->set(data, true);
    graph->setLineStyle(QCPGraph::lsStepLeft);
}

} // namespace

HpaTuningDialog::HpaTuningDialog(minato::items::HpaTuningDraft draft, QWidget* parent)
    : QDialog(parent)
    , m_draft(std::move(draft))
    , m_plot(new QCustomPlot(this))
    , m_summary(new QLabel(this))
    , m_changes(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("hpaTuningDialog"));
    const minato::fleet::HpaInfo& hpa = m_draft.hpa();
    setWindowTitle(tr("Tune HPA %1 on %2").arg(hpa.meta.id(), m_draft.cluster()));

    m_plot->setObjectName(QStringLiteral("hpaTuningPlot"));
    m_plot->setMinimumSize(560, 260);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm\nd MMM"));
    ticker->setTickCount(6);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("replicas"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    // The legend in a row of its own below the axes, as on the autoscaling chart.
    auto* legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(4);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    const struct
    {
        QString name;
        QColor color;
        Qt::PenStyle style;
        qreal width;
    } graphs[] = {
        { tr("recorded"), RecordedColor, Qt::SolidLine, 4 },
        { tr("its rule now (replayed)"), NowColor, Qt::DashLine, 1.5 },
        { tr("tried settings"), TriedColor, Qt::SolidLine, 2 },
        { tr("tried max"), TriedColor, Qt::DotLine, 1 },
    };
    for (const auto& g : graphs) {
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(g.name);
        QColor color = g.color;
        if (g.width > 3)
            color.setAlpha(110); // the recorded line is wide and pale: the replays read over it
        graph->setPen(QPen(color, g.width, g.style));
    }

    m_summary->setObjectName(QStringLiteral("hpaTuningSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_changes->setObjectName(QStringLiteral("hpaTuningChanges"));
    m_changes->setTextFormat(Qt::RichText);
    m_changes->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to change set"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* right = new QVBoxLayout;
    right->addWidget(m_plot, 1);
    right->addWidget(m_summary);
    auto* note = new QLabel(this);
    note->setWordWrap(true);
    note->setObjectName(QStringLiteral("hpaTuningNote"));
    QString noteText = tr("The replay runs the HPA controller's rule (tolerance, stabilization windows, policies, "
                          "bounds) on the metric values recorded over the last 24 h: the load is taken as measured.");
    if (m_draft.samplesWithMetrics() == 0)
        noteText += QLatin1Char(' ')
            + tr("No metric values were recorded in this window (metrics were failing, or the history comes from a "
                 "Prometheus backfill, which has replicas only): every replay keeps the scale it starts with.");
    note->setText(noteText);
    right->addWidget(note);

    auto* top = new QHBoxLayout;
    top->addWidget(buildForm());
    top->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_changes);
    layout->addWidget(m_buttons);
    edited();
}

HpaTuningDialog::~HpaTuningDialog() = default;

QWidget* HpaTuningDialog::buildForm()
{
    const HpaReplaySettings& now = m_draft.current();
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    auto* replicas = new QGroupBox(tr("Replicas"), box);
    auto* form = new QFormLayout(replicas);
    m_min = new QSpinBox(replicas);
    m_min->setObjectName(QStringLiteral("hpaTuningMin"));
    m_min->setRange(1, 10000);
    m_min->setValue(now.minReplicas);
    m_max = new QSpinBox(replicas);
    m_max->setObjectName(QStringLiteral("hpaTuningMax"));
    m_max->setRange(1, 10000);
    m_max->setValue(now.maxReplicas);
    form->addRow(tr("Min"), m_min);
    form->addRow(tr("Max"), m_max);
    connect(m_min, &QSpinBox::valueChanged, this, &HpaTuningDialog::edited);
    connect(m_max, &QSpinBox::valueChanged, this, &HpaTuningDialog::edited);
    column->addWidget(replicas);

    const QList<minato::fleet::HpaMetric>& metrics = m_draft.hpa().metrics;
    if (!metrics.isEmpty()) {
        auto* targets = new QGroupBox(tr("Targets"), box);
        auto* targetForm = new QFormLayout(targets);
        for (qsizetype i = 0; i < metrics.size(); ++i) {
            const TargetUnit unit = unitOf(metrics.at(i));
            auto* spin = new QDoubleSpinBox(targets);
            spin->setObjectName(QStringLiteral("hpaTuningTarget%1").arg(i));
            spin->setDecimals(unit.decimals);
            spin->setRange(std::pow(10.0, -unit.decimals), 1e12);
            spin->setSuffix(unit.suffix);
            spin->setProperty("scale", unit.scale);
            const double target = now.targets.value(i, minato::history::UnknownValue);
            spin->setValue(std::isnan(target) ? 0 : target / unit.scale);
            spin->setEnabled(!std::isnan(target));
            targetForm->addRow(minato::analysis::hpaMetricLabel(metrics.at(i)), spin);
            connect(spin, &QDoubleSpinBox::valueChanged, this, &HpaTuningDialog::edited);
            m_targets.append(spin);
        }
        column->addWidget(targets);
    }
    column->addWidget(buildDirection(true));
    column->addWidget(buildDirection(false));
    column->addStretch(1);
    return box;
}

QWidget* HpaTuningDialog::buildDirection(bool up)
{
    const HpaReplaySettings& now = m_draft.current();
    auto* group = new QGroupBox(up ? tr("Scale up") : tr("Scale down"), this);
    auto* form = new QFormLayout(group);
    const QString side = up ? QStringLiteral("Up") : QStringLiteral("Down");
    auto* window = new QSpinBox(group);
    window->setObjectName(QStringLiteral("hpaTuningWindow") + side);
    window->setRange(0, 3600);
    window->setSuffix(tr(" s"));
    window->setValue(up ? now.scaleUpWindowSeconds : now.scaleDownWindowSeconds);
    auto* select = new QComboBox(group);
    select->setObjectName(QStringLiteral("hpaTuningSelect") + side);
    select->addItems({ QStringLiteral("Max"), QStringLiteral("Min"), QStringLiteral("Disabled") });
    select->setCurrentText(up ? now.scaleUpSelect : now.scaleDownSelect);
    auto* policies = new QLineEdit(group);
    policies->setObjectName(QStringLiteral("hpaTuningPolicies") + side);
    policies->setPlaceholderText(up ? tr("default: Pods 4/15s + Percent 100/15s") : tr("default: Percent 100/15s"));
    policies->setText(minato::items::scalingPoliciesText(up ? now.scaleUpPolicies : now.scaleDownPolicies));
    policies->setMinimumWidth(policies->fontMetrics().horizontalAdvance(QStringLiteral("Pods 4/15s + Percent 100/15s")) + 16);
    policies->setToolTip(tr("Policies as \"Pods N/Ps\" or \"Percent N/Ps\", joined by +; empty for the controller's "
                            "defaults"));
    form->addRow(tr("Stabilization window"), window);
    form->addRow(tr("Policies"), policies);
    form->addRow(tr("Select"), select);
    if (!m_draft.hasBehavior()) {
        group->setEnabled(false);
        group->setToolTip(tr("This HPA's version has no behavior: windows and policies need autoscaling/v2beta2 or v2"));
    }
    connect(window, &QSpinBox::valueChanged, this, &HpaTuningDialog::edited);
    connect(select, &QComboBox::currentIndexChanged, this, &HpaTuningDialog::edited);
    connect(policies, &QLineEdit::textChanged, this, &HpaTuningDialog::edited);
    (up ? m_upWindow : m_downWindow) = window;
    (up ? m_upSelect : m_downSelect) = select;
    (up ? m_upPolicies : m_downPolicies) = policies;
    return group;
}

void HpaTuningDialog::edited()
{
    if (!m_upPolicies || !m_downPolicies)
        return; // still building the form
    HpaReplaySettings tried = m_draft.current();
    tried.minReplicas = m_min->value();
    tried.maxReplicas = m_max->value();
    for (qsizetype i = 0; i < m_targets.size(); ++i) {
        if (m_targets.at(i)->isEnabled())
            tried.targets[i] = m_targets.at(i)->value() * m_targets.at(i)->property("scale").toDouble();
    }
    tried.scaleUpWindowSeconds = m_upWindow->value();
    tried.scaleDownWindowSeconds = m_downWindow->value();
    tried.scaleUpSelect = m_upSelect->currentText();
    tried.scaleDownSelect = m_downSelect->currentText();
    m_policiesValid = true;
    for (QLineEdit* edit : { m_upPolicies, m_downPolicies }) {
        const auto parsed = minato::items::parseScalingPolicies(edit->text());
        edit->setStyleSheet(parsed ? QString() : QStringLiteral("QLineEdit { color: #dc2626; }"));
        m_policiesValid = m_policiesValid && parsed.has_value();
        if (parsed)
            (edit == m_upPolicies ? tried.scaleUpPolicies : tried.scaleDownPolicies) = *parsed;
    }
    m_draft.setProposed(tried);
    draw();
    summarize();
}

void HpaTuningDialog::draw()
{
    const HpaReplay recorded = m_draft.recorded();
    const HpaReplay tried = m_draft.replayProposed();
    plotReplay(m_plot->graph(0), recorded);
    plotReplay(m_plot->graph(1), m_draft.replayCurrent());
    plotReplay(m_plot->graph(2), tried);
    const double from = double(m_draft.fromMs()) / 1000.0;
    const double to = double(m_draft.toMs()) / 1000.0;
    const double max = m_draft.proposed().maxReplicas;
    m_plot->graph(3)->setData(QVector<double> { from, to }, QVector<double> { max, max }, true);
    // Short histories fill the width rather than hug its right edge.
    const double first = recorded.points.isEmpty() ? from : double(recorded.points.first().timeMs) / 1000.0;
    m_plot->xAxis->setRange(first, to);
    m_plot->yAxis->setRange(0, std::max({ max, double(recorded.peak), double(m_draft.current().maxReplicas) }) * 1.15 + 1);
    m_plot->replot();
}

void HpaTuningDialog::summarize()
{
    const HpaReplay did = m_draft.recorded();
    const HpaReplay now = m_draft.replayCurrent();
    const HpaReplay tried = m_draft.replayProposed();
    const auto row = [](const QString& what, const QString& a, const QString& b, const QString& c) {
        return QStringLiteral("<tr><td>%1</td><td align=\"right\">%2</td><td align=\"right\">%3</td>"
                              "<td align=\"right\"><b>%4</b></td></tr>")
            .arg(what, a, b, c);
    };
    const auto number = [](qint64 n) { return QString::number(n); };
    const auto podHours = [](const HpaReplay& r) { return QString::number(double(r.replicaSeconds) / 3600.0, 'f', 1); };
    QString html = QStringLiteral("<table cellspacing=\"0\" cellpadding=\"2\">");
    html += row(tr("last 24 h"), tr("recorded"), tr("its rule now"), tr("tried"));
    html += row(tr("rescales"), number(did.rescales), number(now.rescales), number(tried.rescales));
    html += row(tr("direction changes"), number(did.directionChanges), number(now.directionChanges),
        number(tried.directionChanges));
    html += row(tr("peak replicas"), number(did.peak), number(now.peak), number(tried.peak));
    html += row(tr("time at max"), duration(did.atMaxMs), duration(now.atMaxMs), duration(tried.atMaxMs));
    html += row(tr("pod-hours"), podHours(did), podHours(now), podHours(tried));
    html += QStringLiteral("</table>");
    m_summary->setText(html);

    const QStringList lines = m_draft.changeLines();
    QString changes;
    if (!m_policiesValid)
        changes = tr("<span style=\"color:#dc2626\">A policy is not \"Pods N/Ps\" or \"Percent N/Ps\".</span>");
    else if (lines.isEmpty())
        changes = tr("No change yet.");
    else
        changes = tr("<b>Patch</b> (in the autoscaling version the cluster serves; goes to the change set, nothing is "
                     "applied): ")
            + lines.join(QStringLiteral(", ")).toHtmlEscaped();
    m_changes->setText(changes);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_policiesValid && !lines.isEmpty());
}
