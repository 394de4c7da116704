// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringView>

namespace minato::analysis {

struct RuleInput;

// Nodes against the control plane (kubernetes-domain.md §6.5), per node:
//   version.kubelet-skew  kubeletSkew() of runtimepolicy.h: Critical when the kubelet is newer
//                         than the API server or older than the server release's policy allows
//                         (2 minors, 3 from 1.28); Warning at exactly the limit: the nodes must
//                         be upgraded before the control plane can be. Needs the server version.
//   runtime.dockershim    containerRuntimeVersion docker://. Critical on clusters at 1.24 or
//                         later (dockershim is removed; only cri-dockerd keeps it running),
//                         Warning before ("must migrate before upgrading to 1.24").
//   runtime.support       per cluster and runtime minor, the other runtimes' policy
//                         (runtimeSupport(): cri-o's minor, containerd's end of life and CRI v1):
//                         Warning when unsupported, Info when a warning, naming the nodes.
//   runtimeclass.no-nodes a RuntimeClass whose nodeSelector matches no node while pods ask for
//                         it: Critical (they cannot be scheduled).
void versionRules(RuleInput& input);

// The minor version of "v1.29.3-eks-ae9a62a", "v1.29.3+k3s1", "1.27": 29, 29, 27; -1 when it
// is not a 1.x version.
int kubernetesMinor(QStringView version);
// How many minor versions older than the API server a kubelet of this minor may be.
int maxKubeletSkew(int kubeletMinor);

} // namespace minato::analysis
