// SPDX-License-Identifier: Apache-2.0
#include "commandpalette.h"

#include "items/fuzzymatch.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

#include <algorithm>

CommandPalette::CommandPalette(QWidget* parent)
    : QFrame(parent)
    , m_query(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_query->setPlaceholderText(tr("Type a command, a cluster, or :kind"));
    m_query->installEventFilter(this);
    m_list->setUniformItemSizes(true);
    m_list->setFocusPolicy(Qt::NoFocus);
    connect(m_query, &QLineEdit::textChanged, this, &CommandPalette::refilter);
    connect(m_query, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::runCurrent);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_query);
    layout->addWidget(m_list);
    hide();
}

namespace {
constexpr int AnyKind = -2; // the item of setOpenAnyKind()
}

void CommandPalette::setEntries(QList<Entry> entries)
{
    m_entries = std::move(entries);
    refilter();
}

void CommandPalette::open(const QString& prefix)
{
    const QWidget* host = parentWidget();
    const int width = std::min(640, host->width() - 40);
    setGeometry((host->width() - width) / 2, 60, width, std::min(420, host->height() - 120));
    m_query->setText(prefix);
    refilter();
    show();
    raise();
    m_query->setFocus();
}

void CommandPalette::refilter()
{
    QString query = m_query->text();
    // ":" narrows to the kind entries (their text starts with ':').
    const bool kindsOnly = query.startsWith(QLatin1Char(':'));
    if (kindsOnly)
        query.remove(0, 1);
    QList<std::pair<int, int>> ranked;
    for (int i = 0; i < m_entries.size(); ++i) {
        const Entry& entry = m_entries[i];
        if (kindsOnly && !entry.text.startsWith(QLatin1Char(':')))
            continue;
        const int score = minato::items::fuzzyScore(query.trimmed(), QString(entry.text + QLatin1Char(' ') + entry.hint));
        if (score >= 0)
            ranked.append({ score, i });
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    m_list->clear();
    for (const auto& [score, i] : ranked) {
        auto* item = new QListWidgetItem(m_entries[i].hint.isEmpty() ? m_entries[i].text
                                                                     : m_entries[i].text + QStringLiteral("    — ") + m_entries[i].hint,
            m_list);
        item->setData(Qt::UserRole, i);
    }
    const QString typed = query.trimmed();
    if (kindsOnly && m_openAnyKind && !typed.isEmpty() && !typed.contains(QLatin1Char(' '))) {
        auto* item = new QListWidgetItem(tr(":%1    — any kind the clusters serve, as their servers print it").arg(typed), m_list);
        item->setData(Qt::UserRole, AnyKind);
    }
    if (m_list->count())
        m_list->setCurrentRow(0);
}

void CommandPalette::runCurrent()
{
    const QListWidgetItem* item = m_list->currentItem();
    hide();
    if (item) {
        const int i = item->data(Qt::UserRole).toInt();
        if (i == AnyKind) {
            m_openAnyKind(m_query->text().mid(1).trimmed());
            return;
        }
        if (i >= 0 && i < m_entries.size() && m_entries[i].run)
            m_entries[i].run();
    }
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Down:
            m_list->setCurrentRow(std::min(m_list->currentRow() + 1, m_list->count() - 1));
            return true;
        case Qt::Key_Up:
            m_list->setCurrentRow(std::max(m_list->currentRow() - 1, 0));
            return true;
        case Qt::Key_Escape:
            hide();
            if (parentWidget())
                parentWidget()->setFocus();
            return true;
        default:
            break;
        }
    }
    if (watched == m_query && event->type() == QEvent::FocusOut && !m_list->underMouse())
        hide();
    return QFrame::eventFilter(watched, event);
}
