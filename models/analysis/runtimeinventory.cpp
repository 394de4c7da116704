// SPDX-License-Identifier: Apache-2.0
#include "analysis/runtimeinventory.h"

#include "fleet/clusterstore.h"

#include <algorithm>
#include <map>

namespace minato::analysis {

namespace {

    int rank(SupportLevel level)
    {
        switch (level) {
        case SupportLevel::Unsupported:
            return 3;
        case SupportLevel::Warning:
            return 2;
        case SupportLevel::Unknown:
            return 1;
        case SupportLevel::Supported:
            break;
        }
        return 0;
    }

    const PolicyVerdict& worseOf(const PolicyVerdict& a, const PolicyVerdict& b)
    {
        return rank(b.level) > rank(a.level) ? b : a;
    }

    QString selectorText(const fleet::LabelSet& labels)
    {
        QStringList parts;
        for (const fleet::Label& label : labels)
            parts << label.key.toString() + QLatin1Char('=') + label.value.toString();
        return parts.join(QLatin1Char(','));
    }

    RuntimeNode nodeOf(const fleet::NodeInfo& node, const QString& server, QDate today)
    {
        RuntimeNode n;
        n.name = node.meta.name;
        n.runtime = node.runtimeName.toString();
        n.runtimeVersion = node.runtimeVersion;
        n.kubeletVersion = node.kubeletVersion;
        n.kubeProxyVersion = node.kubeProxyVersion;
        n.osImage = node.osImage;
        n.kernelVersion = node.kernelVersion;
        n.architecture = node.architecture.toString();
        n.criSocket = node.criSocket;
        n.ready = node.isReady();
        n.kubelet = kubeletSkew(server, node.kubeletVersion);
        n.kubeProxy = kubeProxySkew(server, node.kubeProxyVersion, node.kubeletVersion);
        n.support = runtimeSupport(n.runtime, n.runtimeVersion, node.kubeletVersion, server, today);
        for (const fleet::NodeProblemCondition& condition : node.otherConditions) {
            if (condition.isTrue())
                n.problems << condition.type.toString();
        }
        return n;
    }

} // namespace

QString runtimeHandlerFamily(QStringView handler)
{
    if (handler == u"runc" || handler.isEmpty())
        return QStringLiteral("runc");
    if (handler == u"crun")
        return QStringLiteral("crun");
    if (handler == u"runsc" || handler.startsWith(u"gvisor"))
        return QStringLiteral("gVisor");
    if (handler.startsWith(u"kata"))
        return QStringLiteral("Kata Containers");
    if (handler.startsWith(u"frakti"))
        return QStringLiteral("frakti");
    if (handler.startsWith(u"nvidia"))
        return QStringLiteral("NVIDIA");
    return handler.toString();
}

bool isSandboxedHandler(QStringView handler)
{
    const QString family = runtimeHandlerFamily(handler);
    return family == QLatin1String("gVisor") || family == QLatin1String("Kata Containers")
        || family == QLatin1String("frakti");
}

PolicyVerdict RuntimeNode::worst() const
{
    PolicyVerdict verdict = worseOf(kubelet, support);
    // kube-proxy's version is deprecated and often empty: unknown there is not a finding.
    if (kubeProxy.level != SupportLevel::Unknown)
        verdict = worseOf(verdict, kubeProxy);
    return verdict;
}

bool ClusterRuntimes::isMixed() const
{
    QStringList runtimes;
    for (const RuntimeNode& node : nodes) {
        if (!node.runtime.isEmpty() && !runtimes.contains(node.runtime))
            runtimes << node.runtime;
    }
    return runtimes.size() > 1;
}

ClusterRuntimes ClusterRuntimes::of(const fleet::ClusterFacts& facts, const fleet::StoreContent& store, QDate today)
{
    ClusterRuntimes c;
    c.cluster = facts.name;
    c.team = facts.team;
    c.environment = facts.environment;
    c.serverVersion = facts.serverVersion.gitVersion;

    // Classes first: each node lists the classes it can run.
    for (const fleet::RuntimeClassInfo& rc : store.runtimeClasses()) {
        RuntimeClassRow row;
        row.name = rc.meta.name;
        row.handler = rc.handler;
        row.family = runtimeHandlerFamily(rc.handler);
        row.nodeSelector = selectorText(rc.nodeSelector);
        row.tolerations = rc.tolerationCount;
        row.overheadCpuMilli = rc.overheadCpuMilli;
        row.overheadMemoryBytes = rc.overheadMemoryBytes;
        c.classes.append(row);
    }
    std::sort(c.classes.begin(), c.classes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });

    const auto classSelector = [&store](const QString& name) -> const fleet::LabelSet* {
        for (const fleet::RuntimeClassInfo& rc : store.runtimeClasses())
            if (rc.meta.name == name)
                return &rc.nodeSelector;
        return nullptr;
    };
    for (const fleet::NodeInfo& node : store.nodes()) {
        RuntimeNode n = nodeOf(node, c.serverVersion, today);
        for (RuntimeClassRow& row : c.classes) {
            const fleet::LabelSet* selector = classSelector(row.name);
            if (selector && node.meta.labels.matches(*selector)) {
                row.nodes << n.name;
                n.runtimeClasses << row.name;
            }
        }
        c.nodes.append(std::move(n));
    }
    std::sort(c.nodes.begin(), c.nodes.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (RuntimeClassRow& row : c.classes)
        row.nodes.sort();

    for (const fleet::PodInfo& pod : store.pods()) {
        const QString className = pod.runtimeClassName().toString();
        if (className.isEmpty()) {
            ++c.podsWithoutClass;
            continue;
        }
        for (RuntimeClassRow& row : c.classes) {
            if (row.name != className)
                continue;
            ++row.pods;
            if (pod.nodeName.isEmpty())
                ++row.pendingPods;
        }
    }
    for (RuntimeClassRow& row : c.classes) {
        if (!row.nodes.isEmpty())
            row.verdict = { SupportLevel::Supported,
                QStringLiteral("%1 node(s) can run handler %2").arg(row.nodes.size()).arg(row.handler) };
        else if (row.pods > 0)
            row.verdict = { SupportLevel::Unsupported,
                QStringLiteral("no node matches nodeSelector %1: %2 pod(s) cannot be scheduled")
                    .arg(row.nodeSelector.isEmpty() ? QStringLiteral("(none)") : row.nodeSelector)
                    .arg(row.pendingPods) };
        else
            row.verdict = { SupportLevel::Warning,
                QStringLiteral("no node matches nodeSelector %1").arg(row.nodeSelector) };
    }

    std::map<std::pair<QString, QString>, RuntimeGroup> groups;
    for (const RuntimeNode& n : c.nodes) {
        RuntimeGroup& g = groups[{ n.runtime, n.runtimeVersion }];
        g.runtime = n.runtime;
        g.runtimeVersion = n.runtimeVersion;
        g.nodes << n.name;
        const PolicyVerdict worst = n.worst();
        if (g.nodes.size() == 1 || rank(worst.level) > rank(g.worst)) {
            g.worst = worst.level;
            g.reason = worst.reason;
        }
    }
    for (auto& [key, group] : groups)
        c.groups.append(std::move(group));
    return c;
}

} // namespace minato::analysis
