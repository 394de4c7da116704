// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>

class QAbstractItemModel;
class QTableView;

// The fleet window. It shows what its model holds and nothing else.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    void setFleetModel(QAbstractItemModel* model);

private:
    QTableView* m_fleetView = nullptr;
};
