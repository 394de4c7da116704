// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <optional>

namespace minato::kube {

// Where secrets a user typed (passwords, tokens) are kept between runs: the OS keychain in
// the application, memory in tests. The only such place — never QSettings, logs or exports.
// Every operation is asynchronous: its callback runs later from the event loop of the
// store's thread, never inside the call, and not at all once `context` is destroyed.
// Errors never contain the secret.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    using ReadCallback = std::function<void(const Expected<QByteArray>& secret)>;
    // std::nullopt on success.
    using DoneCallback = std::function<void(const std::optional<KubeError>& error)>;

    explicit CredentialStore(QObject* parent = nullptr);
    ~CredentialStore() override;

    // Reads the secret under key; a key with nothing stored fails with ErrorKind::NotFound,
    // any other failure (no keychain, locked, denied) with ErrorKind::Credentials.
    virtual void read(const QString& key, QObject* context, ReadCallback callback) = 0;
    // Stores secret under key, replacing what was there.
    virtual void write(const QString& key, const QByteArray& secret, QObject* context, DoneCallback callback) = 0;
    // Deletes key; deleting a key that holds nothing succeeds.
    virtual void remove(const QString& key, QObject* context, DoneCallback callback) = 0;

    // The key under which a kubeconfig context's secret is stored: "context/<name>".
    static QString contextKey(const QString& contextName);

protected:
    // Wraps callback so it does nothing once context is gone (a null context never expires).
    template<typename Callback>
    static Callback guarded(QObject* context, Callback callback)
    {
        if (!context || !callback)
            return callback;
        return [guard = QPointer<QObject>(context), callback = std::move(callback)](const auto& result) {
            if (guard)
                callback(result);
        };
    }
};

} // namespace minato::kube
