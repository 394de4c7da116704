// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// workload.unavailable: a Deployment, StatefulSet or DaemonSet with unavailable replicas.
// Critical when none is available, Warning when some are. ReplicaSets are left to their
// Deployment, which reports the same replicas once.
void workloadRules(RuleInput& input);

} // namespace minato::analysis
