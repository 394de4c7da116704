// SPDX-License-Identifier: Apache-2.0
#include "items/changesetmodel.h"

#include "export/changefold.h"
#include "export/changesetexporter.h"
#include "export/changesetreadme.h"
#include "export/jsonmergepatch.h"
#include "export/mergepatchdiff.h"
#include "export/manifestyaml.h"
#include "export/operations.h"
#include "export/textdiff.h"
#include "util/yamljson.h"

#include <QDir>

#include <algorithm>

namespace minato::items {

using changes::Change;
using changes::PatchType;

ChangeSetModel::ChangeSetModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ChangeSetModel::setChangeSet(const changes::ChangeSet& set)
{
    beginResetModel();
    m_set = set;
    m_findings = {};
    endResetModel();
}

void ChangeSetModel::setTitle(const QString& title)
{
    if (m_set.title == title)
        return;
    m_set.title = title;
    Q_EMIT changeSetEdited();
}

void ChangeSetModel::setReason(const QString& reason)
{
    if (m_set.reason == reason)
        return;
    m_set.reason = reason;
    Q_EMIT changeSetEdited();
}

int ChangeSetModel::addChange(const Change& change)
{
    const auto same = std::find_if(m_set.changes.cbegin(), m_set.changes.cend(),
        [&change](const Change& existing) { return existing.target == change.target; });
    if (same != m_set.changes.cend()) {
        const int row = int(same - m_set.changes.cbegin());
        m_set.changes[row] = changes::foldChange(*same, change);
        Q_EMIT dataChanged(index(row, 0), index(row, NumColumns - 1));
        Q_EMIT changeSetEdited();
        return row;
    }
    const int row = int(m_set.changes.size());
    beginInsertRows({}, row, row);
    m_set.changes.append(change);
    endInsertRows();
    Q_EMIT changeSetEdited();
    return row;
}

void ChangeSetModel::removeChanges(QList<int> rows)
{
    std::sort(rows.begin(), rows.end(), std::greater<>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    bool removed = false;
    for (const int row : std::as_const(rows)) {
        if (row < 0 || row >= m_set.changes.size())
            continue;
        beginRemoveRows({}, row, row);
        m_set.changes.removeAt(row);
        endRemoveRows();
        removed = true;
    }
    if (removed)
        Q_EMIT changeSetEdited();
}

void ChangeSetModel::replaceAfter(int row, const QJsonObject& after)
{
    if (row < 0 || row >= m_set.changes.size())
        return;
    Change& change = m_set.changes[row];
    const bool creation = change.isCreation();
    change.after = after;
    // A new object stays one: its manifest is the whole change, there is nothing to patch.
    if (!creation) {
        change.patch = changes::createMergePatch(change.before, after);
        if (change.patchType == PatchType::None)
            change.patchType = changes::patchTypeFor(change.target.apiVersion);
    }
    if (!change.operation.split(QLatin1Char(',')).contains(QStringLiteral("edit")))
        change.operation += QStringLiteral(",edit");
    Q_EMIT dataChanged(index(row, 0), index(row, NumColumns - 1));
    Q_EMIT changeSetEdited();
}

void ChangeSetModel::setSchemaFindings(const changes::SchemaFindings& findings)
{
    m_findings = findings;
    if (!m_set.changes.isEmpty())
        Q_EMIT dataChanged(index(0, IssuesColumn), index(int(m_set.changes.size()) - 1, IssuesColumn));
}

QStringList ChangeSetModel::schemaErrors(int row) const
{
    QStringList errors;
    if (row < 0 || row >= m_set.changes.size())
        return errors;
    for (const changes::SchemaFinding& finding : m_findings.forObject(m_set.changes.at(row).target))
        errors << finding.path + QStringLiteral(": ") + finding.message;
    return errors;
}

void ChangeSetModel::clear()
{
    changes::ChangeSet empty;
    empty.author = m_set.author;
    empty.created = QDateTime::currentDateTimeUtc();
    setChangeSet(empty);
    Q_EMIT changeSetEdited();
}

QString ChangeSetModel::editAfterYaml(int row, const QString& yaml)
{
    if (row < 0 || row >= m_set.changes.size())
        return tr("No such change.");
    const auto documents = YamlJson::documents(yaml.toUtf8(), tr("the edited manifest"));
    if (!documents)
        return documents.error().message;
    if (documents->size() != 1 || !documents->constFirst().isObject())
        return tr("Expected exactly one object, found %n document(s).", nullptr, int(documents->size()));
    const QJsonObject edited = documents->constFirst().toObject();
    const changes::ObjectRef& target = m_set.changes.at(row).target;
    const changes::ObjectRef editedRef = changes::objectRefOf(target.cluster, edited);
    if (editedRef.kind != target.kind || editedRef.name != target.name || editedRef.namespaceName != target.namespaceName)
        return tr("The manifest must stay %1; it now names %2.").arg(changes::describe(target), changes::describe(editedRef));
    replaceAfter(row, edited);
    return {};
}

QString ChangeSetModel::exportFolder(const QString& parentDir) const
{
    return QDir(parentDir).filePath(changes::changeSetFolderName(m_set));
}

Expected<QString> ChangeSetModel::exportTo(const QString& parentDir, bool overwrite) const
{
    changes::ExportOptions options;
    options.overwrite = overwrite;
    return changes::exportChangeSet(m_set, parentDir, options, &m_findings);
}

QString ChangeSetModel::readmePreview() const
{
    return QString::fromUtf8(changes::changeSetReadme(m_set, &m_findings));
}

int ChangeSetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_set.changes.size());
}

int ChangeSetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NumColumns;
}

QVariant ChangeSetModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Change& change = m_set.changes.at(index.row());
    switch (role) {
    case ChangeRole:
        return QVariant::fromValue(change);
    case DiffRole: {
        // A new object is all added lines, not a diff against "{}".
        const QString before
            = change.before.isEmpty() ? QString() : QString::fromUtf8(changes::manifestYaml(change.before));
        const QString after = change.after.isEmpty() ? QString() : QString::fromUtf8(changes::manifestYaml(change.after));
        return changes::unifiedDiff(before, after, tr("%1 (cluster)").arg(changes::describe(change.target)),
            tr("%1 (after the change)").arg(changes::describe(change.target)));
    }
    case PatchYamlRole:
        return change.patchType == PatchType::None ? QString() : QString::fromUtf8(changes::patchYaml(change));
    case PlanYamlRole:
        return change.plan.isEmpty() ? QString() : QString::fromUtf8(changes::manifestYaml(change.plan));
    case AfterYamlRole:
        return QString::fromUtf8(changes::manifestYaml(change.after.isEmpty() ? change.before : change.after));
    default:
        break;
    }
    const QStringList errors = schemaErrors(index.row());
    if (role == Qt::ToolTipRole && index.column() == IssuesColumn)
        return (change.warnings + errors).join(QLatin1Char('\n'));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case OperationColumn:
        return change.operation;
    case ClusterColumn:
        return change.target.cluster;
    case ObjectColumn:
        return changes::describe(change.target);
    case SummaryColumn:
        return change.summary;
    case IssuesColumn: {
        QStringList parts;
        if (!errors.isEmpty())
            parts << tr("%n schema error(s)", nullptr, int(errors.size()));
        if (!change.warnings.isEmpty())
            parts << tr("%n warning(s)", nullptr, int(change.warnings.size()));
        return parts.join(QStringLiteral(", "));
    }
    default:
        return {};
    }
}

QVariant ChangeSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperationColumn:
        return tr("Operation");
    case ClusterColumn:
        return tr("Cluster");
    case ObjectColumn:
        return tr("Object");
    case SummaryColumn:
        return tr("Change");
    case IssuesColumn:
        return tr("Issues");
    default:
        return {};
    }
}

} // namespace minato::items
