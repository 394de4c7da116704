// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMetaType>

namespace minato::fleet {

// Fleet-wide sync progress, for a status bar: how many clusters are where, and how much has
// been listed.
struct FleetProgress
{
    int clusters = 0; // sessions in the fleet
    int connected = 0; // not Idle
    int live = 0;
    int degraded = 0;
    int syncing = 0; // Connecting or Syncing
    int failed = 0; // Unreachable, AuthFailed, Misconfigured
    int kindsSynced = 0;
    int kindsTotal = 0;
    qint64 objectsListed = 0; // items received from lists so far
    qint64 objects = 0; // in the stores now

    // Every connected cluster has a final answer (see SessionStatus::isSettled).
    bool isSettled() const { return syncing == 0; }
};

} // namespace minato::fleet

Q_DECLARE_METATYPE(minato::fleet::FleetProgress)
