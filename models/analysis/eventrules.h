// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// Bursts of Warning events within FindingOptions::eventWindowSeconds, all Warning severity:
//   events.warning-burst          at least eventBurstCount events with one reason on one
//                                 object; the finding is about that object (qualifier: reason)
//   events.warning-burst-cluster  at least clusterEventBurstCount with one reason over at
//                                 least clusterEventBurstObjects objects; about the cluster
// Aggregated events (count > 1) are assumed spread evenly between their first and last
// timestamps, so only the share inside the window counts.
void eventRules(RuleInput& input);

} // namespace minato::analysis
