// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace minato::kube {

// The parts of an OIDC id-token (a JWT) Minato looks at without verifying it: the API server
// verifies the signature, we only need to know whether the token is still worth sending.
class OidcIdToken
{
public:
    explicit OidcIdToken(const QByteArray& jwt);

    bool isWellFormed() const { return m_wellFormed; } // three segments, JSON object payload
    std::optional<QDateTime> expiry() const { return m_expiry; } // the "exp" claim, UTC
    bool isExpiredAt(const QDateTime& now) const { return m_expiry && *m_expiry <= now; }

private:
    bool m_wellFormed = false;
    std::optional<QDateTime> m_expiry;
};

} // namespace minato::kube
