// SPDX-License-Identifier: Apache-2.0
// Calico's crd.projectcalico.org/v1 kinds, optional: a flannel cluster has none of them.

#include "kinds/describekind.h"

namespace minato::fleet {
MINATO_PROJECTION(CalicoIpPoolInfo)
MINATO_PROJECTION(CalicoBgpConfigurationInfo)
MINATO_PROJECTION(CalicoBgpPeerInfo)
MINATO_PROJECTION(CalicoFelixConfigurationInfo)
MINATO_PROJECTION(CalicoBlockAffinityInfo)
MINATO_PROJECTION(CalicoNodeStatusInfo)
} // namespace minato::fleet

namespace minato::kinds {

using fleet::WatchedKind;

namespace {

    fleet::KindSpec calicoV1(WatchedKind kind)
    {
        fleet::KindSpec spec
            = servedAt(kind, Scope::Cluster, { groupVersions("crd.projectcalico.org", { QStringLiteral("v1") }) });
        spec.optional = true;
        return spec;
    }

    KindText calicoText(const char* kind)
    {
        return { kind, {}, { QStringLiteral("NAME"), QStringLiteral("AGE") } };
    }

} // namespace

KindDescriptor describeCalicoIpPools()
{
    return describeKind<fleet::CalicoIpPoolInfo>(calicoV1(WatchedKind::CalicoIpPools), calicoText("IPPool"),
        &clusterRow<fleet::CalicoIpPoolInfo>, metadataAndDelete());
}

KindDescriptor describeCalicoBgpConfigurations()
{
    return describeKind<fleet::CalicoBgpConfigurationInfo>(calicoV1(WatchedKind::CalicoBgpConfigurations),
        calicoText("BGPConfiguration"), &clusterRow<fleet::CalicoBgpConfigurationInfo>, metadataAndDelete());
}

KindDescriptor describeCalicoBgpPeers()
{
    return describeKind<fleet::CalicoBgpPeerInfo>(calicoV1(WatchedKind::CalicoBgpPeers), calicoText("BGPPeer"),
        &clusterRow<fleet::CalicoBgpPeerInfo>, metadataAndDelete());
}

KindDescriptor describeCalicoFelixConfigurations()
{
    return describeKind<fleet::CalicoFelixConfigurationInfo>(calicoV1(WatchedKind::CalicoFelixConfigurations),
        calicoText("FelixConfiguration"), &clusterRow<fleet::CalicoFelixConfigurationInfo>, metadataAndDelete());
}

KindDescriptor describeCalicoBlockAffinities()
{
    return describeKind<fleet::CalicoBlockAffinityInfo>(calicoV1(WatchedKind::CalicoBlockAffinities),
        calicoText("BlockAffinity"), &clusterRow<fleet::CalicoBlockAffinityInfo>, metadataAndDelete());
}

KindDescriptor describeCalicoNodeStatuses()
{
    return describeKind<fleet::CalicoNodeStatusInfo>(calicoV1(WatchedKind::CalicoNodeStatuses),
        calicoText("CalicoNodeStatus"), &clusterRow<fleet::CalicoNodeStatusInfo>, metadataAndDelete());
}

} // namespace minato::kinds
