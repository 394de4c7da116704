// SPDX-License-Identifier: Apache-2.0
#include "items/autoscalingtablemodel.h"

#include "analysis/ruleinput.h"

#include <algorithm>
#include <limits>

namespace minato::items {

namespace {

    const QString Dash = QStringLiteral("—");

    bool byId(const analysis::AutoscalingRow& a, const analysis::AutoscalingRow& b)
    {
        return a.hpa.meta.id() < b.hpa.meta.id();
    }

    QString conditionMark(const fleet::DetailedCondition& c)
    {
        switch (c.status) {
        case fleet::ConditionStatus::True:
            return QStringLiteral("✓");
        case fleet::ConditionStatus::False:
            return QStringLiteral("✗");
        case fleet::ConditionStatus::Unknown:
        case fleet::ConditionStatus::Absent:
            break;
        }
        return QStringLiteral("?");
    }

    int problemOf(analysis::HpaState state)
    {
        using analysis::HpaState;
        switch (state) {
        case HpaState::UnableToScale:
            return 2;
        case HpaState::Flapping:
        case HpaState::PinnedAtMax:
        case HpaState::Limited:
            return 1;
        case HpaState::ScalingNormally:
        case HpaState::IdleAtMin:
            break;
        }
        return 0;
    }

    QString conditionLine(const QString& type, const fleet::DetailedCondition& c)
    {
        if (c.status == fleet::ConditionStatus::Absent)
            return {};
        QString line = type + QStringLiteral(" = ") + conditionMark(c);
        if (!c.reason.isEmpty())
            line += QLatin1Char(' ') + c.reason.toString();
        if (!c.message.isEmpty())
            line += QStringLiteral(": ") + c.message;
        return line;
    }

} // namespace

AutoscalingTableModel::AutoscalingTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

QString AutoscalingTableModel::conditionsText(const fleet::HpaInfo& hpa)
{
    QStringList parts;
    auto add = [&parts](const QString& type, const fleet::DetailedCondition& c, bool showReason) {
        if (c.status == fleet::ConditionStatus::Absent)
            return;
        QString part = type + QLatin1Char(' ') + conditionMark(c);
        if (showReason && !c.reason.isEmpty())
            part += QLatin1Char(' ') + c.reason.toString();
        parts << part;
    };
    // A reason is worth the room only where the condition is not what it should be.
    add(QStringLiteral("AbleToScale"), hpa.ableToScale, !hpa.ableToScale.isTrue());
    add(QStringLiteral("ScalingActive"), hpa.scalingActive, !hpa.scalingActive.isTrue());
    if (hpa.scalingLimited.isTrue())
        parts << QStringLiteral("ScalingLimited ") + hpa.scalingLimited.reason.toString();
    return parts.isEmpty() ? Dash : parts.join(QLatin1Char(' '));
}

void AutoscalingTableModel::setNow(qint64 nowMs)
{
    if (nowMs == m_nowMs)
        return;
    m_nowMs = nowMs;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, LastScaleColumn), index(rowCount() - 1, LastScaleColumn));
}

void AutoscalingTableModel::setClusterRows(
    const QString& cluster, QList<analysis::AutoscalingRow> rows, const QStringList& clusterOrder)
{
    std::sort(rows.begin(), rows.end(), byId);
    int first = -1;
    int end = -1;
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).cluster != cluster)
            continue;
        if (first < 0)
            first = i;
        end = i + 1;
    }
    if (first < 0) {
        if (rows.isEmpty())
            return;
        // Before the first row of a cluster that comes later in the fleet.
        const qsizetype rank = clusterOrder.indexOf(cluster);
        int at = int(m_rows.size());
        for (int i = 0; rank >= 0 && i < m_rows.size(); ++i) {
            const qsizetype other = clusterOrder.indexOf(m_rows.at(i).cluster);
            if (other < 0 || other > rank) {
                at = i;
                break;
            }
        }
        beginInsertRows({}, at, at + int(rows.size()) - 1);
        for (qsizetype j = 0; j < rows.size(); ++j)
            m_rows.insert(at + j, rows.at(j));
        endInsertRows();
        return;
    }

    // Both lists are sorted by id: one merge pass, rows that stay are updated in place.
    int i = first;
    qsizetype j = 0;
    int changedFirst = -1;
    int changedLast = -1;
    while (i < end || j < rows.size()) {
        const bool haveOld = i < end;
        const bool haveNew = j < rows.size();
        const int order = !haveOld ? 1 : !haveNew ? -1
                                                 : m_rows.at(i).hpa.meta.id().compare(rows.at(j).hpa.meta.id());
        if (order == 0) {
            m_rows[i] = rows.at(j++);
            if (changedFirst < 0)
                changedFirst = i;
            changedLast = i;
            ++i;
        } else if (order < 0) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
            --end;
        } else {
            beginInsertRows({}, i, i);
            m_rows.insert(i, rows.at(j++));
            endInsertRows();
            ++i;
            ++end;
        }
    }
    if (changedFirst >= 0)
        Q_EMIT dataChanged(index(changedFirst, 0), index(changedLast, ColumnCount - 1));
}

void AutoscalingTableModel::removeCluster(const QString& cluster)
{
    setClusterRows(cluster, {}, {});
}

int AutoscalingTableModel::rowOf(const history::HpaKey& key) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).key() == key)
            return i;
    return -1;
}

const analysis::AutoscalingRow* AutoscalingTableModel::row(const history::HpaKey& key) const
{
    const int i = rowOf(key);
    return i < 0 ? nullptr : &m_rows.at(i);
}

history::HpaKey AutoscalingTableModel::keyOf(const QModelIndex& index)
{
    if (!index.isValid())
        return {};
    return { index.data(ClusterRole).toString(), index.data(NamespaceRole).toString(), index.data(NameRole).toString() };
}

int AutoscalingTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AutoscalingTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AutoscalingTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case MetricsColumn:
            return tr("Each metric: current / target (percent of request for utilization)");
        case ScaleEventsColumn:
            return tr("Rescales in the last 24 hours");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClusterColumn:
        return tr("Cluster");
    case HpaColumn:
        return tr("HPA");
    case TargetColumn:
        return tr("Target");
    case MinColumn:
        return tr("Min");
    case CurrentColumn:
        return tr("Current");
    case DesiredColumn:
        return tr("Desired");
    case MaxColumn:
        return tr("Max");
    case MetricsColumn:
        return tr("Metrics (current/target)");
    case ConditionsColumn:
        return tr("Conditions");
    case LastScaleColumn:
        return tr("Last scale");
    case ScaleEventsColumn:
        return tr("Scales 24h");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

QVariant AutoscalingTableModel::display(const analysis::AutoscalingRow& r, int column) const
{
    switch (column) {
    case ClusterColumn:
        return r.cluster;
    case HpaColumn:
        return r.hpa.meta.id();
    case TargetColumn:
        return r.target();
    case MinColumn:
        return r.hpa.minReplicas;
    case CurrentColumn:
        return r.hpa.currentReplicas;
    case DesiredColumn:
        return r.hpa.desiredReplicas;
    case MaxColumn:
        return r.hpa.maxReplicas;
    case MetricsColumn: {
        const QString text = r.metricsText();
        return text.isEmpty() ? Dash : text;
    }
    case ConditionsColumn:
        return conditionsText(r.hpa);
    case LastScaleColumn: {
        const qint64 last = r.diagnosis.activity.lastScaleMs;
        if (last <= 0)
            return Dash;
        return tr("%1 ago").arg(analysis::shortDuration(std::max<qint64>(0, (m_nowMs - last) / 1000)));
    }
    case ScaleEventsColumn:
        return r.scaleEvents;
    case StateColumn:
        return analysis::hpaStateName(r.diagnosis.state);
    default:
        return {};
    }
}

QVariant AutoscalingTableModel::sortValue(const analysis::AutoscalingRow& r, int column) const
{
    switch (column) {
    case MinColumn:
    case CurrentColumn:
    case DesiredColumn:
    case MaxColumn:
    case ScaleEventsColumn:
        return display(r, column);
    case LastScaleColumn: {
        // Most recent first when ascending; never scaled last.
        const qint64 last = r.diagnosis.activity.lastScaleMs;
        return last > 0 ? m_nowMs - last : std::numeric_limits<qint64>::max();
    }
    case StateColumn:
        return int(r.diagnosis.state);
    default:
        return display(r, column);
    }
}

QString AutoscalingTableModel::toolTip(const analysis::AutoscalingRow& r, int column) const
{
    switch (column) {
    case ConditionsColumn: {
        QStringList lines;
        for (const QString& line : { conditionLine(QStringLiteral("AbleToScale"), r.hpa.ableToScale),
                 conditionLine(QStringLiteral("ScalingActive"), r.hpa.scalingActive),
                 conditionLine(QStringLiteral("ScalingLimited"), r.hpa.scalingLimited) })
            if (!line.isEmpty())
                lines << line;
        return lines.join(QLatin1Char('\n'));
    }
    case StateColumn:
    case HpaColumn:
        return r.diagnosis.cause;
    case ScaleEventsColumn:
        return r.diagnosis.activity.fromHistory ? tr("Counted from the recorded history")
                                                : tr("Counted from the controller's SuccessfulRescale events");
    default:
        return {};
    }
}

QVariant AutoscalingTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const analysis::AutoscalingRow& r = m_rows.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(r, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(r, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        if (column >= MinColumn && column <= MaxColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (column == ScaleEventsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        return sortValue(r, column);
    case StateRole:
        return int(r.diagnosis.state);
    case ProblemRole:
        return problemOf(r.diagnosis.state);
    case ClusterRole:
        return r.cluster;
    case NamespaceRole:
        return r.hpa.meta.namespaceName.toString();
    case NameRole:
        return r.hpa.meta.name;
    default:
        return {};
    }
}

} // namespace minato::items
