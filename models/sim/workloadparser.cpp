// SPDX-License-Identifier: Apache-2.0
#include "sim/workloadparser.h"

#include "sim/quantity.h"

#include <QRegularExpression>
#include <QSet>

#include <tuple>

namespace minato::sim {

namespace {

    bool isDnsLabel(const QString& name)
    {
        static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
        return label.match(name).hasMatch();
    }

    QString item(const QString& path, int index)
    {
        return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
    }

} // namespace

WorkloadParser::WorkloadParser(YamlReader& reader)
    : m_reader(reader)
{ }

void WorkloadParser::parseWorkloads(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull() || !m_reader.expectList(node, path, cluster.line))
        return;
    QSet<QString> seen;
    int index = 0;
    for (const YAML::Node& entry : node) {
        const QString p = item(path, index++);
        if (!m_reader.expectMap(entry, p, YamlReader::lineOf(node)))
            continue;
        WorkloadSpec w = parseWorkload(entry, p);
        const QString key = w.nameSpace + QLatin1Char('/') + w.name;
        if (seen.contains(key))
            m_reader.error(w.line, p + QStringLiteral(": duplicate workload ") + key);
        seen.insert(key);
        cluster.workloads.append(w);
    }
}

WorkloadSpec WorkloadParser::parseWorkload(const YAML::Node& node, const QString& path)
{
    m_reader.checkKeys(node, path,
        { "name", "namespace", "kind", "replicas", "image", "port", "resources", "probes", "volumeClaims", "hostPaths",
            "privileged", "hostNetwork", "service", "serviceName", "servicePort", "runtimeClass", "priorityClassName",
            "labels", "cpuLoad", "churn" });
    WorkloadSpec w;
    w.line = YamlReader::lineOf(node);
    w.name = m_reader.string(node, "name", path, {}, true);
    if (!w.name.isEmpty() && !isDnsLabel(w.name))
        m_reader.error(m_reader.lineOfKey(node, "name"),
            path + QStringLiteral(".name: '") + w.name + QStringLiteral("' is not a valid name"));
    w.nameSpace = m_reader.string(node, "namespace", path, w.nameSpace);
    if (!isDnsLabel(w.nameSpace))
        m_reader.error(m_reader.lineOfKey(node, "namespace"),
            path + QStringLiteral(".namespace: '") + w.nameSpace + QStringLiteral("' is not a valid namespace"));
    w.kind = WorkloadKind(m_reader.choice(node, "kind", path,
        { workloadKindName(WorkloadKind::Deployment), workloadKindName(WorkloadKind::StatefulSet),
            workloadKindName(WorkloadKind::DaemonSet) },
        0));
    w.replicas = m_reader.integer(node, "replicas", path, 1, 0, 10000);
    w.image = m_reader.string(node, "image", path, {}, true);
    w.containerPort = m_reader.integer(node, "port", path, 0, 0, 65535);

    const YAML::Node resources = node["resources"];
    if (YamlReader::has(node, "resources")
        && m_reader.expectMap(resources, path + QStringLiteral(".resources"), w.line)) {
        const QString rp = path + QStringLiteral(".resources");
        m_reader.checkKeys(resources, rp, { "requests", "limits" });
        for (const char* which : { "requests", "limits" }) {
            const YAML::Node list = resources[which];
            if (!YamlReader::has(resources, which))
                continue;
            const QString lp = rp + QLatin1Char('.') + QString::fromLatin1(which);
            if (!m_reader.expectMap(list, lp, w.line))
                continue;
            m_reader.checkKeys(list, lp, { "cpu", "memory" });
            ResourceListSpec& target = QLatin1String(which) == QLatin1String("requests") ? w.requests : w.limits;
            target.cpu = m_reader.quantity(list, "cpu", lp);
            target.memory = m_reader.quantity(list, "memory", lp);
        }
        for (const auto& [request, limit, name] : { std::tuple { w.requests.cpu, w.limits.cpu, "cpu" },
                 std::tuple { w.requests.memory, w.limits.memory, "memory" } }) {
            if (!request.isEmpty() && !limit.isEmpty() && *Quantity::parse(request) > *Quantity::parse(limit))
                m_reader.error(m_reader.lineOfKey(resources, "requests"),
                    rp
                        + QStringLiteral(": the %1 request %2 exceeds its limit %3")
                              .arg(QString::fromLatin1(name), request, limit));
        }
    }

    const YAML::Node probes = node["probes"];
    if (YamlReader::has(node, "probes") && m_reader.expectMap(probes, path + QStringLiteral(".probes"), w.line)) {
        m_reader.checkKeys(probes, path + QStringLiteral(".probes"), { "liveness", "readiness" });
        w.liveness = parseProbe(probes, "liveness", path + QStringLiteral(".probes"));
        w.readiness = parseProbe(probes, "readiness", path + QStringLiteral(".probes"));
    }

    const YAML::Node claims = node["volumeClaims"];
    if (YamlReader::has(node, "volumeClaims")
        && m_reader.expectList(claims, path + QStringLiteral(".volumeClaims"), w.line)) {
        int index = 0;
        for (const YAML::Node& c : claims) {
            const QString cp = item(path + QStringLiteral(".volumeClaims"), index++);
            if (!m_reader.expectMap(c, cp, YamlReader::lineOf(claims)))
                continue;
            m_reader.checkKeys(c, cp, { "name", "size", "storageClass", "accessMode", "mountPath" });
            VolumeClaimSpec claim;
            claim.name = m_reader.string(c, "name", cp, {}, true);
            const QString size = m_reader.quantity(c, "size", cp);
            if (!size.isEmpty())
                claim.size = size;
            claim.storageClass = m_reader.string(c, "storageClass", cp, claim.storageClass);
            const int mode = m_reader.choice(c, "accessMode", cp,
                { QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadOnlyMany"), QStringLiteral("ReadWriteMany"),
                    QStringLiteral("ReadWriteOncePod") },
                0);
            claim.accessMode = QStringList { QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadOnlyMany"),
                QStringLiteral("ReadWriteMany"), QStringLiteral("ReadWriteOncePod") }
                                   .at(mode);
            claim.mountPath = m_reader.string(c, "mountPath", cp, QStringLiteral("/data/") + claim.name);
            w.volumeClaims.append(claim);
        }
    }

    const YAML::Node hostPaths = node["hostPaths"];
    if (YamlReader::has(node, "hostPaths")
        && m_reader.expectList(hostPaths, path + QStringLiteral(".hostPaths"), w.line)) {
        int index = 0;
        for (const YAML::Node& h : hostPaths) {
            const QString hp = item(path + QStringLiteral(".hostPaths"), index++);
            if (h.IsScalar()) {
                const QString p = YamlReader::scalarText(h);
                w.hostPaths.append({ p, p, {} });
                continue;
            }
            if (!m_reader.expectMap(h, hp, YamlReader::lineOf(hostPaths)))
                continue;
            m_reader.checkKeys(h, hp, { "path", "mountPath", "type" });
            HostPathSpec spec;
            spec.path = m_reader.string(h, "path", hp, {}, true);
            spec.mountPath = m_reader.string(h, "mountPath", hp, spec.path);
            spec.type = m_reader.string(h, "type", hp);
            w.hostPaths.append(spec);
        }
    }
    w.privileged = m_reader.boolean(node, "privileged", path, false);
    w.hostNetwork = m_reader.boolean(node, "hostNetwork", path, false);
    w.service = m_reader.boolean(node, "service", path, w.kind != WorkloadKind::DaemonSet && w.containerPort > 0);
    w.serviceName = m_reader.string(node, "serviceName", path);
    w.servicePort = m_reader.integer(node, "servicePort", path, 0, 0, 65535);
    w.runtimeClass = m_reader.string(node, "runtimeClass", path);
    w.churn = m_reader.duration(node, "churn", path, Millis(0));
    if (w.churn.count() < 0 || (w.churn.count() > 0 && w.churn < Millis(10000))) {
        m_reader.error(
            m_reader.lineOfKey(node, "churn"), path + QStringLiteral(".churn: at least 10s (or 0 for none)"));
        w.churn = Millis(0);
    }
    w.priorityClassName = m_reader.string(node, "priorityClassName", path);
    w.labels = m_reader.stringMap(node, "labels", path);
    w.cpuLoad = m_reader.number(node, "cpuLoad", path, w.cpuLoad, 0, 10);
    return w;
}

ProbeSpec WorkloadParser::parseProbe(const YAML::Node& map, const char* key, const QString& path)
{
    ProbeSpec probe;
    const YAML::Node node = map[key];
    const QString p = path + QLatin1Char('.') + QString::fromLatin1(key);
    if (!YamlReader::has(map, key) || !m_reader.expectMap(node, p, YamlReader::lineOf(map)))
        return probe;
    m_reader.checkKeys(node, p, { "httpGet", "tcpSocket", "exec", "port", "initialDelaySeconds", "periodSeconds" });
    const int kinds = int(YamlReader::has(node, "httpGet")) + int(YamlReader::has(node, "tcpSocket"))
        + int(YamlReader::has(node, "exec"));
    if (kinds != 1) {
        m_reader.error(
            YamlReader::lineOf(node), p + QStringLiteral(": give exactly one of httpGet, tcpSocket or exec"));
        return probe;
    }
    if (YamlReader::has(node, "httpGet")) {
        probe.kind = ProbeSpec::Kind::HttpGet;
        probe.path = m_reader.string(node, "httpGet", p);
        probe.port = m_reader.integer(node, "port", p, 0, 0, 65535);
    } else if (YamlReader::has(node, "tcpSocket")) {
        probe.kind = ProbeSpec::Kind::TcpSocket;
        probe.port = m_reader.integer(node, "tcpSocket", p, 0, 1, 65535);
    } else {
        probe.kind = ProbeSpec::Kind::Exec;
        probe.command = m_reader.stringList(node, "exec", p);
    }
    probe.initialDelaySeconds = m_reader.integer(node, "initialDelaySeconds", p, 0, 0, 3600);
    probe.periodSeconds = m_reader.integer(node, "periodSeconds", p, 10, 1, 3600);
    return probe;
}

void WorkloadParser::parseHpas(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull() || !m_reader.expectList(node, path, cluster.line))
        return;
    int index = 0;
    for (const YAML::Node& entry : node) {
        const QString p = item(path, index++);
        if (m_reader.expectMap(entry, p, YamlReader::lineOf(node)))
            cluster.hpas.append(parseHpa(entry, p));
    }
}

HpaSpec WorkloadParser::parseHpa(const YAML::Node& node, const QString& path)
{
    m_reader.checkKeys(
        node, path, { "name", "namespace", "target", "minReplicas", "maxReplicas", "metrics", "behavior", "load" });
    HpaSpec hpa;
    hpa.line = YamlReader::lineOf(node);
    hpa.target = m_reader.string(node, "target", path, {}, true);
    hpa.name = m_reader.string(node, "name", path, hpa.target);
    hpa.nameSpace = m_reader.string(node, "namespace", path);
    hpa.minReplicas = m_reader.integer(node, "minReplicas", path, 1, 1, 10000);
    hpa.maxReplicas = m_reader.integer(node, "maxReplicas", path, 0, 1, 10000, true);
    if (hpa.maxReplicas > 0 && hpa.minReplicas > hpa.maxReplicas)
        m_reader.error(m_reader.lineOfKey(node, "minReplicas"),
            path
                + QStringLiteral(": minReplicas %1 is above maxReplicas %2").arg(hpa.minReplicas).arg(hpa.maxReplicas));

    const YAML::Node metrics = node["metrics"];
    if (YamlReader::has(node, "metrics") && m_reader.expectList(metrics, path + QStringLiteral(".metrics"), hpa.line)) {
        int index = 0;
        for (const YAML::Node& m : metrics) {
            const QString mp = item(path + QStringLiteral(".metrics"), index++);
            if (m_reader.expectMap(m, mp, YamlReader::lineOf(metrics)))
                hpa.metrics.append(parseMetric(m, mp));
        }
    }
    if (hpa.metrics.isEmpty()) { // the API's default: 80% CPU
        MetricSpec cpu;
        cpu.name = QStringLiteral("cpu");
        cpu.target = 80;
        cpu.line = hpa.line;
        hpa.metrics.append(cpu);
    }

    const YAML::Node behavior = node["behavior"];
    if (YamlReader::has(node, "behavior")
        && m_reader.expectMap(behavior, path + QStringLiteral(".behavior"), hpa.line)) {
        m_reader.checkKeys(behavior, path + QStringLiteral(".behavior"), { "scaleUp", "scaleDown" });
        hpa.scaleUp = parseRules(behavior, "scaleUp", path + QStringLiteral(".behavior"));
        hpa.scaleDown = parseRules(behavior, "scaleDown", path + QStringLiteral(".behavior"));
    }
    const YAML::Node load = node["load"];
    if (YamlReader::has(node, "load") && m_reader.expectMap(load, path + QStringLiteral(".load"), hpa.line))
        hpa.load = parseLoad(load, path + QStringLiteral(".load"));
    return hpa;
}

MetricSpec WorkloadParser::parseMetric(const YAML::Node& node, const QString& path)
{
    m_reader.checkKeys(node, path,
        { "resource", "pods", "external", "targetUtilization", "targetAverageValue", "targetValue", "selector",
            "share" });
    MetricSpec metric;
    metric.line = YamlReader::lineOf(node);
    const int sources = int(YamlReader::has(node, "resource")) + int(YamlReader::has(node, "pods"))
        + int(YamlReader::has(node, "external"));
    const int targets = int(YamlReader::has(node, "targetUtilization"))
        + int(YamlReader::has(node, "targetAverageValue")) + int(YamlReader::has(node, "targetValue"));
    if (sources != 1) {
        m_reader.error(metric.line, path + QStringLiteral(": give exactly one of resource, pods or external"));
        return metric;
    }
    if (targets != 1) {
        m_reader.error(metric.line,
            path + QStringLiteral(": give exactly one of targetUtilization, targetAverageValue or targetValue"));
        return metric;
    }
    if (YamlReader::has(node, "resource")) {
        metric.type = MetricSourceType::Resource;
        metric.name = QStringList { QStringLiteral("cpu"), QStringLiteral("memory") }.at(
            m_reader.choice(node, "resource", path, { QStringLiteral("cpu"), QStringLiteral("memory") }, 0));
    } else if (YamlReader::has(node, "pods")) {
        metric.type = MetricSourceType::Pods;
        metric.name = m_reader.string(node, "pods", path);
    } else {
        metric.type = MetricSourceType::External;
        metric.name = m_reader.string(node, "external", path);
    }
    const auto quantityTarget = [&](const char* key) {
        const QString q = m_reader.quantity(node, key, path);
        const double v = q.isEmpty() ? 0 : *Quantity::parse(q);
        if (!q.isEmpty() && v <= 0)
            m_reader.error(m_reader.lineOfKey(node, key),
                path + QLatin1Char('.') + QString::fromLatin1(key) + QStringLiteral(": must be positive"));
        return v;
    };
    if (YamlReader::has(node, "targetUtilization")) {
        metric.targetType = MetricTargetType::Utilization;
        metric.target = m_reader.integer(node, "targetUtilization", path, 80, 1, 10000);
        if (metric.type != MetricSourceType::Resource)
            m_reader.error(m_reader.lineOfKey(node, "targetUtilization"),
                path + QStringLiteral(": targetUtilization applies to resource metrics only; use targetAverageValue"));
    } else if (YamlReader::has(node, "targetAverageValue")) {
        metric.targetType = MetricTargetType::AverageValue;
        metric.target = quantityTarget("targetAverageValue");
    } else {
        metric.targetType = MetricTargetType::Value;
        metric.target = quantityTarget("targetValue");
        if (metric.type != MetricSourceType::External)
            m_reader.error(m_reader.lineOfKey(node, "targetValue"),
                path + QStringLiteral(": targetValue applies to external metrics only; use targetAverageValue"));
    }
    metric.selector = m_reader.stringMap(node, "selector", path);
    if (!metric.selector.isEmpty() && metric.type == MetricSourceType::Resource)
        m_reader.error(
            m_reader.lineOfKey(node, "selector"), path + QStringLiteral(": resource metrics take no selector"));
    metric.share = m_reader.number(node, "share", path, 1.0, 0.0, 100.0);
    return metric;
}

ScalingRulesSpec WorkloadParser::parseRules(const YAML::Node& map, const char* key, const QString& path)
{
    ScalingRulesSpec rules;
    const YAML::Node node = map[key];
    const QString p = path + QLatin1Char('.') + QString::fromLatin1(key);
    if (!YamlReader::has(map, key) || !m_reader.expectMap(node, p, YamlReader::lineOf(map)))
        return rules;
    m_reader.checkKeys(node, p, { "stabilizationWindowSeconds", "selectPolicy", "policies" });
    rules.stabilizationWindowSeconds = m_reader.integer(node, "stabilizationWindowSeconds", p, -1, 0, 3600);
    if (YamlReader::has(node, "selectPolicy"))
        rules.selectPolicy
            = QStringList { QStringLiteral("Max"), QStringLiteral("Min"), QStringLiteral("Disabled") }.at(
                m_reader.choice(node, "selectPolicy", p,
                    { QStringLiteral("Max"), QStringLiteral("Min"), QStringLiteral("Disabled") }, 0));
    const YAML::Node policies = node["policies"];
    if (YamlReader::has(node, "policies") && m_reader.expectList(policies, p + QStringLiteral(".policies"), 0)) {
        int index = 0;
        for (const YAML::Node& entry : policies) {
            const QString pp = item(p + QStringLiteral(".policies"), index++);
            if (!m_reader.expectMap(entry, pp, YamlReader::lineOf(policies)))
                continue;
            m_reader.checkKeys(entry, pp, { "type", "value", "periodSeconds" });
            ScalingPolicySpec policy;
            policy.type = QStringList { QStringLiteral("Pods"), QStringLiteral("Percent") }.at(
                m_reader.choice(entry, "type", pp, { QStringLiteral("Pods"), QStringLiteral("Percent") }, 0));
            policy.value = m_reader.integer(entry, "value", pp, 1, 1, 100000, true);
            policy.periodSeconds = m_reader.integer(entry, "periodSeconds", pp, 15, 1, 1800);
            rules.policies.append(policy);
        }
    }
    return rules;
}

LoadCurve WorkloadParser::parseLoad(const YAML::Node& node, const QString& path)
{
    m_reader.checkKeys(node, path, { "points", "period", "offset", "noise" });
    LoadCurve curve;
    curve.period = m_reader.duration(node, "period", path, Millis(0));
    curve.offset = m_reader.duration(node, "offset", path, Millis(0));
    curve.noise = m_reader.number(node, "noise", path, 0, 0, 1);
    const YAML::Node points = node["points"];
    if (!YamlReader::has(node, "points")) {
        m_reader.error(YamlReader::lineOf(node), path + QStringLiteral(".points: required"));
        return curve;
    }
    if (!m_reader.expectList(points, path + QStringLiteral(".points"), YamlReader::lineOf(node)))
        return curve;
    int index = 0;
    for (const YAML::Node& entry : points) {
        const QString pp = item(path + QStringLiteral(".points"), index++);
        if (!m_reader.expectMap(entry, pp, YamlReader::lineOf(points)))
            continue;
        m_reader.checkKeys(entry, pp, { "at", "demand" });
        LoadPoint point;
        point.at = m_reader.duration(entry, "at", pp, Millis(0), true);
        point.demand = m_reader.number(entry, "demand", pp, 0, 0, 100000, true);
        if (!curve.points.isEmpty() && point.at <= curve.points.last().at)
            m_reader.error(
                YamlReader::lineOf(entry), pp + QStringLiteral(".at: points must be in increasing time order"));
        curve.points.append(point);
    }
    if (curve.period.count() > 0 && !curve.points.isEmpty() && curve.period <= curve.points.last().at)
        m_reader.error(
            m_reader.lineOfKey(node, "period"), path + QStringLiteral(".period: must be after the last point"));
    return curve;
}

void WorkloadParser::parseFaults(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull() || !m_reader.expectList(node, path, cluster.line))
        return;
    int index = 0;
    for (const YAML::Node& entry : node) {
        const QString p = item(path, index++);
        if (m_reader.expectMap(entry, p, YamlReader::lineOf(node)))
            cluster.faults.append(parseFault(entry, p));
    }
}

FaultSpec WorkloadParser::parseFault(const YAML::Node& node, const QString& path)
{
    m_reader.checkKeys(node, path,
        { "type", "at", "duration", "repeat", "node", "workload", "namespace", "pods", "resources", "latencyMs",
            "retryAfterSeconds", "message", "peer", "reason" });
    FaultSpec fault;
    fault.line = YamlReader::lineOf(node);
    QStringList names;
    for (const FaultType t : allFaultTypes())
        names.append(faultTypeName(t));
    if (!YamlReader::has(node, "type"))
        m_reader.error(fault.line,
            path + QStringLiteral(".type: required (one of: ") + names.join(QStringLiteral(", ")) + QLatin1Char(')'));
    fault.type = allFaultTypes().at(m_reader.choice(node, "type", path, names, 0));
    fault.at = m_reader.duration(node, "at", path, Millis(0));
    fault.duration = m_reader.duration(node, "duration", path, Millis(-1));
    fault.repeat = m_reader.duration(node, "repeat", path, Millis(0));
    if (fault.repeat.count() > 0 && (fault.duration.count() < 0 || fault.duration >= fault.repeat))
        m_reader.error(m_reader.lineOfKey(node, "repeat"),
            path + QStringLiteral(".repeat: needs a duration shorter than the repeat period"));
    fault.node = m_reader.string(node, "node", path);
    fault.workload = m_reader.string(node, "workload", path);
    fault.nameSpace = m_reader.string(node, "namespace", path);
    fault.pods = m_reader.integer(node, "pods", path, 1, 0, 100000);
    fault.resources = m_reader.stringList(node, "resources", path);
    fault.latencyMs = m_reader.integer(node, "latencyMs", path, 0, 0, 600000);
    fault.retryAfterSeconds = m_reader.integer(node, "retryAfterSeconds", path, 1, 1, 3600);
    fault.message = m_reader.string(node, "message", path);
    fault.peer = m_reader.string(node, "peer", path);
    fault.reason = m_reader.string(node, "reason", path);
    return fault;
}

} // namespace minato::sim
