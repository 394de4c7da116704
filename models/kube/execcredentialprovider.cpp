// SPDX-License-Identifier: Apache-2.0
#include "execcredentialprovider.h"

#include "kube/execcredentialprotocol.h"
#include "kube/execpluginrun.h"
#include "util/logging.h"

#include <QCryptographicHash>
#include <QPointer>

namespace minato::kube {

namespace {

// Everything that can change what the plugin answers. Hashed, so env values a plugin is
// configured with never sit in memory as map keys.
QString identityOf(const ExecConfig& config, const ClusterEntry& cluster, const QByteArray& execInfo)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const QString& part) {
        const QByteArray bytes = part.toUtf8();
        hash.addData(QByteArray::number(bytes.size()));
        hash.addData(QByteArrayView(":"));
        hash.addData(bytes);
    };
    add(config.command);
    add(QString::number(config.args.size()));
    for (const QString& arg : config.args)
        add(arg);
    add(QString::number(config.env.size()));
    for (const ExecEnvVar& variable : config.env) {
        add(variable.name);
        add(variable.value);
    }
    add(cluster.server);
    // Carries the apiVersion, and the cluster info when the plugin is given it.
    add(QString::fromUtf8(execInfo));
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

ExecCredentialProvider::ExecCredentialProvider(QObject* parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
}

ExecCredentialProvider::~ExecCredentialProvider()
{
    // Runs are children; delete them now, while the maps they report into still exist.
    for (const Run& run : std::as_const(m_runs)) {
        run.run->disconnect(this);
        delete run.run;
    }
}

void ExecCredentialProvider::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void ExecCredentialProvider::setTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = timeout;
}

void ExecCredentialProvider::setExpirySkew(std::chrono::seconds skew)
{
    m_expirySkew = skew;
}

void ExecCredentialProvider::request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster)
{
    if (std::optional<KubeError> invalid = execprotocol::validate(config)) {
        m_identityOfKey.remove(key);
        failLater(key, *invalid);
        return;
    }
    const Expected<QByteArray> execInfo = execprotocol::execInfo(config, cluster);
    if (!execInfo) {
        m_identityOfKey.remove(key);
        failLater(key, execInfo.error());
        return;
    }
    const QString identity = identityOf(config, cluster, *execInfo);
    m_identityOfKey.insert(key, identity);

    if (auto it = m_cache.constFind(identity); it != m_cache.cend()) {
        if (isFresh(*it)) {
            deliverLater(key, *it);
            return;
        }
        m_cache.erase(it);
    }

    if (auto it = m_runs.find(identity); it != m_runs.end()) {
        if (!it->keys.contains(key))
            it->keys.append(key);
        return;
    }

    auto* run = new ExecPluginRun(config, *execInfo, m_timeout, this);
    m_runs.insert(identity, Run { run, { key } });
    connect(run, &ExecPluginRun::succeeded, this,
        [this, identity](const ExecCredential& credential) { finishRun(identity, credential, {}); });
    connect(run, &ExecPluginRun::failed, this,
        [this, identity](const KubeError& error) { finishRun(identity, std::nullopt, error); });
    // Started from the event loop so that even a synchronous start failure is reported
    // after request() returns, and requests made in the same turn join this run.
    QMetaObject::invokeMethod(run, &ExecPluginRun::start, Qt::QueuedConnection);
}

std::optional<ExecCredential> ExecCredentialProvider::cached(const QString& key) const
{
    const auto identity = m_identityOfKey.constFind(key);
    if (identity == m_identityOfKey.cend())
        return std::nullopt;
    const auto it = m_cache.constFind(*identity);
    if (it == m_cache.cend() || !isFresh(*it))
        return std::nullopt;
    return *it;
}

void ExecCredentialProvider::invalidate(const QString& key)
{
    const auto identity = m_identityOfKey.constFind(key);
    if (identity == m_identityOfKey.cend())
        return;
    if (m_cache.remove(*identity))
        qCDebug(lcCredentials) << "exec credential for" << key << "invalidated";
}

bool ExecCredentialProvider::isRunning(const QString& key) const
{
    const auto identity = m_identityOfKey.constFind(key);
    return identity != m_identityOfKey.cend() && m_runs.contains(*identity);
}

bool ExecCredentialProvider::isFresh(const ExecCredential& credential) const
{
    if (!credential.expiration)
        return true;
    return m_clock() < credential.expiration->addSecs(-qint64(m_expirySkew.count()));
}

void ExecCredentialProvider::finishRun(
    const QString& identity, const std::optional<ExecCredential>& credential, const KubeError& error)
{
    // Taken out before anyone hears about it, so a receiver that requests again starts afresh.
    const Run run = m_runs.take(identity);
    run.run->deleteLater();
    if (credential)
        m_cache.insert(identity, *credential);

    QPointer<ExecCredentialProvider> self(this);
    for (const QString& key : run.keys) {
        if (credential)
            Q_EMIT credentialAvailable(key, *credential);
        else
            Q_EMIT credentialFailed(key, error);
        if (!self)
            return;
    }
}

void ExecCredentialProvider::deliverLater(const QString& key, const ExecCredential& credential)
{
    QMetaObject::invokeMethod(
        this, [this, key, credential] { Q_EMIT credentialAvailable(key, credential); }, Qt::QueuedConnection);
}

void ExecCredentialProvider::failLater(const QString& key, const KubeError& error)
{
    QMetaObject::invokeMethod(
        this, [this, key, error] { Q_EMIT credentialFailed(key, error); }, Qt::QueuedConnection);
}

} // namespace minato::kube
