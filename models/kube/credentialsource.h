// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/execcredential.h"
#include "kube/kubeconfigtypes.h"
#include "util/kubeerror.h"

#include <QObject>
#include <QString>

namespace minato::kube {

// Where the ApiClient gets exec-plugin credentials from: the seam between the transport and
// the credentials work, so tests can hand out tokens without running a plugin. ApiClient calls
// it from its own thread and listens to its signals; an implementation answers each
// request() once, later, from the event loop (never inside request()).
class CredentialSource : public QObject
{
    Q_OBJECT
public:
    explicit CredentialSource(QObject* parent = nullptr);
    ~CredentialSource() override;

    // Asks for the credential of `key`; answered with credentialAvailable or credentialFailed.
    virtual void request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster) = 0;
    // The server rejected the credential behind `key` (a 401): do not hand it out again.
    virtual void invalidate(const QString& key) = 0;

Q_SIGNALS:
    void credentialAvailable(const QString& key, const minato::kube::ExecCredential& credential);
    void credentialFailed(const QString& key, const minato::KubeError& error);
};

} // namespace minato::kube
