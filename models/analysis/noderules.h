// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace minato::analysis {

struct RuleInput;

// Node conditions (kubernetes-domain.md §6.2): node.not-ready (Ready False or Unknown) and
// node.network-unavailable are Critical; node.memory-pressure, node.disk-pressure and
// node.pid-pressure are Warning. node.runtime-problem: node-problem-detector's runtime and kernel
// conditions when True (ContainerRuntimeUnhealthy, KernelDeadlock, ReadonlyFilesystem,
// CorruptDockerOverlay2: Critical; FrequentContainerdRestart and the other Frequent*: Warning).
void nodeRules(RuleInput& input);

} // namespace minato::analysis
