// SPDX-License-Identifier: Apache-2.0
#include "credentialsource.h"

namespace minato::kube {

CredentialSource::CredentialSource(QObject* parent)
    : QObject(parent)
{
}

CredentialSource::~CredentialSource() = default;

} // namespace minato::kube
