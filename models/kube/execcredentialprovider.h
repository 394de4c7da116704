// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/execcredential.h"
#include "kube/kubeconfigtypes.h"
#include "util/kubeerror.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace minato::kube {

class ExecPluginRun;

// Obtains credentials from kubeconfig exec plugins (client.authentication.k8s.io v1 and
// v1beta1) without blocking: request() returns at once and the answer arrives as
// credentialAvailable() or credentialFailed() from the event loop, never from inside
// request(). Results are cached in memory by plugin identity (command, args, env,
// apiVersion, cluster info) and server, until their expirationTimestamp minus a small skew or
// until invalidate(); concurrent requests for the same identity share one plugin run.
// Use it from the thread it lives in; QProcess needs that thread's event loop.
class ExecCredentialProvider : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<QDateTime()>;

    explicit ExecCredentialProvider(QObject* parent = nullptr);
    ~ExecCredentialProvider() override;

    // Replaces the wall clock used for expiry decisions (tests advance time with it).
    void setClock(Clock clock);
    // How long a plugin may run before it is killed and the request fails (default 30 s).
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds timeout() const { return m_timeout; }
    // A cached credential counts as expired this long before its expirationTimestamp (default 10 s).
    void setExpirySkew(std::chrono::seconds skew);

    // Asks for the credential of `key` (the caller's name for it, e.g. a context name);
    // answered with credentialAvailable or credentialFailed for that key. Asking again for a
    // key whose plugin is still running adds nothing: the one run answers it once.
    void request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster);
    // The still-valid cached credential last obtained for `key`, if any; runs nothing.
    std::optional<ExecCredential> cached(const QString& key) const;
    // Forgets the cached credential behind `key` (call on a 401), so the next request runs
    // the plugin again. Other keys sharing the same plugin identity lose it too.
    void invalidate(const QString& key);
    // Whether a plugin run for `key` is in progress.
    bool isRunning(const QString& key) const;

Q_SIGNALS:
    void credentialAvailable(const QString& key, const minato::kube::ExecCredential& credential);
    void credentialFailed(const QString& key, const minato::KubeError& error);

private:
    struct Run
    {
        ExecPluginRun* run = nullptr;
        QStringList keys; // waiting for this run, each once
    };

    bool isFresh(const ExecCredential& credential) const;
    void finishRun(const QString& identity, const std::optional<ExecCredential>& credential, const KubeError& error);
    void deliverLater(const QString& key, const ExecCredential& credential);
    void failLater(const QString& key, const KubeError& error);

    Clock m_clock;
    std::chrono::milliseconds m_timeout { 30000 };
    std::chrono::seconds m_expirySkew { 10 };
    QHash<QString, QString> m_identityOfKey;
    QHash<QString, ExecCredential> m_cache; // by identity
    QHash<QString, Run> m_runs; // by identity
};

} // namespace minato::kube
