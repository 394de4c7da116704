// SPDX-License-Identifier: Apache-2.0
#include "drainplan.h"

#include "export/labelselectormatch.h"
#include "export/operations.h"
#include "export/operationsnode.h"

#include <QJsonArray>

#include <algorithm>

namespace minato::changes {

namespace {

    QJsonObject field(const QJsonObject& object, QLatin1String key)
    {
        return object.value(key).toObject();
    }

    QString nameOf(const QJsonObject& object)
    {
        return field(object, QLatin1String("metadata")).value(QLatin1String("name")).toString();
    }

    QString namespaceOf(const QJsonObject& object)
    {
        return field(object, QLatin1String("metadata")).value(QLatin1String("namespace")).toString();
    }

    QString qualifiedName(const QJsonObject& object)
    {
        return namespaceOf(object) + QLatin1Char('/') + nameOf(object);
    }

    // metav1.GetControllerOf: the owner reference with controller: true.
    QJsonObject controllerOf(const QJsonObject& pod)
    {
        for (const QJsonValue& ref :
            field(pod, QLatin1String("metadata")).value(QLatin1String("ownerReferences")).toArray()) {
            if (ref.toObject().value(QLatin1String("controller")).toBool())
                return ref.toObject();
        }
        return {};
    }

    QString phaseOf(const QJsonObject& pod)
    {
        return field(pod, QLatin1String("status")).value(QLatin1String("phase")).toString();
    }

    bool isFinished(const QJsonObject& pod)
    {
        const QString phase = phaseOf(pod);
        return phase == QLatin1String("Succeeded") || phase == QLatin1String("Failed");
    }

    bool isTerminating(const QJsonObject& pod)
    {
        return field(pod, QLatin1String("metadata")).contains(QLatin1String("deletionTimestamp"));
    }

    bool isReady(const QJsonObject& pod)
    {
        for (const QJsonValue& c : field(pod, QLatin1String("status")).value(QLatin1String("conditions")).toArray()) {
            if (c.toObject().value(QLatin1String("type")).toString() == QLatin1String("Ready"))
                return c.toObject().value(QLatin1String("status")).toString() == QLatin1String("True");
        }
        return false;
    }

    bool hasEmptyDir(const QJsonObject& pod)
    {
        for (const QJsonValue& volume : field(pod, QLatin1String("spec")).value(QLatin1String("volumes")).toArray()) {
            if (volume.toObject().contains(QLatin1String("emptyDir")))
                return true;
        }
        return false;
    }

    // The eviction API's canIgnorePDB: these pods are evicted without consulting budgets.
    bool ignoresBudgets(const QJsonObject& pod)
    {
        return isFinished(pod) || phaseOf(pod) == QLatin1String("Pending") || isTerminating(pod);
    }

    bool budgetSelects(const QJsonObject& budget, const QJsonObject& pod)
    {
        if (namespaceOf(budget) != namespaceOf(pod))
            return false;
        const QJsonValue selector = field(budget, QLatin1String("spec")).value(QLatin1String("selector"));
        // policy/v1beta1 read an empty selector as "no pods"; policy/v1 as "every pod".
        if (budget.value(QLatin1String("apiVersion")).toString() == QLatin1String("policy/v1beta1")
            && selector.toObject().isEmpty())
            return false;
        return matchesLabelSelector(
            selector, field(pod, QLatin1String("metadata")).value(QLatin1String("labels")).toObject());
    }

    struct Budget
    {
        QJsonObject object;
        int remaining = 0;
        QStringList pods;
        QStringList blocked;
    };

    struct Tally
    {
        QJsonArray evictions;
        QJsonArray skipped;
        int emptyDir = 0;
        int unmanaged = 0;
        int blocked = 0;
    };

    // kubectl's daemonSetFilter and mirrorPodFilter: the reason to leave the pod, or empty.
    QString skipReason(const QJsonObject& pod)
    {
        const QJsonObject controller = controllerOf(pod);
        if (controller.value(QLatin1String("kind")).toString() == QLatin1String("DaemonSet") && !isFinished(pod))
            return QStringLiteral("DaemonSet-managed (kubectl drain --ignore-daemonsets leaves it)");
        if (field(pod, QLatin1String("metadata"))
                .value(QLatin1String("annotations"))
                .toObject()
                .contains(QLatin1String("kubernetes.io/config.mirror")))
            return QStringLiteral("mirror pod (a static pod of the kubelet; the API cannot evict it)");
        return {};
    }

    // The budget check of one eviction; an empty string when nothing blocks it.
    QString budgetVerdict(const QJsonObject& pod, QList<Budget>& budgets, QJsonObject& eviction)
    {
        QList<Budget*> matching;
        for (Budget& budget : budgets) {
            if (budgetSelects(budget.object, pod))
                matching << &budget;
        }
        QStringList names;
        for (Budget* budget : matching) {
            budget->pods << qualifiedName(pod);
            names << nameOf(budget->object);
        }
        if (!names.isEmpty())
            eviction.insert(QStringLiteral("podDisruptionBudgets"), QJsonArray::fromStringList(names));
        if (matching.isEmpty() || ignoresBudgets(pod))
            return {};
        if (matching.size() > 1)
            return QStringLiteral("more than one PodDisruptionBudget selects it: the API server refuses the eviction");
        Budget& budget = *matching.constFirst();
        const QJsonObject spec = field(budget.object, QLatin1String("spec"));
        if (!isReady(pod)
            && spec.value(QLatin1String("unhealthyPodEvictionPolicy")).toString() == QLatin1String("AlwaysAllow"))
            return {};
        if (budget.remaining > 0) {
            --budget.remaining;
            return {};
        }
        budget.blocked << qualifiedName(pod);
        return QStringLiteral("PodDisruptionBudget %1 allows no more disruptions: evictions are answered 429 and "
                              "retried until replacements are healthy")
            .arg(nameOf(budget.object));
    }

    Tally classify(const QString& nodeName, QList<QJsonObject> pods, QList<Budget>& budgets)
    {
        std::sort(pods.begin(), pods.end(),
            [](const QJsonObject& a, const QJsonObject& b) { return qualifiedName(a) < qualifiedName(b); });
        Tally tally;
        for (const QJsonObject& pod : pods) {
            if (field(pod, QLatin1String("spec")).value(QLatin1String("nodeName")).toString() != nodeName)
                continue;
            QJsonObject entry { { QStringLiteral("namespace"), namespaceOf(pod) },
                { QStringLiteral("name"), nameOf(pod) } };
            if (const QString reason = skipReason(pod); !reason.isEmpty()) {
                entry.insert(QStringLiteral("reason"), reason);
                tally.skipped.append(entry);
                continue;
            }
            const QJsonObject controller = controllerOf(pod);
            if (!controller.isEmpty())
                entry.insert(QStringLiteral("controller"),
                    QString(controller.value(QLatin1String("kind")).toString() + QLatin1Char('/')
                        + controller.value(QLatin1String("name")).toString()));
            QJsonArray flags;
            if (isTerminating(pod))
                flags.append(QStringLiteral("already terminating"));
            if (isFinished(pod))
                flags.append(QStringLiteral("finished (%1): deleted, nothing moves").arg(phaseOf(pod)));
            if (hasEmptyDir(pod) && !isFinished(pod)) {
                ++tally.emptyDir;
                flags.append(QStringLiteral("emptyDir data is lost (kubectl needs --delete-emptydir-data)"));
            }
            if (controller.isEmpty() && !isFinished(pod)) {
                ++tally.unmanaged;
                flags.append(QStringLiteral("no controller: deleted and not recreated (kubectl needs --force)"));
            }
            if (!flags.isEmpty())
                entry.insert(QStringLiteral("flags"), flags);
            if (const QString blocked = budgetVerdict(pod, budgets, entry); !blocked.isEmpty()) {
                ++tally.blocked;
                entry.insert(QStringLiteral("blocked"), blocked);
            }
            tally.evictions.append(entry);
        }
        return tally;
    }

    QList<Budget> budgetsFrom(const QList<QJsonObject>& objects)
    {
        QList<Budget> budgets;
        for (const QJsonObject& object : objects) {
            const int allowed = field(object, QLatin1String("status"))
                                    .value(QLatin1String("disruptionsAllowed"))
                                    .toInt(
                                        // policy/v1beta1 before 1.21 called it podDisruptionsAllowed
                                        field(object, QLatin1String("status"))
                                            .value(QLatin1String("podDisruptionsAllowed"))
                                            .toInt(0));
            budgets.append(Budget { object, allowed, {}, {} });
        }
        std::sort(budgets.begin(), budgets.end(),
            [](const Budget& a, const Budget& b) { return qualifiedName(a.object) < qualifiedName(b.object); });
        return budgets;
    }

    QJsonArray budgetReport(const QList<Budget>& budgets)
    {
        QJsonArray report;
        for (const Budget& budget : budgets) {
            if (budget.pods.isEmpty())
                continue; // budgets of pods elsewhere are no part of this drain
            QJsonObject entry { { QStringLiteral("namespace"), namespaceOf(budget.object) },
                { QStringLiteral("name"), nameOf(budget.object) },
                { QStringLiteral("disruptionsAllowed"),
                    field(budget.object, QLatin1String("status")).value(QLatin1String("disruptionsAllowed")).toInt() },
                { QStringLiteral("podsOnNode"), QJsonArray::fromStringList(budget.pods) } };
            if (!budget.blocked.isEmpty())
                entry.insert(QStringLiteral("blocks"), QJsonArray::fromStringList(budget.blocked));
            report.append(entry);
        }
        return report;
    }

} // namespace

Expected<Change> drainPlanChange(const QString& cluster, const QJsonObject& node, const DrainInputs& inputs)
{
    auto cordon = cordonChange(cluster, node);
    if (!cordon)
        return operationRefused(
            QStringLiteral("cannot drain a %1: only Nodes").arg(node.value(QLatin1String("kind")).toString()));
    Change change = std::move(*cordon);
    change.operation = QStringLiteral("drain");
    const QString nodeName = change.target.name;

    QList<Budget> budgets = budgetsFrom(inputs.podDisruptionBudgets);
    const Tally tally = classify(nodeName, inputs.pods, budgets);

    QString command = QStringLiteral("kubectl --context %1 drain %2 --ignore-daemonsets").arg(cluster, nodeName);
    if (tally.emptyDir > 0)
        command += QStringLiteral(" --delete-emptydir-data");
    if (tally.unmanaged > 0)
        command += QStringLiteral(" --force");
    const QJsonObject spec { { QStringLiteral("command"), command }, { QStringLiteral("evictions"), tally.evictions },
        { QStringLiteral("skipped"), tally.skipped }, { QStringLiteral("podDisruptionBudgets"), budgetReport(budgets) },
        { QStringLiteral("podDisruptionBudgetsChecked"), inputs.budgetsKnown } };
    change.plan = planDocument(QStringLiteral("DrainPlan"), change.target, spec);

    change.summary = QStringLiteral("drain Node %1: evict %2 pods, skip %3")
                         .arg(nodeName)
                         .arg(tally.evictions.size())
                         .arg(tally.skipped.size());
    if (tally.blocked > 0)
        change.summary += QStringLiteral(", %1 blocked by PodDisruptionBudgets").arg(tally.blocked);
    if (tally.blocked > 0)
        change.warnings << QStringLiteral("%1 evictions would block on PodDisruptionBudgets").arg(tally.blocked);
    if (tally.emptyDir > 0)
        change.warnings << QStringLiteral("%1 pods lose their emptyDir data").arg(tally.emptyDir);
    if (tally.unmanaged > 0)
        change.warnings << QStringLiteral("%1 pods have no controller and are not recreated").arg(tally.unmanaged);
    if (!inputs.budgetsKnown)
        change.warnings << QStringLiteral("PodDisruptionBudgets could not be read: evictions may still block");
    return change;
}

} // namespace minato::changes
