// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>

#include <optional>

namespace minato::kube {

// What an exec credential plugin returned: a bearer token, a client certificate/key pair
// (PEM, as the plugin printed them), or both. Every field but the expiration is a secret:
// nothing may log, persist or display it.
struct ExecCredential
{
    QByteArray token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    // Absent means "valid until the server rejects it" (a 401 triggers invalidate()).
    std::optional<QDateTime> expiration;

    bool hasToken() const { return !token.isEmpty(); }
    bool hasClientCertificate() const { return !clientCertificatePem.isEmpty() && !clientKeyPem.isEmpty(); }
};

} // namespace minato::kube

Q_DECLARE_METATYPE(minato::kube::ExecCredential)
