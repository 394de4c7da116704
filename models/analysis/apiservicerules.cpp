// SPDX-License-Identifier: Apache-2.0
#include "analysis/apiservicerules.h"

#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

void apiServiceRules(RuleInput& input)
{
    for (const fleet::ApiServiceInfo& service : input.store.apiServices()) {
        // Absent means the aggregator has not judged it yet; only an explicit verdict counts.
        if (!service.available.isFalse() && service.available.status != fleet::ConditionStatus::Unknown)
            continue;
        const bool metrics = service.group == QLatin1StringView("metrics.k8s.io")
            || service.group == QLatin1StringView("custom.metrics.k8s.io")
            || service.group == QLatin1StringView("external.metrics.k8s.io");
        const QString reason = service.available.reason.toString();
        Finding& f = input.add(metrics ? Severity::Critical : Severity::Warning,
            metrics ? QStringLiteral("apiservice.metrics-unavailable") : QStringLiteral("apiservice.unavailable"),
            QStringLiteral("APIService"), service.meta,
            (metrics ? QStringLiteral("Metrics API unavailable") : QStringLiteral("Aggregated API unavailable"))
                + (reason.isEmpty() ? QString() : QStringLiteral(": ") + reason),
            service.available.lastTransitionTime);
        f.evidence = { { QStringLiteral("group"), service.group }, { QStringLiteral("version"), service.version },
            { QStringLiteral("Available"),
                service.available.isFalse() ? QStringLiteral("False") : QStringLiteral("Unknown") },
            { QStringLiteral("reason"), reason } };
        if (!service.isLocal())
            f.evidence.append(
                { QStringLiteral("service"), service.serviceNamespace + QLatin1Char('/') + service.serviceName });
        if (!service.available.message.isEmpty())
            f.evidence.append({ QStringLiteral("message"), evidenceMessage(service.available.message) });
    }
}

} // namespace minato::analysis
