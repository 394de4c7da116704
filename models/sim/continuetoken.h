// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

#include <optional>

namespace minato::sim {

// The list continue token, encoded like the apiserver's: base64 of
// {"v":"meta.k8s.io/v1","rv":<snapshot revision>,"start":"<next key>"}. rv -1 means
// "continue at the newest revision", the token a 410 hands out for an inconsistent remainder.
struct ContinueToken
{
    qint64 resourceVersion = 0;
    QByteArray startKey;

    QByteArray encode() const;
    static std::optional<ContinueToken> decode(const QByteArray& token);
};

} // namespace minato::sim
