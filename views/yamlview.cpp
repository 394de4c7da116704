// SPDX-License-Identifier: Apache-2.0
#include "yamlview.h"

#include "yamlhighlighter.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPalette>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>

YamlView::YamlView(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("Select an object to see its YAML"), this))
    , m_managedFields(new QCheckBox(tr("managedFields"), this))
    , m_copy(new QToolButton(this))
    , m_editor(new QPlainTextEdit(this))
    , m_findBar(new QWidget(this))
    , m_findEdit(new QLineEdit(m_findBar))
    , m_findStatus(new QLabel(m_findBar))
{
    setObjectName(QStringLiteral("yamlView"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_managedFields->setToolTip(tr("Show metadata.managedFields (hidden by default, as kubectl does)"));
    connect(m_managedFields, &QCheckBox::toggled, this, &YamlView::managedFieldsToggled);
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the whole YAML (Ctrl+Shift+C)"));
    connect(m_copy, &QToolButton::clicked, this, &YamlView::copyAll);

    m_editor->setObjectName(QStringLiteral("yamlEditor"));
    m_editor->setReadOnly(true);
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_highlighter = new YamlHighlighter(m_editor->document(), dark);

    m_findEdit->setPlaceholderText(tr("Find (Enter: next, Shift+Enter: previous, Esc: close)"));
    connect(m_findEdit, &QLineEdit::textChanged, this, [this] {
        m_editor->moveCursor(QTextCursor::Start);
        find(false);
    });
    connect(m_findEdit, &QLineEdit::returnPressed, this, [this] {
        find(QApplication::keyboardModifiers() & Qt::ShiftModifier);
    });
    auto* close = new QShortcut(QKeySequence(Qt::Key_Escape), m_findBar, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(close, &QShortcut::activated, this, [this] {
        m_findBar->hide();
        m_editor->setFocus();
    });
    auto* findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(0, 0, 0, 0);
    findLayout->addWidget(m_findEdit, 1);
    findLayout->addWidget(m_findStatus);
    m_findBar->hide();

    auto* findShortcut = new QShortcut(QKeySequence::Find, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(findShortcut, &QShortcut::activated, this, &YamlView::openFind);
    auto* copyShortcut = new QShortcut(QKeySequence(tr("Ctrl+Shift+C")), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(copyShortcut, &QShortcut::activated, this, &YamlView::copyAll);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_title, 1);
    top->addWidget(m_managedFields);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_findBar);
    layout->addWidget(m_editor);
}

QString YamlView::yaml() const
{
    return m_editor->toPlainText();
}

QString YamlView::title() const
{
    return m_title->text();
}

void YamlView::showLoading(const QString& title)
{
    m_title->setText(title);
    m_editor->setPlainText(tr("# fetching …"));
}

void YamlView::showYaml(const QString& title, const QString& yaml)
{
    // Re-rendering (the managedFields toggle) should not throw the reader back to the top.
    const int scroll = m_title->text() == title ? m_editor->verticalScrollBar()->value() : 0;
    m_title->setText(title);
    m_editor->setPlainText(yaml);
    m_editor->verticalScrollBar()->setValue(scroll);
    if (m_findBar->isVisible() && !m_findEdit->text().isEmpty())
        find(false);
}

void YamlView::showError(const QString& title, const QString& message)
{
    m_title->setText(title);
    m_editor->setPlainText(tr("# could not fetch the object:\n# %1").arg(message));
}

void YamlView::openFind()
{
    m_findBar->show();
    m_findEdit->setFocus();
    m_findEdit->selectAll();
}

void YamlView::copyAll()
{
    QApplication::clipboard()->setText(m_editor->toPlainText());
}

void YamlView::find(bool backward)
{
    const QString text = m_findEdit->text();
    if (text.isEmpty()) {
        m_findStatus->clear();
        return;
    }
    const QTextDocument::FindFlags flags = backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (!m_editor->find(text, flags)) {
        // Wrap around, as every editor's find does.
        m_editor->moveCursor(backward ? QTextCursor::End : QTextCursor::Start);
        if (!m_editor->find(text, flags)) {
            m_findStatus->setText(tr("not found"));
            return;
        }
    }
    m_findStatus->setText(QString());
}
