// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private: pod spec decoding shared by the Pod decoder and the workload (pod template) one.

#include "fleet/decodesupport.h"
#include "fleet/podspecsummary.h"

namespace minato::fleet::detail {

struct ContainerSpecScratch
{
    std::string_view name;
    std::string_view image;
    bool init = false;
    bool sidecar = false; // init container with restartPolicy: Always
    bool privileged = false;
    bool hasCpuRequest = false;
    bool hasMemoryRequest = false;
    bool hasCpuLimit = false;
    bool hasMemoryLimit = false;
    qint64 cpuRequestMilli = 0;
    qint64 memoryRequestBytes = 0;
    qint64 cpuLimitMilli = 0;
    qint64 memoryLimitBytes = 0;
    bool liveness = false;
    bool readiness = false;
    bool startup = false;

    // Runs for the pod's lifetime: an app container or a sidecar.
    bool isLongRunning() const { return !init || sidecar; }
};

struct PodSpecScratch
{
    std::vector<ContainerSpecScratch> containers; // spec order: app containers, then init containers
    std::vector<std::string_view> pvcClaims;
    std::string_view nodeName;
    std::string_view runtimeClassName;
    std::string_view serviceAccountName;
    std::string_view priorityClassName;
    int appContainers = 0;
    int initContainers = 0;
    int tolerations = 0;
    int nodeSelectorCount = 0;
    bool affinity = false;
    PodSpecFlags flags; // the pod-level ones: host namespaces, volume kinds

    PodSpecFlags summaryFlags() const; // pod-level plus container-derived flags
    ResourceTotals totals() const;
};

void decodePodSpec(od::value& spec, PodSpecScratch& out, DecodeContext& ctx);
void fillTemplateSummary(const PodSpecScratch& spec, PodTemplateSummary& out, DecodeContext& ctx);

} // namespace minato::fleet::detail
