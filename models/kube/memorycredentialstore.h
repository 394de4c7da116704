// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/credentialstore.h"

#include <QHash>

namespace minato::kube {

// A CredentialStore in memory, with the same asynchronous behaviour as the keychain one:
// for unit tests of code that reads or writes secrets, and for runs without a keychain.
class MemoryCredentialStore : public CredentialStore
{
    Q_OBJECT
public:
    explicit MemoryCredentialStore(QObject* parent = nullptr);
    ~MemoryCredentialStore() override;

    void read(const QString& key, QObject* context, ReadCallback callback) override;
    void write(const QString& key, const QByteArray& secret, QObject* context, DoneCallback callback) override;
    void remove(const QString& key, QObject* context, DoneCallback callback) override;

    // Makes every following operation fail with error (a locked or missing keychain), or
    // work again with std::nullopt.
    void setFailure(const std::optional<KubeError>& error);
    // Synchronous view for test assertions.
    bool contains(const QString& key) const { return m_secrets.contains(key); }
    qsizetype size() const { return m_secrets.size(); }

private:
    QHash<QString, QByteArray> m_secrets;
    std::optional<KubeError> m_failure;
};

} // namespace minato::kube
