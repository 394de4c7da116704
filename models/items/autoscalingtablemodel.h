// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/autoscalingreport.h"

#include <QAbstractTableModel>

namespace minato::items {

// Every HPA of the fleet, one row each, in fleet order and by namespace/name within a
// cluster: its replica numbers, metrics, conditions, activity and state. A cluster's rows are
// replaced by merging (rows that stay change in place and keep their selection).
class AutoscalingTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ClusterColumn,
        HpaColumn,
        TargetColumn,
        MinColumn,
        CurrentColumn,
        DesiredColumn,
        MaxColumn,
        MetricsColumn,
        ConditionsColumn,
        LastScaleColumn,
        ScaleEventsColumn,
        StateColumn,
        ColumnCount,
    };
    enum Role
    {
        SortRole = Qt::UserRole, // numbers as numbers, the state worst-highest (RowFilterProxy's sort role)
        StateRole, // int of analysis::HpaState, in every column
        ProblemRole, // 2: unable to scale; 1: flapping, pinned at max or limited; else 0
        ClusterRole, // the row's HpaKey, in every column
        NamespaceRole,
        NameRole,
    };

    explicit AutoscalingTableModel(QObject* parent = nullptr);

    // Replaces the rows of one cluster; `clusterOrder` places a cluster not shown yet.
    void setClusterRows(const QString& cluster, QList<analysis::AutoscalingRow> rows, const QStringList& clusterOrder);
    void removeCluster(const QString& cluster);
    // "Last scale" is relative to this moment (the workspace's last evaluation).
    void setNow(qint64 nowMs);

    const QList<analysis::AutoscalingRow>& rows() const { return m_rows; }
    int rowOf(const history::HpaKey& key) const;
    const analysis::AutoscalingRow* row(const history::HpaKey& key) const;
    // The key of the row an index (of this model or a proxy over it) stands for.
    static history::HpaKey keyOf(const QModelIndex& index);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "AbleToScale ✓ ScalingActive ✗ FailedGetPodsMetric"
    static QString conditionsText(const fleet::HpaInfo& hpa);

private:
    QVariant display(const analysis::AutoscalingRow& row, int column) const;
    QVariant sortValue(const analysis::AutoscalingRow& row, int column) const;
    QString toolTip(const analysis::AutoscalingRow& row, int column) const;

    QList<analysis::AutoscalingRow> m_rows;
    qint64 m_nowMs = 0;
};

} // namespace minato::items
