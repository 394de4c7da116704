// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// HorizontalPodAutoscalers (kubernetes-domain.md §5.3):
//   hpa.scaling-inactive  Warning  ScalingActive False with its reason (FailedGet*Metric …);
//                         Info when the reason is ScalingDisabled (target scaled to zero on purpose)
//   hpa.cannot-scale      Warning  AbleToScale False (FailedGetScale, FailedUpdateScale)
//   hpa.at-max            Warning  pinned at maxReplicas and wanting at least that many
void hpaRules(RuleInput& input);

} // namespace minato::analysis
