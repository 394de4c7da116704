// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleet/watchedkind.h"

#include <functional>
#include <memory>

namespace minato::kube {
class PayloadDecoder;
}

namespace minato::fleet {

class KindTableBase;
class ProjectionDecoder;

// What the fleet needs of one kind: where it is served and how its lists and watch lines are
// decoded into its projection. Built by the kind's descriptor (models/kinds/) with
// bindProjection<T>(spec); the fleet never names a projection type per kind.
struct KindBinding
{
    KindSpec spec;
    std::function<std::shared_ptr<kube::PayloadDecoder>(const std::shared_ptr<ProjectionDecoder>&)> makeDecoder;
};

// The fleet's view of the kind registry: one binding per WatchedKind, passed explicitly to
// the engine and its sessions (kinds::KindRegistry builds it). A value: cheap to copy.
class KindCatalog
{
public:
    // One binding per kind, in WatchedKind order (asserted).
    explicit KindCatalog(QList<KindBinding> bindings);

    const KindSpec& spec(WatchedKind kind) const { return m_bindings.at(int(kind)).spec; }
    // The transport decoder for the kind's lists and watches, sharing the session's decoder.
    std::shared_ptr<kube::PayloadDecoder> makeDecoder(
        WatchedKind kind, const std::shared_ptr<ProjectionDecoder>& decoder) const;
    const QList<KindBinding>& bindings() const { return m_bindings; }

private:
    QList<KindBinding> m_bindings;
};

} // namespace minato::fleet
