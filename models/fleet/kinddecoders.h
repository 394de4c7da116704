// SPDX-License-Identifier: Apache-2.0
#pragma once

// Private: one decode function per projection type, each reading one object (the value must
// be a JSON object; the envelope code checks that) into a default-constructed projection.

#include "fleet/decodesupport.h"

namespace minato::fleet {
struct PodInfo;
struct NodeInfo;
struct NamespaceInfo;
struct WorkloadInfo;
struct EventInfo;
struct HpaInfo;
struct PvcInfo;
struct RuntimeClassInfo;
struct ApiServiceInfo;
struct CalicoIpPoolInfo;
struct CalicoBgpConfigurationInfo;
struct CalicoBgpPeerInfo;
struct CalicoFelixConfigurationInfo;
struct CalicoBlockAffinityInfo;
struct CalicoNodeStatusInfo;
struct NetworkConfigMapInfo;
} // namespace minato::fleet

namespace minato::fleet::detail {

void decodeInto(od::value& object, PodInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, NodeInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, NamespaceInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, WorkloadInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, EventInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, HpaInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, PvcInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, RuntimeClassInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, ApiServiceInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoIpPoolInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoBgpConfigurationInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoBgpPeerInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoFelixConfigurationInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoBlockAffinityInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, CalicoNodeStatusInfo& out, DecodeContext& ctx);
void decodeInto(od::value& object, NetworkConfigMapInfo& out, DecodeContext& ctx);

} // namespace minato::fleet::detail
