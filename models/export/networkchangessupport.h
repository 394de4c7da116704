// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the network change builders (networkchanges*.cpp) share; not part of the API.

#include "export/networkchanges.h"
#include "util/ipaddress.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace minato::changes::networkdetail {

// Calico's encapsulation modes; an absent mode is Never.
inline const QString Never = QStringLiteral("Never");
bool isEncapsulationMode(const QString& mode);
QString modeOf(const QJsonObject& poolSpec, const char* field);

QJsonObject specOf(const QJsonObject& manifest);
QString nameOf(const QJsonObject& manifest);

// apiVersion, kind, metadata.name and spec: a new cluster-scoped Calico object.
QJsonObject calicoManifest(
    const QString& apiVersion, const QString& kind, const QString& name, const QJsonObject& spec);

// A BGPPeer's peerIP: an address with an optional port ("10.0.0.1:179", "[fd00::1]:179").
struct PeerAddress
{
    IpAddress address;
    int port = 0; // 0: Calico's default, 179
    QString text() const; // canonical: the address, "addr:port" or "[addr]:port"
};
std::optional<PeerAddress> parsePeerAddress(const QString& text);

// An RFC 1123 subdomain, what Calico accepts as the name of its objects.
bool isObjectName(const QString& name);

// Refused because the cluster does not serve the Calico kind a new object needs.
KubeError notServed(const QString& cluster, const char* kind);

} // namespace minato::changes::networkdetail
