// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "items/hpachartseries.h"

#include <QWidget>

class QButtonGroup;
class QCustomPlot;
class QLabel;
class QStackedWidget;

// The history of the selected HPAs as a chart: current and desired replicas as step lines in
// the filled band between min and max, each metric against its target on the right axis,
// events and condition changes as markers (hover for the message). Drag pans and the wheel
// zooms the time axis; 1h/6h/24h/7d reset it. Everything drawn is read through the history
// lookup when the selection, the range or the data change; nothing is kept besides.
class HpaChartView : public QWidget
{
    Q_OBJECT
public:
    explicit HpaChartView(QWidget* parent = nullptr);
    ~HpaChartView() override;

    // Where history is read from; null: none is recorded (the empty state says so).
    void setHistoryLookup(minato::analysis::HpaHistoryLookup lookup);
    // The HPAs to draw, overlaid (the table's selected rows).
    void setHpas(const QList<minato::history::HpaKey>& keys);
    QList<minato::history::HpaKey> hpas() const { return m_keys; }
    void setRange(minato::items::ChartRange range);
    minato::items::ChartRange range() const { return m_range; }
    // Reads the lookup again (new samples); a zoom or pan the user made stays.
    void refresh();

    // What the chart shows now, for tests: the series read, the graphs and their points.
    const QList<minato::items::HpaChartSeries>& series() const { return m_series; }
    int graphCount() const;
    int dataPointCount() const;
    bool isShowingEmptyState() const;
    QString emptyText() const;
    QCustomPlot* plot() const { return m_plot; }
    // The tooltip text of the marker nearest to a point of the plot within a few pixels, or "".
    QString markerTextAt(const QPoint& position) const;

private:
    struct PlacedMarker
    {
        double time = 0;
        double value = 0;
        QString text;
    };

    void draw();
    void showEmpty(const QString& text);
    void applyRange(bool keepZoom);

    minato::analysis::HpaHistoryLookup m_history;
    QList<minato::history::HpaKey> m_keys;
    minato::items::ChartRange m_range = minato::items::ChartRange::OneHour;
    QList<minato::items::HpaChartSeries> m_series;
    QList<PlacedMarker> m_markers;
    QStackedWidget* m_stack;
    QCustomPlot* m_plot;
    QLabel* m_empty;
    QLabel* m_title;
    QButtonGroup* m_ranges;
    bool m_userZoomed = false;
    bool m_settingRange = false;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
};
