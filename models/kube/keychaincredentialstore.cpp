// SPDX-License-Identifier: Apache-2.0
#include "keychaincredentialstore.h"

#include "util/logging.h"

#include <qt6keychain/keychain.h>

namespace minato::kube {

namespace {

KubeError jobError(const QKeychain::Job* job, const QString& operation)
{
    // qtkeychain's messages describe the backend ("No keychain service available", a D-Bus
    // error); they are built before or without the secret, so they are safe to show.
    const ErrorKind kind = job->error() == QKeychain::EntryNotFound ? ErrorKind::NotFound : ErrorKind::Credentials;
    QString message = job->error() == QKeychain::EntryNotFound
        ? QString(QStringLiteral("no secret stored in the keychain for ") + job->key())
        : QString(QStringLiteral("keychain ") + operation + QStringLiteral(" failed for ") + job->key());
    return KubeError::make(kind, std::move(message), job->errorString());
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QObject* parent)
    : KeychainCredentialStore(QStringLiteral("minato"), parent)
{
}

KeychainCredentialStore::KeychainCredentialStore(const QString& service, QObject* parent)
    : CredentialStore(parent)
    , m_service(service)
{
}

KeychainCredentialStore::~KeychainCredentialStore() = default;

void KeychainCredentialStore::prepare(QKeychain::Job* job, const QString& key) const
{
    // Jobs have no parent: a backend callback may still be in flight when this store goes
    // away, and qtkeychain must be allowed to finish (and delete) the job itself.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
}

void KeychainCredentialStore::read(const QString& key, QObject* context, ReadCallback callback)
{
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    prepare(job, key);
    connect(job, &QKeychain::Job::finished, this,
        [job, done = guarded(context, std::move(callback))](QKeychain::Job*) {
            if (job->error() != QKeychain::NoError) {
                const KubeError error = jobError(job, QStringLiteral("read"));
                if (job->error() != QKeychain::EntryNotFound)
                    qCWarning(lcCredentials) << error.message << ':' << error.detail;
                if (done)
                    done(error);
                return;
            }
            if (done)
                done(job->binaryData());
        });
    job->start();
}

void KeychainCredentialStore::write(
    const QString& key, const QByteArray& secret, QObject* context, DoneCallback callback)
{
    auto* job = new QKeychain::WritePasswordJob(m_service);
    prepare(job, key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this,
        [job, done = guarded(context, std::move(callback))](QKeychain::Job*) {
            std::optional<KubeError> error;
            if (job->error() != QKeychain::NoError) {
                error = jobError(job, QStringLiteral("write"));
                qCWarning(lcCredentials) << error->message << ':' << error->detail;
            }
            if (done)
                done(error);
        });
    job->start();
}

void KeychainCredentialStore::remove(const QString& key, QObject* context, DoneCallback callback)
{
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    prepare(job, key);
    connect(job, &QKeychain::Job::finished, this,
        [job, done = guarded(context, std::move(callback))](QKeychain::Job*) {
            std::optional<KubeError> error;
            // Removing what is not there leaves the keychain as the caller wants it.
            if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound) {
                error = jobError(job, QStringLiteral("delete"));
                qCWarning(lcCredentials) << error->message << ':' << error->detail;
            }
            if (done)
                done(error);
        });
    job->start();
}

} // namespace minato::kube
