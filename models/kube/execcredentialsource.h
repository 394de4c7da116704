// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/credentialsource.h"

namespace minato::kube {

class ExecCredentialProvider;

// The production CredentialSource: runs kubeconfig exec plugins through an
// ExecCredentialProvider, which caches by plugin identity until expiry or invalidate().
class ExecCredentialSource : public CredentialSource
{
    Q_OBJECT
public:
    explicit ExecCredentialSource(QObject* parent = nullptr);
    ~ExecCredentialSource() override;

    void request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster) override;
    void invalidate(const QString& key) override;

    // The provider underneath, to tune its timeout or clock.
    ExecCredentialProvider* provider() const { return m_provider; }

private:
    ExecCredentialProvider* m_provider;
};

} // namespace minato::kube
