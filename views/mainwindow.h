// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>

class AutoscalingView;
class ChangeSetView;
class CommandPalette;
class FindingsView;
class FleetOverviewView;
class NetworkView;
class OperationsMenu;
class QDockWidget;
class QLabel;
class QMenu;
class QSplitter;
class QTableView;
class QTabWidget;
class ResourceBrowserView;
class YamlView;

namespace minato::items {
class AutoscalingWorkspace;
class ChangeSetWorkspace;
class FleetWorkspace;
class NetworkWorkspace;
class RowFilterProxy;
} // namespace minato::items

// The fleet window: the overview and the browser one above the other, the selected object's
// YAML and events in a dock on the right, findings in a dock below. Every part is reachable
// from the keyboard (Ctrl+K, ':', '/', Ctrl+1…4) and the layout survives a restart.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(minato::items::FleetWorkspace* workspace, QWidget* parent = nullptr);
    ~MainWindow() override;

    FleetOverviewView* overview() const { return m_overview; }
    ResourceBrowserView* browser() const { return m_browser; }
    YamlView* yamlView() const { return m_yaml; }
    QTableView* eventsView() const { return m_events; }
    CommandPalette* palette() const { return m_palette; }
    // Where the findings list goes (a placeholder until then). A FindingsView is wired to
    // open the objects it asks for, and its filters are saved with the window.
    void setFindingsWidget(QWidget* widget);
    FindingsView* findingsView() const { return m_findings; }
    // Operations on the browser's selected rows (context menu, single keys) go into this
    // change set, shown in a dock beside the findings. Never applied to a cluster.
    void setChangeSetWorkspace(minato::items::ChangeSetWorkspace* changes);
    ChangeSetView* changeSetView() const { return m_changeSetView; }
    OperationsMenu* operationsMenu() const { return m_operations; }
    // Shows the change set dock, focused.
    void showChangeSet();
    // Opens a cluster in the browser at this kind and selects the object (its YAML follows);
    // an empty kind opens the cluster only.
    void openObject(const QString& cluster, const QString& kind, const QString& nameSpace, const QString& name);
    // The network tab (fleet matrix and cluster topology) over this workspace; once, before
    // restoreSettings(). Its selections open their objects in the YAML pane.
    void setNetworkWorkspace(minato::items::NetworkWorkspace* network);
    NetworkView* networkView() const { return m_network; }
    QTabWidget* tabs() const { return m_tabs; }
    // Shows the network tab, focused (at `cluster` when given).
    void showNetwork(const QString& cluster = {});
    // The autoscaling tab (every HPA, its history and diagnosis) after the network tab; once,
    // before restoreSettings(). Its current row opens the HPA in the YAML pane.
    void setAutoscalingWorkspace(minato::items::AutoscalingWorkspace* autoscaling);
    AutoscalingView* autoscalingView() const { return m_autoscaling; }
    // Shows the autoscaling tab, focused (at the first HPA of `cluster` when given).
    void showAutoscaling(const QString& cluster = {});
    void showFleet();
    // Triage: the findings list takes most of the window, focused, its worst finding current
    // (as soon as there is one) so the evidence shows.
    void showTriage();

    void restoreSettings();
    void saveSettings() const;

Q_SIGNALS:
    // The first frame reached the screen (start-up timing).
    void firstExposed();

protected:
    void closeEvent(QCloseEvent* event) override;
    bool event(QEvent* event) override;

private:
    void createActions();
    void openPalette(const QString& prefix);
    void updateProgress();
    void revealChangeSet();
    // The browser's table, focused, on the fleet tab.
    void focusBrowser();
    // The Go menu, where the tabs add their entries.
    QMenu* goMenu() const;
    // The one cluster the browser shows, or "" (several or none).
    QString browsedCluster() const;

    minato::items::FleetWorkspace* m_workspace;
    FleetOverviewView* m_overview;
    ResourceBrowserView* m_browser;
    YamlView* m_yaml;
    QTableView* m_events;
    minato::items::RowFilterProxy* m_eventsProxy;
    QTabWidget* m_tabs;
    QSplitter* m_central;
    NetworkView* m_network = nullptr;
    AutoscalingView* m_autoscaling = nullptr;
    minato::items::ChangeSetWorkspace* m_changes = nullptr;
    QSplitter* m_objectSplitter;
    QDockWidget* m_objectDock;
    QDockWidget* m_findingsDock;
    FindingsView* m_findings = nullptr;
    QDockWidget* m_changeSetDock = nullptr;
    ChangeSetView* m_changeSetView = nullptr;
    OperationsMenu* m_operations = nullptr;
    CommandPalette* m_palette;
    QLabel* m_progress;
    bool m_exposed = false;
};
