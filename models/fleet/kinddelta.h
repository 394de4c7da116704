// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/storechange.h"

#include <QSet>

namespace minato::fleet {

// The changes of one kind gathered between two notifications, folded so that each uid ends
// in at most one list (see KindChange).
class KindDelta
{
public:
    // existed: the uid was in the table before; changed: its content differs from before.
    void upserted(const QUuid& uid, bool existed, bool changed)
    {
        if (!existed) {
            // Removed and back within one batch: for the receiver it merely changed.
            if (m_removed.remove(uid))
                m_modified.insert(uid);
            else
                m_added.insert(uid);
        } else if (changed && !m_added.contains(uid)) {
            m_modified.insert(uid);
        }
    }
    void erased(const QUuid& uid)
    {
        if (m_added.remove(uid))
            return; // the receiver never saw it
        m_modified.remove(uid);
        m_removed.insert(uid);
    }

    bool isEmpty() const { return m_added.isEmpty() && m_modified.isEmpty() && m_removed.isEmpty(); }

    KindChange take(WatchedKind kind)
    {
        KindChange change { kind, m_added.values(), m_modified.values(), m_removed.values() };
        m_added.clear();
        m_modified.clear();
        m_removed.clear();
        return change;
    }

private:
    QSet<QUuid> m_added;
    QSet<QUuid> m_modified;
    QSet<QUuid> m_removed;
};

} // namespace minato::fleet
