// SPDX-License-Identifier: Apache-2.0
#include "fleet/kinddecoders.h"
#include "fleet/nodeinfo.h"

#include <algorithm>

namespace minato::fleet::detail {

namespace {

    constexpr std::string_view CalicoPrefix = "projectcalico.org/";
    constexpr std::string_view FlannelPrefix = "flannel.alpha.coreos.com/";

    void onNodeAnnotation(NodeInfo& out, std::string_view key, std::string_view value, std::string_view& backendData)
    {
        if (key == "kubeadm.alpha.kubernetes.io/cri-socket") {
            out.criSocket = toQString(value);
        } else if (key.starts_with(CalicoPrefix)) {
            const std::string_view name = key.substr(CalicoPrefix.size());
            CalicoNodeAnnotations& c = out.calico;
            if (name == "IPv4Address")
                c.ipv4Address = toQString(value);
            else if (name == "IPv6Address")
                c.ipv6Address = toQString(value);
            else if (name == "IPv4IPIPTunnelAddr")
                c.ipv4IPIPTunnelAddr = toQString(value);
            else if (name == "IPv4VXLANTunnelAddr")
                c.ipv4VXLANTunnelAddr = toQString(value);
            else if (name == "IPv6VXLANTunnelAddr")
                c.ipv6VXLANTunnelAddr = toQString(value);
            else if (name == "IPv4WireguardInterfaceAddr")
                c.ipv4WireguardInterfaceAddr = toQString(value);
            else if (name == "RouteReflectorClusterID")
                c.routeReflectorClusterID = toQString(value);
            else if (name == "ASNumber")
                c.asNumber = toQString(value);
            else if (name == "WireguardPublicKey")
                c.hasWireguardPublicKey = !value.empty();
        } else if (key.starts_with(FlannelPrefix)) {
            const std::string_view name = key.substr(FlannelPrefix.size());
            FlannelNodeAnnotations& f = out.flannel;
            if (name == "backend-type")
                f.backendType = toQString(value);
            else if (name == "public-ip")
                f.publicIP = toQString(value);
            else if (name == "public-ipv6")
                f.publicIPv6 = toQString(value);
            else if (name == "backend-data")
                backendData = value;
            else if (name == "kube-subnet-manager")
                f.kubeSubnetManager = value == "true";
        }
    }

    void decodeResources(od::value& value, NodeResources& out)
    {
        forEachField(value, [&](std::string_view key, od::value& quantity) {
            if (key == "cpu")
                out.cpuMilli = milliQuantityOf(quantity);
            else if (key == "memory")
                out.memoryBytes = unitQuantityOf(quantity);
            else if (key == "pods")
                out.pods = unitQuantityOf(quantity);
            else if (key == "ephemeral-storage")
                out.ephemeralStorageBytes = unitQuantityOf(quantity);
        });
    }

    void decodeNodeSpec(od::value& value, NodeInfo& out, DecodeContext& ctx)
    {
        QString podCIDR;
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "unschedulable") {
                out.unschedulable = boolOf(member);
            } else if (key == "podCIDR") {
                podCIDR = qstringOf(member);
            } else if (key == "podCIDRs") {
                forEachString(member, [&](std::string_view cidr) { out.podCIDRs.append(toQString(cidr)); });
            } else if (key == "providerID") {
                out.providerID = qstringOf(member);
            } else if (key == "taints") {
                forEachElement(member, [&](od::value& taint) {
                    TaintInfo t;
                    forEachField(taint, [&](std::string_view taintKey, od::value& taintValue) {
                        if (taintKey == "key")
                            t.key = internedOf(taintValue, ctx);
                        else if (taintKey == "value")
                            t.value = internedOf(taintValue, ctx);
                        else if (taintKey == "effect")
                            t.effect = internedOf(taintValue, ctx);
                    });
                    out.taints.append(t);
                });
            }
        });
        if (out.podCIDRs.isEmpty() && !podCIDR.isEmpty())
            out.podCIDRs.append(podCIDR);
    }

    void decodeNodeStatus(od::value& value, NodeInfo& out, DecodeContext& ctx)
    {
        forEachField(value, [&](std::string_view key, od::value& member) {
            if (key == "capacity") {
                decodeResources(member, out.capacity);
            } else if (key == "allocatable") {
                decodeResources(member, out.allocatable);
            } else if (key == "conditions") {
                forEachCondition(member, [&](const ConditionScratch& c) {
                    if (c.type == "Ready")
                        fillCondition(out.ready, c, ctx);
                    else if (c.type == "MemoryPressure")
                        fillCondition(out.memoryPressure, c, ctx);
                    else if (c.type == "DiskPressure")
                        fillCondition(out.diskPressure, c, ctx);
                    else if (c.type == "PIDPressure")
                        fillCondition(out.pidPressure, c, ctx);
                    else if (c.type == "NetworkUnavailable")
                        fillCondition(out.networkUnavailable, c, ctx);
                    else if (!c.type.empty()) {
                        NodeProblemCondition other;
                        fillCondition(other, c, ctx);
                        other.type = ctx.pool.intern(c.type);
                        out.otherConditions.append(std::move(other));
                    }
                });
            } else if (key == "addresses") {
                forEachElement(member, [&](od::value& address) {
                    std::string_view type, text;
                    forEachField(address, [&](std::string_view addressKey, od::value& addressValue) {
                        if (addressKey == "type")
                            type = stringOf(addressValue);
                        else if (addressKey == "address")
                            text = stringOf(addressValue);
                    });
                    // The first address of each type, as kubectl's INTERNAL-IP/EXTERNAL-IP columns show.
                    if (type == "InternalIP" && out.internalIP.isEmpty())
                        out.internalIP = toQString(text);
                    else if (type == "ExternalIP" && out.externalIP.isEmpty())
                        out.externalIP = toQString(text);
                    else if (type == "Hostname" && out.hostname.isEmpty())
                        out.hostname = toQString(text);
                });
            } else if (key == "nodeInfo") {
                forEachField(member, [&](std::string_view infoKey, od::value& info) {
                    if (infoKey == "kubeletVersion")
                        out.kubeletVersion = qstringOf(info);
                    else if (infoKey == "kubeProxyVersion")
                        out.kubeProxyVersion = qstringOf(info);
                    else if (infoKey == "containerRuntimeVersion")
                        out.containerRuntimeVersion = qstringOf(info);
                    else if (infoKey == "kernelVersion")
                        out.kernelVersion = qstringOf(info);
                    else if (infoKey == "osImage")
                        out.osImage = qstringOf(info);
                    else if (infoKey == "operatingSystem")
                        out.operatingSystem = internedOf(info, ctx);
                    else if (infoKey == "architecture")
                        out.architecture = internedOf(info, ctx);
                });
            }
        });
    }

    void deriveFromLabels(NodeInfo& out, DecodeContext& ctx)
    {
        static constexpr QLatin1StringView RolePrefix("node-role.kubernetes.io/");
        QString zone, region;
        for (const Label& label : out.meta.labels) {
            const QString& key = label.key.toString();
            if (key.startsWith(RolePrefix)) {
                const QString role = key.mid(RolePrefix.size());
                if (!role.isEmpty())
                    out.roles.append(role);
            } else if (key == QLatin1StringView("kubernetes.io/role")) {
                if (!label.value.isEmpty())
                    out.roles.append(label.value.toString());
            } else if (key == QLatin1StringView("topology.kubernetes.io/zone")) {
                zone = label.value.toString();
            } else if (key == QLatin1StringView("failure-domain.beta.kubernetes.io/zone") && zone.isEmpty()) {
                zone = label.value.toString();
            } else if (key == QLatin1StringView("topology.kubernetes.io/region")) {
                region = label.value.toString();
            } else if (key == QLatin1StringView("failure-domain.beta.kubernetes.io/region") && region.isEmpty()) {
                region = label.value.toString();
            }
        }
        out.roles.sort();
        out.roles.removeDuplicates();
        out.zone = ctx.pool.intern(QStringView(zone));
        out.region = ctx.pool.intern(QStringView(region));
    }

    void splitRuntime(NodeInfo& out, DecodeContext& ctx)
    {
        const qsizetype separator = out.containerRuntimeVersion.indexOf(QLatin1StringView("://"));
        if (separator < 0) {
            out.runtimeName = ctx.pool.intern(QStringView(out.containerRuntimeVersion));
            return;
        }
        out.runtimeName = ctx.pool.intern(QStringView(out.containerRuntimeVersion).left(separator));
        out.runtimeVersion = out.containerRuntimeVersion.mid(separator + 3);
    }

    void parseFlannelBackendData(std::string_view json, FlannelNodeAnnotations& out, DecodeContext& ctx)
    {
        out.backendData = toQString(json);
        parseEmbeddedJson(json, ctx, [&](od::value& root) {
            forEachField(root, [&](std::string_view key, od::value& member) {
                if (key == "VNI")
                    out.vni = int32Of(member, -1);
                else if (key == "VtepMAC")
                    out.vtepMac = qstringOf(member);
            });
        });
    }

} // namespace

void decodeInto(od::value& object, NodeInfo& out, DecodeContext& ctx)
{
    std::string_view backendData;
    forEachField(object, [&](std::string_view key, od::value& member) {
        if (key == "metadata") {
            decodeMetadata(member, out.meta, ctx, true,
                [&](std::string_view k, std::string_view v) { onNodeAnnotation(out, k, v, backendData); });
        } else if (key == "spec") {
            decodeNodeSpec(member, out, ctx);
        } else if (key == "status") {
            decodeNodeStatus(member, out, ctx);
        }
    });
    deriveFromLabels(out, ctx);
    splitRuntime(out, ctx);
    if (!backendData.empty())
        parseFlannelBackendData(backendData, out.flannel, ctx);
}

} // namespace minato::fleet::detail
