// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

namespace minato::analysis {

// The thresholds of the time-based rules. The defaults are what the issue asked for; tests
// and a future settings page may change them.
struct FindingOptions
{
    qint64 pendingSeconds = 300; // a pod Pending longer than this is stuck
    qint64 eventWindowSeconds = 300; // Warning events are counted over this window …
    int eventBurstCount = 10; // … and this many with one reason on one object is a burst
    // Cluster-wide: this many with one reason over at least eventBurstObjects objects.
    int clusterEventBurstCount = 30;
    int clusterEventBurstObjects = 3;
    // An OOMKilled last state older than this (by the pod's last restart) is history.
    qint64 oomRecentSeconds = 3600;
};

} // namespace minato::analysis
