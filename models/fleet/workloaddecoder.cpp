// SPDX-License-Identifier: Apache-2.0
#include "fleet/kinddecoders.h"
#include "fleet/podspecdecoder.h"
#include "fleet/workloadinfo.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace minato::fleet {

QString workloadKindName(WorkloadKind kind)
{
    switch (kind) {
    case WorkloadKind::Deployment:
        return QStringLiteral("Deployment");
    case WorkloadKind::StatefulSet:
        return QStringLiteral("StatefulSet");
    case WorkloadKind::DaemonSet:
        return QStringLiteral("DaemonSet");
    case WorkloadKind::ReplicaSet:
        return QStringLiteral("ReplicaSet");
    case WorkloadKind::Unknown:
        break;
    }
    return QString();
}

} // namespace minato::fleet

namespace minato::fleet::detail {

namespace {

    WorkloadKind workloadKindOf(std::string_view kind)
    {
        if (kind == "Deployment")
            return WorkloadKind::Deployment;
        if (kind == "StatefulSet")
            return WorkloadKind::StatefulSet;
        if (kind == "DaemonSet")
            return WorkloadKind::DaemonSet;
        if (kind == "ReplicaSet")
            return WorkloadKind::ReplicaSet;
        return WorkloadKind::Unknown;
    }

    // Every status counter by its JSON name; mapped onto the uniform fields once the kind is known.
    struct StatusCounters
    {
        qint32 replicas = 0, readyReplicas = 0, availableReplicas = 0, updatedReplicas = 0, unavailableReplicas = 0;
        qint32 currentReplicas = 0;
        qint32 currentNumberScheduled = 0, desiredNumberScheduled = 0, numberReady = 0, numberAvailable = 0;
        qint32 updatedNumberScheduled = 0, numberUnavailable = 0, numberMisscheduled = 0;
    };

    void readCounter(std::string_view key, od::value& member, StatusCounters& c)
    {
        struct Field
        {
            std::string_view name;
            qint32 StatusCounters::*member;
        };
        static constexpr Field Fields[] = {
            { "replicas", &StatusCounters::replicas },
            { "readyReplicas", &StatusCounters::readyReplicas },
            { "availableReplicas", &StatusCounters::availableReplicas },
            { "updatedReplicas", &StatusCounters::updatedReplicas },
            { "unavailableReplicas", &StatusCounters::unavailableReplicas },
            { "currentReplicas", &StatusCounters::currentReplicas },
            { "currentNumberScheduled", &StatusCounters::currentNumberScheduled },
            { "desiredNumberScheduled", &StatusCounters::desiredNumberScheduled },
            { "numberReady", &StatusCounters::numberReady },
            { "numberAvailable", &StatusCounters::numberAvailable },
            { "updatedNumberScheduled", &StatusCounters::updatedNumberScheduled },
            { "numberUnavailable", &StatusCounters::numberUnavailable },
            { "numberMisscheduled", &StatusCounters::numberMisscheduled },
        };
        for (const Field& field : Fields) {
            if (field.name == key) {
                c.*field.member = int32Of(member);
                return;
            }
        }
    }

    void decodeSelector(od::value& value, WorkloadInfo& out, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "matchLabels") {
                out.selector = readLabelSet(member, ctx);
            } else if (key == "matchExpressions") {
                forEachElement(member, [&](od::value&) { out.selectorHasExpressions = true; });
            }
        });
    }

    void decodeClaimTemplate(od::value& value, WorkloadInfo& out, DecodeContext& ctx)
    {
        ClaimTemplate claim;
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "metadata") {
                forEachField(member, [&](std::string_view metaKey, od::value& metaValue) {
                    if (metaKey == "name")
                        claim.name = qstringOf(metaValue);
                });
            } else if (key == "spec") {
                forEachField(member, [&](std::string_view specKey, od::value& specValue) {
                    if (specKey == "storageClassName") {
                        claim.storageClassName = internedOf(specValue, ctx);
                    } else if (specKey == "accessModes") {
                        forEachString(
                            specValue, [&](std::string_view mode) { claim.accessModes.append(ctx.pool.intern(mode)); });
                    } else if (specKey == "resources") {
                        forEachField(specValue, [&](std::string_view resKey, od::value& resValue) {
                            if (resKey != "requests")
                                return;
                            forEachField(resValue, [&](std::string_view name, od::value& quantity) {
                                if (name == "storage")
                                    claim.storageBytes = unitQuantityOf(quantity);
                            });
                        });
                    }
                });
            }
        });
        out.claimTemplates.append(claim);
    }

    void decodeWorkloadSpec(
        od::value& value, WorkloadInfo& out, DecodeContext& ctx, std::optional<qint32>& specReplicas)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "replicas") {
                specReplicas = int32Of(member);
            } else if (key == "selector") {
                decodeSelector(member, out, ctx);
            } else if (key == "template") {
                forEachField(member, [&](std::string_view templateKey, od::value& templateValue) {
                    if (templateKey != "spec")
                        return;
                    PodSpecScratch spec;
                    decodePodSpec(templateValue, spec, ctx);
                    fillTemplateSummary(spec, out.podTemplate, ctx);
                });
            } else if (key == "strategy" || key == "updateStrategy") {
                forEachField(member, [&](std::string_view strategyKey, od::value& strategyValue) {
                    if (strategyKey == "type")
                        out.strategy = internedOf(strategyValue, ctx);
                });
            } else if (key == "paused") {
                out.paused = boolOf(member);
            } else if (key == "serviceName") {
                out.serviceName = qstringOf(member);
            } else if (key == "volumeClaimTemplates") {
                forEachElement(member, [&](od::value& claim) { decodeClaimTemplate(claim, out, ctx); });
            }
        });
    }

    void decodeWorkloadStatus(od::value& value, WorkloadInfo& out, DecodeContext& ctx, StatusCounters& counters)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "observedGeneration") {
                out.observedGeneration = integerOf(member);
            } else if (key == "conditions") {
                forEachCondition(member, [&](const ConditionScratch& c) {
                    if (c.type == "Available")
                        fillCondition(out.availableCondition, c, ctx);
                    else if (c.type == "Progressing")
                        fillCondition(out.progressing, c, ctx);
                    else if (c.type == "ReplicaFailure")
                        fillCondition(out.replicaFailure, c, ctx);
                });
            } else if (key == "currentRevision") {
                out.currentRevision = qstringOf(member);
            } else if (key == "updateRevision") {
                out.updateRevision = qstringOf(member);
            } else {
                readCounter(key, member, counters);
            }
        });
    }

    void mapCounters(WorkloadInfo& out, const StatusCounters& c, std::optional<qint32> specReplicas)
    {
        if (out.kind == WorkloadKind::DaemonSet) {
            out.desired = c.desiredNumberScheduled;
            out.current = c.currentNumberScheduled;
            out.ready = c.numberReady;
            out.available = c.numberAvailable;
            out.updated = c.updatedNumberScheduled;
            out.unavailable = c.numberUnavailable;
            out.misscheduled = c.numberMisscheduled;
            return;
        }
        out.desired = specReplicas.value_or(1); // the API server defaults an absent replicas to 1
        out.current = c.replicas;
        out.ready = c.readyReplicas;
        out.available = c.availableReplicas; // omitted when 0 (omitempty), so absent reads as 0
        out.updated = c.updatedReplicas;
        out.unavailable
            = out.kind == WorkloadKind::Deployment ? c.unavailableReplicas : std::max(0, out.desired - out.available);
    }

} // namespace

void decodeInto(od::value& object, WorkloadInfo& out, DecodeContext& ctx)
{
    std::optional<qint32> specReplicas;
    StatusCounters counters;
    std::string_view kind = ctx.kindHint;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "kind") {
            const std::string_view own = stringOf(member);
            if (!own.empty())
                kind = own;
        } else if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, true, [&](std::string_view k, std::string_view v) {
                if (k != "deployment.kubernetes.io/revision")
                    return;
                qint32 revision = 0;
                if (std::from_chars(v.data(), v.data() + v.size(), revision).ec == std::errc())
                    out.revision = revision;
            });
        } else if (key == "spec") {
            decodeWorkloadSpec(member, out, ctx, specReplicas);
        } else if (key == "status") {
            decodeWorkloadStatus(member, out, ctx, counters);
        }
    });
    out.kind = workloadKindOf(kind);
    mapCounters(out, counters, specReplicas);
}

} // namespace minato::fleet::detail
