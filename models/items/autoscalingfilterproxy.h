// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "analysis/hpadiagnosis.h"
#include "items/rowfilterproxy.h"

namespace minato::items {

// The autoscaling table as people look through it: the browser's filter-as-you-type (words
// across columns, "cluster:pay", "!idle") and a set of states. Sorts on the model's SortRole.
class AutoscalingFilterProxy : public RowFilterProxy
{
    Q_OBJECT
public:
    explicit AutoscalingFilterProxy(QObject* parent = nullptr);

    // Only rows in one of these states; empty: every state.
    void setStates(const QList<analysis::HpaState>& states);
    QList<analysis::HpaState> states() const { return m_states; }
    // The states that want a look: unable to scale, flapping, pinned at max, limited.
    static QList<analysis::HpaState> attentionStates();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QList<analysis::HpaState> m_states;
};

} // namespace minato::items
