// SPDX-License-Identifier: Apache-2.0
#include "sim/scheduler.h"

#include <QMap>
#include <QStringList>

namespace minato::sim {

Scheduler::Scheduler(WorldContext& context, const NodeFleet& nodes)
    : m_context(context)
    , m_nodes(nodes)
{ }

int Scheduler::pick(const SimWorkload& w, const QString& podName, QString* why) const
{
    const std::vector<SimNode>& nodes = m_nodes.nodes();
    bool anyWorker = false;
    for (const SimNode& n : nodes)
        anyWorker = anyWorker || !n.controlPlane;
    const RuntimeClassSpec* runtimeClass = nullptr;
    for (const RuntimeClassSpec& rc : m_context.spec.runtimeClasses)
        if (rc.name == w.spec.runtimeClass)
            runtimeClass = &rc;
    QMap<QString, int> reasons;
    int best = -1;
    quint64 bestScore = 0;
    for (int i = 0; i < int(nodes.size()); ++i) {
        const SimNode& n = nodes[i];
        if (!NodeFleet::isReady(n)) {
            reasons[QStringLiteral("node(s) had untolerated taint {node.kubernetes.io/unreachable: }")]++;
            continue;
        }
        if (n.controlPlane && anyWorker && !w.system) {
            reasons[QStringLiteral("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")]++;
            continue;
        }
        if (n.memoryPressure || n.diskPressure || n.pidPressure) {
            reasons[n.memoryPressure
                    ? QStringLiteral("node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }")
                    : n.diskPressure
                    ? QStringLiteral("node(s) had untolerated taint {node.kubernetes.io/disk-pressure: }")
                    : QStringLiteral("node(s) had untolerated taint {node.kubernetes.io/pid-pressure: }")]++;
            continue;
        }
        if (runtimeClass) {
            bool fits = n.handlers.contains(runtimeClass->handler);
            for (auto it = runtimeClass->nodeSelector.cbegin(); it != runtimeClass->nodeSelector.cend(); ++it)
                fits = fits && n.labels.value(it.key()) == it.value();
            if (!fits) {
                reasons[QStringLiteral("node(s) didn't match Pod's node affinity/selector")]++;
                continue;
            }
        }
        if (n.pods >= n.maxPods) {
            reasons[QStringLiteral("Too many pods")]++;
            continue;
        }
        // Least loaded first; the hash spreads ties the way the scheduler's sampling does.
        const quint64 score = (quint64(n.pods) << 32) | (m_context.ids.key(podName, n.name) & 0xffffffffULL);
        if (best < 0 || score < bestScore) {
            best = i;
            bestScore = score;
        }
    }
    if (best < 0 && why) {
        // As the scheduler's FitError: "<count> <reason>" strings, sorted as strings.
        QStringList parts;
        for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
            parts.append(QString::number(it.value()) + QLatin1Char(' ') + it.key());
        parts.sort();
        *why = QStringLiteral("0/%1 nodes are available: %2. preemption: 0/%1 nodes are available: %1 Preemption is "
                              "not helpful for scheduling.")
                   .arg(nodes.size())
                   .arg(parts.join(QStringLiteral(", ")));
    }
    return best;
}

} // namespace minato::sim
