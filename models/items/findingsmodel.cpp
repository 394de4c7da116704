// SPDX-License-Identifier: Apache-2.0
#include "items/findingsmodel.h"

#include <QLocale>

#include <algorithm>

namespace minato::items {

using analysis::Finding;

namespace {

    QString severityLabel(analysis::Severity severity)
    {
        switch (severity) {
        case analysis::Severity::Critical:
            return FindingsModel::tr("Critical");
        case analysis::Severity::Warning:
            return FindingsModel::tr("Warning");
        case analysis::Severity::Info:
            break;
        }
        return FindingsModel::tr("Info");
    }

    QString objectText(const Finding& finding)
    {
        return finding.object.kind + QLatin1Char('/') + finding.object.name;
    }

    // Calls f(first, last) for each run of consecutive numbers in ascending `rows`.
    template <typename F> void forEachRun(const QList<int>& rows, F f)
    {
        qsizetype i = 0;
        while (i < rows.size()) {
            qsizetype j = i;
            while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
                ++j;
            f(rows.at(i), rows.at(j));
            i = j + 1;
        }
    }

    bool sameButLastSeen(const Finding& a, const Finding& b)
    {
        return a.severity == b.severity && a.title == b.title && a.evidence == b.evidence && a.firstSeen == b.firstSeen
            && a.object == b.object && a.team == b.team && a.environment == b.environment;
    }

} // namespace

FindingsModel::FindingsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void FindingsModel::setFindings(const QList<Finding>& findings)
{
    beginResetModel();
    m_findings = findings;
    reindex();
    endResetModel();
}

const Finding* FindingsModel::findingAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

int FindingsModel::rowOfKey(const QString& key) const
{
    return m_rowByKey.value(key, -1);
}

void FindingsModel::apply(const analysis::FindingsDelta& delta)
{
    QList<int> removed;
    for (const QString& key : delta.removed) {
        const int row = rowOfKey(key);
        if (row >= 0)
            removed << row;
    }
    removeFindingRows(std::move(removed));

    QList<int> changedRows;
    QList<int> touchedRows; // only lastSeen moved
    QList<Finding> appended;
    const auto upsert = [&](const Finding& finding) {
        const QString key = finding.key();
        const int row = rowOfKey(key);
        if (row < 0) {
            if (!m_rowByKey.contains(key)) {
                m_rowByKey.insert(key, -2); // appended below; keeps duplicates out
                appended << finding;
            }
            return;
        }
        Finding& current = m_findings[row];
        (sameButLastSeen(current, finding) ? touchedRows : changedRows) << row;
        current = finding;
    };
    for (const Finding& finding : delta.updated)
        upsert(finding);
    for (const Finding& finding : delta.added)
        upsert(finding);
    emitChanged(std::move(changedRows), 0, NumColumns - 1);
    emitChanged(std::move(touchedRows), LastSeenColumn, LastSeenColumn);

    if (!appended.isEmpty()) {
        const int first = int(m_findings.size());
        beginInsertRows({}, first, first + int(appended.size()) - 1);
        for (const Finding& finding : std::as_const(appended)) {
            m_rowByKey.insert(finding.key(), int(m_findings.size()));
            m_findings.append(finding);
        }
        endInsertRows();
    }
}

void FindingsModel::removeFindingRows(QList<int> rows)
{
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // Back to front, so the rows of the runs still to remove keep their numbers.
    QList<std::pair<int, int>> runs;
    forEachRun(rows, [&](int first, int last) { runs.append({ first, last }); });
    for (auto it = runs.crbegin(); it != runs.crend(); ++it) {
        beginRemoveRows({}, it->first, it->second);
        m_findings.remove(it->first, it->second - it->first + 1);
        endRemoveRows();
    }
    reindex();
}

void FindingsModel::emitChanged(QList<int> rows, int firstColumn, int lastColumn)
{
    std::sort(rows.begin(), rows.end());
    forEachRun(
        rows, [&](int first, int last) { Q_EMIT dataChanged(index(first, firstColumn), index(last, lastColumn)); });
}

void FindingsModel::reindex()
{
    m_rowByKey.clear();
    m_rowByKey.reserve(m_findings.size());
    for (int row = 0; row < m_findings.size(); ++row)
        m_rowByKey.insert(m_findings.at(row).key(), row);
}

int FindingsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NumColumns;
}

QVariant FindingsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding& f = m_findings.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityLabel(f.severity);
        case ClusterColumn:
            return f.object.cluster;
        case TeamColumn:
            return f.team;
        case EnvironmentColumn:
            return f.environment;
        case NamespaceColumn:
            return f.object.nameSpace;
        case ObjectColumn:
            return objectText(f);
        case TitleColumn:
            return f.title;
        case LastSeenColumn:
            return QLocale().toString(f.lastSeen.toLocalTime(), QLocale::ShortFormat);
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = f.title;
        for (const analysis::Evidence& item : f.evidence)
            tip += QLatin1Char('\n') + item.field + QStringLiteral(": ") + item.value;
        return tip;
    }
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            return int(f.severity);
        case LastSeenColumn:
            return f.lastSeen.toMSecsSinceEpoch();
        default:
            return data(index, Qt::DisplayRole);
        }
    case SeverityRole:
        return int(f.severity);
    case FindingKeyRole:
        return f.key();
    case ClusterRole:
        return f.object.cluster;
    case ObjectRole:
        return QVariant::fromValue(f.object);
    case RuleIdRole:
        return f.ruleId;
    case TeamRole:
        return f.team;
    case EnvironmentRole:
        return f.environment;
    case EvidenceRole:
        return f.evidenceText();
    case FirstSeenRole:
        return f.firstSeen;
    case LastSeenRole:
        return f.lastSeen;
    case FindingRole:
        return QVariant::fromValue(f);
    default:
        return {};
    }
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case ClusterColumn:
        return tr("Cluster");
    case TeamColumn:
        return tr("Team");
    case EnvironmentColumn:
        return tr("Env");
    case NamespaceColumn:
        return tr("Namespace");
    case ObjectColumn:
        return tr("Object");
    case TitleColumn:
        return tr("Title");
    case LastSeenColumn:
        return tr("Last seen");
    }
    return {};
}

} // namespace minato::items
