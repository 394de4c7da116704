// SPDX-License-Identifier: Apache-2.0
#include "changesetview.h"

#include "diffhighlighter.h"
#include "yamlhighlighter.h"

#include "items/changesetmodel.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

using minato::items::ChangeSetModel;

namespace {

QPlainTextEdit* codePane(QWidget* parent, const QString& objectName)
{
    auto* pane = new QPlainTextEdit(parent);
    pane->setObjectName(objectName);
    pane->setReadOnly(true);
    pane->setLineWrapMode(QPlainTextEdit::NoWrap);
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return pane;
}

} // namespace

ChangeSetView::ChangeSetView(ChangeSetModel* model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_title(new QLineEdit(this))
    , m_reason(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_tabs(new QTabWidget(this))
    , m_diff(codePane(this, QStringLiteral("changeDiff")))
    , m_patch(codePane(this, QStringLiteral("changePatch")))
    , m_plan(codePane(this, QStringLiteral("changePlan")))
    , m_readme(codePane(this, QStringLiteral("changeSetReadme")))
    , m_status(new QLabel(this))
    , m_edit(new QPushButton(tr("E&dit…"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_export(new QPushButton(tr("E&xport…"), this))
{
    setObjectName(QStringLiteral("changeSetView"));
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    new DiffHighlighter(m_diff->document(), dark);
    new YamlHighlighter(m_patch->document(), dark);
    new YamlHighlighter(m_plan->document(), dark);

    m_title->setObjectName(QStringLiteral("changeSetTitle"));
    m_title->setPlaceholderText(tr("what this change set does (also the export folder's name)"));
    m_reason->setObjectName(QStringLiteral("changeSetReason"));
    m_reason->setPlaceholderText(tr("why (ticket, incident, request)"));
    connect(m_title, &QLineEdit::textEdited, m_model, &ChangeSetModel::setTitle);
    connect(m_reason, &QLineEdit::textEdited, m_model, &ChangeSetModel::setReason);
    auto* header = new QFormLayout;
    header->addRow(tr("T&itle"), m_title); // Alt+T and Alt+E group the overview
    header->addRow(tr("Rea&son"), m_reason);

    m_tree->setObjectName(QStringLiteral("changeSetTree"));
    m_tree->setModel(m_model);
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(ChangeSetModel::SummaryColumn, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ChangeSetView::showCurrent);
    connect(m_tree, &QTreeView::activated, this, &ChangeSetView::editCurrent);

    auto* removeAction = new QAction(tr("Remove from the change set"), m_tree);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(removeAction, &QAction::triggered, this, &ChangeSetView::removeSelected);
    m_tree->addAction(removeAction);
    connect(m_remove, &QPushButton::clicked, this, &ChangeSetView::removeSelected);
    connect(m_edit, &QPushButton::clicked, this, &ChangeSetView::editCurrent);
    connect(m_export, &QPushButton::clicked, this, &ChangeSetView::exportInteractively);
    m_edit->setToolTip(tr("Edit the manifest after the change (Enter); the patch follows"));
    m_remove->setToolTip(tr("Remove the selected changes (Delete)"));
    m_export->setToolTip(tr("Write the change set as a folder for Git review (never applied)"));

    m_tabs->setObjectName(QStringLiteral("changeSetTabs"));
    m_tabs->addTab(m_diff, tr("Diff"));
    m_tabs->addTab(m_patch, tr("Patch"));
    m_tabs->addTab(m_plan, tr("Plan"));
    m_tabs->addTab(m_readme, tr("README"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_export);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("changeSetSplitter"));
    split->addWidget(m_tree);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(split, 1);
    layout->addLayout(buttons);

    connect(m_model, &ChangeSetModel::changeSetEdited, this, &ChangeSetView::updateReadme);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ChangeSetView::syncHeader);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ChangeSetView::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        m_tree->setCurrentIndex(m_model->index(first, 0));
    });
    syncHeader();
}

void ChangeSetView::syncHeader()
{
    m_title->setText(m_model->changeSet().title);
    m_reason->setText(m_model->changeSet().reason);
    showCurrent();
    updateReadme();
}

void ChangeSetView::showCurrent()
{
    const QModelIndex current = m_tree->currentIndex();
    const bool has = current.isValid();
    m_edit->setEnabled(has);
    m_remove->setEnabled(has);
    m_export->setEnabled(m_model->rowCount() > 0);
    const auto text = [&current](int role) { return current.data(role).toString(); };
    m_diff->setPlainText(has ? text(ChangeSetModel::DiffRole) : QString());
    m_patch->setPlainText(has ? text(ChangeSetModel::PatchYamlRole) : QString());
    m_plan->setPlainText(has ? text(ChangeSetModel::PlanYamlRole) : QString());
    m_tabs->setTabEnabled(m_tabs->indexOf(m_patch), !m_patch->toPlainText().isEmpty());
    m_tabs->setTabEnabled(m_tabs->indexOf(m_plan), !m_plan->toPlainText().isEmpty());
}

void ChangeSetView::updateReadme()
{
    m_readme->setPlainText(m_model->rowCount() > 0 ? m_model->readmePreview() : QString());
    m_export->setEnabled(m_model->rowCount() > 0);
}

void ChangeSetView::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex& index : m_tree->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_tree->currentIndex().isValid())
        rows.append(m_tree->currentIndex().row());
    m_model->removeChanges(rows);
}

void ChangeSetView::editCurrent()
{
    const QModelIndex current = m_tree->currentIndex();
    if (!current.isValid())
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Edit %1").arg(current.siblingAtColumn(ChangeSetModel::ObjectColumn).data().toString()));
    auto* editor = codePane(&dialog, QStringLiteral("changeEditor"));
    editor->setReadOnly(false);
    editor->setTextInteractionFlags(Qt::TextEditorInteraction);
    editor->setPlainText(current.data(ChangeSetModel::AfterYamlRole).toString());
    new YamlHighlighter(editor->document(), palette().color(QPalette::Base).lightness() < 128);
    auto* error = new QLabel(&dialog);
    error->setTextFormat(Qt::PlainText);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(editor, 1);
    layout->addWidget(error);
    layout->addWidget(box);
    dialog.resize(720, 640);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, &dialog, [&] {
        const QString problem = m_model->editAfterYaml(current.row(), editor->toPlainText());
        if (problem.isEmpty())
            dialog.accept();
        else
            error->setText(problem);
    });
    dialog.exec();
}

void ChangeSetView::exportInteractively()
{
    if (m_model->rowCount() == 0)
        return;
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Export the change set into"));
    if (parent.isEmpty())
        return;
    bool overwrite = false;
    const QString target = m_model->exportFolder(parent);
    if (QDir(target).exists()) {
        const auto answer = QMessageBox::question(this, tr("Replace the earlier export?"),
            tr("%1 already exists. Replace it with this change set?").arg(QDir::toNativeSeparators(target)));
        if (answer != QMessageBox::Yes)
            return;
        overwrite = true;
    }
    exportTo(parent, overwrite);
}

QString ChangeSetView::exportTo(const QString& parentDir, bool overwrite)
{
    const auto written = m_model->exportTo(parentDir, overwrite);
    const QString message = written ? tr("Exported to %1").arg(QDir::toNativeSeparators(*written))
                                    : tr("Not exported: %1").arg(written.error().message);
    m_status->setText(message);
    Q_EMIT statusMessage(message);
    return written ? *written : QString();
}
