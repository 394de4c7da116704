// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/expected.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace minato::sim {

// One context of the simulated fleet's kubeconfig.
struct KubeconfigEntry
{
    QString name; // cluster, user and context all take the scenario's cluster name
    QString server; // https://127.0.0.1:40001
    QByteArray token;
};

// Writes the kubeconfig a client (Minato, kubectl) uses to reach the simulated fleet: one
// context per cluster with the CA inline and a bearer token. The file holds tokens, so it is
// created owner-only.
class KubeconfigWriter
{
public:
    static QByteArray render(const QList<KubeconfigEntry>& entries, const QByteArray& caCertificatePem);
    static Expected<bool> write(
        const QString& path, const QList<KubeconfigEntry>& entries, const QByteArray& caCertificatePem);
};

} // namespace minato::sim
