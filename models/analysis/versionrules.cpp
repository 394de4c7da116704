// SPDX-License-Identifier: Apache-2.0
#include "analysis/versionrules.h"

#include "analysis/ruleinput.h"
#include "fleet/clusterstore.h"

namespace minato::analysis {

namespace {

    constexpr int DockershimRemovedMinor = 24;

    int leadingNumber(QStringView text)
    {
        qsizetype digits = 0;
        while (digits < text.size() && text.at(digits).isDigit())
            ++digits;
        if (digits == 0)
            return -1;
        bool ok = false;
        const int value = text.left(digits).toInt(&ok);
        return ok ? value : -1;
    }

    void skewRule(RuleInput& input, const fleet::NodeInfo& node, int apiMinor)
    {
        const int kubeletMinor = kubernetesMinor(node.kubeletVersion);
        if (kubeletMinor < 0)
            return;
        const int skew = apiMinor - kubeletMinor;
        const int allowed = maxKubeletSkew(kubeletMinor);
        Severity severity = Severity::Warning;
        QString title;
        if (skew < 0) {
            severity = Severity::Critical;
            title = QStringLiteral("Kubelet %1 is newer than the API server %2");
        } else if (skew > allowed) {
            severity = Severity::Critical;
            title = QStringLiteral("Kubelet %1 is too old for the API server %2 (unsupported skew)");
        } else if (skew == allowed) {
            title = QStringLiteral("Kubelet %1 is at the oldest supported for the API server %2: upgrade nodes first");
        } else {
            return;
        }
        const QString server = input.cluster.serverVersion.gitVersion.isEmpty()
            ? QStringLiteral("v1.") + QString::number(apiMinor)
            : input.cluster.serverVersion.gitVersion;
        Finding& f = input.add(severity, QStringLiteral("version.kubelet-skew"), QStringLiteral("Node"), node.meta,
            title.arg(node.kubeletVersion, server), 0);
        f.evidence = { { QStringLiteral("kubeletVersion"), node.kubeletVersion },
            { QStringLiteral("apiserverVersion"), server }, { QStringLiteral("skew"), QString::number(skew) },
            { QStringLiteral("allowed"), QString::number(allowed) } };
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

} // namespace

int kubernetesMinor(QStringView version)
{
    if (version.startsWith(u'v'))
        version = version.mid(1);
    const qsizetype dot = version.indexOf(u'.');
    if (dot <= 0 || leadingNumber(version.left(dot)) != 1)
        return -1;
    return leadingNumber(version.mid(dot + 1));
}

int maxKubeletSkew(int kubeletMinor)
{
    // The policy widened to three minors for kubelets from 1.25 on (the window opened with
    // 1.28 control planes); older kubelets keep the old limit of two.
    return kubeletMinor >= 25 ? 3 : 2;
}

void versionRules(RuleInput& input)
{
    const ServerVersion& server = input.cluster.serverVersion;
    const int apiMinor = server.isValid() && server.major == 1 ? server.minor : -1;
    for (const fleet::NodeInfo& node : input.store.nodes()) {
        if (apiMinor >= 0)
            skewRule(input, node, apiMinor);
        dockerRule(input, node, apiMinor);
    }
}

} // namespace minato::analysis
