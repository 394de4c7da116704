// SPDX-License-Identifier: Apache-2.0
#include "kindcatalog.h"

#include "kube/payloaddecoder.h"

namespace minato::fleet {

KindCatalog::KindCatalog(QList<KindBinding> bindings)
    : m_bindings(std::move(bindings))
{
    Q_ASSERT(m_bindings.size() == WatchedKindCount);
    for (qsizetype i = 0; i < m_bindings.size(); ++i)
        Q_ASSERT(m_bindings.at(i).spec.kind == WatchedKind(i) && m_bindings.at(i).makeDecoder);
}

std::shared_ptr<kube::PayloadDecoder> KindCatalog::makeDecoder(
    WatchedKind kind, const std::shared_ptr<ProjectionDecoder>& decoder) const
{
    return m_bindings.at(int(kind)).makeDecoder(decoder);
}

} // namespace minato::fleet
