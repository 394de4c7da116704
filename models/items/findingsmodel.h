// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/findingsdelta.h"

#include <QAbstractTableModel>
#include <QHash>

namespace minato::items {

// The live findings of the fleet, one row per finding, in arrival order (sorting and
// filtering belong to FindingsFilterProxy). Fed by FindingTracker::findingsChanged through
// apply(), which inserts, changes and removes rows; only setFindings() resets.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        SeverityColumn,
        ClusterColumn,
        TeamColumn,
        EnvironmentColumn,
        NamespaceColumn,
        ObjectColumn,
        TitleColumn,
        LastSeenColumn,
        NumColumns
    };
    enum Roles
    {
        SortRole = Qt::UserRole, // typed per column: severity rank, text, epoch ms
        SeverityRole, // int(analysis::Severity): larger is worse
        FindingKeyRole, // Finding::key(): stable across evaluations
        ClusterRole, // context name
        ObjectRole, // analysis::ObjectRef: what selecting the row opens
        RuleIdRole,
        TeamRole,
        EnvironmentRole,
        EvidenceRole, // "field=value, …"
        FirstSeenRole, // QDateTime
        LastSeenRole, // QDateTime
        FindingRole, // the whole analysis::Finding
    };

    explicit FindingsModel(QObject* parent = nullptr);

    // Replaces everything (a new fleet): the one place the model resets.
    void setFindings(const QList<analysis::Finding>& findings);
    const analysis::Finding* findingAt(int row) const;
    int rowOfKey(const QString& key) const; // -1 when absent

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // One cluster's evaluation: rows removed, then changed in place, then appended.
    void apply(const minato::analysis::FindingsDelta& delta);

private:
    void removeFindingRows(QList<int> rows);
    void emitChanged(QList<int> rows, int firstColumn, int lastColumn);
    void reindex();

    QList<analysis::Finding> m_findings;
    QHash<QString, int> m_rowByKey;
};

} // namespace minato::items
