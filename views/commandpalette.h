// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

#include <functional>

class QLineEdit;
class QListWidget;

// Ctrl+K: a fuzzy list of actions, kinds and clusters; ':' starts it on kinds only, as k9s
// does. Picking an entry runs its callback. A popup over the window, never modal.
class CommandPalette : public QFrame
{
    Q_OBJECT
public:
    struct Entry
    {
        QString text;
        QString hint; // shortcut or category, shown dimmed on the right
        std::function<void()> run;
    };

    explicit CommandPalette(QWidget* parent);

    void setEntries(QList<Entry> entries);
    // What ":<text>" does when the user picks the text itself rather than a listed kind: the
    // last entry of the kind jump, or the only one when nothing matches.
    void setOpenAnyKind(std::function<void(const QString& text)> open) { m_openAnyKind = std::move(open); }
    // Opens over the parent; `prefix` pre-fills the query (":" for the kind jump).
    void open(const QString& prefix = {});
    QLineEdit* queryEdit() const { return m_query; }
    QListWidget* list() const { return m_list; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void refilter();
    void runCurrent();

    QLineEdit* m_query;
    QListWidget* m_list;
    QList<Entry> m_entries;
    std::function<void(const QString&)> m_openAnyKind;
};
