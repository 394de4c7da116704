// SPDX-License-Identifier: Apache-2.0
#include "operationsrequest.h"

#include "export/operations.h"
#include "export/operationsdelete.h"
#include "export/operationsmetadata.h"
#include "export/operationsnode.h"
#include "export/operationsworkload.h"

namespace minato::changes {

namespace {

    struct Name
    {
        OperationKind kind;
        const char* word;
    };
    constexpr Name Names[] = {
        { OperationKind::Scale, "scale" },
        { OperationKind::Cordon, "cordon" },
        { OperationKind::Uncordon, "uncordon" },
        { OperationKind::Drain, "drain" },
        { OperationKind::Restart, "restart" },
        { OperationKind::Label, "label" },
        { OperationKind::Annotate, "annotate" },
        { OperationKind::HpaTune, "hpa-tune" },
        { OperationKind::Delete, "delete" },
    };

} // namespace

QString operationName(OperationKind kind)
{
    for (const Name& name : Names) {
        if (name.kind == kind)
            return QString::fromLatin1(name.word);
    }
    return {};
}

std::optional<OperationKind> operationKindFromName(QStringView name)
{
    if (name == QLatin1String("hpa"))
        return OperationKind::HpaTune;
    for (const Name& entry : Names) {
        if (name == QLatin1String(entry.word))
            return entry.kind;
    }
    return std::nullopt;
}

Expected<Change> applyOperation(
    const OperationRequest& request, const QString& cluster, const QJsonObject& before, const OperationContext& context)
{
    switch (request.kind) {
    case OperationKind::Scale:
        return scaleChange(cluster, before, request.replicas);
    case OperationKind::Cordon:
        return cordonChange(cluster, before);
    case OperationKind::Uncordon:
        return uncordonChange(cluster, before);
    case OperationKind::Drain:
        return drainPlanChange(cluster, before, context.drain);
    case OperationKind::Restart:
        return restartChange(cluster, before, request.restartedAt);
    case OperationKind::Label:
        return labelChange(cluster, before, request.edits);
    case OperationKind::Annotate:
        return annotateChange(cluster, before, request.edits);
    case OperationKind::HpaTune:
        return hpaTuneChange(cluster, before, request.hpa);
    case OperationKind::Delete:
        return deletePlanChange(cluster, before, context.uid, context.related);
    }
    return operationRefused(QStringLiteral("unknown operation"));
}

} // namespace minato::changes
