// SPDX-License-Identifier: Apache-2.0
#include "limitedcredentialsource.h"

#include <algorithm>

namespace minato::kube {

LimitedCredentialSource::LimitedCredentialSource(CredentialSource* inner, int maxConcurrent, QObject* parent)
    : CredentialSource(parent)
    , m_inner(inner)
    , m_maxConcurrent(std::max(1, maxConcurrent))
{
    connect(inner, &CredentialSource::credentialAvailable, this,
        [this](const QString& key, const ExecCredential& credential) {
            finished(key);
            Q_EMIT credentialAvailable(key, credential);
        });
    connect(inner, &CredentialSource::credentialFailed, this, [this](const QString& key, const KubeError& error) {
        finished(key);
        Q_EMIT credentialFailed(key, error);
    });
}

LimitedCredentialSource::~LimitedCredentialSource() = default;

void LimitedCredentialSource::request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster)
{
    // One answer serves every asker of a key, so a key already on its way is not asked twice.
    if (m_running.contains(key)
        || std::any_of(m_waiting.cbegin(), m_waiting.cend(), [&key](const Waiting& w) { return w.key == key; }))
        return;
    m_waiting.append(Waiting { key, config, cluster });
    startWaiting();
}

void LimitedCredentialSource::invalidate(const QString& key)
{
    if (m_inner)
        m_inner->invalidate(key);
}

void LimitedCredentialSource::finished(const QString& key)
{
    m_running.remove(key);
    // Started from the event loop: the answer being delivered now must reach its receivers
    // before the next plugin run begins.
    QMetaObject::invokeMethod(this, &LimitedCredentialSource::startWaiting, Qt::QueuedConnection);
}

void LimitedCredentialSource::startWaiting()
{
    while (m_inner && !m_waiting.isEmpty() && m_running.size() < m_maxConcurrent) {
        const Waiting next = m_waiting.takeFirst();
        m_running.insert(next.key);
        m_inner->request(next.key, next.config, next.cluster);
    }
}

} // namespace minato::kube
