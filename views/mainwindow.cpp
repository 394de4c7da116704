// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include <QHeaderView>
#include <QStatusBar>
#include <QTableView>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_fleetView(new QTableView(this))
{
    setWindowTitle(tr("Minato"));
    m_fleetView->setSortingEnabled(true);
    m_fleetView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_fleetView->horizontalHeader()->setStretchLastSection(true);
    m_fleetView->verticalHeader()->hide();
    setCentralWidget(m_fleetView);
    resize(1200, 720);
}

void MainWindow::setFleetModel(QAbstractItemModel* model)
{
    m_fleetView->setModel(model);
    m_fleetView->resizeColumnsToContents();
    statusBar()->showMessage(tr("%n context(s)", nullptr, model->rowCount()));
}
