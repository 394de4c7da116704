// SPDX-License-Identifier: Apache-2.0
#include "networkchanges.h"

#include "export/networkchangessupport.h"
#include "export/operations.h"
#include "util/calicoselector.h"
#include "util/ipnetwork.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace minato::changes {

namespace networkdetail {

    bool isEncapsulationMode(const QString& mode)
    {
        return mode == Never || mode == QLatin1String("Always") || mode == QLatin1String("CrossSubnet");
    }

    QString modeOf(const QJsonObject& poolSpec, const char* field)
    {
        const QString mode = poolSpec.value(QLatin1String(field)).toString();
        return mode.isEmpty() ? Never : mode;
    }

    QJsonObject specOf(const QJsonObject& manifest)
    {
        return manifest.value(QLatin1String("spec")).toObject();
    }

    QString nameOf(const QJsonObject& manifest)
    {
        return manifest.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    }

    QJsonObject calicoManifest(
        const QString& apiVersion, const QString& kind, const QString& name, const QJsonObject& spec)
    {
        return QJsonObject { { QStringLiteral("apiVersion"), apiVersion }, { QStringLiteral("kind"), kind },
            { QStringLiteral("metadata"), QJsonObject { { QStringLiteral("name"), name } } },
            { QStringLiteral("spec"), spec } };
    }

    QString PeerAddress::text() const
    {
        if (port == 0)
            return address.toString();
        return (address.isIPv6() ? QLatin1Char('[') + address.toString() + QLatin1Char(']') : address.toString())
            + QLatin1Char(':') + QString::number(port);
    }

    std::optional<PeerAddress> parsePeerAddress(const QString& text)
    {
        const QString trimmed = text.trimmed();
        if (const auto plain = IpAddress::parse(QStringView(trimmed)))
            return PeerAddress { *plain, 0 };
        // Calico's forms with a port: "<IPv4>:<port>" and "[<IPv6>]:<port>".
        static const QRegularExpression withPort(QStringLiteral("^(?:\\[([0-9A-Fa-f:.]+)\\]|([0-9.]+)):([0-9]{1,5})$"));
        const QRegularExpressionMatch match = withPort.match(trimmed);
        if (!match.hasMatch())
            return std::nullopt;
        const QString host = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        const auto address = IpAddress::parse(QStringView(host));
        const int port = match.captured(3).toInt();
        // Brackets are for IPv6 only; a bare IPv4 takes no brackets.
        if (!address || port < 1 || port > 65535 || address->isIPv6() != !match.captured(1).isEmpty())
            return std::nullopt;
        return PeerAddress { *address, port };
    }

    bool isObjectName(const QString& name)
    {
        static const QRegularExpression subdomain(
            QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
        return !name.isEmpty() && name.size() <= 253 && subdomain.match(name).hasMatch();
    }

    KubeError notServed(const QString& cluster, const char* kind)
    {
        return operationRefused(
            QStringLiteral("cluster %1 serves no Calico %2 (crd.projectcalico.org/v1 or projectcalico.org/v3)")
                .arg(cluster, QLatin1String(kind)));
    }

} // namespace networkdetail

using namespace networkdetail;

namespace {

    std::optional<KubeError> checkPool(const NetworkChangeRequest& request)
    {
        if (request.pool.isEmpty())
            return operationRefused(QStringLiteral("name the IPPool whose encapsulation changes"));
        for (const QString& mode : { request.ipipMode, request.vxlanMode }) {
            if (!mode.isEmpty() && !isEncapsulationMode(mode))
                return operationRefused(
                    QStringLiteral("\"%1\" is no encapsulation mode: Never, Always or CrossSubnet").arg(mode));
        }
        if (request.ipipMode.isEmpty() && request.vxlanMode.isEmpty())
            return operationRefused(
                QStringLiteral("give the new ipipMode or vxlanMode of IPPool %1").arg(request.pool));
        if (!request.ipipMode.isEmpty() && !request.vxlanMode.isEmpty() && request.ipipMode != Never
            && request.vxlanMode != Never)
            return operationRefused(QStringLiteral("Calico rejects an IPPool with both ipipMode and vxlanMode "
                                                   "enabled (ipipMode %1, vxlanMode %2): one of them must be Never")
                                        .arg(request.ipipMode, request.vxlanMode));
        return std::nullopt;
    }

    std::optional<KubeError> checkRouteReflectors(const NetworkChangeRequest& request)
    {
        if (request.routeReflectorNodes.isEmpty())
            return operationRefused(QStringLiteral("choose at least one node to be a route reflector"));
        QSet<QString> seen;
        for (const QString& node : request.routeReflectorNodes) {
            if (node.isEmpty())
                return operationRefused(QStringLiteral("a route reflector node has no name"));
            if (seen.contains(node))
                return operationRefused(QStringLiteral("Node %1 is chosen twice").arg(node));
            seen.insert(node);
        }
        const QString id = request.routeReflectorClusterId.isEmpty()
            ? QString::fromLatin1(DefaultRouteReflectorClusterId)
            : request.routeReflectorClusterId;
        const auto address = IpAddress::parse(QStringView(id));
        if (!address || !address->isIPv4())
            return operationRefused(
                QStringLiteral("the route reflector cluster ID \"%1\" is no IPv4 address (Calico's guide uses %2)")
                    .arg(id, QLatin1String(DefaultRouteReflectorClusterId)));
        return std::nullopt;
    }

    std::optional<KubeError> checkTorPeer(const NetworkChangeRequest& request)
    {
        if (!parsePeerAddress(request.peerIp))
            return operationRefused(
                QStringLiteral("\"%1\" is no peer address: an IPv4 or IPv6 address, \"<IPv4>:<port>\" or "
                               "\"[<IPv6>]:<port>\"")
                    .arg(request.peerIp));
        if (request.asNumber < 1 || request.asNumber > 4294967295LL)
            return operationRefused(
                QStringLiteral("AS %1 is out of range: 1 … 4294967295").arg(QString::number(request.asNumber)));
        QString error;
        if (!request.nodeSelector.trimmed().isEmpty() && !CalicoSelector::parse(request.nodeSelector, &error))
            return operationRefused(
                QStringLiteral("the node selector \"%1\" is no Calico selector: %2").arg(request.nodeSelector, error));
        return std::nullopt;
    }

    std::optional<KubeError> checkParameters(const NetworkChangeRequest& request)
    {
        if (request.cluster.isEmpty())
            return operationRefused(QStringLiteral("a network change needs its cluster"));
        switch (request.kind) {
        case NetworkChangeKind::PoolEncapsulation:
            return checkPool(request);
        case NetworkChangeKind::RouteReflectors:
            if (auto refused = checkRouteReflectors(request))
                return refused;
            break;
        case NetworkChangeKind::TorPeer:
            if (auto refused = checkTorPeer(request))
                return refused;
            break;
        case NetworkChangeKind::Mtu:
            if (request.mtu < 68 || request.mtu > 9000)
                return operationRefused(QStringLiteral("MTU %1 is out of range: 68 … 9000").arg(request.mtu));
            return std::nullopt;
        }
        const QString peer = networkPeerName(request);
        if (!isObjectName(peer))
            return operationRefused(
                QStringLiteral("\"%1\" is no valid BGPPeer name (lowercase letters, digits, '-' and '.')").arg(peer));
        return std::nullopt;
    }

    QString withDefault(const QString& value, const QString& fallback)
    {
        return value.isEmpty() ? fallback : value;
    }

} // namespace

QString networkChangeName(NetworkChangeKind kind)
{
    switch (kind) {
    case NetworkChangeKind::PoolEncapsulation:
        return QStringLiteral("encapsulation");
    case NetworkChangeKind::RouteReflectors:
        return QStringLiteral("route-reflectors");
    case NetworkChangeKind::TorPeer:
        return QStringLiteral("tor-peer");
    case NetworkChangeKind::Mtu:
        return QStringLiteral("mtu");
    }
    return {};
}

QString networkPeerName(const NetworkChangeRequest& request)
{
    if (!request.peerName.isEmpty())
        return request.peerName;
    if (request.kind == NetworkChangeKind::RouteReflectors)
        return QString::fromLatin1(DefaultRouteReflectorPeerName);
    const auto address = parsePeerAddress(request.peerIp);
    QString name
        = QStringLiteral("tor-") + (address ? address->address.toString() : request.peerIp.trimmed().toLower());
    return name.replace(QLatin1Char(':'), QLatin1Char('-'));
}

Expected<QList<NetworkFetch>> networkFetches(const NetworkChangeRequest& request)
{
    if (const auto refused = checkParameters(request))
        return *refused;
    const QString defaultName = QStringLiteral("default");
    switch (request.kind) {
    case NetworkChangeKind::PoolEncapsulation:
        return QList<NetworkFetch> { { NetworkObject::IpPool, request.pool, false } };
    case NetworkChangeKind::RouteReflectors: {
        QList<NetworkFetch> fetches;
        for (const QString& node : request.routeReflectorNodes)
            fetches.append({ NetworkObject::Node, node, false });
        fetches.append({ NetworkObject::BgpPeer, networkPeerName(request), true });
        fetches.append({ NetworkObject::BgpConfiguration, defaultName, true });
        return fetches;
    }
    case NetworkChangeKind::TorPeer:
        return QList<NetworkFetch> { { NetworkObject::BgpPeer, networkPeerName(request), true } };
    case NetworkChangeKind::Mtu:
        return QList<NetworkFetch> { { NetworkObject::IpPools, {}, false },
            { NetworkObject::FelixConfiguration, defaultName, true },
            { NetworkObject::CalicoConfig, QStringLiteral("calico-config"), true } };
    }
    return operationRefused(QStringLiteral("unknown network change"));
}

Expected<QList<Change>> networkChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs)
{
    switch (request.kind) {
    case NetworkChangeKind::PoolEncapsulation:
        return poolEncapsulationChanges(request, inputs);
    case NetworkChangeKind::RouteReflectors:
        return routeReflectorChanges(request, inputs);
    case NetworkChangeKind::TorPeer:
        return torPeerChanges(request, inputs);
    case NetworkChangeKind::Mtu:
        return mtuChanges(request, inputs);
    }
    return operationRefused(QStringLiteral("unknown network change"));
}

Expected<QList<Change>> poolEncapsulationChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs)
{
    if (const auto refused = checkParameters(request))
        return *refused;
    if (request.kind != NetworkChangeKind::PoolEncapsulation)
        return operationRefused(QStringLiteral("not a pool encapsulation request"));
    if (!inputs.ipPool)
        return operationRefused(QStringLiteral("IPPool %1 not found on cluster %2").arg(request.pool, request.cluster));
    const QJsonObject& pool = *inputs.ipPool;
    if (pool.value(QLatin1String("kind")).toString() != QLatin1String("IPPool"))
        return operationRefused(QStringLiteral("%1 is no IPPool").arg(nameOf(pool)));
    const QJsonObject spec = specOf(pool);
    const QString ipipBefore = modeOf(spec, "ipipMode");
    const QString vxlanBefore = modeOf(spec, "vxlanMode");
    const QString ipip = withDefault(request.ipipMode, ipipBefore);
    const QString vxlan = withDefault(request.vxlanMode, vxlanBefore);
    const QString name = nameOf(pool);
    // The CRD's own rules (x-kubernetes-validations), which schema validation cannot run.
    if (ipip != Never && vxlan != Never)
        return operationRefused(
            QStringLiteral("Calico rejects an IPPool with both ipipMode and vxlanMode enabled: IPPool %1 would have "
                           "ipipMode %2 and vxlanMode %3; set the other mode to Never in the same change")
                .arg(name, ipip, vxlan));
    const auto cidr = IpNetwork::parse(spec.value(QLatin1String("cidr")).toString());
    if (cidr && !cidr->isIPv4() && ipip != Never)
        return operationRefused(QStringLiteral("IPPool %1 is an IPv6 pool: Calico supports no IPIP on IPv6").arg(name));
    const QJsonArray uses = spec.value(QLatin1String("allowedUses")).toArray();
    if (uses.contains(QJsonValue(QStringLiteral("LoadBalancer"))) && (ipip != Never || vxlan != Never))
        return operationRefused(
            QStringLiteral("IPPool %1 is a LoadBalancer pool: Calico allows it no IPIP or VXLAN").arg(name));

    QJsonObject specPatch;
    QStringList parts;
    const auto set = [&](const char* field, const QString& before, const QString& after) {
        if (before == after)
            return;
        specPatch.insert(QLatin1String(field), after);
        parts << QStringLiteral("%1 %2 → %3").arg(QLatin1String(field), before, after);
    };
    set("ipipMode", ipipBefore, ipip);
    set("vxlanMode", vxlanBefore, vxlan);
    if (specPatch.isEmpty())
        return operationRefused(
            QStringLiteral("IPPool %1 already has ipipMode %2 and vxlanMode %3").arg(name, ipipBefore, vxlanBefore));
    Change change = patchChange(QStringLiteral("encapsulation"), request.cluster, pool,
        QJsonObject { { QStringLiteral("spec"), specPatch } }, {});
    change.summary = parts.join(QLatin1String(", ")) + QStringLiteral(" on IPPool ") + name;
    if (spec.value(QLatin1String("disabled")).toBool())
        change.warnings << QStringLiteral("IPPool %1 is disabled: Calico assigns no new addresses from it").arg(name);
    const bool wasIpip = ipipBefore != Never;
    const bool wasVxlan = vxlanBefore != Never;
    if ((wasIpip && vxlan != Never) || (wasVxlan && ipip != Never))
        change.warnings << QStringLiteral("switching IPPool %1 between IPIP and VXLAN makes every node rebuild its "
                                          "tunnel routes: expect a short interruption of pod traffic between nodes")
                               .arg(name);
    if (ipip == Never && vxlan == Never)
        change.warnings << QStringLiteral("without encapsulation the network between the nodes must route %1 itself "
                                          "(BGP peering with it, or all nodes on one L2 segment)")
                               .arg(spec.value(QLatin1String("cidr")).toString());
    return QList<Change> { change };
}

} // namespace minato::changes
