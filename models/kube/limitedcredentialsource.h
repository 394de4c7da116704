// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/credentialsource.h"

#include <QList>
#include <QPointer>
#include <QSet>

namespace minato::kube {

// Puts a ceiling on how many credential requests another source works on at once. Exec
// plugins (cloud CLIs, kubelogin) often take seconds and a lot of CPU per run: an engineer
// with a hundred contexts must not start a hundred of them together. Requests beyond the
// limit wait in order; a cached credential still answers fast, it just takes a turn.
class LimitedCredentialSource : public CredentialSource
{
    Q_OBJECT
public:
    // inner is not owned and must live in this thread.
    explicit LimitedCredentialSource(CredentialSource* inner, int maxConcurrent = 3, QObject* parent = nullptr);
    ~LimitedCredentialSource() override;

    void request(const QString& key, const ExecConfig& config, const ClusterEntry& cluster) override;
    void invalidate(const QString& key) override;

    int maxConcurrent() const { return m_maxConcurrent; }
    int runningCount() const { return int(m_running.size()); }
    int waitingCount() const { return int(m_waiting.size()); }

private:
    struct Waiting
    {
        QString key;
        ExecConfig config;
        ClusterEntry cluster;
    };

    void finished(const QString& key);
    void startWaiting();

    QPointer<CredentialSource> m_inner;
    int m_maxConcurrent;
    QSet<QString> m_running;
    QList<Waiting> m_waiting;
};

} // namespace minato::kube
