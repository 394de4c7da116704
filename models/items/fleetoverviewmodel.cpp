// SPDX-License-Identifier: Apache-2.0
#include "fleetoverviewmodel.h"

#include "fleet/clustersession.h"
#include "fleet/clusterstore.h"
#include "fleet/fleetengine.h"

#include <algorithm>

namespace minato::items {

using fleet::SessionState;

namespace {

// How bad a state is, for group rows and sorting: failures first when sorted descending.
int stateRank(SessionState state)
{
    switch (state) {
    case SessionState::Live:
        return 0;
    case SessionState::Idle:
        return 1;
    case SessionState::Connecting:
    case SessionState::Syncing:
        return 2;
    case SessionState::Degraded:
        return 3;
    case SessionState::Unreachable:
    case SessionState::AuthFailed:
    case SessionState::Misconfigured:
        return 4;
    }
    return 0;
}

int severityOf(const SeverityCounts& counts)
{
    return counts.critical ? 3 : counts.warning ? 2 : counts.info ? 1 : 0;
}

QString findingsText(const SeverityCounts& counts)
{
    if (counts.total() == 0)
        return {};
    QStringList parts;
    if (counts.critical)
        parts << QStringLiteral("%1 crit").arg(counts.critical);
    if (counts.warning)
        parts << QStringLiteral("%1 warn").arg(counts.warning);
    if (counts.info)
        parts << QStringLiteral("%1 info").arg(counts.info);
    return parts.join(QStringLiteral(" · "));
}

// The overview's runtime cell: node runtimes with their node counts, then RuntimeClass handlers.
QString runtimesText(const analysis::ClusterSummary& summary)
{
    QStringList parts;
    if (!summary.runtimes.isEmpty())
        parts << summary.runtimesText();
    parts << summary.runtimeHandlers;
    return parts.join(QStringLiteral(", "));
}

// The CNI cell (brief) and its tooltip (`minato report`'s line); blank rather than "not
// detected" while unknown.
QString cniText(const analysis::CniSummary& cni, bool full)
{
    if (cni.plugin == analysis::CniSummary::Plugin::Unknown)
        return {};
    return full ? cni.describe() : cni.brief();
}

constexpr quintptr TopLevel = 0;

} // namespace

FleetOverviewModel::FleetOverviewModel(QObject* parent)
    : QAbstractItemModel(parent)
{
    // A summary costs the cluster's nodes and HPAs (its pods are tallied per batch): once per
    // tick, not once per watch batch.
    m_summaryTimer.setInterval(250);
    m_summaryTimer.setSingleShot(true);
    connect(&m_summaryTimer, &QTimer::timeout, this, &FleetOverviewModel::refreshSummaries);
}

FleetOverviewModel::~FleetOverviewModel() = default;

void FleetOverviewModel::attach(fleet::FleetEngine* engine)
{
    if (m_engine) {
        disconnect(m_engine, nullptr, this, nullptr);
        for (fleet::ClusterSession* session : m_engine->sessions()) {
            disconnect(session, nullptr, this, nullptr);
            disconnect(session->store(), nullptr, this, nullptr);
        }
    }
    m_engine = engine;
    connect(engine, &fleet::FleetEngine::sessionAdded, this, &FleetOverviewModel::follow);
    connect(engine, &fleet::FleetEngine::sessionRemoved, this, [this](const QString& context) {
        m_pods.remove(context);
        m_dirty.remove(context);
    });
    connect(engine, &fleet::FleetEngine::sessionsChanged, this, &FleetOverviewModel::resetRows);
    connect(engine, &fleet::FleetEngine::sessionChanged, this, [this](const QString& context) {
        if (const fleet::ClusterSession* session = m_engine->session(context)) {
            updateStatus(context, session->status());
            updateVersion(context, session->serverVersion().gitVersion);
        }
    });
    for (fleet::ClusterSession* session : engine->sessions())
        follow(session);
    resetRows();
}

// The session's own progress and store changes; the connections end with the session.
void FleetOverviewModel::follow(fleet::ClusterSession* session)
{
    const QString name = session->name();
    connect(session, &fleet::ClusterSession::progressChanged, this,
        [this, session, name] { updateProgress(name, session->kindsSynced(), session->kindsTotal()); });
    m_pods[name].reset(session->store()->pods());
    connect(session->store(), &fleet::ClusterStore::changed, this, [this, name, store = session->store()](
                                                                     const fleet::StoreChange& change) {
        if (const fleet::KindChange* pods = change.find(fleet::WatchedKind::Pods))
            m_pods[name].apply(store->pods(), *pods);
        m_dirty.insert(name);
        if (!m_summaryTimer.isActive())
            m_summaryTimer.start();
    });
}

void FleetOverviewModel::resetRows()
{
    QList<OverviewCluster> clusters;
    for (const fleet::ClusterSession* session : m_engine->sessions()) {
        OverviewCluster cluster;
        cluster.name = session->name();
        cluster.team = session->cluster().team;
        cluster.environment = session->cluster().environment;
        cluster.status = session->status();
        cluster.version = session->serverVersion().gitVersion;
        cluster.kindsSynced = session->kindsSynced();
        cluster.kindsTotal = session->kindsTotal();
        clusters.append(cluster);
        m_dirty.insert(cluster.name);
    }
    setClusters(clusters);
    m_summaryTimer.start();
}

void FleetOverviewModel::refreshSummaries()
{
    if (!m_engine)
        return;
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString& name : dirty) {
        fleet::ClusterSession* session = m_engine->session(name);
        if (session && session->store()->totalObjects() > 0)
            updateSummary(name, analysis::ClusterSummary::compute(session->facts(), *session->store(), m_pods[name]));
    }
}

void FleetOverviewModel::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    beginResetModel();
    m_grouping = grouping;
    rebuildGroups();
    endResetModel();
}

void FleetOverviewModel::setClusters(const QList<OverviewCluster>& clusters)
{
    beginResetModel();
    m_clusters = clusters;
    m_byName.clear();
    for (int i = 0; i < m_clusters.size(); ++i)
        m_byName.insert(m_clusters[i].name, i);
    rebuildGroups();
    endResetModel();
}

void FleetOverviewModel::rebuildGroups()
{
    m_groups.clear();
    m_groupOf.clear();
    m_rowInGroup.clear();
    if (m_grouping == Grouping::Flat)
        return;
    QHash<QString, int> groupIndex;
    for (int i = 0; i < m_clusters.size(); ++i) {
        QString key = m_grouping == Grouping::Team ? m_clusters[i].team : m_clusters[i].environment;
        if (key.isEmpty())
            key = m_grouping == Grouping::Team ? tr("(no team)") : tr("(no environment)");
        auto it = groupIndex.find(key);
        if (it == groupIndex.end()) {
            it = groupIndex.insert(key, int(m_groups.size()));
            m_groups.append(Group { key, {} });
        }
        m_groupOf.insert(i, *it);
        m_rowInGroup.insert(i, int(m_groups[*it].members.size()));
        m_groups[*it].members.append(i);
    }
}

int FleetOverviewModel::clusterIndexOf(const QString& name) const
{
    return m_byName.value(name, -1);
}

const OverviewCluster* FleetOverviewModel::cluster(const QString& name) const
{
    const int i = clusterIndexOf(name);
    return i < 0 ? nullptr : &m_clusters[i];
}

QStringList FleetOverviewModel::clusterNames() const
{
    QStringList names;
    for (const auto& cluster : m_clusters)
        names << cluster.name;
    return names;
}

QModelIndex FleetOverviewModel::indexOfCluster(const QString& name, int column) const
{
    const int i = clusterIndexOf(name);
    if (i < 0)
        return {};
    if (m_grouping == Grouping::Flat)
        return createIndex(i, column, TopLevel);
    return createIndex(m_rowInGroup.value(i), column, quintptr(m_groupOf.value(i) + 1));
}

void FleetOverviewModel::clusterChanged(int clusterIndex)
{
    const QString& name = m_clusters[clusterIndex].name;
    Q_EMIT dataChanged(indexOfCluster(name, 0), indexOfCluster(name, NumColumns - 1));
    if (m_grouping != Grouping::Flat) {
        const int group = m_groupOf.value(clusterIndex);
        Q_EMIT dataChanged(createIndex(group, 0, TopLevel), createIndex(group, NumColumns - 1, TopLevel));
    }
}

void FleetOverviewModel::updateStatus(const QString& name, const fleet::SessionStatus& status)
{
    const int i = clusterIndexOf(name);
    if (i < 0)
        return;
    m_clusters[i].status = status;
    clusterChanged(i);
}

void FleetOverviewModel::updateProgress(const QString& name, int kindsSynced, int kindsTotal)
{
    const int i = clusterIndexOf(name);
    if (i < 0 || (m_clusters[i].kindsSynced == kindsSynced && m_clusters[i].kindsTotal == kindsTotal))
        return;
    m_clusters[i].kindsSynced = kindsSynced;
    m_clusters[i].kindsTotal = kindsTotal;
    clusterChanged(i);
}

void FleetOverviewModel::updateVersion(const QString& name, const QString& version)
{
    const int i = clusterIndexOf(name);
    if (i < 0 || m_clusters[i].version == version)
        return;
    m_clusters[i].version = version;
    clusterChanged(i);
}

void FleetOverviewModel::updateSummary(const QString& name, const analysis::ClusterSummary& summary)
{
    const int i = clusterIndexOf(name);
    if (i < 0 || (m_clusters[i].hasSummary && m_clusters[i].summary == summary))
        return;
    m_clusters[i].summary = summary;
    m_clusters[i].hasSummary = true;
    clusterChanged(i);
}

void FleetOverviewModel::updateFindings(const QString& name, const SeverityCounts& counts)
{
    const int i = clusterIndexOf(name);
    if (i < 0 || m_clusters[i].findings == counts)
        return;
    m_clusters[i].findings = counts;
    clusterChanged(i);
}

QModelIndex FleetOverviewModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevel);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex FleetOverviewModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, TopLevel);
}

int FleetOverviewModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    if (!parent.isValid())
        return int(m_grouping == Grouping::Flat ? m_clusters.size() : m_groups.size());
    if (m_grouping == Grouping::Flat || parent.internalId() != TopLevel)
        return 0;
    return int(m_groups[parent.row()].members.size());
}

int FleetOverviewModel::columnCount(const QModelIndex&) const
{
    return NumColumns;
}

QVariant FleetOverviewModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == TopLevel) {
        if (m_grouping == Grouping::Flat)
            return clusterData(m_clusters[index.row()], index.column(), role);
        return groupData(m_groups[index.row()], index.column(), role);
    }
    const Group& group = m_groups[int(index.internalId() - 1)];
    return clusterData(m_clusters[group.members[index.row()]], index.column(), role);
}

QVariant FleetOverviewModel::clusterData(const OverviewCluster& cluster, int column, int role) const
{
    const analysis::ClusterSummary& s = cluster.summary;
    const bool syncing = cluster.status.state == SessionState::Syncing || cluster.status.state == SessionState::Connecting;
    switch (role) {
    case ClusterNameRole:
        return cluster.name;
    case IsGroupRole:
        return false;
    case StateRole:
        return int(cluster.status.state);
    case ProgressRole:
        return syncing && cluster.kindsTotal > 0 ? double(cluster.kindsSynced) / cluster.kindsTotal : -1.0;
    case SeverityRole:
        return severityOf(cluster.findings);
    case Qt::ToolTipRole:
        if (column == StateColumn || column == NameColumn) {
            QString tip = fleet::sessionStateName(cluster.status.state);
            if (!cluster.status.reason.isEmpty())
                tip += QStringLiteral(": ") + cluster.status.reason;
            if (cluster.status.since.isValid())
                tip += tr("\nsince %1").arg(cluster.status.since.toLocalTime().toString(Qt::ISODate));
            return tip;
        }
        if (column == PodsColumn)
            return tr("running / pending / failing (of %1)").arg(s.podsTotal);
        if (column == CniColumn)
            return cniText(s.cni, true);
        if (column == HpasColumn)
            return tr("total / at max replicas / unable to scale");
        if (column == RuntimesColumn)
            return runtimesText(s).replace(QStringLiteral(", "), QStringLiteral("\n"));
        return {};
    case Qt::TextAlignmentRole:
        if (column == NodesColumn || column == PodsColumn || column == HpasColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case StateColumn:
            return stateRank(cluster.status.state) * 1000 + (syncing ? cluster.kindsSynced : 0);
        case NodesColumn:
            return s.nodesTotal;
        case PodsColumn:
            return s.podsFailing() * 1000000 + s.podsPending * 1000 + s.podsRunning;
        case HpasColumn:
            return s.hpas.unableToScale * 1000000 + s.hpas.atMax * 1000 + s.hpas.total;
        case FindingsColumn:
            return cluster.findings.critical * 1000000 + cluster.findings.warning * 1000 + cluster.findings.info;
        default:
            return clusterData(cluster, column, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return cluster.name;
        case StateColumn:
            if (syncing && cluster.kindsTotal > 0)
                return tr("%1 %2/%3").arg(fleet::sessionStateName(cluster.status.state)).arg(cluster.kindsSynced).arg(cluster.kindsTotal);
            return fleet::sessionStateName(cluster.status.state);
        case TeamColumn:
            return cluster.team;
        case EnvironmentColumn:
            return cluster.environment;
        case VersionColumn:
            return cluster.version;
        case NodesColumn:
            return cluster.hasSummary ? QStringLiteral("%1/%2").arg(s.nodesReady).arg(s.nodesTotal) : QString();
        case PodsColumn:
            return cluster.hasSummary ? QStringLiteral("%1 / %2 / %3").arg(s.podsRunning).arg(s.podsPending).arg(s.podsFailing())
                                      : QString();
        case CniColumn:
            return cluster.hasSummary ? cniText(s.cni, false) : QString();
        case RuntimesColumn:
            return runtimesText(s);
        case HpasColumn:
            return cluster.hasSummary && s.hpas.total > 0
                ? QStringLiteral("%1 / %2 / %3").arg(s.hpas.total).arg(s.hpas.atMax).arg(s.hpas.unableToScale)
                : QString();
        case FindingsColumn:
            return findingsText(cluster.findings);
        }
        return {};
    }
    return {};
}

QVariant FleetOverviewModel::groupData(const Group& group, int column, int role) const
{
    // The group's sums: only the fields its row shows.
    int nodesReady = 0, nodesTotal = 0, podsRunning = 0, podsPending = 0, podsFailing = 0;
    analysis::ClusterSummary::Hpas hpas;
    SeverityCounts findings;
    int worst = 0;
    SessionState worstState = SessionState::Live;
    QHash<SessionState, int> states;
    for (int member : group.members) {
        const OverviewCluster& c = m_clusters[member];
        nodesReady += c.summary.nodesReady;
        nodesTotal += c.summary.nodesTotal;
        podsRunning += c.summary.podsRunning;
        podsPending += c.summary.podsPending;
        podsFailing += c.summary.podsFailing();
        hpas.total += c.summary.hpas.total;
        hpas.atMax += c.summary.hpas.atMax;
        hpas.unableToScale += c.summary.hpas.unableToScale;
        findings.critical += c.findings.critical;
        findings.warning += c.findings.warning;
        findings.info += c.findings.info;
        states[c.status.state] += 1;
        if (stateRank(c.status.state) >= worst) {
            worst = stateRank(c.status.state);
            worstState = c.status.state;
        }
    }
    switch (role) {
    case IsGroupRole:
        return true;
    case ClusterNameRole:
        return QString();
    case StateRole:
        return int(worstState);
    case ProgressRole:
        return -1.0;
    case SeverityRole:
        return severityOf(findings);
    case Qt::TextAlignmentRole:
        if (column == NodesColumn || column == PodsColumn || column == HpasColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (column) {
        case NameColumn:
            return group.key;
        case StateColumn:
            return worst * 1000;
        case NodesColumn:
            return nodesTotal;
        case PodsColumn:
            return podsFailing * 1000000 + podsPending * 1000 + podsRunning;
        case HpasColumn:
            return hpas.unableToScale * 1000000 + hpas.atMax * 1000 + hpas.total;
        case FindingsColumn:
            return findings.critical * 1000000 + findings.warning * 1000 + findings.info;
        default:
            return groupData(group, column, Qt::DisplayRole);
        }
    case Qt::DisplayRole: {
        switch (column) {
        case NameColumn:
            return QStringLiteral("%1 (%2)").arg(group.key).arg(group.members.size());
        case StateColumn: {
            QStringList parts;
            for (auto state : { SessionState::Live, SessionState::Degraded, SessionState::Syncing, SessionState::Connecting,
                     SessionState::Unreachable, SessionState::AuthFailed, SessionState::Misconfigured, SessionState::Idle }) {
                if (const int n = states.value(state))
                    parts << QStringLiteral("%1 %2").arg(n).arg(fleet::sessionStateName(state));
            }
            return parts.join(QStringLiteral(", "));
        }
        case TeamColumn:
            return m_grouping == Grouping::Team ? group.key : QString();
        case EnvironmentColumn:
            return m_grouping == Grouping::Environment ? group.key : QString();
        case NodesColumn:
            return QStringLiteral("%1/%2").arg(nodesReady).arg(nodesTotal);
        case PodsColumn:
            return QStringLiteral("%1 / %2 / %3").arg(podsRunning).arg(podsPending).arg(podsFailing);
        case HpasColumn:
            return hpas.total > 0 ? QStringLiteral("%1 / %2 / %3").arg(hpas.total).arg(hpas.atMax).arg(hpas.unableToScale)
                                  : QString();
        case FindingsColumn:
            return findingsText(findings);
        default:
            return {};
        }
    }
    }
    return {};
}

QVariant FleetOverviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Cluster");
    case StateColumn:
        return tr("State");
    case TeamColumn:
        return tr("Team");
    case EnvironmentColumn:
        return tr("Env");
    case VersionColumn:
        return tr("Version");
    case NodesColumn:
        return tr("Nodes");
    case PodsColumn:
        return tr("Pods run/pend/fail");
    case CniColumn:
        return tr("CNI");
    case RuntimesColumn:
        return tr("Runtimes");
    case HpasColumn:
        return tr("HPAs tot/max/unable");
    case FindingsColumn:
        return tr("Findings");
    }
    return {};
}

} // namespace minato::items
