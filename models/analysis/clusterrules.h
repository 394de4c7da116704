// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// The session's own state: cluster.unreachable, cluster.auth-failed (Critical),
// cluster.misconfigured, cluster.degraded (Warning). Object: the cluster itself.
void clusterRules(RuleInput& input);

// True when the store holds current data worth judging (Syncing, Live, Degraded); otherwise
// only the cluster rules run, since an unreachable cluster's store is a stale picture.
bool storeIsCurrent(const RuleInput& input);

} // namespace minato::analysis
