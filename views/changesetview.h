// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTreeView;

namespace minato::items {
class ChangeSetModel;
} // namespace minato::items

// The open change set: its title and reason, the changes (one row per object), and for the
// current change the before → after diff, the patch and the plan; a README preview of the
// export. Remove, edit (the manifest after the change, as YAML) and export to a folder.
// Nothing here talks to a cluster: the change set is only ever written to disk.
class ChangeSetView : public QWidget
{
    Q_OBJECT
public:
    explicit ChangeSetView(minato::items::ChangeSetModel* model, QWidget* parent = nullptr);

    QTreeView* treeView() const { return m_tree; }
    QLineEdit* titleEdit() const { return m_title; }
    QLineEdit* reasonEdit() const { return m_reason; }
    QTabWidget* tabs() const { return m_tabs; }
    QPlainTextEdit* diffText() const { return m_diff; }
    QPlainTextEdit* readmeText() const { return m_readme; }

public Q_SLOTS:
    void removeSelected();
    void editCurrent();
    // Asks for a folder and exports there (asking before replacing an earlier export).
    void exportInteractively();
    // Exports into parentDir without dialogs except the overwrite question; returns the
    // folder written, or an empty string (the reason is shown in the status line).
    QString exportTo(const QString& parentDir, bool overwrite);

Q_SIGNALS:
    // A line for the window's status bar ("Exported to …", "Nothing to export").
    void statusMessage(const QString& message);

private:
    void showCurrent();
    void updateReadme();
    void syncHeader();

    minato::items::ChangeSetModel* m_model;
    QLineEdit* m_title;
    QLineEdit* m_reason;
    QTreeView* m_tree;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_diff;
    QPlainTextEdit* m_patch;
    QPlainTextEdit* m_plan;
    QPlainTextEdit* m_readme;
    QLabel* m_status;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_export;
};
