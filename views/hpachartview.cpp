// SPDX-License-Identifier: Apache-2.0
#include "hpachartview.h"

#include "plotsupport.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using minato::items::ChartRange;
using minato::items::HpaChartSeries;

namespace {

// Distinct on light and dark backgrounds; an overlay takes them in turn.
const QColor SeriesColors[] = {
    QColor(0x25, 0x63, 0xeb),
    QColor(0xea, 0x58, 0x0c),
    QColor(0x16, 0xa3, 0x4a),
    QColor(0x93, 0x33, 0xea),
    QColor(0x0d, 0x94, 0x88),
    QColor(0xdb, 0x27, 0x77),
};
const QColor MetricColors[] = {
    QColor(0xd9, 0x77, 0x06),
    QColor(0x7c, 0x3a, 0xed),
    QColor(0x05, 0x96, 0x69),
    QColor(0xbe, 0x18, 0x5d),
};
const QColor WarningColor(0xdc, 0x26, 0x26);
const QColor NormalColor(0x64, 0x74, 0x8b);

QColor seriesColor(qsizetype i)
{
    return SeriesColors[i % qsizetype(std::size(SeriesColors))];
}

QColor metricColor(qsizetype series, qsizetype metric, qsizetype seriesCount)
{
    // One HPA: a colour per metric. Several: the HPA's colour, lighter per metric.
    if (seriesCount == 1)
        return MetricColors[metric % qsizetype(std::size(MetricColors))];
    return seriesColor(series).lighter(int(130 + 20 * metric));
}

void setData(QCPGraph* graph, const QList<QPointF>& points)
{
    QVector<QCPGraphData> data;
    data.reserve(points.size());
    for (const QPointF& p : points)
        data.append(QCPGraphData(p.x(), p.y()));
    graph->data()->set(data, true); // in time order already; a NaN value breaks the line
}

double maxOf(const QList<QPointF>& points, double start)
{
    for (const QPointF& p : points)
        if (!std::isnan(p.y()))
            start = std::max(start, p.y());
    return start;
}

} // namespace

HpaChartView::HpaChartView(QWidget* parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_plot(new QCustomPlot(this))
    , m_empty(new QLabel(this))
    , m_title(new QLabel(this))
    , m_ranges(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("hpaChartView"));
    m_plot->setObjectName(QStringLiteral("hpaChart"));
    m_empty->setObjectName(QStringLiteral("hpaChartEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setMargin(24);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setObjectName(QStringLiteral("hpaChartTitle"));
    m_title->setTextFormat(Qt::RichText);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_title, 1);
    for (ChartRange range : minato::items::allChartRanges()) {
        auto* button = new QToolButton(this);
        button->setObjectName(QStringLiteral("hpaRange") + minato::items::chartRangeLabel(range));
        button->setText(minato::items::chartRangeLabel(range));
        button->setToolTip(tr("Show the last %1 (resets zoom and pan)").arg(minato::items::chartRangeLabel(range)));
        button->setCheckable(true);
        button->setChecked(range == m_range);
        button->setAutoRaise(true);
        m_ranges->addButton(button, int(range));
        top->addWidget(button);
    }
    m_ranges->setExclusive(true);
    connect(m_ranges, &QButtonGroup::idClicked, this, [this](int id) { setRange(ChartRange(id)); });

    m_stack->addWidget(m_plot);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);

    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm\nd MMM"));
    ticker->setTickCount(6);
    m_plot->xAxis->setTicker(ticker);
    m_plot->yAxis->setLabel(tr("replicas"));
    m_plot->yAxis2->setLabel(tr("metric (current / target)"));
    m_plot->yAxis2->setTickLabels(true);
    m_plot->legend->setVisible(true);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    m_plot->legend->setFont(legendFont);
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    // The legend in a row of its own below the axes, so it never covers the curves.
    auto* legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(4);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    // A solid pen wider than 1 px over a day of noisy 15 s samples (5,760 points) is stroked as
    // one long polyline by the raster engine: ~100 ms per metric line and replot. Drawn as line
    // segments (QCustomPlot's fast polylines) the same chart replots in a few ms and looks the
    // same (bench_autoscaling, docs/performance.md).
    m_plot->setPlottingHint(QCP::phFastPolylines, true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
        if (!m_settingRange)
            m_userZoomed = true;
    });
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        const QString text = markerTextAt(event->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
    });
    draw();
}

HpaChartView::~HpaChartView() = default;

void HpaChartView::setHistoryLookup(minato::analysis::HpaHistoryLookup lookup)
{
    m_history = std::move(lookup);
    refresh();
}

void HpaChartView::setHpas(const QList<minato::history::HpaKey>& keys)
{
    if (keys == m_keys)
        return;
    m_keys = keys;
    m_userZoomed = false;
    refresh();
}

void HpaChartView::setRange(ChartRange range)
{
    m_range = range;
    if (QAbstractButton* button = m_ranges->button(int(range)))
        button->setChecked(true);
    m_userZoomed = false;
    refresh();
}

void HpaChartView::refresh()
{
    m_toMs = QDateTime::currentMSecsSinceEpoch();
    m_fromMs = m_toMs - minato::items::chartRangeMs(m_range);
    QList<minato::history::HpaTimeline> timelines;
    if (m_history) {
        for (const minato::history::HpaKey& key : std::as_const(m_keys)) {
            std::optional<minato::history::HpaTimeline> timeline = m_history(key, m_fromMs, m_toMs);
            if (!timeline)
                continue;
            if (timeline->key.cluster.isEmpty())
                timeline->key = key;
            timelines.append(std::move(*timeline));
        }
    }
    m_series = HpaChartSeries::overlay(timelines, m_fromMs, m_toMs);
    m_series.removeIf([](const HpaChartSeries& s) { return !s.hasData() && s.events.isEmpty() && s.changes.isEmpty(); });
    draw();
}

void HpaChartView::showEmpty(const QString& text)
{
    m_empty->setText(text);
    m_stack->setCurrentWidget(m_empty);
}

bool HpaChartView::isShowingEmptyState() const
{
    return m_stack->currentWidget() == m_empty;
}

QString HpaChartView::emptyText() const
{
    return isShowingEmptyState() ? m_empty->text() : QString();
}

int HpaChartView::graphCount() const
{
    return m_plot->graphCount();
}

int HpaChartView::dataPointCount() const
{
    int n = 0;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        n += m_plot->graph(i)->data()->size();
    return n;
}

QString HpaChartView::markerTextAt(const QPoint& position) const
{
    constexpr double reach = 8;
    double best = reach * reach;
    QString text;
    for (const PlacedMarker& m : m_markers) {
        const double dx = m_plot->xAxis->coordToPixel(m.time) - position.x();
        const double dy = m_plot->yAxis->coordToPixel(m.value) - position.y();
        if (dx * dx + dy * dy <= best) {
            best = dx * dx + dy * dy;
            text = m.text;
        }
    }
    return text;
}

void HpaChartView::applyRange(bool keepZoom)
{
    m_settingRange = true;
    if (!keepZoom) {
        // History shorter than the range (Minato started a while ago) fills the width instead
        // of hugging the right edge; the preset still bounds how far back it reaches.
        double first = double(m_toMs) / 1000.0;
        for (const HpaChartSeries& s : std::as_const(m_series))
            if (!s.current.isEmpty())
                first = std::min(first, s.current.constFirst().x());
        const double to = double(m_toMs) / 1000.0;
        const double from = std::max(double(m_fromMs) / 1000.0, first - std::max(60.0, (to - first) * 0.05));
        m_plot->xAxis->setRange(from, to);
    }
    m_settingRange = false;
}

void HpaChartView::draw()
{
    m_plot->clearGraphs();
    m_markers.clear();
    QStringList labels;
    for (const minato::history::HpaKey& key : std::as_const(m_keys))
        labels << minato::items::hpaChartLabel(key);
    m_title->setText(labels.isEmpty() ? QString()
                                      : tr("<b>History</b> · %1").arg(labels.join(QStringLiteral(", ")).toHtmlEscaped()));
    if (m_keys.isEmpty()) {
        showEmpty(tr("Select one or more HPAs in the table to chart their replicas and metrics."));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (m_series.isEmpty()) {
        showEmpty(tr("No history recorded for %1 yet: Minato records every HPA while it runs (or backfills from "
                     "Prometheus, see docs).")
                      .arg(labels.join(QStringLiteral(", "))));
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    m_stack->setCurrentWidget(m_plot);

    const qsizetype count = m_series.size();
    double replicaTop = 1;
    double metricTop = 0;
    bool anyMetric = false;
    QCPScatterStyle warning(QCPScatterStyle::ssTriangle, WarningColor, WarningColor, 9);
    QCPScatterStyle normal(QCPScatterStyle::ssDiamond, NormalColor, NormalColor, 7);
    QCPScatterStyle change(QCPScatterStyle::ssSquare, NormalColor, Qt::white, 7);
    QCPScatterStyle badChange(QCPScatterStyle::ssSquare, WarningColor, Qt::white, 7);
    for (qsizetype i = 0; i < count; ++i) {
        const HpaChartSeries& s = m_series.at(i);
        const QColor color = seriesColor(i);
        const QString prefix = count > 1 ? s.label + QStringLiteral(": ") : QString();

        // The band: max filled down to min.
        QCPGraph* minimum = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
        minimum->setName(prefix + tr("min"));
        minimum->setPen(QPen(color.lighter(150), 1, Qt::DotLine));
        setData(minimum, s.minReplicas);
        QCPGraph* maximum = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
        maximum->setName(prefix + tr("min–max"));
        maximum->setPen(QPen(color.lighter(150), 1, Qt::DotLine));
        QColor fill = color;
        fill.setAlpha(count > 1 ? 22 : 38);
        maximum->setBrush(fill);
        maximum->setChannelFillGraph(minimum);
        setData(maximum, s.maxReplicas);
        minimum->removeFromLegend();
        replicaTop = maxOf(s.maxReplicas, replicaTop);

        QCPGraph* desired = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
        desired->setName(prefix + tr("desired"));
        desired->setPen(QPen(color, 1.5, Qt::DashLine));
        setData(desired, s.desired);
        QCPGraph* current = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
        current->setName(prefix + tr("current"));
        current->setPen(QPen(color, 2.2));
        setData(current, s.current);
        replicaTop = maxOf(s.current, maxOf(s.desired, replicaTop));

        for (qsizetype m = 0; m < s.metrics.size(); ++m) {
            const minato::items::HpaChartMetric& metric = s.metrics.at(m);
            if (metric.current.isEmpty() && metric.target.isEmpty())
                continue;
            anyMetric = true;
            const QColor mc = metricColor(i, m, count);
            QCPGraph* value = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
            value->setName(prefix + metric.label);
            value->setPen(QPen(mc, 1.4));
            setData(value, metric.current);
            QCPGraph* target = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
            target->setName(prefix + metric.label + tr(" target"));
            target->setPen(QPen(mc, 1.2, Qt::DashDotLine));
            setData(target, metric.target);
            metricTop = maxOf(metric.target, maxOf(metric.current, metricTop));
        }

        // Markers: events on the current line, condition and spec changes likewise.
        auto addMarkers = [&](const QList<minato::items::HpaChartMarker>& markers, bool events) {
            QList<QPointF> bad;
            QList<QPointF> fine;
            for (const minato::items::HpaChartMarker& m : markers) {
                const double y = std::isnan(m.replicas) ? 0.0 : m.replicas;
                (m.warning ? bad : fine).append({ m.time, y });
                m_markers.append({ m.time, y, count > 1 ? s.label + QLatin1Char('\n') + m.text : m.text });
            }
            for (int pass = 0; pass < 2; ++pass) {
                const QList<QPointF>& points = pass == 0 ? fine : bad;
                if (points.isEmpty())
                    continue;
                QCPGraph* g = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
                g->setLineStyle(QCPGraph::lsNone);
                g->setScatterStyle(events ? (pass == 0 ? normal : warning) : (pass == 0 ? change : badChange));
                g->setName(prefix
                    + (events ? (pass == 0 ? tr("events") : tr("warning events"))
                              : (pass == 0 ? tr("condition changes") : tr("condition problems"))));
                setData(g, points);
            }
        };
        addMarkers(s.events, true);
        addMarkers(s.changes, false);
    }
    m_plot->yAxis->setRange(0, std::ceil(replicaTop * 1.15) + 0.5);
    m_plot->yAxis2->setVisible(anyMetric);
    if (anyMetric)
        m_plot->yAxis2->setRange(0, metricTop > 0 ? metricTop * 1.2 : 1);
    applyRange(m_userZoomed);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}
