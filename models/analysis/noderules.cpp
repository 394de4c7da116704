// SPDX-License-Identifier: Apache-2.0
#include "analysis/noderules.h"

#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

namespace {

    QString statusName(fleet::ConditionStatus status)
    {
        const QString name = fleet::conditionStatusName(status);
        return name.isEmpty() ? QStringLiteral("Absent") : name;
    }

    void addCondition(RuleInput& input, const fleet::NodeInfo& node, Severity severity, const QString& ruleId,
        const QString& type, const fleet::DetailedCondition& condition, const QString& title)
    {
        Finding& finding
            = input.add(severity, ruleId, QStringLiteral("Node"), node.meta, title, condition.lastTransitionTime);
        finding.evidence
            = { { QStringLiteral("condition"), type }, { QStringLiteral("status"), statusName(condition.status) },
                  { QStringLiteral("reason"), condition.reason.toString() },
                  { QStringLiteral("lastTransitionTime"), evidenceTime(condition.lastTransitionTime) } };
        if (!condition.message.isEmpty())
            finding.evidence.append({ QStringLiteral("message"), evidenceMessage(condition.message) });
    }

    // node-problem-detector's conditions that say the node cannot run pods well. The Frequent*
    // restarts warn; the rest mean the runtime or the kernel is broken now.
    Severity problemSeverity(QStringView type)
    {
        if (type.startsWith(u"Frequent"))
            return Severity::Warning;
        return Severity::Critical;
    }

    bool isRuntimeProblem(QStringView type)
    {
        static const QStringList types { QStringLiteral("ContainerRuntimeUnhealthy"), QStringLiteral("KernelDeadlock"),
            QStringLiteral("ReadonlyFilesystem"), QStringLiteral("CorruptDockerOverlay2"),
            QStringLiteral("FrequentContainerdRestart"), QStringLiteral("FrequentDockerRestart"),
            QStringLiteral("FrequentKubeletRestart"), QStringLiteral("FrequentCrioRestart") };
        return types.contains(type);
    }

} // namespace

void nodeRules(RuleInput& input)
{
    for (const fleet::NodeInfo& node : input.store.nodes()) {
        // Absent Ready (a node object still being registered) is not evidence of anything.
        if (node.ready.isFalse() || node.ready.status == fleet::ConditionStatus::Unknown) {
            const QString why = node.ready.status == fleet::ConditionStatus::Unknown
                ? QStringLiteral("kubelet stopped reporting")
                : node.ready.reason.toString();
            addCondition(input, node, Severity::Critical, QStringLiteral("node.not-ready"), QStringLiteral("Ready"),
                node.ready, QStringLiteral("Node NotReady") + (why.isEmpty() ? QString() : QStringLiteral(": ") + why));
        }
        if (node.networkUnavailable.isTrue())
            addCondition(input, node, Severity::Critical, QStringLiteral("node.network-unavailable"),
                QStringLiteral("NetworkUnavailable"), node.networkUnavailable,
                QStringLiteral("Node network unavailable"));
        if (node.memoryPressure.isTrue())
            addCondition(input, node, Severity::Warning, QStringLiteral("node.memory-pressure"),
                QStringLiteral("MemoryPressure"), node.memoryPressure, QStringLiteral("Node under memory pressure"));
        if (node.diskPressure.isTrue())
            addCondition(input, node, Severity::Warning, QStringLiteral("node.disk-pressure"),
                QStringLiteral("DiskPressure"), node.diskPressure, QStringLiteral("Node under disk pressure"));
        if (node.pidPressure.isTrue())
            addCondition(input, node, Severity::Warning, QStringLiteral("node.pid-pressure"),
                QStringLiteral("PIDPressure"), node.pidPressure, QStringLiteral("Node under PID pressure"));
        for (const fleet::NodeProblemCondition& problem : node.otherConditions) {
            const QString type = problem.type.toString();
            if (problem.isTrue() && isRuntimeProblem(type))
                addCondition(input, node, problemSeverity(type), QStringLiteral("node.runtime-problem"), type, problem,
                    QStringLiteral("Node reports %1").arg(type));
        }
    }
}

} // namespace minato::analysis
