// SPDX-License-Identifier: Apache-2.0
#include "pemcheck.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <vector>

#include <ctime>
#include <memory>

namespace minato::kube {

namespace {

struct BioFree
{
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509* cert) const { X509_free(cert); }
};
struct PKeyFree
{
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PKeyPtr = std::unique_ptr<EVP_PKEY, PKeyFree>;

BioPtr memoryBio(const QByteArray& data)
{
    return BioPtr(BIO_new_mem_buf(data.constData(), static_cast<int>(data.size())));
}

// Without a callback OpenSSL would prompt on the terminal for an encrypted key's passphrase;
// a dashboard must never block on that, so encrypted keys simply fail to load.
int refusePassphrase(char*, int, int, void*)
{
    return -1;
}

std::vector<X509Ptr> readCertificates(const QByteArray& pem)
{
    std::vector<X509Ptr> certs;
    BioPtr bio = memoryBio(pem);
    if (!bio)
        return certs;
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr))
        certs.emplace_back(cert);
    // The loop ends on "no start line"; that error is expected and must not leak into later calls.
    ERR_clear_error();
    return certs;
}

PKeyPtr readPrivateKey(const QByteArray& pem)
{
    BioPtr bio = memoryBio(pem);
    if (!bio)
        return {};
    PKeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr));
    ERR_clear_error();
    return key;
}

} // namespace

QString PemCheck::certificateProblem(const QByteArray& pem)
{
    if (pem.trimmed().isEmpty())
        return QStringLiteral("it is empty");
    if (!pem.contains("-----BEGIN"))
        return QStringLiteral("it is not PEM (no BEGIN line)");
    if (readCertificates(pem).empty())
        return QStringLiteral("it holds no parseable X.509 certificate");
    return {};
}

QString PemCheck::privateKeyProblem(const QByteArray& pem)
{
    if (pem.trimmed().isEmpty())
        return QStringLiteral("it is empty");
    if (!pem.contains("-----BEGIN"))
        return QStringLiteral("it is not PEM (no BEGIN line)");
    if (pem.contains("ENCRYPTED"))
        return QStringLiteral("it is encrypted; Kubernetes clients need an unencrypted key");
    if (!readPrivateKey(pem))
        return QStringLiteral("it holds no parseable private key");
    return {};
}

bool PemCheck::keyMatchesCertificate(const QByteArray& certificatePem, const QByteArray& keyPem)
{
    const std::vector<X509Ptr> certs = readCertificates(certificatePem);
    const PKeyPtr key = readPrivateKey(keyPem);
    if (certs.empty() || !key)
        return false;
    const bool matches = X509_check_private_key(certs.front().get(), key.get()) == 1;
    ERR_clear_error();
    return matches;
}

std::optional<QDateTime> PemCheck::earliestExpiry(const QByteArray& pem)
{
    std::optional<QDateTime> earliest;
    for (const X509Ptr& cert : readCertificates(pem)) {
        std::tm tm {};
        if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) != 1)
            continue;
        const QDateTime notAfter(
            QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
        if (!earliest || notAfter < *earliest)
            earliest = notAfter;
    }
    return earliest;
}

} // namespace minato::kube
