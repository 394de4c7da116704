// SPDX-License-Identifier: Apache-2.0
#include "analysis/clusterrules.h"

#include "analysis/ruleinput.h"

namespace minato::analysis {

void clusterRules(RuleInput& input)
{
    const fleet::SessionStatus& status = input.cluster.status;
    Severity severity = Severity::Critical;
    QString ruleId;
    QString title;
    switch (status.state) {
    case fleet::SessionState::Unreachable:
        ruleId = QStringLiteral("cluster.unreachable");
        title = QStringLiteral("API server unreachable");
        break;
    case fleet::SessionState::AuthFailed:
        ruleId = QStringLiteral("cluster.auth-failed");
        title = QStringLiteral("Credentials refused");
        break;
    case fleet::SessionState::Misconfigured:
        // Our kubeconfig entry is broken, not the cluster: worth fixing, not an outage.
        severity = Severity::Warning;
        ruleId = QStringLiteral("cluster.misconfigured");
        title = QStringLiteral("Kubeconfig entry unusable");
        break;
    case fleet::SessionState::Degraded:
        severity = Severity::Warning;
        ruleId = QStringLiteral("cluster.degraded");
        title = QStringLiteral("Cluster partly visible");
        break;
    case fleet::SessionState::Idle:
    case fleet::SessionState::Connecting:
    case fleet::SessionState::Syncing:
    case fleet::SessionState::Live:
        return;
    }
    if (!status.reason.isEmpty())
        title += QStringLiteral(": ") + evidenceMessage(status.reason);
    Finding& finding = input.add(severity, ruleId, QStringLiteral("Cluster"), QString(), input.cluster.name, title,
        status.since.isValid() ? status.since.toSecsSinceEpoch() : 0);
    finding.evidence = { { QStringLiteral("state"), fleet::sessionStateName(status.state) },
        { QStringLiteral("reason"), evidenceMessage(status.reason) },
        { QStringLiteral("since"), status.since.isValid() ? status.since.toUTC().toString(Qt::ISODate) : QString() } };
}

bool storeIsCurrent(const RuleInput& input)
{
    switch (input.cluster.status.state) {
    case fleet::SessionState::Syncing:
    case fleet::SessionState::Live:
    case fleet::SessionState::Degraded:
        return true;
    case fleet::SessionState::Idle:
    case fleet::SessionState::Connecting:
    case fleet::SessionState::Unreachable:
    case fleet::SessionState::AuthFailed:
    case fleet::SessionState::Misconfigured:
        return false;
    }
    return false;
}

} // namespace minato::analysis
