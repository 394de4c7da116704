// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIdentityProxyModel>

// Paints what the core models only name: a coloured dot for a cluster's state or a finding's
// severity, a colour for a failing row. The colours read on light and dark palettes alike.
class StatusDecorationProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit StatusDecorationProxy(QObject* parent = nullptr);

    // The column whose decoration shows the state from stateRole (-1: none).
    void setStateColumn(int column, int stateRole);
    // The column whose decoration shows an analysis::Severity (as int) from severityRole.
    void setSeverityColumn(int column, int severityRole);
    // Rows whose healthRole is 2 get a red text, 1 an amber one (-1: none).
    void setHealthRole(int role, int column = -1);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    int m_stateColumn = -1;
    int m_stateRole = -1;
    int m_healthRole = -1;
    int m_healthColumn = -1;
    int m_severityColumn = -1;
    int m_severityRole = -1;
};
