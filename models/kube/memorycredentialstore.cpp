// SPDX-License-Identifier: Apache-2.0
#include "memorycredentialstore.h"

namespace minato::kube {

MemoryCredentialStore::MemoryCredentialStore(QObject* parent)
    : CredentialStore(parent)
{
}

MemoryCredentialStore::~MemoryCredentialStore()
{
    for (QByteArray& secret : m_secrets)
        secret.fill('\0');
}

void MemoryCredentialStore::read(const QString& key, QObject* context, ReadCallback callback)
{
    ReadCallback done = guarded(context, std::move(callback));
    Expected<QByteArray> result = m_failure ? Expected<QByteArray>(*m_failure)
        : m_secrets.contains(key)
        ? Expected<QByteArray>(m_secrets.value(key))
        : Expected<QByteArray>(KubeError::make(ErrorKind::NotFound, QStringLiteral("no secret stored for ") + key));
    // Queued, like the keychain: callers must not come to rely on an answer inside the call.
    QMetaObject::invokeMethod(
        this, [done = std::move(done), result = std::move(result)] {
            if (done)
                done(result);
        },
        Qt::QueuedConnection);
}

void MemoryCredentialStore::write(const QString& key, const QByteArray& secret, QObject* context, DoneCallback callback)
{
    DoneCallback done = guarded(context, std::move(callback));
    const std::optional<KubeError> error = m_failure;
    if (!error)
        m_secrets.insert(key, secret);
    QMetaObject::invokeMethod(
        this, [done = std::move(done), error] {
            if (done)
                done(error);
        },
        Qt::QueuedConnection);
}

void MemoryCredentialStore::remove(const QString& key, QObject* context, DoneCallback callback)
{
    DoneCallback done = guarded(context, std::move(callback));
    const std::optional<KubeError> error = m_failure;
    if (!error)
        m_secrets.remove(key);
    QMetaObject::invokeMethod(
        this, [done = std::move(done), error] {
            if (done)
                done(error);
        },
        Qt::QueuedConnection);
}

void MemoryCredentialStore::setFailure(const std::optional<KubeError>& error)
{
    m_failure = error;
}

} // namespace minato::kube
