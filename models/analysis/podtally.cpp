// SPDX-License-Identifier: Apache-2.0
#include "analysis/podtally.h"

#include "analysis/podhealth.h"

namespace minato::analysis {

using fleet::PodPhase;

namespace {

QString phaseName(PodPhase phase)
{
    switch (phase) {
    case PodPhase::Pending:
        return QStringLiteral("Pending");
    case PodPhase::Running:
        return QStringLiteral("Running");
    case PodPhase::Succeeded:
        return QStringLiteral("Succeeded");
    case PodPhase::Failed:
        return QStringLiteral("Failed");
    case PodPhase::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

} // namespace

void PodTally::reset(const QHash<QUuid, fleet::PodInfo>& pods)
{
    *this = {};
    m_verdicts.reserve(pods.size());
    for (auto it = pods.cbegin(); it != pods.cend(); ++it)
        add(it.key(), it.value());
}

void PodTally::apply(const QHash<QUuid, fleet::PodInfo>& pods, const fleet::KindChange& change)
{
    for (const QUuid& uid : change.removed)
        remove(uid);
    for (const QList<QUuid>* list : { &change.modified, &change.added }) {
        for (const QUuid& uid : *list) {
            remove(uid);
            if (const auto pod = pods.constFind(uid); pod != pods.cend())
                add(uid, *pod);
        }
    }
    // A batch that does not add up (a table replaced wholesale) is counted again, once.
    if (m_verdicts.size() != pods.size())
        reset(pods);
}

void PodTally::add(const QUuid& uid, const fleet::PodInfo& pod)
{
    const PodHealth health = podHealth(pod);
    const bool failing = !health.reason.isEmpty();
    m_verdicts.insert(uid, { pod.phase, failing });
    ++m_byPhase[pod.phase];
    if (failing) {
        m_failing.insert(uid,
            { pod.meta.namespaceName.toString(), pod.meta.name, health.reason, pod.nodeName.toString(), pod.restarts });
        return;
    }
    m_running += pod.phase == PodPhase::Running ? 1 : 0;
    m_pending += pod.phase == PodPhase::Pending ? 1 : 0;
}

void PodTally::remove(const QUuid& uid)
{
    const auto it = m_verdicts.constFind(uid);
    if (it == m_verdicts.cend())
        return;
    const Verdict verdict = *it;
    m_verdicts.erase(it);
    if (--m_byPhase[verdict.phase] == 0)
        m_byPhase.remove(verdict.phase);
    if (verdict.failing) {
        m_failing.remove(uid);
        return;
    }
    m_running -= verdict.phase == PodPhase::Running ? 1 : 0;
    m_pending -= verdict.phase == PodPhase::Pending ? 1 : 0;
}

void PodTally::fill(ClusterSummary& out) const
{
    out.podsTotal = int(m_verdicts.size());
    out.podsByPhase.clear();
    for (auto it = m_byPhase.cbegin(); it != m_byPhase.cend(); ++it)
        out.podsByPhase.insert(phaseName(it.key()), it.value());
    out.podsRunning = m_running;
    out.podsPending = m_pending;
    out.failingPods = m_failing.values();
    std::sort(out.failingPods.begin(), out.failingPods.end(),
        [](const ClusterSummary::FailingPod& a, const ClusterSummary::FailingPod& b) {
            return std::tie(a.nameSpace, a.name) < std::tie(b.nameSpace, b.name);
        });
    out.failingByReason.clear();
    for (const ClusterSummary::FailingPod& pod : std::as_const(out.failingPods))
        ++out.failingByReason[pod.reason];
}

} // namespace minato::analysis
