// SPDX-License-Identifier: Apache-2.0
#include "execcredentialsource.h"

#include "kube/execcredentialprovider.h"

namespace minato::kube {

ExecCredentialSource::ExecCredentialSource(QObject* parent)
    : CredentialSource(parent)
    , m_provider(new ExecCredentialProvider(this))
{
    connect(m_provider, &ExecCredentialProvider::credentialAvailable, this, &CredentialSource::credentialAvailable);
    connect(m_provider, &ExecCredentialProvider::credentialFailed, this, &CredentialSource::credentialFailed);
}

ExecCredentialSource::~ExecCredentialSource() = default;

void ExecCredentialSource::request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster)
{
    m_provider->request(key, config, cluster);
}

void ExecCredentialSource::invalidate(const QString& key)
{
    m_provider->invalidate(key);
}

} // namespace minato::kube
