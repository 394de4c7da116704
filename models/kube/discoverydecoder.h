// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/discoverytypes.h"
#include "kube/payloaddecoder.h"
#include "util/kubeerror.h"

#include <optional>

namespace minato::kube {

// What DiscoveryDecoder made of one discovery body; which fields are set depends on its mode.
struct DiscoveryPayload : DecodedPayload
{
    std::optional<KubeError> error; // Parse, when the body was not the expected document
    ServerVersion version; // Version
    QStringList coreVersions; // CoreVersions (/api: APIVersions.versions)
    QList<ApiGroupInfo> groups; // GroupList
    QString groupVersion; // ResourceList
    QList<ApiResourceInfo> resources; // ResourceList
};

// Decodes the small discovery documents in the I/O thread (they are a few kilobytes, so
// QJsonDocument is plenty). Stateless; one per request or shared.
class DiscoveryDecoder : public PayloadDecoder
{
public:
    enum class Mode
    {
        Version, // /version
        CoreVersions, // /api
        GroupList, // /apis
        ResourceList, // /api/v1, /apis/{group}/{version}
    };

    explicit DiscoveryDecoder(Mode mode)
        : m_mode(mode)
    { }

    DecodedPayloadPtr decodeBody(const QByteArray& body) override;
    DecodedPayloadPtr decodeStreamLines(const QByteArray& lines) override; // not a stream: a Parse error

    // The decoding itself, for tests.
    static DiscoveryPayload decode(Mode mode, const QByteArray& body);

private:
    Mode m_mode;
};

} // namespace minato::kube
