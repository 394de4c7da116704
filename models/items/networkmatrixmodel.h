// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/networkreport.h"

#include <QAbstractTableModel>

namespace minato::items {

// The fleet network matrix: one row per cluster with its CNI, mode, how its pod traffic
// travels, MTU, pod and service ranges (those overlapping another cluster's marked), BGP
// layout and network findings. Sorting and filtering are the view's proxies.
class NetworkMatrixModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ClusterColumn,
        CniColumn,
        ModeColumn,
        PathsColumn,
        MtuColumn,
        PodCidrsColumn,
        ServiceCidrsColumn,
        BgpColumn,
        FindingsColumn,
        ColumnCount,
    };
    enum Role
    {
        ClusterRole = Qt::UserRole + 1, // the row's cluster name, in every column
        OverlapRole, // bool: a range of this cell overlaps another cluster's
        ProblemRole, // int, 2: the cell shows a problem (overlap, MTU too large, sessions down, critical); else 0
        SortRole, // numbers sort as numbers
    };

    explicit NetworkMatrixModel(QObject* parent = nullptr);

    // Rows in fleet order. Same clusters as before: cells change in place (selection kept).
    void setRows(const QList<analysis::NetworkMatrixRow>& rows);
    const QList<analysis::NetworkMatrixRow>& rows() const { return m_rows; }
    int rowOf(const QString& cluster) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const analysis::NetworkMatrixRow& row, int column) const;
    QString toolTip(const analysis::NetworkMatrixRow& row, int column) const;
    bool problem(const analysis::NetworkMatrixRow& row, int column) const;

    QList<analysis::NetworkMatrixRow> m_rows;
};

} // namespace minato::items
