// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "export/operationsrequest.h"

#include <QObject>

class QAbstractProxyModel;
class QAction;
class QMenu;
class QTableView;

// The operations a browser table offers on its selected rows (context menu and single-key
// shortcuts in the k9s manner): scale, restart, cordon, uncordon, drain plan, label, annotate,
// HPA tuning, delete plan. It asks for the parameters and hands the request on; nothing here
// (or anywhere in Minato) sends it to a cluster — the request becomes a change set entry.
class OperationsMenu : public QObject
{
    Q_OBJECT
public:
    // `toSource` maps the table's rows to rows of the resources model (the table shows it
    // through proxies); `applicable` gives the operations of the kind the table shows now, in
    // menu order (its descriptor's).
    OperationsMenu(QTableView* table, std::function<int(const QModelIndex&)> toSource,
        std::function<QList<minato::changes::OperationKind>()> applicable, QObject* parent = nullptr);

    // Builds the request for `kind` (asking for parameters where it needs them) and emits
    // requested() for the selected rows. False when cancelled or nothing is selected.
    bool trigger(minato::changes::OperationKind kind);

Q_SIGNALS:
    void requested(const minato::changes::OperationRequest& request, const QList<int>& resourceRows);

private:
    QList<int> selectedRows() const;
    bool askParameters(minato::changes::OperationRequest& request, int count) const;
    void showMenu(const QPoint& position);
    void updateEnabled();

    QTableView* m_table;
    std::function<int(const QModelIndex&)> m_toSource;
    std::function<QList<minato::changes::OperationKind>()> m_applicable;
    QList<QAction*> m_actions; // one per OperationKind, in enum order
};
