// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/clustersummary.h"
#include "analysis/podtally.h"
#include "fleet/sessionstatus.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace minato::fleet {
class ClusterSession;
class FleetEngine;
}

namespace minato::items {

// Findings of one cluster by severity; filled by the findings engine when it is there.
using SeverityCounts = analysis::ClusterSummary::FindingCounts;

// One cluster as the overview shows it.
struct OverviewCluster
{
    QString name;
    QString team;
    QString environment;
    fleet::SessionStatus status;
    QString version; // the server's gitVersion, empty until the first probe
    int kindsSynced = 0;
    int kindsTotal = 0;
    bool hasSummary = false; // the store has content (Syncing or later)
    analysis::ClusterSummary summary; // what `minato report` prints, from the same function
    SeverityCounts findings;
};

// The fleet overview: clusters under a group row per team or environment, or a flat list.
// Fed by FleetEngine (attach) or directly (tests). Status changes show at once; the store
// summaries are recomputed on a short timer, so a churning cluster costs one pass per tick.
class FleetOverviewModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Columns
    {
        NameColumn,
        StateColumn,
        TeamColumn,
        EnvironmentColumn,
        VersionColumn,
        NodesColumn,
        PodsColumn,
        CniColumn,
        RuntimesColumn,
        HpasColumn,
        FindingsColumn,
        NumColumns
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        ClusterNameRole, // empty on group rows
        IsGroupRole,
        StateRole, // int(fleet::SessionState); group rows: the worst of their clusters
        ProgressRole, // 0..1 while syncing, -1 otherwise
        SeverityRole, // 0 none, 1 info, 2 warning, 3 critical (findings column and rows)
    };
    enum class Grouping
    {
        Flat,
        Team,
        Environment
    };
    Q_ENUM(Grouping)

    explicit FleetOverviewModel(QObject* parent = nullptr);
    ~FleetOverviewModel() override;

    // Follows the engine's sessions from now on (not owned).
    void attach(fleet::FleetEngine* engine);

    Grouping grouping() const { return m_grouping; }
    void setGrouping(Grouping grouping);

    void setClusters(const QList<OverviewCluster>& clusters);
    void updateStatus(const QString& name, const fleet::SessionStatus& status);
    void updateProgress(const QString& name, int kindsSynced, int kindsTotal);
    void updateVersion(const QString& name, const QString& version);
    void updateSummary(const QString& name, const analysis::ClusterSummary& summary);
    void updateFindings(const QString& name, const SeverityCounts& counts);
    // Recomputes the summaries of stores that changed since the last call (the timer calls it).
    void refreshSummaries();

    const OverviewCluster* cluster(const QString& name) const;
    QStringList clusterNames() const;
    QModelIndex indexOfCluster(const QString& name, int column = 0) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Group
    {
        QString key;
        QList<int> members; // indexes into m_clusters, fleet order
    };

    void rebuildGroups();
    void follow(fleet::ClusterSession* session);
    void resetRows();
    void clusterChanged(int clusterIndex);
    int clusterIndexOf(const QString& name) const;
    QVariant clusterData(const OverviewCluster& cluster, int column, int role) const;
    QVariant groupData(const Group& group, int column, int role) const;

    QList<OverviewCluster> m_clusters;
    QHash<QString, int> m_byName;
    QList<Group> m_groups;
    QHash<int, int> m_groupOf; // cluster index → group index
    QHash<int, int> m_rowInGroup; // cluster index → row under its group
    Grouping m_grouping = Grouping::Team;
    QPointer<fleet::FleetEngine> m_engine;
    QSet<QString> m_dirty;
    QHash<QString, analysis::PodTally> m_pods; // per followed cluster, current with its store
    QTimer m_summaryTimer;
};

} // namespace minato::items
