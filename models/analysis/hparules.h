// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// HorizontalPodAutoscalers (kubernetes-domain.md §5.3):
//   hpa.scaling-inactive  Warning  ScalingActive False with its reason (FailedGet*Metric …);
//                         Info when the reason is ScalingDisabled (target scaled to zero on purpose)
//   hpa.cannot-scale      Warning  AbleToScale False (FailedGetScale, FailedUpdateScale)
//   hpa.at-max            Warning  pinned at maxReplicas and wanting at least that many; firstSeen is
//                         when ScalingLimited became TooManyReplicas, so its age says how long
//   hpa.flapping          Warning  4 or more direction changes in 30 minutes, from SuccessfulRescale
//                         events (HpaActivity::ofEvents)
void hpaRules(RuleInput& input);

} // namespace minato::analysis
