// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "autoscalingview.h"
#include "changesetview.h"
#include "commandpalette.h"
#include "findingsview.h"
#include "fleetoverviewview.h"
#include "networkview.h"
#include "operationsmenu.h"
#include "resourcebrowserview.h"
#include "yamlview.h"

#include "items/autoscalingworkspace.h"
#include "items/changesetmodel.h"
#include "items/changesetworkspace.h"
#include "items/fleetoverviewmodel.h"
#include "items/fleetworkspace.h"
#include "items/networkworkspace.h"
#include "items/objectfetcher.h"
#include "items/resourcetablemodel.h"
#include "items/rowfilterproxy.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

using minato::items::FleetOverviewModel;
using minato::items::FleetWorkspace;
using minato::items::ResourceTableModel;

namespace {

// A menu entry whose shortcut works anywhere in the window (and lists it in the palette).
template <typename Slot>
QAction* addWindowAction(QMainWindow* window, QMenu* menu, const QString& text, const QKeySequence& key, Slot slot)
{
    auto* action = menu->addAction(text);
    action->setShortcut(key);
    action->setShortcutContext(Qt::WindowShortcut);
    QObject::connect(action, &QAction::triggered, window, slot);
    return action;
}

} // namespace

MainWindow::MainWindow(FleetWorkspace* workspace, QWidget* parent)
    : QMainWindow(parent)
    , m_workspace(workspace)
    , m_overview(new FleetOverviewView(workspace->overview(), this))
    , m_browser(new ResourceBrowserView(workspace, this))
    , m_yaml(new YamlView(this))
    , m_events(new QTableView(this))
    , m_eventsProxy(new minato::items::RowFilterProxy(this))
    , m_tabs(new QTabWidget(this))
    , m_central(new QSplitter(Qt::Vertical, this))
    , m_objectSplitter(new QSplitter(Qt::Vertical, this))
    , m_objectDock(new QDockWidget(tr("Object"), this))
    , m_findingsDock(new QDockWidget(tr("Findings"), this))
    , m_palette(nullptr)
    , m_progress(new QLabel(this))
{
    setWindowTitle(tr("Minato"));
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    m_central->setObjectName(QStringLiteral("centralSplitter"));
    m_central->addWidget(m_overview);
    m_central->addWidget(m_browser);
    m_central->setStretchFactor(1, 1);
    m_central->setSizes({ 380, 420 });
    m_tabs->setObjectName(QStringLiteral("centralTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_central, tr("Fleet"));
    setCentralWidget(m_tabs);

    m_eventsProxy->setSourceModel(workspace->events());
    m_eventsProxy->setRequiredValue(ResourceTableModel::InvolvedUidRole, QUuid());
    m_events->setObjectName(QStringLiteral("eventsTable"));
    m_events->setModel(m_eventsProxy);
    m_events->setSortingEnabled(true);
    m_events->sortByColumn(2, Qt::AscendingOrder); // LAST SEEN: newest first
    m_events->verticalHeader()->hide();
    m_events->setShowGrid(false);
    m_events->setWordWrap(false);
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->verticalHeader()->setDefaultSectionSize(m_events->fontMetrics().height() + 6);
    // The object's cluster and namespace are known from the title; keep the columns that vary.
    m_events->setColumnHidden(0, true);
    m_events->setColumnHidden(1, true);
    m_objectSplitter->setObjectName(QStringLiteral("objectSplitter"));
    m_objectSplitter->addWidget(m_yaml);
    m_objectSplitter->addWidget(m_events);
    m_objectSplitter->setStretchFactor(0, 3);
    m_objectSplitter->setStretchFactor(1, 1);
    m_objectDock->setObjectName(QStringLiteral("objectDock"));
    m_objectDock->setWidget(m_objectSplitter);
    addDockWidget(Qt::RightDockWidgetArea, m_objectDock);

    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    auto* placeholder = new QLabel(tr("Findings appear here when the analysis engine is available."), this);
    placeholder->setAlignment(Qt::AlignCenter);
    m_findingsDock->setWidget(placeholder);
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);
    resizeDocks({ m_objectDock }, { 480 }, Qt::Horizontal);
    resizeDocks({ m_findingsDock }, { 230 }, Qt::Vertical);

    connect(m_overview, &FleetOverviewView::clustersOpened, this, [this](const QStringList& clusters) {
        m_workspace->browseClusters(clusters);
        focusBrowser();
    });
    auto* fetcher = workspace->fetcher();
    connect(fetcher, &minato::items::ObjectFetcher::fetching, m_yaml, &YamlView::showLoading);
    connect(fetcher, &minato::items::ObjectFetcher::objectReady, m_yaml, &YamlView::showYaml);
    connect(fetcher, &minato::items::ObjectFetcher::fetchFailed, m_yaml, &YamlView::showError);
    connect(m_yaml, &YamlView::managedFieldsToggled, workspace, &FleetWorkspace::setShowManagedFields);
    connect(workspace, &FleetWorkspace::selectedObjectChanged, this, [this](const QString&, const QUuid& uid) {
        m_eventsProxy->setRequiredValue(ResourceTableModel::InvolvedUidRole, uid);
        m_events->resizeColumnsToContents();
    });
    connect(workspace, &FleetWorkspace::progressChanged, this, &MainWindow::updateProgress);
    connect(workspace->overview(), &QAbstractItemModel::dataChanged, this, &MainWindow::updateProgress);
    connect(workspace->overview(), &QAbstractItemModel::modelReset, this, &MainWindow::updateProgress);

    statusBar()->addPermanentWidget(m_progress);
    m_palette = new CommandPalette(this);
    m_palette->setOpenAnyKind([this](const QString& text) {
        if (m_workspace->browsedClusters().isEmpty() && !m_overview->selectedClusters().isEmpty())
            m_workspace->browseClusters(m_overview->selectedClusters());
        m_workspace->openResource(text);
        focusBrowser();
    });
    createActions();
    resize(1560, 960);
    updateProgress();
}

MainWindow::~MainWindow() = default;

void MainWindow::setFindingsWidget(QWidget* widget)
{
    if (QWidget* old = m_findingsDock->widget(); old && old != widget)
        old->deleteLater();
    m_findingsDock->setWidget(widget);
    m_findings = qobject_cast<FindingsView*>(widget);
    if (m_findings)
        connect(m_findings, &FindingsView::objectRequested, this, &MainWindow::openObject);
}

void MainWindow::openObject(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name)
{
    const int row = m_workspace->openObject(cluster, kind, nameSpace, name);
    if (row < 0) {
        focusBrowser();
        return;
    }
    m_objectDock->show();
    m_browser->selectResourceRow(row);
}

void MainWindow::setChangeSetWorkspace(minato::items::ChangeSetWorkspace* changes)
{
    Q_ASSERT(!m_changeSetDock); // once, before restoreSettings()
    m_changes = changes;
    m_changeSetView = new ChangeSetView(changes->model(), this);
    m_changeSetDock = new QDockWidget(tr("Change set"), this);
    m_changeSetDock->setObjectName(QStringLiteral("changeSetDock"));
    m_changeSetDock->setWidget(m_changeSetView);
    addDockWidget(Qt::BottomDockWidgetArea, m_changeSetDock);
    tabifyDockWidget(m_findingsDock, m_changeSetDock);
    m_findingsDock->raise();

    m_operations = new OperationsMenu(
        m_browser->tableView(), [this](const QModelIndex& index) { return m_browser->resourceRow(index); },
        [this] {
            // The operations need a described kind; a server table is for looking only.
            return m_workspace->serverResource().isEmpty() ? m_workspace->registry().descriptor(m_workspace->kind()).operations
                                                           : QList<minato::changes::OperationKind>();
        },
        this);
    connect(m_operations, &OperationsMenu::requested, this,
        [this, changes](const minato::changes::OperationRequest& request, const QList<int>& rows) {
            changes->planRows(request, m_workspace->resources(), m_workspace->kind(), rows);
            // The change appears once its objects are fetched; show where it will land, and
            // leave the focus in the table for the next operation.
            revealChangeSet();
        });
    connect(changes, &minato::items::ChangeSetWorkspace::statusMessage, this,
        [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    connect(m_changeSetView, &ChangeSetView::statusMessage, this,
        [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    auto updateTitle = [this, model = changes->model()] {
        const int count = model->rowCount();
        m_changeSetDock->setWindowTitle(count ? tr("Change set (%1)").arg(count) : tr("Change set"));
    };
    connect(changes->model(), &minato::items::ChangeSetModel::changeSetEdited, this, updateTitle);
    connect(changes->model(), &QAbstractItemModel::modelReset, this, updateTitle);
    updateTitle();

    QMenu* menu = menuBar()->addMenu(tr("&Changes"));
    addWindowAction(this, menu, tr("Show change set"), QKeySequence(tr("Ctrl+7")), [this] { showChangeSet(); });
    addWindowAction(this, menu, tr("Export change set…"), QKeySequence(tr("Ctrl+E")), [this] {
        showChangeSet();
        m_changeSetView->exportInteractively();
    });
    menu->addSeparator();
    menu->addAction(m_changeSetDock->toggleViewAction());
}

void MainWindow::setNetworkWorkspace(minato::items::NetworkWorkspace* network)
{
    Q_ASSERT(!m_network); // once, before restoreSettings()
    m_network = new NetworkView(network, this);
    m_tabs->addTab(m_network, tr("Network"));
    connect(m_network, &NetworkView::objectRequested, this,
        [this](const QString& cluster, minato::fleet::WatchedKind kind, const QString& nameSpace, const QString& name) {
            m_objectDock->show();
            m_workspace->fetcher()->fetch(cluster, kind, nameSpace, name);
        });
    connect(m_network, &NetworkView::changeRequested, this, [this](const minato::changes::NetworkChangeRequest& request) {
        if (!m_changes)
            return;
        m_changes->planNetwork(request);
        revealChangeSet(); // where the change lands once its objects are read
    });
    QMenu* go = goMenu();
    go->addSeparator();
    addWindowAction(this, go, tr("Fleet tab"), QKeySequence(tr("Ctrl+Shift+1")), [this] { showFleet(); });
    addWindowAction(this, go, tr("Network"), QKeySequence(tr("Ctrl+8")), [this] {
        // The cluster the user is looking at follows them into the network tab.
        const QStringList browsed = m_workspace->browsedClusters();
        showNetwork(browsed.size() == 1 ? browsed.first() : QString());
    });
}

QMenu* MainWindow::goMenu() const
{
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->menu()->objectName() == QLatin1String("goMenu"))
            return action->menu();
    Q_ASSERT(false);
    return nullptr;
}

QString MainWindow::browsedCluster() const
{
    const QStringList browsed = m_workspace->browsedClusters();
    return browsed.size() == 1 ? browsed.first() : QString();
}

void MainWindow::setAutoscalingWorkspace(minato::items::AutoscalingWorkspace* autoscaling)
{
    Q_ASSERT(!m_autoscaling); // once, before restoreSettings()
    m_autoscaling = new AutoscalingView(autoscaling, this);
    // After the network tab when there is one.
    const int networkTab = m_network ? m_tabs->indexOf(m_network) : -1;
    m_tabs->insertTab(networkTab >= 0 ? networkTab + 1 : m_tabs->count(), m_autoscaling, tr("Autoscaling"));
    connect(m_autoscaling, &AutoscalingView::objectRequested, this,
        [this](const QString& cluster, minato::fleet::WatchedKind kind, const QString& nameSpace, const QString& name) {
            m_objectDock->show();
            m_workspace->fetcher()->fetch(cluster, kind, nameSpace, name);
        });
    connect(m_autoscaling, &AutoscalingView::tuningRequested, this,
        [this](const minato::changes::OperationRequest& request, const minato::changes::ObjectRef& target) {
            if (!m_changes)
                return;
            m_changes->plan(request, { target });
            revealChangeSet(); // where the patch lands once the HPA is read
        });
    addWindowAction(this, goMenu(), tr("Autoscaling"), QKeySequence(tr("Ctrl+9")),
        [this] { showAutoscaling(browsedCluster()); });
}

void MainWindow::showAutoscaling(const QString& cluster)
{
    if (!m_autoscaling)
        return;
    m_tabs->setCurrentWidget(m_autoscaling);
    if (!cluster.isEmpty())
        m_autoscaling->showCluster(cluster);
    m_autoscaling->tableView()->setFocus();
}

void MainWindow::showNetwork(const QString& cluster)
{
    if (!m_network)
        return;
    m_tabs->setCurrentWidget(m_network);
    if (!cluster.isEmpty())
        m_network->showCluster(cluster);
    m_network->matrixView()->setFocus();
}

void MainWindow::focusBrowser()
{
    m_tabs->setCurrentWidget(m_central);
    m_browser->focusTable();
}

void MainWindow::showFleet()
{
    m_tabs->setCurrentWidget(m_central);
    m_overview->treeView()->setFocus();
}

void MainWindow::showChangeSet()
{
    if (!m_changeSetDock)
        return;
    revealChangeSet();
    m_changeSetView->treeView()->setFocus();
}

void MainWindow::revealChangeSet()
{
    m_changeSetDock->show();
    m_changeSetDock->raise();
    // Tabbed with the findings at their compact height, the diff would show three lines.
    const int wanted = height() * 2 / 5;
    if (m_changeSetDock->height() < wanted)
        resizeDocks({ m_changeSetDock }, { wanted }, Qt::Vertical);
}

void MainWindow::showTriage()
{
    m_findingsDock->show();
    m_findingsDock->raise();
    // The overview stays in view above: which clusters the findings belong to.
    resizeDocks({ m_findingsDock }, { height() * 3 / 5 }, Qt::Vertical);
    if (!m_findings)
        return;
    QTreeView* tree = m_findings->treeView();
    tree->setFocus();
    QAbstractItemModel* model = tree->model();
    if (tree->currentIndex().isValid())
        return;
    if (model->rowCount() > 0)
        tree->setCurrentIndex(model->index(0, 0));
    else
        connect(model, &QAbstractItemModel::rowsInserted, tree,
            [tree, model] { tree->setCurrentIndex(model->index(0, 0)); }, Qt::SingleShotConnection);
}

void MainWindow::createActions()
{
    auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        return addWindowAction(this, menu, text, key, slot);
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    go->setObjectName(QStringLiteral("goMenu"));
    auto* palette = add(go, tr("Command palette…"), QKeySequence(tr("Ctrl+K")), [this] { openPalette({}); });
    palette->setShortcuts({ QKeySequence(tr("Ctrl+K")), QKeySequence(tr("Ctrl+Shift+P")) });
    add(go, tr("Jump to kind…"), QKeySequence(Qt::Key_Colon), [this] { openPalette(QStringLiteral(":")); });
    add(go, tr("Filter"), QKeySequence(Qt::Key_Slash), [this] {
        // '/' filters whatever list has focus, as in k9s and less.
        if (m_overview->isAncestorOf(focusWidget()))
            m_overview->focusFilter();
        else
            m_browser->focusFilter();
    });
    go->addSeparator();
    add(go, tr("Fleet overview"), QKeySequence(tr("Ctrl+1")), [this] { showFleet(); });
    add(go, tr("Resources"), QKeySequence(tr("Ctrl+2")), [this] {
        focusBrowser();
    });
    add(go, tr("Kinds"), QKeySequence(tr("Ctrl+3")), [this] {
        m_tabs->setCurrentWidget(m_central);
        m_browser->kindView()->setFocus();
    });
    add(go, tr("YAML"), QKeySequence(tr("Ctrl+4")), [this] {
        m_objectDock->show();
        m_yaml->editor()->setFocus();
    });
    add(go, tr("Events"), QKeySequence(tr("Ctrl+5")), [this] {
        m_objectDock->show();
        m_events->setFocus();
    });
    add(go, tr("Findings"), QKeySequence(tr("Ctrl+6")), [this] {
        m_findingsDock->show();
        m_findingsDock->raise();
        if (QWidget* widget = m_findingsDock->widget())
            widget->setFocus();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    add(view, tr("Group by team"), QKeySequence(tr("Alt+T")), [this] { m_overview->setGroupingIndex(0); });
    add(view, tr("Group by environment"), QKeySequence(tr("Alt+E")), [this] { m_overview->setGroupingIndex(1); });
    add(view, tr("Flat list"), QKeySequence(tr("Alt+L")), [this] { m_overview->setGroupingIndex(2); });
    add(view, tr("Triage layout"), QKeySequence(tr("Ctrl+T")), [this] { showTriage(); });
    add(view, tr("Show managedFields"), QKeySequence(tr("Alt+M")), [this] { m_yaml->managedFieldsToggle()->toggle(); });
    add(view, tr("Find in YAML"), QKeySequence(tr("Ctrl+F")), [this] {
        m_objectDock->show();
        m_yaml->openFind();
    });
    view->addSeparator();
    view->addAction(m_objectDock->toggleViewAction());
    view->addAction(m_findingsDock->toggleViewAction());
}

void MainWindow::openPalette(const QString& prefix)
{
    QList<CommandPalette::Entry> entries;
    // Menu actions, by their text without accelerators.
    for (QAction* menu : menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) {
            if (action->isSeparator() || action->text().isEmpty())
                continue;
            QString text = action->text();
            text.remove(QLatin1Char('&'));
            entries.append({ text, action->shortcut().toString(QKeySequence::NativeText), [action] { action->trigger(); } });
        }
    }
    for (minato::fleet::WatchedKind kind : minato::fleet::allWatchedKinds()) {
        entries.append({ QLatin1Char(':') + minato::fleet::watchedKindName(kind),
            m_workspace->registry().aliases(kind).mid(2).join(QLatin1Char(' ')), [this, kind] {
                if (m_workspace->browsedClusters().isEmpty() && !m_overview->selectedClusters().isEmpty())
                    m_workspace->browseClusters(m_overview->selectedClusters());
                m_workspace->setKind(kind);
                focusBrowser();
            } });
    }
    if (m_network)
        entries.append({ QStringLiteral(":network"), tr("fleet network matrix and topology (Ctrl+8)"), [this] {
                            const QStringList browsed = m_workspace->browsedClusters();
                            showNetwork(browsed.size() == 1 ? browsed.first() : QString());
                        } });
    if (m_autoscaling)
        entries.append({ QStringLiteral(":autoscaling"), tr("every HPA: state, history, why it does not scale (Ctrl+9)"),
            [this] { showAutoscaling(browsedCluster()); } });
    for (const QString& cluster : m_workspace->overview()->clusterNames()) {
        const auto* info = m_workspace->overview()->cluster(cluster);
        entries.append({ cluster, tr("cluster %1 %2").arg(info->team, info->environment), [this, cluster] {
                            m_overview->treeView()->setCurrentIndex(QModelIndex());
                            m_workspace->browseClusters({ cluster });
                            focusBrowser();
                        } });
    }
    m_palette->setEntries(entries);
    m_palette->open(prefix);
}

void MainWindow::updateProgress()
{
    const FleetOverviewModel* model = m_workspace->overview();
    int live = 0, syncing = 0, failed = 0, degraded = 0;
    for (const QString& name : model->clusterNames()) {
        using minato::fleet::SessionState;
        switch (model->cluster(name)->status.state) {
        case SessionState::Live:
            ++live;
            break;
        case SessionState::Degraded:
            ++degraded;
            break;
        case SessionState::Connecting:
        case SessionState::Syncing:
            ++syncing;
            break;
        case SessionState::Unreachable:
        case SessionState::AuthFailed:
        case SessionState::Misconfigured:
            ++failed;
            break;
        case SessionState::Idle:
            break;
        }
    }
    const int total = int(model->clusterNames().size());
    QString text = tr("%1 clusters · %2 live").arg(total).arg(live);
    if (degraded)
        text += tr(" · %1 degraded").arg(degraded);
    if (syncing)
        text += tr(" · %1 syncing").arg(syncing);
    if (failed)
        text += tr(" · %1 failing").arg(failed);
    m_progress->setText(text);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_central->restoreState(settings.value(QStringLiteral("centralSplitter")).toByteArray());
    m_objectSplitter->restoreState(settings.value(QStringLiteral("objectSplitter")).toByteArray());
    m_browser->splitter()->restoreState(settings.value(QStringLiteral("browserSplitter")).toByteArray());
    m_overview->treeView()->header()->restoreState(settings.value(QStringLiteral("overviewHeader")).toByteArray());
    m_overview->setGroupingIndex(settings.value(QStringLiteral("grouping"), 0).toInt());
    m_overview->filterEdit()->setText(settings.value(QStringLiteral("overviewFilter")).toString());
    m_browser->filterEdit()->setText(settings.value(QStringLiteral("resourceFilter")).toString());
    if (auto kind = m_workspace->registry().find(settings.value(QStringLiteral("kind")).toString()))
        m_workspace->setKind(*kind);
    m_yaml->managedFieldsToggle()->setChecked(settings.value(QStringLiteral("managedFields"), false).toBool());
    if (m_findings)
        m_findings->restoreSettings(settings);
    settings.endGroup();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("centralSplitter"), m_central->saveState());
    settings.setValue(QStringLiteral("objectSplitter"), m_objectSplitter->saveState());
    settings.setValue(QStringLiteral("browserSplitter"), m_browser->splitter()->saveState());
    settings.setValue(QStringLiteral("overviewHeader"), m_overview->treeView()->header()->saveState());
    settings.setValue(QStringLiteral("grouping"), m_overview->groupingIndex());
    settings.setValue(QStringLiteral("overviewFilter"), m_overview->filterEdit()->text());
    settings.setValue(QStringLiteral("resourceFilter"), m_browser->filterEdit()->text());
    settings.setValue(QStringLiteral("kind"), minato::fleet::watchedKindName(m_workspace->kind()));
    settings.setValue(QStringLiteral("managedFields"), m_yaml->managedFieldsToggle()->isChecked());
    if (m_findings)
        m_findings->saveSettings(settings);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

bool MainWindow::event(QEvent* event)
{
    // The first paint of the window is when a user sees it: start-up is measured to here.
    if (!m_exposed && (event->type() == QEvent::UpdateRequest || event->type() == QEvent::Paint)) {
        m_exposed = true;
        QMetaObject::invokeMethod(this, &MainWindow::firstExposed, Qt::QueuedConnection);
    }
    return QMainWindow::event(event);
}
