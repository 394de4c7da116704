// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>

namespace minato::sim {

// PEM-encoded TLS material, kept in memory only: keys never touch the disk.
struct TlsMaterial
{
    QByteArray caCertificate; // what the kubeconfig's certificate-authority-data carries
    QByteArray serverCertificate; // signed by the CA, for IP:127.0.0.1 and DNS:localhost
    QByteArray serverKey; // PKCS#8
};

// A throw-away certificate authority made at start-up (EC P-256, SHA-256), so every run of
// the simulator serves TLS that clients verify properly instead of skipping verification.
class CertificateAuthority
{
public:
    static Expected<TlsMaterial> generate(int validDays = 30);
};

} // namespace minato::sim
