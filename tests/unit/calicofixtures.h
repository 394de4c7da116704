// SPDX-License-Identifier: Apache-2.0
#pragma once

// Loads an upstream Calico topology (projectcalico.org/v3 documents, such as confd's mock
// data) into a ClusterStore as a Kubernetes-datastore cluster holds it: IPPool,
// BGPConfiguration and BGPPeer as their crd.projectcalico.org/v1 twins (same spec fields),
// and each v3 Node as the Kubernetes Node that calico-node annotates
// (projectcalico.org/IPv4Address, …/RouteReflectorClusterID: libcalico-go's
// lib/backend/k8s/resources/node.go).

#include "storefixtures.h"
#include "util/yamljson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <functional>

inline QJsonObject calicoNodeAsKubernetesNode(const QJsonObject& v3)
{
    const QJsonObject meta = v3.value(u"metadata").toObject();
    const QJsonObject bgp = v3.value(u"spec").toObject().value(u"bgp").toObject();
    QJsonObject labels;
    const QJsonObject v3Labels = meta.value(u"labels").toObject();
    for (auto it = v3Labels.begin(); it != v3Labels.end(); ++it) // label values are strings
        labels.insert(it.key(), it->isBool() ? QString::fromLatin1(it->toBool() ? "true" : "false") : it->toVariant().toString());
    QJsonObject annotations;
    const auto annotate = [&](const char* field, const char* annotation) {
        if (bgp.contains(QLatin1String(field)))
            annotations.insert(QLatin1String(annotation), bgp.value(QLatin1String(field)).toString());
    };
    annotate("ipv4Address", "projectcalico.org/IPv4Address");
    annotate("ipv6Address", "projectcalico.org/IPv6Address");
    annotate("ipv4IPIPTunnelAddr", "projectcalico.org/IPv4IPIPTunnelAddr");
    annotate("routeReflectorClusterID", "projectcalico.org/RouteReflectorClusterID");
    if (bgp.contains(u"asNumber"))
        annotations.insert(u"projectcalico.org/ASNumber"_qs, QString::number(bgp.value(u"asNumber").toInteger()));
    const QString name = meta.value(u"name").toString();
    return QJsonObject {
        { u"apiVersion"_qs, u"v1"_qs },
        { u"kind"_qs, u"Node"_qs },
        { u"metadata"_qs,
            QJsonObject { { u"name"_qs, name },
                { u"uid"_qs, QUuid::createUuidV5(QUuid(), u"Node/"_qs + name).toString(QUuid::WithoutBraces) },
                { u"labels"_qs, labels }, { u"annotations"_qs, annotations } } },
        { u"status"_qs,
            QJsonObject {
                { u"conditions"_qs, QJsonArray { QJsonObject { { u"type"_qs, u"Ready"_qs }, { u"status"_qs, u"True"_qs } } } },
                { u"addresses"_qs,
                    QJsonArray { QJsonObject { { u"type"_qs, u"InternalIP"_qs },
                        { u"address"_qs, bgp.value(u"ipv4Address").toString().section(u'/', 0, 0) } } } },
            } },
    };
}

// A CalicoNodeStatus as calico-node fills it in (status.bgp.peersV4, §3.9 of the domain notes).
// (QJsonObject rather than raw string literals: moc cannot read those in test files.)
inline QJsonObject calicoPeerStatus(const char* ip, const char* state, const char* since)
{
    return QJsonObject { { u"peerIP"_qs, QString::fromLatin1(ip) }, { u"type"_qs, u"NodePeer"_qs },
        { u"state"_qs, QString::fromLatin1(state) }, { u"since"_qs, QString::fromLatin1(since) } };
}

inline QByteArray calicoNodeStatusJson(const char* node, const QJsonArray& peers)
{
    const QString name = QString::fromLatin1(node);
    const QJsonObject object {
        { u"apiVersion"_qs, u"crd.projectcalico.org/v1"_qs },
        { u"kind"_qs, u"CalicoNodeStatus"_qs },
        { u"metadata"_qs,
            QJsonObject { { u"name"_qs, name }, { u"uid"_qs, QUuid::createUuidV5(QUuid(), name).toString(QUuid::WithoutBraces) } } },
        { u"spec"_qs, QJsonObject { { u"node"_qs, name }, { u"classes"_qs, QJsonArray { u"BGP"_qs } } } },
        { u"status"_qs, QJsonObject { { u"bgp"_qs, QJsonObject { { u"peersV4"_qs, peers } } } } },
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// Every object of an upstream YAML file that network analysis reads (Calico v3 or v1
// objects, ConfigMaps, Nodes) goes into the store; `edit` may change or drop (clear) each
// document first, to derive a variant.
inline void feedCalicoTopology(minato::fleet::ClusterStore& store, const QString& fixture,
    const std::function<void(QJsonObject&)>& edit = {})
{
    using minato::fleet::WatchedKind;
    const auto documents = minato::YamlJson::documents(readFixture(fixture), fixture);
    QVERIFY2(documents.hasValue(), qPrintable(fixture));
    QMap<WatchedKind, QList<QByteArray>> items;
    for (const QJsonValue& value : *documents) {
        QJsonObject object = value.toObject();
        if (edit)
            edit(object);
        if (object.isEmpty())
            continue;
        const QString kind = object.value(u"kind").toString();
        const bool calicoV3 = object.value(u"apiVersion").toString() == u"projectcalico.org/v3";
        if (kind == u"Node" && calicoV3) {
            items[WatchedKind::Nodes] << QJsonDocument(calicoNodeAsKubernetesNode(object)).toJson(QJsonDocument::Compact);
            continue;
        }
        const std::optional<WatchedKind> watched = kind == u"IPPool" ? WatchedKind::CalicoIpPools
            : kind == u"BGPPeer"                                     ? WatchedKind::CalicoBgpPeers
            : kind == u"BGPConfiguration"                            ? WatchedKind::CalicoBgpConfigurations
            : kind == u"FelixConfiguration"                          ? WatchedKind::CalicoFelixConfigurations
            : kind == u"BlockAffinity"                               ? WatchedKind::CalicoBlockAffinities
            : kind == u"ConfigMap"                                   ? WatchedKind::ConfigMaps
            : kind == u"Node"                                        ? WatchedKind::Nodes
                                                                     : std::optional<WatchedKind>();
        if (!watched)
            continue; // BGPFilter and others no view reads
        if (calicoV3)
            object.insert(u"apiVersion"_qs, u"crd.projectcalico.org/v1"_qs);
        QJsonObject meta = object.value(u"metadata").toObject();
        meta.insert(u"uid"_qs, QUuid::createUuidV5(QUuid(), kind + u'/' + meta.value(u"name").toString()).toString(QUuid::WithoutBraces));
        object.insert(u"metadata"_qs, meta);
        if (object.value(u"spec").isNull())
            object.insert(u"spec"_qs, QJsonObject());
        items[*watched] << QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    for (auto it = items.begin(); it != items.end(); ++it)
        feedStoreItems(store, it.key(), it.value());
}
