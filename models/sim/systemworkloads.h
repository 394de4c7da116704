// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sim/scenario.h"

namespace minato::sim {

// The components every real cluster runs besides its teams' workloads: CoreDNS, kube-proxy,
// the CNI agent and its controllers, metrics-server and the metrics adapters. Scenario
// faults may name the Deployments among them (e.g. a CrashLoopBackOff of coredns).
class SystemWorkloads
{
public:
    static QList<WorkloadSpec> forCluster(const ClusterSpec& cluster);
    // The registry kubeadm used for the given version (k8s.gcr.io before 1.25).
    static QString registry(const QString& kubernetesVersion);
    static int minorVersion(const QString& version); // "v1.29.4" -> 29
};

} // namespace minato::sim
