// SPDX-License-Identifier: Apache-2.0
#include "analysis/podrules.h"

#include "analysis/podhealth.h"
#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"
#include "util/quantity.h"

namespace minato::analysis {

namespace {

    // What the runtime said: the waiting reason, or behind a back-off the failed start.
    QString runtimeReason(const fleet::ContainerInfo& c)
    {
        return c.reason == QLatin1StringView("CrashLoopBackOff") ? c.lastTerminationReason.toString() : c.reason.toString();
    }

    // The containers of one pod that show one problem.
    struct Hit
    {
        const fleet::ContainerInfo* first = nullptr;
        QStringList names;
    };

    void addEvidence(Finding& finding, const fleet::PodInfo& pod, const Hit& hit)
    {
        const fleet::ContainerInfo& c = *hit.first;
        finding.evidence = { { QStringLiteral("container"), hit.names.join(QLatin1Char(',')) },
            { QStringLiteral("reason"), c.reason.toString() } };
        if (c.state == fleet::ContainerState::Terminated)
            finding.evidence.append({ QStringLiteral("exitCode"), QString::number(c.exitCode) });
        finding.evidence.append({ QStringLiteral("restarts"), QString::number(c.restartCount) });
        if (!c.lastTerminationReason.isEmpty()) {
            finding.evidence.append({ QStringLiteral("lastTerminationReason"), c.lastTerminationReason.toString() });
            finding.evidence.append({ QStringLiteral("lastExitCode"), QString::number(c.lastExitCode) });
        }
        if (!pod.nodeName.isEmpty())
            finding.evidence.append({ QStringLiteral("node"), pod.nodeName.toString() });
    }

    QString containerPhrase(const Hit& hit)
    {
        return hit.names.size() == 1 ? QStringLiteral("container ") + hit.names.first()
                                     : QString::number(hit.names.size()) + QStringLiteral(" containers");
    }

    void evaluatePod(RuleInput& input, const fleet::PodInfo& pod)
    {
        // One slot per ContainerProblem; None's stays empty.
        std::array<Hit, std::size_t(ContainerProblem::OomKilled) + 1> hits;
        const auto hit = [&](ContainerProblem problem, const fleet::ContainerInfo& container) {
            Hit& h = hits[std::size_t(problem)];
            if (!h.first)
                h.first = &container;
            h.names << container.name.toString();
        };
        for (const fleet::ContainerInfo& container : pod.containers()) {
            if (const ContainerProblem problem = containerProblem(container); problem != ContainerProblem::None)
                hit(problem, container);
            // An OOM kill behind a container that is back up is news only while it is recent.
            if (container.state != fleet::ContainerState::Terminated
                && container.lastTerminationReason == QLatin1StringView("OOMKilled")
                && (pod.lastRestartTime == 0 || input.nowSecs - pod.lastRestartTime <= input.options.oomRecentSeconds))
                hit(ContainerProblem::OomKilled, container);
        }

        // Ready=False says since when the pod has been unwell; waiting states carry no time.
        const qint64 unwellSince = pod.ready.isFalse() ? pod.ready.lastTransitionTime : 0;
        bool explained = false;
        if (const Hit& h = hits[std::size_t(ContainerProblem::CrashLoop)]; h.first) {
            Finding& f
                = input.add(Severity::Critical, QStringLiteral("pod.crash-loop"), QStringLiteral("Pod"), pod.meta,
                    QStringLiteral("CrashLoopBackOff: %1 restarted %2 times")
                        .arg(containerPhrase(h))
                        .arg(h.first->restartCount),
                    unwellSince);
            addEvidence(f, pod, h);
            explained = true;
        }
        if (const Hit& h = hits[std::size_t(ContainerProblem::RuntimeError)]; h.first) {
            Finding& f = input.add(Severity::Critical, QStringLiteral("pod.runtime-error"), QStringLiteral("Pod"),
                pod.meta,
                QStringLiteral("Container runtime failed: %1 (%2)").arg(runtimeReason(*h.first), containerPhrase(h)),
                unwellSince);
            addEvidence(f, pod, h);
            explained = true;
        }
        if (const Hit& h = hits[std::size_t(ContainerProblem::ImagePull)]; h.first) {
            Finding& f = input.add(Severity::Warning, QStringLiteral("pod.image-pull"), QStringLiteral("Pod"), pod.meta,
                QStringLiteral("%1: %2").arg(h.first->reason.toString(), h.first->image.toString()), unwellSince);
            addEvidence(f, pod, h);
            f.evidence.insert(2, { QStringLiteral("image"), h.first->image.toString() });
            explained = true;
        }
        if (const Hit& h = hits[std::size_t(ContainerProblem::ConfigError)]; h.first) {
            Finding& f
                = input.add(Severity::Warning, QStringLiteral("pod.config-error"), QStringLiteral("Pod"), pod.meta,
                    QStringLiteral("CreateContainerConfigError: %1 cannot start").arg(containerPhrase(h)), unwellSince);
            addEvidence(f, pod, h);
            explained = true;
        }
        if (const Hit& h = hits[std::size_t(ContainerProblem::OomKilled)]; h.first) {
            const bool now = h.first->state == fleet::ContainerState::Terminated;
            Finding& f = input.add(Severity::Warning, QStringLiteral("pod.oom-killed"), QStringLiteral("Pod"), pod.meta,
                QStringLiteral("OOMKilled: %1 ran out of memory").arg(containerPhrase(h)), pod.lastRestartTime);
            addEvidence(f, pod, h);
            if (!now)
                f.evidence[1].value = QStringLiteral("OOMKilled (last state)");
            if (pod.resources().memoryLimitBytes > 0)
                f.evidence.append({ QStringLiteral("memoryLimit"), formatBytes(pod.resources().memoryLimitBytes) });
            explained = explained || now;
        }

        if (explained || pod.phase != fleet::PodPhase::Pending || pod.meta.isTerminating())
            return;
        // Unschedulable since the scheduler said so; otherwise pending since the pod exists.
        const qint64 since = pod.scheduled.isFalse() && pod.scheduled.lastTransitionTime > 0
            ? pod.scheduled.lastTransitionTime
            : pod.meta.creationTimestamp;
        if (since <= 0 || input.nowSecs - since <= input.options.pendingSeconds)
            return;
        const QString why = pod.scheduled.isFalse() ? pod.scheduled.reason.toString() : pod.status.toString();
        Finding& f = input.add(Severity::Warning, QStringLiteral("pod.pending"), QStringLiteral("Pod"), pod.meta,
            QStringLiteral("Pending for %1").arg(shortDuration(input.nowSecs - since))
                + (why.isEmpty() ? QString() : QStringLiteral(": ") + why),
            since);
        f.evidence = { { QStringLiteral("phase"), QStringLiteral("Pending") },
            { QStringLiteral("PodScheduled"),
                pod.scheduled.isTrue()
                    ? QStringLiteral("True")
                    : (pod.scheduled.isFalse() ? QStringLiteral("False") : QStringLiteral("Absent")) } };
        if (!pod.scheduled.reason.isEmpty())
            f.evidence.append({ QStringLiteral("reason"), pod.scheduled.reason.toString() });
        f.evidence.append({ QStringLiteral("since"), evidenceTime(since) });
        if (!pod.status.isEmpty())
            f.evidence.append({ QStringLiteral("status"), pod.status.toString() });
    }

} // namespace

void podRules(RuleInput& input)
{
    for (const fleet::PodInfo& pod : input.store.pods()) {
        // Finished pods are history, not problems (Failed/Evicted pods are another rule's job).
        if (pod.phase == fleet::PodPhase::Succeeded || pod.phase == fleet::PodPhase::Failed)
            continue;
        evaluatePod(input, pod);
    }
}

} // namespace minato::analysis
