// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// Pod and container states (kubernetes-domain.md §6.4), one finding per pod and rule:
//   pod.crash-loop     Critical  a container waits in CrashLoopBackOff
//   pod.runtime-error  Critical  CreateContainerError, RunContainerError, sandbox errors,
//                                ContainerCannotRun: the runtime on the node, not the app
//   pod.image-pull     Warning   ErrImagePull, ImagePullBackOff and the other image reasons
//   pod.config-error   Warning   CreateContainerConfigError (a missing ConfigMap/Secret key)
//   pod.oom-killed     Warning   terminated OOMKilled now, or as the last state recently
//   pod.pending        Warning   Pending longer than FindingOptions::pendingSeconds with no
//                                finding above to explain it
void podRules(RuleInput& input);

} // namespace minato::analysis
