// SPDX-License-Identifier: Apache-2.0
#include "items/autoscalingfilterproxy.h"

#include "items/autoscalingtablemodel.h"

namespace minato::items {

AutoscalingFilterProxy::AutoscalingFilterProxy(QObject* parent)
    : RowFilterProxy(parent)
{
    setSortRole(AutoscalingTableModel::SortRole);
}

void AutoscalingFilterProxy::setStates(const QList<analysis::HpaState>& states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateFilter();
}

QList<analysis::HpaState> AutoscalingFilterProxy::attentionStates()
{
    using analysis::HpaState;
    return { HpaState::UnableToScale, HpaState::Flapping, HpaState::PinnedAtMax, HpaState::Limited };
}

bool AutoscalingFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!m_states.isEmpty()) {
        const int state = sourceModel()->index(sourceRow, 0, sourceParent).data(AutoscalingTableModel::StateRole).toInt();
        if (!m_states.contains(analysis::HpaState(state)))
            return false;
    }
    return RowFilterProxy::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace minato::items
