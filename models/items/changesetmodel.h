// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/change.h"
#include "export/schemafindings.h"
#include "util/expected.h"

#include <QAbstractTableModel>

namespace minato::items {

// The open change set as a table, one row per object (a second operation on an object folds
// into its row, see changefold.h). Edits come through its methods, which emit row signals
// (only setChangeSet() resets) and changeSetEdited(), the cue to save it.
class ChangeSetModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        OperationColumn,
        ClusterColumn,
        ObjectColumn,
        SummaryColumn,
        IssuesColumn, // warnings and schema errors
        NumColumns
    };
    enum Roles
    {
        ChangeRole = Qt::UserRole, // the whole changes::Change
        DiffRole, // unified diff of the manifest before → after (YAML), for the diff pane
        PatchYamlRole, // the patch as exported, empty for plan-only changes
        PlanYamlRole, // the plan document as exported (drain, delete), else empty
        AfterYamlRole, // the manifest after the change, what "Edit" starts from
    };

    explicit ChangeSetModel(QObject* parent = nullptr);

    const changes::ChangeSet& changeSet() const { return m_set; }
    const changes::Change& change(int row) const { return m_set.changes.at(row); }
    // Replaces everything (a loaded or a new change set).
    void setChangeSet(const changes::ChangeSet& set);
    void setTitle(const QString& title);
    void setReason(const QString& reason);
    // Appends the change, or folds it into the row of the same object. Returns its row.
    int addChange(const changes::Change& change);
    void removeChanges(QList<int> rows);
    // An edited manifest: `after` replaced, the patch recomputed from before → after.
    void replaceAfter(int row, const QJsonObject& after);
    // What validation against the clusters' OpenAPI schemas found: per row in the issues
    // column, and in the README preview and the export.
    void setSchemaFindings(const changes::SchemaFindings& findings);
    const changes::SchemaFindings& schemaFindings() const { return m_findings; }
    QStringList schemaErrors(int row) const; // "spec.replicas: expected integer, got string"
    void clear();
    // Replaces the manifest after the change with this YAML (one object of the same kind and
    // name). Returns why it was refused, or an empty string.
    QString editAfterYaml(int row, const QString& yaml);
    // Where exportTo(parentDir) writes, and the atomic export itself (see changesetexporter.h).
    QString exportFolder(const QString& parentDir) const;
    Expected<QString> exportTo(const QString& parentDir, bool overwrite) const;
    // The export's README.md for the change set as it stands (the panel's preview).
    QString readmePreview() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void changeSetEdited();

private:
    changes::ChangeSet m_set;
    changes::SchemaFindings m_findings;
};

} // namespace minato::items

