// SPDX-License-Identifier: Apache-2.0
#include "podspecdecoder.h"

namespace minato::fleet::detail {

namespace {

    void decodeResources(od::value& value, ContainerSpecScratch& c)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            const bool requests = key == "requests";
            if (!requests && key != "limits")
                return;
            forEachField(member, [&](std::string_view resource, od::value& quantity) {
                if (resource == "cpu") {
                    (requests ? c.hasCpuRequest : c.hasCpuLimit) = true;
                    (requests ? c.cpuRequestMilli : c.cpuLimitMilli) = milliQuantityOf(quantity);
                } else if (resource == "memory") {
                    (requests ? c.hasMemoryRequest : c.hasMemoryLimit) = true;
                    (requests ? c.memoryRequestBytes : c.memoryLimitBytes) = unitQuantityOf(quantity);
                }
            });
        });
    }

    void decodeContainer(od::value& value, ContainerSpecScratch& c)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "name") {
                c.name = stringOf(member);
            } else if (key == "image") {
                c.image = stringOf(member);
            } else if (key == "resources") {
                decodeResources(member, c);
            } else if (key == "livenessProbe") {
                c.liveness = isOfType(member, od::json_type::object);
            } else if (key == "readinessProbe") {
                c.readiness = isOfType(member, od::json_type::object);
            } else if (key == "startupProbe") {
                c.startup = isOfType(member, od::json_type::object);
            } else if (key == "restartPolicy") {
                c.sidecar = c.init && stringOf(member) == "Always";
            } else if (key == "securityContext") {
                forEachField(member, [&](std::string_view sc, od::value& scValue) {
                    if (sc == "privileged")
                        c.privileged = boolOf(scValue);
                });
            }
        });
    }

    void decodeVolumes(od::value& value, PodSpecScratch& out)
    {
        forEachElement(value, [&](od::value& volume) {
            forEachField(volume, [&](std::string_view key, od::value& member) {
                if (key == "hostPath") {
                    out.flags |= PodSpecFlag::HostPathVolume;
                } else if (key == "persistentVolumeClaim") {
                    out.flags |= PodSpecFlag::PersistentVolumeClaim;
                    forEachField(member, [&](std::string_view pvcKey, od::value& pvcValue) {
                        if (pvcKey == "claimName")
                            out.pvcClaims.push_back(stringOf(pvcValue));
                    });
                }
            });
        });
    }

} // namespace

void decodePodSpec(od::value& spec, PodSpecScratch& out, DecodeContext&)
{
    forEachField(spec, [&](std::string_view key, od::value& member) {
        if (key == "containers" || key == "initContainers") {
            const bool init = key == "initContainers";
            forEachElement(member, [&](od::value& container) {
                ContainerSpecScratch c;
                c.init = init;
                decodeContainer(container, c);
                out.containers.push_back(c);
                ++(init ? out.initContainers : out.appContainers);
            });
        } else if (key == "volumes") {
            decodeVolumes(member, out);
        } else if (key == "nodeName") {
            out.nodeName = stringOf(member);
        } else if (key == "runtimeClassName") {
            out.runtimeClassName = stringOf(member);
        } else if (key == "serviceAccountName") {
            out.serviceAccountName = stringOf(member);
        } else if (key == "priorityClassName") {
            out.priorityClassName = stringOf(member);
        } else if (key == "hostNetwork") {
            out.flags.setFlag(PodSpecFlag::HostNetwork, boolOf(member));
        } else if (key == "hostPID") {
            out.flags.setFlag(PodSpecFlag::HostPID, boolOf(member));
        } else if (key == "hostIPC") {
            out.flags.setFlag(PodSpecFlag::HostIPC, boolOf(member));
        } else if (key == "tolerations") {
            forEachElement(member, [&](od::value&) { ++out.tolerations; });
        } else if (key == "nodeSelector") {
            forEachField(member, [&](std::string_view, od::value&) { ++out.nodeSelectorCount; });
        } else if (key == "affinity") {
            out.affinity = isOfType(member, od::json_type::object);
        }
    });
}

PodSpecFlags PodSpecScratch::summaryFlags() const
{
    PodSpecFlags result = flags;
    bool allRequests = true, allLimits = true, allMemoryLimits = true, allLiveness = true, allReadiness = true;
    int longRunning = 0;
    for (const ContainerSpecScratch& c : containers) {
        if (c.privileged)
            result |= PodSpecFlag::Privileged;
        if (c.startup)
            result |= PodSpecFlag::AnyStartupProbe;
        if (c.init)
            result |= c.sidecar ? PodSpecFlag::Sidecars : PodSpecFlag::InitContainers;
        if (!c.isLongRunning())
            continue;
        ++longRunning;
        allRequests &= c.hasCpuRequest && c.hasMemoryRequest;
        allLimits &= c.hasCpuLimit && c.hasMemoryLimit;
        allMemoryLimits &= c.hasMemoryLimit;
        // Sidecars are not expected to carry probes; judge the app containers only.
        if (!c.init) {
            allLiveness &= c.liveness;
            allReadiness &= c.readiness;
        }
    }
    if (longRunning > 0) {
        result.setFlag(PodSpecFlag::AllRequestsSet, allRequests);
        result.setFlag(PodSpecFlag::AllLimitsSet, allLimits);
        result.setFlag(PodSpecFlag::AllMemoryLimitsSet, allMemoryLimits);
        result.setFlag(PodSpecFlag::AllLivenessProbes, allLiveness);
        result.setFlag(PodSpecFlag::AllReadinessProbes, allReadiness);
    }
    return result;
}

ResourceTotals PodSpecScratch::totals() const
{
    ResourceTotals t;
    for (const ContainerSpecScratch& c : containers) {
        if (!c.isLongRunning())
            continue;
        t.cpuRequestMilli += c.cpuRequestMilli;
        t.memoryRequestBytes += c.memoryRequestBytes;
        t.cpuLimitMilli += c.cpuLimitMilli;
        t.memoryLimitBytes += c.memoryLimitBytes;
    }
    return t;
}

void fillTemplateSummary(const PodSpecScratch& spec, PodTemplateSummary& out, DecodeContext& ctx)
{
    for (const ContainerSpecScratch& c : spec.containers) {
        if (c.isLongRunning()) {
            out.containerNames.append(ctx.pool.intern(c.name));
            out.images.append(ctx.pool.intern(c.image));
        } else {
            out.initImages.append(ctx.pool.intern(c.image));
        }
    }
    for (std::string_view claim : spec.pvcClaims)
        out.pvcClaims.append(ctx.pool.intern(claim));
    out.runtimeClassName = ctx.pool.intern(spec.runtimeClassName);
    out.serviceAccountName = ctx.pool.intern(spec.serviceAccountName);
    out.priorityClassName = ctx.pool.intern(spec.priorityClassName);
    out.resources = spec.totals();
    out.flags = spec.summaryFlags();
    out.tolerationCount = quint16(spec.tolerations);
    out.nodeSelectorCount = quint16(spec.nodeSelectorCount);
    out.hasAffinity = spec.affinity;
}

} // namespace minato::fleet::detail
