// SPDX-License-Identifier: Apache-2.0
// Route reflectors and top-of-rack peers, following Calico's BGP guide
// (https://docs.tigera.io/calico/latest/networking/configuring/bgp).
#include "export/networkchanges.h"

#include "export/networkchangessupport.h"
#include "export/operations.h"

#include <algorithm>
#include <limits>

namespace minato::changes {

using namespace networkdetail;

namespace {

    // In the Kubernetes datastore calico-node keeps a node's BGP spec as annotations of the
    // Kubernetes Node (libcalico-go lib/backend/k8s/resources/node.go; fleet/nodedecoder.cpp).
    const QString RouteReflectorLabel = QStringLiteral("route-reflector");
    const QString ClusterIdAnnotation = QStringLiteral("projectcalico.org/RouteReflectorClusterID");
    const QString RouteReflectorSelector = QStringLiteral("route-reflector == 'true'");
    const QString AllNodes = QStringLiteral("all()");

    QJsonObject metadataMap(const QJsonObject& manifest, const char* field)
    {
        return manifest.value(QLatin1String("metadata")).toObject().value(QLatin1String(field)).toObject();
    }

    Expected<QList<Change>> nodeChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs,
        const QString& clusterId, QStringList& notes)
    {
        QList<Change> changes;
        for (const QString& wanted : request.routeReflectorNodes) {
            const auto node = std::find_if(inputs.nodes.cbegin(), inputs.nodes.cend(),
                [&wanted](const QJsonObject& object) { return nameOf(object) == wanted; });
            if (node == inputs.nodes.cend())
                return operationRefused(QStringLiteral("Node %1 not found on cluster %2").arg(wanted, request.cluster));
            if (node->value(QLatin1String("kind")).toString() != QLatin1String("Node"))
                return operationRefused(QStringLiteral("%1 is no Node").arg(wanted));
            const QJsonObject labels = metadataMap(*node, "labels");
            const QString currentId = metadataMap(*node, "annotations").value(ClusterIdAnnotation).toString();
            QJsonObject metadata;
            QStringList parts;
            if (labels.value(RouteReflectorLabel).toString() != QLatin1String("true")) {
                metadata.insert(
                    QStringLiteral("labels"), QJsonObject { { RouteReflectorLabel, QStringLiteral("true") } });
                parts << QStringLiteral("label route-reflector=true");
            }
            if (currentId != clusterId) {
                metadata.insert(QStringLiteral("annotations"), QJsonObject { { ClusterIdAnnotation, clusterId } });
                parts << QStringLiteral("cluster ID ") + clusterId;
            }
            if (metadata.isEmpty()) {
                notes << QStringLiteral("Node %1 is a route reflector already (cluster ID %2)").arg(wanted, clusterId);
                continue;
            }
            Change change = patchChange(QStringLiteral("route-reflector"), request.cluster, *node,
                QJsonObject { { QStringLiteral("metadata"), metadata } }, {});
            change.summary = QStringLiteral("route reflector Node %1: %2").arg(wanted, parts.join(QLatin1String(", ")));
            if (!currentId.isEmpty() && currentId != clusterId)
                change.warnings << QStringLiteral("Node %1 had route reflector cluster ID %2").arg(wanted, currentId);
            changes << change;
        }
        return changes;
    }

    Expected<std::optional<Change>> peerChange(
        const NetworkChangeRequest& request, const NetworkChangeInputs& inputs, const QString& name, QStringList& notes)
    {
        if (inputs.bgpPeer) {
            const QJsonObject spec = specOf(*inputs.bgpPeer);
            QJsonObject expected { { QStringLiteral("nodeSelector"), AllNodes },
                { QStringLiteral("peerSelector"), RouteReflectorSelector } };
            if (spec != expected)
                return operationRefused(QStringLiteral(
                    "BGPPeer %1 already exists on cluster %2 with another spec: choose another peer name")
                                            .arg(name, request.cluster));
            notes << QStringLiteral("BGPPeer %1 already peers every node with the route reflectors").arg(name);
            return std::optional<Change>();
        }
        if (inputs.apiVersions.bgpPeer.isEmpty())
            return notServed(request.cluster, "BGPPeer");
        const QJsonObject manifest = calicoManifest(inputs.apiVersions.bgpPeer, QStringLiteral("BGPPeer"), name,
            QJsonObject { { QStringLiteral("nodeSelector"), AllNodes },
                { QStringLiteral("peerSelector"), RouteReflectorSelector } });
        return std::optional<Change>(creationChange(QStringLiteral("bgp-peer"), request.cluster, manifest,
            QStringLiteral("create BGPPeer %1: nodes %2 peer with %3").arg(name, AllNodes, RouteReflectorSelector)));
    }

    Expected<std::optional<Change>> meshChange(
        const NetworkChangeRequest& request, const NetworkChangeInputs& inputs, QStringList& notes)
    {
        const QString order = QStringLiteral(
            "turn the mesh off last: apply the route reflector labels and the BGPPeer first and wait until their "
            "sessions are Established (calicoctl node status), or nodes lose their routes in between");
        if (!inputs.bgpConfiguration) {
            if (inputs.apiVersions.bgpConfiguration.isEmpty())
                return notServed(request.cluster, "BGPConfiguration");
            // asNumber stays unset, as the guide's example leaves it: Calico's default, 64512.
            const QJsonObject manifest
                = calicoManifest(inputs.apiVersions.bgpConfiguration, QStringLiteral("BGPConfiguration"),
                    QStringLiteral("default"), QJsonObject { { QStringLiteral("nodeToNodeMeshEnabled"), false } });
            Change change = creationChange(QStringLiteral("bgp-mesh"), request.cluster, manifest,
                QStringLiteral("create BGPConfiguration default: nodeToNodeMeshEnabled false (asNumber unset: "
                               "Calico's default 64512)"));
            change.warnings << order;
            return std::optional<Change>(change);
        }
        const QJsonObject spec = specOf(*inputs.bgpConfiguration);
        // Absent means on: Calico's default is the full mesh.
        if (!spec.value(QLatin1String("nodeToNodeMeshEnabled")).toBool(true)) {
            notes << QStringLiteral("the node-to-node mesh is off already");
            return std::optional<Change>();
        }
        QJsonObject specPatch { { QStringLiteral("nodeToNodeMeshEnabled"), false } };
        QStringList dropped;
        // The CRD refuses these with the mesh off (its x-kubernetes-validations).
        for (const char* field : { "nodeMeshPassword", "nodeMeshMaxRestartTime" }) {
            if (spec.contains(QLatin1String(field))) {
                specPatch.insert(QLatin1String(field), QJsonValue::Null);
                dropped << QLatin1String(field);
            }
        }
        Change change = patchChange(QStringLiteral("bgp-mesh"), request.cluster, *inputs.bgpConfiguration,
            QJsonObject { { QStringLiteral("spec"), specPatch } }, {});
        change.summary
            = QStringLiteral("nodeToNodeMeshEnabled %1 → false on BGPConfiguration %2")
                  .arg(spec.contains(QLatin1String("nodeToNodeMeshEnabled")) ? QStringLiteral("true")
                                                                             : QStringLiteral("unset (true)"),
                      nameOf(*inputs.bgpConfiguration));
        change.warnings << order;
        if (!dropped.isEmpty())
            change.warnings << QStringLiteral("removed %1: Calico allows it only with the mesh on")
                                   .arg(dropped.join(QLatin1String(" and ")));
        return std::optional<Change>(change);
    }

} // namespace

Expected<QList<Change>> routeReflectorChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs)
{
    const Expected<QList<NetworkFetch>> checked = networkFetches(request);
    if (!checked)
        return checked.error();
    if (request.kind != NetworkChangeKind::RouteReflectors)
        return operationRefused(QStringLiteral("not a route reflector request"));
    const QString clusterId = request.routeReflectorClusterId.isEmpty()
        ? QString::fromLatin1(DefaultRouteReflectorClusterId)
        : request.routeReflectorClusterId;
    QStringList notes;
    Expected<QList<Change>> changes = nodeChanges(request, inputs, clusterId, notes);
    if (!changes)
        return changes.error();
    const Expected<std::optional<Change>> peer = peerChange(request, inputs, networkPeerName(request), notes);
    if (!peer)
        return peer.error();
    if (*peer)
        changes->append(**peer);
    const Expected<std::optional<Change>> mesh = meshChange(request, inputs, notes);
    if (!mesh)
        return mesh.error();
    if (*mesh)
        changes->append(**mesh);
    if (changes->isEmpty())
        return operationRefused(QStringLiteral("nothing to change on cluster %1: %2")
                                    .arg(request.cluster, notes.join(QLatin1String("; "))));
    if (request.routeReflectorNodes.size() == 1)
        notes << QStringLiteral("a single route reflector: when it is down no node learns routes; Calico advises at "
                                "least two");
    changes->first().warnings += notes;
    return changes;
}

Expected<QList<Change>> torPeerChanges(const NetworkChangeRequest& request, const NetworkChangeInputs& inputs)
{
    const Expected<QList<NetworkFetch>> checked = networkFetches(request);
    if (!checked)
        return checked.error();
    if (request.kind != NetworkChangeKind::TorPeer)
        return operationRefused(QStringLiteral("not a top-of-rack peer request"));
    const QString name = networkPeerName(request);
    if (inputs.bgpPeer)
        return operationRefused(QStringLiteral("BGPPeer %1 already exists on cluster %2: choose another peer name")
                                    .arg(name, request.cluster));
    if (inputs.apiVersions.bgpPeer.isEmpty())
        return notServed(request.cluster, "BGPPeer");
    const PeerAddress address = *parsePeerAddress(request.peerIp);
    const QString selector = request.nodeSelector.trimmed();
    QJsonObject spec { { QStringLiteral("peerIP"), address.text() },
        { QStringLiteral("asNumber"), QJsonValue(request.asNumber) } };
    if (!selector.isEmpty())
        spec.insert(QStringLiteral("nodeSelector"), selector);
    Change change = creationChange(QStringLiteral("bgp-peer"), request.cluster,
        calicoManifest(inputs.apiVersions.bgpPeer, QStringLiteral("BGPPeer"), name, spec),
        QStringLiteral("create BGPPeer %1: peerIP %2 AS %3 from %4")
            .arg(name, address.text(), QString::number(request.asNumber),
                selector.isEmpty() ? QStringLiteral("every node") : QStringLiteral("nodes ") + selector));
    if (request.asNumber > std::numeric_limits<qint32>::max())
        change.warnings << QStringLiteral("Calico's CRDs declare asNumber as int32: the API server refuses AS %1 "
                                          "(above 2147483647) until Calico fixes it (projectcalico/calico#13494)")
                               .arg(QString::number(request.asNumber));
    return QList<Change> { change };
}

} // namespace minato::changes
