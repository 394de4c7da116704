// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace minato::items {

// Filter-as-you-type in the k9s manner: every whitespace-separated word must match some
// column of the row, case-insensitively; "column:text" limits a word to the columns whose
// header starts with "column" (status:crash, ns:shop, cluster:prod); a leading '!' negates
// a word. In a tree, a group stays while any child matches. Sorts on the source's SortRole.
class RowFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit RowFilterProxy(QObject* parent = nullptr);

    QString filterText() const { return m_text; }
    void setFilterText(const QString& text);
    // Also require data(role) == value in column 0 (events of one object); invalid: off.
    void setRequiredValue(int role, const QVariant& value);

Q_SIGNALS:
    void filterTextChanged(const QString& text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    struct Word
    {
        QString column; // lower-case header prefix, or empty: any column
        QString text;
        bool negated = false;
    };
    QString m_text;
    QList<Word> m_words;
    int m_requiredRole = -1;
    QVariant m_requiredValue;
};

} // namespace minato::items
