// SPDX-License-Identifier: Apache-2.0
#include "analysis/runtimepolicy.h"

#include <array>
#include <cstdlib>

namespace minato::analysis {

namespace {

    constexpr int DockershimRemovedMinor = 24;
    constexpr int CriV1RequiredMinor = 26;
    constexpr int EndOfLifeWarningDays = 90;

    struct ContainerdRelease
    {
        int major;
        int minor;
        int year;
        int month;
        int day;
        bool tentative = false; // RELEASES.md marks the date "tentative"
    };

    // containerd/containerd RELEASES.md @ 007244d8 (2.1 and 2.2 marked tentative there).
    constexpr std::array ContainerdReleases {
        ContainerdRelease { 1, 0, 2018, 12, 5 },
        ContainerdRelease { 1, 1, 2019, 10, 23 },
        ContainerdRelease { 1, 2, 2020, 10, 15 },
        ContainerdRelease { 1, 3, 2021, 3, 4 },
        ContainerdRelease { 1, 4, 2022, 3, 3 },
        ContainerdRelease { 1, 5, 2023, 2, 28 },
        ContainerdRelease { 1, 6, 2025, 7, 23 },
        ContainerdRelease { 1, 7, 2026, 3, 10 },
        ContainerdRelease { 2, 0, 2025, 11, 7 },
        ContainerdRelease { 2, 1, 2026, 5, 5, true },
        ContainerdRelease { 2, 2, 2026, 11, 6, true },
    };

    int leadingNumber(QStringView text, qsizetype* used)
    {
        qsizetype digits = 0;
        while (digits < text.size() && text.at(digits).isDigit())
            ++digits;
        *used = digits;
        if (digits == 0)
            return -1;
        bool ok = false;
        const int value = text.left(digits).toInt(&ok);
        return ok ? value : -1;
    }

    int allowedSkew(int serverMinor)
    {
        return maxKubeletSkew(serverMinor);
    }

    QString withV(const DottedVersion& v)
    {
        return QLatin1Char('v') + v.text();
    }

    PolicyVerdict skewVerdict(const QString& component, const DottedVersion& server, const DottedVersion& node)
    {
        const int skew = server.minor - node.minor;
        const int allowed = allowedSkew(server.minor);
        const QString nodeText = component + QLatin1Char(' ') + withV(node);
        const QString serverText = withV(server);
        if (server.major != node.major || skew < 0)
            return { SupportLevel::Unsupported,
                QStringLiteral("%1 is newer than the API server %2").arg(nodeText, serverText) };
        const QString behind = QStringLiteral("%1 is %2 minor(s) behind the API server %3")
                                   .arg(nodeText, QString::number(skew), serverText);
        if (skew > allowed)
            return { SupportLevel::Unsupported,
                QStringLiteral("%1; the 1.%2 skew policy allows %3").arg(behind).arg(server.minor).arg(allowed) };
        if (skew == allowed)
            return { SupportLevel::Warning,
                QStringLiteral("%1, all the 1.%2 skew policy allows: upgrade the nodes before the control plane")
                    .arg(behind)
                    .arg(server.minor) };
        return { SupportLevel::Supported, QStringLiteral("%1 is within %2 minor(s) of the API server %3")
                                              .arg(nodeText, QString::number(allowed), serverText) };
    }

    PolicyVerdict dockerSupport(const DottedVersion& kubelet, const DottedVersion& server, QStringView version)
    {
        if (kubelet.isValid() && kubelet.minor >= DockershimRemovedMinor)
            return { SupportLevel::Warning,
                QStringLiteral("docker %1 with kubelet %2 runs through cri-dockerd, outside the Kubernetes project's "
                               "support: plan the move to containerd or CRI-O")
                    .arg(version, withV(kubelet)) };
        if (server.isValid() && server.minor >= DockershimRemovedMinor)
            return { SupportLevel::Unsupported,
                QStringLiteral("docker %1 through dockershim: the API server is %2, and dockershim is removed from "
                               "kubelet 1.24 on: this node cannot be upgraded without cri-dockerd or another runtime")
                    .arg(version, withV(server)) };
        return { SupportLevel::Warning,
            QStringLiteral("docker %1 through dockershim, removed in Kubernetes 1.24: migrate before upgrading").arg(version) };
    }

    PolicyVerdict crioSupport(const DottedVersion& crio, const DottedVersion& kubelet)
    {
        if (!crio.isValid() || !kubelet.isValid())
            return { SupportLevel::Unknown, QStringLiteral("cri-o or kubelet version unreadable") };
        if (crio.major != 1 || crio.minor != kubelet.minor)
            return { SupportLevel::Unsupported,
                QStringLiteral("cri-o %1 with kubelet %2: cri-o's minor must match the kubelet's (cri-o 1.%3)")
                    .arg(crio.text(), withV(kubelet))
                    .arg(kubelet.minor) };
        return { SupportLevel::Supported,
            QStringLiteral("cri-o %1 matches kubelet %2").arg(crio.text(), withV(kubelet)) };
    }

    PolicyVerdict containerdSupport(const DottedVersion& containerd, const DottedVersion& kubelet, QDate today)
    {
        if (!containerd.isValid())
            return { SupportLevel::Unknown, QStringLiteral("containerd version unreadable") };
        const bool criV1 = containerd.major >= 2 || (containerd.major == 1 && containerd.minor >= 7)
            || (containerd.major == 1 && containerd.minor == 6 && containerd.patch >= 15);
        if (kubelet.isValid() && kubelet.minor >= CriV1RequiredMinor && !criV1)
            return { SupportLevel::Unsupported,
                QStringLiteral("containerd %1 with kubelet %2: kubelet 1.26+ needs CRI v1 (containerd 1.6.15+ or 1.7+)")
                    .arg(containerd.text(), withV(kubelet)) };
        const QDate end = containerdEndOfLife(containerd.major, containerd.minor);
        if (!end.isValid())
            return { SupportLevel::Supported,
                QStringLiteral("containerd %1 is newer than the releases Minato knows").arg(containerd.text()) };
        const QString endText = end.toString(Qt::ISODate);
        if (today > end && isTentativeEndOfLife(containerd.major, containerd.minor))
            return { SupportLevel::Warning,
                QStringLiteral("containerd %1.%2 is past its planned end of life (%3, tentative in RELEASES.md): check "
                               "whether it is still patched")
                    .arg(containerd.major)
                    .arg(containerd.minor)
                    .arg(endText) };
        if (today > end)
            return { SupportLevel::Unsupported,
                QStringLiteral("containerd %1.%2 reached its end of life on %3")
                    .arg(containerd.major)
                    .arg(containerd.minor)
                    .arg(endText) };
        if (today.daysTo(end) <= EndOfLifeWarningDays)
            return { SupportLevel::Warning,
                QStringLiteral("containerd %1.%2 reaches its end of life on %3")
                    .arg(containerd.major)
                    .arg(containerd.minor)
                    .arg(endText) };
        return { SupportLevel::Supported,
            QStringLiteral("containerd %1.%2 is supported until %3").arg(containerd.major).arg(containerd.minor).arg(endText) };
    }

} // namespace

int maxKubeletSkew(int serverMinor)
{
    return serverMinor >= 28 ? 3 : 2; // KEP-3935 widened the window with 1.28 control planes
}

QString supportLevelName(SupportLevel level)
{
    switch (level) {
    case SupportLevel::Supported:
        return QStringLiteral("supported");
    case SupportLevel::Warning:
        return QStringLiteral("warning");
    case SupportLevel::Unsupported:
        return QStringLiteral("unsupported");
    case SupportLevel::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

DottedVersion DottedVersion::parse(QStringView text)
{
    DottedVersion v;
    if (text.startsWith(u'v'))
        text = text.mid(1);
    qsizetype used = 0;
    v.major = leadingNumber(text, &used);
    if (v.major < 0 || used >= text.size() || text.at(used) != u'.')
        return {};
    text = text.mid(used + 1);
    v.minor = leadingNumber(text, &used);
    if (v.minor < 0)
        return {};
    if (used < text.size() && text.at(used) == u'.')
        v.patch = leadingNumber(text.mid(used + 1), &used);
    return v;
}

QString DottedVersion::text() const
{
    QString t = QString::number(major) + QLatin1Char('.') + QString::number(minor);
    if (patch >= 0)
        t += QLatin1Char('.') + QString::number(patch);
    return t;
}

PolicyVerdict kubeletSkew(QStringView serverVersion, QStringView kubeletVersion)
{
    const DottedVersion server = DottedVersion::parse(serverVersion);
    const DottedVersion kubelet = DottedVersion::parse(kubeletVersion);
    if (!server.isValid() || !kubelet.isValid())
        return { SupportLevel::Unknown, QStringLiteral("no version to compare (API server %1, kubelet %2)")
                                            .arg(serverVersion.isEmpty() ? QStringLiteral("?") : serverVersion.toString(),
                                                kubeletVersion.isEmpty() ? QStringLiteral("?") : kubeletVersion.toString()) };
    return skewVerdict(QStringLiteral("kubelet"), server, kubelet);
}

PolicyVerdict kubeProxySkew(QStringView serverVersion, QStringView kubeProxyVersion, QStringView kubeletVersion)
{
    const DottedVersion server = DottedVersion::parse(serverVersion);
    const DottedVersion proxy = DottedVersion::parse(kubeProxyVersion);
    if (!server.isValid() || !proxy.isValid())
        return { SupportLevel::Unknown, QStringLiteral("kube-proxy reports no version") };
    PolicyVerdict verdict = skewVerdict(QStringLiteral("kube-proxy"), server, proxy);
    const DottedVersion kubelet = DottedVersion::parse(kubeletVersion);
    if (verdict.level != SupportLevel::Unsupported && kubelet.isValid()
        && std::abs(kubelet.minor - proxy.minor) > allowedSkew(server.minor))
        verdict = { SupportLevel::Unsupported,
            QStringLiteral("kube-proxy %1 is more than %2 minors from its kubelet %3")
                .arg(withV(proxy))
                .arg(allowedSkew(server.minor))
                .arg(withV(kubelet)) };
    return verdict;
}

PolicyVerdict runtimeSupport(QStringView runtime, QStringView runtimeVersion, QStringView kubeletVersion,
    QStringView serverVersion, QDate today)
{
    const DottedVersion kubelet = DottedVersion::parse(kubeletVersion);
    const DottedVersion server = DottedVersion::parse(serverVersion);
    const DottedVersion version = DottedVersion::parse(runtimeVersion);
    if (runtime == u"docker")
        return dockerSupport(kubelet, server, runtimeVersion);
    if (runtime == u"cri-o")
        return crioSupport(version, kubelet);
    if (runtime == u"containerd")
        return containerdSupport(version, kubelet, today);
    return { SupportLevel::Unknown,
        QStringLiteral("no support policy known for %1").arg(runtime.isEmpty() ? QStringLiteral("an unnamed runtime") : runtime.toString()) };
}

bool isTentativeEndOfLife(int major, int minor)
{
    for (const ContainerdRelease& r : ContainerdReleases) {
        if (r.major == major && r.minor == minor)
            return r.tentative;
    }
    return false;
}

QDate containerdEndOfLife(int major, int minor)
{
    for (const ContainerdRelease& r : ContainerdReleases) {
        if (r.major == major && r.minor == minor)
            return QDate(r.year, r.month, r.day);
    }
    return {};
}

} // namespace minato::analysis
