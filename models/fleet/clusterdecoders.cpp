// SPDX-License-Identifier: Apache-2.0
// Decoders of the small cluster-level kinds: Namespace, PVC, RuntimeClass, APIService.
#include "fleet/apiserviceinfo.h"
#include "fleet/kinddecoders.h"
#include "fleet/namespaceinfo.h"
#include "fleet/pvcinfo.h"
#include "fleet/runtimeclassinfo.h"

namespace minato::fleet::detail {

namespace {

    qint64 storageOf(od::value& resources)
    {
        qint64 bytes = 0;
        forEachField(resources, [&](std::string_view name, od::value& quantity) {
            if (name == "storage")
                bytes = unitQuantityOf(quantity);
        });
        return bytes;
    }

    PvcPhase pvcPhaseOf(std::string_view phase)
    {
        if (phase == "Bound")
            return PvcPhase::Bound;
        if (phase == "Pending")
            return PvcPhase::Pending;
        if (phase == "Lost")
            return PvcPhase::Lost;
        return PvcPhase::Unknown;
    }

} // namespace

void decodeInto(od::value& object, NamespaceInfo& out, DecodeContext& ctx)
{
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, true);
        } else if (key == "status") {
            forEachField(member, [&](std::string_view statusKey, od::value& statusValue) {
                if (statusKey != "phase")
                    return;
                const std::string_view phase = stringOf(statusValue);
                out.phase = phase == "Active" ? NamespacePhase::Active
                    : phase == "Terminating"  ? NamespacePhase::Terminating
                                              : NamespacePhase::Unknown;
            });
        }
    });
}

void decodeInto(od::value& object, PvcInfo& out, DecodeContext& ctx)
{
    QList<InternedString> specModes;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "spec") {
            forEachField(member, [&](std::string_view specKey, od::value& specValue) {
                if (specKey == "storageClassName") {
                    out.storageClassName = internedOf(specValue, ctx);
                } else if (specKey == "volumeName") {
                    out.volumeName = qstringOf(specValue);
                } else if (specKey == "volumeMode") {
                    out.volumeMode = internedOf(specValue, ctx);
                } else if (specKey == "accessModes") {
                    forEachString(specValue, [&](std::string_view mode) { specModes.append(ctx.pool.intern(mode)); });
                } else if (specKey == "resources") {
                    forEachField(specValue, [&](std::string_view resKey, od::value& resValue) {
                        if (resKey == "requests")
                            out.requestedBytes = storageOf(resValue);
                    });
                }
            });
        } else if (key == "status") {
            forEachField(member, [&](std::string_view statusKey, od::value& statusValue) {
                if (statusKey == "phase")
                    out.phase = pvcPhaseOf(stringOf(statusValue));
                else if (statusKey == "capacity")
                    out.capacityBytes = storageOf(statusValue);
                else if (statusKey == "accessModes")
                    forEachString(
                        statusValue, [&](std::string_view mode) { out.accessModes.append(ctx.pool.intern(mode)); });
            });
        }
    });
    if (out.accessModes.isEmpty())
        out.accessModes = specModes;
}

void decodeInto(od::value& object, RuntimeClassInfo& out, DecodeContext& ctx)
{
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "handler") {
            out.handler = qstringOf(member);
        } else if (key == "overhead") {
            forEachField(member, [&](std::string_view overheadKey, od::value& podFixed) {
                if (overheadKey != "podFixed")
                    return;
                forEachField(podFixed, [&](std::string_view resource, od::value& quantity) {
                    if (resource == "cpu")
                        out.overheadCpuMilli = milliQuantityOf(quantity);
                    else if (resource == "memory")
                        out.overheadMemoryBytes = unitQuantityOf(quantity);
                });
            });
        } else if (key == "scheduling") {
            forEachField(member, [&](std::string_view schedKey, od::value& schedValue) {
                if (schedKey == "nodeSelector")
                    out.nodeSelector = readLabelSet(schedValue, ctx);
                else if (schedKey == "tolerations")
                    forEachElement(schedValue, [&](od::value&) { ++out.tolerationCount; });
            });
        }
    });
}

void decodeInto(od::value& object, ApiServiceInfo& out, DecodeContext& ctx)
{
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "spec") {
            forEachField(member, [&](std::string_view specKey, od::value& specValue) {
                if (specKey == "group") {
                    out.group = qstringOf(specValue);
                } else if (specKey == "version") {
                    out.version = qstringOf(specValue);
                } else if (specKey == "insecureSkipTLSVerify") {
                    out.insecureSkipTLSVerify = boolOf(specValue);
                } else if (specKey == "service") {
                    forEachField(specValue, [&](std::string_view svcKey, od::value& svcValue) {
                        if (svcKey == "namespace")
                            out.serviceNamespace = qstringOf(svcValue);
                        else if (svcKey == "name")
                            out.serviceName = qstringOf(svcValue);
                        else if (svcKey == "port")
                            out.servicePort = int32Of(svcValue);
                    });
                }
            });
        } else if (key == "status") {
            forEachField(member, [&](std::string_view statusKey, od::value& statusValue) {
                if (statusKey != "conditions")
                    return;
                forEachCondition(statusValue, [&](const ConditionScratch& c) {
                    if (c.type == "Available")
                        fillCondition(out.available, c, ctx);
                });
            });
        }
    });
    // A service with no explicit port uses 443, as the aggregator does.
    if (!out.serviceName.isEmpty() && out.servicePort == 0)
        out.servicePort = 443;
}

} // namespace minato::fleet::detail
