// SPDX-License-Identifier: Apache-2.0
#include "analysis/hpadiagnosis.h"

#include "analysis/hpastoreindex.h"
#include "analysis/ruleinput.h"
#include "fleet/clusterfacts.h"
#include "fleet/clusterstore.h"
#include "util/quantity.h"

#include <QStringList>

#include <cmath>

namespace minato::analysis {

namespace {

    using fleet::MetricSourceType;
    using fleet::MetricTargetType;

    struct StateName
    {
        HpaState state;
        const char* name;
    };
    constexpr StateName StateNames[] = {
        { HpaState::ScalingNormally, "scaling normally" },
        { HpaState::IdleAtMin, "idle at min" },
        { HpaState::Limited, "limited" },
        { HpaState::PinnedAtMax, "pinned at max" },
        { HpaState::Flapping, "flapping" },
        { HpaState::UnableToScale, "unable to scale" },
    };

    QString conditionText(const fleet::DetailedCondition& c)
    {
        const QString name = fleet::conditionStatusName(c.status);
        return name.isEmpty() ? QStringLiteral("not set") : name;
    }

    QList<Evidence> conditionEvidence(const QString& type, const fleet::DetailedCondition& c)
    {
        QList<Evidence> out { { type, conditionText(c) } };
        if (!c.reason.toString().isEmpty())
            out.append({ QStringLiteral("reason"), c.reason.toString() });
        if (!c.message.isEmpty())
            out.append({ QStringLiteral("message"), evidenceMessage(c.message) });
        return out;
    }

    // Which aggregated API a metric source is read from, as the controller's REST clients do.
    QString metricsGroup(MetricSourceType source)
    {
        switch (source) {
        case MetricSourceType::Resource:
        case MetricSourceType::ContainerResource:
            return QStringLiteral("metrics.k8s.io");
        case MetricSourceType::Pods:
        case MetricSourceType::Object:
            return QStringLiteral("custom.metrics.k8s.io");
        case MetricSourceType::External:
            return QStringLiteral("external.metrics.k8s.io");
        case MetricSourceType::Unknown:
            break;
        }
        return {};
    }

    QString failedReasonFor(MetricSourceType source)
    {
        switch (source) {
        case MetricSourceType::Resource:
            return QStringLiteral("FailedGetResourceMetric");
        case MetricSourceType::ContainerResource:
            return QStringLiteral("FailedGetContainerResourceMetric");
        case MetricSourceType::Pods:
            return QStringLiteral("FailedGetPodsMetric");
        case MetricSourceType::Object:
            return QStringLiteral("FailedGetObjectMetric");
        case MetricSourceType::External:
            return QStringLiteral("FailedGetExternalMetric");
        case MetricSourceType::Unknown:
            break;
        }
        return {};
    }

    // The APIServices the controller's clients read a group through: metrics.k8s.io and
    // external.metrics.k8s.io at v1beta1, custom.metrics.k8s.io at v1beta2 or else v1beta1.
    QStringList apiServicesOf(const QString& group)
    {
        if (group == QLatin1StringView("custom.metrics.k8s.io"))
            return { QStringLiteral("v1beta2.") + group, QStringLiteral("v1beta1.") + group };
        return { QStringLiteral("v1beta1.") + group };
    }

    // Whether a controller message names the metric as a word ("failed to get cpu utilization:
    // …", "unable to get metric http_requests: …").
    bool namesMetric(const QString& message, const QString& name)
    {
        if (name.isEmpty())
            return false;
        const auto wordChar = [](QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); };
        for (qsizetype at = message.indexOf(name); at >= 0; at = message.indexOf(name, at + 1)) {
            const qsizetype end = at + name.size();
            if ((at == 0 || !wordChar(message.at(at - 1))) && (end == message.size() || !wordChar(message.at(end))))
                return true;
        }
        return false;
    }

    bool sameMetric(const fleet::HpaMetric& a, const fleet::HpaMetric& b)
    {
        return a.source == b.source && a.name == b.name && a.container == b.container && a.objectKind == b.objectKind
            && a.objectName == b.objectName;
    }

    const fleet::HpaMetric* currentOf(const fleet::HpaInfo& hpa, const fleet::HpaMetric& target)
    {
        for (const fleet::HpaMetric& current : hpa.currentMetrics)
            if (sameMetric(current, target))
                return &current;
        return nullptr;
    }

    // The workload kinds Minato watches, each with a scale subresource the controller can use.
    std::optional<fleet::WatchedKind> watchedTargetKind(const QString& kind)
    {
        if (kind == QLatin1StringView("Deployment"))
            return fleet::WatchedKind::Deployments;
        if (kind == QLatin1StringView("StatefulSet"))
            return fleet::WatchedKind::StatefulSets;
        if (kind == QLatin1StringView("ReplicaSet"))
            return fleet::WatchedKind::ReplicaSets;
        return std::nullopt;
    }

    class Walk
    {
    public:
        Walk(const fleet::ClusterFacts& cluster, const HpaStoreIndex& index, const fleet::HpaInfo& hpa,
            qint64 nowMs, const HpaDiagnosisOptions& options)
            : m_cluster(cluster)
            , m_index(index)
            , m_store(index.store())
            , m_hpa(hpa)
            , m_nowMs(nowMs)
            , m_options(options)
        { }

        QList<DiagnosisStep> steps;

        void run()
        {
            const fleet::WorkloadInfo* workload = target();
            scaleSubresource();
            bounds();
            QSet<QString> groupsChecked;
            for (const fleet::HpaMetric& metric : m_hpa.metrics) {
                const QString group = metricsGroup(metric.source);
                if (!group.isEmpty() && !groupsChecked.contains(group)) {
                    groupsChecked.insert(group);
                    metricsApi(group);
                    if (group == QLatin1StringView("metrics.k8s.io"))
                        metricsServerPods();
                }
                if ((metric.source == MetricSourceType::Resource || metric.source == MetricSourceType::ContainerResource)
                    && metric.targetType == MetricTargetType::Utilization)
                    requests(metric, workload);
                served(metric);
            }
            if (m_hpa.metrics.isEmpty())
                add(QStringLiteral("metrics.present"), QStringLiteral("The HPA has metrics"), CheckVerdict::Fail,
                    QStringLiteral("spec.metrics is empty: the controller has nothing to scale on."), {});
            conditions();
            tolerance();
            behavior();
        }

    private:
        DiagnosisStep& add(
            QString id, QString title, CheckVerdict verdict, QString detail, QList<Evidence> evidence)
        {
            steps.append({ std::move(id), std::move(title), verdict, std::move(detail), std::move(evidence) });
            return steps.last();
        }

        QString targetText() const { return m_hpa.targetKind.toString() + QLatin1Char('/') + m_hpa.targetName; }

        const fleet::WorkloadInfo* target()
        {
            const QString title = QStringLiteral("Scale target %1 exists").arg(targetText());
            const std::optional<fleet::WatchedKind> kind = watchedTargetKind(m_hpa.targetKind.toString());
            if (!kind) {
                // Argo Rollouts, a custom resource: not watched, so the AbleToScale condition decides.
                add(QStringLiteral("target.exists"), title, CheckVerdict::Unknown,
                    QStringLiteral("%1 is not a kind Minato watches; AbleToScale tells whether the controller "
                                   "found it.")
                        .arg(m_hpa.targetKind.toString()),
                    { { QStringLiteral("apiVersion"), m_hpa.targetApiVersion } });
                return nullptr;
            }
            if (m_cluster.forbiddenKinds.contains(*kind)) {
                add(QStringLiteral("target.exists"), title, CheckVerdict::Unknown,
                    QStringLiteral("Listing %1 is forbidden to this user.").arg(fleet::watchedKindName(*kind)), {});
                return nullptr;
            }
            if (const fleet::WorkloadInfo* w
                = m_index.workload(*kind, m_hpa.meta.namespaceName.toString(), m_hpa.targetName)) {
                add(QStringLiteral("target.exists"), title, CheckVerdict::Pass, {},
                    { { QStringLiteral("replicas"), QString::number(w->desired) },
                        { QStringLiteral("ready"), QString::number(w->ready) } });
                return w;
            }
            add(QStringLiteral("target.exists"), title, CheckVerdict::Fail,
                QStringLiteral("No %1 named %2 in namespace %3: fix scaleTargetRef or create the workload.")
                    .arg(m_hpa.targetKind.toString(), m_hpa.targetName, m_hpa.meta.namespaceName.toString()),
                { { QStringLiteral("scaleTargetRef"), targetText() } });
            return nullptr;
        }

        void scaleSubresource()
        {
            const QString title = QStringLiteral("The target has a scale subresource the controller can read");
            const QString reason = m_hpa.ableToScale.reason.toString();
            if (m_hpa.ableToScale.isFalse()) {
                add(QStringLiteral("target.scale"), title, CheckVerdict::Fail,
                    reason == QLatin1StringView("FailedGetScale")
                        ? QStringLiteral("The controller cannot read %1/scale: the kind has no scale subresource, "
                                         "or the controller lacks RBAC for it.")
                              .arg(targetText())
                        : QStringLiteral("The controller cannot update the target's scale (%1).").arg(reason),
                    conditionEvidence(QStringLiteral("AbleToScale"), m_hpa.ableToScale));
                return;
            }
            const bool builtIn = watchedTargetKind(m_hpa.targetKind.toString()).has_value();
            add(QStringLiteral("target.scale"), title,
                m_hpa.ableToScale.isTrue() || builtIn ? CheckVerdict::Pass : CheckVerdict::Unknown, {},
                conditionEvidence(QStringLiteral("AbleToScale"), m_hpa.ableToScale));
        }

        void bounds()
        {
            const QList<Evidence> evidence { { QStringLiteral("minReplicas"), QString::number(m_hpa.minReplicas) },
                { QStringLiteral("maxReplicas"), QString::number(m_hpa.maxReplicas) } };
            if (m_hpa.maxReplicas > 0 && m_hpa.minReplicas >= m_hpa.maxReplicas)
                add(QStringLiteral("bounds"), QStringLiteral("minReplicas is below maxReplicas"), CheckVerdict::Fail,
                    QStringLiteral("min == max (%1): the HPA can never change the replica count.")
                        .arg(m_hpa.maxReplicas),
                    evidence);
            else
                add(QStringLiteral("bounds"), QStringLiteral("minReplicas is below maxReplicas"), CheckVerdict::Pass,
                    {}, evidence);
        }

        void metricsApi(const QString& group)
        {
            const QString title = QStringLiteral("%1 is registered and Available").arg(group);
            const QString id = QStringLiteral("metrics-api.") + group.section(QLatin1Char('.'), 0, 0);
            if (m_cluster.forbiddenKinds.contains(fleet::WatchedKind::ApiServices)) {
                add(id, title, CheckVerdict::Unknown, QStringLiteral("Listing apiservices is forbidden to this user."),
                    {});
                return;
            }
            const fleet::ApiServiceInfo* best = nullptr;
            for (const fleet::ApiServiceInfo& service : m_store.apiServices()) {
                if (service.group != group)
                    continue;
                // v1beta2 before v1beta1: the newest version the controller's client prefers.
                if (!best || (service.available.isTrue() && !best->available.isTrue())
                    || (service.available.status == best->available.status && service.version > best->version))
                    best = &service;
            }
            if (!best) {
                QString what;
                if (group == QLatin1StringView("metrics.k8s.io"))
                    what = QStringLiteral("metrics-server is not installed");
                else if (group == QLatin1StringView("custom.metrics.k8s.io"))
                    what = QStringLiteral("no custom metrics adapter (prometheus-adapter, KEDA …) is installed");
                else
                    what = QStringLiteral("no external metrics adapter (KEDA, prometheus-adapter …) is installed");
                QList<Evidence> absent;
                for (const QString& name : apiServicesOf(group))
                    absent.append({ name, QStringLiteral("absent") });
                add(id, title, CheckVerdict::Fail,
                    QStringLiteral("No APIService serves %1: %2.").arg(group, what), absent);
                return;
            }
            QList<Evidence> evidence { { QStringLiteral("apiservice"), best->meta.name } };
            if (!best->isLocal())
                evidence.append({ QStringLiteral("service"),
                    best->serviceNamespace + QLatin1Char('/') + best->serviceName });
            evidence += conditionEvidence(QStringLiteral("Available"), best->available);
            if (best->available.isTrue()) {
                add(id, title, CheckVerdict::Pass, {}, evidence);
                return;
            }
            const QString reason = best->available.reason.toString();
            QString why;
            if (reason == QLatin1StringView("FailedDiscoveryCheck"))
                why = QStringLiteral("the API server cannot reach the adapter's service (network policy, TLS or a "
                                     "crashing adapter)");
            else if (reason == QLatin1StringView("MissingEndpoints"))
                why = QStringLiteral("the adapter's service has no ready endpoints: its pods are down");
            else if (reason == QLatin1StringView("ServiceNotFound"))
                why = QStringLiteral("the service the APIService points at does not exist");
            else
                why = QStringLiteral("the APIService is not Available (%1)").arg(reason.isEmpty() ? conditionText(best->available) : reason);
            add(id, title, CheckVerdict::Fail, QStringLiteral("%1 is registered but %2.").arg(best->meta.name, why),
                evidence);
        }

        void metricsServerPods()
        {
            const QString title = QStringLiteral("metrics-server pods are ready");
            const int total = m_index.metricsServerPods();
            const int ready = m_index.metricsServerPodsReady();
            if (m_cluster.forbiddenKinds.contains(fleet::WatchedKind::Pods)) {
                add(QStringLiteral("metrics-server.pods"), title, CheckVerdict::Unknown,
                    QStringLiteral("Listing pods is forbidden to this user."), {});
                return;
            }
            const QList<Evidence> evidence { { QStringLiteral("ready"),
                QStringLiteral("%1/%2").arg(ready).arg(total) } };
            if (total == 0)
                // A managed control plane may run it out of sight; the APIService step decides then.
                add(QStringLiteral("metrics-server.pods"), title, CheckVerdict::Unknown,
                    QStringLiteral("No pod labelled k8s-app=metrics-server is visible."), evidence);
            else if (ready == 0)
                add(QStringLiteral("metrics-server.pods"), title, CheckVerdict::Fail,
                    QStringLiteral("No metrics-server pod is ready: resource metrics cannot be read."), evidence);
            else
                add(QStringLiteral("metrics-server.pods"), title, CheckVerdict::Pass, {}, evidence);
        }

        void requests(const fleet::HpaMetric& metric, const fleet::WorkloadInfo* workload)
        {
            const QString title = QStringLiteral("Target pods request %1 (needed for a utilization target)")
                                      .arg(metric.name);
            const QString id = QStringLiteral("requests.") + metric.name;
            if (!workload) {
                add(id, title, CheckVerdict::Unknown, QStringLiteral("The target's pod template is not known."), {});
                return;
            }
            const fleet::ResourceTotals& totals = workload->podTemplate.resources;
            const bool cpu = metric.name == QLatin1StringView("cpu");
            const qint64 requested = cpu ? totals.cpuRequestMilli : totals.memoryRequestBytes;
            const bool all = workload->podTemplate.flags.testFlag(fleet::PodSpecFlag::AllRequestsSet);
            const QList<Evidence> evidence { { QStringLiteral("requests.") + metric.name,
                requested == 0 ? QStringLiteral("none")
                               : (cpu ? QString::number(requested) + QStringLiteral("m")
                                      : QString::number(requested / (1024 * 1024)) + QStringLiteral("Mi")) } };
            const bool missingMessage = m_hpa.scalingActive.message.contains(QLatin1StringView("missing request for"));
            if (requested == 0 || missingMessage)
                add(id, title, CheckVerdict::Fail,
                    QStringLiteral("A utilization target is a percentage of the request: every container of "
                                   "%1 must request %2.")
                        .arg(targetText(), metric.name),
                    evidence);
            else if (!all)
                add(id, title, CheckVerdict::Warn,
                    QStringLiteral("Some container has no request for cpu or memory; if it lacks %1, the "
                                   "controller cannot compute utilization.")
                        .arg(metric.name),
                    evidence);
            else
                add(id, title, CheckVerdict::Pass, {}, evidence);
        }

        void served(const fleet::HpaMetric& metric)
        {
            const QString label = hpaMetricLabel(metric);
            const QString title = QStringLiteral("Metric %1 is served and read").arg(label);
            const QString id = QStringLiteral("metric.served:") + label;
            const fleet::HpaMetric* current = currentOf(m_hpa, metric);
            const QString reason = m_hpa.scalingActive.reason.toString();
            const bool failedHere = m_hpa.scalingActive.isFalse() && reason == failedReasonFor(metric.source)
                && isAbout(m_hpa.scalingActive.message, metric);
            if (failedHere) {
                add(id, title, CheckVerdict::Fail,
                    QStringLiteral("The controller could not read %1: %2").arg(label, m_hpa.scalingActive.message),
                    conditionEvidence(QStringLiteral("ScalingActive"), m_hpa.scalingActive));
                return;
            }
            // A failing metric has no entry in status.currentMetrics while the others keep theirs.
            if (!current) {
                const QString warning = lastWarningEvent(failedReasonFor(metric.source), metric);
                add(id, title, m_hpa.currentMetrics.isEmpty() && m_hpa.scalingActive.isTrue() ? CheckVerdict::Unknown : CheckVerdict::Fail,
                    warning.isEmpty() ? QStringLiteral("status.currentMetrics has no value for %1.").arg(label)
                                      : QStringLiteral("The controller could not read %1: %2").arg(label, warning),
                    { { QStringLiteral("currentMetrics"), QStringLiteral("no entry") } });
                return;
            }
            add(id, title, CheckVerdict::Pass, {},
                { { QStringLiteral("current"), hpaMetricValueText(metric, hpaMetricCurrentValue(metric, *current)) },
                    { QStringLiteral("target"), hpaMetricValueText(metric, hpaMetricTargetValue(metric)) } });
        }

        // Whether a message of the controller is about this metric: it names it, or it names none
        // of the HPA's metrics of that source. ScalingActive quotes only the first metric that
        // failed, and the other metrics must not be blamed with its words.
        bool isAbout(const QString& message, const fleet::HpaMetric& metric) const
        {
            if (namesMetric(message, metric.name))
                return true;
            for (const fleet::HpaMetric& other : m_hpa.metrics)
                if (other.source == metric.source && namesMetric(message, other.name))
                    return false;
            return true;
        }

        // The newest warning event of that reason about the HPA and this metric, in the last hour.
        QString lastWarningEvent(const QString& reason, const fleet::HpaMetric& metric) const
        {
            qint64 newest = 0;
            QString message;
            for (const fleet::EventInfo* event : m_index.eventsAbout(m_hpa)) {
                if (event->reason != QStringView(reason) || !isAbout(event->message, metric))
                    continue;
                if (event->lastTimestamp > newest && event->lastTimestamp * 1000 > m_nowMs - 3600 * 1000) {
                    newest = event->lastTimestamp;
                    message = event->message;
                }
            }
            return message;
        }

        void conditions()
        {
            const QString active = m_hpa.scalingActive.reason.toString();
            if (m_hpa.scalingActive.isFalse()) {
                const bool disabled = active == QLatin1StringView("ScalingDisabled");
                add(QStringLiteral("condition.scaling-active"), QStringLiteral("ScalingActive is True"),
                    CheckVerdict::Fail,
                    disabled ? QStringLiteral("The target is scaled to 0: the HPA is switched off until it has "
                                              "replicas again.")
                             : QStringLiteral("The controller cannot compute a replica count (%1).").arg(active),
                    conditionEvidence(QStringLiteral("ScalingActive"), m_hpa.scalingActive));
            } else {
                add(QStringLiteral("condition.scaling-active"), QStringLiteral("ScalingActive is True"),
                    m_hpa.scalingActive.isTrue() ? CheckVerdict::Pass : CheckVerdict::Unknown, {},
                    conditionEvidence(QStringLiteral("ScalingActive"), m_hpa.scalingActive));
            }
            const QString limited = m_hpa.scalingLimited.reason.toString();
            const QList<Evidence> evidence = conditionEvidence(QStringLiteral("ScalingLimited"), m_hpa.scalingLimited);
            if (!m_hpa.scalingLimited.isTrue()) {
                add(QStringLiteral("condition.scaling-limited"), QStringLiteral("The desired count is within bounds"),
                    m_hpa.scalingLimited.isFalse() ? CheckVerdict::Pass : CheckVerdict::Unknown, {}, evidence);
            } else if (limited == QLatin1StringView("TooManyReplicas")) {
                add(QStringLiteral("condition.scaling-limited"), QStringLiteral("The desired count is within bounds"),
                    CheckVerdict::Warn,
                    QStringLiteral("The controller wants more than maxReplicas (%1): more load gets no more pods.")
                        .arg(m_hpa.maxReplicas),
                    evidence);
            } else if (limited == QLatin1StringView("TooFewReplicas")) {
                add(QStringLiteral("condition.scaling-limited"), QStringLiteral("The desired count is within bounds"),
                    CheckVerdict::Pass,
                    QStringLiteral("The load asks for fewer than minReplicas (%1): it idles at the floor.")
                        .arg(m_hpa.minReplicas),
                    evidence);
            } else {
                // ScaleUpLimit, ScaleDownLimit: a behavior policy caps the rate.
                add(QStringLiteral("condition.scaling-limited"), QStringLiteral("The desired count is within bounds"),
                    CheckVerdict::Warn,
                    QStringLiteral("A scaling policy caps how fast replicas change (%1).").arg(limited), evidence);
            }
        }

        void tolerance()
        {
            if (m_hpa.currentReplicas == 0 || m_hpa.scalingActive.isFalse())
                return;
            QStringList within;
            QList<Evidence> evidence;
            bool anyOutside = false;
            for (const fleet::HpaMetric& metric : m_hpa.metrics) {
                const fleet::HpaMetric* current = currentOf(m_hpa, metric);
                const double target = hpaMetricTargetValue(metric);
                if (!current || !(target > 0))
                    continue;
                const double value = hpaMetricCurrentValue(metric, *current);
                if (std::isnan(value))
                    continue;
                const double ratio = value / target;
                evidence.append({ hpaMetricLabel(metric), QStringLiteral("%1 / %2 = %3")
                                                               .arg(hpaMetricValueText(metric, value),
                                                                   hpaMetricValueText(metric, target))
                                                               .arg(ratio, 0, 'f', 2) });
                if (std::abs(ratio - 1.0) <= m_options.tolerance)
                    within << hpaMetricLabel(metric);
                else
                    anyOutside = true;
            }
            if (evidence.isEmpty())
                return;
            const QString title = QStringLiteral("Metrics are outside the %1 % tolerance band")
                                      .arg(qRound(m_options.tolerance * 100));
            if (!anyOutside)
                add(QStringLiteral("tolerance"), title, CheckVerdict::Pass,
                    QStringLiteral("Every metric is within ±%1 % of its target: the controller keeps %2 replicas "
                                   "on purpose.")
                        .arg(qRound(m_options.tolerance * 100))
                        .arg(m_hpa.currentReplicas),
                    evidence);
            else
                add(QStringLiteral("tolerance"), title, CheckVerdict::Pass, {}, evidence);
        }

        void behavior()
        {
            const QString able = m_hpa.ableToScale.reason.toString();
            const qint32 down = m_hpa.scaleDown.stabilizationWindowSeconds >= 0
                ? m_hpa.scaleDown.stabilizationWindowSeconds
                : m_options.defaultScaleDownWindowSeconds;
            const qint32 up = std::max(0, m_hpa.scaleUp.stabilizationWindowSeconds);
            QList<Evidence> evidence { { QStringLiteral("scaleDown.stabilizationWindowSeconds"), QString::number(down) },
                { QStringLiteral("scaleUp.stabilizationWindowSeconds"), QString::number(up) } };
            if (!m_hpa.scaleDown.selectPolicy.isEmpty())
                evidence.append({ QStringLiteral("scaleDown.selectPolicy"), m_hpa.scaleDown.selectPolicy });
            if (!m_hpa.scaleUp.selectPolicy.isEmpty())
                evidence.append({ QStringLiteral("scaleUp.selectPolicy"), m_hpa.scaleUp.selectPolicy });
            const QString title = QStringLiteral("Behavior lets the replica count follow the load");
            if (m_hpa.scaleDown.selectPolicy == QLatin1StringView("Disabled")
                || m_hpa.scaleUp.selectPolicy == QLatin1StringView("Disabled")) {
                const bool downOff = m_hpa.scaleDown.selectPolicy == QLatin1StringView("Disabled");
                add(QStringLiteral("behavior"), title, CheckVerdict::Warn,
                    QStringLiteral("behavior.%1.selectPolicy is Disabled: the HPA never scales %2.")
                        .arg(downOff ? QStringLiteral("scaleDown") : QStringLiteral("scaleUp"),
                            downOff ? QStringLiteral("down") : QStringLiteral("up")),
                    evidence);
                return;
            }
            if (able == QLatin1StringView("ScaleDownStabilized") || able == QLatin1StringView("ScaleUpStabilized")) {
                const bool isDown = able == QLatin1StringView("ScaleDownStabilized");
                const qint64 sinceScaleS = m_hpa.lastScaleTime > 0 ? m_nowMs / 1000 - m_hpa.lastScaleTime : -1;
                if (sinceScaleS >= 0)
                    evidence.append({ QStringLiteral("lastScale"), shortDuration(sinceScaleS) + QStringLiteral(" ago") });
                add(QStringLiteral("behavior"), title, CheckVerdict::Warn,
                    QStringLiteral("The %1 stabilization window (%2 s) holds the change back: the controller applies "
                                   "the %3 recommendation of that window.")
                        .arg(isDown ? QStringLiteral("scale-down") : QStringLiteral("scale-up"))
                        .arg(isDown ? down : up)
                        .arg(isDown ? QStringLiteral("highest") : QStringLiteral("lowest")),
                    evidence + conditionEvidence(QStringLiteral("AbleToScale"), m_hpa.ableToScale));
                return;
            }
            add(QStringLiteral("behavior"), title, CheckVerdict::Pass, {}, evidence);
        }

        const fleet::ClusterFacts& m_cluster;
        const HpaStoreIndex& m_index;
        const fleet::StoreContent& m_store;
        const fleet::HpaInfo& m_hpa;
        qint64 m_nowMs;
        const HpaDiagnosisOptions& m_options;
    };

    HpaState stateOf(const HpaDiagnosis& d, const fleet::HpaInfo& hpa, const HpaDiagnosisOptions& options)
    {
        if (d.firstFailure())
            return HpaState::UnableToScale;
        if (d.activity.isFlapping(options.flappingChanges))
            return HpaState::Flapping;
        if (hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas && hpa.desiredReplicas >= hpa.maxReplicas)
            return HpaState::PinnedAtMax;
        for (const DiagnosisStep& step : d.steps)
            if (step.verdict == CheckVerdict::Warn
                && (step.id == QLatin1StringView("behavior")
                    || (step.id == QLatin1StringView("condition.scaling-limited")
                        && hpa.scalingLimited.reason != QLatin1StringView("TooManyReplicas"))))
                return HpaState::Limited;
        if (hpa.currentReplicas > 0 && hpa.currentReplicas <= hpa.minReplicas && hpa.desiredReplicas <= hpa.minReplicas)
            return HpaState::IdleAtMin;
        return HpaState::ScalingNormally;
    }

    QString causeOf(const HpaDiagnosis& d, const fleet::HpaInfo& hpa, qint64 nowMs)
    {
        if (const DiagnosisStep* failure = d.firstFailure())
            return failure->detail;
        switch (d.state) {
        case HpaState::Flapping:
            return QStringLiteral("Changed direction %1 times in %2 (%3 rescales): lengthen the scale-down "
                                  "stabilization window or widen the target.")
                .arg(d.activity.directionChanges)
                .arg(shortDuration((d.activity.toMs - d.activity.fromMs) / 1000))
                .arg(d.activity.rescales);
        case HpaState::PinnedAtMax: {
            const qint64 since = d.activity.atMaxSinceMs > 0 ? (nowMs - d.activity.atMaxSinceMs) / 1000 : 0;
            return since > 0 ? QStringLiteral("At maxReplicas (%1) for %2: the load wants more pods than allowed.")
                                   .arg(hpa.maxReplicas)
                                   .arg(shortDuration(since))
                             : QStringLiteral("At maxReplicas (%1): the load wants more pods than allowed.")
                                   .arg(hpa.maxReplicas);
        }
        case HpaState::Limited:
            for (const DiagnosisStep& step : d.steps)
                if (step.verdict == CheckVerdict::Warn)
                    return step.detail;
            break;
        case HpaState::IdleAtMin:
            return QStringLiteral("At minReplicas (%1): the load needs no more.").arg(hpa.minReplicas);
        case HpaState::ScalingNormally:
        case HpaState::UnableToScale:
            break;
        }
        return QStringLiteral("Scales between %1 and %2; now %3.")
            .arg(hpa.minReplicas)
            .arg(hpa.maxReplicas)
            .arg(hpa.currentReplicas);
    }

} // namespace

QString hpaStateName(HpaState state)
{
    for (const StateName& s : StateNames)
        if (s.state == state)
            return QString::fromLatin1(s.name);
    return {};
}

HpaState hpaStateFromName(QStringView name, bool* ok)
{
    for (const StateName& s : StateNames) {
        if (name.compare(QLatin1StringView(s.name), Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return s.state;
        }
    }
    if (ok)
        *ok = false;
    return HpaState::ScalingNormally;
}

QString checkVerdictName(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pass:
        return QStringLiteral("pass");
    case CheckVerdict::Warn:
        return QStringLiteral("warn");
    case CheckVerdict::Fail:
        return QStringLiteral("fail");
    case CheckVerdict::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString hpaMetricLabel(const fleet::HpaMetric& metric)
{
    switch (metric.source) {
    case MetricSourceType::Resource:
        return metric.targetType == MetricTargetType::Utilization ? metric.name + QStringLiteral(" utilization")
                                                                  : metric.name;
    case MetricSourceType::ContainerResource:
        return metric.container + QLatin1Char('/') + metric.name
            + (metric.targetType == MetricTargetType::Utilization ? QStringLiteral(" utilization") : QString());
    case MetricSourceType::Pods:
        return QStringLiteral("pods/") + metric.name;
    case MetricSourceType::Object:
        return metric.objectKind.toLower() + QLatin1Char('/') + metric.objectName + QLatin1Char('/') + metric.name;
    case MetricSourceType::External:
        return QStringLiteral("external/") + metric.name;
    case MetricSourceType::Unknown:
        break;
    }
    return metric.name;
}

double hpaMetricTargetValue(const fleet::HpaMetric& metric)
{
    if (metric.averageUtilization >= 0)
        return metric.averageUtilization;
    if (metric.averageValueMilli >= 0)
        return double(metric.averageValueMilli) / 1000.0;
    if (metric.valueMilli >= 0)
        return double(metric.valueMilli) / 1000.0;
    return history::UnknownValue;
}

double hpaMetricCurrentValue(const fleet::HpaMetric& target, const fleet::HpaMetric& current)
{
    // Compared in the unit of the target: a utilization target against the current utilization.
    switch (target.targetType) {
    case MetricTargetType::Utilization:
        return current.averageUtilization >= 0 ? double(current.averageUtilization) : history::UnknownValue;
    case MetricTargetType::AverageValue:
        return current.averageValueMilli >= 0 ? double(current.averageValueMilli) / 1000.0 : history::UnknownValue;
    case MetricTargetType::Value:
        return current.valueMilli >= 0 ? double(current.valueMilli) / 1000.0 : history::UnknownValue;
    case MetricTargetType::Unknown:
        break;
    }
    return hpaMetricTargetValue(current);
}

QString hpaMetricValueText(const fleet::HpaMetric& metric, double value)
{
    if (std::isnan(value))
        return QStringLiteral("?");
    if (metric.targetType == MetricTargetType::Utilization)
        return QString::number(qRound64(value)) + QLatin1Char('%');
    const bool resource = metric.source == MetricSourceType::Resource || metric.source == MetricSourceType::ContainerResource;
    if (resource && metric.name == QLatin1StringView("memory"))
        return formatBytes(qint64(std::llround(value)));
    // Below one, kubectl's milli form ("233m"); above, four significant digits ("188.2").
    const qint64 milli = std::llround(value * 1000);
    if (milli % 1000 != 0 && std::abs(value) < 1)
        return QString::number(milli) + QLatin1Char('m');
    return QString::number(value, std::abs(value) >= 1e6 ? 'g' : 'f', std::abs(value) >= 1e6 ? 4 : (milli % 1000 == 0 ? 0 : 1));
}

double hpaCurrentValue(const fleet::HpaInfo& hpa, const fleet::HpaMetric& target)
{
    const fleet::HpaMetric* current = currentOf(hpa, target);
    return current ? hpaMetricCurrentValue(target, *current) : history::UnknownValue;
}

const DiagnosisStep* HpaDiagnosis::firstFailure() const
{
    for (const DiagnosisStep& step : steps)
        if (step.verdict == CheckVerdict::Fail)
            return &step;
    return nullptr;
}

HpaDiagnosis HpaDiagnosis::of(const fleet::ClusterFacts& cluster, const fleet::StoreContent& store,
    const fleet::HpaInfo& hpa, const HpaActivity& activity, qint64 nowMs, const HpaDiagnosisOptions& options)
{
    return of(cluster, HpaStoreIndex(store), hpa, activity, nowMs, options);
}

HpaDiagnosis HpaDiagnosis::of(const fleet::ClusterFacts& cluster, const HpaStoreIndex& index,
    const fleet::HpaInfo& hpa, const HpaActivity& activity, qint64 nowMs, const HpaDiagnosisOptions& options)
{
    HpaDiagnosis d;
    d.activity = activity;
    // ScalingLimited's transition to TooManyReplicas says since when it is at max, also before the
    // recorded history begins.
    const bool atMax = hpa.maxReplicas > 0 && hpa.currentReplicas >= hpa.maxReplicas;
    if (atMax && hpa.scalingLimited.isTrue() && hpa.scalingLimited.reason == QLatin1StringView("TooManyReplicas")
        && hpa.scalingLimited.lastTransitionTime > 0) {
        const qint64 limitedSince = hpa.scalingLimited.lastTransitionTime * 1000;
        if (d.activity.atMaxSinceMs == 0 || limitedSince < d.activity.atMaxSinceMs)
            d.activity.atMaxSinceMs = limitedSince;
    }
    Walk walk(cluster, index, hpa, nowMs, options);
    walk.run();
    d.steps = std::move(walk.steps);
    d.state = stateOf(d, hpa, options);
    d.cause = causeOf(d, hpa, nowMs);
    return d;
}

} // namespace minato::analysis
