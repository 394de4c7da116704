// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/credentialstore.h"

namespace QKeychain {
class Job;
}

namespace minato::kube {

// A CredentialStore in the OS keychain through qtkeychain (the Secret Service on Linux:
// gnome-keyring, KWallet). Never falls back to a plain-text file: without a keychain every
// operation fails with ErrorKind::Credentials, quickly and with qtkeychain's explanation.
class KeychainCredentialStore : public CredentialStore
{
    Q_OBJECT
public:
    explicit KeychainCredentialStore(QObject* parent = nullptr);
    // service groups the entries in the keychain; the application uses "minato".
    explicit KeychainCredentialStore(const QString& service, QObject* parent = nullptr);
    ~KeychainCredentialStore() override;

    void read(const QString& key, QObject* context, ReadCallback callback) override;
    void write(const QString& key, const QByteArray& secret, QObject* context, DoneCallback callback) override;
    void remove(const QString& key, QObject* context, DoneCallback callback) override;

    QString service() const { return m_service; }

private:
    void prepare(QKeychain::Job* job, const QString& key) const;

    QString m_service;
};

} // namespace minato::kube
