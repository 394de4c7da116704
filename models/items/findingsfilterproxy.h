// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/finding.h"

#include <QSortFilterProxyModel>

namespace minato::items {

// The findings list as people triage it: worst first, then newest (by firstSeen), filtered
// by team, environment, a minimum severity and free text. Sorted on the Severity column by
// default; other columns sort by their SortRole and fall back to worst-first. The source
// must be a FindingsModel.
class FindingsFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit FindingsFilterProxy(QObject* parent = nullptr);

    // Empty: any team (or environment). Compared exactly, as fleet.yaml spells them.
    void setTeam(const QString& team);
    QString team() const { return m_team; }
    void setEnvironment(const QString& environment);
    QString environment() const { return m_environment; }
    void setMinimumSeverity(analysis::Severity severity);
    analysis::Severity minimumSeverity() const { return m_minimumSeverity; }
    // Case-insensitive words, all of which must appear in the title, the object (kind,
    // namespace, name), the cluster, the rule id or the evidence.
    void setText(const QString& text);
    QString text() const { return m_words.join(QLatin1Char(' ')); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_team;
    QString m_environment;
    analysis::Severity m_minimumSeverity = analysis::Severity::Info;
    QStringList m_words;
};

} // namespace minato::items
