// SPDX-License-Identifier: Apache-2.0
#include "certificateauthority.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace minato::sim {

namespace {

    template <typename T, void (*Free)(T*)> struct Deleter
    {
        void operator()(T* p) const { Free(p); }
    };
    using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
    using CertPtr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
    using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
    using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

    KubeError opensslError(const char* what)
    {
        char buffer[256] = {};
        ERR_error_string_n(ERR_get_error(), buffer, sizeof buffer);
        return KubeError::make(ErrorKind::Tls,
            QStringLiteral("cannot create the simulator's certificates: %1").arg(QString::fromLatin1(what)),
            QString::fromLatin1(buffer));
    }

    bool addExtension(X509* certificate, X509* issuer, int nid, const char* value)
    {
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
        X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
        if (!extension)
            return false;
        const bool ok = X509_add_ext(certificate, extension, -1) == 1;
        X509_EXTENSION_free(extension);
        return ok;
    }

    CertPtr makeCertificate(EVP_PKEY* key, const char* commonName, X509* issuer, int validDays)
    {
        CertPtr certificate(X509_new());
        if (!certificate || X509_set_version(certificate.get(), 2) != 1)
            return nullptr;
        // A random 127-bit serial: positive, unique, as RFC 5280 asks.
        BnPtr serial(BN_new());
        if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1
            || !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())))
            return nullptr;
        // Back-dated an hour so a client clock slightly behind still accepts it.
        X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(validDays) * 24 * 3600);
        X509_NAME* name = X509_get_subject_name(certificate.get());
        X509_NAME_add_entry_by_txt(
            name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("minato-sim"), -1, -1, 0);
        X509_NAME_add_entry_by_txt(
            name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(commonName), -1, -1, 0);
        X509_set_issuer_name(certificate.get(), issuer ? X509_get_subject_name(issuer) : name);
        if (X509_set_pubkey(certificate.get(), key) != 1)
            return nullptr;
        return certificate;
    }

    QByteArray drain(BIO* bio)
    {
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        return QByteArray(data, qsizetype(size));
    }

} // namespace

Expected<TlsMaterial> CertificateAuthority::generate(int validDays)
{
    KeyPtr caKey(EVP_EC_gen("P-256"));
    KeyPtr serverKey(EVP_EC_gen("P-256"));
    if (!caKey || !serverKey)
        return opensslError("key generation failed");

    CertPtr ca = makeCertificate(caKey.get(), "minato-sim CA", nullptr, validDays);
    if (!ca || !addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE")
        || !addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature")
        || !addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash")
        || X509_sign(ca.get(), caKey.get(), EVP_sha256()) <= 0)
        return opensslError("CA certificate");

    CertPtr server = makeCertificate(serverKey.get(), "127.0.0.1", ca.get(), validDays);
    if (!server || !addExtension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature")
        || !addExtension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(server.get(), ca.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost")
        || !addExtension(server.get(), ca.get(), NID_subject_key_identifier, "hash")
        || !addExtension(server.get(), ca.get(), NID_authority_key_identifier, "keyid:always")
        || X509_sign(server.get(), caKey.get(), EVP_sha256()) <= 0)
        return opensslError("server certificate");

    TlsMaterial material;
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), ca.get()) != 1)
        return opensslError("PEM encoding");
    material.caCertificate = drain(bio.get());
    bio.reset(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), server.get()) != 1)
        return opensslError("PEM encoding");
    material.serverCertificate = drain(bio.get());
    bio.reset(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return opensslError("PEM encoding");
    material.serverKey = drain(bio.get());
    return material;
}

} // namespace minato::sim
