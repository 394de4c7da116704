// SPDX-License-Identifier: Apache-2.0
#include "sim/scenarioparser.h"

#include "sim/cidr.h"
#include "sim/networkparser.h"
#include "sim/systemworkloads.h"
#include "sim/workloadparser.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace minato::sim {

namespace {

    QString at(const QString& path, const char* key, int index = -1)
    {
        QString p = path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QString::fromLatin1(key);
        if (index >= 0)
            p += QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
        return p;
    }

    bool isDnsLabel(const QString& name)
    {
        static const QRegularExpression label(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"));
        return label.match(name).hasMatch();
    }

    QString nodeName(const QString& cluster, const NodeGroupSpec& group, int index)
    {
        return cluster + QLatin1Char('-') + group.name + QLatin1Char('-')
            + QStringLiteral("%1").arg(index + 1, 2, 10, QLatin1Char('0'));
    }

    QList<YAML::Node> toList(const std::vector<YAML::Node>& nodes)
    {
        return QList<YAML::Node>(nodes.begin(), nodes.end());
    }

} // namespace

ScenarioParser::ScenarioParser(QString fileName)
    : m_reader(fileName)
    , m_baseDir(QFileInfo(fileName).absolutePath())
{ }

QString ScenarioParser::resourceFor(const QString& apiVersion, const QString& kind)
{
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    QString plural;
    if (kind == QLatin1String("Endpoints"))
        plural = QStringLiteral("endpoints");
    else if (kind == QLatin1String("PodMetrics"))
        plural = QStringLiteral("pods");
    else if (kind == QLatin1String("NodeMetrics"))
        plural = QStringLiteral("nodes");
    else {
        // The apiserver's default pluralisation (k8s.io/apimachinery meta.UnsafeGuessKindToResource).
        const QString lower = kind.toLower();
        if (lower.endsWith(QLatin1Char('s')) || lower.endsWith(QLatin1Char('x')) || lower.endsWith(QLatin1String("ch"))
            || lower.endsWith(QLatin1String("sh")))
            plural = lower + QStringLiteral("es");
        else if (lower.endsWith(QLatin1Char('y')) && lower.size() > 1
            && !QStringLiteral("aeiou").contains(lower.at(lower.size() - 2)))
            plural = lower.chopped(1) + QStringLiteral("ies");
        else
            plural = lower + QLatin1Char('s');
    }
    return group.isEmpty() ? plural : plural + QLatin1Char('.') + group;
}

Scenario ScenarioParser::parse(const QByteArray& yaml)
{
    Scenario scenario;
    scenario.fileName = m_reader.fileName();
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception& e) {
        m_reader.error(e.mark.line < 0 ? 0 : e.mark.line + 1,
            QStringLiteral("YAML syntax error: ") + QString::fromStdString(e.msg));
        return scenario;
    }
    if (!m_reader.expectMap(root, QStringLiteral("scenario"), 1))
        return scenario;
    m_reader.checkKeys(root, QStringLiteral("scenario"), { "name", "description", "seed", "clusters" });
    scenario.name = m_reader.string(root, "name", {}, QFileInfo(m_reader.fileName()).baseName());
    scenario.description = m_reader.string(root, "description", {});
    scenario.seed = quint64(m_reader.integer64(root, "seed", {}, 1, 0, std::numeric_limits<qint64>::max()));

    const YAML::Node clusters = root["clusters"];
    if (!clusters.IsDefined() || clusters.IsNull()) {
        m_reader.error(1, QStringLiteral("clusters: required (a list of clusters)"));
        return scenario;
    }
    if (!m_reader.expectList(clusters, QStringLiteral("clusters"), 1))
        return scenario;
    QHash<QString, int> seen;
    int index = 0;
    for (const YAML::Node& node : clusters) {
        const QString path = at({}, "clusters", index++);
        if (!m_reader.expectMap(node, path, YamlReader::lineOf(clusters)))
            continue;
        ClusterSpec cluster;
        parseCluster(node, path, cluster);
        if (!cluster.name.isEmpty()) {
            if (seen.contains(cluster.name))
                m_reader.error(cluster.line,
                    path + QStringLiteral(".name: duplicate cluster name '") + cluster.name
                        + QStringLiteral("' (first defined on line %1)").arg(seen.value(cluster.name)));
            seen.insert(cluster.name, cluster.line);
        }
        scenario.clusters.append(cluster);
    }
    if (scenario.clusters.isEmpty() && m_reader.errors().isEmpty())
        m_reader.error(YamlReader::lineOf(clusters), QStringLiteral("clusters: the scenario has no clusters"));
    return scenario;
}

void ScenarioParser::parseCluster(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    m_reader.checkKeys(node, path,
        { "name", "team", "environment", "kubernetesVersion", "region", "labels", "serviceCidr", "metricsServer",
            "customMetricsAdapter", "externalMetricsAdapter", "systemWorkloads", "nodeProblemDetector", "nodes", "cni",
            "runtimeClasses", "workloads", "hpas", "faults", "objects" });
    cluster.line = YamlReader::lineOf(node);
    cluster.name = m_reader.string(node, "name", path, {}, true);
    if (!cluster.name.isEmpty() && !isDnsLabel(cluster.name))
        m_reader.error(m_reader.lineOfKey(node, "name"),
            path + QStringLiteral(".name: '") + cluster.name
                + QStringLiteral("' is not a valid name (lowercase letters, digits and '-', at most 63)"));
    const QString where = cluster.name.isEmpty() ? path : QStringLiteral("cluster ") + cluster.name;
    cluster.team = m_reader.string(node, "team", where, {}, true);
    cluster.environment = m_reader.string(node, "environment", where, {}, true);
    cluster.kubernetesVersion = m_reader.string(node, "kubernetesVersion", where, {}, true);
    static const QRegularExpression version(QStringLiteral("^v?1\\.(\\d+)(\\.\\d+)?([-+][0-9A-Za-z.+-]*)?$"));
    if (!cluster.kubernetesVersion.isEmpty()) {
        if (!version.match(cluster.kubernetesVersion).hasMatch())
            m_reader.error(m_reader.lineOfKey(node, "kubernetesVersion"),
                where + QStringLiteral(".kubernetesVersion: expected a version such as v1.29.4, got '")
                    + cluster.kubernetesVersion + QLatin1Char('\''));
        else if (!cluster.kubernetesVersion.startsWith(QLatin1Char('v')))
            cluster.kubernetesVersion.prepend(QLatin1Char('v'));
        if (cluster.kubernetesVersion.count(QLatin1Char('.')) == 1)
            cluster.kubernetesVersion += QStringLiteral(".0");
    }
    cluster.region = m_reader.string(node, "region", where);
    cluster.labels = m_reader.stringMap(node, "labels", where);
    cluster.serviceCidr = m_reader.cidr(node, "serviceCidr", where, cluster.serviceCidr);
    cluster.metricsServer = m_reader.boolean(node, "metricsServer", where, true);
    cluster.customMetricsAdapter = m_reader.boolean(node, "customMetricsAdapter", where, false);
    cluster.externalMetricsAdapter = m_reader.boolean(node, "externalMetricsAdapter", where, false);
    cluster.systemWorkloads = m_reader.boolean(node, "systemWorkloads", where, true);
    cluster.nodeProblemDetector = m_reader.boolean(node, "nodeProblemDetector", where, false);

    parseNodeGroups(node["nodes"], where + QStringLiteral(".nodes"), cluster);
    NetworkParser(m_reader).parseCni(node["cni"], where + QStringLiteral(".cni"), cluster);
    parseRuntimeClasses(node["runtimeClasses"], where + QStringLiteral(".runtimeClasses"), cluster);
    WorkloadParser workloads(m_reader);
    workloads.parseWorkloads(node["workloads"], where + QStringLiteral(".workloads"), cluster);
    workloads.parseHpas(node["hpas"], where + QStringLiteral(".hpas"), cluster);
    workloads.parseFaults(node["faults"], where + QStringLiteral(".faults"), cluster);
    parseObjects(node["objects"], where + QStringLiteral(".objects"), cluster);
    validateReferences(cluster);
}

void ScenarioParser::parseNodeGroups(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull()) {
        NodeGroupSpec workers;
        workers.name = QStringLiteral("worker");
        workers.count = 3;
        workers.line = cluster.line;
        cluster.nodeGroups.append(workers);
        return;
    }
    if (node.IsMap()) { // a single group
        cluster.nodeGroups.append(parseNodeGroup(node, path, QStringLiteral("worker")));
    } else if (m_reader.expectList(node, path, cluster.line)) {
        int index = 0;
        for (const YAML::Node& item : node) {
            const QString p = path + QStringLiteral("[%1]").arg(index++);
            if (m_reader.expectMap(item, p, YamlReader::lineOf(node)))
                cluster.nodeGroups.append(parseNodeGroup(item, p, {}));
        }
    }
    QSet<QString> names;
    for (const NodeGroupSpec& group : std::as_const(cluster.nodeGroups)) {
        if (names.contains(group.name))
            m_reader.error(
                group.line, path + QStringLiteral(": duplicate node group '") + group.name + QLatin1Char('\''));
        names.insert(group.name);
    }
    if (cluster.nodeCount() == 0 && !cluster.nodeGroups.isEmpty())
        m_reader.error(YamlReader::lineOf(node), path + QStringLiteral(": the cluster needs at least one node"));
}

NodeGroupSpec ScenarioParser::parseNodeGroup(const YAML::Node& node, const QString& path, const QString& defaultName)
{
    m_reader.checkKeys(node, path,
        { "name", "count", "controlPlane", "zones", "racks", "subnets", "kubeletVersion", "runtime", "runtimeVersion",
            "runtimeHandlers", "osImage", "kernelVersion", "architecture", "cpu", "memory", "maxPods", "routeReflector",
            "labels", "nodeProblemDetector", "startLatency" });
    NodeGroupSpec group;
    group.line = YamlReader::lineOf(node);
    group.name = m_reader.string(node, "name", path, defaultName, defaultName.isEmpty());
    if (!group.name.isEmpty() && !isDnsLabel(group.name))
        m_reader.error(m_reader.lineOfKey(node, "name"),
            path + QStringLiteral(".name: '") + group.name + QStringLiteral("' is not a valid name"));
    group.count = m_reader.integer(node, "count", path, 1, 0, 5000);
    group.controlPlane = m_reader.boolean(node, "controlPlane", path, false);
    group.zones = m_reader.stringList(node, "zones", path);
    group.racks = m_reader.stringList(node, "racks", path);
    group.subnets = m_reader.stringList(node, "subnets", path);
    for (const QString& subnet : std::as_const(group.subnets)) {
        QString problem;
        if (!Cidr::parse(subnet, &problem))
            m_reader.error(m_reader.lineOfKey(node, "subnets"), path + QStringLiteral(".subnets: ") + problem);
        else if (Cidr::parse(subnet)->prefix() > 30)
            m_reader.error(m_reader.lineOfKey(node, "subnets"),
                path + QStringLiteral(".subnets: '") + subnet + QStringLiteral("' is too small for nodes"));
    }
    group.kubeletVersion = m_reader.string(node, "kubeletVersion", path);
    if (!group.kubeletVersion.isEmpty() && !group.kubeletVersion.startsWith(QLatin1Char('v')))
        group.kubeletVersion.prepend(QLatin1Char('v'));
    group.runtime = ContainerRuntime(m_reader.choice(node, "runtime", path,
        { runtimeName(ContainerRuntime::Containerd), runtimeName(ContainerRuntime::CriO),
            runtimeName(ContainerRuntime::Docker) },
        0));
    group.runtimeVersion = m_reader.string(node, "runtimeVersion", path);
    group.runtimeHandlers = m_reader.stringList(node, "runtimeHandlers", path);
    group.osImage = m_reader.string(node, "osImage", path);
    group.kernelVersion = m_reader.string(node, "kernelVersion", path);
    group.architecture
        = m_reader.choice(node, "architecture", path, { QStringLiteral("amd64"), QStringLiteral("arm64") }, 0) == 0
        ? QStringLiteral("amd64")
        : QStringLiteral("arm64");
    group.cpu = m_reader.integer(node, "cpu", path, group.cpu, 1, 1024);
    const QString memory = m_reader.quantity(node, "memory", path);
    if (!memory.isEmpty())
        group.memory = memory;
    group.maxPods = m_reader.integer(node, "maxPods", path, group.maxPods, 1, 1000);
    group.routeReflector = m_reader.boolean(node, "routeReflector", path, false);
    group.labels = m_reader.stringMap(node, "labels", path);
    if (YamlReader::has(node, "nodeProblemDetector"))
        group.nodeProblemDetector = m_reader.boolean(node, "nodeProblemDetector", path, false);
    group.startLatency = parseStartLatency(node, path);
    return group;
}

StartLatencySpec ScenarioParser::parseStartLatency(const YAML::Node& map, const QString& path)
{
    StartLatencySpec latency;
    if (!YamlReader::has(map, "startLatency"))
        return latency;
    const YAML::Node node = map["startLatency"];
    const QString p = path + QStringLiteral(".startLatency");
    const YAML::Node* source = &map;
    const char* medianKey = "startLatency";
    if (node.IsMap()) {
        m_reader.checkKeys(node, p, { "median", "sigma" });
        latency.sigma = m_reader.number(node, "sigma", p, -1, 0, 2);
        source = &node;
        medianKey = "median";
    }
    const qsizetype problems = m_reader.errors().size();
    latency.median = m_reader.duration(*source, medianKey, node.IsMap() ? p : path, Millis(0), true);
    if (m_reader.errors().size() == problems && (latency.median.count() <= 0 || latency.median > Millis(600000)))
        m_reader.error(
            YamlReader::lineOf(node), p + QStringLiteral(": the median must be more than 0 and at most 10m"));
    if (m_reader.errors().size() != problems)
        latency = {};
    return latency;
}

void ScenarioParser::parseRuntimeClasses(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull() || !m_reader.expectList(node, path, cluster.line))
        return;
    int index = 0;
    for (const YAML::Node& item : node) {
        const QString p = path + QStringLiteral("[%1]").arg(index++);
        if (!m_reader.expectMap(item, p, YamlReader::lineOf(node)))
            continue;
        m_reader.checkKeys(item, p, { "name", "handler", "overhead", "nodeSelector", "startLatency" });
        RuntimeClassSpec rc;
        rc.line = YamlReader::lineOf(item);
        rc.name = m_reader.string(item, "name", p, {}, true);
        rc.handler = m_reader.string(item, "handler", p, rc.name);
        if (!rc.handler.isEmpty() && !isDnsLabel(rc.handler))
            m_reader.error(m_reader.lineOfKey(item, "handler"),
                p + QStringLiteral(".handler: '") + rc.handler + QStringLiteral("' is not a DNS label"));
        const YAML::Node overhead = item["overhead"];
        if (YamlReader::has(item, "overhead")
            && m_reader.expectMap(overhead, p + QStringLiteral(".overhead"), rc.line)) {
            m_reader.checkKeys(overhead, p + QStringLiteral(".overhead"), { "cpu", "memory" });
            rc.overhead.cpu = m_reader.quantity(overhead, "cpu", p + QStringLiteral(".overhead"));
            rc.overhead.memory = m_reader.quantity(overhead, "memory", p + QStringLiteral(".overhead"));
        }
        rc.nodeSelector = m_reader.stringMap(item, "nodeSelector", p);
        rc.startLatency = parseStartLatency(item, p);
        cluster.runtimeClasses.append(rc);
    }
}

void ScenarioParser::parseObjects(const YAML::Node& node, const QString& path, ClusterSpec& cluster)
{
    if (!node.IsDefined() || node.IsNull() || !m_reader.expectList(node, path, cluster.line))
        return;
    int index = 0;
    for (const YAML::Node& item : node) {
        const QString p = path + QStringLiteral("[%1]").arg(index++);
        const int line = YamlReader::lineOf(item);
        if (item.IsScalar()) { // YAML or JSON text, possibly several documents
            try {
                addDocuments(toList(YAML::LoadAll(item.Scalar())), m_reader.fileName(), line, {}, cluster);
            } catch (const YAML::Exception& e) {
                m_reader.error(line + std::max(0, e.mark.line),
                    p + QStringLiteral(": YAML/JSON syntax error: ") + QString::fromStdString(e.msg));
            }
            continue;
        }
        if (!m_reader.expectMap(item, p, line))
            continue;
        if (YamlReader::has(item, "apiVersion") || YamlReader::has(item, "kind")) {
            addDocuments({ item }, m_reader.fileName(), 0, {}, cluster);
            continue;
        }
        m_reader.checkKeys(item, p, { "file", "resource", "object" });
        const QString resource = m_reader.string(item, "resource", p);
        if (YamlReader::has(item, "object")) {
            addDocuments({ item["object"] }, m_reader.fileName(), 0, resource, cluster);
        } else if (YamlReader::has(item, "file")) {
            const QString file = m_reader.string(item, "file", p);
            const QString full = QDir(m_baseDir).filePath(file);
            QFile f(full);
            if (!f.open(QIODevice::ReadOnly)) {
                m_reader.error(m_reader.lineOfKey(item, "file"),
                    p + QStringLiteral(".file: cannot read '") + file + QStringLiteral("': ") + f.errorString());
                continue;
            }
            try {
                addDocuments(toList(YAML::LoadAll(f.readAll().toStdString())), full, 0, resource, cluster);
            } catch (const YAML::Exception& e) {
                m_reader.error(m_reader.lineOfKey(item, "file"),
                    p + QStringLiteral(".file: ") + full + QLatin1Char(':') + QString::number(e.mark.line + 1)
                        + QStringLiteral(": syntax error: ") + QString::fromStdString(e.msg));
            }
        } else {
            m_reader.error(line,
                p + QStringLiteral(": expected an object (apiVersion, kind, metadata …), a YAML/JSON text, or file:"));
        }
    }
    resolveCustomResources(cluster);
}

void ScenarioParser::addDocuments(const QList<YAML::Node>& documents, const QString& origin, int baseLine,
    const QString& resourceOverride, ClusterSpec& cluster)
{
    for (const YAML::Node& doc : documents) {
        if (!doc.IsDefined() || doc.IsNull())
            continue; // "---" separators leave empty documents
        const int line = baseLine + YamlReader::lineOf(doc);
        const auto report = [&](const QString& what) {
            if (origin == m_reader.fileName())
                m_reader.error(line, QStringLiteral("cluster ") + cluster.name + QStringLiteral(".objects: ") + what);
            else
                m_reader.error(origin, YamlReader::lineOf(doc), what);
        };
        if (!doc.IsMap()) {
            report(QStringLiteral("a Kubernetes object must be a mapping"));
            continue;
        }
        const QJsonObject object = YamlReader::toJson(doc).toObject();
        const QString apiVersion = object.value(QLatin1String("apiVersion")).toString();
        const QString kind = object.value(QLatin1String("kind")).toString();
        const QString name = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            report(QStringLiteral("a Kubernetes object needs apiVersion, kind and metadata.name"));
            continue;
        }
        if (kind.endsWith(QLatin1String("List"))) {
            const QJsonArray items = object.value(QLatin1String("items")).toArray();
            for (const QJsonValue& item : items) {
                const QJsonObject o = item.toObject();
                cluster.objects.append({ resourceFor(o.value(QLatin1String("apiVersion")).toString(),
                                             o.value(QLatin1String("kind")).toString()),
                    o, line });
            }
            continue;
        }
        cluster.objects.append(
            { resourceOverride.isEmpty() ? resourceFor(apiVersion, kind) : resourceOverride, object, line });
    }
}

void ScenarioParser::resolveCustomResources(ClusterSpec& cluster)
{
    // A custom resource is served under the plural its CRD declares, which may not be the guess.
    QHash<QString, QString> plurals; // "group/Kind" -> "plural.group"
    for (const LiteralObject& o : std::as_const(cluster.objects)) {
        if (o.object.value(QLatin1String("kind")).toString() != QLatin1String("CustomResourceDefinition"))
            continue;
        const QJsonObject spec = o.object.value(QLatin1String("spec")).toObject();
        const QString group = spec.value(QLatin1String("group")).toString();
        const QJsonObject names = spec.value(QLatin1String("names")).toObject();
        const QString kind = names.value(QLatin1String("kind")).toString();
        const QString plural = names.value(QLatin1String("plural")).toString();
        if (!group.isEmpty() && !kind.isEmpty() && !plural.isEmpty())
            plurals.insert(group + QLatin1Char('/') + kind, plural + QLatin1Char('.') + group);
    }
    if (plurals.isEmpty())
        return;
    for (LiteralObject& o : cluster.objects) {
        const QString apiVersion = o.object.value(QLatin1String("apiVersion")).toString();
        const QString key = apiVersion.section(QLatin1Char('/'), 0, 0) + QLatin1Char('/')
            + o.object.value(QLatin1String("kind")).toString();
        if (plurals.contains(key))
            o.resource = plurals.value(key);
    }
}

void ScenarioParser::validateReferences(ClusterSpec& cluster)
{
    const QString where = QStringLiteral("cluster ") + cluster.name;
    QSet<QString> runtimeClasses;
    for (const RuntimeClassSpec& rc : std::as_const(cluster.runtimeClasses))
        runtimeClasses.insert(rc.name);

    // Faults and HPAs may name the scenario's workloads and the system Deployments alike.
    QList<WorkloadSpec> all = cluster.workloads;
    all += SystemWorkloads::forCluster(cluster);
    const auto resolve
        = [&](const QString& name, QString& nameSpace, int line, const QString& what) -> const WorkloadSpec* {
        const WorkloadSpec* found = nullptr;
        int matches = 0;
        for (const WorkloadSpec& w : std::as_const(all)) {
            if (w.name == name && (nameSpace.isEmpty() || w.nameSpace == nameSpace)) {
                found = &w;
                ++matches;
            }
        }
        if (matches == 0) {
            m_reader.error(line,
                what + QStringLiteral(": no workload '") + name + QLatin1Char('\'')
                    + (nameSpace.isEmpty() ? QString() : QStringLiteral(" in namespace ") + nameSpace)
                    + QStringLiteral(" in cluster ") + cluster.name);
            return nullptr;
        }
        if (matches > 1) {
            m_reader.error(line,
                what + QStringLiteral(": '") + name + QStringLiteral("' exists in several namespaces; add namespace:"));
            return nullptr;
        }
        nameSpace = found->nameSpace;
        return found;
    };

    for (const WorkloadSpec& w : std::as_const(cluster.workloads)) {
        if (!w.runtimeClass.isEmpty() && !runtimeClasses.contains(w.runtimeClass))
            m_reader.error(w.line,
                where + QStringLiteral(".workloads ") + w.name + QStringLiteral(": runtimeClass '") + w.runtimeClass
                    + QStringLiteral("' is not declared in runtimeClasses"));
    }

    QSet<QString> targets;
    for (HpaSpec& hpa : cluster.hpas) {
        const QString what = where + QStringLiteral(".hpas ") + hpa.name;
        const WorkloadSpec* target = resolve(hpa.target, hpa.nameSpace, hpa.line, what);
        if (!target)
            continue;
        if (target->kind == WorkloadKind::DaemonSet)
            m_reader.error(hpa.line, what + QStringLiteral(": a DaemonSet cannot be scaled by an HPA"));
        const QString key = hpa.nameSpace + QLatin1Char('/') + hpa.target;
        if (targets.contains(key))
            m_reader.error(hpa.line, what + QStringLiteral(": another HPA already targets ") + key);
        targets.insert(key);
        if (hpa.name.isEmpty())
            hpa.name = hpa.target;
    }

    QStringList nodeNames;
    QSet<QString> npdNodes; // the nodes node-problem-detector runs on
    for (const NodeGroupSpec& group : std::as_const(cluster.nodeGroups))
        for (int i = 0; i < group.count; ++i) {
            nodeNames.append(nodeName(cluster.name, group, i));
            if (group.nodeProblemDetector.value_or(cluster.nodeProblemDetector))
                npdNodes.insert(nodeNames.last());
        }
    const auto resolveNode = [&](FaultSpec& fault, const QString& what) {
        if (fault.node.isEmpty()) {
            m_reader.error(fault.line, what + QStringLiteral(": node: required"));
            return false;
        }
        const QString full = nodeNames.contains(fault.node) ? fault.node : cluster.name + QLatin1Char('-') + fault.node;
        if (!nodeNames.contains(full)) {
            m_reader.error(fault.line,
                what + QStringLiteral(": no node '") + fault.node + QStringLiteral("' (nodes are named ")
                    + (nodeNames.isEmpty() ? QString() : nodeNames.first()) + QStringLiteral(" …)"));
            return false;
        }
        fault.node = full;
        return true;
    };

    for (const WorkloadSpec& w : std::as_const(cluster.workloads)) {
        if (w.churn.count() > 0 && w.kind == WorkloadKind::DaemonSet)
            m_reader.error(w.line,
                where + QStringLiteral(".workloads ") + w.name
                    + QStringLiteral(": churn: a DaemonSet's pods are not replaced; use a Deployment or StatefulSet"));
    }

    for (FaultSpec& fault : cluster.faults) {
        const QString what = where + QStringLiteral(".faults ") + faultTypeName(fault.type);
        switch (fault.type) {
        case FaultType::NodeNotReady:
        case FaultType::NodeMemoryPressure:
        case FaultType::NodeDiskPressure:
        case FaultType::NodePIDPressure:
            resolveNode(fault, what);
            break;
        case FaultType::ContainerRuntimeUnhealthy:
            // The condition is node-problem-detector's: without it nobody reports it.
            if (resolveNode(fault, what) && !npdNodes.contains(fault.node))
                m_reader.error(fault.line,
                    what + QStringLiteral(": node-problem-detector does not run on ") + fault.node
                        + QStringLiteral(" (set nodeProblemDetector: true on the cluster or its node group)"));
            break;
        case FaultType::CrashLoopBackOff:
        case FaultType::ImagePullBackOff:
        case FaultType::CreateContainerError:
        case FaultType::RunContainerError:
        case FaultType::OOMKilled:
            if (fault.workload.isEmpty())
                m_reader.error(fault.line, what + QStringLiteral(": workload: required"));
            else
                resolve(fault.workload, fault.nameSpace, fault.line, what);
            break;
        case FaultType::MetricsApiUnavailable:
            if (!cluster.metricsServer)
                m_reader.error(
                    fault.line, what + QStringLiteral(": the cluster has no metrics-server (metricsServer: false)"));
            break;
        case FaultType::CustomMetricsAdapterMissing:
            if (!cluster.customMetricsAdapter && !cluster.externalMetricsAdapter)
                m_reader.error(fault.line,
                    what + QStringLiteral(": the cluster has no custom or external metrics adapter to lose"));
            break;
        case FaultType::Forbidden:
            if (fault.resources.isEmpty())
                m_reader.error(fault.line, what + QStringLiteral(": resources: required (e.g. [secrets, pods])"));
            break;
        case FaultType::SlowResponses:
            if (fault.latencyMs <= 0)
                m_reader.error(fault.line, what + QStringLiteral(": latencyMs: required and positive"));
            break;
        case FaultType::BgpPeerDown: {
            bool known = false;
            for (const BgpPeerSpec& peer : std::as_const(cluster.cni.calico.peers))
                known = known || (peer.name == fault.peer && !peer.peerIP.isEmpty());
            if (cluster.cni.plugin != CniPlugin::Calico || !known)
                m_reader.error(fault.line,
                    what + QStringLiteral(": peer: the name of one of the cluster's Calico peers with a peerIP"));
            break;
        }
        case FaultType::Unreachable:
        case FaultType::TokenRevoked:
        case FaultType::Throttled:
            break;
        }
    }
}

} // namespace minato::sim
