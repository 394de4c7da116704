// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace minato::kube {

// Load-time sanity checks of TLS material with OpenSSL, so a broken certificate shows up as a
// diagnostic on the context instead of as a handshake failure much later. Messages describe
// the problem only; they never contain the material.
class PemCheck
{
public:
    // Empty when `pem` holds at least one X.509 certificate, otherwise the reason it does not.
    static QString certificateProblem(const QByteArray& pem);
    // Empty when `pem` holds an unencrypted private key (RSA, EC, Ed25519, PKCS#8 …).
    static QString privateKeyProblem(const QByteArray& pem);
    // True when the first certificate's public key belongs to the private key.
    static bool keyMatchesCertificate(const QByteArray& certificatePem, const QByteArray& keyPem);
    // The earliest notAfter among the certificates, if any parse.
    static std::optional<QDateTime> earliestExpiry(const QByteArray& pem);
};

} // namespace minato::kube
