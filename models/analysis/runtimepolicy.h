// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QString>
#include <QStringView>

namespace minato::analysis {

// How a node's versions stand against the policies that govern them.
enum class SupportLevel : quint8
{
    Supported,
    Warning, // supported today, but it blocks an upgrade or leaves the project's support soon
    Unsupported,
    Unknown, // a version that could not be read
};

QString supportLevelName(SupportLevel level); // "supported", "warning", "unsupported", "unknown"

struct PolicyVerdict
{
    SupportLevel level = SupportLevel::Unknown;
    QString reason; // one sentence naming the versions and the rule

    bool isProblem() const { return level == SupportLevel::Warning || level == SupportLevel::Unsupported; }
};

// "v1.29.3-eks-ae9a62a", "v1.29.3+k3s1", "1.27", "1.7.11-k3s2", "1.28.4-5.rhaos4.15": the leading
// numbers; -1 where absent.
struct DottedVersion
{
    int major = -1;
    int minor = -1;
    int patch = -1;

    static DottedVersion parse(QStringView text);
    bool isValid() const { return major >= 0 && minor >= 0; }
    QString text() const; // "1.29" or "1.29.3"
};

// The version skew policy (kubernetes/website releases/version-skew-policy.md) of the API
// server's release: a kubelet is never newer than the API server and at most 2 minors older, 3
// from API server 1.28 on (KEP-3935); a warning at exactly the limit, since the nodes must be
// upgraded before the control plane can be.
PolicyVerdict kubeletSkew(QStringView serverVersion, QStringView kubeletVersion);
// The most minors a kubelet or kube-proxy may trail an API server of this minor.
int maxKubeletSkew(int serverMinor);
// The same window against the API server for kube-proxy, and within as many minors of its own
// node's kubelet. An empty kube-proxy version (deprecated field; new kubelets leave it empty)
// is Unknown, not a problem.
PolicyVerdict kubeProxySkew(QStringView serverVersion, QStringView kubeProxyVersion, QStringView kubeletVersion);

// The container runtime a node reports (containerRuntimeVersion split into name and version):
// - docker: dockershim is gone from kubelet 1.24 (KEP-2221). A docker node with an older
//   kubelet runs dockershim (Warning: it must move before 1.24; Unsupported when the API server
//   is already at 1.24+, the node cannot follow it). With a 1.24+ kubelet it runs through
//   cri-dockerd, outside the Kubernetes project's support (Warning).
// - cri-o: its minor follows the kubelet's (cri-o 1.28 for Kubernetes 1.28); another minor is
//   Unsupported.
// - containerd: the support horizon of containerd's RELEASES.md at `today` (Unsupported after
//   the end of life, Warning within 90 days of it), and kubelet 1.26+ needs CRI v1, which
//   containerd has from 1.6.15 and 1.7.0.
// Other runtimes are Unknown: Minato knows no policy for them.
PolicyVerdict runtimeSupport(QStringView runtime, QStringView runtimeVersion, QStringView kubeletVersion,
    QStringView serverVersion, QDate today);

// containerd's end of life for a minor (RELEASES.md "Current State of containerd Releases");
// invalid when the table has none (not released yet, or unknown).
QDate containerdEndOfLife(int major, int minor);
// Whether that date is still marked tentative: past it, a release is a Warning, not Unsupported.
bool isTentativeEndOfLife(int major, int minor);

} // namespace minato::analysis
