// SPDX-License-Identifier: Apache-2.0
#include "rowfilterproxy.h"

namespace minato::items {

RowFilterProxy::RowFilterProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(Qt::UserRole); // every Minato model's SortRole is Qt::UserRole
    setRecursiveFilteringEnabled(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void RowFilterProxy::setFilterText(const QString& text)
{
    if (text == m_text)
        return;

    m_text = text;
    m_words.clear();
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QString part : parts) {
        Word word;
        if (part.startsWith(QLatin1Char('!')) && part.size() > 1) {
            word.negated = true;
            part.remove(0, 1);
        }
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon > 0 && colon < part.size() - 1) {
            word.column = part.left(colon).toLower();
            part = part.mid(colon + 1);
        }
        word.text = part;
        m_words.append(word);
    }
    invalidateFilter();
    Q_EMIT filterTextChanged(text);
}

void RowFilterProxy::setRequiredValue(int role, const QVariant& value)
{

    m_requiredRole = value.isValid() ? role : -1;
    m_requiredValue = value;
    invalidateFilter();
}

bool RowFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QAbstractItemModel* model = sourceModel();
    if (m_requiredRole >= 0 && model->index(sourceRow, 0, sourceParent).data(m_requiredRole) != m_requiredValue)
        return false;
    if (m_words.isEmpty())
        return true;
    const int columns = model->columnCount(sourceParent);
    for (const Word& word : m_words) {
        bool found = false;
        for (int c = 0; c < columns && !found; ++c) {
            if (!word.column.isEmpty()) {
                const QString header = model->headerData(c, Qt::Horizontal).toString().toLower();
                if (!header.startsWith(word.column))
                    continue;
            }
            found = model->index(sourceRow, c, sourceParent).data().toString().contains(word.text, Qt::CaseInsensitive);
        }
        if (found == word.negated)
            return false;
    }
    return true;
}

} // namespace minato::items
