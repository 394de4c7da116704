// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/eventrecorder.h"
#include "sim/idgenerator.h"
#include "sim/kubejson.h"
#include "sim/scenario.h"
#include "sim/worldclock.h"

namespace minato::sim {

// What every part of one cluster's world shares: its scenario, time, identifiers and events.
struct WorldContext
{
    const ClusterSpec& spec;
    const KubeJson& json;
    const IdGenerator& ids;
    WorldClock& clock;
    EventRecorder& events;
    int minorVersion = 0; // of the control plane: decides message formats and legacy labels
};

} // namespace minato::sim
