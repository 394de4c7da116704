// SPDX-License-Identifier: Apache-2.0
#include "operationsmenu.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QMenu>
#include <QSpinBox>
#include <QTableView>

#include <set>

using minato::changes::OperationKind;
using minato::changes::OperationRequest;

namespace {

struct OperationText
{
    OperationKind kind;
    const char* label;
    const char* shortcut;
};

// Single keys where the table has focus, as k9s does (s scale, r restart …); the table's own
// type-ahead search never needed these letters since `/` filters.
constexpr OperationText kOperations[] = {
    { OperationKind::Scale, QT_TRANSLATE_NOOP("OperationsMenu", "&Scale…"), "S" },
    { OperationKind::Restart, QT_TRANSLATE_NOOP("OperationsMenu", "&Restart (rollout restart)"), "R" },
    { OperationKind::Cordon, QT_TRANSLATE_NOOP("OperationsMenu", "&Cordon"), "C" },
    { OperationKind::Uncordon, QT_TRANSLATE_NOOP("OperationsMenu", "&Uncordon"), "U" },
    { OperationKind::Drain, QT_TRANSLATE_NOOP("OperationsMenu", "&Drain plan"), "D" },
    { OperationKind::Label, QT_TRANSLATE_NOOP("OperationsMenu", "&Label…"), "L" },
    { OperationKind::Annotate, QT_TRANSLATE_NOOP("OperationsMenu", "&Annotate…"), "A" },
    { OperationKind::HpaTune, QT_TRANSLATE_NOOP("OperationsMenu", "Tune &HPA…"), "H" },
    { OperationKind::Delete, QT_TRANSLATE_NOOP("OperationsMenu", "Delete p&lan"), "Ctrl+D" },
};

QSpinBox* optionalSpin(QWidget* parent, int minimum, int maximum, int value)
{
    auto* spin = new QSpinBox(parent);
    spin->setRange(minimum - 1, maximum);
    spin->setSpecialValueText(QObject::tr("unchanged"));
    spin->setValue(value);
    return spin;
}

} // namespace

OperationsMenu::OperationsMenu(QTableView* table, std::function<int(const QModelIndex&)> toSource,
    std::function<QList<OperationKind>()> applicable, QObject* parent)
    : QObject(parent)
    , m_table(table)
    , m_toSource(std::move(toSource))
    , m_applicable(std::move(applicable))
{
    for (const OperationText& text : kOperations) {
        auto* action = new QAction(tr(text.label), m_table);
        action->setShortcut(QKeySequence(QString::fromLatin1(text.shortcut)));
        action->setShortcutContext(Qt::WidgetShortcut);
        action->setObjectName(QStringLiteral("operation-") + minato::changes::operationName(text.kind));
        connect(action, &QAction::triggered, this, [this, kind = text.kind] { trigger(kind); });
        m_table->addAction(action);
        m_actions.append(action);
    }
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &OperationsMenu::showMenu);
}

QList<int> OperationsMenu::selectedRows() const
{
    std::set<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows.insert(m_toSource(index));
    if (rows.empty() && m_table->currentIndex().isValid())
        rows.insert(m_toSource(m_table->currentIndex()));
    rows.erase(-1);
    return QList<int>(rows.begin(), rows.end());
}

void OperationsMenu::updateEnabled()
{
    const QList<OperationKind> applicable = m_applicable();
    for (qsizetype i = 0; i < m_actions.size(); ++i)
        m_actions.at(i)->setVisible(applicable.contains(kOperations[i].kind));
}

void OperationsMenu::showMenu(const QPoint& position)
{
    updateEnabled();
    QMenu menu(m_table);
    for (QAction* action : std::as_const(m_actions)) {
        if (action->isVisible())
            menu.addAction(action);
    }
    if (menu.isEmpty() || selectedRows().isEmpty())
        return;
    menu.addSeparator();
    menu.addAction(tr("Changes go to the change set; nothing is applied"))->setEnabled(false);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

bool OperationsMenu::trigger(OperationKind kind)
{
    if (!m_applicable().contains(kind))
        return false;
    const QList<int> rows = selectedRows();
    if (rows.isEmpty())
        return false;
    OperationRequest request;
    request.kind = kind;
    if (!askParameters(request, int(rows.size())))
        return false;
    Q_EMIT requested(request, rows);
    return true;
}

bool OperationsMenu::askParameters(OperationRequest& request, int count) const
{
    QWidget* parent = m_table->window();
    bool ok = false;
    switch (request.kind) {
    case OperationKind::Scale:
        request.replicas = QInputDialog::getInt(parent, tr("Scale"), tr("Replicas for %n object(s):", nullptr, count), 1, 0,
            100000, 1, &ok);
        return ok;
    case OperationKind::Label:
    case OperationKind::Annotate: {
        const QString text = QInputDialog::getText(parent,
            request.kind == OperationKind::Label ? tr("Label") : tr("Annotate"),
            tr("key=value to set, key- to remove (several separated by spaces):"), QLineEdit::Normal, QString(), &ok);
        request.edits = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        return ok && !request.edits.isEmpty();
    }
    case OperationKind::HpaTune: {
        QDialog dialog(parent);
        dialog.setWindowTitle(tr("Tune %n HPA(s)", nullptr, count));
        auto* form = new QFormLayout(&dialog);
        QSpinBox* minimum = optionalSpin(&dialog, 1, 10000, 0);
        QSpinBox* maximum = optionalSpin(&dialog, 1, 10000, 0);
        QSpinBox* cpu = optionalSpin(&dialog, 1, 1000, 0);
        QSpinBox* down = optionalSpin(&dialog, 0, 3600, -1);
        form->addRow(tr("Min replicas"), minimum);
        form->addRow(tr("Max replicas"), maximum);
        form->addRow(tr("CPU target (% of requests)"), cpu);
        form->addRow(tr("Scale-down stabilization (s)"), down);
        auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        form->addRow(box);
        connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        const auto set = [](QSpinBox* spin) {
            return spin->value() >= spin->minimum() + 1 ? std::optional<int>(spin->value()) : std::nullopt;
        };
        request.hpa.minReplicas = set(minimum);
        request.hpa.maxReplicas = set(maximum);
        request.hpa.cpuUtilization = set(cpu);
        request.hpa.scaleDown.stabilizationSeconds = set(down);
        return !request.hpa.isEmpty();
    }
    default:
        return true; // cordon, uncordon, drain, restart and delete need nothing more
    }
}
