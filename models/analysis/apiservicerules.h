// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// APIServices whose Available condition is not True (kubernetes-domain.md §5.5):
//   apiservice.metrics-unavailable  Critical  metrics.k8s.io, custom.metrics.k8s.io or
//                                   external.metrics.k8s.io: HPAs and `kubectl top` go blind
//   apiservice.unavailable          Warning   any other aggregated API (discovery turns
//                                   stale, namespace deletion can hang)
void apiServiceRules(RuleInput& input);

} // namespace minato::analysis
