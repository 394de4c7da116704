// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;
class YamlHighlighter;

// The full object as YAML: highlighted, searchable (Ctrl+F, Enter / Shift+Enter), copyable,
// with managedFields hidden unless asked for. Shows text; fetching is the workspace's.
class YamlView : public QWidget
{
    Q_OBJECT
public:
    explicit YamlView(QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_editor; }
    QCheckBox* managedFieldsToggle() const { return m_managedFields; }
    QString yaml() const;
    QString title() const;

public Q_SLOTS:
    void showLoading(const QString& title);
    void showYaml(const QString& title, const QString& yaml);
    void showError(const QString& title, const QString& message);
    void openFind();
    void copyAll();

Q_SIGNALS:
    void managedFieldsToggled(bool show);

private:
    void find(bool backward);

    QLabel* m_title;
    QCheckBox* m_managedFields;
    QToolButton* m_copy;
    QPlainTextEdit* m_editor;
    QWidget* m_findBar;
    QLineEdit* m_findEdit;
    QLabel* m_findStatus;
    YamlHighlighter* m_highlighter;
};
