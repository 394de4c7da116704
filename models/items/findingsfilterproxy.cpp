// SPDX-License-Identifier: Apache-2.0
#include "items/findingsfilterproxy.h"

#include "items/findingsmodel.h"

namespace minato::items {

using analysis::Finding;

namespace {

    // Worse first, then the newer problem first, then a stable tie-break.
    bool triageBefore(const Finding& a, const Finding& b)
    {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.firstSeen != b.firstSeen)
            return a.firstSeen > b.firstSeen;
        return a.compareKey(b) < 0;
    }

    bool containsWord(const Finding& f, const QString& word)
    {
        const auto has = [&](const QString& text) { return text.contains(word, Qt::CaseInsensitive); };
        if (has(f.title) || has(f.object.name) || has(f.object.nameSpace) || has(f.object.kind) || has(f.object.cluster)
            || has(f.ruleId))
            return true;
        for (const analysis::Evidence& item : f.evidence) {
            if (has(item.value) || has(item.field))
                return true;
        }
        return false;
    }

} // namespace

FindingsFilterProxy::FindingsFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortRole(FindingsModel::SortRole);
    sort(FindingsModel::SeverityColumn, Qt::AscendingOrder);
}

void FindingsFilterProxy::setTeam(const QString& team)
{
    if (team == m_team)
        return;
    m_team = team;
    invalidateFilter();
}

void FindingsFilterProxy::setEnvironment(const QString& environment)
{
    if (environment == m_environment)
        return;
    m_environment = environment;
    invalidateFilter();
}

void FindingsFilterProxy::setMinimumSeverity(analysis::Severity severity)
{
    if (severity == m_minimumSeverity)
        return;
    m_minimumSeverity = severity;
    invalidateFilter();
}

void FindingsFilterProxy::setText(const QString& text)
{
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool FindingsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto* model = qobject_cast<const FindingsModel*>(sourceModel());
    const Finding* f = model ? model->findingAt(sourceRow) : nullptr;
    if (!f)
        return false;
    if (f->severity < m_minimumSeverity)
        return false;
    if (!m_team.isEmpty() && f->team != m_team)
        return false;
    if (!m_environment.isEmpty() && f->environment != m_environment)
        return false;
    for (const QString& word : m_words) {
        if (!containsWord(*f, word))
            return false;
    }
    return true;
}

bool FindingsFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const auto* model = qobject_cast<const FindingsModel*>(sourceModel());
    const Finding* a = model ? model->findingAt(left.row()) : nullptr;
    const Finding* b = model ? model->findingAt(right.row()) : nullptr;
    if (!a || !b)
        return QSortFilterProxyModel::lessThan(left, right);
    if (left.column() != FindingsModel::SeverityColumn) {
        const QVariant l = left.data(FindingsModel::SortRole);
        const QVariant r = right.data(FindingsModel::SortRole);
        const QPartialOrdering order = QVariant::compare(l, r);
        if (order == QPartialOrdering::Less)
            return true;
        if (order == QPartialOrdering::Greater)
            return false;
    }
    return triageBefore(*a, *b);
}

} // namespace minato::items
