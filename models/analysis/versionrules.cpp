// SPDX-License-Identifier: Apache-2.0
#include "analysis/versionrules.h"

#include "analysis/ruleinput.h"
#include "analysis/runtimeinventory.h"
#include "analysis/runtimepolicy.h"
#include "fleet/clusterstore.h"

#include <map>

namespace minato::analysis {

namespace {

    constexpr int DockershimRemovedMinor = 24;

    void skewRule(RuleInput& input, const fleet::NodeInfo& node)
    {
        const ServerVersion& version = input.cluster.serverVersion;
        const QString server
            = version.gitVersion.isEmpty() ? QStringLiteral("v1.") + QString::number(version.minor) : version.gitVersion;
        const PolicyVerdict verdict = kubeletSkew(server, node.kubeletVersion);
        if (!verdict.isProblem())
            return;
        const DottedVersion kubelet = DottedVersion::parse(node.kubeletVersion);
        const int skew = version.minor - kubelet.minor;
        QString title;
        if (skew < 0)
            title = QStringLiteral("Kubelet %1 is newer than the API server %2");
        else if (verdict.level == SupportLevel::Unsupported)
            title = QStringLiteral("Kubelet %1 is too old for the API server %2 (unsupported skew)");
        else
            title = QStringLiteral("Kubelet %1 is at the oldest supported for the API server %2: upgrade nodes first");
        Finding& f = input.add(verdict.level == SupportLevel::Unsupported ? Severity::Critical : Severity::Warning,
            QStringLiteral("version.kubelet-skew"), QStringLiteral("Node"), node.meta,
            title.arg(node.kubeletVersion, server), 0);
        f.evidence = { { QStringLiteral("kubeletVersion"), node.kubeletVersion },
            { QStringLiteral("apiserverVersion"), server }, { QStringLiteral("skew"), QString::number(skew) },
            { QStringLiteral("allowed"), QString::number(maxKubeletSkew(version.minor)) } };
    }

    void dockerRule(RuleInput& input, const fleet::NodeInfo& node, int clusterMinor)
    {
        const bool docker = node.containerRuntimeVersion.startsWith(QLatin1StringView("docker://"))
            || node.runtimeName == QLatin1StringView("docker");
        if (!docker)
            return;
        // Without a server version, the node's own kubelet says which side of 1.24 it is on.
        const int minor = clusterMinor >= 0 ? clusterMinor : kubernetesMinor(node.kubeletVersion);
        const bool removed = minor >= DockershimRemovedMinor;
        Finding& f = input.add(removed ? Severity::Critical : Severity::Warning, QStringLiteral("runtime.dockershim"),
            QStringLiteral("Node"), node.meta,
            removed ? QStringLiteral(
                "Docker runtime on Kubernetes 1.24+: dockershim is removed, migrate to containerd or CRI-O")
                    : QStringLiteral("Docker runtime: must migrate before upgrading to 1.24"),
            0);
        f.evidence = { { QStringLiteral("containerRuntimeVersion"), node.containerRuntimeVersion },
            { QStringLiteral("kubeletVersion"), node.kubeletVersion } };
        if (clusterMinor >= 0)
            f.evidence.append({ QStringLiteral("apiserverVersion"),
                input.cluster.serverVersion.gitVersion.isEmpty() ? QStringLiteral("v1.") + QString::number(clusterMinor)
                                                                 : input.cluster.serverVersion.gitVersion });
    }

    // One finding per runtime minor whose policy says no (docker has its own rule above): a
    // fleet's nodes share versions, and fifty findings for one containerd release help no one.
    void supportRule(RuleInput& input, const ClusterRuntimes& runtimes)
    {
        struct Group
        {
            QStringList nodes;
            PolicyVerdict verdict;
            QString version;
        };
        std::map<QString, Group> groups;
        for (const RuntimeNode& node : runtimes.nodes) {
            if (node.runtime == QLatin1StringView("docker") || !node.support.isProblem())
                continue;
            const DottedVersion v = DottedVersion::parse(node.runtimeVersion);
            Group& g = groups[node.runtime + u' ' + v.text().section(u'.', 0, 1) + u' ' + node.support.reason];
            g.nodes << node.name;
            g.verdict = node.support;
            g.version = node.runtime + u' ' + node.runtimeVersion;
        }
        for (const auto& [key, g] : groups) {
            Finding& f = input.add(g.verdict.level == SupportLevel::Unsupported ? Severity::Warning : Severity::Info,
                QStringLiteral("runtime.support"), QStringLiteral("Cluster"), QString(), input.cluster.name,
                QStringLiteral("%1 node(s): %2").arg(g.nodes.size()).arg(g.verdict.reason), 0);
            f.evidence = { { QStringLiteral("runtime"), g.version }, { QStringLiteral("nodes"), g.nodes.join(u',') } };
        }
    }

    // A RuntimeClass no node can run: its pods never schedule (or never get a sandbox).
    void runtimeClassRule(RuleInput& input, const ClusterRuntimes& runtimes)
    {
        for (const RuntimeClassRow& row : runtimes.classes) {
            if (!row.nodes.isEmpty() || row.pods == 0)
                continue;
            Finding& f = input.add(Severity::Critical, QStringLiteral("runtimeclass.no-nodes"),
                QStringLiteral("RuntimeClass"), QString(), row.name,
                QStringLiteral("RuntimeClass %1 (%2) matches no node: %3 pod(s) wait")
                    .arg(row.name, row.family)
                    .arg(row.pendingPods),
                0);
            f.evidence = { { QStringLiteral("handler"), row.handler }, { QStringLiteral("nodeSelector"), row.nodeSelector },
                { QStringLiteral("pods"), QString::number(row.pods) } };
        }
    }

} // namespace

int kubernetesMinor(QStringView version)
{
    const DottedVersion v = DottedVersion::parse(version);
    return v.major == 1 ? v.minor : -1;
}

void versionRules(RuleInput& input)
{
    const ServerVersion& server = input.cluster.serverVersion;
    const int apiMinor = server.isValid() && server.major == 1 ? server.minor : -1;
    for (const fleet::NodeInfo& node : input.store.nodes()) {
        if (apiMinor >= 0)
            skewRule(input, node);
        dockerRule(input, node, apiMinor);
    }
    const ClusterRuntimes runtimes = ClusterRuntimes::of(input.cluster, input.store, input.now.date());
    supportRule(input, runtimes);
    runtimeClassRule(input, runtimes);
}

} // namespace minato::analysis
