// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

namespace minato::kube {

CredentialStore::CredentialStore(QObject* parent)
    : QObject(parent)
{
}

CredentialStore::~CredentialStore() = default;

QString CredentialStore::contextKey(const QString& contextName)
{
    return QStringLiteral("context/") + contextName;
}

} // namespace minato::kube
