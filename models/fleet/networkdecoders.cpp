// SPDX-License-Identifier: Apache-2.0
// Decoders of Calico objects and of the ConfigMaps that configure flannel and Calico.
#include "fleet/kinddecoders.h"
#include "fleet/networkinfo.h"

#include <charconv>

namespace minato::fleet::detail {

namespace {

    // Calico AS numbers are numbers, or strings in plain ("64512") or asdot ("1.10") notation.
    qint64 asNumberOf(od::value& value)
    {
        const qint64 number = integerOf(value, -1);
        if (number >= 0)
            return number;
        const std::string_view text = stringOf(value);
        const std::size_t dot = text.find('.');
        qint64 high = 0, low = 0;
        const char* end = text.data() + text.size();
        if (dot == std::string_view::npos) {
            if (std::from_chars(text.data(), end, low).ec != std::errc())
                return 0;
            return low;
        }
        if (std::from_chars(text.data(), text.data() + dot, high).ec != std::errc()
            || std::from_chars(text.data() + dot + 1, end, low).ec != std::errc())
            return 0;
        return high * 65536 + low;
    }

    std::optional<bool> optionalBoolOf(od::value& value)
    {
        if (!isOfType(value, od::json_type::boolean))
            return std::nullopt;
        return boolOf(value);
    }

    // Reads "spec" of a Calico object with f, and metadata without labels.
    template <typename Meta, typename F>
    void decodeCalico(od::value& object, Meta& meta, DecodeContext& ctx, F&& onSpec)
    {
        forEachField(object, [&](std::string_view key, od::value& member) {
            if (key == "metadata")
                decodeMetadata(member, meta, ctx, false);
            else if (key == "spec")
                forEachField(member, onSpec);
        });
    }

    void appendCidrs(od::value& value, QStringList& out)
    {
        forEachElement(value, [&](od::value& entry) {
            forEachField(entry, [&](std::string_view key, od::value& cidr) {
                if (key == "cidr")
                    out.append(qstringOf(cidr));
            });
        });
    }

    InternedString legacyIpipMode(std::string_view mode, DecodeContext& ctx)
    {
        // v1 "ipip: {enabled, mode}" used lower-case modes.
        if (mode == "cross-subnet")
            return ctx.pool.intern(std::string_view("CrossSubnet"));
        return ctx.pool.intern(std::string_view("Always"));
    }

    void parseNetConf(std::string_view json, FlannelNetConf& conf, DecodeContext& ctx)
    {
        const bool ok = parseEmbeddedJson(
            json, ctx,
            [&](od::value& root) {
                forEachField(root, [&](std::string_view key, od::value& member) {
                    if (key == "Network") {
                        conf.network = qstringOf(member);
                    } else if (key == "IPv6Network") {
                        conf.ipv6Network = qstringOf(member);
                    } else if (key == "EnableIPv4") {
                        conf.enableIPv4 = boolOf(member, true);
                    } else if (key == "EnableIPv6") {
                        conf.enableIPv6 = boolOf(member);
                    } else if (key == "SubnetLen") {
                        conf.subnetLen = int32Of(member);
                    } else if (key == "SubnetMin") {
                        conf.subnetMin = qstringOf(member);
                    } else if (key == "SubnetMax") {
                        conf.subnetMax = qstringOf(member);
                    } else if (key == "IPv6SubnetLen") {
                        conf.ipv6SubnetLen = int32Of(member);
                    } else if (key == "Backend") {
                        forEachField(member, [&](std::string_view backendKey, od::value& backendValue) {
                            if (backendKey == "Type")
                                conf.backendType = qstringOf(backendValue);
                            else if (backendKey == "VNI")
                                conf.vni = int32Of(backendValue, -1);
                            else if (backendKey == "Port")
                                conf.port = int32Of(backendValue, -1);
                            else if (backendKey == "DirectRouting")
                                conf.directRouting = optionalBoolOf(backendValue);
                            else if (backendKey == "MTU")
                                conf.mtu = int32Of(backendValue);
                        });
                    }
                });
            },
            &conf.parseError);
        if (!ok && conf.parseError.isEmpty())
            conf.parseError = QStringLiteral("net-conf.json is not valid JSON");
    }

} // namespace

void decodeInto(od::value& object, CalicoIpPoolInfo& out, DecodeContext& ctx)
{
    decodeCalico(object, out.meta, ctx, [&](std::string_view key, od::value& v) {
        if (key == "cidr")
            out.cidr = qstringOf(v);
        else if (key == "blockSize")
            out.blockSize = int32Of(v);
        else if (key == "ipipMode")
            out.ipipMode = internedOf(v, ctx);
        else if (key == "vxlanMode")
            out.vxlanMode = internedOf(v, ctx);
        else if (key == "natOutgoing" || key == "nat-outgoing")
            out.natOutgoing = boolOf(v);
        else if (key == "disabled")
            out.disabled = boolOf(v);
        else if (key == "disableBGPExport")
            out.disableBGPExport = boolOf(v);
        else if (key == "nodeSelector")
            out.nodeSelector = qstringOf(v);
        else if (key == "allowedUses")
            forEachString(v, [&](std::string_view use) { out.allowedUses.append(toQString(use)); });
        else if (key == "assignmentMode")
            out.assignmentMode = internedOf(v, ctx);
        else if (key == "ipip") {
            bool enabled = true;
            std::string_view mode;
            forEachField(v, [&](std::string_view ipipKey, od::value& ipipValue) {
                if (ipipKey == "enabled")
                    enabled = boolOf(ipipValue, true);
                else if (ipipKey == "mode")
                    mode = stringOf(ipipValue);
            });
            if (enabled && out.ipipMode.isNull())
                out.ipipMode = legacyIpipMode(mode, ctx);
        }
    });
}

void decodeInto(od::value& object, CalicoBgpConfigurationInfo& out, DecodeContext& ctx)
{
    decodeCalico(object, out.meta, ctx, [&](std::string_view key, od::value& v) {
        if (key == "nodeToNodeMeshEnabled")
            out.nodeToNodeMeshEnabled = optionalBoolOf(v);
        else if (key == "asNumber")
            out.asNumber = asNumberOf(v);
        else if (key == "listenPort")
            out.listenPort = int32Of(v);
        else if (key == "logSeverityScreen")
            out.logSeverityScreen = internedOf(v, ctx);
        else if (key == "bindMode")
            out.bindMode = internedOf(v, ctx);
        else if (key == "serviceClusterIPs")
            appendCidrs(v, out.serviceClusterIPs);
        else if (key == "serviceExternalIPs")
            appendCidrs(v, out.serviceExternalIPs);
        else if (key == "serviceLoadBalancerIPs")
            appendCidrs(v, out.serviceLoadBalancerIPs);
    });
}

void decodeInto(od::value& object, CalicoBgpPeerInfo& out, DecodeContext& ctx)
{
    decodeCalico(object, out.meta, ctx, [&](std::string_view key, od::value& v) {
        if (key == "node")
            out.node = qstringOf(v);
        else if (key == "nodeSelector")
            out.nodeSelector = qstringOf(v);
        else if (key == "peerIP")
            out.peerIP = qstringOf(v);
        else if (key == "peerSelector")
            out.peerSelector = qstringOf(v);
        else if (key == "asNumber")
            out.asNumber = asNumberOf(v);
        else if (key == "localASNumber")
            out.localASNumber = asNumberOf(v);
        else if (key == "keepOriginalNextHop")
            out.keepOriginalNextHop = boolOf(v);
        else if (key == "nextHopMode")
            out.nextHopMode = internedOf(v, ctx);
        else if (key == "password")
            out.hasPassword = isOfType(v, od::json_type::object);
        else if (key == "sourceAddress")
            out.sourceAddress = internedOf(v, ctx);
        else if (key == "filters")
            forEachString(v, [&](std::string_view filter) { out.filters.append(toQString(filter)); });
    });
}

void decodeInto(od::value& object, CalicoFelixConfigurationInfo& out, DecodeContext& ctx)
{
    decodeCalico(object, out.meta, ctx, [&](std::string_view key, od::value& v) {
        if (key == "ipipEnabled")
            out.ipipEnabled = optionalBoolOf(v);
        else if (key == "ipipMTU")
            out.ipipMTU = int32Of(v);
        else if (key == "vxlanEnabled")
            out.vxlanEnabled = optionalBoolOf(v);
        else if (key == "vxlanMTU")
            out.vxlanMTU = int32Of(v);
        else if (key == "vxlanMTUV6")
            out.vxlanMTUV6 = int32Of(v);
        else if (key == "vxlanPort")
            out.vxlanPort = int32Of(v);
        else if (key == "vxlanVNI")
            out.vxlanVNI = int32Of(v);
        else if (key == "wireguardEnabled")
            out.wireguardEnabled = optionalBoolOf(v);
        else if (key == "wireguardEnabledV6")
            out.wireguardEnabledV6 = optionalBoolOf(v);
        else if (key == "wireguardMTU")
            out.wireguardMTU = int32Of(v);
        else if (key == "wireguardMTUV6")
            out.wireguardMTUV6 = int32Of(v);
        else if (key == "wireguardListeningPort")
            out.wireguardListeningPort = int32Of(v);
        else if (key == "wireguardInterfaceName")
            out.wireguardInterfaceName = qstringOf(v);
        else if (key == "bpfEnabled")
            out.bpfEnabled = optionalBoolOf(v);
        else if (key == "routeSource")
            out.routeSource = internedOf(v, ctx);
        else if (key == "mtuIfacePattern")
            out.mtuIfacePattern = qstringOf(v);
        else if (key == "iptablesBackend")
            out.iptablesBackend = internedOf(v, ctx);
        else if (key == "logSeverityScreen")
            out.logSeverityScreen = internedOf(v, ctx);
    });
}

void decodeInto(od::value& object, CalicoBlockAffinityInfo& out, DecodeContext& ctx)
{
    decodeCalico(object, out.meta, ctx, [&](std::string_view key, od::value& v) {
        if (key == "node")
            out.node = internedOf(v, ctx);
        else if (key == "cidr")
            out.cidr = qstringOf(v);
        else if (key == "state")
            out.state = internedOf(v, ctx);
        else if (key == "type")
            out.type = internedOf(v, ctx);
        else if (key == "deleted")
            out.deleted = isOfType(v, od::json_type::string) ? stringOf(v) == "true" : boolOf(v);
    });
}

void decodeInto(od::value& object, CalicoNodeStatusInfo& out, DecodeContext& ctx)
{
    auto readBird = [&](od::value& value, CalicoBirdStatus& bird) {
        forEachField(value, [&](std::string_view key, od::value& v) {
            if (key == "state")
                bird.state = internedOf(v, ctx);
            else if (key == "version")
                bird.version = qstringOf(v);
            else if (key == "routerID")
                bird.routerID = qstringOf(v);
        });
    };
    auto readPeers = [&](od::value& value, bool ipv6) {
        forEachElement(value, [&](od::value& peer) {
            CalicoBgpPeerStatus p;
            p.ipv6 = ipv6;
            forEachField(peer, [&](std::string_view key, od::value& v) {
                if (key == "peerIP")
                    p.peerIP = qstringOf(v);
                else if (key == "type")
                    p.type = internedOf(v, ctx);
                else if (key == "state")
                    p.state = internedOf(v, ctx);
                else if (key == "since")
                    p.since = qstringOf(v);
            });
            out.peers.append(p);
        });
    };
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "spec") {
            forEachField(member, [&](std::string_view specKey, od::value& v) {
                if (specKey == "node")
                    out.node = qstringOf(v);
                else if (specKey == "classes")
                    forEachString(v, [&](std::string_view c) { out.classes.append(toQString(c)); });
                else if (specKey == "updatePeriodSeconds")
                    out.updatePeriodSeconds = int32Of(v);
            });
        } else if (key == "status") {
            forEachField(member, [&](std::string_view statusKey, od::value& v) {
                if (statusKey == "lastUpdated") {
                    out.lastUpdated = timeOf(v);
                } else if (statusKey == "agent") {
                    forEachField(v, [&](std::string_view agentKey, od::value& bird) {
                        if (agentKey == "birdV4")
                            readBird(bird, out.birdV4);
                        else if (agentKey == "birdV6")
                            readBird(bird, out.birdV6);
                    });
                } else if (statusKey == "bgp") {
                    forEachField(v, [&](std::string_view bgpKey, od::value& b) {
                        if (bgpKey == "numberEstablishedV4")
                            out.establishedV4 = int32Of(b);
                        else if (bgpKey == "numberNotEstablishedV4")
                            out.notEstablishedV4 = int32Of(b);
                        else if (bgpKey == "numberEstablishedV6")
                            out.establishedV6 = int32Of(b);
                        else if (bgpKey == "numberNotEstablishedV6")
                            out.notEstablishedV6 = int32Of(b);
                        else if (bgpKey == "peersV4")
                            readPeers(b, false);
                        else if (bgpKey == "peersV6")
                            readPeers(b, true);
                    });
                }
            });
        }
    });
}

void decodeInto(od::value& object, NetworkConfigMapInfo& out, DecodeContext& ctx)
{
    std::string_view netConf, vethMtu;
    bool hasNetConf = false, hasVethMtu = false;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, false);
        } else if (key == "data") {
            // Only two keys matter; every other value is skipped unread.
            forEachField(member, [&](std::string_view dataKey, od::value& v) {
                if (dataKey == "net-conf.json") {
                    hasNetConf = true;
                    netConf = stringOf(v);
                } else if (dataKey == "veth_mtu") {
                    hasVethMtu = true;
                    vethMtu = stringOf(v);
                } else if (dataKey == "calico_backend") {
                    out.calicoBackend = qstringOf(v);
                }
            });
        }
    });
    if (hasNetConf) {
        FlannelNetConf conf;
        parseNetConf(netConf, conf, ctx);
        out.flannel = conf;
    }
    if (hasVethMtu) {
        qint32 mtu = 0;
        std::from_chars(vethMtu.data(), vethMtu.data() + vethMtu.size(), mtu);
        out.calicoVethMtu = mtu;
    }
}

} // namespace minato::fleet::detail
